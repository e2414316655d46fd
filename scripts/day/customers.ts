/**
 * The synthetic customers of a simulated day, as pure functions of a seeded random source: when
 * they arrive (a morning and a lunch peak over a steady trickle), what they put in their basket
 * from the menu they see, and how much they put in the bank first (some not enough). Nothing here
 * touches the runtime: scripts/simulate-day.ts plays these customers over HTTP.
 */

/** A random source in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Bakery-local minute of the day: "08:30" → 510. */
export function minuteOfDay(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`not a time of day "HH:MM": ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The shape of a day's custom: a steady base and two rushes (bakery-local times). */
export const PEAKS = [
  { name: 'morning', at: '08:00', spreadMinutes: 40, height: 4 },
  { name: 'lunch', at: '12:30', spreadMinutes: 35, height: 3 },
] as const;

/** Relative arrival rate at a bakery-local minute of the day; 0 while the shop is shut. */
export function arrivalWeight(minute: number, opensAt: number, closesAt: number): number {
  if (minute < opensAt || minute >= closesAt) return 0;
  let weight = 1;
  for (const peak of PEAKS) {
    const z = (minute - minuteOfDay(peak.at)) / peak.spreadMinutes;
    weight += peak.height * Math.exp(-0.5 * z * z);
  }
  return weight;
}

/**
 * `count` arrival instants (epoch ms, ascending) between `opening` and `closing`, drawn from the
 * arrival curve: each picks a minute with probability proportional to its weight, then a second
 * and millisecond within it.
 */
export function arrivalTimes(
  count: number,
  hours: { opening: number; closing: number; opensAt: string },
  random: Random,
): number[] {
  const opensAt = minuteOfDay(hours.opensAt);
  const minutes = Math.round((hours.closing - hours.opening) / 60_000);
  const cumulative: number[] = [];
  let total = 0;
  for (let m = 0; m < minutes; m++) {
    total += arrivalWeight(opensAt + m, opensAt, opensAt + minutes);
    cumulative.push(total);
  }
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const u = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    times.push(hours.opening + lo * 60_000 + Math.floor(random() * 60_000));
  }
  return times.sort((a, b) => a - b);
}

/** What a customer reads off the menu. */
export interface Offer {
  productId: string;
  available: number;
  /** Minor units, the price now (closing discount included). */
  currentPrice: number;
}

export interface OrderLine {
  productId: string;
  quantity: number;
}

export interface Basket {
  lines: OrderLine[];
  /** The customer asked for something the menu showed as gone (or more than was left). */
  wantsSoldOut: boolean;
  /** At the menu's current prices. */
  cost: number;
}

/** Share of customers who ask for a product that has just run out, when one has. */
export const SOLD_OUT_SHARE = 0.12;
/** How many different products a basket holds: 1, 2 or 3, with these weights. */
const LINE_COUNT_WEIGHTS = [0.55, 0.3, 0.15];
const MAX_UNITS_PER_LINE = 3;

/** One customer's basket from the menu they see. */
export function chooseBasket(
  offers: readonly Offer[],
  random: Random,
  maxQuantityPerProduct: number,
): Basket {
  if (offers.length === 0) throw new Error('a basket needs a menu with at least one item');
  const inStock = offers.filter((o) => o.available > 0);
  const soldOut = offers.filter((o) => o.available <= 0);
  const lines: OrderLine[] = [];
  let wantsSoldOut = false;
  const units = (cap: number) => Math.min(maxQuantityPerProduct, 1 + Math.floor(random() * Math.max(1, cap)));

  if (inStock.length === 0 || (soldOut.length > 0 && random() < SOLD_OUT_SHARE)) {
    const wanted = pick(soldOut.length > 0 ? soldOut : offers, random);
    lines.push({ productId: wanted.productId, quantity: units(2) });
    wantsSoldOut = true;
  }
  // Beside a sold-out wish, at most one thing that is there.
  const wished = weightedIndex(LINE_COUNT_WEIGHTS, random) + 1;
  const lineCount = Math.min(inStock.length, wantsSoldOut ? wished - 1 : wished, wantsSoldOut ? 1 : 3);
  const choices = [...inStock];
  for (let i = 0; i < lineCount; i++) {
    const [offer] = choices.splice(Math.floor(random() * choices.length), 1);
    // People take what they see on the shelf; only a sold-out wish asks for more than is there.
    lines.push({
      productId: offer.productId,
      quantity: units(Math.min(MAX_UNITS_PER_LINE, offer.available)),
    });
  }
  const price = new Map(offers.map((o) => [o.productId, o.currentPrice]));
  const cost = lines.reduce((sum, l) => sum + (price.get(l.productId) ?? 0) * l.quantity, 0);
  return { lines, wantsSoldOut, cost };
}

/** Share of customers who put in less than their basket costs. */
export const SHORT_SHARE = 0.15;
const MAX_SPARE_CENTS = 2_000;

/**
 * What a customer deposits before ordering (0: nothing). Most cover the basket with some spare;
 * about SHORT_SHARE fall short (10–90 % of the cost), so the bank declines them.
 */
export function chooseDeposit(
  cost: number,
  random: Random,
  maxDeposit: number,
): { amount: number; short: boolean } {
  if (random() < SHORT_SHARE) {
    return { amount: Math.min(maxDeposit, Math.floor(cost * (0.1 + 0.8 * random()))), short: true };
  }
  return { amount: Math.min(maxDeposit, cost + Math.floor(random() * MAX_SPARE_CENTS)), short: false };
}

function pick<T>(list: readonly T[], random: Random): T {
  return list[Math.floor(random() * list.length)];
}

function weightedIndex(weights: readonly number[], random: Random): number {
  let u = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0) return i;
  }
  return weights.length - 1;
}
