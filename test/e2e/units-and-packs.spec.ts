// Credit units at the counter and packs in the catalog (design review, round 9): a croissant never comes off a
// drink pass (the item keeps its place and key but says which passes it is for, and a tap says why nothing was
// added); the owner says which unit an item comes off; a top-up pack's editor offers no rollover, credit order,
// overage or low-balance terms, which a pack never followed.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
let croissant: number;
let pastryPlan: number;

test.beforeAll(async () => {
  ids = await setupCoffeeShop(host);
  await host.call('owner.unlock', { pin: '2468' });
  croissant = (await host.call<{ id: number }>('items.save', { clientId: clientId(), name: 'Croissant', usageUnit: 'croissant', creditUnit: 'pastry', rate: '1', cashPrice: '3.00', hotkey: '9', category: 'Bakery' })).id;
  pastryPlan = (await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Pastry Pass', creditUnit: 'pastry', credits: '5', price: '12', validity: 'month' })).id;
  await host.call('owner.lock');
});

test('the counter draws an item only from a pass of its unit, and says so at the tap', async ({ page }) => {
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Bea Baker' });
  const coffee = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  const pastry = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: pastryPlan, paymentMethod: 'cash' });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(c.code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Bea Baker' })).toBeVisible();

  // the newest pass with credits is chosen: the pastry pass; the coffee items say where they come off
  const items = page.getByRole('group', { name: 'Items' });
  const capp = items.getByRole('button', { name: /Cappuccino/ });
  await expect(capp).toHaveAttribute('aria-disabled', 'true');
  await expect(capp).toContainText('drink passes only');
  await expect(items.getByRole('button', { name: /Croissant/ })).toContainText('1 pastry');
  await page.keyboard.press('1'); // Cappuccino's own key
  await expect(page.getByTestId('redeem-error')).toHaveText('Cappuccino comes off drink passes; this pass holds pastry.');
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await page.waitForTimeout(150); // a cashier's pace: a key right after a hotkey is a scanner typing a card code
  await page.keyboard.press('9'); // the croissant
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await host.call<{ balance: string }>('passes.get', { passId: pastry.id })).balance).toBe('4');
  await shot(page, 'r9-other-unit-items');
  await axe(page, 'counter with items of another unit');

  // the coffee pass: the croissant is the one set aside, a click on it adds nothing
  await page.getByRole('button', { name: /Coffee Pass/ }).click();
  const crois = items.getByRole('button', { name: /Croissant/ });
  await expect(crois).toHaveAttribute('aria-disabled', 'true');
  await crois.click({ force: true }); // aria-disabled: Playwright would wait for it to be enabled; a mouse clicks it all the same
  await expect(page.getByTestId('redeem-error')).toHaveText('Croissant comes off pastry passes; this pass holds drink.');
  await expect(page.getByTestId('cart-line')).toHaveCount(0); // nothing went into the cart
  expect((await host.call<{ balance: string }>('passes.get', { passId: coffee.id })).balance).toBe('10');
});

test('the owner says which passes an item comes off; a pack offers no terms of a pass', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  const section = (name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true });
  await section('Plans & items').click();
  await page.getByRole('button', { name: 'Items', exact: true }).click();
  await expect(page.getByRole('row', { name: /Croissant/ })).toContainText('1 pastry');
  await page.getByRole('button', { name: 'New item' }).click();
  const unit = page.getByLabel('Comes off passes in (credit unit)');
  await expect(unit).toHaveValue('drink');
  await expect(page.getByText('Your plans count in: drink, pastry')).toBeVisible();
  await page.getByRole('form', { name: 'item details' }).getByLabel('Name').fill('Muffin');
  await unit.fill('pastry');
  await page.getByLabel('Cash price (USD)').fill('3.25');
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByRole('row', { name: /Muffin/ })).toContainText('1 pastry');
  const saved = (await host.call<{ items: Array<{ name: string; creditUnit: string }> }>('items.list', {})).items.find((i) => i.name === 'Muffin');
  expect(saved?.creditUnit).toBe('pastry');

  // plans have a Rollover column; packs, whose credits never roll over, do not
  await page.getByRole('button', { name: 'Plans', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Rollover' })).toBeVisible();
  await page.getByRole('button', { name: 'Top-up packs' }).click();
  await expect(page.getByRole('columnheader', { name: 'Rollover' })).toHaveCount(0);
  await page.getByRole('button', { name: 'New top-up pack' }).click();
  await expect(page.getByText('Its credits end when the pack’s validity ends, and do not roll over')).toBeVisible();
  await expect(page.getByLabel('Unused credits')).toHaveCount(0);
  await expect(page.getByLabel('Overage')).toHaveCount(0);
  await expect(page.getByLabel('Low balance at (credits)')).toHaveCount(0);
  const form = page.getByRole('form', { name: 'top-up pack details' });
  await form.getByLabel('Name').fill('3 pastries more');
  await form.getByLabel('Credit unit').fill('pastry');
  await form.getByLabel('Credits').fill('3');
  await form.getByLabel('Price (USD)').fill('7');
  await shot(page, 'r9-pack-editor');
  await axe(page, 'pack editor');
  await page.getByRole('button', { name: 'Save top-up pack' }).click();
  await expect(page.getByRole('cell', { name: '3 pastries more', exact: true })).toBeVisible();

  // a plan still has them, and a new rollover rule starts with rolled credits lasting one more period
  await page.getByRole('button', { name: 'Plans', exact: true }).click();
  await page.getByRole('button', { name: 'New plan' }).click();
  await page.getByLabel('Unused credits').selectOption('cap');
  await expect(page.getByLabel('Rolled credits expire after (periods)')).toHaveValue('1');
  await page.getByLabel('Rolled credits expire after (periods)').fill('');
  await expect(page.getByText('Rolled credits then add up period after period, whatever the cap')).toBeVisible();
});
