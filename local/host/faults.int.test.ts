import type { Runtime } from '../runtime';
import { http, startFixture } from '../../test/support/runtime-harness';

type Seen = { n: number; deliveryCount?: number; messageId: string };
let unique = 0;
const id = (label: string) => `${label}-${Date.now()}-${unique++}`;

/** The runtime's test fault tools: runtime.faults.failNext and runtime.bus.hold/release. */
describe('runtime fault tools', () => {
  let runtime: Runtime;
  const publish = (messages: unknown[]) => http(runtime.baseUrl, 'POST', '/api/publish/orders', messages);
  const seen = async (kind: string, run: string) =>
    ((await http(runtime.baseUrl, 'GET', `/api/seen/${kind}`)).json as Seen[]).filter((r) =>
      r.messageId.startsWith(run),
    );

  beforeAll(async () => {
    runtime = await startFixture();
  });
  afterAll(() => runtime.stop());
  afterEach(() => runtime.faults.clear());

  it('failNext fails the next N invocations before the function runs; the broker redelivers', async () => {
    const run = id('before');
    runtime.faults.failNext('ordersAudit', 2);
    expect(runtime.faults.pending('ordersAudit')).toBe(2);
    await publish([{ messageId: run, subject: 'order.placed', body: { n: 1 } }]);
    await runtime.idle();
    // Two failed deliveries never ran the handler; the third did. The other subscription saw no fault.
    expect((await seen('audit', run)).map((r) => r.deliveryCount)).toEqual([3]);
    expect((await seen('billing', run)).map((r) => r.n)).toEqual([1]);
    expect(runtime.faults.pending('ordersAudit')).toBe(0);
    expect(runtime.faults.injected('ordersAudit')).toBe(2);
    expect(runtime.bus.deadLetters('orders', 'audit').some((d) => d.messageId === run)).toBe(false);
    runtime.faults.clear();
    expect(runtime.faults.injected('ordersAudit')).toBe(0);
  });

  it("when 'after': the function runs, then its invocation fails, so its effects happen twice unless it is idempotent", async () => {
    const run = id('after');
    runtime.faults.failNext('ordersBilling', 1, { when: 'after' });
    await publish([{ messageId: run, subject: 'order.placed', body: { n: 2 } }]);
    await runtime.idle();
    expect((await seen('billing', run)).map((r) => r.n)).toEqual([2, 2]);
  });

  it('fails HTTP invocations too (500), then the function answers again', async () => {
    runtime.faults.failNext('seen', 1, { message: 'boom for the test' });
    expect((await http(runtime.baseUrl, 'GET', '/api/seen/audit')).status).toBe(500);
    expect((await http(runtime.baseUrl, 'GET', '/api/seen/audit')).status).toBe(200);
  });

  it('refuses an unknown function name and a bad count (a typo must not make a test pass silently)', () => {
    expect(() => runtime.faults.failNext('no-such-function')).toThrow('no function named "no-such-function"');
    expect(() => runtime.faults.failNext('ordersAudit', 0)).toThrow('count must be an integer >= 1');
  });

  it('bus.hold keeps a subscription undelivered (the runtime counts it idle) until release', async () => {
    const run = id('hold');
    runtime.bus.hold('orders', 'audit');
    await publish([
      { messageId: `${run}-1`, subject: 'order.placed', body: { n: 1 } },
      { messageId: `${run}-2`, subject: 'order.placed', body: { n: 2 } },
    ]);
    await runtime.idle();
    expect(await seen('audit', run)).toEqual([]);
    expect((await seen('billing', run)).map((r) => r.n)).toEqual([1, 2]);
    expect(runtime.bus.stats().find((s) => s.topic === 'orders' && s.subscription === 'audit')).toMatchObject(
      {
        active: 2,
        held: true,
      },
    );
    runtime.bus.release('orders', 'audit');
    await runtime.idle();
    expect((await seen('audit', run)).map((r) => [r.n, r.deliveryCount])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });
});
