// The owner pays back what is left of one top-up (the customer bought one too many) and the pass stays open: the
// dialog says the sum before the money leaves the till, and the ledger pays exactly that.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

type Pass = { id: number; status: string; balance: string };

test('the owner refunds what is left of a top-up: $6.00 by card for 3 drinks; the pass stays open', async ({ browser }) => {
  const kim = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Kim Toomuch' });
  const pass = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: kim.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  const topped = await host.call<{ bought: { lotId: number } }>('passes.topUp', { clientId: clientId(), passId: pass.id, packId: ids.plans['Top-up 5'], paymentMethod: 'card' });
  const lotId = topped.bought.lotId;
  // the pass's 10 drinks and 2 of the top-up's 5 (the two lots end the same day: the pass's, older, goes first)
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '12' }] });

  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Toomuch');
  await page.getByTestId('customer-list').getByRole('button', { name: /Kim Toomuch/ }).click();
  await page.getByRole('button', { name: `Refund what is left of top-up #${lotId}` }).click();
  const dialog = page.getByTestId('owner-action');
  await expect(dialog.getByRole('heading', { name: 'Refund a top-up' })).toBeVisible();
  await expect(dialog.getByTestId('topup-refund-quote')).toHaveText(new RegExp(`^Pay back \\$6\\.00 for the 3 drinks left of top-up #${lotId} \\(bought \\w{3} \\d{1,2}\\)\\. The rest of the pass stays as it is\\.$`));
  // the top-up was paid by card: its refund goes back to the card unless the owner says otherwise (not out of the till)
  await expect(dialog.getByLabel('Paid back by')).toHaveValue('card');
  await expect(dialog.getByLabel('Paid back by')).toHaveAccessibleDescription('The top-up was paid by card.');
  await dialog.getByLabel('Reason').fill('Bought one too many');
  await shot(page, 'owner-topup-refund-01-dialog');
  await axe(page, 'refund a top-up');
  await dialog.getByRole('button', { name: 'Pay back $6.00' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Top-up #${lotId} refunded: paid back $6.00 (card) for 3 drinks. New balance 0; the pass stays open.`)).toBeVisible();
  const row = page.getByTestId('customer-history').locator('tbody tr').first();
  await expect(row.locator('td').nth(1)).toHaveText('Refund');
  await expect(row.locator('td').nth(2)).toHaveText('Top-up refunded; the pass stays open — Bought one too many');
  await expect(row.locator('td').nth(4)).toHaveText('-$6.00');
  await expect(page.getByRole('button', { name: `Refund what is left of top-up #${lotId}` })).toBeHidden();
  expect(await host.call<Pass>('passes.get', { passId: pass.id })).toMatchObject({ status: 'active', balance: '0' });
  await shot(page, 'owner-topup-refund-02-done');
  await axe(page, 'a top-up refunded');
  await page.evaluate(() => { window.print = () => undefined; });
  await page.getByRole('button', { name: 'Print refund slip' }).click();
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByTestId('refund-slip');
  await expect(slip).toContainText(`REFUND: top-up #${lotId}`);
  await expect(slip).toContainText(/Credits taken back\s*−3 drinks/);
  await expect(slip).toContainText(/Paid back \(card\)\s*\$6\.00/);
  await expect(slip).toContainText(/Balance now\s*0 drinks/);
  await page.emulateMedia({ media: 'screen' });
});

test('overage owed on account is paid from the top-up first: the dialog says so and the rest is handed back', async ({ browser }) => {
  const lou = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Lou Owing' });
  const pass = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: lou.id, planId: ids.plans['Flex Pass'], paymentMethod: 'cash' });
  // six cappuccinos on a five-drink Flex Pass: one over, $4.50 on account
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '6' }], overageSettlement: 'account' });
  const topped = await host.call<{ bought: { lotId: number } }>('passes.topUp', { clientId: clientId(), passId: pass.id, packId: ids.plans['Top-up 5'], paymentMethod: 'cash' });
  const lotId = topped.bought.lotId;
  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Owing');
  await page.getByTestId('customer-list').getByRole('button', { name: /Lou Owing/ }).click();
  await page.getByRole('button', { name: `Refund what is left of top-up #${lotId}` }).click();
  const dialog = page.getByTestId('owner-action');
  await expect(dialog.getByTestId('topup-refund-quote')).toHaveText(new RegExp(`^Pay back \\$5\\.50 for the 5 drinks left of top-up #${lotId} \\(bought \\w{3} \\d{1,2}\\): they are worth \\$10\\.00, and \\$4\\.50 of that pays the overage owed\\. The rest of the pass stays as it is\\.$`));
  await dialog.getByLabel('Reason').fill('Changed mind');
  await shot(page, 'owner-topup-refund-03-owing');
  await dialog.getByRole('button', { name: 'Pay back $5.50' }).click();
  await expect(page.getByText(`Top-up #${lotId} refunded: paid back $5.50 (cash) for 5 drinks. $4.50 of it paid the overage owed on account. New balance 0; the pass stays open.`)).toBeVisible();
  expect(await host.call<{ overageDue: string }>('passes.get', { passId: pass.id })).toMatchObject({ overageDue: '0.00' });
  await page.context().close();
});
