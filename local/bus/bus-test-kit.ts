/** Helpers shared by the bus's tests (kept out of *.test.ts so jest does not run it as a suite). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { OutgoingMessage } from '../../shared/bus/port';
import type { Clock } from '../../shared/clock';
import { Journal } from '../persistence/journal';
import { EmbeddedBus, type ReceivedMessage } from './embedded-bus';
import type { Topology } from './topology-types';

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2025-03-01T06:00:00Z')): ManualClock {
  let now = start;
  return { now: () => now, advance: (ms) => void (now += ms) };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-bus-'));
}

let counter = 0;
/** A message with a unique id unless given one. */
export function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const messageId = overrides.messageId ?? `m-${process.pid}-${++counter}`;
  return { body: { id: messageId }, subject: 'bakery.batch.baked.v1', ...overrides, messageId };
}

export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Records every delivery; `until(n)` resolves once n deliveries have been seen. */
export function recorder(behaviour: (m: ReceivedMessage, seen: number) => Promise<void> = async () => {}) {
  const received: ReceivedMessage[] = [];
  const waiters: Array<{ count: number; resolve(): void }> = [];
  const handler = async (m: ReceivedMessage): Promise<void> => {
    received.push(m);
    for (const w of waiters.filter((w) => received.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    await behaviour(m, received.length);
  };
  const until = (count: number): Promise<void> =>
    received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }));
  return { received, handler, until, ids: () => received.map((m) => m.messageId) };
}

/** Receives (and completes) everything waiting on a subscription right now; no sends may race it. */
export async function drain(
  bus: EmbeddedBus,
  topic: string,
  subscription: string,
): Promise<ReceivedMessage[]> {
  const waiting = bus.stats().find((s) => s.topic === topic && s.subscription === subscription)!.active;
  const r = recorder();
  const sub = bus.subscribe(topic, subscription, r.handler, { maxConcurrentCalls: 1 });
  await r.until(waiting);
  await sub.close();
  return r.received;
}

export function statsOf(bus: EmbeddedBus, topic: string, subscription: string) {
  const s = bus.stats().find((x) => x.topic === topic && x.subscription === subscription);
  if (!s) throw new Error(`no stats for ${topic}/${subscription}`);
  return { active: s.active, inFlight: s.inFlight, deadLettered: s.deadLettered };
}

/** One topic `sales` with three subscriptions: pos and products (3 deliveries), users (50 ms locks). */
export const salesTopology: Topology = {
  topics: [
    {
      name: 'sales',
      subscriptions: [
        { name: 'pos', maxDeliveryCount: 3 },
        { name: 'products', maxDeliveryCount: 3 },
        { name: 'users', lockDurationMs: 50 },
      ],
    },
  ],
};

export function newSalesBus(clock: Clock = manualClock()): EmbeddedBus {
  return new EmbeddedBus({ journal: Journal.open(), clock, topology: salesTopology });
}

/** `count` messages `order-1`... with bodies `{ n }`. */
export function numbered(count: number): OutgoingMessage[] {
  return Array.from({ length: count }, (_, i) =>
    message({ messageId: `order-${i + 1}`, body: { n: i + 1 } }),
  );
}
