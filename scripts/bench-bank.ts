/**
 * npm run bench:bank — the bank answering charges on the local runtime: the real app (bank only),
 * its journal on disk as `npm start` keeps it. Times each charge from `charge.requested` published
 * to `charge.approved` received on the bank topic (as pos reads it), for one account under
 * contention and for 100 accounts: a burst of charges sent at once (charges per second) and a
 * paced stream at a fixed rate (latency without the burst's queue). Prints figures; checks only
 * that every charge was approved, so that it measured the right thing. Correctness is tested in
 * functions/bank/charges.int.test.ts.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRuntime } from '../local/runtime';
import { startDevIssuer } from '../local/dev/token-issuer';
import { localExtensions } from '../local/extensions';
import { line, summarize } from '../local/bench/stats';
import { toIso } from '../shared/clock';
import { catalog } from '../shared/events/catalog';
import { deriveTopology } from '../shared/events/topology';
import {
  createBakeryEvent,
  parseEvent,
  toMessage,
  topicOf,
  type EventType,
  type PayloadOf,
} from '../shared/events';

const appRoot = path.resolve(__dirname, '../..');
const BURST = 300;
const PACED_RATE = 500;
const PACED_SECONDS = 2;

async function main(): Promise<void> {
  const issuer = await startDevIssuer();
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-bank-bench-'));
  const runtime = await startRuntime({
    appRoot,
    port: 0,
    stateDir,
    logLevel: 'warn',
    clock: { mode: 'manual', startAt: Date.parse('2026-11-30T21:00:00Z') },
    extensions: localExtensions(),
    topology: deriveTopology(catalog),
    settings: { BAKERY_SERVICES: 'bank', AUTH_JWKS_URL: issuer.jwksUrl },
  });
  const waiting = new Map<string, (type: string) => void>();
  const listener = runtime.bus.subscribe('bank', 'pos', async (message) => {
    const event = parseEvent(message.body);
    const chargeId = (event.data as { chargeId?: string }).chargeId;
    if (chargeId) waiting.get(chargeId)?.(event.type);
  });
  const users = runtime.bus.subscribe('bank', 'users', async () => undefined);
  const send = <T extends EventType>(type: T, data: PayloadOf<T>) =>
    runtime.bus.send(topicOf(type), toMessage(createBakeryEvent(type, data, { clock: runtime.clock })));

  async function fund(userIds: string[]): Promise<void> {
    await Promise.all(
      userIds.map((userId) =>
        send('bakery.user.signed-up.v1', { userId, name: userId, signedUpAt: toIso(runtime.clock.now()) }),
      ),
    );
    await runtime.idle();
    for (const userId of userIds) {
      // Tokens live on the real clock, as the verifier checks them (design section 7, two clocks).
      const token = await issuer.token({ sub: userId, name: userId });
      const res = await fetch(`${runtime.baseUrl}/api/bank/accounts/me/deposits`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 100_000 }),
      });
      if (res.status !== 201) throw new Error(`deposit for ${userId}: ${res.status} ${await res.text()}`);
    }
    await runtime.idle();
  }

  /** One charge of 1 cent; resolves with its milliseconds from publish to answer. */
  async function charge(userId: string): Promise<number> {
    const chargeId = `bench-${randomUUID()}`;
    const answered = new Promise<string>((resolve) => waiting.set(chargeId, resolve));
    const started = performance.now();
    await send('bakery.charge.requested.v1', {
      chargeId,
      orderId: randomUUID(),
      userId,
      amount: { amount: 1, currency: 'AUD' },
      requestedAt: toIso(runtime.clock.now()),
    });
    const type = await answered;
    waiting.delete(chargeId);
    if (type !== 'bakery.charge.approved.v1') throw new Error(`${chargeId}: ${type}`);
    return performance.now() - started;
  }

  async function burst(userIds: string[]): Promise<{ perSecond: number; latencies: number[] }> {
    const started = performance.now();
    const latencies = await Promise.all(
      Array.from({ length: BURST }, (_, i) => charge(userIds[i % userIds.length])),
    );
    const perSecond = BURST / ((performance.now() - started) / 1000);
    await runtime.idle();
    return { perSecond, latencies };
  }

  async function paced(userIds: string[]): Promise<number[]> {
    const runs: Array<Promise<number>> = [];
    const total = PACED_RATE * PACED_SECONDS;
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / PACED_RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      runs.push(charge(userIds[i % userIds.length]));
    }
    const latencies = await Promise.all(runs);
    await runtime.idle();
    return latencies;
  }

  const report = { push: (text: string) => console.log(text) };
  console.log(
    `bakery bank benchmark — node ${process.version}, ${os.cpus().length} cores, journal on disk, bank service only`,
  );
  try {
    for (const [label, count] of [
      ['1 account', 1],
      ['100 accounts', 100],
    ] as const) {
      const userIds = Array.from({ length: count }, (_, i) => `bench-${label.replace(' ', '-')}-${i}`);
      await fund(userIds);
      await burst(userIds); // warm-up: JIT, journal files
      const b = await burst(userIds);
      const p = await paced(userIds);
      report.push(`${label}: burst of ${BURST}: ${b.perSecond.toFixed(0)} charges/s`);
      report.push(line(`  ${label}, burst, publish→approved`, b.latencies));
      report.push(line(`  ${label}, ${PACED_RATE}/s paced, publish→approved`, p));
      const median = summarize(p).median;
      if (count === 100 && (b.perSecond < 500 || median >= 10))
        report.push(`  target (>= 500 charges/s, median < 10 ms) not met`);
    }
  } finally {
    await Promise.all([listener.close(), users.close()]);
    await runtime.stop();
    await issuer.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
