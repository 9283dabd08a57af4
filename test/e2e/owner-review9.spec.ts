// Reviews, round 9 (a studio owner's first two months; the design audit): the owner fixes a customer's name, phone, email and
// notes from the customer's page (there was no way to, though the API had customers.update), and the counter finds
// the customer by the new name at once.
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();

test.beforeAll(async () => {
  await setupCoffeeShop(host);
});

test('the owner edits a customer\'s details; the card code stays; search finds the new name', async ({ browser }) => {
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Emilie Tremblai', phone: '514 555 0100' });
  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Tremblai');
  await page.getByTestId('customer-list').getByRole('button', { name: /Emilie Tremblai/ }).click();
  await page.getByRole('button', { name: 'Edit details…' }).click();
  const dialog = page.getByTestId('customer-editor');
  const form = dialog.getByRole('form', { name: 'customer details' });
  await expect(form.getByLabel('Name')).toBeFocused();
  await expect(form.getByLabel('Phone')).toHaveValue('514 555 0100');
  await form.getByLabel('Name').fill('');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true'); // a name is needed; nothing saved
  await form.getByLabel('Name').fill('Émilie Tremblay');
  await expect(form.getByLabel('Name')).not.toHaveAttribute('aria-invalid', 'true'); // the message goes with the change
  await form.getByLabel('Email').fill('emilie@example.ca');
  await form.getByLabel('Notes').fill('Prefers mornings');
  await shot(page, 'r9-customer-editor');
  await axe(page, 'customer editor');
  await dialog.getByRole('button', { name: 'Save details' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Saved Émilie Tremblay\'s details.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Émilie Tremblay' })).toBeVisible();
  await expect(page.getByText(`Card ${c.code} · 514 555 0100 · emilie@example.ca`)).toBeVisible();
  await expect(page.getByTestId('customer-notes')).toHaveText('Notes: Prefers mornings');
  const found = await host.call<{ customers: Array<{ id: number; name: string }> }>('customers.search', { query: 'emilie tremb', limit: 5 });
  expect(found.customers.map((x) => [x.id, x.name])).toEqual([[c.id, 'Émilie Tremblay']]);
});

test('the counter opens on the pass whose credits end soonest, and each pass says when its credits end', async ({ page }) => {
  await host.call('owner.unlock', { pin: '2468' });
  const short = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: '10 classes', credits: '10', price: '180', validity: 'days', validityDays: 30 });
  const long = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: '10 classes', credits: '10', price: '180', validity: 'days', validityDays: 90 });
  await host.call('owner.lock');
  const items = await host.call<{ items: Array<{ id: number; name: string }> }>('items.list', {});
  const capp = items.items.find((i) => i.name === 'Cappuccino')!.id;
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Sophie Lavoie' });
  const first = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: short.id, paymentMethod: 'card' });
  await host.call('counter.redeem', { clientId: clientId(), passId: first.id, items: [{ itemId: capp, quantity: '9' }] });
  const second = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: long.id, paymentMethod: 'card' });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(c.code);
  await page.keyboard.press('Enter');
  const passes = page.getByRole('group', { name: 'Passes' });
  const tabs = passes.getByRole('button');
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(0)).toHaveAttribute('aria-pressed', 'true');
  await expect(tabs.nth(0)).toContainText(/^10 classes: 1 · to \w{3} \d{1,2}(, \d{4})?$/);
  await expect(tabs.nth(1)).toContainText(/^10 classes: 10 · to \w{3} \d{1,2}(, \d{4})?$/);
  await page.keyboard.press('Enter'); // nothing in the cart: nothing happens
  await page.keyboard.press('F1');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await host.call<{ balance: string }>('passes.get', { passId: first.id })).balance).toBe('0');
  expect((await host.call<{ balance: string }>('passes.get', { passId: second.id })).balance).toBe('10');
  await shot(page, 'r9-soonest-pass-first');

  // a top-up says what it did on screen, not only to a screen reader, until the next step
  await page.keyboard.press('Alt+T');
  await expect(page.getByTestId('topup-submit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-confirmation')).toHaveText('✓ Top-up added: now 5 left.');
  await shot(page, 'r9-topup-confirmed');
  await page.keyboard.press('F1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('counter-confirmation')).toBeHidden();
});

test('over the overdraft limit the counter still charges the overage now, and does not offer the account', async ({ page }) => {
  await host.call('owner.unlock', { pin: '2468' });
  const tab = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Tab Pass', credits: '2', price: '4', validity: 'month', overagePolicy: 'allow', overdraftLimitCredits: '1' });
  await host.call('owner.lock');
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Jean-François Côté' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: tab.id, paymentMethod: 'cash' });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(c.code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Jean-François Côté' })).toBeVisible();
  for (let i = 0; i < 4; i++) await page.keyboard.press('F1'); // 4 cappuccinos on 2 drinks: 2 over, the limit is 1
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('overage-dialog');
  await expect(dialog.getByTestId('overage-account-closed')).toHaveText('On account would pass this pass’s overdraft limit: it can only be charged now.');
  await expect(dialog.getByTestId('overage-account')).toHaveCount(0);
  await shot(page, 'r9-overdraft-charge-only');
  await axe(page, 'overage dialog over the overdraft limit');
  await dialog.getByTestId('overage-now').click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await host.call<{ balance: string; overageDue: string }>('passes.get', { passId: pass.id })).overageDue).toBe('0.00');
  expect((await host.call<{ balance: string }>('passes.get', { passId: pass.id })).balance).toBe('0');
});
