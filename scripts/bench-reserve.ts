/**
 * npm run bench:reserve — the products service reserving orders under contention, on the local
 * runtime: the real app (products only, with the Durable extension), its journal on disk as
 * `npm start` keeps it. Each round places 100 one-item orders at once against a fresh shelf of 50
 * (one round per product type, twice over) and times from the first order sent to the last
 * outcome (reserved or refused) on the bus. Prints figures; checks only that each round reserved
 * exactly 50, so that it measured the right thing. The correctness of this scenario is tested in
 * functions/products/orders/concurrency.int.test.ts.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRuntime, type Runtime } from '../local/runtime';
import { localExtensions } from '../local/extensions';
import { line, summarize } from '../local/bench/stats';
import { MINUTE, toIso } from '../shared/clock';
import { loadBakeryConfig } from '../shared/config/bakery-config';
import { BakeryCalendar } from '../shared/time/bakery-calendar';
import { catalog } from '../shared/events/catalog';
import { deriveTopology } from '../shared/events/topology';
import {
  createBakeryEvent,
  toMessage,
  topicOf,
  type BakeryEvent,
  type EventType,
  type PayloadOf,
} from '../shared/events';

const appRoot = path.resolve(__dirname, '../..');
const ORDERS = 100;
const SHELF = 50;
const PASSES = 2;

async function main(): Promise<void> {
  const config = loadBakeryConfig(path.join(appRoot, 'bakery.config.json'));
  const opening = BakeryCalendar.of(config).opening('2026-12-01');
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-reserve-bench-'));
  const runtime = await startRuntime({
    appRoot,
    port: 0,
    stateDir,
    logLevel: 'warn',
    clock: { mode: 'manual', startAt: opening + 30 * MINUTE },
    extensions: localExtensions(),
    topology: deriveTopology(catalog),
    settings: { BAKERY_SERVICES: 'products' },
  });

  // What products publishes, as menu and sales would read it (their filters do not overlap).
  const outcomes = new Map<string, (event: BakeryEvent) => void>();
  const listeners = ['menu', 'sales'].map((subscription) =>
    runtime.bus.subscribe('products', subscription, async (message) => {
      const event = message.body as BakeryEvent;
      const orderId = (event.data as { orderId?: unknown }).orderId;
      if (typeof orderId === 'string') outcomes.get(orderId)?.(event);
    }),
  );

  const rounds: number[] = [];
  try {
    for (let pass = 0; pass < PASSES; pass++) {
      for (const product of config.products) rounds.push(await round(runtime, product.id, outcomes));
    }
  } finally {
    await Promise.all(listeners.map((l) => l.close()));
    await runtime.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }

  const median = summarize(rounds).median / 1000;
  console.log(
    `bakery reserve benchmark — node ${process.version}, ${os.cpus().length} cores, journal on disk, products service only`,
  );
  console.log(line(`${ORDERS} orders at once, shelf of ${SHELF}`, rounds));
  console.log(
    `median round: ${(ORDERS / median).toFixed(0)} orders settled/s (${(SHELF / median).toFixed(0)} reserved/s, ${((ORDERS - SHELF) / median).toFixed(0)} refused/s)`,
  );
}

/** Stocks a shelf of SHELF, places ORDERS one-item orders at once; returns the milliseconds to the last outcome. */
async function round(
  runtime: Runtime,
  productId: string,
  outcomes: Map<string, (event: BakeryEvent) => void>,
): Promise<number> {
  const now = runtime.clock.now();
  const items = Array.from({ length: SHELF }, () => ({
    id: randomUUID(),
    bakedAt: toIso(now - MINUTE),
    expiresAt: toIso(now + 240 * MINUTE),
  }));
  await send(runtime, 'bakery.batch.baked.v1', {
    productId,
    batchId: `bench-${randomUUID()}`,
    bakedAt: items[0].bakedAt,
    items,
  });
  await runtime.idle();

  const orders = Array.from({ length: ORDERS }, () => randomUUID());
  const arrived = orders.map(
    (orderId) => new Promise<BakeryEvent>((resolve) => outcomes.set(orderId, resolve)),
  );
  const started = performance.now();
  await Promise.all(
    orders.map((orderId) =>
      send(runtime, 'bakery.order.placed.v1', {
        orderId,
        userId: `customer-${orderId}`,
        lines: [{ productId, quantity: 1 }],
        placedAt: toIso(now),
      }),
    ),
  );
  const events = await Promise.all(arrived);
  const elapsed = performance.now() - started;
  for (const orderId of orders) outcomes.delete(orderId);
  await runtime.idle();

  const reserved = events.filter((e) => e.type === 'bakery.order.reserved.v1').length;
  const refused = events.filter((e) => e.type === 'bakery.order.reservation-failed.v1').length;
  if (reserved !== SHELF || refused !== ORDERS - SHELF)
    throw new Error(
      `${productId}: ${reserved} reserved and ${refused} refused, not ${SHELF} and ${ORDERS - SHELF}`,
    );
  return elapsed;
}

function send<T extends EventType>(runtime: Runtime, type: T, data: PayloadOf<T>): Promise<void> {
  const event = createBakeryEvent(type, data, { clock: { now: () => runtime.clock.now() } });
  return runtime.bus.send(topicOf(type), toMessage(event));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
