// Owner screens in a German shop (de-DE, EUR, Europe/Berlin, credits counted in "Getränk"), for defects a
// review found: the month-end chart's hover legend and its screen-reader table read the exact amounts in the
// shop's locale (16,25 €, not a rounded 16,00 € or a raw 16.25); the Statements customer picker is a
// keyboard combobox (arrow keys, Enter picks, Esc closes; the "choose a customer" error is not under the
// list); the printed statement dates every row in the shop's locale and zone, shows an expiry at the period
// boundary as the end of the last valid day, and words an undo or void neutrally.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { germanOwnerPage, setupCafeMond } from './support/shop';
import { axe, SCREENS, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;

test.beforeAll(async ({ browser }) => {
  // Sunday 22 November 2026, 14:57 in Berlin
  await setupCafeMond(host, '2026-11-22T13:57:00.000Z');
  const capp = await host.call<{ id: number }>('items.save', { clientId: clientId(), name: 'Cappuccino', usageUnit: 'Getränk', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Kaffee' });
  const monthly = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Zehnerkarte', credits: '10', price: '16.25', validity: 'month', overagePolicy: 'block' });
  const open = await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Offene Karte', credits: '10', price: '33.75', validity: 'none', overagePolicy: 'block' });
  const weiss = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Jürgen Weiß' });
  const klein = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Jürgen Klein' });
  await host.call('customers.create', { clientId: clientId(), name: 'Anna Roth' });
  const pass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: weiss.id, planId: monthly.id, paymentMethod: 'card' });
  await host.call('passes.sell', { clientId: clientId(), customerId: klein.id, planId: open.id, paymentMethod: 'card' });

  // one redemption undone at the counter, one voided by the owner: both give the credits back
  await host.setClock('2026-11-22T13:58:00.000Z');
  const r1 = await host.call<{ redemptionId: number }>('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: capp.id, quantity: '1' }] });
  await host.call('counter.undo', { clientId: clientId(), redemptionId: r1.redemptionId });
  await host.setClock('2026-11-22T13:59:00.000Z');
  const r2 = await host.call<{ redemptionId: number }>('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: capp.id, quantity: '1' }] });
  await host.call('redemptions.void', { clientId: clientId(), redemptionId: r2.redemptionId, reason: 'Doppelt gebucht' });

  // December: the close expires Jürgen Weiß's ten drinks at 1 December 00:00 (breakage 16,25 €)
  await host.setClock('2026-12-02T09:00:00.000Z');
  await host.call('owner.unlock', { pin: '2468' }); // days later: the owner session has ended
  await host.call('periods.close', { clientId: clientId() });
  await host.call('owner.lock');

  page = await germanOwnerPage(browser, host);
  await expect(section('Customers')).toBeVisible();
});
test.afterAll(async () => { await page.context().close(); });

const section = (name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name, exact: true });

test('month-end chart: hover and the screen-reader table read the exact amounts in the shop locale', async () => {
  await section('Month end').click();
  const chart = page.locator('.ochart');
  await chart.scrollIntoViewIfNeeded();
  const table = chart.getByRole('table');
  // the table: one row per month, amounts as a German reader hears them
  const labels = await table.locator('tbody tr td:first-child').allTextContents();
  const nov = labels.findIndex((l) => /^Nov/.test(l));
  expect(nov, `a November row among ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
  const novRow = table.locator('tbody tr').nth(nov);
  await expect(novRow.locator('td').nth(1)).toHaveText('33,75\u00a0€'); // deferred at the end of November
  await expect(novRow.locator('td').nth(2)).toHaveText('16,25\u00a0€'); // breakage in November
  await expect(table).not.toContainText('16.25');

  // hover over November: the legend shows the same exact amounts, not rounded ones
  const over = chart.locator('.u-over');
  const box = (await over.boundingBox())!;
  await page.mouse.move(box.x + box.width * ((nov + 0.5) / labels.length), box.y + box.height / 2);
  const legend = chart.locator('.u-legend');
  await expect(legend).toContainText('16,25\u00a0€');
  await expect(legend).toContainText('33,75\u00a0€');
  await expect(legend).not.toContainText('16,00');
  await expect(legend).not.toContainText('34,00');
  await chart.screenshot({ path: path.join(SCREENS, 'fixes-01-monthend-chart-hover.png') });
  await axe(page, 'month end with the chart');
});

test('statements picker: a combobox the keyboard can drive; the error is not under the list', async () => {
  await section('Statements').click();
  const input = page.getByRole('combobox', { name: 'Customer' });
  const list = page.getByRole('listbox', { name: 'Matching customers' });

  // two matches: ArrowDown walks them (aria-activedescendant), Enter picks the highlighted one
  await input.focus();
  await page.keyboard.type('Jür', { delay: 40 });
  await expect(list.getByRole('option')).toHaveCount(2);
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await expect(input).not.toHaveAttribute('aria-activedescendant');
  await page.keyboard.press('ArrowDown');
  const first = list.getByRole('option').nth(0);
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id'))!);
  await page.keyboard.press('ArrowDown');
  const second = list.getByRole('option').nth(1);
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await second.getAttribute('id'))!);
  await page.keyboard.press('ArrowUp');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'fixes-02-picker-highlight');
  await axe(page, 'statements picker open');
  const firstName = (await first.textContent())!.replace(/\s*\S+$/, '').trim(); // name without the card code
  await page.keyboard.press('Enter');
  await expect(list).toBeHidden();
  await expect(input).toHaveValue(firstName);
  await expect(page.getByText(`Chosen: ${firstName}`)).toBeVisible();
  await expect(page.getByTestId('statement-preview')).toHaveCount(0); // Enter picked; it did not submit

  // Enter without a highlight, several matches: no submit, the message sits in the field, above the list
  await input.fill('');
  await page.keyboard.type('Jür', { delay: 40 });
  await expect(list.getByRole('option')).toHaveCount(2);
  await page.keyboard.press('Enter');
  const err = page.getByTestId('customer-error');
  await expect(err).toContainText('2 customers match');
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const errBox = (await err.boundingBox())!;
  const listBox = (await list.boundingBox())!;
  expect(listBox.y).toBeGreaterThanOrEqual(errBox.y + errBox.height - 1); // the list starts below the error
  await shot(page, 'fixes-03-picker-several');

  // Esc closes the list and keeps the text; ArrowDown opens it again
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  await expect(input).toHaveAttribute('aria-expanded', 'false');
  await expect(input).toHaveValue('Jür');
  await page.keyboard.press('ArrowDown');
  await expect(list.getByRole('option').nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Escape');

  // one match: Enter takes it
  await input.fill('');
  await page.keyboard.type('Weiß', { delay: 40 });
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Chosen: Jürgen Weiß')).toBeVisible();

  // nothing typed: the error is next to the field (not hidden under a list)
  await input.fill('');
  await page.getByRole('button', { name: 'Show statement' }).click();
  await expect(page.getByTestId('customer-error')).toHaveText('Choose a customer first: type a name, phone or card code.');
  await expect(page.getByTestId('customer-error')).toBeInViewport();

  // typed but not picked, one customer matches: Show statement uses that customer
  await input.focus();
  await page.keyboard.type('Roth', { delay: 40 });
  await page.getByRole('button', { name: 'Show statement' }).click();
  await expect(page.getByText('Chosen: Anna Roth')).toBeVisible();
  await expect(page.getByTestId('customer-error')).toHaveCount(0);
  // and shows hers: choosing her on the way is not "another choice" that stops it
  await expect(page.getByTestId('statement-preview').getByTestId('statement-doc')).toContainText('Anna Roth');
});

test('the printed statement: dates in the shop locale, the boundary expiry on its last day, neutral give-back wording', async () => {
  await section('Statements').click();
  const input = page.getByRole('combobox', { name: 'Customer' });
  await input.fill('');
  await page.keyboard.type('Weiß', { delay: 40 });
  await expect(page.getByRole('listbox', { name: 'Matching customers' }).getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await page.getByLabel('From').fill('2026-11-01');
  await page.getByLabel('To (including)').fill('2026-11-30');
  await page.getByLabel('Paper').selectOption('A4');
  await page.getByRole('button', { name: 'Show statement' }).click();
  const doc = page.getByTestId('statement-preview').getByTestId('statement-doc');
  await expect(doc).toContainText('Jürgen Weiß');
  await expect(doc).toContainText('01.11.2026 – 30.11.2026');
  await expect(doc).not.toContainText('2026-11'); // no raw ISO date anywhere
  await expect(doc).not.toContainText('01.12.2026'); // the expiry is November's last day, not December's first

  const rows = doc.locator('section.ostatement-pass').first().locator('tbody tr');
  await expect(rows.first()).toContainText('01.11.2026'); // the opening balance
  const sale = rows.filter({ hasText: 'Pass bought' });
  await expect(sale.locator('td').nth(0)).toHaveText('22.11.2026');
  await expect(sale.locator('td').nth(1)).toHaveText('14:57');
  const expired = rows.filter({ hasText: 'Unused credits expired' });
  await expect(expired.locator('td').nth(0)).toHaveText('30.11.2026');
  await expect(expired.locator('td').nth(1)).toHaveText('end of day');
  const given = rows.filter({ hasText: 'Credits given back (undo or void)' });
  await expect(given).toHaveCount(2); // one counter undo, one owner void: the same neutral words
  await expect(doc).not.toContainText('Returned (voided)');
  await expect(doc.locator('thead').first()).toContainText('Getränk');
  await expect(doc.locator('thead').first()).not.toContainText('Getränks');
  await expect(doc.getByTestId('closing-balance')).toHaveText('0 Getränk');
  await shot(page, 'fixes-04-statement');
  await doc.screenshot({ path: path.join(SCREENS, 'fixes-05-statement-doc.png') });
  await axe(page, 'statement preview, German shop');

  // on paper: the same text in the PDF
  fs.mkdirSync(SCREENS, { recursive: true });
  const pdf = path.join(SCREENS, 'fixes-statement.pdf');
  await page.evaluate(() => document.body.classList.add('owner-printing'));
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  await page.evaluate(() => document.body.classList.remove('owner-printing'));
  const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
  expect(text).toContain('01.11.2026 – 30.11.2026');
  expect(text).toMatch(/22\.11\.2026\s+14:57\s+Pass bought/);
  expect(text).toMatch(/30\.11\.2026\s+end of day\s+Unused credits expired/);
  expect(text).not.toContain('2026-11-');
  expect(text).not.toContain('01.12.2026');

  // the 80 mm roll has no time column: the time (or the end of day) goes under the date
  await page.getByLabel('Paper').selectOption('80mm');
  await page.getByRole('button', { name: 'Show statement' }).click();
  const roll = page.getByTestId('statement-preview').getByTestId('statement-doc');
  await expect(roll.locator('tbody tr').filter({ hasText: 'Unused credits expired' }).locator('td').first()).toHaveText(/^30\.11\.2026\s*end of day$/);
  await expect(roll.locator('tbody tr').filter({ hasText: 'Pass bought' }).first().locator('td').first()).toHaveText(/^22\.11\.2026\s*14:57$/);
  await roll.screenshot({ path: path.join(SCREENS, 'fixes-06-statement-80mm.png') });
});
