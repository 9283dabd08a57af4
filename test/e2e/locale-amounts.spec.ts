// A German shop (de-DE, EUR, Europe/Berlin) types amounts the German way: "4,50" and "1,5". The owner's
// fields show stored values that way, send the API its canonical "4.50", and refuse "4.20" (an American
// decimal point, which de-DE would otherwise read as a thousands separator) instead of saving 420 €.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;
let passId = 0;

test.beforeAll(async ({ browser }) => {
  await host.setClock('2026-05-12T09:00:00.000Z');
  await host.call('shop.setup', { clientId: clientId(), name: 'Kaffeehaus Ecke', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'drink', pin: '2468' });
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('items.save', { clientId: clientId(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Kaffee' });
  const plan = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Kaffeekarte', credits: '10', price: '19.90', validity: 'month', overagePolicy: 'block' });
  const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Jürgen Weiß' });
  const sold = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: plan.id, paymentMethod: 'card' });
  passId = sold.id;
  await host.call('owner.lock');
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
  page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
});
test.afterAll(async () => { await page.context().close(); });

const section = (name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true });
const api = async <T,>(method: string, input: object = {}): Promise<T> =>
  page.evaluate(async ([m, i]) => (await (await fetch(`/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-passbook-bind': localStorage.getItem('passbook.ownerBind') ?? '' }, body: JSON.stringify(i) })).json()) as unknown, [method, input] as const) as Promise<T>;
const cappuccino = async () => (await api<{ items: Array<{ name: string; cashPrice: string; rate: string }> }>('items.list')).items.find((i) => i.name === 'Cappuccino')!;

test('an item price typed as 3,80 is saved as 3.80 €; 4.20 is refused and nothing changes', async () => {
  await section('Plans & items').click();
  await page.getByRole('button', { name: 'Items', exact: true }).click();
  await page.getByRole('button', { name: 'Edit Cappuccino' }).click();
  const price = page.getByLabel('Cash price (EUR)');
  await expect(price).toHaveValue('4,50');
  await expect(page.getByText('e.g. 1 · 1,5 · 0,25')).toBeVisible();

  await price.fill('4.20');
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.ofield', { has: price }).locator('.field-error')).toHaveText('Enter a number like 4,50 (decimals after “,”).');
  await shot(page, 'locale-01-item-price-error');
  await axe(page, 'item editor, German decimal error');
  expect((await cappuccino()).cashPrice).toBe('4.50');

  await price.fill('3,80');
  await page.getByLabel('Drawdown rate (credits per unit)').fill('1,5');
  await page.getByRole('button', { name: 'Save item' }).click();
  await expect(page.getByText(/Saved “Cappuccino”/)).toBeVisible();
  await expect(page.getByRole('row', { name: /Cappuccino/ })).toContainText('3,80 €');
  const saved = await cappuccino();
  expect(saved.cashPrice).toBe('3.80');
  expect(saved.rate).toBe('1.5');
  await shot(page, 'locale-02-items');
});

test('a plan shows its price as 19,90 and saves 24,90 with a grouped 1.000 credits', async () => {
  await page.getByRole('button', { name: 'Plans', exact: true }).click();
  await page.getByRole('button', { name: 'Edit Kaffeekarte' }).click();
  const price = page.getByLabel('Price (EUR) per period');
  await expect(price).toHaveValue('19,90');
  await price.fill('24,90');
  await page.getByLabel('Credits per period').fill('1.000');
  await page.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByText(/Saved “Kaffeekarte”/)).toBeVisible();
  const plan = (await api<{ plans: Array<{ name: string; price: string; credits: string }> }>('plans.list')).plans.find((p) => p.name === 'Kaffeekarte')!;
  expect(plan.price).toBe('24.90');
  expect(plan.credits).toBe('1000');
});

test('an adjustment of -1,5 credits takes off one and a half', async () => {
  await section('Customers').click();
  await page.getByRole('button', { name: 'All', exact: true }).click();
  await page.getByLabel('Find').fill('jürgen');
  await page.getByRole('button', { name: /Jürgen Weiß/ }).click();
  await expect(page.getByRole('heading', { name: 'Jürgen Weiß' })).toBeVisible();
  await page.getByRole('button', { name: 'Adjust credits…' }).click();
  const dialog = page.getByTestId('owner-action');
  await expect(dialog.getByLabel('Credits (+ or −)')).toHaveAttribute('placeholder', 'e.g. 2 or -1,5');
  await dialog.getByLabel('Credits (+ or −)').fill('-1,5');
  await dialog.getByLabel('Reason').fill('Kaffee verschüttet');
  await dialog.getByRole('button', { name: 'Adjust credits' }).click();
  await expect(page.getByText(/Adjusted by -1,5\. New balance 8,5\./)).toBeVisible();
  const p = await api<{ balance: string }>('passes.get', { passId });
  expect(p.balance).toBe('8.5');
  await shot(page, 'locale-03-adjusted');
});
