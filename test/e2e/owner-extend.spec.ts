// The owner gives a customer's drinks more time (she was in hospital): the dialog says which credits move to which day
// before the owner confirms, the ledger moves only their end (no money, same balance), and the history says it.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { lastDay, localDay, medium, plusDays } from './support/days';

const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

type Pass = { id: number; balance: string; lots: Array<{ id: number; expiresAt: string | null; remaining: string }> };
test('the owner extends Eli\'s 8 drinks by two weeks: same balance, no money, the new end in the pass and the history', async ({ browser }) => {
  const eli = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Eli Extend' });
  const sold = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: eli.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await host.call('counter.redeem', { clientId: clientId(), passId: sold.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '2' }] });
  const before = await host.call<Pass>('passes.get', { passId: sold.id });
  const oldLast = lastDay(before.lots[0]!.expiresAt!); // the last day the drinks can be used now
  const newLast = plusDays(oldLast, 14);

  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Extend');
  await page.getByTestId('customer-list').getByRole('button', { name: /Eli Extend/ }).click();
  await page.getByRole('button', { name: 'Extend end…' }).click();
  const dialog = page.getByTestId('extend-dialog');
  await expect(dialog.getByRole('heading', { name: 'Extend the credits’ end' })).toBeVisible();
  const field = dialog.getByLabel('Valid through');
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('min', localDay(Date.now()));
  const preview = dialog.getByTestId('extend-preview');
  await expect(preview).toHaveText('Pick a day.');
  // the day they end already: nothing ends before it
  await field.fill(oldLast);
  await expect(preview).toHaveText(`No credits end before ${medium(oldLast)}: nothing to extend.`);
  await field.fill(newLast);
  await expect(preview).toHaveText(new RegExp(`^8 drinks ending \\w{3} \\d{1,2}(, \\d{4})? will be valid through ${medium(newLast)}\\.$`));
  await dialog.getByLabel('Reason').fill('In hospital for two weeks');
  await shot(page, 'owner-extend-01-dialog');
  await axe(page, 'extend dialog');
  await dialog.getByRole('button', { name: `Extend to ${medium(newLast)}` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`8 drinks are now valid through ${medium(newLast)}. No money moved; the balance is 8.`)).toBeVisible();

  // the ledger: the same lot, the same balance, its end at the end of the new day
  const after = await host.call<Pass>('passes.get', { passId: sold.id });
  expect(after.balance).toBe('8');
  expect(after.lots.map((l) => [l.id, l.remaining])).toEqual(before.lots.map((l) => [l.id, l.remaining]));
  expect(lastDay(after.lots[0]!.expiresAt!)).toBe(newLast);
  expect(localDay(Date.parse(after.lots[0]!.expiresAt!))).toBe(plusDays(newLast, 1));
  // the pass's figures and the history say it; the credits and money columns stay empty
  await expect(page.getByTestId('pass-next-end')).toContainText(/^8 end \w{3} \d{1,2}/);
  await expect(page.getByTestId('lot-extended')).toHaveText(/^ extended from \w{3} \d{1,2}(, \d{4})?$/);
  const row = page.getByTestId('customer-history').locator('tbody tr').first();
  await expect(row.locator('td').nth(1)).toHaveText('Extended');
  await expect(row.locator('td').nth(2)).toHaveText(`8 drinks extended: valid through ${medium(newLast)} instead of ${medium(oldLast)} — In hospital for two weeks`);
  await expect(row.locator('td').nth(3)).toHaveText('');
  await expect(row.locator('td').nth(4)).toHaveText('');
  await shot(page, 'owner-extend-02-done');
  await axe(page, 'extended');

  // her statement says it among the entries, with the two days and her reason, and no credits
  await page.getByRole('button', { name: 'Statement…' }).click();
  await page.getByRole('button', { name: 'Show statement' }).click();
  const doc = page.getByTestId('statement-preview').getByTestId('statement-doc');
  const extended = doc.locator('tbody tr', { hasText: 'Credits extended' });
  await expect(extended.locator('td').nth(2)).toHaveText(`Credits extended: valid through ${medium(newLast)} instead of ${medium(oldLast)} — In hospital for two weeks`);
  await expect(extended.locator('td').nth(4)).toHaveText('');
  await expect(extended.locator('td').nth(5)).toHaveText('8');
  await shot(page, 'owner-extend-03-statement');
  // and the statement saved as CSV: the extension's row says both days and the reason
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save CSV…' }).click();
  const csv = fs.readFileSync(await (await downloaded).path(), 'utf8').split('\n');
  expect(csv.find((l) => l.includes(',extend,'))).toMatch(new RegExp(`,extend,valid through ${newLast} \\(was ${oldLast}\\),,0,0\\.00,8,In hospital for two weeks$`));
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Customers', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Eli Extend' })).toBeVisible(); // the customer open before

  // asked again for a day before the new end: the dialog says so, and the ledger refuses it on the field if sent anyway
  await page.getByRole('button', { name: 'Extend end…' }).click();
  await field.fill(plusDays(oldLast, 7));
  await expect(preview).toHaveText(`No credits end before ${medium(plusDays(oldLast, 7))}: nothing to extend.`);
  await dialog.getByLabel('Reason').fill('Again');
  await dialog.getByRole('button', { name: 'Extend', exact: true }).click();
  await expect(dialog.getByRole('alert')).toHaveText(`No credits on this pass end before ${medium(plusDays(oldLast, 7))}, so there is nothing to extend.`);
  await expect(dialog).toBeVisible();
  expect((await host.call<Pass>('passes.get', { passId: sold.id })).lots[0]!.expiresAt).toBe(after.lots[0]!.expiresAt);
  await page.context().close();
});

test('the owner takes back an extension made to the wrong day: the dialog says which, the end goes back, the history says it', async ({ browser }) => {
  const fay = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Fay Undo' });
  const sold = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: fay.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'card' });
  const oldLast = lastDay(sold.lots[0]!.expiresAt!);
  const typo = plusDays(oldLast, 365); // meant two weeks, typed a year
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('passes.extend', { clientId: clientId(), passId: sold.id, through: typo, reason: 'Away two weeks' });
  await host.call('owner.lock');

  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Fay Undo');
  await page.getByTestId('customer-list').getByRole('button', { name: /Fay Undo/ }).click();
  await expect(page.getByTestId('lot-extended')).toBeVisible();
  await page.getByRole('button', { name: 'Undo extension…' }).click();
  const dialog = page.getByTestId('undo-extension-dialog');
  await expect(dialog.getByRole('heading', { name: 'Take back an extension' })).toBeVisible();
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  // the ledger's quote: which extension (when, why) and where the drinks' end goes
  const preview = dialog.getByTestId('undo-extension-preview');
  await expect(preview).toContainText('(“Away two weeks”)');
  await expect(preview.getByRole('listitem')).toHaveText(`10 drinks valid through ${medium(typo)} will be valid through ${medium(oldLast)} instead.`);
  await dialog.getByLabel('Reason').fill('Typed the wrong year');
  await shot(page, 'owner-extend-04-undo-dialog');
  await axe(page, 'undo extension dialog');
  await dialog.getByRole('button', { name: 'Take back the extension' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`The extension is taken back: 10 drinks are valid through ${medium(oldLast)}. No money moved; the balance is 10.`)).toBeVisible();

  // the ledger: the lot ends where it was granted again; nothing else moved
  const after = await host.call<Pass>('passes.get', { passId: sold.id });
  expect(after.lots.map((l) => [l.id, l.expiresAt, l.remaining])).toEqual(sold.lots.map((l) => [l.id, l.expiresAt, l.remaining]));
  expect(after.balance).toBe('10');
  // the pass shows no extension any more, so there is nothing to undo; the history says what happened
  await expect(page.getByTestId('lot-extended')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Undo extension…' })).toHaveCount(0);
  await expect(page.locator('#customer-title')).toBeFocused(); // the button that opened the dialog is gone
  const row = page.getByTestId('customer-history').locator('tbody tr').first();
  await expect(row.locator('td').nth(1)).toHaveText('Extension taken back');
  await expect(row.locator('td').nth(2)).toHaveText(`10 drinks extension taken back: valid through ${medium(oldLast)} instead of ${medium(typo)} — Typed the wrong year`);
  await expect(row.locator('td').nth(3)).toHaveText('');
  await shot(page, 'owner-extend-05-undone');
  await axe(page, 'extension taken back');
  // the statement says both, in order
  await page.getByRole('button', { name: 'Statement…' }).click();
  await page.getByRole('button', { name: 'Show statement' }).click();
  const doc = page.getByTestId('statement-preview').getByTestId('statement-doc');
  await expect(doc.locator('tbody tr', { hasText: 'Extension taken back' }).locator('td').nth(2))
    .toHaveText(`Extension taken back: valid through ${medium(oldLast)} instead of ${medium(typo)} — Typed the wrong year`);
  await page.context().close();
});
