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
