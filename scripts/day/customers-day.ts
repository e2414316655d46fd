/**
 * The customers' side of a simulated day: who they are, what each does on arriving (menu, deposit,
 * order), and at the end what became of their orders, the day's figures and the invariants.
 */
import type { Runtime } from '../../local/runtime';
import type { TestIssuer } from '../../local/dev/token-issuer';
import type { BakeryConfig } from '../../shared/config/bakery-config';
import { chooseBasket, chooseDeposit, type Offer, type Random } from './customers';
import { dayFigures, type DayFigures, type OrderSeen, type ProductDay, type Takings } from './day-figures';
import { checkInvariants, type InvariantResult } from './invariants';
import { FINAL_STATUSES, api, deposit, placeOrder, read, signUp, type Customer } from './shop';

export interface CustomersDay {
  /** Customer `index` walks in now: reads the menu, pays in, orders. */
  arrive(index: number): Promise<void>;
  /** After closing: waits for every order to settle, then the figures and the invariants. */
  finish(
    staffToken: string,
    products: ProductDay[],
  ): Promise<{ figures: DayFigures; invariants: InvariantResult }>;
}

/** How long the simulation waits, on the bakery clock, for orders still running at the end. */
const SETTLE_STEP_MS = 5 * 60_000;
const SETTLE_STEPS = 24;

export async function playCustomers(
  runtime: Runtime,
  issuer: TestIssuer,
  config: BakeryConfig,
  options: { date: string; seed: number; arrivals: number[]; random: Random },
): Promise<CustomersDay> {
  const { random, date } = options;
  const people = options.arrivals.map((_, i) => ({
    userId: `sim-${options.seed}-${String(i + 1).padStart(4, '0')}`,
    name: `Customer ${i + 1}`,
  }));
  const customers: Customer[] = await signUp(runtime, issuer, people, 4 * 3600);
  const placedOrders: Array<{ id: string; customer: Customer }> = [];
  const plan = { short: 0, askedForSoldOut: 0, refusedAtTheTill: 0 };
  const refusals: string[] = [];

  return {
    async arrive(index) {
      const customer = customers[index];
      const menu = (await read(runtime, '/api/menu')) as {
        items: Array<{ productId: string; available: number; currentPrice: { amount: number } }>;
      };
      const offers: Offer[] = menu.items.map((i) => ({
        productId: i.productId,
        available: i.available,
        currentPrice: i.currentPrice.amount,
      }));
      const basket = chooseBasket(offers, random, config.sales.maxQuantityPerProduct);
      const money = chooseDeposit(basket.cost, random, config.bank.maxDeposit);
      if (money.short) plan.short++;
      if (basket.wantsSoldOut) plan.askedForSoldOut++;
      if (money.amount > 0) await deposit(runtime, customer, money.amount, `${customer.userId}:deposit`);
      const placed = await placeOrder(runtime, customer, basket.lines, `${customer.userId}:order`);
      if ('id' in placed) placedOrders.push({ id: placed.id, customer });
      else {
        plan.refusedAtTheTill++;
        refusals.push(
          `${customer.userId}: POST /api/orders answered ${placed.refused}: ${JSON.stringify(placed.body)}`,
        );
      }
    },

    async finish(staffToken, products) {
      const orders = await settle(runtime, placedOrders);
      const takings = (await read(runtime, `/api/pos/takings?date=${date}`, staffToken)) as Takings;
      const figures = dayFigures({
        date,
        customers: customers.length,
        plan,
        products,
        orders,
        takings,
        closed: true,
      });
      // Every basket is valid and each customer holds one order: the till has no reason to refuse.
      figures.problems.push(...refusals);
      const invariants = await checkInvariants(runtime, { customers, staffToken, dates: [date] });
      return { figures, invariants };
    },
  };
}

/** Each order as its customer sees it, once all are final (or the settling time is up). */
async function settle(
  runtime: Runtime,
  placed: Array<{ id: string; customer: Customer }>,
): Promise<OrderSeen[]> {
  let seen: OrderSeen[] = [];
  for (let step = 0; step <= SETTLE_STEPS; step++) {
    await runtime.idle();
    seen = [];
    // One at a time: hundreds of customers must not open hundreds of sockets at once.
    for (const { id, customer } of placed) {
      const reply = await api(runtime, 'GET', `/api/orders/${id}`, customer.token);
      seen.push(
        reply.status === 200 ? (reply.body as OrderSeen) : { status: `GET answered ${reply.status}` },
      );
    }
    if (seen.every((o) => FINAL_STATUSES.has(o.status)) || step === SETTLE_STEPS) break;
    // Saga timeouts run on the bakery clock: let it move on.
    await runtime.clock.advanceTo(runtime.clock.now() + SETTLE_STEP_MS);
  }
  return seen;
}
