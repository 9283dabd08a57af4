// First run: a new ledger shows the setup screen; setting up opens the counter. A second file shows the demo.
import { expect, test } from '@playwright/test';
import { hostPerFile } from './support/host';
import { axe, shot } from './support/checks';

test.describe('set up a new shop', () => {
  const host = hostPerFile();

  test('asks for name, currency, numbers and dates, time zone and PIN twice, then opens the counter', async ({ page }) => {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { name: 'Welcome to Passbook' })).toBeVisible();
    await expect(page.getByLabel('Time zone')).toHaveValue('America/New_York'); // the browser's zone
    await shot(page, '01-first-run');
    await axe(page, 'first run');

    // mistakes are shown next to the field that caused them
    await page.getByRole('button', { name: 'Set up the shop' }).click();
    await expect(page.getByText('Enter the shop’s name.')).toBeVisible();
    await page.getByLabel('Shop name').fill('Corner Bakery');
    await page.getByLabel('Currency').selectOption('EUR');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    // numbers and dates: the computer's language first (this browser's en-US), shown as a sample; a German bakery on an
    // English laptop picks German and sees what that means before anything is typed
    await expect(page.getByLabel('Numbers and dates')).toHaveValue('en-US');
    await expect(page.getByTestId('locale-sample')).toHaveText('Written as €1,234.50 · March 31, 2026 · 2:30 PM. Amounts are typed this way too.');
    await page.getByLabel('Numbers and dates').selectOption({ label: 'German (Germany) · Deutsch (Deutschland)' });
    await expect(page.getByTestId('locale-sample')).toHaveText('Written as 1.234,50\u00a0€ · 31. März 2026 · 14:30. Amounts are typed this way too.');
    await page.getByLabel('Owner PIN (4–12 digits)').fill('2468');
    await page.getByLabel('Owner PIN again').fill('2469');
    await page.getByRole('button', { name: 'Set up the shop' }).click();
    await expect(page.getByText('The two PINs are different.')).toBeVisible();
    await shot(page, '02-setup-errors');
    await page.getByLabel('Owner PIN again').fill('2468');
    await page.getByRole('button', { name: 'Set up the shop' }).click();

    await expect(page.getByRole('heading', { name: /Passbook · Corner Bakery/ })).toBeVisible();
    await expect(page.getByTestId('search')).toBeFocused();
    const status = await host.call<{ setUp: boolean; shop: { currency: string; timeZone: string; locale: string } }>('shop.status');
    expect(status.setUp).toBe(true);
    expect(status.shop.currency).toBe('EUR');
    expect(status.shop.locale).toBe('de-DE');
    expect(status.shop.timeZone).toBe('Europe/Berlin');
    await shot(page, '03-empty-counter');
    await axe(page, 'empty counter');
  });
});

test.describe('demo shop', () => {
  const host = hostPerFile();

  test('opens Bean & Brew with items, passes and customers', async ({ page }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open the demo shop (Bean & Brew)' }).click();
    await expect(page.getByRole('heading', { name: /Passbook · Bean & Brew/ })).toBeVisible();
    await expect(page.getByRole('group', { name: 'Items' }).getByRole('button').first()).toBeVisible();
    // a two-letter start of a demo customer's name lists them; arrow down + Enter opens one
    const some = await host.call<{ customers: Array<{ name: string }> }>('customers.search', { query: 'a', limit: 5 });
    expect(some.customers.length).toBeGreaterThan(0);
    const prefix = some.customers[0]!.name.slice(0, 2);
    await page.keyboard.type(prefix, { delay: 80 });
    await expect(page.getByTestId('results').getByRole('option').first()).toBeVisible();
    await shot(page, '04-demo-search');
    await axe(page, 'demo search');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('customer-panel')).toBeVisible();
    await expect(page.getByTestId('balance')).toBeVisible();
    await shot(page, '05-demo-customer');
    await axe(page, 'demo customer');
  });
});
