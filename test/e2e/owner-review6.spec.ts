// Defects from the sixth owner review and the time review (T7), each checked as a person at the counter or in
// the owner area meets it: dates of another year say the year (and lots of different years never merge on a
// receipt); the 80 mm statement's roll is as long as its content under the real CSP; half-typed owner work
// survives the owner session ending, and typing keeps the session alive; the change-PIN form says how many
// tries are left and when it is locked; the plan and item editors take the focus and give it back; every
// printed A4 page names the customer and its page number.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
/** Tuesday 31 March 2026, 11:00 in New York: the last day of March */
const NOW = '2026-03-31T15:00:00.000Z';

test.beforeAll(async () => {
  await host.setClock(NOW);
  ids = await setupCoffeeShop(host);
  await host.call('owner.unlock', { pin: '2468' });
  const long = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Long Pass', credits: '40', price: '70', validity: 'days', validityDays: 366, overagePolicy: 'block' });
  const year = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Year pack 30', kind: 'topup', credits: '30', price: '50', validity: 'days', validityDays: 366 });
  ids.plans['Long Pass'] = long.id;
  ids.plans['Year pack 30'] = year.id;
  await host.call('owner.lock');
});

async function ownerPage(page: Page): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Owner sections' })).toBeVisible();
}
const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true });

test('T7: a date in another year says the year; a receipt never merges lots ending on the same day of different years', async ({ page }) => {
  const mira = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Mira Year' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: mira.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await host.call('passes.topUp', { clientId: clientId(), passId: pass.id, packId: ids.plans['Year pack 30'], paymentMethod: 'cash' });

  await page.addInitScript(() => { window.print = () => undefined; });
  await page.goto(host.url);
  const search = page.getByTestId('search');
  await expect(search).toBeFocused();

  // selling the 366-day pass on 31 Mar 2026: valid through 31 Mar 2027, with the year
  await page.keyboard.press('Alt+N');
  const dialog = page.getByTestId('sell-dialog');
  await dialog.getByRole('radio', { name: /Long Pass/ }).check();
  await expect(dialog.getByTestId('sell-quote')).toHaveText('These 40 drinks valid through Mar 31, 2027.');
  await dialog.getByRole('radio', { name: /Coffee Pass/ }).check();
  await expect(dialog.getByTestId('sell-quote')).toContainText('valid through Mar 31'); // this year: no year
  await expect(dialog.getByTestId('sell-quote')).not.toContainText('2026');
  await dialog.getByRole('radio', { name: /Long Pass/ }).check();
  await shot(page, 'r6-01-sell-quote-year');
  await page.keyboard.press('Escape');

  // the receipt: 9 drinks end tonight, 30 a year later
  await search.focus();
  await page.keyboard.type(mira.code, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Mira Year' })).toBeVisible();
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toHaveText('39');
  await page.keyboard.press('Alt+R');
  await page.emulateMedia({ media: 'print' });
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toBeVisible();
  const ends = receipt.locator('tr').filter({ hasText: /drinks?\s*Mar \d+/ });
  await expect(ends).toHaveCount(2);
  await expect(ends.nth(0)).toHaveText(/^9 drinks\s*Mar 31$/);
  await expect(ends.nth(1)).toHaveText(/^30 drinks\s*Mar 31, 2027$/);
  await receipt.screenshot({ path: path.join(SCREENS, 'r6-02-receipt-years.png') });
  await page.emulateMedia({ media: 'screen' });
});

test('the plan and item editors take the focus when opened from the keyboard, and give it back to the row on close', async ({ page }) => {
  await ownerPage(page);
  await section(page, 'Plans & items').click();
  const edit = page.getByRole('button', { name: 'Edit Coffee Pass' });
  await edit.focus();
  await page.keyboard.press('Enter');
  const name = page.getByRole('form', { name: 'plan details' }).getByLabel('Name');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('Coffee Pass');
  await shot(page, 'r6-03-plan-editor-focus');
  await axe(page, 'plan editor opened from the keyboard');
  // Cancel from the keyboard: the focus goes back to the row's Edit
  await page.getByRole('button', { name: 'Cancel' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Edit Coffee Pass' })).toBeFocused();

  // an item: Enter opens, Save closes, the focus is back on that item's Edit
  await page.getByRole('button', { name: 'Items', exact: true }).click();
  await page.getByRole('button', { name: 'Edit Espresso' }).focus();
  await page.keyboard.press('Enter');
  const itemName = page.getByRole('form', { name: 'item details' }).getByLabel('Name');
  await expect(itemName).toBeFocused();
  await page.getByRole('form', { name: 'item details' }).getByLabel('Category').fill('Coffee bar');
  await page.getByRole('button', { name: 'Save item' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Saved “Espresso”/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit Espresso' })).toBeFocused();

  // New item: Back to the list returns to New item
  await page.getByRole('button', { name: 'New item' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('form', { name: 'item details' }).getByLabel('Name')).toBeFocused();
  await page.getByRole('button', { name: 'Back to the list' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'New item' })).toBeFocused();
  await shot(page, 'r6-04-focus-back-on-new');
});

// last in the file: it locks owner mode for a while
test('changing the PIN: wrong current PINs say how many tries are left; the lockout is said clearly and the form stops', async ({ page }) => {
  await ownerPage(page);
  await section(page, 'Settings & data').click();
  await page.getByRole('button', { name: 'Owner PIN', exact: true }).click();
  const form = page.getByRole('form', { name: 'Owner PIN' });
  const currentPin = form.getByLabel('Current PIN');
  for (let i = 1; i <= 4; i++) {
    await currentPin.fill('0000');
    await form.getByLabel('New PIN (4–12 digits)').fill('5678');
    await form.getByLabel('New PIN again').fill('5678');
    await form.getByRole('button', { name: 'Change PIN' }).click();
    const left = 5 - i;
    await expect(currentPin).toHaveAccessibleDescription(new RegExp(`The current PIN is not right\\. ${left} attempts? left before owner mode locks`));
    await expect(currentPin).toHaveAttribute('aria-invalid', 'true');
    if (i === 1) { await shot(page, 'r6-05-pin-attempts-left'); await axe(page, 'change PIN, wrong current PIN'); }
  }
  await currentPin.fill('0000');
  await form.getByRole('button', { name: 'Change PIN' }).click();
  const lockedMsg = form.getByTestId('pin-locked');
  await expect(lockedMsg).toContainText(/Too many wrong PINs\. Owner mode is locked until \d\d:\d\d [AP]M \(about 5 minutes\)/);
  await expect(lockedMsg).toBeFocused();
  await expect(currentPin).toBeDisabled();
  await expect(form.getByLabel('New PIN (4–12 digits)')).toBeDisabled();
  await expect(form.getByRole('button', { name: 'Change PIN' })).toBeDisabled();
  await expect(form.getByLabel('New PIN (4–12 digits)')).not.toHaveAttribute('aria-invalid', 'true'); // not under "New PIN"
  await shot(page, 'r6-06-pin-locked');
  await axe(page, 'change PIN, locked out');
});
