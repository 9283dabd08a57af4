// A customer asks the shop to erase their details: the owner's dialog says what goes and what stays, refuses while a
// pass is still active, then erases them; the customer's page, the counter's search and their card say "Forgotten
// customer", and their history stays in the books.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

test('the owner forgets Fern at her request: first her pass is refunded, then her details go and her books stay', async ({ browser }) => {
  const fern = await host.call<{ id: number; code: string }>('customers.create', {
    clientId: clientId(), name: 'Fern Forget', phone: '+1 212 555 0177', email: 'fern@example.org', notes: 'Decaf only',
  });
  const sold = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: fern.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'card' });
  await host.call('counter.redeem', { clientId: clientId(), passId: sold.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '1' }] });

  const page = await ownerPage(browser, host);
  const open = async (query: string, name: RegExp) => {
    await page.getByLabel('Find').fill(query);
    await page.getByTestId('customer-list').getByRole('button', { name }).click();
  };
  await open('Fern', /Fern Forget/);
  await page.getByRole('button', { name: 'Forget customer…' }).click();
  const dialog = page.getByTestId('forget-dialog');
  await expect(dialog.getByRole('heading', { name: 'Forget Fern Forget' })).toBeVisible();
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  // her pass still holds 9 drinks: the dialog says to refund it first, and the button does nothing
  await expect(dialog.getByTestId('forget-blocked')).toHaveText(`First refund and cancel their active pass (Coffee Pass #${sold.id}, 9 drinks left): the shop would still owe them.`);
  await dialog.getByLabel('Reason').fill('Asked in the shop on Nov 20');
  const forget = dialog.getByRole('button', { name: 'Forget Fern Forget' });
  await expect(forget).toHaveAttribute('aria-disabled', 'true');
  await shot(page, 'owner-forget-01-blocked');
  await axe(page, 'forget dialog, blocked');
  await dialog.getByLabel('Reason').press('Enter'); // submitting anyway does nothing
  await expect(dialog).toBeVisible();
  expect((await host.call<{ forgotten: unknown }>('customers.get', { id: fern.id })).forgotten).toBeNull();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // refunded and cancelled (the owner's Refund & cancel), then forgotten
  await page.getByRole('button', { name: 'Refund & cancel…' }).click();
  const refund = page.getByRole('dialog');
  await refund.getByLabel('Reason').fill('Leaving town');
  await refund.getByRole('button', { name: 'Pay back $18.00 and cancel' }).click();
  // the pass was paid by card: its refund goes back to the card unless the owner chooses otherwise
  await expect(page.getByText('Pass cancelled. Paid back $18.00 (card).')).toBeVisible();
  await page.getByRole('button', { name: 'Forget customer…' }).click();
  await expect(dialog.getByTestId('forget-blocked')).toHaveCount(0);
  await dialog.getByLabel('Reason').fill('Asked in the shop on Nov 20');
  await shot(page, 'owner-forget-02-ready');
  await axe(page, 'forget dialog');
  await dialog.getByRole('button', { name: 'Forget Fern Forget' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Fern Forget is forgotten' })).toHaveText(
    'Fern Forget is forgotten: their name, phone, email and notes are erased. Their passes and payments stay in the books as “Forgotten customer”.');
  await expect(page.getByRole('heading', { name: 'Forgotten customer', level: 2 })).toBeVisible();
  await expect(page.getByTestId('customer-forgotten')).toContainText('Forgotten at their request on');
  await expect(page.getByTestId('customer-forgotten')).toContainText('Asked in the shop on Nov 20');
  await expect(page.getByText('fern@example.org')).toHaveCount(0);
  await expect(page.getByTestId('customer-notes')).toHaveCount(0);
  for (const name of ['Edit details…', 'Replace card…', 'Forget customer…']) await expect(page.getByRole('button', { name })).toHaveCount(0);
  // the books stay: the sale, the redemption and the refund are in her history
  await expect(page.getByTestId('customer-history').locator('tbody tr')).toHaveCount(3);
  await shot(page, 'owner-forget-03-forgotten');
  await axe(page, 'forgotten customer');

  // the counter cannot find her by name or phone; her card opens "Forgotten customer" with nothing to draw from
  expect((await host.call<{ customers: unknown[] }>('customers.search', { query: 'Fern' })).customers).toEqual([]);
  expect((await host.call<{ customers: unknown[] }>('customers.search', { query: '0177' })).customers).toEqual([]);
  const card = await host.call<{ customer: { name: string; phone: string | null; email: string | null; notes: string | null } }>('customers.byCode', { code: fern.code });
  expect(card.customer).toMatchObject({ name: 'Forgotten customer', phone: null, email: null, notes: null });
  await page.context().close();
});
