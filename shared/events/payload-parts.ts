import { z } from 'zod';

/**
 * Building blocks of event payloads. Strict where a wrong value would corrupt another service's
 * state (money, ids, counts), so a bad event is dead-lettered at the door instead of half-processed.
 */

export const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 instant with offset');

/** A product type from the bakery's configuration (`bread`, `donut`). */
export const productId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(64)
  .describe('Product type id (slug)');

/** Every baked item is its own product with its own uuid. */
export const itemId = z.uuid().describe('Item id');

export const orderId = z.uuid().describe('Order id (also the sell-order orchestration instance id)');

/** The token's `sub`; not a uuid (Entra External ID subjects are opaque strings). */
export const userId = z.string().min(1).max(128).describe('User id (access token subject)');

/** Ids chosen by their owning service; often deterministic so retries reuse them. */
export const opaqueId = z.string().min(1).max(128);

/** Money is integer minor units (cents) with an ISO 4217 code; never floating point. */
export const money = z
  .object({
    amount: z.int().nonnegative().describe('Minor units (cents)'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .describe('ISO 4217 code'),
  })
  .describe('Money');

export const positiveMoney = z
  .object({ amount: z.int().positive(), currency: money.shape.currency })
  .describe('Money, more than zero');

const orderLine = z.object({ productId, quantity: z.int().positive().max(1000) });

export const orderLines = z.array(orderLine).min(1);

const handedItem = z.object({ id: itemId, productId });

export const handedItems = z.array(handedItem).min(1);

/**
 * An account's movement count after the movement an event reports (1 for the first deposit, then one
 * more per deposit, charge or refund): a consumer keeps the balance with the highest version, so
 * events arriving out of order still leave the latest balance.
 */
export const accountVersion = z
  .int()
  .positive()
  .describe("The account's movement number after this movement");
