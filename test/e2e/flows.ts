import type { Page } from 'playwright-core';
import { tabTo } from './keyboard';

/** Sign in through the local provider's page, keyboard only; back on `path` signed in as `username`. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  const link = page.getByRole('link', { name: 'Sign in' }).first();
  await link.waitFor();
  await tabTo(page, link);
  await Promise.all([
    page.waitForURL((url) => !url.toString().startsWith(baseUrl)),
    page.keyboard.press('Enter'),
  ]);
  await page.getByLabel('Username').waitFor();
  await page.getByLabel('Username').focus();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type('correct-horse-battery');
  await Promise.all([
    page.waitForURL((url) => url.toString().startsWith(baseUrl)),
    page.keyboard.press('Enter'),
  ]);
  await page.getByTestId('user-name').getByText(username, { exact: true }).waitFor();
}

/** Top up with the keyboard and wait for the new balance. */
export async function topUp(page: Page, amount: string, expectedBalance: string): Promise<void> {
  await tabTo(page, page.getByLabel(/^Top up/));
  await page.keyboard.type(amount);
  await page.keyboard.press('Enter');
  await page.getByTestId('balance').getByText(expectedBalance, { exact: true }).waitFor();
}

/** Adds `count` of a product with its "One more" button, keyboard only. */
export async function pick(page: Page, productName: string, count: number): Promise<void> {
  const more = page.getByRole('button', { name: `One more ${productName}` });
  await tabTo(page, more, 120);
  for (let i = 0; i < count; i++) await page.keyboard.press('Enter');
}

export async function placeOrder(page: Page): Promise<void> {
  await tabTo(page, page.getByRole('button', { name: 'Place order' }), 120);
  await page.keyboard.press('Enter');
  await page.getByTestId('order-progress').waitFor();
}

/** The order's status as the page shows it, once final (completed, rejected or cancelled). */
export async function finalStatus(page: Page, timeout = 30_000): Promise<string> {
  const progress = page.getByTestId('order-progress');
  await progress
    .and(page.locator('[data-status="completed"], [data-status="rejected"], [data-status="cancelled"]'))
    .waitFor({ timeout });
  return (await progress.getAttribute('data-status')) ?? '';
}

export async function available(page: Page, productId: string): Promise<number> {
  const text = await page.locator(`li[data-product="${productId}"]`).getByTestId('available').innerText();
  return text === 'Sold out' ? 0 : Number(/^(\d+) left$/.exec(text)?.[1]);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
