import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './config-error';

/**
 * The bakery itself: opening hours, time zone, currency and every product type with its oven
 * schedule, shelf life, price and closing discount. Read once at start from `bakery.config.json`
 * (setting BAKERY_CONFIG); every problem is reported by its path, e.g.
 * `bakery.config.json: products[1].batchSize: must be a positive integer`.
 *
 * Services take only the slice they own: production the oven schedule and shelf life, menu the
 * names, prices and discounts, products the hours. Staff may later change their own copies.
 */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM"');
const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug like "sourdough-loaf"')
  .max(64);
const positiveInt = z.int('must be a whole number').positive('must be a positive integer');

export const productConfigSchema = z.strictObject({
  id: slug,
  name: z.string().min(1).max(100),
  description: z.string().max(1000).default(''),
  /** Price in minor units (cents). */
  price: z.int('must be whole cents').positive('must be more than 0 cents').max(1_000_000),
  bakeEveryMinutes: positiveInt.max(24 * 60),
  batchSize: positiveInt.max(1000),
  /** Minutes an item stays sellable; `null` = until closing on the day it was baked. */
  shelfLifeMinutes: positiveInt.max(7 * 24 * 60).nullable(),
  closingDiscountPercent: z.int().min(0).max(100),
});

/**
 * The bank's limits, in minor units of the bakery's currency (owned by the bank service). A deposit
 * above maxDeposit is refused as bad input (400); one that would take a balance above maxBalance is
 * refused with 409 (the balance is the account's state, not the request's). Refunds are never
 * refused for the balance limit: they give back money that was the customer's.
 */
export const bankConfigSchema = z
  .strictObject({
    maxDeposit: positiveInt.max(Number.MAX_SAFE_INTEGER).default(100_000),
    maxBalance: positiveInt.max(Number.MAX_SAFE_INTEGER).default(1_000_000),
  })
  .refine((bank) => bank.maxDeposit <= bank.maxBalance, {
    path: ['maxDeposit'],
    message: 'must not be more than maxBalance',
  });

/**
 * The sales person's limits (owned by the sales service). A customer may hold at most
 * `maxOpenOrders` orders that are not yet completed, rejected or cancelled (OWASP API6: one
 * customer cannot tie up the shelves with unfinished orders); one order asks for at most
 * `maxQuantityPerProduct` of a product and at most `maxLines` lines.
 */
export const salesConfigSchema = z.strictObject({
  maxOpenOrders: positiveInt.max(1000).default(3),
  maxQuantityPerProduct: positiveInt.max(1000).default(20),
  maxLines: positiveInt.max(100).default(20),
});

export const bakeryConfigSchema = z
  .strictObject({
    name: z.string().min(1).default('bakery'),
    timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone like "Australia/Sydney"'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like "AUD"'),
    opensAt: hhmm,
    closesAt: hhmm,
    closingDiscountMinutes: positiveInt.max(24 * 60).default(30),
    staleSweepMinutes: positiveInt.max(24 * 60).default(15),
    products: z.array(productConfigSchema).min(1, 'must list at least one product'),
    bank: bankConfigSchema.default({ maxDeposit: 100_000, maxBalance: 1_000_000 }),
    sales: salesConfigSchema.default({ maxOpenOrders: 3, maxQuantityPerProduct: 20, maxLines: 20 }),
  })
  .superRefine((config, ctx) => {
    if (config.closesAt <= config.opensAt)
      ctx.addIssue({
        code: 'custom',
        path: ['closesAt'],
        message: `must be after opensAt (${config.opensAt})`,
      });
    const seen = new Set<string>();
    config.products.forEach((p, i) => {
      if (seen.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['products', i, 'id'], message: `"${p.id}" is listed twice` });
      seen.add(p.id);
    });
  });

export type BakeryConfig = z.output<typeof bakeryConfigSchema>;
export type ProductConfig = z.output<typeof productConfigSchema>;
export type BankConfig = z.output<typeof bankConfigSchema>;
export type SalesConfig = z.output<typeof salesConfigSchema>;

export function parseBakeryConfig(json: unknown, source = 'bakery.config.json'): BakeryConfig {
  const parsed = bakeryConfigSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => `${source}: ${formatPath(issue.path) || '(file)'}: ${issue.message}`),
  );
}

export function loadBakeryConfig(path: string): BakeryConfig {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`BAKERY_CONFIG: cannot read "${path}"`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${path}: not valid JSON (${(error as Error).message})`]);
  }
  return parseBakeryConfig(json, path);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
