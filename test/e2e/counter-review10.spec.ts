// Reviews, round 10 (a shop that changes things while passes are live): the owner archives an item that is in the
// cart and changes another's rate; back at the counter the cart says what changed instead of showing "Item 2" and
// sending a line the ledger refuses.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

test('an item archived under the cart comes out of it, a changed rate is said, and Enter redeems what the cart shows', async ({ page }) => {
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Mina Park' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass']!, paymentMethod: 'card' });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(c.code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Mina Park' })).toBeVisible();
  for (let i = 0; i < 3; i++) await page.keyboard.press('F4'); // Latte ×3
  await page.keyboard.press('F3'); // Espresso
  await expect(page.getByTestId('redeem')).toContainText('Redeem 3.5 drinks');

  // meanwhile the owner archives Espresso and makes a Latte 2 drinks
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('items.archive', { clientId: clientId(), id: ids.items['Espresso']!, archived: true });
  await host.call('items.save', { clientId: clientId(), id: ids.items['Latte']!, name: 'Latte', usageUnit: 'drink', rate: '2', cashPrice: '4.75', category: 'Coffee' });
  await host.call('owner.lock');

  // the cashier looks into the owner area and comes back: the counter reloads the catalogue
  const areas = page.getByRole('navigation', { name: 'Areas' });
  await areas.getByRole('button', { name: 'Owner' }).click();
  await expect(page.getByLabel('Owner PIN')).toBeVisible();
  await areas.getByRole('button', { name: 'Counter' }).click();
  const cart = page.getByTestId('cart');
  await expect(page.getByTestId('redeem-error')).toHaveText('Espresso is no longer sold, so it was taken out of the cart. Latte now takes 2 drinks (it was 1).');
  await expect(cart).not.toContainText(/Item \d/);
  await expect(page.getByTestId('redeem')).toContainText('Redeem 6 drinks');
  await expect(cart.getByRole('button', { name: 'Remove Espresso' })).toHaveCount(0);
  await shot(page, 'r10-cart-after-catalogue-change');
  await axe(page, 'cart after the catalogue changed');

  await page.getByTestId('search').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance-after')).toHaveText('4');
  expect((await host.call<{ balance: string }>('passes.get', { passId: pass.id })).balance).toBe('4');
  await expect(page.getByTestId('redeem-error')).toBeHidden();
});
