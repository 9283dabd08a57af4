// The counter's words in a German shop (de-DE, EUR): a refusal shown word for word reads its amounts as the
// screen writes them ("5,00 € is more than the 1,25 € due", not "amount: 5.00 is more than the 1.25 due"), a
// redemption wholly over the pass reads "1 over" in the recent list (not "−0 · 1 over"), and the screen reader
// hears the balance the German way ("now 8,5", not "now 8.5").
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { axe, SCREENS, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;

test.beforeAll(async ({ browser }) => {
  await host.setClock('2026-05-12T09:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'Kaffeehaus Ecke', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Getränk', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
  const keks = await host.call<{ id: number }>('items.save', { clientId: clientId(), name: 'Keks', usageUnit: 'Stück', rate: '1', cashPrice: '1.25', hotkey: '1', category: 'Gebäck' });
  await host.call('items.save', { clientId: clientId(), name: 'Cold Brew', usageUnit: 'Getränk', rate: '1.5', cashPrice: '5.50', hotkey: '2', category: 'Kaffee' });
  const flex = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Flex', credits: '2', price: '2.50', validity: 'month', overagePolicy: 'allow' });
  const karte = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Kaffeekarte', credits: '10', price: '19.90', validity: 'month', overagePolicy: 'block' });
  const bernd = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Bernd Roth' });
  const anna = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Anna Klein' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: bernd.id, planId: flex.id, paymentMethod: 'card' });
  await host.call('passes.sell', { clientId: clientId(), customerId: anna.id, planId: karte.id, paymentMethod: 'card' });
  // Bernd spends his two, then one biscuit wholly over, on account: 1,25 € due
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: keks.id, quantity: '2' }] });
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: keks.id, quantity: '1' }], overageSettlement: 'account' });
  await host.call('owner.lock');
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  page = await context.newPage();
  await page.goto(host.url);
});
test.afterAll(async () => { await page.context().close(); });

async function open(name: string) {
  const search = page.getByTestId('search');
  await expect(search).toBeFocused();
  await search.fill(name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('a redemption wholly over the pass reads "1 over", and paying too much is refused in euros', async () => {
  await open('Bernd Roth');
  const rows = page.getByTestId('recent').getByRole('listitem');
  await expect(rows.first()).toContainText('1× Keks');
  // the row's credits (the newest row may also offer its Undo while the window is open)
  await expect(rows.first().locator('span').nth(1)).toHaveText('1 over');
  await expect(rows.first()).not.toContainText('−0');
  await expect(rows.nth(1)).toContainText('−2');

  await page.getByTestId('settle-open').focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('settle-dialog');
  await expect(page.getByLabel('Amount (EUR)')).toHaveValue('1,25');
  await page.getByLabel('Amount (EUR)').fill('5');
  await page.keyboard.press('Enter');
  const euro = (v: string) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(v as `${number}`);
  await expect(dialog.getByRole('alert')).toHaveText(`${euro('5')} is more than the ${euro('1.25')} due.`);
  await shot(page, 'locale-words-settle-too-much');
  await axe(page, 'settle dialog, refused in euros');
  await page.keyboard.press('Escape');
});

test('the screen reader hears the new balance the German way', async () => {
  await page.keyboard.press('Escape');
  await open('Anna Klein');
  await page.keyboard.press('F2'); // Cold Brew, 1,5
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('8,5');
  await expect(page.getByRole('status').filter({ hasText: 'Redeemed' })).toHaveText('Redeemed. Balance was 10, now 8,5.');
  await shot(page, 'locale-words-redeemed');
});

test('a pass card with long names prints on one card, with its code; a right-to-left name keeps the code whole', async () => {
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('shop.update', { clientId: clientId(), name: 'Kaffeehaus Ecke am Prenzlauer Berg – Rösterei & Konditorei' });
  const plan = await host.call<{ plans: Array<{ id: number; name: string }> }>('plans.list', {});
  const long = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Maximiliana Wilhelmina von Hohenzollern-Sigmaringen-Württemberg' });
  await host.call('passes.sell', { clientId: clientId(), customerId: long.id, planId: plan.plans.find((p) => p.name === 'Kaffeekarte')!.id, paymentMethod: 'card' });
  await host.call('owner.lock');
  await page.reload();
  await page.addInitScript(() => { window.print = () => undefined; });
  await page.evaluate(() => { window.print = () => undefined; });
  await page.keyboard.press('Escape');
  await open('Maximiliana Wilhelmina von Hohenzollern-Sigmaringen-Württemberg');
  await page.keyboard.press('Alt+C');
  await expect(page.getByTestId('qr')).toBeVisible();
  await page.getByRole('button', { name: 'Print card' }).click();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('passcard')).toContainText(long.code);
  const pdf = path.join(SCREENS, 'locale-words-card.pdf');
  fs.writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.emulateMedia({ media: 'screen' });
  expect(execFileSync('pdfinfo', [pdf]).toString()).toMatch(/Pages:\s+1\n/);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain(long.code);
  expect(text).toMatch(/Show this card at the\s+counter\./);
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdf, path.join(SCREENS, 'locale-words-card')]);
  await page.keyboard.press('Escape');
});
