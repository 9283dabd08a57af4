// Found in the review of session 24: a customer without a pass had a Redeem button that only failed after Enter, with
// no word of what to do instead; after a top-up the redemption's card still said to offer one.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { openCounter, scan } from './support/counter';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => { ids = await setupCoffeeShop(host); });

test('a customer without a pass: the cart says to sell one or sell without a pass, and Redeem waits', async ({ page }) => {
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Lena Nopass' });
  await openCounter(page, host);
  await scan(page, c.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Lena Nopass' })).toBeVisible();
  await expect(page.getByTestId('no-pass')).toHaveText('Lena Nopass has no active pass: sell one (Alt+S), or sell items without a pass (Alt+W).');
  await page.keyboard.press('1');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('redeem')).toBeDisabled();
  await shot(page, 'counter-review11-01-no-pass');
  await axe(page, 'customer without a pass');
  // selling one makes the cart redeemable
  await page.keyboard.press('Alt+S');
  const dialog = page.getByTestId('sell-dialog');
  await dialog.getByRole('radio', { name: /Coffee Pass/ }).check();
  await dialog.getByRole('radio', { name: 'Cash' }).check();
  await dialog.getByTestId('sell-submit').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('no-pass')).toHaveCount(0);
  await expect(page.getByTestId('redeem')).toBeEnabled();
});

test('after a top-up, the redemption\'s low-balance prompt goes: it was offered', async ({ page }) => {
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Max Lowe' });
  const p = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await host.call('counter.redeem', { clientId: clientId(), passId: p.id, items: [{ itemId: ids.items['Cappuccino'], quantity: '7' }] });
  await openCounter(page, host);
  await scan(page, c.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Max Lowe' })).toBeVisible();
  await page.keyboard.press('1');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('3 → 2');
  const card = page.getByTestId('last-result');
  await expect(card.getByText('Low balance — offer a top-up')).toBeVisible();
  await page.keyboard.press('Alt+T');
  await page.getByTestId('topup-submit').click();
  await expect(page.getByTestId('topup-dialog')).toBeHidden();
  await expect(page.getByTestId('undo-purchase')).toBeVisible();
  await expect(card.getByText('Low balance — offer a top-up')).toHaveCount(0);
  await expect(page.getByTestId('low-balance')).toHaveCount(0); // the pass itself is no longer low either
  await shot(page, 'counter-review11-02-topped-up');
});
