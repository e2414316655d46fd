import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, unexpectedErrors } from './browser';
import { startWebBakery, type WebBakery } from './web-bakery';
import { CLOSING, MINUTE } from '../support/bakery-harness';

jest.setTimeout(120_000);

let bakery: WebBakery;
let browser: Browser;

beforeAll(async () => {
  // The last hour of the day: bakes land, then the closing-discount window (last 30 minutes) opens.
  bakery = await startWebBakery({ startAt: CLOSING - 60 * MINUTE });
  await bakery.runtime.clock.advanceTo(CLOSING - 25 * MINUTE);
  await bakery.runtime.idle();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await bakery?.stop();
});

it('marks the closing discount clearly, with the old price, as the menu reports it', async () => {
  const menu = (await (await fetch(`${bakery.baseUrl}/api/menu`)).json()) as {
    items: {
      productId: string;
      discounted: boolean;
      price: { amount: number };
      currentPrice: { amount: number };
    }[];
  };
  const discounted = menu.items.filter((i) => i.discounted);
  expect(discounted.length).toBeGreaterThan(0);
  const { page, problems, context } = await openPage(browser);
  await page.goto(`${bakery.baseUrl}/`);
  await page.locator('.menu__grid > li.card').first().waitFor();
  const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
  for (const item of menu.items) {
    const card = page.locator(`li[data-product="${item.productId}"]`);
    await expect(card.locator('.card__price .price').first().innerText()).resolves.toBe(
      money(item.currentPrice.amount),
    );
    if (item.discounted) {
      await expect(card.locator('s.price--old').innerText()).resolves.toBe(money(item.price.amount));
      await expect(card.getByText('Closing discount').count()).resolves.toBe(1);
      // Read aloud: "$2.50, was $5.00".
      await expect(card.locator('.card__price').innerText()).resolves.toContain(money(item.price.amount));
    } else {
      await expect(card.locator('s.price--old').count()).resolves.toBe(0);
    }
  }
  await page.getByText('Closing discount on now, until we close.').waitFor();
  await screenshot(page, 'storefront-07-closing-discount');
  await expect(unexpectedErrors(problems, bakery.baseUrl)).resolves.toEqual([]);
  await context.close();
});
