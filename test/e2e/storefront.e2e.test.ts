import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, unexpectedErrors } from './browser';
import { tabTo } from './keyboard';
import { startWebBakery, type WebBakery } from './web-bakery';
import { MINUTE, OPENING } from '../support/bakery-harness';

jest.setTimeout(120_000);

let bakery: WebBakery;
let browser: Browser;

beforeAll(async () => {
  bakery = await startWebBakery({ startAt: OPENING - 30 * MINUTE });
  await bakery.runtime.clock.advanceTo(OPENING + 35 * MINUTE);
  await bakery.runtime.idle();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await bakery?.stop();
});

describe('the storefront before buying', () => {
  it('shows the menu to a visitor, signs a new customer in through the provider, tops up (keyboard only)', async () => {
    const { page, problems, context } = await openPage(browser);
    const tokenCalls: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/auth/token') && tokenCalls.push(r.url()));
    await page.goto(`${bakery.baseUrl}/`);

    // The menu, before signing in: every product with name, description, price and what is left.
    const menu = (await (await fetch(`${bakery.baseUrl}/api/menu`)).json()) as {
      items: { productId: string; name: string; available: number }[];
    };
    const cards = page.locator('.menu__grid > li.card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(menu.items.length);
    for (const item of menu.items) {
      const card = page.locator(`li[data-product="${item.productId}"]`);
      await expect(card.locator('h3').innerText()).resolves.toBe(item.name);
      await expect(card.getByTestId('available').innerText()).resolves.toBe(
        item.available === 0 ? 'Sold out' : `${item.available} left`,
      );
      // Every control has an accessible name.
      await expect(card.getByLabel('How many').count()).resolves.toBe(1);
      await expect(card.getByRole('button', { name: `One more ${item.name}` }).count()).resolves.toBe(1);
    }
    expect(menu.items.some((i) => i.available > 0)).toBe(true);
    // In the bakery's zone (Sydney), whatever the browser's (New York here).
    await expect(page.getByTestId('hours').innerText()).resolves.toBe('Open now · closes at 5:00 pm');
    // An anonymous visitor's page asks the auth service nothing (no 401 in its console).
    expect(tokenCalls).toEqual([]);
    await screenshot(page, 'storefront-01-menu-signed-out');

    // Sign in with the keyboard: Tab to "Sign in", Enter, the provider's form, back signed in.
    await tabTo(page, page.getByRole('link', { name: 'Sign in' }).first());
    await Promise.all([page.waitForURL(/\/interaction\/|\/login|\/auth/), page.keyboard.press('Enter')]);
    await page.getByLabel('Username').waitFor();
    await screenshot(page, 'storefront-02-provider-sign-in');
    await page.getByLabel('Username').focus();
    await page.keyboard.type('ava');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct-horse-battery');
    await Promise.all([page.waitForURL(`${bakery.baseUrl}/`), page.keyboard.press('Enter')]);
    await expect(page.getByTestId('user-name').innerText()).resolves.toBe('ava');
    await expect(page.getByTestId('balance').innerText()).resolves.toBe('$0.00');
    await screenshot(page, 'storefront-03-signed-in');

    // Top-up: checked before sending, the bank's refusal in plain words next to the field, then done.
    const amount = page.getByLabel('Top up (AUD)');
    await tabTo(page, amount);
    await page.keyboard.type('12.345');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('top-up-message').innerText()).resolves.toMatch(
      /two digits after the point/,
    );
    await expect(amount.getAttribute('aria-invalid')).resolves.toBe('true');
    const deposits: number[] = [];
    page.on('request', (r) => r.url().endsWith('/deposits') && deposits.push(1));
    await amount.fill('');
    await page.keyboard.type('5000');
    await page.keyboard.press('Enter');
    await page.getByText('The most you can add at once is $1,000.00.').waitFor();
    expect(deposits).toHaveLength(1);
    await screenshot(page, 'storefront-04-top-up-refused');
    await amount.fill('');
    await page.keyboard.type('25');
    await page.keyboard.press('Enter');
    await page.getByTestId('balance').getByText('$25.00').waitFor();
    await expect(page.getByTestId('top-up-message').innerText()).resolves.toBe('Added $25.00.');
    await screenshot(page, 'storefront-05-topped-up');

    // A reload keeps me signed in (the refresh cookie), with my balance.
    await page.reload();
    await expect(page.getByTestId('user-name').innerText()).resolves.toBe('ava');
    await page.getByTestId('balance').getByText('$25.00').waitFor();

    // The one failed request is the refused deposit this test asked for.
    await expect(
      unexpectedErrors(problems, bakery.baseUrl, [{ status: 400, path: '/api/bank/accounts/me/deposits' }]),
    ).resolves.toEqual([]);
    await context.close();
  });

  it('lays the menu out for a 390 px phone without sideways scrolling', async () => {
    const { page, problems, context } = await openPage(browser, { width: 390, height: 844 });
    await page.goto(`${bakery.baseUrl}/`);
    await page.locator('.menu__grid > li.card').first().waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'storefront-06-phone-menu');
    await expect(unexpectedErrors(problems, bakery.baseUrl)).resolves.toEqual([]);
    await context.close();
  });
});
