// A pass whose plan rolls part of the balance over (cap 5): the counter, the receipt and the owner's customer
// list and detail say what rolls over and what expires at the month end, as the month-end preview does, not
// that the whole balance expires. And the owner's history keeps overage put on account (owed) out of the
// Money column (money taken), saying the credits over and how they were settled in Details.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;
let benCode = '';
let benPass = 0;

test.beforeAll(async ({ browser }) => {
  // Sunday 22 November 2026, 10:00 in New York: the November lots end at the end of Nov 30
  await host.setClock('2026-11-22T15:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', receiptFooter: 'Thanks!', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
  const capp = await host.call<{ id: number }>('items.save', { clientId: clientId(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Coffee' });
  const plan = await host.call<{ id: number }>('plans.save', {
    clientId: clientId(), name: 'Coffee Pass', credits: '20', price: '40', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5',
    overagePolicy: 'allow', overagePricePerCredit: '4.00',
  });
  const ben = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Ben Okafor' });
  benCode = ben.code;
  benPass = (await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: ben.id, planId: plan.id, paymentMethod: 'card' })).id;
  await host.call('counter.redeem', { clientId: clientId(), passId: benPass, items: [{ itemId: capp.id, quantity: '5' }] }); // 15 left

  // Ola goes over her balance twice: 0.5 drink put on account, then 1 drink charged now by card
  const ola = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Ola Nowak' });
  const olaPass = (await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: ola.id, planId: plan.id, paymentMethod: 'cash' })).id;
  await host.setClock('2026-11-22T15:05:00.000Z');
  await host.call('counter.redeem', { clientId: clientId(), passId: olaPass, items: [{ itemId: capp.id, quantity: '20.5' }], overageSettlement: 'account' });
  await host.setClock('2026-11-22T15:10:00.000Z');
  await host.call('counter.redeem', { clientId: clientId(), passId: olaPass, items: [{ itemId: capp.id, quantity: '1' }], overageSettlement: 'now', paymentMethod: 'card' });
  await host.setClock('2026-11-22T15:30:00.000Z');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
  page = await context.newPage();
  await page.goto(host.url);
});
test.afterAll(async () => { await page.context().close(); });

test('the month-end preview: of Ben\'s 15 drinks 5 roll over and 10 expire', async () => {
  await host.call('owner.unlock', { pin: '2468' }); // the clock moved on: a new owner session
  const preview = await host.call<{ customers: Array<{ passes: Array<{ passId: number; roll: string; expire: string }> }> }>('periods.preview', { asOf: '2026-12-01T05:00:00.000Z' });
  const row = preview.customers.flatMap((c) => c.passes).find((p) => p.passId === benPass);
  expect(row).toMatchObject({ roll: '5', expire: '10' });
  await host.call('owner.lock');
});

test('counter and receipt: what rolls over and what expires at the month end', async () => {
  const search = page.getByTestId('search');
  await expect(search).toBeFocused();
  await page.keyboard.type(benCode, { delay: 5 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Ben Okafor' })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('15');
  const ending = page.getByTestId('expiring');
  await expect(ending).toHaveText('15 end Nov 30: 5 roll over, 10 expire');
  await expect(page.getByText('Ending soon')).toBeVisible();
  await shot(page, 'rollover-01-counter');
  await axe(page, 'counter with a rolling pass');

  // one cappuccino: 14 left, the same 5 still roll over
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toHaveText('14');
  await expect(ending).toHaveText('14 end Nov 30: 5 roll over, 9 expire');

  await page.keyboard.press('Alt+R');
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const receipt = page.getByTestId('receipt');
  await expect(receipt).toBeVisible();
  await expect(receipt).toContainText('Use by the end of:');
  await expect(receipt).toContainText(/14 drinks\s*then 5 roll over, 9 expire\s*Nov 30/);
  await shot(page, 'rollover-02-receipt');
  await page.emulateMedia({ media: 'screen' });
  await page.keyboard.press('Escape');
});

const section = (name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true });

test('owner: the customer list and the pass say the split; the history keeps owed apart from taken', async () => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(section('Customers')).toBeVisible();
  const list = page.getByTestId('customer-list');
  const benRow = list.getByRole('button', { name: /Ben Okafor/ });
  await expect(benRow).toContainText('Nov 30 (14)');
  await expect(benRow.getByTestId('row-next-end')).toHaveText('5 roll over, 9 expire');
  await shot(page, 'rollover-03-owner-list');
  await axe(page, 'customer list with rollover');

  await benRow.click();
  await expect(page.getByTestId('pass-next-end')).toContainText('14 end Nov 30: 5 roll over, 9 expire');
  await expect(page.getByTestId('pass-next-end')).toContainText('$18.00 unused value'); // 9 of 20 drinks paid $40
  await shot(page, 'rollover-04-owner-pass');
  await page.getByRole('button', { name: 'Back to customers' }).click();

  await list.getByRole('button', { name: /Ola Nowak/ }).click();
  const history = page.getByTestId('customer-history');
  const rows = history.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  // newest first: 1 over charged now by card (money taken), then 0.5 over on account (owed: no money)
  const cells = (i: number) => rows.nth(i).locator('td');
  await expect(cells(0).nth(2)).toHaveText('Cappuccino × 1 · 1 over · $4.00 paid by card');
  await expect(cells(0).nth(3)).toHaveText('0');
  await expect(cells(0).nth(4)).toHaveText('$4.00');
  await expect(cells(1).nth(2)).toHaveText('Cappuccino × 20.5 · 0.5 over · $2.00 on account');
  await expect(cells(1).nth(3)).toHaveText('-20');
  await expect(cells(1).nth(4)).toHaveText('');
  await expect(cells(2).nth(4)).toHaveText('$40.00');
  await shot(page, 'rollover-05-owner-history');
  await axe(page, 'customer history with overage');
});

test('owner: refunding a pass that owes overage on account says what paid the account, what was handed back and what is still owed', async () => {
  // Ola owes $2.00 and her pass holds nothing: a 5-drink pack ($10.00) is bought first, then the pass is refunded
  await host.call('owner.unlock', { pin: '2468' });
  const pack = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Five more', kind: 'topup', credits: '5', price: '10', validity: 'month' });
  const ola = (await host.call<{ customers: Array<{ passId: number }> }>('customers.search', { query: 'Ola' })).customers[0]!;
  await host.call('passes.topUp', { clientId: clientId(), passId: ola.passId, packId: pack.id, paymentMethod: 'cash' });
  await host.call('owner.lock');
  await page.getByRole('button', { name: 'Back to customers' }).click();
  await page.getByTestId('customer-list').getByRole('button', { name: /Ola Nowak/ }).click();
  // while the pass is active its redemptions offer a void
  const history = page.getByTestId('customer-history');
  await expect(history.getByRole('button', { name: /^Void / }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Refund & cancel…' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await expect(dialog).toContainText('The $2.00 of overage owed on account is paid from it first.');
  await page.keyboard.type('Moving away');
  await expect(dialog.getByTestId('refund-quote')).toHaveText('Pay back $8.00 for 5 unused drinks: they are worth $10.00, and $2.00 of that pays the overage owed.');
  await expect(dialog.getByRole('button', { name: 'Pay back $8.00 and cancel' })).toBeVisible();
  // the shop keeps a cancellation fee: never more than what would be paid back, and the sum paid back follows it
  const fee = dialog.getByLabel('Cancellation fee kept (USD)');
  await fee.fill('9');
  await dialog.getByRole('button', { name: 'Refund and cancel the pass' }).click();
  await expect(dialog.getByText('At most $8.00: the fee comes out of what is paid back.')).toBeVisible();
  await expect(fee).toHaveAttribute('aria-invalid', 'true');
  for (const [typed, said] of [['-1', 'A fee cannot be below zero.'], ['1.555', 'Enter an amount in USD with at most 2 decimals.']]) {
    await fee.fill(typed!);
    await dialog.getByRole('button', { name: 'Refund and cancel the pass' }).click();
    await expect(dialog.getByText(said!)).toBeVisible();
  }
  await fee.fill('1.5');
  await expect(dialog.getByTestId('refund-quote')).toContainText('Keeping a fee of $1.50, $6.50 is paid back.');
  await shot(page, 'rollover-06a-refund-fee');
  await axe(page, 'refund dialog with a fee');
  await dialog.getByRole('button', { name: 'Pay back $6.50 and cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Pass cancelled. Of the refund, $2.00 paid the overage owed on account and $6.50 was handed back (cash). $1.50 kept as a cancellation fee.')).toBeVisible();
  // the refund slip says where the $10.00 went, and that the pass is cancelled
  await page.evaluate(() => { window.print = () => undefined; });
  await page.getByRole('button', { name: 'Print refund slip' }).click();
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByTestId('refund-slip');
  await expect(slip).toContainText('REFUND: pass refunded and cancelled');
  await expect(slip).toContainText(/Credits taken back\s*−5 drinks/);
  await expect(slip).toContainText(/Their unused value\s*\$10\.00/);
  await expect(slip).toContainText(/Paid to the overage owed\s*−\$2\.00/);
  await expect(slip).toContainText(/Cancellation fee kept\s*−\$1\.50/);
  await expect(slip).toContainText(/Paid back \(cash\)\s*\$6\.50/);
  await expect(slip).toContainText('Reason: Moving away');
  await expect(slip).toContainText('The pass is cancelled.');
  await shot(page, 'rollover-06d-refund-slip');
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('history-account-settled')).toHaveText(' · $2.00 of it paid the overage owed on account');
  await expect(history).toContainText('Refunded and cancelled, keeping $1.50 as a cancellation fee');
  // the cancelled pass's redemptions are still listed, and no longer offer a void
  await expect(history.locator('tbody tr', { hasText: 'Cappuccino' }).first()).toBeVisible();
  await expect(history.getByRole('button', { name: /^Void / })).toHaveCount(0);
  await shot(page, 'rollover-06-refund-owing');
  await axe(page, 'customer after a refund that paid the account');
  // her statement says where the pass's $10.00 went: $6.50 paid back, $2.00 to the account, $1.50 kept; only the
  // money that crossed the counter has a method
  await page.getByRole('button', { name: 'Statement…' }).click();
  await page.getByRole('button', { name: 'Show statement' }).click();
  const pays = page.getByTestId('statement-preview').getByTestId('statement-doc').locator('section', { hasText: 'Payments' }).locator('tbody tr');
  await expect(pays.filter({ hasText: 'Refund paid back' })).toContainText('Refund paid back (cash)-$6.50');
  await expect(pays.filter({ hasText: 'Overage paid from the refund' }).locator('td').nth(1)).toHaveText('Overage paid from the refund');
  await expect(pays.filter({ hasText: 'Overage paid from the refund' }).locator('td').nth(2)).toHaveText('$2.00');
  await expect(pays.filter({ hasText: 'Cancellation fee kept from the refund' }).locator('td').nth(2)).toHaveText('$1.50');
  await pays.last().scrollIntoViewIfNeeded();
  await shot(page, 'rollover-06b-statement-fee');

  // the reports keep the fee apart from breakage (its own account): the month's roll-forward and the day's row say $1.50
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports', exact: true }).click();
  const report = (name: string) => page.getByRole('group', { name: 'Report' }).getByRole('button', { name, exact: true });
  await report('Deferred revenue').click();
  const rf = page.getByTestId('deferred-table');
  // the column's place, read once the table is there (allTextContents does not wait)
  const feeColumn = async (table: typeof rf) => {
    await expect(table.getByRole('columnheader', { name: 'Cancellation fees' })).toBeVisible();
    // the column names' own row (the daily table has a row of groups above it); a row's cells include its day
    return (await table.locator('thead tr:last-child th').allTextContents()).indexOf('Cancellation fees');
  };
  const rfFees = await feeColumn(rf);
  expect(rfFees).toBeGreaterThan(0);
  await expect(rf.locator('tbody tr').last().locator('th, td').nth(rfFees)).toHaveText('$1.50');
  await expect(rf.locator('tbody tr').last().locator('th, td').nth(rfFees - 1)).toHaveText('$0.00'); // breakage: nothing expired
  await shot(page, 'rollover-06c-rollforward-fee');
  await report('Sales & redemptions').click();
  const daily = page.getByRole('table', { name: 'Sales and redemptions per day' });
  const dayFees = await feeColumn(daily);
  await expect(daily.locator('tbody tr').last().locator('th, td').nth(dayFees)).toHaveText('$1.50');
  await expect(daily.getByTestId('daily-total').locator('th, td').nth(dayFees)).toHaveText('$1.50'); // the range's total row
  await axe(page, 'reports with a cancellation fee');
});
