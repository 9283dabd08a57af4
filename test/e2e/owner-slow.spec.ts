// The owner's screens when Passbook answers slowly (found by a review that held answers back with page.route): a
// statement asked for one customer never shows under another chosen meanwhile; a month-end preview on its way when a
// closure is made is worked out again, not shown as current; another pass clicked shows its own lots or "Loading…",
// never the previous pass's lots and their Refund…; a list asked for again says "Loading…", not "No customers match".
import { expect, test, type Page } from '@playwright/test';
import { hold } from './support/slow';
import { clientId, hostPerFile } from './support/host';
import { ownerPage, setupCoffeeShop, type Ids } from './support/shop';
import { shot } from './support/checks';
import { lastDay, plusDays } from './support/days';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
let kai: { id: number; coffee: number; flex: number };

test.beforeAll(async () => {
  ids = await setupCoffeeShop(host);
  const k = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Kai Silva' });
  const coffee = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: k.id, planId: ids.plans['Coffee Pass']!, paymentMethod: 'card' });
  const flex = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: k.id, planId: ids.plans['Flex Pass']!, paymentMethod: 'card' });
  await host.call('passes.topUp', { clientId: clientId(), passId: flex.id, packId: ids.plans['Top-up 5']!, paymentMethod: 'cash' });
  kai = { id: k.id, coffee: coffee.id, flex: flex.id };
  const anna = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Anna Lee' });
  const annaPass = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: anna.id, planId: ids.plans['Coffee Pass']!, paymentMethod: 'cash' });
  await host.call('counter.redeem', { clientId: clientId(), passId: annaPass.id, items: [{ itemId: ids.items['Cappuccino']!, quantity: '2' }] });
});

const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name });

test('a statement on its way for Kai does not show once Anna is chosen', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  await section(page, 'Statements').click();
  const pick = async (typed: string, name: RegExp) => {
    await page.getByLabel('Customer').fill(typed);
    await page.getByRole('listbox', { name: 'Matching customers' }).getByRole('option', { name }).click();
  };
  await pick('Kai', /Kai Silva/);
  const slow = await hold(page, 'statements.get');
  await page.getByRole('button', { name: 'Show statement' }).click();
  await expect.poll(slow.seen).toBe(1);
  await pick('Anna', /Anna Lee/);
  await expect(page.getByText('Chosen: Anna Lee')).toBeVisible();
  slow.release();
  await expect(page.getByRole('button', { name: 'Show statement' })).toBeEnabled();
  await page.waitForTimeout(300); // Kai's answer has come and gone
  await expect(page.getByTestId('statement-preview')).toHaveCount(0);
  await expect(page.getByText(/^Stopped/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Show statement' }).click();
  const doc = page.getByTestId('statement-preview').getByTestId('statement-doc');
  await expect(doc).toContainText('Anna Lee');
  await expect(doc).not.toContainText('Kai Silva');
  await page.context().close();
});

test('a month-end preview on its way when a closure is made is worked out again after it', async ({ browser }) => {
  const first = await host.call<{ lots: Array<{ expiresAt: string | null }> }>('passes.get', { passId: kai.coffee });
  const last = lastDay(first.lots[0]!.expiresAt!);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // the first preview is worked out by the host at once (before the closure) and its answer held back until after it
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  const answers: Array<{ totals: { breakage: string } }> = [];
  const slow = { release: () => release(), seen: () => answers.length };
  await page.route('**/api/periods.preview', async (route) => {
    const response = await route.fetch();
    answers.push(await response.json() as { totals: { breakage: string } });
    if (answers.length === 1) await held;
    await route.fulfill({ response });
  });
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await section(page, 'Month end').click();
  await expect.poll(slow.seen).toBe(1);
  await page.getByRole('button', { name: 'Closing for a while…' }).click();
  const dialog = page.getByTestId('closure-dialog');
  await dialog.getByLabel('to (including)').fill(last);
  await dialog.getByLabel('Can be used through').fill(plusDays(last, 10));
  await dialog.getByLabel('Reason').fill('Closed for works');
  await dialog.getByRole('button', { name: /^Extend \d+ pass/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('closure-result')).toContainText('No money moved.');
  slow.release();
  // the preview asked before the closure is followed by one asked after it, and only that one is shown as current
  await expect.poll(slow.seen).toBe(2);
  await expect(page.getByTestId('monthend-preview')).toBeVisible();
  await expect(page.getByTestId('monthend-preview-stale')).toHaveCount(0);
  // the credits the closure moved past the date no longer expire: the figures shown are the second answer's
  const [before, after] = answers.map((a) => a.totals.breakage);
  expect(before).not.toBe(after);
  await expect(page.getByTestId('monthend-preview')).toContainText(`$${after} breakage`);
  await expect(page.getByTestId('monthend-preview')).not.toContainText(`$${before} breakage`);
  await shot(page, 'owner-slow-01-monthend-after-closure');
  await context.close();
});

test('another pass clicked shows "Loading…" until its own lots come, never the previous pass\'s Refund…', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Kai');
  await page.getByTestId('customer-list').getByRole('button', { name: /Kai Silva/ }).click();
  const passes = page.getByRole('group', { name: 'Passes' });
  await passes.getByRole('button', { name: /Flex Pass/ }).click();
  const refundTopUp = page.getByRole('button', { name: /Refund what is left of top-up/ });
  await expect(refundTopUp).toHaveCount(1);
  const slow = await hold(page, 'owner.lots');
  await passes.getByRole('button', { name: /Coffee Pass/ }).click();
  await expect.poll(slow.seen).toBe(1);
  await expect(refundTopUp).toHaveCount(0);
  await expect(page.getByText('Loading…').first()).toBeVisible();
  await shot(page, 'owner-slow-02-pass-loading');
  slow.release();
  await expect(page.locator('.opass table tbody tr')).toHaveCount(1); // the Coffee Pass's one lot
  await expect(refundTopUp).toHaveCount(0);
  await page.context().close();
});

test('the customer list asked again says "Loading…", not the last list\'s "No customers match"', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  const show = page.getByRole('group', { name: 'Show' });
  await show.getByRole('button', { name: 'Owing' }).click();
  await expect(page.getByText('No customers match.')).toBeVisible();
  const slow = await hold(page, 'owner.customers');
  await show.getByRole('button', { name: 'All' }).click();
  await expect.poll(slow.seen).toBeGreaterThan(0);
  await expect(page.getByText('No customers match.')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /customers?$|Loading…/ }).first()).toHaveText('Loading…');
  slow.release();
  await expect(page.getByText('2 customers')).toBeVisible();
  await page.context().close();
});

test('an owner\'s write on its way keeps its dialog: Esc and Cancel wait, so it is never made a second time', async ({ browser }) => {
  const page = await ownerPage(browser, host);
  await page.getByLabel('Find').fill('Kai');
  await page.getByTestId('customer-list').getByRole('button', { name: /Kai Silva/ }).click();
  await page.getByRole('group', { name: 'Passes' }).getByRole('button', { name: /Coffee Pass/ }).click();
  const before = (await host.call<{ balance: string }>('passes.get', { passId: kai.coffee })).balance;
  const slow = await hold(page, 'passes.adjust');
  await page.getByRole('button', { name: 'Adjust credits…' }).click();
  const dialog = page.getByTestId('owner-action');
  await dialog.getByLabel('Credits (+ or −)').fill('2');
  await dialog.getByLabel('Reason').fill('Spilled drink');
  await dialog.getByRole('button', { name: 'Adjust credits' }).click();
  await expect(dialog.getByRole('button', { name: 'Working…' })).toBeVisible();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeDisabled();
  slow.release();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(/Adjusted by 2\./)).toBeVisible();
  expect((await host.call<{ balance: string }>('passes.get', { passId: kai.coffee })).balance).toBe(String(Number(before) + 2));
  await page.context().close();
});
