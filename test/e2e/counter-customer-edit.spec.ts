// The customer at the counter: the shop's note about them ("oat milk") shows the moment their card is scanned, and
// the cashier corrects their details (a new phone, the note) while they wait, without the owner.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { openCounter, scan } from './support/counter';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;

const counter = (page: Page) => openCounter(page, host);
type Customer = { name: string; phone: string | null; email: string | null; notes: string | null; code: string };
const customer = async (id: number) => (await host.call<{ customer: Customer }>('customers.get', { id })).customer;

test.beforeAll(async () => {
  ids = await setupCoffeeShop(host);
});

test('the note shows when the card is scanned; the cashier edits phone and note, and a refusal names its field', async ({ page }) => {
  const eve = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Eve Ng', phone: '555 0100', notes: 'Oat milk, extra hot' });
  await host.call('passes.sell', { clientId: clientId(), customerId: eve.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
  await counter(page);
  await scan(page, eve.code);
  await expect(page.getByRole('heading', { name: 'Eve Ng' })).toBeVisible();
  await expect(page.getByTestId('customer-note')).toHaveText('Oat milk, extra hot');
  await shot(page, 'customer-edit-01-note');

  await page.getByTestId('edit-customer').click();
  const dialog = page.getByTestId('edit-customer-dialog');
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await expect(dialog.getByLabel('Name')).toHaveValue('Eve Ng');
  await expect(dialog.getByLabel('Phone (optional)')).toHaveValue('555 0100');
  await axe(page, 'edit customer at the counter');

  // a name too long for the ledger: refused under the name, nothing saved
  await dialog.getByLabel('Name').fill('E'.repeat(121));
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(dialog.locator('#edit-name-error')).toBeVisible();
  await expect(dialog.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  expect((await customer(eve.id)).name).toBe('Eve Ng');
  // an empty name is caught before it is sent
  await dialog.getByLabel('Name').fill('  ');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(dialog.locator('#edit-name-error')).toHaveText('Enter the customer’s name.');

  await dialog.getByLabel('Name').fill('Eve Ng-Park');
  await dialog.getByLabel('Phone (optional)').fill('+1 646 555 0199');
  await dialog.getByLabel('Note (optional)').fill('Oat milk; decaf after 3 pm');
  await shot(page, 'customer-edit-02-dialog');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('search')).toBeFocused();
  await expect(page.getByRole('heading', { name: 'Eve Ng-Park' })).toBeVisible();
  await expect(page.getByTestId('customer-note')).toHaveText('Oat milk; decaf after 3 pm');
  await expect(page.getByTestId('counter-voice')).toHaveText('Saved Eve Ng-Park\'s details.');
  await expect(page.getByTestId('customer-panel')).toContainText('+1 646 555 0199');
  expect(await customer(eve.id)).toMatchObject({ name: 'Eve Ng-Park', phone: '+1 646 555 0199', email: null, notes: 'Oat milk; decaf after 3 pm', code: eve.code });
  // found by the new phone's digits
  const found = await host.call<{ customers: Array<{ id: number }> }>('customers.search', { query: '6465550199' });
  expect(found.customers.map((c) => c.id)).toEqual([eve.id]);
  await shot(page, 'customer-edit-03-saved');

  // a note cleared is gone from the counter
  await page.getByTestId('edit-customer').click();
  await dialog.getByLabel('Note (optional)').fill('');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('customer-note')).toHaveCount(0);
  expect((await customer(eve.id)).notes).toBeNull();
  // Esc cancels without saving
  await page.getByTestId('edit-customer').click();
  await dialog.getByLabel('Name').fill('Not saved');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await customer(eve.id)).name).toBe('Eve Ng-Park');
});
