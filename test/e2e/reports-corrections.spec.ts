// Reports → Corrections: the owner checks what was undone, voided, adjusted and refunded, by whom and why, across
// every customer; a name opens that customer.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

test('the corrections of the last month: who, what, for whom and why, and what went back', async ({ browser }) => {
  const sell = async (name: string) => {
    const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name });
    return (await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' })).id;
  };
  const gus = await sell('Gus Undo');
  const hal = await sell('Hal Refund');
  const twice = await host.call<{ redemptionId: number }>('counter.redeem', { clientId: clientId(), passId: gus, items: [{ itemId: ids.items['Cappuccino'], quantity: '1' }] });
  await host.call('counter.undo', { clientId: clientId(), redemptionId: twice.redemptionId }); // the counter, no PIN
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('passes.adjust', { clientId: clientId(), passId: gus, credits: '2', reason: 'Machine down' });
  await host.call('passes.refund', { clientId: clientId(), passId: hal, reason: 'Moving away', paymentMethod: 'cash' });
  await host.call('owner.lock');

  const page = await ownerPage(browser, host, { downloads: true });
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('group', { name: 'Report' }).getByRole('button', { name: 'Corrections' }).click();
  await expect(page.getByTestId('corrections-summary')).toHaveText('3 corrections; $20.00 went back to customers.');
  const rows = page.getByTestId('corrections-table').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  const cells = async (i: number) => (await rows.nth(i).locator('td').allInnerTexts()).slice(1).map((t) => t.replace(/\s+/g, ' ').trim());
  expect(await cells(0)).toEqual(['Owner', 'Refund', 'Hal Refund', 'Refunded and cancelled · Coffee Pass #2 — Moving away', '-10', '-$20.00']);
  expect(await cells(1)).toEqual(['Owner', 'Adjustment', 'Gus Undo', 'Credits added · Coffee Pass #1 — Machine down', '2', '']);
  expect(await cells(2)).toEqual(['Counter', 'Undone', 'Gus Undo', 'Redemption undone at the counter: Cappuccino × 1 · Coffee Pass #1', '1', '']);
  await shot(page, 'reports-corrections-01');
  await axe(page, 'corrections report');
  // the same range as CSV for the accountant, oldest first
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save CSV…' }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/^passbook-corrections-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}-\d{8}-\d{6}\.csv$/);
  const csv = fs.readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('at,local_time,by,kind,customer_id,customer,pass_id,plan,description,credits,money,currency,reason');
  expect(csv.slice(1).map((l) => l.split(',').slice(2).join(','))).toEqual([
    'counter,undo,1,Gus Undo,1,Coffee Pass,Redemption undone at the counter: Cappuccino × 1,1,,USD,',
    'owner,adjust,1,Gus Undo,1,Coffee Pass,Credits added,2,,USD,Machine down',
    'owner,refund,2,Hal Refund,2,Coffee Pass,Refunded and cancelled,-10,-20.00,USD,Moving away',
  ]);
  await expect(page.getByTestId('corrections-csv-saved')).toContainText(`3 rows. Downloaded ${download.suggestedFilename()}`);
  await shot(page, 'reports-corrections-02-csv');
  // a day with none
  await page.getByLabel('From').fill('2026-01-01');
  await page.getByLabel('To').fill('2026-01-31');
  await expect(page.getByTestId('corrections-summary')).toHaveText('0 corrections; $0.00 went back to customers.');
  await expect(rows).toHaveText(['No corrections in these days.']);
  await page.getByLabel('To').fill('2026-12-31');
  await page.getByLabel('From').fill('2026-11-01');
  // the name opens the customer
  await rows.nth(1).getByRole('button', { name: 'Gus Undo' }).click();
  await expect(page.getByRole('heading', { name: 'Gus Undo' })).toBeVisible();
  await page.context().close();
});
