// The cashier made a second record for Maya (a new card, a pass sold on it); the owner opens the duplicate, says "Same
// person as…", finds Maya and merges: the duplicate's drinks and the overage it owed move to Maya's pass in one step,
// the duplicate's pass is cancelled at $0.00, Maya's page says who was merged in and her history shows it with both
// names; at the counter the old card opens Maya and says whose card it was.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { openCounter, scan } from './support/counter';
import { axe, shot } from './support/checks';

const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

test('the owner merges a duplicate customer into the one kept: credits and overage move, the old card opens the kept one', async ({ browser }) => {
  const maya = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Maya Patel', phone: '+1 212 555 0101' });
  const mayaPass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: maya.id, planId: ids.plans['Flex Pass'], paymentMethod: 'card' });
  const dup = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Maya P.' });
  const dupPass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: dup.id, planId: ids.plans['Flex Pass'], paymentMethod: 'cash' });
  // six drinks on a pass of five: one over, $4.50 on account; then a top-up of five
  await host.call('counter.redeem', { clientId: clientId(), passId: dupPass.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '6' }], overageSettlement: 'account' });
  await host.call('passes.topUp', { clientId: clientId(), passId: dupPass.id, packId: ids.plans['Top-up 5'], paymentMethod: 'cash' });

  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Maya P.');
  await page.getByTestId('customer-list').getByRole('button', { name: /Maya P\./ }).click();
  await page.getByRole('button', { name: 'Same person as…' }).click();
  const dialog = page.getByTestId('merge-dialog');
  await expect(dialog.getByRole('heading', { name: 'Maya P. is the same person as…' })).toBeVisible();
  await expect(dialog).toContainText(`5 drinks on Flex Pass #${dupPass.id} move to the kept customer’s open pass of the same kind, keeping their price and end; there they expire as moved credits do, without rolling over (Extend end… gives them more time).`);
  await expect(dialog.getByLabel('Find the customer to keep')).toBeFocused();
  // merging with nobody chosen says so, and writes nothing
  await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(dialog.getByText('Find and choose the customer to keep.')).toBeVisible();
  await page.keyboard.type('Maya');
  // the duplicate itself is not offered
  await expect(dialog.getByRole('list', { name: 'Customers found' }).getByRole('button')).toHaveCount(1);
  await dialog.getByRole('button', { name: /^Maya Patel · / }).click();
  await expect(dialog.getByTestId('merge-kept')).toContainText(`Maya Patel · card ${maya.code} · +1 212 555 0101 · Flex Pass #${mayaPass.id}, 5 drinks`);
  await shot(page, 'owner-merge-01-dialog');
  await axe(page, 'the merge dialog, the kept customer chosen');
  await dialog.getByRole('button', { name: 'Merge into Maya Patel' }).click();
  await expect(dialog).toBeHidden();

  // the kept customer's page opens, saying what happened
  await expect(page.getByRole('heading', { name: 'Maya Patel', level: 2 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'is merged into' })).toHaveText(
    `Maya P. (card ${dup.code}) is merged into Maya Patel. 5 drinks moved to their pass. $4.50 of overage owed moved with them. The card ${dup.code} now opens Maya Patel.`);
  await expect(page.getByTestId('customer-duplicates')).toContainText(`Maya P., card ${dup.code}`);
  const history = page.getByTestId('customer-history');
  await expect(history.locator('tbody tr').filter({ hasText: 'Customers merged' })).toContainText(`Maya P. (card ${dup.code}) merged into Maya Patel: 5 drinks and $4.50 of overage owed moved to Maya Patel's pass`);
  await shot(page, 'owner-merge-02-kept');
  await axe(page, 'the kept customer after a merge');

  // the books: Maya's pass holds 10 and owes $4.50; the duplicate's pass is cancelled with nothing paid back
  await host.call('owner.unlock', { pin: '2468' });
  const kept = await host.call<{ balance: string; overageDue: string }>('passes.get', { passId: mayaPass.id });
  expect([kept.balance, kept.overageDue]).toEqual(['10', '4.50']);
  expect(await host.call<{ status: string; balance: string; overageDue: string }>('passes.get', { passId: dupPass.id }))
    .toMatchObject({ status: 'cancelled', balance: '0', overageDue: '0.00' });
  // searches find Maya once, by either name
  expect((await host.call<{ customers: Array<{ id: number }> }>('customers.search', { query: 'Maya' })).customers.map((c) => c.id)).toEqual([maya.id]);
  await host.call('owner.lock');
  await page.context().close();

  // at the counter the duplicate's old card opens Maya, and says whose card it was
  const context = await browser.newContext();
  const counter = await context.newPage();
  await openCounter(counter, host);
  await scan(counter, dup.code);
  await expect(counter.getByRole('heading', { name: 'Maya Patel' })).toBeVisible();
  await expect(counter.getByTestId('scanned-merged')).toHaveText(`Card ${dup.code} was Maya P.’s, merged into Maya Patel`);
  await shot(counter, 'owner-merge-03-counter');
  await axe(counter, 'the counter opened by a merged card');
  await context.close();
});
