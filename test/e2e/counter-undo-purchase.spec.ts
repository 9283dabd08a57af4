// A sale or top-up rung up by mistake, undone at the counter without the owner: the confirmation's Undo (or Alt+U)
// while the undo window is open, the money to hand back said and shown, the ledger's refusal when the pass was
// used since, and a second Alt+U that does not fall through to the redemption before it.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { openCounter, scan } from './support/counter';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

type Pass = { id: number; status: string; balance: string; lots: { id: number; source: string }[] };
const pass = (passId: number) => host.call<Pass>('passes.get', { passId });
const newCustomer = (name: string) => host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name });

/** A customer holding a Coffee Pass bought in cash, open at the counter. */
async function openWithPass(page: Page, name: string): Promise<Pass> {
  const c = await newCustomer(name);
  const p = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await openCounter(page, host);
  await scan(page, c.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name })).toBeVisible();
  return p;
}

async function sell(page: Page, plan: RegExp, method: 'Cash' | 'Card' | 'Other') {
  await page.keyboard.press('Alt+S');
  const dialog = page.getByTestId('sell-dialog');
  await dialog.getByRole('radio', { name: plan }).check();
  await dialog.getByRole('radio', { name: method }).check();
  await dialog.getByTestId('sell-submit').click();
  await expect(dialog).toBeHidden();
}

test('a sale paid by card, undone with Alt+U: hand back $20.00 to the card, the pass cancelled, a refund slip', async ({ page }) => {
  await page.addInitScript(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
  const gus = await newCustomer('Gus Wrong');
  await openCounter(page, host);
  await scan(page, gus.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Gus Wrong' })).toBeVisible();
  await sell(page, /Coffee Pass/, 'Card');
  await expect(page.getByTestId('counter-confirmation')).toHaveText('✓ Pass sold: Coffee Pass.');
  const undo = page.getByTestId('undo-purchase');
  await expect(undo).toHaveText(/^Undo sale \((2:00|1:5\d) left\)/);
  await expect(undo).toHaveAttribute('aria-keyshortcuts', 'Alt+U');
  await expect(page.getByTestId('search')).toBeFocused();
  await shot(page, 'undo-purchase-01-sold');
  await axe(page, 'a sale with its undo');
  const sold = (await host.call<{ passes: Pass[] }>('customers.get', { id: gus.id })).passes[0]!;

  await page.keyboard.press('Alt+U');
  await expect(page.getByTestId('counter-confirmation')).toHaveText('Sale undone: hand back $20.00 to the card.');
  await expect(page.getByTestId('counter-voice')).toHaveText('Sale undone: hand back $20.00 to the card. The pass is cancelled.');
  await expect(undo).toBeHidden();
  await expect(page.getByTestId('customer-panel')).toContainText('cancelled');
  expect(await pass(sold.id)).toMatchObject({ status: 'cancelled', balance: '0' });
  // the receipt button now prints the refund slip, and Alt+R is about it (not the redemption before)
  await expect(page.getByTestId('print-purchase-receipt')).toHaveAccessibleName('Print refund slip');
  await shot(page, 'undo-purchase-02-sale-undone');
  await axe(page, 'a sale undone');
  await page.keyboard.press('Alt+R');
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByTestId('purchase-receipt');
  await expect(slip).toContainText('REFUND: sale undone');
  await expect(slip).toContainText('Gus Wrong');
  await expect(slip).toContainText(/Coffee Pass\s*10 drinks/);
  await expect(slip).toContainText(/paid \$20\.00 \(card\)/);
  await expect(slip).toContainText(/Credits taken back\s*−10 drinks/);
  await expect(slip).toContainText(/Paid back \(card\)\s*\$20\.00/);
  await expect(slip).toContainText(/Balance now\s*0 drinks/);
  await expect(slip).toContainText('The pass is cancelled.');
  await shot(page, 'undo-purchase-02b-refund-slip');
  await page.emulateMedia({ media: 'screen' });
  // a second Alt+U: said, nothing else undone
  await page.keyboard.press('Alt+U');
  await expect(page.getByTestId('counter-voice')).toHaveText('This sale is undone already.');
});

test('a top-up in cash, undone with the button: only its credits go back; a second Alt+U leaves the drink before it', async ({ page }) => {
  const p = await openWithPass(page, 'Hal Topper');
  await expect(page.getByTestId('balance')).toHaveText('10');
  // a drink, then the top-up: the top-up is the newest thing, so Alt+U is about it
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance-after')).toHaveText('9');
  await page.keyboard.press('Alt+T');
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('topup-dialog')).toBeHidden();
  await expect(page.getByTestId('balance')).toHaveText('14');
  await expect(page.getByTestId('undo-purchase')).toHaveText(/^Undo top-up \(/);
  // one key, one button: Alt+U stands by the top-up's Undo only; the drink's Undo says what it undoes and shows no key
  await expect(page.getByTestId('undo-purchase')).toHaveAttribute('aria-keyshortcuts', 'Alt+U');
  await expect(page.getByTestId('undo')).toHaveText(/^Undo redemption \(\d:\d\d left\)$/);
  await expect(page.getByTestId('undo')).not.toHaveAttribute('aria-keyshortcuts');
  await shot(page, 'undo-purchase-03-topped-up');
  await page.getByTestId('undo-purchase').click();
  await expect(page.getByTestId('counter-confirmation')).toHaveText('Top-up undone: hand back $10.00 in cash.');
  await expect(page.getByTestId('balance')).toHaveText('9');
  await expect(page.getByTestId('search')).toBeFocused();
  expect((await pass(p.id)).status).toBe('active');
  await shot(page, 'undo-purchase-04-topup-undone');
  await page.keyboard.press('Alt+U');
  await expect(page.getByTestId('counter-voice')).toHaveText('This top-up is undone already.');
  const recent = await host.call<{ redemptions: { voided: boolean }[] }>('counter.recent', { passId: p.id });
  expect(recent.redemptions.map((r) => r.voided)).toEqual([false]);
  await expect(page.getByTestId('balance')).toHaveText('9');
});

test('used since (another till redeemed): the ledger refuses, the screen says to ask the owner, nothing is paid back', async ({ page }) => {
  const p = await openWithPass(page, 'Ivy Busy');
  await page.keyboard.press('Alt+T');
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('balance')).toHaveText('15');
  await host.call('counter.redeem', { clientId: clientId(), passId: p.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '1' }] });
  await page.getByTestId('undo-purchase').click();
  await expect(page.getByTestId('undo-purchase-error')).toHaveText('The pass was used after this top-up, so the counter cannot undo it; the owner can refund it.');
  await expect(page.getByTestId('balance')).toHaveText('14'); // read again: the other till's drink, and no refund
  await expect(page.getByTestId('undo-purchase')).toBeHidden(); // refused for good: no button to press again
  await expect(page.getByTestId('print-purchase-receipt')).toBeVisible();
  const after = await pass(p.id);
  expect(after.balance).toBe('14');
  expect(after.lots.filter((l) => l.source === 'topup')).toHaveLength(1);
  await shot(page, 'undo-purchase-05-refused');
  await axe(page, 'an undo refused');
});

test('at 200 % zoom of a 1024×768 window the undo and the money to hand back fit the width', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 512, height: 384 }, deviceScaleFactor: 2, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await openWithPass(page, 'Jo Zoom-Wilhelmina von Hohenzollern');
  await page.keyboard.press('Alt+T');
  await page.getByTestId('topup-submit').click();
  const undo = page.getByTestId('undo-purchase');
  await undo.scrollIntoViewIfNeeded();
  await expect(undo).toBeInViewport();
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  expect(await fits()).toBe(true);
  await shot(page, 'undo-purchase-06-zoom200');
  await page.keyboard.press('Alt+U');
  const said = page.getByTestId('counter-confirmation');
  await expect(said).toHaveText('Top-up undone: hand back $10.00 in cash.');
  await said.scrollIntoViewIfNeeded();
  await expect(said).toBeInViewport();
  expect(await fits()).toBe(true);
  await shot(page, 'undo-purchase-07-zoom200-undone');
  await context.close();
});
