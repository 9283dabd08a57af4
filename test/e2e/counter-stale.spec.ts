// What the counter's screen says is what the ledger takes, or nothing (a review of two screens at once found the
// ledger booking other figures than the cashier told the customer): an overage offer that another counter changed,
// a rate the owner changed under a cart, a pass's price changed with the sale dialog open. Each is refused with
// the new figures on screen; confirmed again, they are what is booked.
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
const sell = (customerId: number, plan: string) => host.call<Pass>('passes.sell', { clientId: clientId(), customerId, planId: ids.plans[plan], paymentMethod: 'cash' });
const recent = (passId: number) => host.call<{ redemptions: Array<{ overage: { amount: string } | null }> }>('counter.recent', { passId });
const asOwner = async <T,>(method: string, input: unknown) => { await host.call('owner.unlock', { pin: '2468' }); const r = await host.call<T>(method, input); await host.call('owner.lock'); return r; };

test('an overage offer another counter changed is made again with its new amount; the new amount is what is charged', async ({ page }) => {
  const ann = await newCustomer('Ann Over');
  const pass = await sell(ann.id, 'Flex Pass'); // 5 drinks, overage allowed
  await openCounter(page, host);
  await scan(page, ann.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Ann Over' })).toBeVisible();
  for (let i = 0; i < 6; i++) await page.keyboard.press('F1'); // 6 cappuccinos on 5 drinks
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('overage-dialog');
  await expect(dialog.getByTestId('overage-now')).toHaveText('Charge $4.50 now');
  // meanwhile another counter takes 3 from the same pass
  await host.call('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: ids.items['Cappuccino']!, quantity: '3' }] });
  await dialog.getByTestId('overage-now').click();
  await expect(dialog.getByRole('alert')).toContainText('Changed since it was offered for $4.50: nothing was written.');
  await expect(dialog.getByTestId('overage-now')).toHaveText('Charge $18.00 now');
  expect((await recent(pass.id)).redemptions).toHaveLength(1); // only the other counter's
  await shot(page, 'counter-stale-01-overage-offered-again');
  await axe(page, 'overage offered again');
  await dialog.getByTestId('overage-now').click();
  await expect(page.getByTestId('result-flow')).toContainText('2 → 0');
  const rs = (await recent(pass.id)).redemptions;
  expect(rs[0]!.overage).toMatchObject({ amount: '18.00' });
});

test('a rate the owner changed under a cart is refused with its words; the cart then shows and takes the new credits', async ({ page }) => {
  const ben = await newCustomer('Ben Rate');
  const pass = await sell(ben.id, 'Coffee Pass');
  await openCounter(page, host);
  await scan(page, ben.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Ben Rate' })).toBeVisible();
  await page.keyboard.press('F1');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('redeem')).toContainText('Redeem 2 drinks');
  await asOwner('items.save', { clientId: clientId(), id: ids.items['Cappuccino'], name: 'Cappuccino', usageUnit: 'drink', rate: '2', cashPrice: '9.00', hotkey: '1', category: 'Coffee' });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('redeem-error')).toContainText('This cart now takes 4 drinks, not 2 drinks as the screen said');
  await expect(page.getByTestId('redeem')).toContainText('Redeem 4 drinks');
  expect((await host.call<Pass>('passes.get', { passId: pass.id })).balance).toBe('10');
  await shot(page, 'counter-stale-02-rate-changed');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('10 → 6');
  await asOwner('items.save', { clientId: clientId(), id: ids.items['Cappuccino'], name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Coffee' });
});

test('a pass sold at the price on the button, or not at all: a price changed with the dialog open is said and shown', async ({ page }) => {
  const cy = await newCustomer('Cy Price');
  await openCounter(page, host);
  await scan(page, cy.code);
  await expect(page.getByTestId('customer-panel').getByRole('heading', { name: 'Cy Price' })).toBeVisible();
  await page.keyboard.press('Alt+S');
  const dialog = page.getByTestId('sell-dialog');
  await dialog.getByRole('radio', { name: /Coffee Pass/ }).check();
  await dialog.getByRole('radio', { name: 'Cash' }).check();
  await expect(dialog.getByTestId('sell-submit')).toHaveText('Take $20.00 and sell');
  await asOwner('plans.save', { clientId: clientId(), id: ids.plans['Coffee Pass'], name: 'Coffee Pass', credits: '10', price: '30', validity: 'month', overagePolicy: 'block', lowBalanceCredits: '3' });
  await dialog.getByTestId('sell-submit').click();
  await expect(dialog.getByTestId('sell-error')).toContainText('Coffee Pass now costs $30.00, not $20.00 as the screen said');
  await expect(dialog.getByTestId('sell-submit')).toHaveText('Take $30.00 and sell');
  expect((await host.call<{ passes: unknown[] }>('customers.get', { id: cy.id })).passes).toHaveLength(0);
  await shot(page, 'counter-stale-03-price-changed');
  await dialog.getByTestId('sell-submit').click();
  await expect(dialog).toBeHidden();
  const sold = (await host.call<{ passes: Array<{ id: number }> }>('customers.get', { id: cy.id })).passes;
  expect(sold).toHaveLength(1);
  await asOwner('plans.save', { clientId: clientId(), id: ids.plans['Coffee Pass'], name: 'Coffee Pass', credits: '10', price: '20', validity: 'month', overagePolicy: 'block', lowBalanceCredits: '3' });
});
