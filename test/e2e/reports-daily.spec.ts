// The daily report's table: a total row for the range the owner picked (the API's exact sums, each equal to its
// column added up), the 16 columns in five named groups, and the day kept in view when the table scrolls
// sideways on a laptop screen.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;

type Figures = {
  sales: number; salesAmount: string; topUpsAmount: string; redemptions: number; voided: number; creditsRedeemed: string; recognised: string;
  overage: string; breakage: string; fees: string; payments: string; refunds: string; till: { cash: string; card: string; other: string };
  cashSales: number; cashSalesAmount: string; cashSalesRevenue: string;
};

test.beforeAll(async () => {
  // three days of November 2026 in New York: sales by three methods, a top-up, redemptions, overage paid now,
  // an undo, and a refund that keeps a fee
  await host.setClock('2026-11-03T15:00:00.000Z');
  ids = await setupCoffeeShop(host);
  const sell = async (name: string, plan: string, method: string) => {
    const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name });
    return (await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans[plan], paymentMethod: method })).id;
  };
  const redeem = (passId: number, item: string, quantity: string, extra: Record<string, unknown> = {}) =>
    host.call<{ redemptionId: number }>('counter.redeem', { clientId: clientId(), passId, items: [{ itemId: ids.items[item], quantity }], ...extra });
  const ann = await sell('Ann Lee', 'Coffee Pass', 'card');
  const ben = await sell('Ben Okafor', 'Flex Pass', 'cash');
  await redeem(ann, 'Cold brew (large)', '2');
  await host.setClock('2026-11-10T15:00:00.000Z');
  const cy = await sell('Cy Park', 'Coffee Pass', 'other');
  await host.call('passes.topUp', { clientId: clientId(), passId: ann, packId: ids.plans['Top-up 5'], paymentMethod: 'cash' });
  await redeem(ben, 'Latte', '6', { overageSettlement: 'now', paymentMethod: 'card' }); // one over the Flex Pass's five
  const twice = await redeem(cy, 'Cappuccino', '1');
  await host.call('counter.undo', { clientId: clientId(), redemptionId: twice.redemptionId });
  await host.setClock('2026-11-17T15:00:00.000Z');
  await redeem(cy, 'Espresso', '3');
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('passes.refund', { clientId: clientId(), passId: cy, reason: 'Moving away', paymentMethod: 'cash', fee: '2.00' });
  await host.call('owner.lock');
  await host.setClock('2026-11-22T15:00:00.000Z');
});

const usd = (s: string) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(s as `${number}`);
/** An en-US figure as read ("$1,234.50", "-$2.00", "9.5", "3") in millionths, exactly: money and credits alike. */
const units = (text: string): bigint => {
  const neg = text.startsWith('-');
  const [whole, frac = ''] = text.replace(/[^0-9.]/g, '').split('.') as [string, string?];
  return (BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0'))) * (neg ? -1n : 1n);
};

async function dailyReport(browser: Browser, width: number, height: number): Promise<{ page: Page; table: Locator; wrap: Locator }> {
  const page = await ownerPage(browser, host, { width, height });
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Sales & redemptions' }).click();
  const table = page.getByRole('table', { name: 'Sales and redemptions per day' });
  await expect(table.getByTestId('daily-total')).toBeVisible();
  return { page, table, wrap: page.getByRole('region', { name: 'Daily figures' }) };
}

test('the total row says the range exactly as the API sums it, and each total is its column added up', async ({ browser }) => {
  const { page, table } = await dailyReport(browser, 1280, 900);
  // the range is the owner's default: the same day last month to today (10 days of October and 22 of November)
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2026-10-22');
  await expect(page.getByLabel('To', { exact: true })).toHaveValue('2026-11-22');
  await host.call('owner.unlock', { pin: '2468' });
  const api = await host.call<{ days: Figures[]; totals: Figures }>('reports.daily', { from: '2026-10-22', to: '2026-11-22' });
  await host.call('owner.lock');
  const t = api.totals;
  // what the three days hold: 3 passes and a top-up sold, 4 redemptions made (1 undone), a $2.00 fee kept
  expect([t.sales, t.redemptions, t.voided, t.salesAmount, t.topUpsAmount, t.fees]).toEqual([3, 4, 1, '50.00', '10.00', '2.00']);

  const heads = (await table.locator('thead tr:last-child th').allTextContents()).map((h) => h.trim());
  expect(heads).toEqual(['Day', 'Passes sold', 'Sales', 'Top-ups', 'Without a pass', 'Cash', 'Card', 'Other', 'Redemptions', 'Voided', 'Credits', 'Recognised',
    'Overage', 'Breakage', 'Cancellation fees', 'Without a pass', 'Taken', 'Paid back']);
  // the groups above them, each spanning its columns
  const groups = table.locator('thead tr.ogroups th');
  expect(await groups.allTextContents()).toEqual(['Sold', 'Till, net of refunds', 'Counter', 'Revenue', 'Payments']);
  expect(await groups.evaluateAll((ths) => ths.map((th) => (th as HTMLTableCellElement).colSpan))).toEqual([4, 3, 3, 5, 2]);

  const total = table.getByTestId('daily-total');
  const totalCells = (await total.locator('th, td').allTextContents()).map((c) => c.trim());
  expect(totalCells[0]).toBe('Total, 32 days');
  const want = [String(t.sales), usd(t.salesAmount), usd(t.topUpsAmount), usd(t.cashSalesAmount), usd(t.till.cash), usd(t.till.card), usd(t.till.other), String(t.redemptions),
    String(t.voided), t.creditsRedeemed, usd(t.recognised), usd(t.overage), usd(t.breakage), usd(t.fees), usd(t.cashSalesRevenue), usd(t.payments), usd(t.refunds)];
  expect(totalCells.slice(1)).toEqual(want);

  // every column's total is the days above it added up, as the owner would check it with a calculator
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(32);
  const body = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
  for (let col = 1; col < heads.length; col++) {
    const sum = body.reduce((a, r) => a + units(r[col]!), 0n);
    expect(sum, heads[col]).toBe(units(totalCells[col]!));
  }
  // the day the refund kept its fee reads it, and the total row is the last thing in the table
  const refundDay = body.find((r) => r[0] === 'Tue, Nov 17, 2026')!;
  expect(refundDay[heads.indexOf('Cancellation fees')]).toBe('$2.00');
  await total.scrollIntoViewIfNeeded();
  await shot(page, 'reports-daily-01-total-row');
  await axe(page, 'daily report with its total row');
  await page.context().close();
});

test('on a 1366 × 768 laptop the table scrolls sideways and the day stays in view beside the last columns', async ({ browser }) => {
  const { page, table, wrap } = await dailyReport(browser, 1366, 768);
  const size = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(size.scroll).toBeGreaterThan(size.client); // 16 columns are wider than the owner's area on this screen
  await wrap.evaluate((el) => { el.scrollLeft = el.scrollWidth; el.scrollTop = 0; });
  const box = (await wrap.boundingBox())!;
  const paidBack = table.locator('thead tr:last-child th', { hasText: 'Paid back' });
  const day = table.getByRole('rowheader', { name: 'Tue, Nov 17, 2026' });
  await day.scrollIntoViewIfNeeded();
  await wrap.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  // scrolled to the end: the last column is in the box, and the day column is still at its left edge
  const pb = (await paidBack.boundingBox())!;
  expect(pb.x + pb.width).toBeLessThanOrEqual(box.x + box.width + 1);
  const dayHead = table.locator('thead tr:last-child th', { hasText: 'Day' });
  const seen = async (cell: Locator) => {
    const b = (await cell.boundingBox())!;
    expect(Math.abs(b.x - box.x), 'at the left edge').toBeLessThanOrEqual(2);
    return page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.textContent?.trim(), [b.x + 10, b.y + b.height / 2]);
  };
  // the cell drawn at each place is the day's own: nothing scrolled under it shows through or covers it
  expect(await seen(day)).toBe('Tue, Nov 17, 2026');
  expect(await seen(dayHead)).toBe('Day');
  expect(await seen(table.getByTestId('daily-total').locator('th'))).toBe('Total, 32 days');
  await shot(page, 'reports-daily-02-laptop-scrolled');
  await axe(page, 'daily report scrolled sideways');
  await page.context().close();
});

test('the summary of a day prints on the receipt roll: the till per method, the counter and the revenue, as the total row says', async ({ browser }) => {
  const page = await ownerPage(browser, host, { width: 1280, height: 900 });
  await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
  const printed = () => page.evaluate(() => (window as unknown as { printed: number }).printed);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Sales & redemptions' }).click();
  const table = page.getByRole('table', { name: 'Sales and redemptions per day' });
  // Today: the 22nd alone, a day with nothing in it
  await page.getByRole('button', { name: 'Today', exact: true }).click();
  await expect(table.getByTestId('daily-total').locator('th')).toHaveText('Total, 1 day');
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2026-11-22');
  // 17 November: a redemption and a refund that kept a fee
  for (const label of ['From', 'To']) await page.getByLabel(label, { exact: true }).fill('2026-11-17');
  await expect(table.getByRole('rowheader', { name: 'Tue, Nov 17, 2026' })).toBeVisible();
  await expect(table.getByTestId('daily-total').locator('th')).toHaveText('Total, 1 day');
  await shot(page, 'reports-daily-03-one-day');
  await axe(page, 'daily report of one day, with Today and Print summary');
  await page.getByTestId('print-summary').click();
  await expect.poll(printed).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const paper = page.getByTestId('days-summary');
  await expect(paper).toBeVisible();
  const text = (await paper.innerText()).replace(/\s+/g, ' ');
  for (const want of ['Test Coffee', 'Sales and till', 'Tue, Nov 17, 2026', 'Printed', 'Passes sold (0) $0.00', 'Top-ups (0) $0.00',
    'Cash -$15.00', 'Card $0.00', 'Other $0.00', 'Taken $0.00', 'Paid back $15.00',
    'Redemptions 1', 'Undone or voided 0', 'Credits redeemed 1.5', 'Recognised $3.00', 'Overage $0.00', 'Breakage $0.00', 'Cancellation fees $2.00']) {
    expect(text).toContain(want);
  }
  await paper.screenshot({ path: `${SCREENS}/reports-daily-04-summary-receipt.png` });
  await page.emulateMedia({ media: 'screen' });

  // the whole default range: the same figures as its total row, the days named at both ends
  await page.getByLabel('From', { exact: true }).fill('2026-10-22');
  await page.getByLabel('To', { exact: true }).fill('2026-11-22');
  await expect(table.getByTestId('daily-total').locator('th')).toHaveText('Total, 32 days');
  await page.getByTestId('print-summary').click();
  await expect.poll(printed).toBe(2);
  await page.emulateMedia({ media: 'print' });
  const range = (await paper.innerText()).replace(/\s+/g, ' ');
  expect(range).toContain('Thu, Oct 22, 2026 – Sun, Nov 22, 2026');
  for (const want of ['Passes sold (3) $50.00', 'Top-ups (1) $10.00', 'Cash $5.00', 'Card $24.75', 'Other $20.00', 'Taken $64.75', 'Paid back $15.00',
    'Redemptions 4', 'Undone or voided 1', 'Credits redeemed 9.5', 'Recognised $19.00', 'Overage $4.75', 'Cancellation fees $2.00']) {
    expect(range).toContain(want);
  }
  await page.context().close();
});

test('a sale without a pass brought back: the owner finds it under the day and voids it; the day\'s till and revenue say so', async ({ browser }) => {
  // today (Nov 22, the report's last day): two cappuccinos sold to a walk-in, paid in cash
  const sale = await host.call<{ saleId: number }>('counter.cashSale', { clientId: clientId(), items: [{ itemId: ids.items['Cappuccino'], quantity: '2' }], paymentMethod: 'cash' });
  const { page, table } = await dailyReport(browser, 1280, 900);
  const list = page.getByTestId('cash-sales');
  await expect(list.locator('tbody tr')).toHaveCount(1);
  await expect(list.locator('tbody tr td').nth(1)).toHaveText('2 × Cappuccino');
  await expect(list.locator('tbody tr td').nth(3)).toHaveText('$9.00');
  await list.getByRole('button', { name: /^Void the sale of .*, \$9\.00$/ }).click();
  const dialog = page.getByTestId('cash-sale-void');
  await expect(dialog).toContainText('2 × Cappuccino: $9.00 paid by cash goes back the same way');
  await dialog.getByRole('button', { name: 'Pay back $9.00 and void' }).click();
  await expect(dialog.getByLabel('Reason')).toHaveAttribute('aria-invalid', 'true'); // a reason is needed; nothing voided
  await dialog.getByLabel('Reason').fill('Brought back cold');
  await shot(page, 'reports-daily-05-void-cash-sale');
  await axe(page, 'void a sale without a pass');
  await dialog.getByRole('button', { name: 'Pay back $9.00 and void' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('cash-sales-notice')).toHaveText('Sale voided: pay back $9.00 (cash).');
  await expect(list.locator('tbody tr td').nth(4)).toHaveText('voided: Brought back cold');
  await expect(list.getByRole('button', { name: /^Void/ })).toHaveCount(0);
  // the table read again: the day sold $9.00 without a pass, its revenue nets to nothing, $9.00 went back
  const heads = (await table.locator('thead tr:last-child th').allTextContents()).map((h) => h.trim());
  const today = (await table.locator('tbody tr').last().locator('th, td').allTextContents()).map((c) => c.trim());
  expect([today[0], today[4], today[heads.lastIndexOf('Without a pass')], today[heads.indexOf('Paid back')]]).toEqual(['Sun, Nov 22, 2026', '$9.00', '$0.00', '$9.00']);
  await host.call('owner.unlock', { pin: '2468' });
  const after = await host.call<{ sales: Array<{ saleId: number; reversed: { kind: string; reason: string } | null }> }>('cashSales.list', { date: '2026-11-22' });
  await host.call('owner.lock');
  expect(after.sales).toEqual([expect.objectContaining({ saleId: sale.saleId, reversed: expect.objectContaining({ kind: 'void', reason: 'Brought back cold' }) })]);
  await shot(page, 'reports-daily-06-cash-sale-voided');
  await page.context().close();
});
