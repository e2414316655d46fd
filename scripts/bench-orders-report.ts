/**
 * What one order cost on the local runtime, from a counters diff (local/metrics.ts) over a run of
 * `orders` orders: executions by trigger kind, messages, store calls, and where the functions' time
 * went (the heaviest functions first). Pure: bench-orders.ts prints it.
 */
import type { CounterSnapshot } from '../local/metrics';

const TOP_FUNCTIONS = 15;

export function perOrder(
  d: CounterSnapshot,
  orders: number,
  options: { ownDeliveriesPerOrder: number; wallMs: number },
): string[] {
  const each = (n: number) => (n / orders).toFixed(2);
  const lines = [
    `per order (${orders} orders):`,
    `  function executions ${each(d.functions.executions)} (${Object.entries(d.functions.byTrigger)
      .sort(([, a], [, b]) => b - a)
      .map(([trigger, n]) => `${trigger} ${each(n)}`)
      .join(', ')})${d.functions.failed > 0 ? `, failed ${each(d.functions.failed)}` : ''}`,
    `  Service Bus messages sent ${each(d.bus.sent)}, delivered ${each(d.bus.delivered - options.ownDeliveriesPerOrder * orders)} (${Object.entries(
      d.bus.byTopic,
    )
      .map(([topic, c]) => `${topic} ${each(c.sent)}`)
      .join(', ')} sent)`,
    `  store reads ${each(d.store.pointReads + d.store.queries + d.store.changeFeedReads)} (point ${each(d.store.pointReads)}, queries ${each(d.store.queries)}, change feed ${each(d.store.changeFeedReads)}), writes ${each(d.store.writes + d.store.batches)} (single ${each(d.store.writes)}, batches ${each(d.store.batches)} holding ${each(d.store.batchOperations)} operations)`,
    `  by container: ${Object.entries(d.store.byContainer)
      .map(
        ([name, c]) =>
          `${name} r${each(c.pointReads + c.queries + c.changeFeedReads)}/w${each(c.writes + c.batches)}`,
      )
      .join(', ')}`,
  ];
  const functions = Object.entries(d.functions.byFunction).sort(([, a], [, b]) => b.ms - a.ms);
  const totalMs = functions.reduce((sum, [, f]) => sum + f.ms, 0);
  lines.push(
    '',
    `where the time goes: functions ran ${(totalMs / 1000).toFixed(2)} s in ${(options.wallMs / 1000).toFixed(2)} s of wall time (overlapping), ${(totalMs / orders).toFixed(2)} ms per order`,
    `  ${'function'.padEnd(34)}${'trigger'.padEnd(22)}${'runs/order'.padStart(11)}${'ms/run'.padStart(9)}${'ms/order'.padStart(10)}${'share'.padStart(8)}`,
  );
  for (const [name, f] of functions.slice(0, TOP_FUNCTIONS)) {
    lines.push(
      `  ${name.padEnd(34)}${f.trigger.padEnd(22)}${each(f.executions).padStart(11)}${(f.ms / f.executions).toFixed(2).padStart(9)}${(f.ms / orders).toFixed(2).padStart(10)}${`${((f.ms / (totalMs || 1)) * 100).toFixed(1)}%`.padStart(8)}`,
    );
  }
  return lines;
}

/** The parts of a V8 CPU profile (node:inspector Profiler.stop) that the summary reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time of a CPU profile by area: an npm package, a folder of the app (`functions/sales`,
 * `local/durable`), a Node.js internal module, or V8's own (garbage collector, idle), heaviest first.
 */
export function profileByArea(
  profile: CpuProfile,
  top = 20,
): Array<{ area: string; ms: number; share: number }> {
  const areaOf = new Map(profile.nodes.map((n) => [n.id, area(n.callFrame)]));
  const ms = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] / 1000;
    total += delta;
    const key = areaOf.get(id) ?? '(unknown)';
    ms.set(key, (ms.get(key) ?? 0) + delta);
  });
  return [...ms]
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([name, t]) => ({ area: name, ms: t, share: total === 0 ? 0 : t / total }));
}

function area(frame: { functionName: string; url: string }): string {
  const { url } = frame;
  if (url === '') return `(${frame.functionName.replace(/[()]/g, '') || 'native'})`;
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) return packaged[1];
  if (url.startsWith('node:'))
    return url
      .replace(/^node:(internal\/)?/, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  const app = /\/(?:dist\/)?((?:functions|shared|local|scripts)\/[^/]+)/.exec(url);
  return app ? app[1].replace(/\.js$/, '') : url;
}
