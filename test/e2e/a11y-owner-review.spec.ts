// Guards what a keyboard and screen-reader owner gets in the back office (from an accessibility review): a customer
// row read with its column names, a month-end row naming its customer on every pass (and the card of a namesake), a correction's error going as
// the field is fixed, a refused plan taking the focus to its first wrong field, and a statement said when ready.
// Bean & Brew (PIN 1234) on Friday 27 March 2026.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { axe } from './support/checks';

const host = hostPerFile();
test.beforeAll(async () => {
  await host.setClock('2026-03-27T15:00:00.000Z');
  await host.call('shop.loadDemo', { clientId: clientId() });
});

/** Into the owner area with keys only: Shift+Tab from the counter's search to Owner, Enter, the PIN, Enter. */
async function unlock(page: Page) {
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Owner PIN')).toBeFocused();
  await page.keyboard.type('1234', { delay: 60 });
  await page.keyboard.press('Enter');
  await expect(page.locator('#ocust-q')).toBeFocused();
}
async function section(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
}

test('O1 a customer row is read with its column names, and an empty cell as "none"', async ({ page }) => {
  await unlock(page);
  const row = page.getByTestId('customer-list').getByRole('button', { name: /^Anna Lee/ });
  await expect(row).toHaveAccessibleName(/Balance: \S+ drinks? .*Valid through: .*Owing: none$/);
  await axe(page, 'customer list');
});

test('O2 month end preview: every row names its customer, a second pass\'s too', async ({ page }) => {
  await unlock(page);
  await section(page, 'Month end');
  const table = page.getByRole('table', { name: 'Per customer' });
  await expect(table).toBeVisible();
  const firstCells = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r.querySelector('td')?.textContent ?? '').trim()));
  expect(firstCells.length).toBeGreaterThan(1);
  expect(firstCells.filter((t) => t === '').length, `rows: ${firstCells.join(' | ')}`).toBe(0);
  await axe(page, 'month end preview');
});

test('O2b month end preview: two customers of one name are told apart by their cards', async ({ page }) => {
  // two customers named Kim Park (namesakes, or one person added twice), each with a monthly pass ending at the month end
  await host.call('owner.unlock', { pin: '1234' });
  const plans = await host.call<{ plans: Array<{ id: number; kind: string; validity: string; archived: boolean }> }>('plans.list', {});
  const monthly = plans.plans.find((p) => p.kind === 'plan' && p.validity === 'month' && !p.archived)!;
  const codes: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const kim = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Kim Park' });
    await host.call('passes.sell', { clientId: clientId(), customerId: kim.id, planId: monthly.id, paymentMethod: 'cash' });
    codes.push(kim.code); // in the preview's order: by name, then the one added first
  }
  await host.call('owner.lock');
  await unlock(page);
  await section(page, 'Month end');
  const table = page.getByRole('table', { name: 'Per customer' });
  const kims = table.locator('tbody tr').filter({ has: page.getByRole('button', { name: 'Kim Park', exact: true }) });
  await expect(kims).toHaveCount(2);
  await expect(kims.getByTestId('preview-card')).toHaveText(codes.map((c) => `card ${c}`));
  // a name of its own needs no card beside it
  await expect(table.getByTestId('preview-card')).toHaveCount(2);
  await axe(page, 'month end preview with namesakes');
});

test('O3 a correction\'s "Reason must not be empty" goes as the reason is typed', async ({ page }) => {
  await unlock(page);
  await page.keyboard.type('Anna', { delay: 60 });
  const row = page.getByTestId('customer-list').getByRole('button', { name: /^Anna Lee/ });
  await row.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#customer-title')).toBeFocused();
  await page.getByRole('button', { name: /^Void / }).first().focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByTestId('owner-action');
  const reason = dialog.getByLabel('Reason');
  await expect(reason).toBeFocused();
  await page.keyboard.press('Enter'); // empty: the ledger refuses it
  await expect(dialog.getByRole('alert')).toHaveText('Reason must not be empty');
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.type('wrong customer', { delay: 60 });
  await expect(reason).not.toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test('O4 a new plan saved with its fields empty takes the focus to the first field that needs a look', async ({ page }) => {
  await unlock(page);
  await section(page, 'Plans & items');
  await page.getByRole('button', { name: 'New plan' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Save plan' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Some fields need a look.')).toBeVisible();
  const invalid = page.locator('main.obody [aria-invalid="true"]');
  expect(await invalid.count()).toBeGreaterThan(0);
  await expect(invalid.first()).toBeFocused();
  await axe(page, 'plan refused');
});

test('O5 a statement shown is said when it is ready', async ({ page }) => {
  await unlock(page);
  await section(page, 'Statements');
  await page.locator('#st-customer').focus();
  await page.keyboard.type('Anna', { delay: 80 });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const ready = page.getByTestId('statements-ready');
  await expect(ready).toHaveRole('status');
  // what the region is given after Show (it is emptied as Show starts, so the same sentence again is read again)
  await ready.evaluate((el) => {
    const w = window as unknown as { said: string[] };
    w.said = [];
    new MutationObserver(() => w.said.push((el.textContent ?? '').trim())).observe(el, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Show statement' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('statement-preview')).toBeVisible();
  const sentence = 'Statement for Anna Lee ready: Print, Save as PDF or Save CSV below.';
  await expect(ready).toHaveText(sentence);
  expect(await page.evaluate(() => (window as unknown as { said: string[] }).said.filter(Boolean))).toEqual([sentence]);
});
