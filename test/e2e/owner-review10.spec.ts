// Reviews, round 10 (the owner of a big shop): the month-end preview names the date its figures are for, not the
// date typed in the field while the next preview is on its way (seconds on a big ledger); long tables show their
// rows a page at a time, with a count, instead of putting 20,000 rows in the page.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
const PASSES = 212;

test.beforeAll(async () => {
  await host.setClock('2026-11-20T15:00:00.000Z');
  ids = await setupCoffeeShop(host);
  for (let i = 0; i < PASSES; i++) {
    const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: `Member ${String(i).padStart(3, '0')}` });
    await host.call('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass']!, paymentMethod: 'card' });
  }
});

test('the month-end preview says the date of its own figures, and shows its rows a page at a time', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Month end', exact: true }).click();
  const preview = page.getByTestId('monthend-preview');
  await expect(page.getByTestId('monthend-preview-at')).toHaveText('At Dec 1, 2026, 12:00 AM');
  await expect(preview).toContainText(`Passes affected${PASSES}`);
  // a page of rows, the count, and the rest on request
  await expect(preview.locator('tbody tr')).toHaveCount(200);
  await expect(preview.getByRole('status')).toHaveText(`200 of ${PASSES} shown`);
  await preview.getByRole('button', { name: `Show ${PASSES - 200} more` }).focus();
  await page.keyboard.press('Enter');
  await expect(preview.locator('tbody tr')).toHaveCount(PASSES);
  await expect(preview.getByRole('button', { name: /more$/ })).toHaveCount(0);
  await expect(preview.getByText(`All ${PASSES} shown`)).toBeFocused(); // the button went: the focus did not fall to the page

  // another date typed: the figures on screen still say the date they are for until Preview brings the new ones
  await page.getByLabel('Preview the close at the start of').fill('2027-01-01');
  await expect(page.getByTestId('monthend-preview-at')).toHaveText('At Dec 1, 2026, 12:00 AM');
  await expect(page.getByTestId('monthend-preview-stale')).toHaveText('These figures are for the date above: press Preview for the date you chose.');
  await shot(page, 'r10-monthend-preview-stale');
  await axe(page, 'month-end preview for another date than the field');
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await expect(page.getByTestId('monthend-preview-at')).toHaveText('At Jan 1, 2027, 12:00 AM');
  await expect(page.getByTestId('monthend-preview-stale')).toBeHidden();
  await expect(preview.locator('tbody tr')).toHaveCount(200); // a new preview starts at its first page again
});

test('the expiring report: a page of rows at a time, asked once the number of days is typed', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports', exact: true }).click();
  await page.getByRole('group', { name: 'Report' }).getByRole('button', { name: 'Expiring soon' }).click();
  const table = page.getByTestId('expiring-table');
  await expect(table.locator('tbody tr')).toHaveCount(200);
  await expect(page.getByText(`200 of ${PASSES} shown`)).toBeVisible();
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/reports.expiring')) asked.push(r.postData() ?? ''); });
  const days = page.getByLabel('Ending within (days)');
  await days.fill('');
  await days.pressSequentially('30', { delay: 60 });
  await expect.poll(() => asked.length).toBe(1);
  expect(JSON.parse(asked[0]!)).toEqual({ days: 30 });
  await page.waitForTimeout(600);
  expect(asked).toHaveLength(1); // one report for "30", none for "3"
  await shot(page, 'r10-expiring-paged');
});

test('everyone\'s statements for a month: how far it is, in customers then statements, and Stop ends it', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Statements', exact: true }).click();
  await page.getByRole('button', { name: 'Everyone, one month' }).click();
  await page.getByLabel('Month').fill('2026-11');
  let asked = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/statements.get')) asked += 1; });
  await page.getByRole('button', { name: 'Show statements' }).click();
  await expect(page.locator('.oprogress')).toContainText(new RegExp(`Preparing statements… \\d+ of ${PASSES}`));
  await shot(page, 'r10-statements-batch-progress');
  await page.getByTestId('statements-stop').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Stopped: no statements were made.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show statements' })).toBeFocused();
  await expect(page.locator('.oprogress')).toHaveCount(0);
  const after = asked;
  expect(after).toBeLessThan(PASSES);
  await page.waitForTimeout(500);
  expect(asked).toBe(after); // nothing more asked once stopped
  await expect(page.getByTestId('statements-stop')).toHaveCount(0);
});
