/** Money as the API sends it: integer minor units with an ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** 1234 AUD → "$12.34" (en-AU; another currency shows its own symbol or code). */
export function formatMoney(money: Money): string {
  let formatter = formatters.get(money.currency);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-AU', { style: 'currency', currency: money.currency });
    formatters.set(money.currency, formatter);
  }
  return formatter.format(money.amount / 100);
}

export type ParsedAmount = { ok: true; cents: number } | { ok: false; message: string };

/**
 * What a person types into the top-up field ("20", "12.5", "$7.25", "1,000") as whole cents, or why
 * it is not an amount. Limits beyond "positive" are the bank's; its answer is shown next to the field.
 */
export function parseMajorUnits(text: string): ParsedAmount {
  const cleaned = text
    .trim()
    .replace(/^\$/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (cleaned === '') return { ok: false, message: 'Enter an amount, for example 20 or 12.50.' };
  if (!/^\d+(\.\d{0,2})?$/.test(cleaned))
    return { ok: false, message: 'Use numbers only, with at most two digits after the point (12.50).' };
  const [whole, fraction = ''] = cleaned.split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) return { ok: false, message: 'That amount is too large.' };
  if (cents <= 0) return { ok: false, message: 'The amount must be more than zero.' };
  return { ok: true, cents };
}

/** The bank's field message ("must be at most 100000 cents") in the customer's units. */
export function plainAmountMessage(message: string, currency: string): string {
  const atMost = /at most (\d+) cents/.exec(message);
  if (atMost)
    return `The most you can add at once is ${formatMoney({ amount: Number(atMost[1]), currency })}.`;
  const atLeast = /at least (\d+) cents/.exec(message);
  if (atLeast) return `The least you can add is ${formatMoney({ amount: Number(atLeast[1]), currency })}.`;
  return `The bank did not accept this amount (${message}).`;
}
