// Paper in a Swedish shop (sv-SE, SEK, Stockholm), for defects a review of printing in other locales found:
// - a statement's debits printed "+−3": a "+" went before every figure not starting with an ASCII "-", and
//   Swedish (like Norwegian, Finnish, Hebrew, Arabic) writes its minus otherwise;
// - an Arabic item name ran into the next item's quantity ("3 × 2 ,قهوة × Cold Brew"): names are isolated;
// - one long word (an item name, a name without spaces) pushed the credits and balance columns off the 80 mm
//   roll and the amounts off a receipt: it breaks now, and the figures stay;
// - a batch of statements was numbered "Page 15 of 20" across every customer: a batch numbers its pages for the
//   stack alone, and each statement says where it ends.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { SCREENS } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
const ARABIC = 'قهوة عربية بالهيل';
const LONG_ITEM = 'Prinsesstårtebitmedextramarsipanochgrädd'.repeat(2); // 80 letters, one word
const LONG_NAME = 'Abcdefghij'.repeat(12); // 120 letters, no space
const FROM = '2026-03-01T00:00:00+01:00';
const TO = '2026-04-01T00:00:00+02:00';
let annaId = 0;
let longId = 0;
let annaCode = '';

test.beforeAll(async () => {
  await host.setClock('2026-03-02T09:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'Kafé Sol', currency: 'SEK', timeZone: 'Europe/Stockholm', locale: 'sv-SE', creditUnit: 'dryck', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
  const arabic = await host.call<{ id: number }>('items.save', { clientId: clientId(), name: ARABIC, usageUnit: 'dryck', rate: '1', cashPrice: '35', hotkey: '1' });
  const brew = await host.call<{ id: number }>('items.save', { clientId: clientId(), name: 'Cold Brew (stor)', usageUnit: 'dryck', rate: '1.5', cashPrice: '45', hotkey: '2' });
  const long = await host.call<{ id: number }>('items.save', { clientId: clientId(), name: LONG_ITEM, usageUnit: 'dryck', rate: '1', cashPrice: '55', hotkey: '3' });
  const plan = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Tiokort', credits: '10', price: '300', validity: 'none', overagePolicy: 'allow' });
  const anna = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Anna Lindqvist' });
  const longName = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: LONG_NAME });
  annaId = anna.id; annaCode = anna.code; longId = longName.id;
  const annaPass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: anna.id, planId: plan.id, paymentMethod: 'card' });
  const longPass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: longName.id, planId: plan.id, paymentMethod: 'cash' });
  await host.setClock('2026-03-03T09:00:00.000Z');
  await host.call('counter.redeem', { clientId: clientId(), passId: annaPass.id, items: [{ itemId: arabic.id, quantity: '3' }, { itemId: brew.id, quantity: '2' }] });
  await host.call('counter.redeem', { clientId: clientId(), passId: longPass.id, items: [{ itemId: long.id, quantity: '1' }] });
  await host.call('owner.lock');
});

async function unlockedPage(page: Page): Promise<void> {
  const unlock = await page.request.post(`${host.url}/api/owner.unlock`, { data: { pin: '2468' } });
  expect(unlock.status()).toBe(200);
  const bind = unlock.headers()['x-passbook-bind'] ?? '';
  await page.addInitScript((b) => localStorage.setItem('passbook.ownerBind', b), bind);
}

async function statementPdf(page: Page, name: string, query: string): Promise<string> {
  await page.goto(`${host.url}/#/print/owner/statement?from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&${query}`);
  await expect(page.getByText(/Closing balance/).first()).toBeVisible();
  fs.mkdirSync(SCREENS, { recursive: true });
  const pdf = path.join(SCREENS, `${name}.pdf`);
  fs.writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(SCREENS, name)]);
  return execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
}

test('a Swedish statement writes each movement with one sign, and an Arabic item name keeps to its own place', async ({ page }) => {
  await unlockedPage(page);
  const text = await statementPdf(page, 'print-sv-statement', `size=A4&customer=${annaId}`);
  expect(text).not.toMatch(/\+\s*[−-]/);
  // the redemption: 3 + 2 × 1.5 = 6 drinks off, written with Swedish's own minus
  expect(text).toMatch(/−6\b/);
  expect(text).toMatch(/\+10\b/);
  expect(text).toMatch(/Page 1 of 1/);
  expect(text).toContain('End of statement');
  // the names isolated in the page itself: the Cold Brew's 2 follows the Arabic name, not the 3
  const line = page.locator('td', { hasText: 'Cold Brew' }).first();
  await expect(line.locator('bdi')).toHaveText([ARABIC, 'Cold Brew (stor)']);
  await expect(line).toContainText(`3 × ${ARABIC}, 2 × Cold Brew (stor)`);
});

test('on the 80 mm roll a one-word item of 80 letters breaks, and the credits and balance stay on the paper', async ({ page }) => {
  await unlockedPage(page);
  const text = await statementPdf(page, 'print-sv-roll-long', `size=80mm&customer=${longId}`);
  const flat = text.replace(/\s+/g, '');
  expect(flat).toContain(LONG_NAME); // the customer's whole name, broken across lines
  expect(flat).toContain(LONG_ITEM);
  expect(text).toMatch(/−1\b/);
  expect(text).toMatch(/Closing(\s+balance)?\s+9 dryck/); // the label may wrap on the roll; the figure stays
  expect(flat).toContain(`Endofstatement·${LONG_NAME}`);
  const info = execFileSync('pdfinfo', [path.join(SCREENS, 'print-sv-roll-long.pdf')]).toString();
  expect(Math.round(Number(/Page size:\s+([\d.]+) x/.exec(info)![1]) / 72 * 25.4)).toBe(80);
});

test('a batch of statements numbers its pages for the stack, and each statement says where it ends', async ({ page }) => {
  await unlockedPage(page);
  const text = await statementPdf(page, 'print-sv-batch', 'size=A4');
  expect(text).toMatch(/Page 1\b/);
  expect(text).not.toMatch(/Page \d+ of \d+/);
  expect(text.match(/End of statement/g)).toHaveLength(2);
  expect(text).toContain('Anna Lindqvist');
});

test('a redemption receipt keeps its credits beside an 80-letter item name', async ({ page }) => {
  await page.addInitScript(() => { window.print = () => undefined; });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(annaCode);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Anna Lindqvist' })).toBeVisible();
  await page.keyboard.press('3');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('4 → 3');
  await page.keyboard.press('Alt+R');
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('receipt');
  await expect(paper).toBeVisible();
  const pdf = path.join(SCREENS, 'print-sv-receipt-long.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, path.join(SCREENS, 'print-sv-receipt-long')]);
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text.replace(/\s+/g, '')).toContain(LONG_ITEM);
  // the line's credits, and the balance after (10 − 6 − 1 = 3)
  const box = await paper.boundingBox();
  for (const cell of await paper.locator('td').all()) {
    const b = await cell.boundingBox();
    if (b && box) expect(b.x + b.width, await cell.textContent() ?? '').toBeLessThanOrEqual(box.x + box.width + 1);
  }
  expect(text).toMatch(/Balance after\s+3 dryck/);
});
