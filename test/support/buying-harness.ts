/**
 * The buying tests' bakery (issue 11): the real app with the local identity provider and the auth
 * service (customers sign in through the provider's HTML form, as `npm start` runs it), on a manual
 * clock starting when a test says, with the services a test names. Helpers speak HTTP only, except
 * where a test plays a service that is not loaded (production's batch.baked) and the taps a test
 * needs to hurt the app (copies of published events, the runtime's fault tools).
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as netHttp from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Runtime } from '../../local/runtime';
import type { LocalIdentityProvider } from '../../local/identity/provider';
import type { OutgoingMessage } from '../../shared/bus/port';
import { catalog } from '../../shared/events/catalog';
import { deriveTopology } from '../../shared/events/topology';
import { createBakeryEvent, toMessage, topicOf, type BakeryEvent } from '../../shared/events';
import { Browser } from '../../functions/auth/auth-test-kit';
import { checkBuyingInvariants, type BuyingVerdict } from '../../scripts/buying-invariants';
import { http, repoRoot } from './runtime-harness';

export const aud = (amount: number) => ({ amount, currency: 'AUD' });
export const MINUTE = 60_000;
/** 2026-12-01 in Sydney (UTC+11): opens 07:00 = 20:00Z the day before, closes 17:00 = 06:00Z. */
export const DAY = '2026-12-01';
export const OPENING = Date.parse('2026-11-30T20:00:00Z');
export const CLOSING = Date.parse('2026-12-01T06:00:00Z');
/** Every service but production: the tests bake by sending batch.baked as production would. */
export const ALL_BUT_PRODUCTION = 'auth,bank,users,menu,products,sales,pos';

export type Lines = Array<{ productId: string; quantity: number }>;
export const FINAL = ['completed', 'rejected', 'cancelled'];

export interface Customer {
  username: string;
  userId: string;
  token: string;
}

export interface OrderView {
  id: string;
  status: string;
  reason?: string;
  lines: Lines;
  total?: { amount: number; currency: string };
  items?: Array<{ id: string; productId: string }>;
  refunded?: { amount: number; currency: string };
  placedAt: string;
  updatedAt: string;
}

export interface BuyingBakery {
  /** The running runtime (a new object after restart()). */
  readonly runtime: Runtime;
  baseUrl: string;
  idp: LocalIdentityProvider;
  /**
   * Stops the runtime as a crash-free shutdown would (what is not completed stays persisted) and starts
   * it again on the same state and port; holds and planned faults do not survive it.
   */
  restart(): Promise<void>;
  /** Every event the app published, in order (a tap on the bus's send). */
  published: BakeryEvent[];
  /** When set, called for every batch the app publishes (after it is sent): a test's extra copies. */
  onPublish?: (topic: string, messages: OutgoingMessage[]) => Promise<void> | void;
  /** Sends a copy of an event under a new message id: a duplicate the broker's detection misses. */
  resend(event: BakeryEvent): Promise<void>;
  /** Signs a new customer up through the provider's form; their bank account is open once this returns. */
  signIn(username?: string): Promise<Customer>;
  /** The manager (staff) token. */
  staffToken(): Promise<string>;
  deposit(customer: Customer, amount: number): Promise<void>;
  balance(customer: Customer): Promise<number>;
  menu(): Promise<{ open: boolean; items: Array<Record<string, any>> }>;
  /** POST /api/orders. */
  place(customer: Customer, lines: Lines, key?: string): ReturnType<typeof http>;
  get(customer: Customer | string, route: string): ReturnType<typeof http>;
  order(customer: Customer, orderId: string): Promise<OrderView>;
  /** Waits until the bakery is quiet, then answers the order, which must be final. */
  final(customer: Customer, orderId: string): Promise<OrderView>;
  /** Places and waits for the final state (202 required). */
  buy(customer: Customer, lines: Lines, key?: string): Promise<OrderView>;
  /** Plays production: a batch of `count` items of `productId`, baked now, good for `shelfLifeMs`. */
  bake(productId: string, count: number, shelfLifeMs?: number): Promise<string[]>;
  /** Steps the bakery clock (firing timers on the way) and waits until quiet. */
  advanceTo(t: number): Promise<void>;
  quiet(): Promise<void>;
  shelf(
    productId: string,
  ): Promise<{ available: number; reserved: number; items: Array<Record<string, any>> }>;
  /** The invariant checker over every customer signed in so far and `dates` (default the test day). */
  check(dates?: string[]): Promise<BuyingVerdict>;
  /** check() and fail with the violations listed. */
  expectInvariants(dates?: string[]): Promise<BuyingVerdict>;
  /**
   * The users service's single picture of the customer agrees with sales and the bank: order count,
   * last order, total spent (completed totals; refunded payments cost nothing), balance, items received.
   */
  expectPicture(customer: Customer): Promise<void>;
  stop(): Promise<void>;
}

export async function startBuyingBakery(
  options: {
    startAt?: number;
    services?: string;
    settings?: Record<string, string>;
    /** Keep the runtime's state in a folder (journal on disk), so restart() finds it again. */
    persistent?: boolean;
  } = {},
): Promise<BuyingBakery> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bakery-buying-'));
  jest.resetModules();
  const { startLocalIdentityProvider } =
    require('../../local/identity/provider') as typeof import('../../local/identity/provider');
  const idp = await startLocalIdentityProvider({ stateDir, redirectUri: `${baseUrl}/api/auth/callback` });
  const runtimeState = path.join(stateDir, 'runtime');
  // Each start loads a fresh module graph (runtime, @azure/functions, the app), as a new host process would.
  const start = (startAt: number) => {
    jest.resetModules();
    const { startRuntime } = require('../../local/runtime') as typeof import('../../local/runtime');
    const { localExtensions } = require('../../local/extensions') as typeof import('../../local/extensions');
    return startRuntime({
      appRoot: repoRoot,
      ...(options.persistent ? { stateDir: runtimeState } : {}),
      entry: path.join(repoRoot, 'functions/index.ts'),
      port,
      logLevel: 'silent',
      clock: { mode: 'manual', startAt },
      extensions: localExtensions(),
      topology: deriveTopology(catalog),
      settings: {
        ...idp.appSettings,
        AUTH_JWKS_URL: `${baseUrl}/api/auth/jwks`,
        AUTH_SIGNING_KEY_FILE: path.join(stateDir, 'auth', 'signing-key.json'),
        BAKERY_CONFIG: path.join(repoRoot, 'bakery.config.json'),
        ...(options.services ? { BAKERY_SERVICES: options.services } : {}),
        ...options.settings,
      },
    });
  };
  let runtime = await start(options.startAt ?? OPENING - 30 * MINUTE);
  const ca = fs.readFileSync(idp.caFile, 'utf8');
  const customers: Customer[] = [];
  let staff: string | undefined;
  let counter = 0;

  const published: BakeryEvent[] = [];
  let send = runtime.bus.send.bind(runtime.bus);
  // The tap: every batch the app sends is recorded (and may be copied by the test) after the bus took it.
  const tap = () => {
    const bus = runtime.bus;
    send = bus.send.bind(bus);
    const original = send;
    bus.send = async (topic, messages) => {
      await original(topic, messages);
      const batch = Array.isArray(messages) ? messages : [messages];
      for (const m of batch) published.push(m.body as BakeryEvent);
      await bakery.onPublish?.(topic, batch);
    };
  };
  const bakery: BuyingBakery = {
    get runtime() {
      return runtime;
    },
    restart: async () => {
      if (!options.persistent) throw new Error('restart() needs startBuyingBakery({ persistent: true })');
      // The bakery clock goes on from where it stood, as a restarted host's would.
      const now = runtime.clock.now();
      await runtime.stop();
      runtime = await start(now);
      tap();
    },
    baseUrl,
    idp,
    published,
    resend: (event) => send(topicOf(event.type), { ...toMessage(event), messageId: `copy-${randomUUID()}` }),
    signIn: async (username = `customer-${++counter}-${randomUUID().slice(0, 8)}`) => {
      const browser = new Browser(baseUrl, ca);
      await browser.signIn(username, `${username} password`);
      const reply = await browser.token();
      if (reply.status !== 200) throw new Error(`token answered ${reply.status}: ${reply.body}`);
      const body = JSON.parse(reply.body) as { accessToken: string; user: { id: string } };
      const customer = { username, userId: body.user.id, token: body.accessToken };
      customers.push(customer);
      await bakery.quiet();
      return customer;
    },
    staffToken: async () => {
      if (staff) return staff;
      const browser = new Browser(baseUrl, ca);
      await browser.signIn('manager', 'bakery manager');
      staff = (JSON.parse((await browser.token()).body) as { accessToken: string }).accessToken;
      await bakery.quiet();
      return staff;
    },
    deposit: async (customer, amount) => {
      const res = await http(
        baseUrl,
        'POST',
        '/api/bank/accounts/me/deposits',
        { amount },
        auth(customer.token),
      );
      if (res.status !== 201) throw new Error(`deposit answered ${res.status}: ${res.text}`);
    },
    balance: async (customer) => {
      const res = await bakery.get(customer, '/api/bank/accounts/me');
      if (res.status !== 200) throw new Error(`account answered ${res.status}: ${res.text}`);
      return res.json.balance.amount as number;
    },
    menu: async () => (await http(baseUrl, 'GET', '/api/menu')).json,
    place: (customer, lines, key) =>
      http(
        baseUrl,
        'POST',
        '/api/orders',
        { lines },
        {
          ...auth(customer.token),
          ...(key === undefined ? {} : { 'idempotency-key': key }),
        },
      ),
    get: (customer, route) =>
      http(baseUrl, 'GET', route, undefined, auth(typeof customer === 'string' ? customer : customer.token)),
    order: async (customer, orderId) => {
      const res = await bakery.get(customer, `/api/orders/${orderId}`);
      if (res.status !== 200) throw new Error(`GET order answered ${res.status}: ${res.text}`);
      return res.json as OrderView;
    },
    final: async (customer, orderId) => {
      await bakery.quiet();
      const order = await bakery.order(customer, orderId);
      if (!FINAL.includes(order.status))
        throw new Error(
          `order ${orderId} is ${order.status} once the bakery is quiet: ${JSON.stringify(order)}`,
        );
      return order;
    },
    buy: async (customer, lines, key) => {
      const res = await bakery.place(customer, lines, key);
      if (res.status !== 202) throw new Error(`POST /api/orders answered ${res.status}: ${res.text}`);
      return bakery.final(customer, res.json.id as string);
    },
    bake: async (productId, count, shelfLifeMs = 12 * 60 * MINUTE) => {
      const now = runtime.clock.now();
      const items = Array.from({ length: count }, () => ({
        id: randomUUID(),
        bakedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + shelfLifeMs).toISOString(),
      }));
      const event = createBakeryEvent(
        'bakery.batch.baked.v1',
        { productId, batchId: `batch-${randomUUID()}`, bakedAt: items[0].bakedAt, items },
        { clock: runtime.clock },
      );
      await send(topicOf(event.type), toMessage(event));
      await bakery.quiet();
      return items.map((i) => i.id);
    },
    advanceTo: async (t) => {
      await runtime.clock.advanceTo(t);
      await bakery.quiet();
    },
    quiet: async () => {
      // Idle, then idle again after a turn: an outbox relay or a timer may start work as the last ends.
      for (let calm = 0; calm < 3;) {
        await runtime.idle();
        await new Promise((resolve) => setImmediate(resolve));
        const busy = runtime.bus.stats().some((s) => s.inFlight > 0);
        calm = busy ? 0 : calm + 1;
      }
    },
    shelf: async (productId) => {
      const res = await bakery.get(await bakery.staffToken(), '/api/products/shelves');
      if (res.status !== 200) throw new Error(`shelves answered ${res.status}: ${res.text}`);
      return (res.json.shelves as Array<Record<string, any>>).find((s) => s.productId === productId) as any;
    },
    check: async (dates = [DAY]) => {
      const staffToken = await bakery.staffToken();
      await bakery.quiet();
      return checkBuyingInvariants(runtime, {
        customers: customers.map(({ userId, token }) => ({ userId, token })),
        staffToken,
        dates,
      });
    },
    expectInvariants: async (dates) => {
      const verdict = await bakery.check(dates);
      expect(verdict.violations).toEqual([]);
      const dead = runtime.bus
        .stats()
        .filter((s) => s.deadLettered > 0)
        .map(
          (s) =>
            `${s.topic}/${s.subscription}: ${runtime.bus
              .deadLetters(s.topic, s.subscription)
              .map((d) => d.deadLetterErrorDescription)
              .join('; ')}`,
        );
      expect(dead).toEqual([]);
      return verdict;
    },
    expectPicture: async (customer) => {
      await bakery.quiet();
      const me = await bakery.get(customer, '/api/users/me');
      expect(me.status).toBe(200);
      const orders: OrderView[] = [];
      for (let token: string | undefined, first = true; first || token; first = false) {
        const page = await bakery.get(
          customer,
          `/api/orders${token ? `?continuationToken=${encodeURIComponent(token)}` : ''}`,
        );
        orders.push(...(page.json.orders as OrderView[]));
        token = page.json.continuationToken as string | undefined;
      }
      const completed = orders.filter((o) => o.status === 'completed');
      const newest = orders[0];
      expect(me.json).toMatchObject({
        userId: customer.userId,
        name: customer.username,
        account: { balance: { amount: await bakery.balance(customer), currency: 'AUD' } },
        orders: {
          count: orders.length,
          last: newest ? { id: newest.id, status: newest.status } : null,
        },
        totalSpent: {
          amount: completed.reduce((sum, o) => sum + (o.total?.amount ?? 0), 0),
          currency: 'AUD',
        },
      });
      const received = (me.json.itemsReceived as Array<{ id: string }>).map((i) => i.id).sort();
      expect(received).toEqual(completed.flatMap((o) => (o.items ?? []).map((i) => i.id)).sort());
    },
    stop: async () => {
      await runtime.stop();
      await idp.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
  tap();
  return bakery;
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export function eventsOf(bakery: BuyingBakery, type: string, orderId?: string): BakeryEvent[] {
  return bakery.published.filter(
    (e) => e.type === type && (orderId === undefined || (e.data as { orderId?: string }).orderId === orderId),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = netHttp.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
