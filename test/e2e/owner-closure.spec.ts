// The shop closes for a while: the owner gives every credit that would end while it is closed a day after it opens
// again, in one go from Month end. The ledger counts what will move before the owner confirms, and does exactly that.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { lastDay, localDay, medium, plusDays } from './support/days';

const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

type Pass = { id: number; balance: string; lots: Array<{ id: number; expiresAt: string | null; remaining: string }> };
test('closed for works: the owner extends every credit ending while closed, after seeing how many', async ({ browser }) => {
  const sell = async (name: string, drinks: string) => {
    const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name });
    const p = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
    await host.call('counter.redeem', { clientId: clientId(), passId: p.id, items: [{ itemId: ids.items['Cappuccino'], quantity: drinks }] });
    return { customerId: c.id, passId: p.id };
  };
  const ann = await sell('Ann Closure', '2');
  const bo = await sell('Bo Closure', '3');
  const first = await host.call<Pass>('passes.get', { passId: ann.passId });
  const last = lastDay(first.lots[0]!.expiresAt!); // the drinks' last day now (the month's end)
  const today = localDay(Date.now());
  const reopen = plusDays(last, 10);

  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Month end' }).click();
  await page.getByRole('button', { name: 'Closing for a while…' }).click();
  const dialog = page.getByTestId('closure-dialog');
  await expect(dialog.getByRole('heading', { name: 'Closing for a while' })).toBeVisible();
  await expect(dialog.getByLabel('Credits ending from')).toBeFocused();
  await expect(dialog.getByLabel('Credits ending from')).toHaveValue(today);
  const quote = dialog.getByTestId('closure-quote');
  await expect(quote).toHaveText('Pick the days the shop is closed and the day the credits last to.');
  await dialog.getByLabel('to (including)').fill(last);
  // a last day inside the window is refused by the ledger, said before Submit
  await dialog.getByLabel('Can be used through').fill(last);
  await expect(quote).toHaveText(`Credits ending up to ${medium(last)} need a later day than that.`);
  await dialog.getByLabel('Can be used through').fill(reopen);
  await expect(quote).toHaveText(`15 drinks of 2 passes (2 customers) will be valid through ${medium(reopen)}.`);
  await dialog.getByLabel('Reason').fill('Closed for works');
  await shot(page, 'owner-closure-01-dialog');
  await axe(page, 'closure dialog');
  await dialog.getByRole('button', { name: 'Extend 2 passes' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('closure-result')).toHaveText(`15 drinks of 2 passes (2 customers) that would have ended from ${medium(today)} to ${medium(last)} can now be used through ${medium(reopen)}. No money moved.`);
  await shot(page, 'owner-closure-02-done');
  await axe(page, 'closure done');

  await host.call('owner.unlock', { pin: '2468' }); // the test's own owner session, to read the histories
  // the ledger: both passes' drinks end the day after the reopening day; each history says it with the reason
  for (const p of [ann, bo]) {
    const pass = await host.call<Pass>('passes.get', { passId: p.passId });
    expect(lastDay(pass.lots[0]!.expiresAt!)).toBe(reopen);
    const h = await host.call<{ entries: Array<{ kind: string; reason: string | null }> }>('owner.history', { customerId: p.customerId, limit: 1, offset: 0 });
    expect(h.entries[0]).toMatchObject({ kind: 'extend', reason: 'Closed for works' });
  }
  expect((await host.call<Pass>('passes.get', { passId: ann.passId })).balance).toBe('8');
  await page.context().close();
});

test('a closure typed for the wrong year: the owner takes it back for every pass from Month end', async ({ browser }) => {
  const sell = async (name: string) => {
    const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name });
    const p = await host.call<Pass>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'card' });
    return { customerId: c.id, passId: p.id, expiresAt: p.lots[0]!.expiresAt! };
  };
  const cat = await sell('Cat Typo');
  const dan = await sell('Dan Typo');
  const last = lastDay(cat.expiresAt);
  const typo = plusDays(last, 375); // meant ten days after, typed the next year
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('passes.extendAll', { clientId: clientId(), endingFrom: localDay(Date.now()), endingThrough: last, through: typo, reason: 'Closed for the holidays' });
  await host.call('owner.lock');

  const page = await ownerPage(browser, host);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Month end' }).click();
  await page.getByRole('button', { name: 'Undo last closure…' }).click();
  const dialog = page.getByTestId('undo-closure-dialog');
  await expect(dialog.getByRole('heading', { name: 'Take back the last closure' })).toBeVisible();
  await expect(dialog.getByLabel('Reason')).toBeFocused();
  await expect(dialog.getByTestId('undo-closure-quote')).toContainText(`(“Closed for the holidays”) made them valid through ${medium(typo)}: 20 drinks of 2 passes (2 customers) will end as before.`);
  await dialog.getByLabel('Reason').fill('Typed next year');
  await shot(page, 'owner-closure-03-undo-dialog');
  await axe(page, 'undo closure dialog');
  await dialog.getByRole('button', { name: 'Take back for 2 passes' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('closure-result')).toHaveText('The closure is taken back: 20 drinks of 2 passes end where they did before it (never before tonight). No money moved.');
  await shot(page, 'owner-closure-04-undone');

  await host.call('owner.unlock', { pin: '2468' });
  for (const p of [cat, dan]) {
    const pass = await host.call<Pass>('passes.get', { passId: p.passId });
    expect(pass.lots[0]!.expiresAt).toBe(p.expiresAt);
    const h = await host.call<{ entries: Array<{ kind: string; reason: string | null; description: string }> }>('owner.history', { customerId: p.customerId, limit: 1, offset: 0 });
    expect(h.entries[0]).toMatchObject({ kind: 'extend_undo', reason: 'Typed next year', description: `10 drinks extension taken back: valid through ${medium(last)} instead of ${medium(typo)}` });
  }
  await page.context().close();
});
