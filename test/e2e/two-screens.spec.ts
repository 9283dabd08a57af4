// Two screens on one shop: a counter left open while the ledger is restored from a backup elsewhere. A restore brings
// back lower ids, so the counter's customer 2, pass 2 and redemption 1 may now be someone else: a review found the
// open counter's Alt+U undoing the new customer's redemption and Enter charging them the old customer's cart. The page
// sends the ledger it was read from; the host refuses its writes, and the page starts over on the restored ledger.
// The window that restores starts its own counter over too.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { openCounter, scan } from './support/counter';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

type Pass = { id: number; balance: string };
const newCustomer = (name: string) => host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name });
const sell = (customerId: number) => host.call<Pass>('passes.sell', { clientId: clientId(), customerId, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
const ledgerRows = () => host.call<{ total: number }>('owner.customers', { query: '' });

test('a counter open across a restore elsewhere refuses to act on the old ledger and starts over', async ({ page }) => {
  await host.call('owner.unlock', { pin: '2468' });
  const ann = await newCustomer('Ann Early');
  await sell(ann.id);
  const backup = await host.call<{ fileName: string }>('backup.create');
  // after the backup: Gia, her pass, and a redemption at this counter with two more in the cart
  const gia = await newCustomer('Gia Later');
  const giaPass = await sell(gia.id);
  await openCounter(page, host);
  await scan(page, gia.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Gia Later' })).toBeVisible();
  await page.keyboard.press('F1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('10 → 9');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-panel')).toBeHidden();
  await scan(page, gia.code); // the next order of the same customer, its Undo still showing
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Gia Later' })).toBeVisible();
  await page.keyboard.press('F1');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('redeem')).toContainText('Redeem 2 drinks');
  await expect(page.getByTestId('undo')).toBeVisible();

  // elsewhere (the owner's scripts, another tab): the backup is restored, and Hal gets Gia's ids
  await host.call('backup.restore', { clientId: clientId(), source: 'backups', fileName: backup.fileName });
  await host.call('owner.unlock', { pin: '2468' });
  const hal = await newCustomer('Hal Other');
  const halPass = await sell(hal.id);
  expect([hal.id, halPass.id]).toEqual([gia.id, giaPass.id]);
  await host.call('counter.redeem', { clientId: clientId(), passId: halPass.id, items: [{ itemId: ids.items['Latte']!, quantity: '3' }] });
  const customersBefore = (await ledgerRows()).total;

  // the old screen's undo: refused, and the counter starts over with the restored ledger
  await page.keyboard.press('Alt+U');
  await expect(page.getByTestId('elsewhere')).toContainText('The ledger was restored from a backup on another screen, so this screen started over');
  await expect(page.getByTestId('customer-panel')).toBeHidden();
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await expect(page.getByTestId('undo')).toHaveCount(0);
  await shot(page, 'two-screens-01-started-over');
  await axe(page, 'counter started over after a restore elsewhere');
  // Enter now has no cart to charge; Hal's pass is as the ledger left it (10 − 3), no undo, no redemption of Gia's cart
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  expect((await host.call<Pass>('passes.get', { passId: halPass.id })).balance).toBe('7');
  expect((await ledgerRows()).total).toBe(customersBefore);

  // the page goes on with the restored ledger: Hal opens and redeems as anyone would
  await page.getByTestId('elsewhere').getByRole('button', { name: 'OK' }).click();
  await scan(page, hal.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Hal Other' })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('7');
  await page.keyboard.press('F1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('7 → 6');
  expect((await host.call<Pass>('passes.get', { passId: halPass.id })).balance).toBe('6');
});

test('the window that restores starts its own counter over: no customer, cart or undo of the ledger before', async ({ page }) => {
  await host.call('owner.unlock', { pin: '2468' });
  const backup = await host.call<{ fileName: string }>('backup.create');
  const ivy = await newCustomer('Ivy After');
  await sell(ivy.id);
  await openCounter(page, host);
  await scan(page, ivy.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Ivy After' })).toBeVisible();
  await page.keyboard.press('F1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('10 → 9');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-panel')).toBeHidden();
  await scan(page, ivy.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Ivy After' })).toBeVisible();
  await page.keyboard.press('F1');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  // the owner area of this window restores the backup
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Settings & data', exact: true }).click();
  await page.getByRole('button', { name: 'Backups & restore' }).click();
  await page.getByRole('button', { name: `Restore ${backup.fileName}…` }).click();
  await page.getByRole('button', { name: 'Restore this backup' }).click();
  await expect(page.getByText(/Restored from .*Enter the owner PIN: it is the same as before the restore/)).toBeVisible();
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Counter' }).click();
  await expect(page.getByTestId('search')).toBeFocused();
  await expect(page.getByTestId('customer-panel')).toBeHidden();
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await expect(page.getByTestId('undo')).toHaveCount(0);
  await shot(page, 'two-screens-02-own-restore');
});
