import { z } from 'zod';

/**
 * Building blocks of the public HTTP contract (../shared/api.md) that every service's schemas use
 * alike, so the generated docs/openapi.json says the same thing the same way everywhere.
 */

/** An instant, ISO 8601 with offset (the bakery answers in UTC, `…Z`). */
export const instantSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset');

/** A bakery-local calendar date. */
export const localDateSchema = z.iso.date().describe('Bakery-local date, YYYY-MM-DD');

/** `?date=YYYY-MM-DD`, required: the day a staff report is for (a 400 names `date` otherwise). */
export const dayQuery = z.object({
  date: z.iso.date('must be a bakery-local date like 2026-12-01').describe('Bakery-local date, YYYY-MM-DD'),
});

/** Money: integer minor units and the bakery's currency. */
export const moneySchema = z
  .object({
    amount: z.int().describe('Integer minor units (cents)'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .describe("ISO 4217 code: the bakery's configured currency"),
  })
  .describe('An amount of money');

/** A path parameter naming one of the bakery's product types (404 when it is not one). */
export const productIdParams = z.object({
  productId: z.string().min(1).describe('A product type of the bakery, e.g. `bread`'),
});
