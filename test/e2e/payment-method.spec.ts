// The owner counts the till at the end of the day and finds a card slip for a pass the counter rang up as Cash: in
// Reports › Sales & redemptions, "Pass payments" lists the day's payments, and "Paid another way…" corrects it.
// The day's till moves the amount from cash to card, the row says how it was tapped, and a sale without a pass is
// corrected the same way from its own list; both are in the corrections report, and Ada's in her history.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;

test.beforeAll(async () => {
  await host.setClock('2026-11-22T15:00:00.000Z'); // 10:00 in New York
  ids = await setupCoffeeShop(host);
  const ada = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Ada Lovelace' });
  await host.call('passes.sell', { clientId: clientId(), customerId: ada.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  const bo = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Bo Chen' });
  await host.call('passes.sell', { clientId: clientId(), customerId: bo.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'card' });
  await host.call('counter.cashSale', { clientId: clientId(), items: [{ itemId: ids.items['Cappuccino'], quantity: '2' }], paymentMethod: 'cash' });
  await host.setClock('2026-11-22T23:30:00.000Z'); // 18:30: the till count
});

const till = async () => {
  await host.call('owner.unlock', { pin: '2468' });
  const d = await host.call<{ totals: { till: { cash: string; card: string; other: string } } }>('reports.daily', { from: '2026-11-22', to: '2026-11-22' });
  await host.call('owner.lock');
  return d.totals.till;
};

test('a pass rung up as Cash but paid by card is corrected from the day\'s list; the till and the row say card', async ({ browser }) => {
  expect(await till()).toEqual({ cash: '29.00', card: '20.00', other: '0.00' });
  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Sales & redemptions' }).click();
  await page.getByRole('button', { name: 'Today' }).click();
  const list = page.getByRole('region', { name: 'Pass payments that day' });
  await expect(list.getByTestId('payment-row')).toHaveCount(2);
  await expect(list.getByTestId('payment-row').first()).toContainText(/Ada Lovelace\s*Pass sold: Coffee Pass\s*cash\s*\$20\.00/);
  await list.getByRole('button', { name: /^Paid another way: Pass sold of .*, Ada Lovelace, \$20\.00$/ }).click();
  const dialog = page.getByTestId('payment-method');
  await expect(dialog.getByRole('heading', { name: 'Paid another way' })).toBeVisible();
  await expect(dialog).toContainText('Pass sold: Coffee Pass, Ada Lovelace: $20.00 paid by cash, as the counter tapped it.');
  await expect(dialog.getByLabel('Really paid by')).toHaveValue('card');
  await expect(dialog.getByLabel('Really paid by').locator('option')).toHaveText(['Card', 'Other']); // not the way it already says
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  // without a reason: said at the field, nothing written
  await dialog.getByRole('button', { name: 'Count it as card' }).click();
  await expect(dialog.getByText('Reason must not be empty')).toBeVisible();
  await expect(dialog.getByLabel('Reason')).toBeFocused(); // the focus goes to the field that needs it
  expect(await till()).toEqual({ cash: '29.00', card: '20.00', other: '0.00' });
  await page.keyboard.type('Card slip found in the drawer');
  await shot(page, 'payment-method-01-dialog');
  await axe(page, 'the payment way correction dialog');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('payments-notice')).toHaveText("Now paid by card: today's till counts $20.00 more card and $20.00 less cash.");
  await expect(list.getByTestId('payment-row').first()).toContainText('card (tapped as cash; corrected: Card slip found in the drawer)');
  expect(await till()).toEqual({ cash: '9.00', card: '40.00', other: '0.00' });
  // the day's figures above read again: the till columns of today's row
  const total = page.getByRole('table', { name: 'Sales and redemptions per day' }).getByTestId('daily-total');
  await expect(total).toContainText('$9.00');
  await expect(total).toContainText('$40.00');
  // the daily figures say why a way can move on a day without a sale
  await expect(page.getByText(/A payment's way corrected \(Paid another way…\) counts on the day it was corrected/)).toBeVisible();
  // opened again, the dialog says the way as corrected, not that the counter tapped it so
  await list.getByRole('button', { name: /^Paid another way: Pass sold of .*, Ada Lovelace, \$20\.00$/ }).click();
  await expect(dialog).toContainText('Pass sold: Coffee Pass, Ada Lovelace: $20.00 paid by card, as corrected (the counter tapped cash).');
  await expect(dialog.getByLabel('Really paid by')).toHaveValue('cash');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await till()).toEqual({ cash: '9.00', card: '40.00', other: '0.00' });
  await list.scrollIntoViewIfNeeded();
  await shot(page, 'payment-method-02-corrected');
  await axe(page, 'the pass payments, one corrected');

  // the sale without a pass, from its own list: a voucher, not cash
  const sales = page.getByRole('region', { name: 'Sales without a pass that day' });
  await sales.getByRole('button', { name: /^Paid another way: the sale of/ }).click();
  await expect(dialog).toContainText('Sale without a pass, 2 × Cappuccino: $9.00 paid by cash, as the counter tapped it.');
  await dialog.getByLabel('Really paid by').selectOption('other');
  await dialog.getByLabel('Reason').fill('Gift voucher');
  await dialog.getByRole('button', { name: 'Count it as other' }).click();
  await expect(page.getByTestId('cash-sales-notice')).toHaveText("Now paid by other: today's till counts $9.00 more other and $9.00 less cash.");
  await expect(sales.getByTestId('cash-sales')).toContainText('other (tapped as cash; corrected: Gift voucher)');
  expect(await till()).toEqual({ cash: '0.00', card: '40.00', other: '9.00' });
  // both in the corrections the accountant is handed, with the owner's reasons
  await page.getByRole('button', { name: 'Corrections' }).click();
  const corrections = page.getByTestId('corrections-table');
  await expect(corrections).toContainText('Paid another way');
  await expect(corrections).toContainText('Paid by card, not cash: $20.00 (pass sold)');
  await expect(corrections).toContainText('Card slip found in the drawer');
  await expect(corrections).toContainText('Paid by other, not cash: $9.00 (sale without a pass: Cappuccino × 2)');
  // and in Ada's own history, from her name there: what was corrected, and why; no credits or money move for her
  await corrections.getByRole('button', { name: 'Ada Lovelace' }).click();
  await expect(page.getByRole('heading', { name: 'Ada Lovelace' })).toBeVisible();
  const row = page.getByTestId('customer-history').locator('tbody tr').filter({ hasText: 'Paid another way' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Paid by card, not cash: $20.00 (pass sold) — Card slip found in the drawer');
  await expect(row.locator('td.r')).toHaveText(['', '']);
  await shot(page, 'payment-method-03-history');
  await page.context().close();
});
