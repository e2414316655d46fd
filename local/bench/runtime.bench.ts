/**
 * npm run bench:runtime — one Service Bus hop (publish → trigger invoked) and one HTTP function
 * round trip on the embedded runtime, with state persisted to a journal on disk as `npm start` does.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRuntime } from '../runtime';
import { line } from './stats';

const HOPS = 2000;
const REQUESTS = 2000;
const WARMUP = 200;

async function main(): Promise<void> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-bench-'));
  const entry = path.join(__dirname, 'bench-app.js');
  const runtime = await startRuntime({
    appRoot: path.resolve(__dirname, '../../..'),
    entry,
    port: 0,
    stateDir,
    logLevel: 'warn',
    topology: { topics: [{ name: 'bench', subscriptions: [{ name: 'hop' }] }] },
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same module instance the runtime loaded
  const { arrivals } = require(entry) as typeof import('./bench-app');

  const hops: number[] = [];
  for (let i = 0; i < WARMUP + HOPS; i++) {
    const messageId = `hop-${i}`;
    const arrived = new Promise<number>((resolve) => arrivals.set(messageId, resolve));
    const sent = performance.now();
    await runtime.bus.send('bench', { messageId, body: { i } });
    const at = await arrived;
    arrivals.delete(messageId);
    if (i >= WARMUP) hops.push(at - sent);
  }

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`${runtime.baseUrl}/api/ping`);
  const roundTrips: number[] = [];
  for (let i = 0; i < WARMUP + REQUESTS; i++) {
    const start = performance.now();
    await get(url, agent);
    if (i >= WARMUP) roundTrips.push(performance.now() - start);
  }
  agent.destroy();
  await runtime.stop();
  fs.rmSync(stateDir, { recursive: true, force: true });

  console.log(
    `bakery runtime benchmark — node ${process.version}, ${os.cpus().length} cores, journal on disk`,
  );
  console.log(line('Service Bus hop (publish → trigger invoked)', hops));
  console.log(line('HTTP function round trip (keep-alive)', roundTrips));
  console.log('targets: hop median < 1 ms, HTTP round trip median < 2 ms');
}

function get(url: URL, agent: http.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
