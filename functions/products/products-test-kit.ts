/**
 * Test kit for the products service's int tests: on a bakery started by test/support's
 * startBakery (usually with only `products` loaded), a listener on every subscription of the
 * `products` topic (as menu and sales would read it) and builders for the events production and
 * sales publish. It imports nothing from test/ (that code needs jest's globals), so the app's
 * build, which compiles functions/, still compiles.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../local/runtime';
import {
  createBakeryEvent,
  toMessage,
  topicOf,
  type BakeryEvent,
  type EventType,
  type PayloadOf,
} from '../../shared/events';
import type { ItemHistory } from './history/item-history';
import { HISTORY_CONTAINER } from './history/history-store';

/** BAKERY_SERVICES for these tests: production and sales are other engineers'; the tests play them. */
export const PRODUCTS_ONLY = { BAKERY_SERVICES: 'products' };

/** The slice of test/support's Bakery the kit uses. */
export interface BakeryUnderTest {
  runtime: Runtime;
  staffToken(): Promise<string>;
  customerToken(sub?: string): Promise<string>;
  stop(): Promise<void>;
}

export interface ProductsTestKit {
  bakery: BakeryUnderTest;
  /** Every event products published, in arrival order. */
  published: BakeryEvent[];
  of<T extends EventType>(type: T, subject?: string): Array<BakeryEvent<T>>;
  /** Publishes as production / sales would, and waits until everything settled. */
  send<T extends EventType>(type: T, data: PayloadOf<T>, id?: string): Promise<void>;
  bake(
    productId: string,
    items: Array<{ bakedAt: number; expiresAt: number }>,
    batchId?: string,
  ): Promise<string[]>;
  placeOrder(lines: Array<{ productId: string; quantity: number }>, orderId?: string): Promise<string>;
  shelves(token?: string): Promise<{ status: number; json: ShelvesView }>;
  shelf(productId: string): Promise<ShelvesView['shelves'][number]>;
  history(productId: string): Promise<ItemHistory[]>;
  /** Lets the clock run to `t`, firing the timers on the way. */
  advanceTo(t: number): Promise<void>;
  quiet(): Promise<void>;
  /** Durable orchestration instances whose id starts with `prefix`. */
  instances(prefix: string): Promise<Array<{ instanceId: string; runtimeStatus: string }>>;
  /**
   * Fires the timer function `name` now, beside its schedule, through the Functions host's admin API
   * (`POST /admin/functions/{name}`, as the portal's Test/Run does), and waits until all settled.
   */
  fireTimer(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ShelvesView {
  asOf: string;
  shelves: Array<{
    productId: string;
    name: string;
    version: number;
    available: number;
    reserved: number;
    items: Array<{
      id: string;
      bakedAt: string;
      expiresAt: string;
      reserved: boolean;
      orderId?: string;
      sellable: boolean;
    }>;
  }>;
}

export function productsKit(bakery: BakeryUnderTest): ProductsTestKit {
  const { runtime } = bakery;
  const published: BakeryEvent[] = [];
  const listeners = ['menu', 'sales'].map((subscription) =>
    runtime.bus.subscribe('products', subscription, async (message) => {
      // The two subscriptions' filters do not overlap: each event arrives once, unless it was sent twice.
      published.push(message.body as BakeryEvent);
    }),
  );
  const clock = { clock: { now: () => runtime.clock.now() } };

  const quiet = async () => {
    for (let i = 0; i < 1000; i++) {
      await runtime.idle();
      const own = runtime.bus.stats().filter((s) => s.topic === 'products');
      if (own.every((s) => s.active === 0 && s.inFlight === 0)) return;
    }
    throw new Error('products did not settle');
  };

  const kit: ProductsTestKit = {
    bakery,
    published,
    // The filter checks the type at run time; TypeScript cannot narrow a union by a generic type parameter.
    of: <T extends EventType>(type: T, subject?: string) =>
      published.filter(
        (e) => e.type === type && (subject === undefined || e.subject === subject),
      ) as unknown as Array<BakeryEvent<T>>,
    send: async (type, data, id) => {
      const event = createBakeryEvent(type, data, { ...clock, ...(id ? { id } : {}) });
      await runtime.bus.send(topicOf(type), toMessage(event));
      await quiet();
    },
    bake: async (productId, items, batchId = `batch-${randomUUID()}`) => {
      const withIds = items.map((i) => ({
        id: randomUUID(),
        bakedAt: iso(i.bakedAt),
        expiresAt: iso(i.expiresAt),
      }));
      await kit.send('bakery.batch.baked.v1', {
        productId,
        batchId,
        bakedAt: withIds[0].bakedAt,
        items: withIds,
      });
      return withIds.map((i) => i.id);
    },
    placeOrder: async (lines, orderId = randomUUID()) => {
      await kit.send('bakery.order.placed.v1', {
        orderId,
        userId: 'customer-1',
        lines,
        placedAt: iso(runtime.clock.now()),
      });
      return orderId;
    },
    shelves: async (token) => {
      const auth = token ?? (await bakery.staffToken());
      const response = await fetch(`${runtime.baseUrl}/api/products/shelves`, {
        headers: { authorization: `Bearer ${auth}` },
      });
      return { status: response.status, json: (await response.json()) as ShelvesView };
    },
    shelf: async (productId) => {
      const view = await kit.shelves();
      const found = view.json.shelves.find((s) => s.productId === productId);
      if (!found) throw new Error(`no shelf ${productId}`);
      return found;
    },
    history: async (productId) => {
      const container = await runtime.store.container<ItemHistory>(HISTORY_CONTAINER);
      return container.query<ItemHistory>({ partitionKey: productId });
    },
    advanceTo: async (t) => {
      await runtime.clock.advanceTo(t);
      await quiet();
    },
    quiet,
    instances: async (prefix) => {
      const list = (await (await fetch(`${runtime.baseUrl}/admin/durable/instances`)).json()) as Array<{
        instanceId: string;
        runtimeStatus: string;
      }>;
      return list.filter((i) => i.instanceId.startsWith(prefix));
    },
    fireTimer: async (name) => {
      const response = await fetch(`${runtime.baseUrl}/admin/functions/${name}?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: '' }),
      });
      if (response.status !== 204)
        throw new Error(`${name} answered ${response.status}: ${await response.text()}`);
      await quiet();
    },
    stop: async () => {
      await Promise.all(listeners.map((l) => l.close()));
      await bakery.stop();
    },
  };
  return kit;
}

export const iso = (t: number) => new Date(t).toISOString();
