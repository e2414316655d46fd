import { perOrder, profileByArea, type CpuProfile } from './bench-orders-report';
import { RuntimeMetrics } from '../local/metrics';

describe('the order benchmark report', () => {
  it('divides the counters by the orders, leaves out its own deliveries, ranks functions by time', () => {
    const m = new RuntimeMetrics();
    for (let i = 0; i < 4; i++) m.functionExecuted('sales-orders-post', 'httpTrigger', 3, false);
    for (let i = 0; i < 8; i++) m.functionExecuted('shelf', 'entityTrigger', 0.5, false);
    m.messagesSent('sales', 8);
    for (let i = 0; i < 12; i++) m.messageDelivered('sales');
    m.storeCalled('sales', 'batches', 3);
    m.storeCalled('sales', 'pointReads');
    const text = perOrder(m.snapshot(), 4, { ownDeliveriesPerOrder: 1, wallMs: 100 }).join('\n');
    expect(text).toContain('function executions 3.00 (entityTrigger 2.00, httpTrigger 1.00)');
    expect(text).toContain('Service Bus messages sent 2.00, delivered 2.00');
    expect(text).toContain('writes 0.25 (single 0.00, batches 0.25 holding 0.75 operations)');
    const rows = text.split('\n').filter((l) => /^\s+(sales-orders-post|shelf)\s/.test(l));
    expect(rows.map((r) => r.trim().split(/\s+/)[0])).toEqual(['sales-orders-post', 'shelf']);
    expect(rows[0]).toMatch(/1\.00\s+3\.00\s+3\.00\s+75\.0%$/);
  });

  it('sums a CPU profile’s self time by package, app folder, Node module and V8', () => {
    const frame = (url: string, functionName = 'f') => ({ functionName, url, lineNumber: 1 });
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame('file:///x/node_modules/@azure/functions/dist/a.js') },
        { id: 2, callFrame: frame('/w/dist/local/durable/orchestrations.js') },
        { id: 3, callFrame: frame('', '(garbage collector)') },
        { id: 4, callFrame: frame('node:internal/streams/readable') },
        { id: 5, callFrame: frame('/w/node_modules/zod/v4/core/schemas.cjs') },
      ],
      samples: [1, 1, 2, 3, 4, 5, 1],
      timeDeltas: [1000, 1000, 2000, 1000, 500, 500, 2000],
    };
    expect(profileByArea(profile)).toEqual([
      { area: '@azure/functions', ms: 4, share: 0.5 },
      { area: 'local/durable', ms: 2, share: 0.25 },
      { area: '(garbage collector)', ms: 1, share: 0.125 },
      { area: 'node:streams/readable', ms: 0.5, share: 0.0625 },
      { area: 'zod', ms: 0.5, share: 0.0625 },
    ]);
  });
});
