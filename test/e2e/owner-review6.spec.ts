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
let mira: { id: number; code: string };
/** Tuesday 31 March 2026, 11:00 in New York: the last day of March */
const NOW = '2026-03-31T15:00:00.000Z';

test.beforeAll(async () => {
  // the ledger's time only moves forward: set up on 2 March, Hal's month of use, then Mira on the 31st
  await host.setClock('2026-03-02T14:00:00.000Z');
  ids = await setupCoffeeShop(host);
  await host.call('owner.unlock', { pin: '2468' });
  const long = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Long Pass', credits: '40', price: '70', validity: 'days', validityDays: 366, overagePolicy: 'block' });
  const year = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Year pack 30', kind: 'topup', credits: '30', price: '50', validity: 'days', validityDays: 366 });
  ids.plans['Long Pass'] = long.id;
  ids.plans['Year pack 30'] = year.id;
  const open = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Office Pass', credits: '1000', price: '1500', validity: 'none', overagePolicy: 'block' });
  await host.call('owner.lock');

  // Hal: an office pass used 150 times in March (a statement of several A4 pages)
  const hal = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Hal Heavyweight' });
  const office = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: hal.id, planId: open.id, paymentMethod: 'card' });
  for (let i = 0; i < 150; i++) {
    await host.setClock(new Date(Date.parse('2026-03-02T14:05:00.000Z') + i * 4 * 3_600_000).toISOString());
    await host.call('counter.redeem', { clientId: clientId(), passId: office.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '1' }] });
  }

  // Mira, on 31 March: this month's Coffee Pass and a 366-day pack
  await host.setClock(NOW);
  mira = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Mira Year' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: mira.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await host.call('passes.topUp', { clientId: clientId(), passId: pass.id, packId: year.id, paymentMethod: 'cash' });
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

/** pdfinfo's page sizes in points, one per page */
function pdfPages(file: string): Array<{ w: number; h: number }> {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '999', file]).toString();
  return [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({ w: Number(m[1]), h: Number(m[2]) }));
}
const PT_PER_MM = 72 / 25.4;

async function showStatement(page: Page, name: string, from: string, to: string, paper: 'A4' | 'Letter' | '80mm') {
  await section(page, 'Statements').click();
  const input = page.getByRole('combobox', { name: 'Customer' });
  await input.fill(name);
  await expect(page.getByRole('listbox', { name: 'Matching customers' }).getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await page.getByLabel('From').fill(from);
  await page.getByLabel('To (including)').fill(to);
  await page.getByLabel('Paper').selectOption(paper);
  await page.getByRole('button', { name: 'Show statement' }).click();
  await expect(page.getByTestId('statement-preview').getByTestId('statement-doc')).toContainText(name);
}

async function printPdf(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENS, { recursive: true });
  const file = path.join(SCREENS, name);
  await page.evaluate(() => document.body.classList.add('owner-printing'));
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  await page.evaluate(() => document.body.classList.remove('owner-printing'));
  return file;
}

test('the 80 mm statement prints as long as it is, under the app’s CSP (no inline style)', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await ownerPage(page);
  // the host serves the renderer with the Electron policy: style-src 'self'
  const csp = (await page.request.get(host.url)).headers()['content-security-policy'] ?? '';
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');

  await showStatement(page, 'Mira Year', '2026-03-01', '2026-03-31', '80mm');
  const doc = page.getByTestId('statement-preview').getByTestId('statement-doc');
  const contentMm = ((await doc.boundingBox())!.height * 25.4) / 96;
  const pdf = await printPdf(page, 'r6-statement-80mm.pdf');
  const pages = pdfPages(pdf);
  expect(pages).toHaveLength(1);
  expect(pages[0]!.w / PT_PER_MM).toBeCloseTo(80, 0);
  const heightMm = pages[0]!.h / PT_PER_MM;
  expect(heightMm, `content ${contentMm.toFixed(0)} mm`).toBeGreaterThan(contentMm);
  expect(heightMm).toBeLessThan(contentMm + 16); // measured + 10 mm, rounded up: not the 600 mm fallback
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', pdf, path.join(SCREENS, 'r6-07-statement-80mm-pdf')]);
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
});

test('a printed A4 statement names the customer and the period, with "Page n of m", on every page', async ({ page }) => {
  await ownerPage(page);
  await showStatement(page, 'Hal Heavyweight', '2026-03-01', '2026-03-31', 'A4');
  const preview = page.getByTestId('statement-preview');
  await expect(preview.locator('tr.ostatement-running').first()).toBeHidden(); // on screen the header is above
  await shot(page, 'r6-08-statement-a4-preview');
  await axe(page, 'A4 statement preview');
  const pdf = await printPdf(page, 'r6-statement-a4.pdf');
  const pages = pdfPages(pdf);
  expect(pages.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i <= pages.length; i++) {
    const text = execFileSync('pdftotext', ['-layout', '-f', String(i), '-l', String(i), pdf, '-']).toString();
    expect(text, `page ${i}`).toContain('Hal Heavyweight');
    expect(text, `page ${i}`).toContain('Mar 1, 2026 – Mar 31, 2026');
    expect(text, `page ${i}`).toContain(`Page ${i} of ${pages.length}`);
  }
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '2', '-l', '2', '-singlefile', pdf, path.join(SCREENS, 'r6-09-statement-a4-page2')]);
  execFileSync('pdftoppm', ['-png', '-r', '50', '-f', String(pages.length), '-l', String(pages.length), '-singlefile', pdf, path.join(SCREENS, 'r6-10-statement-a4-last')]);
});

test('typing keeps the owner session alive; an idle lock keeps the half-typed plan behind the gate, saved after the PIN', async ({ page }) => {
  await page.clock.install();
  await ownerPage(page);
  await section(page, 'Plans & items').click();
  await page.getByRole('button', { name: 'New plan' }).click();
  const form = page.getByRole('form', { name: 'plan details' });
  await expect(form.getByLabel('Name')).toBeFocused();

  // typing for minutes makes no call of its own: the window renews the core's session while it sees the work
  const renewals: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/owner.session')) renewals.push(r.url()); });
  await page.keyboard.type('Summer Special', { delay: 10 });
  await page.clock.runFor(60_000);
  await form.getByLabel('Credits per period').selectText();
  await page.keyboard.type('40', { delay: 10 });
  await page.clock.runFor(70_000);
  await expect.poll(() => renewals.length).toBe(1);
  await form.getByLabel(/^Price/).focus();
  await page.keyboard.type('72.50', { delay: 10 });
  await page.clock.runFor(130_000);
  await expect.poll(() => renewals.length).toBe(2);
  await page.clock.runFor(130_000); // no key pressed since the last renewal: no call
  expect(renewals.length).toBe(2);
  await expect(form).toBeVisible(); // 4 min 20 s without a key: not locked yet
  await shot(page, 'r6-11-typed-plan');

  // five minutes without a key: the gate, over the kept form
  await page.clock.runFor(60_000);
  await expect(page.getByLabel('Owner PIN')).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'What you were doing is kept' })).toBeVisible();
  await expect(form).toBeHidden();
  await shot(page, 'r6-12-idle-gate');
  await axe(page, 'gate over kept owner screens');
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(form.getByLabel('Name')).toHaveValue('Summer Special');
  await expect(form.getByLabel('Credits per period')).toHaveValue('40');
  await expect(form.getByLabel(/^Price/)).toHaveValue('72.50');
  await expect(form.getByLabel(/^Price/)).toBeFocused(); // where the owner was
  await shot(page, 'r6-13-after-pin-form-kept');
  await page.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByText(/Saved “Summer Special”/)).toBeVisible();
  const plans = await host.call<{ plans: Array<{ name: string; credits: string; price: string }> }>('plans.list', { includeArchived: true });
  const saved = plans.plans.find((p) => p.name === 'Summer Special');
  expect(saved?.credits).toBe('40');
  expect(saved?.price).toMatch(/^72\.50?$/);
});

test('a save the core refuses for an ended owner session: the PIN, then Save again, nothing retyped', async ({ page }) => {
  await ownerPage(page);
  await section(page, 'Plans & items').click();
  await page.getByRole('button', { name: 'Items', exact: true }).click();
  await page.getByRole('button', { name: 'New item' }).click();
  const form = page.getByRole('form', { name: 'item details' });
  await form.getByLabel('Name').fill('Hot chocolate');
  await form.getByLabel(/^Cash price/).fill('4.25');
  await form.getByLabel('Category').fill('Other');
  // the core ends the session behind the window's back (its 10 minutes, a restart, a lock elsewhere)
  const bind = await page.evaluate(() => localStorage.getItem('passbook.ownerBind') ?? '');
  expect((await page.request.post(`${host.url}/api/owner.lock`, { data: {}, headers: { 'x-passbook-bind': bind } })).ok()).toBe(true);
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByLabel('Owner PIN')).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'The owner session ended' })).toBeVisible();
  await shot(page, 'r6-14-refused-gate');
  await page.getByLabel('Owner PIN').fill('2468');
  await page.keyboard.press('Enter');
  await expect(form.getByLabel('Name')).toHaveValue('Hot chocolate');
  await expect(form.getByLabel('Category')).toHaveValue('Other');
  await expect(form.getByRole('alert')).toContainText('The owner session had ended, so this did not go through');
  const save = page.getByRole('button', { name: 'Save item' });
  await expect(save).toBeFocused();
  await shot(page, 'r6-15-refused-after-pin');
  await axe(page, 'item editor after a refused save and the PIN');
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Saved “Hot chocolate”/)).toBeVisible();
  await expect(page.getByRole('row', { name: /Hot chocolate/ })).toBeVisible();

  // a deliberate Lock does not keep the screens: after the PIN the owner starts from the list
  await page.getByRole('button', { name: 'New item' }).click();
  await form.getByLabel('Name').fill('Tea');
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('navigation', { name: 'Owner sections' })).toBeVisible();
  await expect(form).toHaveCount(0);
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
