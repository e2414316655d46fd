/**
 * npm run bench:orders [-- --customers 50 --orders 4] — customers buying on the local runtime: the
 * real app (every service, the Durable extension), its journal on disk as `npm start` keeps it,
 * the manual clock frozen in opening hours so no timer fires. Stock is baked first (batches sent
 * on the production topic as production publishes them, plenty for every order), every customer
 * signs up (user.signed-up, as auth publishes it) and pays in enough. Then all customers order at
 * once, each placing its orders one after another (so none holds more than one unfinished order).
 *
 * Prints completed orders per second; the median and p99 from POST /api/orders to `completed`
 * (order.completed seen on the sales topic through a subscription of the benchmark's own, so
 * nothing polls); and, per order, the runtime's counters (local/metrics.ts): function executions
 * by trigger kind, Service Bus messages sent and delivered, document-store reads and writes, and
 * where the functions' time goes. Checks only that every order completed (and the buying
 * invariants), so that it measured the right thing; correctness is tested in test/.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startRuntime, type Runtime } from '../local/runtime';
import { startDevIssuer } from '../local/dev/token-issuer';
import { localExtensions } from '../local/extensions';
import { diffCounters } from '../local/metrics';
import { line, summarize } from '../local/bench/stats';
import { MINUTE, toIso } from '../shared/clock';
import { loadBakeryConfig, type BakeryConfig } from '../shared/config/bakery-config';
import { BakeryCalendar } from '../shared/time/bakery-calendar';
import { catalog } from '../shared/events/catalog';
import { deriveTopology, type Topology } from '../shared/events/topology';
import { createBakeryEvent, parseEvent, toMessage, topicOf } from '../shared/events';
import { checkInvariants } from './day/invariants';
import { deposit, placeOrder, signUp, type Customer } from './day/shop';
import type { OrderLine } from './day/customers';
import { perOrder, profileByArea, type CpuProfile } from './bench-orders-report';
import { Session } from 'node:inspector/promises';

const appRoot = path.resolve(__dirname, '../..');
const WATCHER = 'bench-orders';
const FINISHED = ['bakery.order.completed.v1', 'bakery.order.rejected.v1', 'bakery.order.cancelled.v1'];
const WARM_UP_ORDERS = 1;
const ITEMS_PER_BATCH = 100;
const STOCK_MARGIN = 1.25;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string', default: '50' },
      orders: { type: 'string', default: '4' },
      /** Also take a V8 CPU profile of the measured round: its self time by area, and the file. */
      profile: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const customerCount = positive('--customers', values.customers);
  const ordersEach = positive('--orders', values.orders);
  const config = loadBakeryConfig(path.join(appRoot, 'bakery.config.json'));
  const date = '2026-12-01';
  const calendar = BakeryCalendar.of(config);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-orders-bench-'));
  const issuer = await startDevIssuer();
  const runtime = await startRuntime({
    appRoot,
    port: 0,
    stateDir,
    logLevel: 'warn',
    clock: { mode: 'manual', startAt: calendar.opening(date) + 60 * MINUTE },
    extensions: localExtensions(),
    topology: withWatcher(deriveTopology(catalog)),
    settings: { AUTH_JWKS_URL: issuer.jwksUrl },
  });
  const outcomes = new Outcomes();
  const watcher = runtime.bus.subscribe('sales', WATCHER, async (message) => {
    const event = parseEvent(message.body);
    outcomes.seen((event.data as { orderId: string }).orderId, event.type);
  });

  try {
    const totalOrders = customerCount * (ordersEach + WARM_UP_ORDERS);
    const shelf = await bake(runtime, config, totalOrders);
    const customers = await signUp(
      runtime,
      issuer,
      Array.from({ length: customerCount }, (_, i) => ({ userId: `bench-${i + 1}`, name: `Bench ${i + 1}` })),
      3600,
    );
    const maxBasket = 2 * Math.max(...config.products.map((p) => p.price));
    await Promise.all(
      customers.map((c) => fund(runtime, config, c, (ordersEach + WARM_UP_ORDERS) * maxBasket)),
    );
    await runtime.idle();

    /** One order, placed and waited for; its milliseconds from the POST to `completed`. */
    const order = async (customer: Customer, lines: OrderLine[]): Promise<number> => {
      const started = performance.now();
      const placed = await placeOrder(runtime, customer, lines, randomUUID());
      if (!('id' in placed))
        throw new Error(`POST /api/orders answered ${placed.refused}: ${JSON.stringify(placed.body)}`);
      const type = await outcomes.of(placed.id);
      if (type !== 'bakery.order.completed.v1') throw new Error(`order ${placed.id}: ${type}, not completed`);
      return performance.now() - started;
    };
    const round = async (orders: number) => {
      const started = performance.now();
      const latencies = await Promise.all(
        customers.map(async (c, i) => {
          const mine: number[] = [];
          for (let k = 0; k < orders; k++) mine.push(await order(c, basket(config, i + k)));
          return mine;
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      await runtime.idle();
      return { latencies: latencies.flat(), seconds };
    };

    await round(WARM_UP_ORDERS); // JIT, journal files, the first entity and orchestration loads
    const profiler = values.profile ? await startProfile() : undefined;
    const before = runtime.counters();
    const cpuBefore = process.cpuUsage();
    const measured = await round(ordersEach);
    const cpu = process.cpuUsage(cpuBefore);
    const counted = diffCounters(runtime.counters(), before);
    const profile = await profiler?.stop();
    const n = measured.latencies.length;
    const s = summarize(measured.latencies);
    const rate = n / measured.seconds;
    console.log(
      `bakery orders benchmark — node ${process.version}, ${os.cpus().length} cores, journal on disk, every service`,
    );
    console.log(
      `${customerCount} customers × ${ordersEach} orders (2 lines each), concurrently, from shelves of ${shelf} items per product: ${n} orders in ${measured.seconds.toFixed(2)} s`,
    );
    console.log(`completed orders/s: ${rate.toFixed(1)}`);
    console.log(line('POST /api/orders → completed', measured.latencies));
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(
      `CPU of this process: ${(cpuMs / n).toFixed(2)} ms per order (${((cpuMs / (measured.seconds * 1000)) * 100).toFixed(0)}% of one core over the round): at most ${((1000 * n) / cpuMs).toFixed(0)} orders/s on one core`,
    );
    if (rate < 100 || s.median >= 50) console.log('target (>= 100 orders/s, median < 50 ms) not met');
    console.log('');
    // The benchmark's own watcher took one delivery per order: not the app's cost.
    for (const text of perOrder(counted, n, { ownDeliveriesPerOrder: 1, wallMs: measured.seconds * 1000 }))
      console.log(text);

    if (profile) {
      const file = path.join(os.tmpdir(), `bench-orders-${process.pid}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log('', `CPU profile of the round (self time by area; the whole profile: ${file}):`);
      for (const a of profileByArea(profile))
        console.log(
          `  ${a.area.padEnd(36)}${a.ms.toFixed(0).padStart(8)} ms${(a.share * 100).toFixed(1).padStart(7)}%`,
        );
    }

    const staffToken = await issuer.token({ sub: 'bench-staff', name: 'Bench staff', roles: ['staff'] });
    const invariants = await checkInvariants(runtime, { customers, staffToken, dates: [date] });
    console.log('');
    console.log(
      invariants.violations.length === 0
        ? 'invariants: no violations'
        : `invariants: ${invariants.violations.length} violations:\n${invariants.violations.map((v) => `  - ${v}`).join('\n')}`,
    );
    if (invariants.violations.length > 0) process.exitCode = 1;
  } finally {
    await watcher.close();
    await runtime.stop();
    await issuer.close();
    fs.rmSync(stateDir, { recursive: true, force: true });
  }
}

/** A V8 CPU profile of this process, from now until stop(). */
async function startProfile(): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile as unknown as CpuProfile;
    },
  };
}

/** Each order's final event type, whether it comes before or after someone waits for it. */
class Outcomes {
  private readonly arrived = new Map<string, string>();
  private readonly waiting = new Map<string, (type: string) => void>();

  seen(orderId: string, type: string): void {
    const resolve = this.waiting.get(orderId);
    if (resolve) {
      this.waiting.delete(orderId);
      resolve(type);
    } else this.arrived.set(orderId, type);
  }

  of(orderId: string): Promise<string> {
    const type = this.arrived.get(orderId);
    if (type !== undefined) {
      this.arrived.delete(orderId);
      return Promise.resolve(type);
    }
    return new Promise((resolve) => this.waiting.set(orderId, resolve));
  }
}

/** The benchmark's own subscription on the sales topic, for the orders' final events. */
function withWatcher(topology: Topology): Topology {
  return {
    topics: topology.topics.map((t) =>
      t.name === 'sales'
        ? {
            ...t,
            subscriptions: [
              ...t.subscriptions,
              { name: WATCHER, rules: FINISHED.map((type) => ({ name: type, filter: { subject: type } })) },
            ],
          }
        : t,
    ),
  };
}

/**
 * Stock for every order with a quarter to spare: each order takes one item of two products, turning
 * through the menu. (Not more: a shelf entity's state holds every item it has, so an oversized shelf
 * makes every reservation dearer than a real day's would be.)
 */
async function bake(runtime: Runtime, config: BakeryConfig, orders: number): Promise<number> {
  const now = runtime.clock.now();
  const perProduct = Math.ceil(((orders * 2) / config.products.length) * STOCK_MARGIN) + 2;
  for (const product of config.products) {
    for (let left = perProduct; left > 0; left -= ITEMS_PER_BATCH) {
      const items = Array.from({ length: Math.min(ITEMS_PER_BATCH, left) }, () => ({
        id: randomUUID(),
        bakedAt: toIso(now - MINUTE),
        expiresAt: toIso(now + 6 * 60 * MINUTE),
      }));
      const event = createBakeryEvent(
        'bakery.batch.baked.v1',
        { productId: product.id, batchId: `bench-${randomUUID()}`, bakedAt: items[0].bakedAt, items },
        { clock: runtime.clock },
      );
      await runtime.bus.send(topicOf(event.type), toMessage(event));
    }
  }
  await runtime.idle();
  return perProduct;
}

async function fund(
  runtime: Runtime,
  config: BakeryConfig,
  customer: Customer,
  amount: number,
): Promise<void> {
  for (let left = amount, i = 0; left > 0; left -= config.bank.maxDeposit, i++)
    await deposit(runtime, customer, Math.min(left, config.bank.maxDeposit), `${customer.userId}:fund:${i}`);
}

/** Two products, one of each, turning through the menu so every shelf is busy. */
function basket(config: BakeryConfig, k: number): OrderLine[] {
  const ids = config.products.map((p) => p.id);
  return [
    { productId: ids[k % ids.length], quantity: 1 },
    { productId: ids[(k + 1) % ids.length], quantity: 1 },
  ];
}

function positive(flag: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${flag} must be a positive whole number, got "${value}"`);
  return Number(value);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
