// A walk-in without a pass buys at the cash price (Alt+W): item keys add, Enter charges, the receipt prints on the
// 80 mm roll, Undo gives the money back inside the window, Enter starts the next sale; the day's report and till
// count it. A cart that costs nothing is refused in words.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';
import { openCounter } from './support/counter';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
test.beforeAll(async () => {
  await setupCoffeeShop(host);
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('items.save', { clientId: clientId(), name: 'Tap water', usageUnit: 'glass', rate: '1', cashPrice: '0', hotkey: '9' });
  await host.call('owner.lock');
});

type Day = { cashSales: number; cashSalesAmount: string; cashSalesRevenue: string; refunds: string; till: { cash: string; card: string; other: string } };
const today = async () => {
  await host.call('owner.unlock', { pin: '2468' });
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date()); // the shop's day: YYYY-MM-DD
  const d = await host.call<{ totals: Day }>('reports.daily', { from: date, to: date });
  await host.call('owner.lock');
  return d.totals;
};

test('a walk-in buys two cappuccinos and an espresso by card; the receipt prints; Undo gives it back; Enter starts the next', async ({ page }) => {
  await page.addInitScript(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
  await openCounter(page, host);
  await page.keyboard.press('Alt+W');
  const dialog = page.getByTestId('cash-dialog');
  await expect(dialog.getByRole('heading', { name: 'Sale without a pass' })).toBeVisible();
  await expect(dialog.getByTestId('cash-submit')).toBeFocused();
  // the items' own keys, as at the counter, and a tap
  await page.keyboard.press('1');
  await page.keyboard.press('1');
  await dialog.getByRole('button', { name: /Add Espresso/ }).click();
  await expect(dialog.getByTestId('cash-line')).toHaveText([/^2 × Cappuccino.*\$9\.00$/, /^1 × Espresso.*\$2\.50$/]);
  await expect(dialog.getByTestId('cash-total')).toHaveText('$11.50');
  await dialog.getByRole('radio', { name: 'Card' }).check();
  await dialog.getByTestId('cash-submit').focus();
  await shot(page, 'cash-sale-01-cart');
  await axe(page, 'a sale without a pass');
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('cash-done')).toHaveText('✓ $11.50 taken (card).');
  await expect(page.getByTestId('counter-voice')).toHaveText('Sold without a pass: $11.50 taken (card).');
  await expect(dialog.getByTestId('cash-undo')).toHaveText(/^Undo \((2:00|1:5\d) left\) Alt\+U$/);
  expect(await today()).toMatchObject({ cashSales: 1, cashSalesAmount: '11.50', till: { card: '11.50' } });
  await shot(page, 'cash-sale-02-sold');
  await axe(page, 'a sale without a pass, made');

  // its receipt on the 80 mm roll
  await dialog.getByTestId('cash-print').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('cash-sale-receipt');
  await expect(paper).toContainText(/2 × Cappuccino\s*@ \$4\.50\s*\$9\.00/);
  await expect(paper).toContainText(/Total \(card\)\s*\$11\.50/);
  fs.mkdirSync(SCREENS, { recursive: true });
  const pdf = path.join(SCREENS, 'cash-sale-receipt.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Pages:\s+1\n/);
  expect(execFileSync('pdftotext', ['-layout', pdf, '-']).toString()).toMatch(/Total \(card\)\s+\$11\.50/);
  await page.emulateMedia({ media: 'screen' });

  // rung up by mistake: undone inside the window, the card gets it back
  await dialog.getByTestId('cash-undo').click();
  await expect(dialog.getByTestId('cash-done')).toHaveText('Undone: hand back $11.50 to the card.');
  await expect(dialog.getByTestId('cash-undo')).toBeHidden();
  expect(await today()).toMatchObject({ cashSales: 1, cashSalesRevenue: '0.00', refunds: '11.50', till: { card: '0.00' } });
  await shot(page, 'cash-sale-03-undone');
  await axe(page, 'a sale without a pass, undone');

  // Enter: the next sale, an empty cart
  await expect(dialog.getByTestId('cash-next')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('cash-empty')).toBeVisible();
  await page.keyboard.press('2'); // cold brew
  await page.keyboard.press('F5'); // the fifth item, the latte (no key of its own), by its place as at the counter
  await expect(dialog.getByTestId('cash-line')).toHaveText([/Cold brew/, /Latte/]);
  await page.keyboard.press('Enter');
  await expect(dialog.getByTestId('cash-done')).toHaveText('✓ $10.25 taken (cash).');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('search')).toBeFocused();
  expect(await today()).toMatchObject({ cashSales: 2, cashSalesRevenue: '10.25', till: { cash: '10.25', card: '0.00' } });
});

test('a cart that costs nothing is refused in words, and nothing is charged', async ({ page }) => {
  await openCounter(page, host);
  await page.getByRole('button', { name: /Sale without a pass/ }).click();
  const dialog = page.getByTestId('cash-dialog');
  await page.keyboard.press('9');
  await expect(dialog.getByTestId('cash-total')).toHaveText('$0.00');
  const before = await today();
  await dialog.getByTestId('cash-submit').click();
  await expect(dialog.getByTestId('cash-error')).toHaveText('"Tap water" has no cash price, so there is nothing to charge; the owner sets cash prices under Plans & items.');
  expect(await today()).toEqual(before);
  // taken off again with −, the cart is empty and Charge waits
  await dialog.getByRole('button', { name: 'One Tap water less' }).click();
  await expect(dialog.getByTestId('cash-submit')).toHaveAttribute('aria-disabled', 'true');
  await expect(dialog.getByTestId('cash-empty')).toBeVisible();
});

test('at 200 % zoom of a 1024×768 window the sale without a pass fits the width and Charge scrolls into view', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 512, height: 384 }, deviceScaleFactor: 2, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await openCounter(page, host);
  await page.keyboard.press('Alt+W');
  const dialog = page.getByTestId('cash-dialog');
  // keys go to the dialog once it holds the focus, as a cashier sees it open before typing
  await expect(dialog.getByTestId('cash-submit')).toBeFocused();
  await page.keyboard.press('1');
  await page.keyboard.press('3');
  await expect(dialog.getByTestId('cash-total')).toHaveText('$7.00');
  const fits = () => dialog.evaluate((d) => d.scrollWidth <= d.clientWidth && document.documentElement.scrollWidth <= window.innerWidth);
  expect(await fits()).toBe(true);
  const charge = dialog.getByTestId('cash-submit');
  await charge.scrollIntoViewIfNeeded();
  await expect(charge).toBeInViewport();
  await shot(page, 'cash-sale-04-zoom200');
  await charge.click();
  await expect(dialog.getByTestId('cash-done')).toHaveText('✓ $7.00 taken (cash).');
  expect(await fits()).toBe(true);
  await context.close();
});
