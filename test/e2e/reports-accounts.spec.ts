// The accounts report (a trial balance): what the till, the card terminal, customers' unused credits and each kind of
// revenue stand at for a month, each column adding up to zero.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';

const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

test('the owner reads the month\'s accounts: cash, card, unused credits, revenue; the books balance', async ({ browser }) => {
  const kit = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Kit Ledger' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: kit.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '3' }] });
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('passes.refundCredits', { clientId: clientId(), passId: pass.id, credits: '2', reason: 'Leaving', paymentMethod: 'card' });

  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('group', { name: 'Report' }).getByRole('button', { name: 'Accounts', exact: true }).click();
  const table = page.getByTestId('accounts-table');
  const row = (account: string) => table.locator('tbody tr', { hasText: account });
  await expect(row('assets:cash').locator('td')).toHaveText(['assets:cash', 'Cash taken, less cash paid back', '$0.00', '$20.00', '$20.00']);
  await expect(row('assets:card').locator('td')).toHaveText(['assets:card', 'Card payments taken, less paid back', '$0.00', '-$4.00', '-$4.00']);
  await expect(row('liabilities:deferred-revenue').locator('td')).toHaveText(['liabilities:deferred-revenue', 'Credits paid for and not used yet: owed to customers', '$0.00', '-$10.00', '-$10.00']);
  await expect(row('revenue:redemptions').locator('td')).toHaveText(['revenue:redemptions', 'Credits used', '$0.00', '-$6.00', '-$6.00']);
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(page.getByTestId('accounts-total')).toHaveText(/^Total \(the books balance\)\s*\$0\.00\s*\$0\.00\s*\$0\.00$/);
  await expect(table.getByRole('columnheader', { name: 'Now' })).toBeVisible(); // this month: the balances are as of now
  await shot(page, 'reports-accounts-01-month');
  await axe(page, 'accounts report');
  // as CSV for a spreadsheet: the same figures and words, downloaded from the exports folder beside the ledger
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save CSV…' }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^passbook-accounts-\d{4}-\d{2}-\d{8}-\d{6}\.csv$/);
  const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('month,from,to,as_of,account,description,opening,change,closing,currency');
  expect(csv.slice(1).map((l) => l.split(',').slice(4).join(','))).toEqual([
    'assets:card,"Card payments taken, less paid back",0.00,-4.00,-4.00,USD',
    'assets:cash,"Cash taken, less cash paid back",0.00,20.00,20.00,USD',
    'liabilities:deferred-revenue,Credits paid for and not used yet: owed to customers,0.00,-10.00,-10.00,USD',
    'revenue:redemptions,Credits used,0.00,-6.00,-6.00,USD',
  ]);
  await expect(page.getByTestId('accounts-csv-saved')).toHaveText(`4 rows. Downloaded ${download.suggestedFilename()} (see your browser's downloads). A copy stays in the exports folder beside the ledger (${download.suggestedFilename()}).`);
  await shot(page, 'reports-accounts-01b-csv');
  // on paper for the accountant: Print… opens the system dialog; the page itself, as a PDF, says the same figures
  await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
  await page.getByRole('button', { name: 'Print…' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  fs.mkdirSync(SCREENS, { recursive: true });
  const pdf = path.join(SCREENS, 'reports-accounts.pdf');
  await page.evaluate(() => document.body.classList.add('owner-printing'));
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.evaluate(() => document.body.classList.remove('owner-printing'));
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain('Test Coffee');
  expect(text).toContain('ACCOUNTS');
  // (the description wraps onto a second line on A4)
  expect(text).toMatch(/liabilities:deferred-revenue\s+Credits paid for and not used yet: owed to\s+\$0\.00\s+-\$10\.00\s+-\$10\.00/);
  expect(text).toMatch(/As of\s+\w{3} \d{1,2}, \d{4}/);
  expect(text).toMatch(/assets:cash\s+Cash taken, less cash paid back\s+\$0\.00\s+\$20\.00\s+\$20\.00/);
  expect(text).toMatch(/Total \(the books balance\)\s+\$0\.00\s+\$0\.00\s+\$0\.00/);
  expect(text).not.toContain('Owner sections'); // only the paper, not the screen
  for (const f of fs.readdirSync(SCREENS)) if (/^reports-accounts-page-\d+\.png$/.test(f)) fs.rmSync(path.join(SCREENS, f));
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, path.join(SCREENS, 'reports-accounts-page')]);
  expect(fs.readdirSync(SCREENS).filter((f) => /^reports-accounts-page-\d+\.png$/.test(f))).toHaveLength(1);
  // the month before: nothing in the books yet
  const month = page.getByLabel('Month');
  const now = await month.inputValue();
  const [y, m] = now.split('-').map(Number) as [number, number];
  await month.fill(m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`);
  await expect(table.locator('tbody tr')).toHaveText(['Nothing in the books by the end of this month.']);
  await expect(table.getByRole('columnheader', { name: 'Closing' })).toBeVisible();
  await page.context().close();
});
