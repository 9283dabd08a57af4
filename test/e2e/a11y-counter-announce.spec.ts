// Guards what a screen-reader or high-contrast cashier gets at the counter (from an accessibility review): the cart
// said as keys change it, a redemption's low balance, a cash sale and its undo said while their dialog is open (the
// dialog makes the counter's own live region inert), Enter on an empty cash sale, the cart's column headers, a
// dialog's edge in forced colours, and Esc closing a customer. Keys are spaced like a person's: the counter takes
// keys under 35 ms apart as a card scanner.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

const host = hostPerFile();
let ids: Ids;
test.beforeAll(async () => {
  await host.setClock('2026-03-10T15:00:00.000Z');
  ids = await setupCoffeeShop(host); // Coffee Pass: 10 drinks, low at 3
  await host.call('owner.unlock', { pin: '2468' });
  for (const n of ['Ann Keys', 'Bob Low']) {
    const c = await host.call<{ id: number }>('customers.create', { clientId: clientId(), name: n });
    await host.call('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass']!, paymentMethod: 'card' });
  }
  await host.call('owner.lock');
});

const voice = (page: Page) => page.getByTestId('counter-voice');
const key = async (page: Page, k: string) => { await page.keyboard.press(k); await page.waitForTimeout(120); };
async function open(page: Page, name: string) {
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type(name, { delay: 60 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(voice(page)).toContainText(name);
}
/** The texts of the live regions a screen reader can reach now (an inert one, outside an open dialog, is ignored). */
async function exposedStatusTexts(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  type Node = { nodeId: string; ignored: boolean; role?: { value: string }; name?: { value: string }; childIds?: string[] };
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: Node[] };
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const text = (n: Node): string => (n.role?.value === 'StaticText' ? n.name?.value ?? '' : (n.childIds ?? []).map((id) => (byId.get(id) ? text(byId.get(id)!) : '')).join(''));
  return nodes.filter((n) => !n.ignored && n.role?.value === 'status').map(text).filter(Boolean);
}

test('F1 each item key, + and −, Delete and Esc say what they did to the cart', async ({ page }) => {
  await open(page, 'Ann Keys');
  await key(page, '1');
  await expect(voice(page)).toHaveText('Cappuccino, 1. Cart: 1 drink.');
  await key(page, '3');
  await expect(voice(page)).toHaveText('Espresso, 1. Cart: 1.5 drinks.');
  await key(page, '+'); // the last line, one more
  await expect(voice(page)).toHaveText('Espresso, 2. Cart: 2 drinks.');
  await key(page, '-');
  await key(page, '-');
  await expect(voice(page)).toHaveText('Espresso removed. Cart: 1 drink.');
  await key(page, 'F2');
  await expect(voice(page)).toHaveText('Cold brew (large), 1. Cart: 2.5 drinks.');
  await key(page, 'Delete');
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await expect(voice(page)).toHaveText('Cart cleared.');
  // Esc: the customer's sentence does not stay behind as if they were still open
  await key(page, 'Escape');
  await expect(page.getByRole('heading', { name: 'Ann Keys' })).toBeHidden();
  await expect(voice(page)).toHaveText('Ann Keys closed.');
});

test('F2 a redemption that leaves the pass low says "Low balance.", as its badge shows', async ({ page }) => {
  await open(page, 'Bob Low');
  for (let i = 0; i < 4; i++) await key(page, '1'); // 4 cappuccino + 2 cold brew = 7 of 10 -> 3 left, low at 3
  await key(page, '2'); await key(page, '2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('last-result')).toContainText('Low balance — offer a top-up');
  await expect(voice(page)).toHaveText('Redeemed. Balance was 10, now 3. Low balance.');
});

test('F3 F4 a cash sale and its undo are said inside the dialog; Enter on an empty sale says what it wants', async ({ page }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.press('Alt+W');
  const dialog = page.getByTestId('cash-dialog');
  await expect(page.getByTestId('cash-submit')).toBeFocused();
  // F4: Enter with nothing in the sale
  await key(page, 'Enter');
  await expect(dialog.getByRole('alert')).toHaveText('Add an item first: tap it or press its key.');
  await shot(page, 'a11y-cash-sale-empty-enter');
  // Enter again: the same words, as a new alert (put in afresh, so a screen reader reads it again)
  const first = await dialog.getByRole('alert').elementHandle();
  await key(page, 'Enter');
  await expect.poll(() => first!.evaluate((e) => e.isConnected)).toBe(false);
  await expect(dialog.getByRole('alert')).toHaveText('Add an item first: tap it or press its key.');
  await key(page, '1');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('cash-line')).toHaveCount(1);
  await expect(dialog.getByRole('columnheader')).toHaveText(['Item', 'Quantity', 'Amount']);
  await shot(page, 'a11y-cash-sale-line'); // the headers take no room on screen
  await axe(page, 'cash sale with a line');
  // F3: the counter's live region is inert behind the dialog; the dialog's own status says it
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cash-done')).toBeVisible();
  const sold = 'Sold without a pass: $4.50 taken (cash).';
  await expect(voice(page)).toHaveText(sold);
  await expect(dialog.getByRole('status')).toHaveText(sold);
  await expect.poll(() => exposedStatusTexts(page)).toEqual([sold]);
  await page.getByTestId('cash-undo').focus();
  await page.keyboard.press('Enter');
  const undone = 'Undone: hand back $4.50 in cash.';
  await expect(dialog.getByRole('status')).toHaveText(undone);
  await expect.poll(() => exposedStatusTexts(page)).toEqual([undone]);
  await axe(page, 'cash sale undone');
});

test('F5 the cart\'s columns have headers: the quantity and the credits are read with what they are', async ({ page }) => {
  await open(page, 'Ann Keys');
  await key(page, '1'); await key(page, '1');
  const cart = page.getByTestId('cart');
  await expect(cart.getByRole('columnheader')).toHaveText(['Item', 'Quantity', 'Drinks', 'Remove']);
  await expect(cart.getByRole('row', { name: /Cappuccino/ }).getByRole('cell')).toHaveText(['Cappuccino', /2/, '2', '✕']);
  await shot(page, 'a11y-cart-headers'); // the headers take no room on screen
  await axe(page, 'cart with headers');
});

test('F6 in forced colours (Windows high contrast) a dialog has an edge', async ({ page }) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await open(page, 'Ann Keys');
  await page.keyboard.press('Alt+T');
  await expect(page.getByTestId('topup-dialog')).toBeVisible();
  await shot(page, 'a11y-forced-colors-dialog');
  const border = await page.getByTestId('topup-dialog').evaluate((d) => getComputedStyle(d).borderTopWidth);
  expect(parseFloat(border)).toBeGreaterThan(0);
});
