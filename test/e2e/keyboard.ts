import type { Locator, Page } from 'playwright-core';

/**
 * Moves the focus with Tab only (as a keyboard user does) until `target` has it; fails when it is
 * not reachable within `max` presses. The test then presses Enter or types, never clicks.
 */
export async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return;
  }
  throw new Error(`not reachable with Tab in ${max} presses: ${target.toString()}`);
}
