import { createHash } from 'node:crypto';
import * as df from 'durable-functions';
import { z } from 'zod';
import { assertNever } from '../../shared/assert-never';
import type { SalesConfig } from '../../shared/config';
import { startOnce } from '../../shared/durable/start-once';
import { BakeryError, badRequest, notFound, unprocessable } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { productsOnSale } from './catalog-store';
import { decodeContinuation, encodeContinuation } from './continuation';
import type { SalesDependencies } from './deps';
import type { Order } from './order';
import { checkLines } from './order-lines';
import { listOrders, placeOrder, readOrder } from './order-store';
import { SELL_ORDER, type SellOrderInput } from './sell-order.orchestration';
import { orderView, orderViewSchema, placedReplySchema, statusUrlOf } from './views';

/** Printable ASCII, as the IETF Idempotency-Key draft's examples and most clients send (a UUID fits). */
const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .describe(
    'Scoped to the customer and kept at least 24 hours: the same key with the same body answers the first order again; with another body, 422',
  );

export const orderBodySchema = ({ maxLines, maxQuantityPerProduct }: SalesConfig) =>
  z.strictObject({
    lines: z
      .array(
        z.strictObject({
          productId: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
          quantity: z
            .int('must be a whole number')
            .min(1, 'must be at least 1')
            .max(maxQuantityPerProduct, `must be at most ${maxQuantityPerProduct}`),
        }),
      )
      .min(1, 'must name at least one product')
      .max(maxLines, `must have at most ${maxLines} lines`),
  });

export const placeOrderRoute = (limits: SalesConfig) =>
  defineRoute({
    name: 'sales-orders-post',
    method: 'POST',
    route: 'orders',
    auth: 'customer',
    summary: 'Place an order',
    description: `Products on sale only, 1 to ${limits.maxQuantityPerProduct} of each (the same product twice is merged, the sum bounded too), at most ${limits.maxLines} lines. The sales person then reserves, charges and hands over: follow \`statusUrl\`. At most ${limits.maxOpenOrders} unfinished orders per customer. A refused order (400, 429) does not use up its Idempotency-Key.`,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    body: orderBodySchema(limits),
    responses: {
      202: {
        body: placedReplySchema,
        headers: {
          Location: 'The order: `/api/orders/{id}`',
          'Idempotent-Replayed': '`true` when this is the first answer to the same key again',
        },
      },
    },
    errors: {
      422: 'The Idempotency-Key was used with another body (`BAKERY_IDEMPOTENCY_KEY_REUSED`).',
      429: `The customer already has ${limits.maxOpenOrders} unfinished orders (\`BAKERY_TOO_MANY_OPEN_ORDERS\`).`,
    },
  });

/** POST /api/orders: records the order and starts its sell-order saga (instance id = order id). */
export function postOrder(deps: SalesDependencies): RouteHandler<ReturnType<typeof placeOrderRoute>> {
  return async ({ principal, body, headers, context }) => {
    const checked = checkLines(body.lines, await productsOnSale(deps), deps.limits.maxQuantityPerProduct);
    if (checked.kind === 'invalid') throw badRequest(checked.fields);
    const key = headers['idempotency-key'];
    const outcome = await placeOrder(deps, {
      customerId: principal.userId,
      lines: checked.lines,
      ...(key === undefined ? {} : { idempotencyKey: { key, fingerprint: fingerprintOf(body.lines) } }),
    });
    switch (outcome.kind) {
      case 'placed':
      case 'replayed': {
        // Also on a replay: the first request may have stopped between its write and the start.
        await startSale(context, outcome.order);
        const id = outcome.order.orderId;
        return {
          status: 202,
          body: { id, status: 'placed', statusUrl: statusUrlOf(id) },
          headers: {
            location: statusUrlOf(id),
            ...(outcome.kind === 'replayed' ? { 'idempotent-replayed': 'true' } : {}),
          },
        };
      }
      case 'key-reused':
        throw unprocessable(
          'This Idempotency-Key was already used for an order with another body.',
          'BAKERY_IDEMPOTENCY_KEY_REUSED',
        );
      case 'too-many-open':
        throw new BakeryError({
          code: 'BAKERY_TOO_MANY_OPEN_ORDERS',
          status: 429,
          message: `You already have ${outcome.maxOpenOrders} orders under way; wait until one is finished.`,
        });
      default:
        return assertNever(outcome, 'unknown order outcome');
    }
  };
}

async function startSale(context: Parameters<typeof df.getClient>[0], order: Order): Promise<void> {
  const input: SellOrderInput = { orderId: order.orderId, customerId: order.customerId };
  await startOnce(df.getClient(context), SELL_ORDER, order.orderId, input);
}

/** Same key and same body means the same order: the lines as sent (validated), field order aside. */
export function fingerprintOf(lines: ReadonlyArray<{ productId: string; quantity: number }>): string {
  const canonical = lines.map(({ productId, quantity }) => ({ productId, quantity }));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export const getOrderRoute = defineRoute({
  name: 'sales-order-get',
  method: 'GET',
  route: 'orders/{id}',
  auth: 'customer',
  summary: 'One of my orders',
  params: z.object({ id: z.string().min(1).max(64).describe('The order id') }),
  responses: { 200: { body: orderViewSchema, headers: { 'Cache-Control': '`no-store`' } } },
  errors: { 404: "No such order of mine (`BAKERY_NOT_FOUND`), also for another customer's." },
});

/** GET /api/orders/{id}: read in the caller's own partition, so another customer's order is not found. */
export function getOrder({
  container,
}: Pick<SalesDependencies, 'container'>): RouteHandler<typeof getOrderRoute> {
  return async ({ principal, params }) => {
    const order = await readOrder(await container(), principal.userId, params.id);
    if (!order) throw notFound('The order');
    return { status: 200, body: orderView(order), headers: { 'cache-control': 'no-store' } };
  };
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;
const pageMessage = `must be a whole number from 1 to ${MAX_PAGE}`;

export const listOrdersRoute = defineRoute({
  name: 'sales-orders-get',
  method: 'GET',
  route: 'orders',
  auth: 'customer',
  summary: 'My orders, newest first',
  description: `Pages of at most \`limit\` (default ${DEFAULT_PAGE}, at most ${MAX_PAGE}); \`continuationToken\` from one page asks for the next, and is absent on the last.`,
  query: z.object({
    limit: z
      .string()
      .regex(/^\d{1,3}$/, pageMessage)
      .transform(Number)
      .pipe(z.int().min(1, pageMessage).max(MAX_PAGE, pageMessage))
      .optional(),
    continuationToken: z.string().max(300).optional().describe('From the previous page'),
  }),
  responses: {
    200: {
      body: z.object({
        orders: z.array(orderViewSchema),
        continuationToken: z
          .string()
          .optional()
          .describe('Ask for the next page with it; absent on the last'),
      }),
      headers: { 'Cache-Control': '`no-store`' },
    },
  },
});

/** GET /api/orders: the caller's own orders, one page at a time. */
export function getOrders({
  container,
}: Pick<SalesDependencies, 'container'>): RouteHandler<typeof listOrdersRoute> {
  return async ({ principal, query }) => {
    let before: string | undefined;
    if (query.continuationToken !== undefined) {
      before = decodeContinuation(query.continuationToken);
      if (before === undefined)
        throw badRequest([{ field: 'continuationToken', message: 'is not a token this service gave' }]);
    }
    const page = await listOrders(await container(), principal.userId, {
      limit: query.limit ?? DEFAULT_PAGE,
      ...(before === undefined ? {} : { before }),
    });
    return {
      status: 200,
      body: {
        orders: page.orders.map(orderView),
        ...(page.nextBefore === undefined ? {} : { continuationToken: encodeContinuation(page.nextBefore) }),
      },
      headers: { 'cache-control': 'no-store' },
    };
  };
}
