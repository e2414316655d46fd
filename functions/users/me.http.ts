import { z } from 'zod';
import { notFound } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { instantSchema, moneySchema } from '../../shared/http/schemas';
import type { UsersDependencies } from './deps';
import { readPicture } from './picture-store';
import { viewPicture, type PictureView } from './picture-view';
import { ORDER_PRECEDENCE } from './picture';
import type { OrderStatus } from './picture-types';

const statuses = Object.keys(ORDER_PRECEDENCE) as [OrderStatus, ...OrderStatus[]];

const pictureSchema = z.object({
  userId: z.string().describe("The caller's user id (the token's subject)"),
  name: z.string().nullable().describe('From sign-up; null while that event is still on its way'),
  account: z
    .object({
      id: z.string(),
      balance: moneySchema.describe('The last balance the bank reported'),
    })
    .nullable()
    .describe('The bank account; null until the bank has told about it'),
  orders: z.object({
    count: z.int().min(0).describe('Every order placed, whatever became of it'),
    last: z
      .object({
        id: z.string(),
        status: z.enum(statuses),
        reason: z.string().optional().describe('Why it was rejected or cancelled'),
        placedAt: instantSchema.nullable().describe('null while only a later event about it arrived'),
        updatedAt: instantSchema.describe('When it reached its status'),
      })
      .nullable()
      .describe('The most recently placed order; null before any'),
  }),
  totalSpent: moneySchema.describe(
    'What completed orders cost (their totals less refunds); rejected and cancelled orders cost nothing',
  ),
  itemsReceived: z
    .array(z.object({ id: z.string().describe('Item id'), productId: z.string() }))
    .describe('Every item of the completed orders, oldest order first'),
}) satisfies z.ZodType<PictureView>;

export const getMeRoute = defineRoute({
  name: 'users-me-get',
  method: 'GET',
  route: 'users/me',
  auth: 'customer',
  summary: 'The single picture of me: name, account, orders, total spent, items received',
  description:
    'Built only from events (sign-up, bank, orders), so it may lag them by a moment; the same events in any order give the same picture.',
  responses: {
    200: { body: pictureSchema, headers: { 'Cache-Control': '`no-store`' } },
  },
  errors: { 404: 'No event about the caller has arrived yet.' },
});

/** GET /api/users/me (bearer): the caller's own picture, and only theirs (the token's subject). */
export function getMe({ container, currency }: UsersDependencies): RouteHandler<typeof getMeRoute> {
  return async ({ principal }) => {
    const picture = await readPicture(await container(), principal.userId);
    if (!picture) throw notFound('Your picture');
    return { status: 200, body: viewPicture(picture, currency), headers: { 'cache-control': 'no-store' } };
  };
}
