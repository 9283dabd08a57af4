// The counter as a cashier meets it: the screen open with the search box focused, and a card scanned.
import { expect, type Page } from '@playwright/test';
import type { Host } from './host';

export async function openCounter(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
}

/** A keyboard-wedge scanner: the code's keys as fast as they come, then Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
}
