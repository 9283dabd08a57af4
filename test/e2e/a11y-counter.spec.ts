// What a screen-reader or keyboard-only cashier meets, found in review: opening a customer is said (name, pass,
// balance, what needs attention), the counter speaks with one voice (no second and third live region repeating the
// balance), the same sentence twice is said twice, an overage is said with the redemption, a refused form keeps the
// focus where it was (a button that disables itself dropped it to <body>), a missing name moves the focus to the
// name, the sell button is described by the short-month note, and in Windows high contrast the chosen pass and
// the highlighted match are still marked.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';
import { hold } from './support/slow';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;

test.beforeAll(async () => {
  await host.setClock('2026-03-10T15:00:00.000Z');
  ids = await setupCoffeeShop(host);
  await host.call('owner.unlock', { pin: '2468' });
  const ann = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Ann Voice' });
  await host.call('passes.sell', { clientId: clientId(), customerId: ann.id, planId: ids.plans['Coffee Pass']!, paymentMethod: 'card' });
  const two = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Tess Twopass' });
  await host.call('passes.sell', { clientId: clientId(), customerId: two.id, planId: ids.plans['Coffee Pass']!, paymentMethod: 'card' });
  const flex = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: two.id, planId: ids.plans['Flex Pass']!, paymentMethod: 'card' });
  await host.call('customers.create', { clientId: clientId(), name: 'Teo Tune' });
  // Tess's Flex pass owes $4.50 on account
  await host.call('counter.redeem', { clientId: clientId(), passId: flex.id, items: [{ itemId: ids.items['Cappuccino']!, quantity: '6' }], overageSettlement: 'account' });
  await host.call('owner.lock');
});

const voice = (page: Page) => page.getByTestId('counter-voice');

/** Every text the counter's live region held, in order (a MutationObserver in the page). */
async function listen(page: Page) {
  await expect(voice(page)).toBeAttached(); // the app renders it after the page loads (a cold first run is slower)
  await page.evaluate(() => {
    const w = window as unknown as { said: string[] };
    w.said = [];
    const el = document.querySelector('[data-testid="counter-voice"]')!;
    new MutationObserver(() => { if (el.textContent) w.said.push(el.textContent); }).observe(el, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { said: string[] }).said);
}

async function open(page: Page, name: string) {
  await expect(page.getByTestId('search')).toBeFocused();
  await page.getByTestId('search').fill(name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
}

test('opening a customer is said; redeeming, undoing and topping up each say the balance once', async ({ page }) => {
  await page.goto(host.url);
  const said = await listen(page);
  await open(page, 'Ann Voice');
  await expect(voice(page)).toHaveText('Ann Voice. Coffee Pass: 10 drinks left.');
  // one live region only: the balance and the result line are not live regions of their own any more
  expect(await page.locator('[aria-live]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(['counter-voice']);

  await page.keyboard.press('F2'); // cold brew, 1.5
  await page.keyboard.press('Enter');
  await expect(voice(page)).toHaveText('Redeemed. Balance was 10, now 8.5.');
  await page.keyboard.press('Alt+U');
  await expect(voice(page)).toHaveText('The last redemption was undone; the credits are back on the pass, now 10.');

  // two top-ups in a row: the second is said too, with the balance (the same words would otherwise change nothing)
  for (const balance of ['15', '20']) {
    await page.keyboard.press('Alt+T');
    await expect(page.getByTestId('topup-dialog')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('topup-dialog')).toBeHidden();
    await expect(voice(page)).toHaveText(`Top-up added to the pass, now ${balance} left.`);
  }
  expect((await said()).filter((t) => t.startsWith('Top-up added'))).toEqual(['Top-up added to the pass, now 15 left.', 'Top-up added to the pass, now 20 left.']);
  await axe(page, 'counter after top-ups');
});

test('a customer who owes, with two passes, is said so; an overage is said with the redemption', async ({ page }) => {
  await page.goto(host.url);
  await open(page, 'Tess Twopass');
  await expect(voice(page)).toHaveText(/^Tess Twopass\. (Coffee|Flex) Pass: .* left\..* 1 more active pass\.$/);
  // to the Flex pass (empty, overage allowed): choose it, one cappuccino over, put on account
  await page.getByRole('button', { name: /Flex Pass/ }).click();
  await page.getByTestId('search').focus();
  await page.keyboard.press('F1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('overage-dialog')).toBeVisible();
  await page.getByTestId('overage-account').click();
  await expect(voice(page)).toHaveText('Redeemed. Balance was 0, now 0. 1 over: $4.50 put on account. Pass used up.');
});

test('a refused payment keeps the focus on the dialog\'s button, not on the page', async ({ page }) => {
  await page.goto(host.url);
  await open(page, 'Tess Twopass');
  await page.getByRole('button', { name: /Flex Pass/ }).click();
  await page.getByTestId('settle-open').click();
  await page.getByLabel('Amount (USD)').fill('500');
  await page.getByTestId('settle-submit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('settle-dialog').getByRole('alert')).toContainText('is more than the');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('settle-submit');
  await page.keyboard.press('Escape');
});

test('a new customer without a name: the focus goes to the name, and the error is said', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.press('Alt+N');
  await page.getByLabel('Phone (optional)').fill('555 0100');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Customer name')).toBeFocused();
  await expect(page.getByTestId('sell-dialog').getByRole('alert')).toHaveText('Enter the customer’s name.');
  // the sell button is described by the note on how long the credits last
  const describedBy = await page.getByTestId('sell-submit').getAttribute('aria-describedby');
  expect(describedBy).toBe('sell-quote');
  await expect(page.locator('#sell-quote')).toContainText('valid through');
  await page.keyboard.press('Escape');
});

test('opened before the passes have loaded: Enter still says the missing name, then that the passes are loading', async ({ page }) => {
  // CI once pressed Enter before plans.list answered: the sell button was disabled then, so Enter did nothing at all
  const slow = await hold(page, 'plans.list');
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.press('Alt+N');
  const dialog = page.getByTestId('sell-dialog');
  // (the dialog's other status region is where the counter's sentences are said while it is open)
  await expect(dialog.getByRole('status').filter({ hasText: 'Loading' })).toHaveText('Loading the passes…');
  await expect(dialog).not.toContainText('No passes to sell yet');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Customer name')).toBeFocused();
  await expect(dialog.getByRole('alert')).toHaveText('Enter the customer’s name.');
  await page.getByLabel('Customer name').fill('Lou Early');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sell-error')).toHaveText('The passes are still loading: try again in a moment.');
  slow.release();
  await expect(dialog.getByRole('radio', { name: /Coffee Pass/ })).toBeChecked();
  await expect(page.getByTestId('sell-submit')).not.toHaveAttribute('aria-disabled', 'true');
  await page.keyboard.press('Escape');
  // nothing was sold while the passes were loading
  const found = await host.call<{ customers: unknown[] }>('customers.search', { query: 'Lou Early' });
  expect(found.customers).toHaveLength(0);
});

test('in Windows high contrast the chosen pass and the highlighted match are still marked', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(host.url);
  await open(page, 'Tess Twopass');
  const chosen = page.locator('.passes button[aria-pressed="true"]');
  const other = page.locator('.passes button[aria-pressed="false"]');
  const bg = (l: typeof chosen) => l.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(await bg(chosen)).not.toBe(await bg(other.first()));
  await shot(page, 'a11y-forced-colors-passes');
  await page.keyboard.press('Escape');
  await page.getByTestId('search').fill('Te');
  await expect(page.locator('.results li button').nth(1)).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const selected = page.locator('.results li button[aria-selected="true"]');
  await expect(selected).toHaveCount(1);
  expect(await bg(selected)).not.toBe(await bg(page.locator('.results li button[aria-selected="false"]').first()));
  await shot(page, 'a11y-forced-colors-results');
});

test('the focus ring has a dark inner ring that shows on white', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused(); // the app is up and the search box has the focus
  await page.keyboard.press('Tab');
  const ring = () => page.evaluate(() => {
    const el = document.activeElement!;
    const s = getComputedStyle(el);
    return { visible: el.matches(':focus-visible'), outline: s.outlineStyle, shadow: s.boxShadow.includes('rgb(20, 33, 61)') };
  });
  await expect.poll(ring).toEqual({ visible: true, outline: 'solid', shadow: true });
});
