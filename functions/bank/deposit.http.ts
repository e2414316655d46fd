import { z } from 'zod';
import { BakeryError, notFound, unprocessable } from '../../shared/errors';
import { defineRoute, type RouteHandler } from '../../shared/http';
import { assertNever } from '../../shared/assert-never';
import { deposit } from './account-store';
import type { BankDependencies } from './deps';
import type { BankLimits } from './ledger';
import { depositReplySchema } from './views';

/** The body is `{ amount }` and nothing else: a deposit can never set a balance or a currency. */
export const depositBodySchema = (maxDeposit: number) =>
  z.strictObject({
    amount: z
      .int('must be a whole number of cents')
      .positive('must be more than 0 cents')
      .max(maxDeposit, `must be at most ${maxDeposit} cents`)
      .describe("Minor units (cents) of the bakery's currency"),
  });

/** Printable ASCII, as the IETF Idempotency-Key draft's examples and most clients send (a UUID fits). */
const idempotencyKeySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
  .describe(
    'Scoped to the customer and kept at least 24 hours: the same key with the same body answers the first deposit again; with another body, 422',
  );

export const depositRoute = (limits: BankLimits) =>
  defineRoute({
    name: 'bank-deposit-post',
    method: 'POST',
    route: 'bank/accounts/me/deposits',
    auth: 'customer',
    summary: 'Put money into my account',
    description: `A positive whole number of cents, at most ${limits.maxDeposit} per deposit; the balance may not go above ${limits.maxBalance}. A refused deposit does not use up its Idempotency-Key.`,
    headers: z.object({ 'idempotency-key': idempotencyKeySchema.optional() }),
    body: depositBodySchema(limits.maxDeposit),
    responses: {
      201: {
        body: depositReplySchema,
        headers: { 'Idempotent-Replayed': '`true` when this is the first answer to the same key again' },
      },
    },
    errors: {
      404: 'The account is not open yet (`BAKERY_NOT_FOUND`).',
      409: `The balance would go above ${limits.maxBalance} cents (\`BAKERY_BALANCE_LIMIT\`).`,
      422: 'The Idempotency-Key was used with another body (`BAKERY_IDEMPOTENCY_KEY_REUSED`).',
    },
  });

/** POST /api/bank/accounts/me/deposits: a deposit into the caller's own account. */
export function postDeposit(deps: BankDependencies): RouteHandler<ReturnType<typeof depositRoute>> {
  return async ({ principal, body, headers }) => {
    const key = headers['idempotency-key'];
    const outcome = await deposit(deps, {
      userId: principal.userId,
      amount: body.amount,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    switch (outcome.kind) {
      case 'made':
        return { status: 201, body: outcome.reply };
      case 'replayed':
        return { status: 201, body: outcome.reply, headers: { 'idempotent-replayed': 'true' } };
      case 'no-account':
        throw notFound('Your bank account');
      case 'key-reused':
        throw unprocessable(
          'This Idempotency-Key was already used for a deposit with another body.',
          'BAKERY_IDEMPOTENCY_KEY_REUSED',
        );
      case 'over-balance-limit':
        throw new BakeryError({
          code: 'BAKERY_BALANCE_LIMIT',
          status: 409,
          message: `A balance may not go above ${outcome.maxBalance} cents.`,
        });
      default:
        return assertNever(outcome, 'unknown deposit outcome');
    }
  };
}
