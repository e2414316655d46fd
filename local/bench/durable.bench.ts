/**
 * Durable throughput and latency on the local runtime, journal on disk as `npm start` keeps it:
 * an orchestration of 3 activities and 2 entity calls, started through the Durable HTTP API (what
 * client.startNew calls), timed from the start request to the commit that completes it.
 * Run: npm run build && node dist/local/bench/durable.bench.js
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRuntime } from '../runtime';
import { createDurableExtension } from '../durable';
import type { JournalRecord } from '../persistence/journal';
import { line, summarize } from './stats';

const SEQUENTIAL = 500;
const CONCURRENT = 50;
const CONCURRENT_TOTAL = 3000;
const WARMUP = 100;

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-durable-bench-'));
  const fixture = path.resolve(__dirname, '../../test/fixtures/durable');
  const runtime = await startRuntime({
    appRoot: path.resolve(__dirname, '../../../test/fixtures/durable'),
    entry: path.join(fixture, 'bench-app.js'),
    port: 0,
    stateDir,
    logLevel: 'warn',
    topology: { topics: [] },
    extensions: [createDurableExtension()],
  });

  // Completion is observed at the journal commit that marks the instance Completed (push, no polling).
  const completed = new Map<string, () => void>();
  const commit = runtime.journal.commit.bind(runtime.journal);
  runtime.journal.commit = (records: JournalRecord[]) => {
    commit(records);
    for (const r of records) {
      const value = r.value as { runtimeStatus?: string } | undefined;
      if (r.collection === 'durable:instances' && value?.runtimeStatus === 'Completed')
        completed.get(r.key)?.();
    }
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT });
  let n = 0;
  const order = async (): Promise<number> => {
    const id = `bench-${n++}`;
    const done = new Promise<void>((resolve) => completed.set(id, resolve));
    const startedAt = performance.now();
    await post(
      `${runtime.baseUrl}/runtime/webhooks/durabletask/orchestrators/benchOrder/${id}`,
      JSON.stringify(`shelf-${n % 10}`),
      agent,
    );
    await done;
    completed.delete(id);
    return performance.now() - startedAt;
  };

  for (let i = 0; i < WARMUP; i++) await order();
  const sequential: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < SEQUENTIAL; i++) sequential.push(await order());
  const sequentialRate = SEQUENTIAL / ((performance.now() - t0) / 1000);

  const concurrent: number[] = [];
  const t1 = performance.now();
  let remaining = CONCURRENT_TOTAL;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (remaining-- > 0) concurrent.push(await order());
    }),
  );
  const concurrentRate = CONCURRENT_TOTAL / ((performance.now() - t1) / 1000);
  await runtime.idle();
  const failed = [
    ...(runtime.journal.collection('durable:instances').values() as Iterable<{ runtimeStatus: string }>),
  ].filter((r) => r.runtimeStatus !== 'Completed').length;
  agent.destroy();
  await runtime.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });

  console.log(
    `bakery durable benchmark — node ${process.version}, ${os.cpus().length} cores, journal on disk`,
  );
  console.log('orchestration: 3 activities + 2 entity calls, started over the Durable HTTP API');
  console.log(`${line('1 at a time', sequential)}  ${sequentialRate.toFixed(0)} orchestrations/s`);
  console.log(
    `${line(`${CONCURRENT} at a time`, concurrent)}  ${concurrentRate.toFixed(0)} orchestrations/s`,
  );
  console.log(`not completed: ${failed}`);
  const ok =
    Math.max(sequentialRate, concurrentRate) >= 300 && summarize(sequential).median < 20 && failed === 0;
  console.log(`targets: >= 300 orchestrations/s, median < 20 ms at 1 concurrent — ${ok ? 'met' : 'NOT met'}`);
}

function post(url: string, body: string, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 202 ? resolve() : reject(new Error(`start answered ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
