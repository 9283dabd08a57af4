// The first week of a French bakery (fr-FR, EUR, Europe/Paris) in the owner area, by keyboard, for what a review
// of a new shop's first days found:
// - a new shop's owner area opened on "No customers match." with nothing searched: it says where to begin;
// - items sorted by character code ("Éclair café" after "Pain au chocolat"), a roll cap printed as "2.5";
// - opening a customer left the focus on nothing, and "Back to customers" lost the search and the place;
// - statements opened on today alone (on the 2nd the owner wants last month), and the deferred revenue report
//   began with months before the shop existed.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { ownerPage } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;
const section = (name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true });

test.beforeAll(async ({ browser }) => {
  // Thursday 2 April 2026, 12:00 in Paris: the shop opened on 30 March
  await host.setClock('2026-03-30T08:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'Boulangerie Zoé', currency: 'EUR', timeZone: 'Europe/Paris', locale: 'fr-FR', creditUnit: 'pièce', pin: '2468' });
  await host.setClock('2026-04-02T10:00:00.000Z');
  page = await ownerPage(browser, host, { locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  await expect(section('Customers')).toBeVisible();
});
test.afterAll(async () => { await page.context().close(); });

test('a new shop says where to begin, and each empty catalog tab says what belongs there', async () => {
  const list = page.getByTestId('customer-list');
  await expect(list).toContainText('No customers yet.');
  await expect(list).not.toContainText('No customers match.');
  await shot(page, 'first-week-01-no-customers');
  await axe(page, 'owner area of a new shop');
  await list.getByRole('button', { name: 'Plans & items' }).focus();
  await page.keyboard.press('Enter');
  await expect(section('Plans & items')).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: 'Plans', exact: true })).toContainText('No plans yet. A plan is what the counter sells as a pass');
  await page.getByRole('group', { name: 'Catalog' }).getByRole('button', { name: 'Items' }).click();
  await expect(page.getByRole('region', { name: 'Items', exact: true })).toContainText('No items yet. An item is what the counter sells');
  await shot(page, 'first-week-02-no-items');
  // a search that finds nobody still says so
  await section('Customers').click();
  await page.getByLabel('Find').fill('personne');
  await expect(page.getByTestId('customer-list')).toContainText('No customers match.');
  await page.getByLabel('Find').fill('');
});

test('items in a reader\'s order and a plan\'s roll cap in French numbers', async () => {
  await host.call('owner.unlock', { pin: '2468' });
  for (const [name, price] of [['Pain au chocolat', '1.60'], ['Éclair café', '3.20'], ['croissant', '1.40'], ['Mini-chouquettes', '2.50']]) {
    await host.call('items.save', { clientId: clientId(), name, usageUnit: 'pièce', rate: '1', cashPrice: price });
  }
  await host.call('plans.save', { clientId: clientId(), name: 'Carte 10 viennoiseries', credits: '10', price: '14', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '2.5', overagePolicy: 'block' });
  await host.call('plans.save', { clientId: clientId(), name: 'Carte famille', credits: '20', price: '26', validity: 'month', rolloverPolicy: 'cap', rolloverCapPercent: '12.5', overagePolicy: 'block' });
  await section('Customers').click();
  await section('Plans & items').click();
  const plans = page.getByRole('region', { name: 'Plans', exact: true });
  await expect(plans.getByRole('row', { name: /Carte 10 viennoiseries/ })).toContainText('up to 2,5');
  await expect(plans.getByRole('row', { name: /Carte famille/ })).toContainText(/up to 12,5\s%/);
  await shot(page, 'first-week-03-plans');
  await page.getByRole('group', { name: 'Catalog' }).getByRole('button', { name: 'Items' }).click();
  const names = await page.getByRole('region', { name: 'Items', exact: true }).locator('tbody tr td:first-child').allTextContents();
  expect(names).toEqual(['croissant', 'Éclair café', 'Mini-chouquettes', 'Pain au chocolat']);
});

test('a customer opened by keyboard takes the focus to their name; Back returns to the same search and row', async () => {
  const plan = (await host.call<{ plans: Array<{ id: number; name: string }> }>('plans.list', {})).plans.find((p) => p.name === 'Carte 10 viennoiseries')!;
  const ids: Record<string, number> = {};
  for (const name of ['Zoé Martin', 'Zoltan Kiss', 'François Dupont', 'Zoë Adams']) {
    ids[name] = (await host.call<{ id: number }>('customers.create', { clientId: clientId(), name })).id;
  }
  await host.call('passes.sell', { clientId: clientId(), customerId: ids['Zoé Martin']!, planId: plan.id, paymentMethod: 'card' });
  await section('Customers').click();
  const find = page.getByLabel('Find');
  await find.fill('zo');
  const rows = page.getByTestId('customer-list').locator('.olist-row');
  await expect(rows).toHaveCount(3);
  // the second match (Zoé Martin after Zoë Adams) by keyboard: its row focused, then Enter
  const second = page.locator(`[data-customer-id="${ids['Zoé Martin']}"]`);
  await second.focus();
  await page.keyboard.press('Enter');
  const title = page.locator('#customer-title');
  await expect(title).toHaveText('Zoé Martin');
  await expect(title).toBeFocused();
  await shot(page, 'first-week-04-customer-focused');
  await axe(page, 'a customer opened by keyboard');
  // Tab goes on to Back to customers
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Back to customers' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(find).toHaveValue('zo');
  await expect(second).toBeFocused();
  await shot(page, 'first-week-05-back-to-row');
  // a new search starts from the top again
  await find.fill('fran');
  await expect(rows).toHaveCount(1);
  await rows.first().focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#customer-title')).toBeFocused();
  await page.getByRole('button', { name: 'Back to customers' }).click();
  await expect(find).toHaveValue('fran');
  await expect(page.locator(`[data-customer-id="${ids['François Dupont']}"]`)).toBeFocused();
});

test('Back returns to a row far down a long list, focused; a later visit to Customers leaves the focus where it is', async () => {
  const bulk: number[] = [];
  for (let i = 0; i < 300; i++) bulk.push((await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: `Zz Bulk ${String(i).padStart(3, '0')}` })).id);
  await section('Statements').click();
  await section('Customers').click();
  await page.getByLabel('Find').fill('');
  const list = page.getByTestId('customer-list');
  await expect(list.locator('.olist-row').first()).toBeVisible();
  const far = page.locator(`[data-customer-id="${bulk[250]}"]`);
  await list.evaluate((el) => { el.scrollTop = el.scrollHeight * 0.85; });
  await expect(far).toBeVisible();
  await far.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#customer-title')).toHaveText('Zz Bulk 250');
  await page.getByRole('button', { name: 'Back to customers' }).click();
  await expect(far).toBeFocused();
  await shot(page, 'first-week-05b-back-far');
  // another section and back: not a return, so nothing takes the focus from the section's button
  await section('Statements').click();
  await section('Customers').click();
  await expect(section('Customers')).toBeFocused();
});

test('statements offer last month in one key press; deferred revenue starts when the shop did', async () => {
  await section('Statements').click();
  await expect(page.getByLabel('From')).toHaveValue('2026-04-01');
  await expect(page.getByLabel('To (including)')).toHaveValue('2026-04-02');
  await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: 'Last month' }).press('Enter');
  await expect(page.getByLabel('From')).toHaveValue('2026-03-01');
  await expect(page.getByLabel('To (including)')).toHaveValue('2026-03-31');
  // the days in the shop's words beside boxes the computer's language draws
  await expect(page.locator('#st-from-day')).toHaveText('1 mars 2026');
  await expect(page.locator('#st-to-day')).toHaveText('31 mars 2026');
  await page.getByRole('group', { name: 'Period' }).getByRole('button', { name: 'This month' }).click();
  await expect(page.getByLabel('From')).toHaveValue('2026-04-01');
  await shot(page, 'first-week-06-statements-period');
  await axe(page, 'statements with the period buttons');

  await section('Reports').click();
  await page.getByRole('group', { name: 'Report' }).getByRole('button', { name: 'Deferred revenue', exact: true }).click();
  const months = page.getByTestId('deferred-table').locator('tbody tr td:first-child');
  // the shop's first sale was in April: April alone, not November to April with five empty months
  await expect(months).toHaveCount(1);
  await expect(months.first()).toContainText(/avr/);
  await shot(page, 'first-week-07-deferred');
  // a From the owner types is shown as asked, empty months and all
  await page.getByLabel('From month').fill('2025-12');
  await expect(months).toHaveCount(5);
});
