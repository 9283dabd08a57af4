// A sale or a top-up gets a receipt, as a redemption does: what was bought, the money taken and how, and what the pass
// holds now. Alt+R prints the newest thing done: the sale or top-up while its confirmation shows, else the last redemption.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => {
  ids = await setupCoffeeShop(host);
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('plans.save', { clientId: clientId(), name: 'Coffee 3 months', credits: '10', price: '20', validity: 'month', periods: 3 });
  await host.call('owner.lock');
});

test('a sale and a top-up each print their own receipt; Alt+R prints the newest thing done', async ({ page }) => {
  await page.addInitScript(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
  const printed = () => page.evaluate(() => (window as unknown as { printed: number }).printed);
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  // nothing done yet: Alt+R prints nothing, and says why
  await page.keyboard.press('Alt+R');
  await expect(page.getByTestId('counter-voice')).toHaveText('Nothing to print yet: a receipt follows a redemption, a sale or a top-up.');
  expect(await printed()).toBe(0);

  // sell a new customer the Coffee Pass by card
  await page.keyboard.press('Alt+N');
  const dialog = page.getByTestId('sell-dialog');
  await page.getByLabel('Customer name').fill('Rosa Diaz');
  await dialog.getByRole('radio', { name: /Coffee Pass/ }).check();
  await dialog.getByRole('radio', { name: 'Card' }).check();
  await dialog.getByRole('button', { name: /and sell/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('counter-confirmation')).toHaveText('✓ Pass sold: Coffee Pass.');
  const saleButton = page.getByTestId('print-purchase-receipt');
  await expect(saleButton).toHaveAccessibleName('Print sale receipt');
  await expect(page.getByTestId('search')).toBeFocused();
  await shot(page, 'r10-sale-confirmed');
  await axe(page, 'sale confirmation with its receipt button');

  await page.keyboard.press('Alt+R');
  await expect.poll(printed).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('purchase-receipt');
  await expect(paper).toBeVisible();
  await expect(paper).toContainText('Test Coffee');
  await expect(paper).toContainText('Rosa Diaz');
  await expect(paper).toContainText('Pass sold');
  await expect(paper).toContainText(/Coffee Pass\s*10 drinks/);
  await expect(paper).toContainText(/Paid \(card\)\s*\$20\.00/);
  await expect(paper).toContainText(/Balance now\s*10 drinks/);
  await expect(paper).toContainText('Use by the end of:');
  await expect(paper).toContainText('Thank you — see you tomorrow!');
  await shot(page, 'r10-sale-receipt');
  // on the 80 mm roll: one page as long as the receipt
  fs.mkdirSync(SCREENS, { recursive: true });
  const pdf = path.join(SCREENS, 'r10-sale-receipt.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const info = execFileSync('pdfinfo', [pdf]).toString();
  expect(info).toMatch(/Pages:\s+1\n/);
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number) as [number, number];
  expect(Math.round(w / 72 * 25.4)).toBe(80);
  expect(h).toBeLessThan(500);
  expect(execFileSync('pdftotext', ['-layout', pdf, '-']).toString()).toMatch(/Paid \(card\)\s+\$20\.00/);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, path.join(SCREENS, 'r10-sale-receipt-pdf')]);
  await page.emulateMedia({ media: 'screen' });

  // a redemption is the next step: the sale's confirmation goes, and Alt+R prints the redemption
  await page.keyboard.press('F1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance-after')).toHaveText('9');
  await expect(page.getByTestId('counter-confirmation')).toBeHidden();
  await expect(saleButton).toBeHidden();
  await page.keyboard.press('Alt+R');
  await expect.poll(printed).toBe(2);
  await expect(page.getByTestId('purchase-receipt')).toHaveCount(0);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('receipt')).toContainText(/Balance after\s*9 drinks/);
  await page.emulateMedia({ media: 'screen' });

  // a top-up in cash: its receipt now, and the redemption's button no longer claims Alt+R
  await page.keyboard.press('Alt+T');
  await expect(page.getByTestId('topup-submit')).toBeFocused();
  await page.getByTestId('topup-dialog').getByRole('radio', { name: 'Cash' }).check();
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('counter-confirmation')).toHaveText('✓ Top-up added: now 14 left.');
  await expect(saleButton).toHaveAccessibleName('Print top-up receipt');
  await expect(page.getByTestId('print-receipt')).toHaveAccessibleName('Print redemption receipt');
  await expect(page.getByTestId('print-receipt')).not.toHaveAttribute('aria-keyshortcuts', /.+/);
  await shot(page, 'r10-topup-confirmed');
  await axe(page, 'top-up confirmation beside the last redemption');
  await page.keyboard.press('Alt+R');
  await expect.poll(printed).toBe(3);
  await page.emulateMedia({ media: 'print' });
  await expect(paper).toContainText('Top-up to Coffee Pass');
  await expect(paper).toContainText(/Top-up 5\s*5 drinks/);
  await expect(paper).toContainText(/Paid \(cash\)\s*\$10\.00/);
  await expect(paper).toContainText(/Balance now\s*14 drinks/);
  await shot(page, 'r10-topup-receipt');
  await page.emulateMedia({ media: 'screen' });

  // the redemption's receipt is still there by its own button
  await page.getByTestId('print-receipt').click();
  await expect.poll(printed).toBe(4);
  await expect(page.getByTestId('receipt')).toHaveCount(1);
});

test('a plan of several periods: the receipt gives all the money taken and when the other periods\' credits come', async ({ page }) => {
  await page.addInitScript(() => { window.print = () => {}; });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.press('Alt+N');
  const dialog = page.getByTestId('sell-dialog');
  await page.getByLabel('Customer name').fill('Theo Brandt');
  await dialog.getByRole('radio', { name: /Coffee 3 months/ }).check();
  await dialog.getByRole('radio', { name: 'Cash' }).check();
  await dialog.getByRole('button', { name: /and sell/ }).click();
  await expect(page.getByTestId('counter-confirmation')).toHaveText('✓ Pass sold: Coffee 3 months.');
  await page.keyboard.press('Alt+R');
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('purchase-receipt');
  await expect(paper).toContainText(/Coffee 3 months\s*10 drinks/);
  await expect(paper).toContainText('3 periods paid: 10 drinks now, and 10 more at the start of each of the next 2');
  await expect(paper).toContainText(/Paid \(cash\)\s*\$60\.00/);
  await shot(page, 'r10-sale-receipt-three-periods');
});

test('a payment against overage on account: the confirmation says what is still owed, and its receipt what was paid and how', async ({ page }) => {
  await page.addInitScript(() => { window.print = () => {}; });
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Owen Tab' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Flex Pass']!, paymentMethod: 'card' });
  const cappuccino = ids.items['Cappuccino']!;
  // 6 cappuccinos on 5 drinks: one over at $4.50, put on account
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: cappuccino, quantity: '6' }], overageSettlement: 'account' });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(c.code);
  await page.keyboard.press('Enter');
  await page.getByTestId('settle-open').click();
  const dialog = page.getByTestId('settle-dialog');
  await dialog.getByLabel(/Amount/).fill('3');
  await dialog.getByRole('radio', { name: 'Cash' }).check();
  await page.getByTestId('settle-submit').click();
  await expect(page.getByTestId('counter-confirmation')).toHaveText('✓ Payment taken: $3.00 (cash); $1.50 still owed.');
  await expect(page.getByTestId('print-purchase-receipt')).toHaveAccessibleName('Print payment receipt');
  await page.keyboard.press('Alt+R');
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('purchase-receipt');
  await expect(paper).toContainText('Payment on account · Flex Pass');
  await expect(paper).toContainText(/Overage owed before\s*\$4\.50/);
  await expect(paper).toContainText(/Paid \(cash\)\s*\$3\.00/);
  await expect(paper).toContainText(/Still owed\s*\$1\.50/);
  await shot(page, 'r10-payment-receipt');
});

test('overage charged now: the redemption\'s receipt says how it was paid', async ({ page }) => {
  await page.addInitScript(() => { window.print = () => {}; });
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Nora Card' });
  await host.call('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Flex Pass']!, paymentMethod: 'card' });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(c.code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Nora Card' })).toBeVisible(); // the items' keys need the customer open
  for (let i = 0; i < 6; i++) await page.keyboard.press('F1');
  await expect(page.getByTestId('redeem')).toContainText('Redeem 6 drinks');
  await page.keyboard.press('Enter');
  await page.getByTestId('overage-dialog').getByRole('radio', { name: 'Card' }).check();
  await page.getByTestId('overage-now').click();
  await expect(page.getByTestId('result-overage')).toContainText('$4.50 charged now');
  await page.keyboard.press('Alt+R');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('receipt')).toContainText(/Overage paid \(card\)\s*\$4\.50/);
});
