// The owner pays back some of a pass's credits (the customer will not use them all) and the pass stays open: the
// dialog works out the sum as the owner types, says why a number cannot be paid back, and the ledger pays exactly
// what it said. Free credits are never paid for; a redemption from before the refund can no longer be voided.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

type Pass = { id: number; status: string; balance: string; overageDue: string };

test('the owner pays back 2.5 of 7 paid drinks by card: $5.00; the free drink stays and the pass stays open', async ({ browser }) => {
  const pia = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Pia Partial' });
  const pass = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: pia.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '3' }] });
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('passes.givePromo', { clientId: clientId(), passId: pass.id, credits: '1', reason: 'Birthday' });

  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Partial');
  await page.getByTestId('customer-list').getByRole('button', { name: /Pia Partial/ }).click();
  await page.getByRole('button', { name: 'Refund some credits…' }).click();
  const dialog = page.getByTestId('owner-action');
  await expect(dialog.getByRole('heading', { name: 'Refund some credits' })).toBeVisible();
  const quote = dialog.getByTestId('credits-refund-quote');
  await expect(quote).toHaveText('Enter how many to pay back.');
  const field = dialog.getByLabel('Drinks to pay back');
  await expect(field).toBeFocused();
  await expect(dialog.getByText('the pass holds 8, 7 of them paid for')).toBeVisible();
  // 8 of the 8 on the pass: one of them is the free birthday drink, which is never paid for
  await field.fill('8');
  await expect(quote).toHaveText('This pass has 7 drinks paid for, cannot pay back 8 drinks.');
  await field.fill('2.5');
  await expect(quote).toHaveText('Pay back $5.00 for 2.5 drinks.');
  await dialog.getByLabel('Paid back by').selectOption('card');
  await dialog.getByLabel('Reason').fill('Going on holiday');
  await shot(page, 'owner-credits-refund-01-dialog');
  await axe(page, 'refund some credits');
  await dialog.getByRole('button', { name: 'Pay back $5.00' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Paid back $5.00 (card) for 2.5 drinks. New balance 5.5; the pass stays open.')).toBeVisible();
  const row = page.getByTestId('customer-history').locator('tbody tr').first();
  await expect(row.locator('td').nth(1)).toHaveText('Refund');
  await expect(row.locator('td').nth(2)).toHaveText('Credits refunded; the pass stays open — Going on holiday');
  await expect(row.locator('td').nth(4)).toHaveText('-$5.00');
  expect(await host.call<Pass>('passes.get', { passId: pass.id })).toMatchObject({ status: 'active', balance: '5.5' });
  await shot(page, 'owner-credits-refund-02-done');
  await axe(page, 'some credits refunded');
  // the slip for the customer and the till: what was taken back, paid back and how, the reason, the balance now
  await page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed += 1; }; });
  await page.getByRole('button', { name: 'Print refund slip' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByTestId('refund-slip');
  await expect(slip).toContainText('REFUND: credits');
  await expect(slip).toContainText(/Pia Partial · \w+/);
  await expect(slip).toContainText('Coffee Pass');
  await expect(slip).toContainText(/Credits taken back\s*−2\.5 drinks/);
  await expect(slip).toContainText(/Paid back \(card\)\s*\$5\.00/);
  await expect(slip).toContainText('Reason: Going on holiday');
  await expect(slip).toContainText(/Balance now\s*5\.5 drinks/);
  await expect(slip).not.toContainText('cancelled');
  await expect(slip).not.toContainText('unused value');
  await shot(page, 'owner-credits-refund-02b-slip');
  await page.emulateMedia({ media: 'screen' });

  // the redemption of 3 came from the lot the refund took from: its void would be refused, so no Void button is offered,
  // and the row says why; the ledger refuses it too
  const drank = page.getByTestId('customer-history').locator('tbody tr', { hasText: 'Cappuccino × 3' });
  await expect(drank.getByTestId('void-refused')).toHaveText('no void: credits refunded since');
  await expect(drank.getByRole('button', { name: /^Void / })).toHaveCount(0);
  const redemptionId = (await host.call<{ entries: Array<{ kind: string; redemptionId: number | null }> }>('owner.history', { customerId: pia.id, limit: 10, offset: 0 }))
    .entries.find((e) => e.kind === 'redeem')!.redemptionId!;
  expect(await host.fail('redemptions.void', { clientId: clientId(), redemptionId, reason: 'Rang twice' })).toMatchObject({
    code: 'CONFLICT', message: 'Credits of this redemption\'s lot were paid back to the customer after it, so it can no longer be voided: add the credits back with an adjustment instead.',
    details: { redemptionId, reason: 'REFUNDED_SINCE' },
  });
  expect(await host.call<Pass>('passes.get', { passId: pass.id })).toMatchObject({ balance: '5.5' });

  // her statement: the drinks refunded in the pass's entries, with her reason, and the money in the payments
  await page.getByRole('button', { name: 'Statement…' }).click();
  await page.getByRole('button', { name: 'Show statement' }).click();
  const doc = page.getByTestId('statement-preview').getByTestId('statement-doc');
  const refunded = doc.locator('tbody tr', { hasText: 'Refunded' }).first();
  await expect(refunded).toContainText('Going on holiday');
  await expect(refunded).toContainText('-2.5');
  await expect(doc.locator('section', { hasText: 'Payments' }).locator('tbody tr', { hasText: 'Refund paid back' })).toContainText('Refund paid back (card)-$5.00');
  await refunded.scrollIntoViewIfNeeded();
  await shot(page, 'owner-credits-refund-04-statement');
  await page.context().close();
});

test('overage owed on account is paid from the refund first, a fee is kept, the rest is handed back', async ({ browser }) => {
  const oz = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Oz Overdrawn' });
  const pass = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: oz.id, planId: ids.plans['Flex Pass'], paymentMethod: 'cash' });
  // six cappuccinos on a five-drink Flex Pass: one over, $4.50 on account; then a top-up of 5 for $10
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '6' }], overageSettlement: 'account' });
  await host.call('passes.topUp', { clientId: clientId(), passId: pass.id, packId: ids.plans['Top-up 5'], paymentMethod: 'cash' });
  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Overdrawn');
  await page.getByTestId('customer-list').getByRole('button', { name: /Oz Overdrawn/ }).click();
  await page.getByRole('button', { name: 'Refund some credits…' }).click();
  const dialog = page.getByTestId('owner-action');
  await expect(dialog.getByText(/the \$4\.50 of overage owed on account is paid from the refund first/)).toBeVisible();
  await expect(dialog.getByText('the pass holds 5, all paid for')).toBeVisible();
  await dialog.getByLabel('Drinks to pay back').fill('3');
  await expect(dialog.getByTestId('credits-refund-quote')).toHaveText('Pay back $1.50 for 3 drinks: they are worth $6.00, and $4.50 of that pays the overage owed.');
  await dialog.getByLabel('Reason').fill('Changed mind');
  // a cancellation fee: never more than what would be paid back, and the sum paid back follows it
  const fee = dialog.getByLabel('Cancellation fee kept (USD)');
  await fee.fill('2');
  await dialog.getByRole('button', { name: 'Refund some credits' }).click();
  await expect(dialog.getByText('At most $1.50: the fee comes out of what is paid back.')).toBeVisible();
  await fee.fill('0.50');
  await expect(dialog.getByTestId('credits-refund-quote')).toHaveText('Pay back $1.50 for 3 drinks: they are worth $6.00, and $4.50 of that pays the overage owed. Keeping a fee of $0.50, $1.00 is paid back.');
  await shot(page, 'owner-credits-refund-03-owing');
  await axe(page, 'refund some credits with a fee');
  await dialog.getByRole('button', { name: 'Pay back $1.00' }).click();
  await expect(page.getByText('Paid back $1.00 (cash) for 3 drinks. $4.50 of their value paid the overage owed on account. $0.50 kept as a cancellation fee. New balance 2; the pass stays open.')).toBeVisible();
  expect(await host.call<Pass>('passes.get', { passId: pass.id })).toMatchObject({ overageDue: '0.00', balance: '2', status: 'active' });
  await expect(page.getByTestId('customer-history').locator('tbody tr').first().locator('td').nth(2))
    .toHaveText('Credits refunded, keeping $0.50 as a cancellation fee; the pass stays open · $4.50 of it paid the overage owed on account — Changed mind');
  await page.evaluate(() => { window.print = () => undefined; });
  await page.getByRole('button', { name: 'Print refund slip' }).click();
  await page.emulateMedia({ media: 'print' });
  const slip = page.getByTestId('refund-slip');
  await expect(slip).toContainText(/Their unused value\s*\$6\.00/);
  await expect(slip).toContainText(/Paid to the overage owed\s*−\$4\.50/);
  await expect(slip).toContainText(/Cancellation fee kept\s*−\$0\.50/);
  await expect(slip).toContainText(/Paid back \(cash\)\s*\$1\.00/);
  await expect(slip).not.toContainText('Still owed');
  await shot(page, 'owner-credits-refund-03b-slip-owing');
  await page.emulateMedia({ media: 'screen' });
  expect(await host.call<Pass>('passes.get', { passId: pass.id })).toMatchObject({ overageDue: '0.00', balance: '2', status: 'active' });
  await page.context().close();
});
