// The Reports charts in a German shop (de-DE, EUR, Europe/Berlin, credits counted in "Getränk"), as the
// month-end chart already does: hover and the screen-reader table read each amount exactly, formatted from
// the API's decimal strings in the shop's locale (26,35 €, not a bare 26,35 or a rounded 26 €); the "Sales"
// bar is passes sold plus top-ups added as decimals; the credits chart names its unit as the owner typed it
// (no English "s": "Getränk", not "Getränks"). Only the axis ticks are rounded.
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { germanOwnerPage, setupCafeMond } from './support/shop';
import { axe, SCREENS } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;

test.beforeAll(async ({ browser }) => {
  // Friday 20 November 2026, 10:00 in Berlin: one pass (16,25 €) and one top-up (10,10 €) sold, 1,5 Getränk redeemed
  await setupCafeMond(host, '2026-11-20T09:00:00.000Z');
  const grande = await host.call<{ id: number }>('items.save', { clientId: clientId(), name: 'Grande', usageUnit: 'Getränk', rate: '1.5', cashPrice: '5.50', hotkey: '1', category: 'Kaffee' });
  const plan = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Zehnerkarte', credits: '10', price: '16.25', validity: 'month', overagePolicy: 'block' });
  const pack = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Nachfüllen 5', kind: 'topup', credits: '5', price: '10.10', validity: 'month' });
  const anna = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Anna Roth' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: anna.id, planId: plan.id, paymentMethod: 'card' });
  await host.call('passes.topUp', { clientId: clientId(), passId: pass.id, packId: pack.id, paymentMethod: 'cash' });
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: grande.id, quantity: '1' }] });
  await host.call('owner.lock');

  page = await germanOwnerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports', exact: true }).click();
});
test.afterAll(async () => { await page.context().close(); });

const tab = (name: string) => page.getByRole('group', { name: 'Report' }).getByRole('button', { name, exact: true });
const chartTitled = (title: string) => page.locator('figure.ochart').filter({ has: page.locator('figcaption', { hasText: title }) });

/** The row of the chart's screen-reader table whose first cell is `label`, and its index among the rows. */
async function rowOf(chart: Locator, label: RegExp): Promise<{ row: Locator; index: number; count: number }> {
  const labels = await chart.getByRole('table').locator('tbody tr td:first-child').allTextContents();
  const index = labels.findIndex((l) => label.test(l));
  expect(index, `a row ${label} among ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
  return { row: chart.getByRole('table').locator('tbody tr').nth(index), index, count: labels.length };
}

/** Move the mouse over the index-th of count columns of a chart. */
async function hover(chart: Locator, index: number, count: number): Promise<void> {
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.locator('.u-over').boundingBox())!;
  await page.mouse.move(box.x + box.width * ((index + 0.5) / count), box.y + box.height / 2);
}

test('sales and redemptions: hover and the table read exact amounts; sales add the top-up exactly; the unit as typed', async () => {
  // what the API says for the day: the chart must read these strings, not floats made of them
  await host.call('owner.unlock', { pin: '2468' });
  const { days } = await host.call<{ days: Array<{ date: string; salesAmount: string; topUpsAmount: string; recognised: string; creditsRedeemed: string }> }>('reports.daily', { from: '2026-11-20', to: '2026-11-20' });
  expect(days[0]).toMatchObject({ salesAmount: '16.25', topUpsAmount: '10.10', creditsRedeemed: '1.5' });
  const recognised = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(days[0]!.recognised as `${number}`);

  await tab('Sales & redemptions').click();
  const money = chartTitled('Sales and recognised revenue per day');
  const credits = chartTitled('Credits redeemed per day');
  await expect(money).toBeVisible();
  await expect(credits.locator('figcaption')).toHaveText('Credits redeemed per day (Getränk)');

  const { row, index, count } = await rowOf(money, /^20\.11\.$/);
  await expect(row.locator('td').nth(1)).toHaveText('26,35\u00a0€'); // 16,25 € pass + 10,10 € top-up
  await expect(row.locator('td').nth(2)).toHaveText(recognised);
  // a day without sales reads as zero money, not a bare 0
  await expect(money.getByRole('table').locator('tbody tr').first().locator('td').nth(1)).toHaveText('0,00\u00a0€');
  const creditsRow = (await rowOf(credits, /^20\.11\.$/)).row;
  await expect(creditsRow.locator('td').nth(1)).toHaveText('1,5');

  await hover(money, index, count);
  const legend = money.locator('.u-legend');
  await expect(legend).toContainText('26,35\u00a0€');
  await expect(legend).toContainText(recognised);
  await expect(legend).not.toContainText('26\u00a0€');
  await money.screenshot({ path: path.join(SCREENS, 'reports-01-daily-chart-hover.png') });

  await hover(credits, index, count);
  await expect(credits.locator('.u-legend')).toContainText('1,5');
  await axe(page, 'reports: sales and redemptions with the charts');
});

test('deferred revenue: hover and the table read the month exactly in the shop locale', async () => {
  await tab('Deferred revenue').click();
  const chart = chartTitled('Deferred revenue by month');
  await expect(chart).toBeVisible();
  const table = page.getByTestId('deferred-table');
  const novRow = table.locator('tbody tr').filter({ has: page.locator('td', { hasText: /^Nov/ }) });
  const soldText = await novRow.locator('td').nth(2).textContent();
  const closingText = await novRow.locator('td').nth(8).textContent();
  expect(soldText).toBe('26,35\u00a0€');

  const { row, index, count } = await rowOf(chart, /^Nov/);
  await expect(row.locator('td').nth(1)).toHaveText(soldText!);
  await expect(row.locator('td').nth(4)).toHaveText(closingText!);

  await hover(chart, index, count);
  const legend = chart.locator('.u-legend');
  await expect(legend).toContainText(soldText!);
  await expect(legend).toContainText(closingText!);
  // the lines are told apart by their stroke too, not only by colour (high contrast keeps a canvas's colours): the
  // legend's markers carry each line's pattern (Breakage is bars)
  const borders = await legend.locator('.u-marker').evaluateAll((ms) => ms.map((m) => getComputedStyle(m).borderTopStyle));
  expect(borders.slice(1)).toEqual(['solid', 'dashed', 'solid', 'double']); // the first is the month's, shown without one
  await chart.screenshot({ path: path.join(SCREENS, 'reports-02-deferred-chart-hover.png') });
});
