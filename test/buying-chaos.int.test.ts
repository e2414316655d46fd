import { randomUUID } from 'node:crypto';
import {
  ALL_BUT_PRODUCTION,
  FINAL,
  CLOSING,
  MINUTE,
  OPENING,
  startBuyingBakery,
  type BuyingBakery,
  type Customer,
  type Lines,
} from './support/buying-harness';

/**
 * Seeded chaos on the buying saga (issue 11): customers order at random while consumers stall
 * (bus holds), functions fail before or after their work, copies of published events come back,
 * the clock jumps past timeouts and the shelves run out. Whatever happened, once the plumbing
 * recovers every order must end and the invariant checker must find nothing wrong. A failing seed
 * prints its log of actions; rerun it with the same seed to see it again.
 */
jest.setTimeout(240_000);

/** mulberry32: a small seeded PRNG, so a failure is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The subscriptions of the saga a test may stall (topic/subscription). */
const STALLABLE: Array<[string, string]> = [
  ['sales', 'products'],
  ['sales', 'pos'],
  ['products', 'sales'],
  ['pos', 'bank'],
  ['pos', 'sales'],
  ['bank', 'pos'],
];
const PRODUCTS = ['bread', 'croissant', 'donut', 'muffin'];

let bakery: BuyingBakery;

async function chaos(seed: number, steps: number): Promise<{ log: string[]; customers: Customer[] }> {
  const random = prng(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const log: string[] = [];
  const runtime = () => bakery.runtime;
  const faultable = runtime()
    .functions.filter((f) =>
      ['servicebustrigger', 'activitytrigger', 'cosmosdbtrigger'].includes(
        String(f.trigger.type).toLowerCase(),
      ),
    )
    .map((f) => f.name)
    .filter((name) => !/^(users|menu|auth|production)-/.test(name));
  const customers: Customer[] = [];
  for (let i = 0; i < 8; i++) customers.push(await bakery.signIn(`chaos-${seed}-${i}`));
  for (const c of customers) {
    const amount = int(0, 6000);
    if (amount > 0) await bakery.deposit(c, amount);
  }
  for (const productId of PRODUCTS) await bakery.bake(productId, int(2, 12), int(5, 60) * MINUTE);
  const placed: Array<{ customer: Customer; id: string }> = [];
  const keys: Array<{ customer: Customer; key: string; lines: Lines }> = [];

  for (let step = 0; step < steps; step++) {
    const roll = random();
    if (roll < 0.35) {
      const customer = pick(customers);
      const reuse = keys.length > 0 && random() < 0.2 ? pick(keys) : undefined;
      const lines: Lines = reuse
        ? reuse.lines
        : [...new Set(Array.from({ length: int(1, 3) }, () => pick(PRODUCTS)))].map((productId) => ({
            productId,
            quantity: int(1, 3),
          }));
      const who = reuse ? reuse.customer : customer;
      const key = reuse ? reuse.key : random() < 0.5 ? randomUUID() : undefined;
      const res = await bakery.place(who, lines, key);
      log.push(
        `${step}: ${who.username} orders ${JSON.stringify(lines)}${key ? ` key ${key.slice(0, 8)}` : ''} → ${res.status}`,
      );
      if (res.status === 202) placed.push({ customer: who, id: res.json.id });
      else if (res.status !== 429)
        throw new Error(`POST /api/orders answered ${res.status}: ${res.text}\n${log.join('\n')}`);
      if (key && !reuse) keys.push({ customer: who, key, lines });
    } else if (roll < 0.5) {
      const name = pick(faultable);
      if (runtime().faults.pending(name) < 2) {
        const when = random() < 0.5 ? 'before' : 'after';
        runtime().faults.failNext(name, 1, { when });
        log.push(`${step}: ${name} fails next (${when})`);
      }
    } else if (roll < 0.65) {
      const [topic, subscription] = pick(STALLABLE);
      const held = runtime()
        .bus.stats()
        .find((s) => s.topic === topic && s.subscription === subscription)?.held;
      if (held) runtime().bus.release(topic, subscription);
      else runtime().bus.hold(topic, subscription);
      log.push(`${step}: ${held ? 'release' : 'hold'} ${topic}/${subscription}`);
    } else if (roll < 0.8) {
      const ms = int(5, 240) * 1000;
      await bakery.advanceTo(runtime().clock.now() + ms);
      log.push(`${step}: clock +${ms / 1000}s`);
    } else if (roll < 0.9) {
      const mine = bakery.published.filter((e) => (e.data as { orderId?: string }).orderId !== undefined);
      if (mine.length > 0) {
        const event = pick(mine);
        await bakery.resend(event);
        log.push(`${step}: copy of ${event.id}`);
      }
    } else if (roll < 0.95) {
      const c = pick(customers);
      await bakery.deposit(c, int(1, 3000));
      log.push(`${step}: ${c.username} deposits`);
    } else {
      const productId = pick(PRODUCTS);
      await bakery.bake(productId, int(1, 6), int(5, 60) * MINUTE);
      log.push(`${step}: bake ${productId}`);
    }
    await bakery.quiet();
  }

  // The plumbing recovers: every consumer reads again, no more faults, time runs past every timeout.
  for (const s of runtime()
    .bus.stats()
    .filter((x) => x.held))
    runtime().bus.release(s.topic, s.subscription);
  runtime().faults.clear();
  for (let i = 0; i < 4; i++) await bakery.advanceTo(runtime().clock.now() + 3 * MINUTE);
  for (const { customer, id } of placed) {
    const order = await bakery.order(customer, id);
    if (!FINAL.includes(order.status))
      throw new Error(`order ${id} is ${order.status} after recovery\n${log.join('\n')}`);
  }
  return { log, customers };
}

/** BAKERY_CHAOS_SEEDS=1,2,3 (and BAKERY_CHAOS_STEPS) explore more seeds by hand; CI runs three. */
const SEEDS = (process.env.BAKERY_CHAOS_SEEDS ?? '11,23,42').split(',').map(Number);
const STEPS = Number(process.env.BAKERY_CHAOS_STEPS ?? 60);

describe('seeded chaos on the buying saga', () => {
  beforeAll(async () => {
    bakery = await startBuyingBakery({ startAt: OPENING + 60 * MINUTE, services: ALL_BUT_PRODUCTION });
  }, 120_000);
  afterAll(() => bakery?.stop());

  it.each(SEEDS)('seed %i: every order ends, the invariants hold', async (seed) => {
    const { log, customers } = await chaos(seed, STEPS);
    const verdict = await bakery.check();
    if (verdict.violations.length > 0) console.log(`seed ${seed}:\n${log.join('\n')}`);
    expect(verdict.violations).toEqual([]);
    const dead = bakery.runtime.bus.stats().filter((s) => s.deadLettered > 0);
    expect(dead.map((s) => `${s.topic}/${s.subscription}`)).toEqual([]);
    expect(verdict.figures.orders.total).toBeGreaterThan(0);
    // The users service's picture of each customer came through the same storm.
    for (const customer of customers) await bakery.expectPicture(customer);
    if (process.env.BAKERY_CHAOS_SEEDS)
      console.log(
        `seed ${seed}: ${JSON.stringify(verdict.figures.orders)} refunded ${verdict.figures.refundedOrders}`,
      );
  });
});

describe('seeded chaos through closing time, production baking', () => {
  beforeAll(async () => {
    // 16:20: production bakes on its schedule (donuts every minute), the discount starts at 16:30,
    // everything left is thrown out at 17:00 while orders are still waiting on stalled consumers.
    bakery = await startBuyingBakery({ startAt: CLOSING - 40 * MINUTE });
  }, 120_000);
  afterAll(() => bakery?.stop());

  it.each(SEEDS.slice(0, 1))('seed %i: every order ends, the invariants hold on the day', async (seed) => {
    const { log, customers } = await chaos(seed, STEPS);
    // Past closing: the throw-out ran, whatever the orders were doing.
    await bakery.advanceTo(Math.max(bakery.runtime.clock.now(), CLOSING + 10 * MINUTE));
    const verdict = await bakery.check();
    if (verdict.violations.length > 0) console.log(`seed ${seed}:\n${log.join('\n')}`);
    expect(verdict.violations).toEqual([]);
    expect(verdict.figures.itemsSold).toBeGreaterThan(0);
    expect(bakery.runtime.bus.stats().filter((s) => s.deadLettered > 0)).toEqual([]);
    for (const customer of customers) await bakery.expectPicture(customer);
  });
});
