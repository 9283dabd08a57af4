// The counter while a redemption is on its way, and around it: an item key is neither added nor typed into the
// search; the cashier may move on to the next customer (Esc, the next card) and the first answer never lands on
// the next screen (a made redemption stays the one Alt+U undoes; a refusal or lost answer is reported above the
// cart); each overage offer starts on Cash; a refusal goes once the cart changes; an ended or cancelled pass is
// pointed to a new sale, not to a top-up that can only fail. The host is slowed with page.route.
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile, type Host } from './support/host';
import { setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

async function scan(page: Page, code: string) { await page.keyboard.type(code, { delay: 5 }); await page.keyboard.press('Enter'); }
async function newCustomerWithPass(host: Host, name: string, planId: number) {
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name });
  const s = await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId, paymentMethod: 'cash' });
  return { id: c.id, code: c.code, passId: s.id };
}
const recent = (h: Host, passId: number) => h.call<{ redemptions: Array<{ overage: { paymentMethod?: string } | null }> }>('counter.recent', { passId, limit: 50 }).then((r) => r.redemptions);

const host = hostPerFile();
let ids: Ids;
let weekPlan = 0;
test.beforeAll(async () => {
  ids = await setupCoffeeShop(host);
  await host.call('owner.unlock', { pin: '2468' });
  weekPlan = (await host.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Week Pass', credits: '5', price: '9', validity: 'days', validityDays: 7, overagePolicy: 'block', lowBalanceCredits: '1' })).id;
  await host.call('owner.lock');
});
async function ready(page: Page) {
  await page.addInitScript(() => { window.print = () => undefined; });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  await expect(page.getByRole('button', { name: /Add Cappuccino/ })).toBeVisible();
}
async function openByScan(page: Page, code: string, name: string) {
  await scan(page, code);
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}
/** a person pressing a key (not a scanner: > 35 ms apart) */
const press = async (page: Page, key: string) => { await page.keyboard.press(key); await page.waitForTimeout(120); };
/** the host answers counter.redeem after `ms` (a busy or slow machine) */
const slowRedeem = (page: Page, ms: number, abort = false) => page.route('**/api/counter.redeem', async (r) => {
  await new Promise((res) => setTimeout(res, ms));
  if (abort) await r.abort('connectionreset'); else await r.continue();
});

/**
 * Ring up `drinks` cappuccinos for a customer on `planA` while the host answers slowly (or drops the answer),
 * then press Esc and open the next customer (Coffee Pass) before the answer arrives.
 */
async function leaveWhileOnItsWay(page: Page, who: [string, string], opts: { planA: string; drinks: number; delayMs: number; drop?: boolean; esc?: boolean }) {
  const a = await newCustomerWithPass(host, who[0], ids.plans[opts.planA]!);
  const b = await newCustomerWithPass(host, who[1], ids.plans['Coffee Pass']!);
  await ready(page);
  await openByScan(page, a.code, who[0]);
  await slowRedeem(page, opts.delayMs, opts.drop ?? false);
  for (let i = 0; i < opts.drinks; i++) await press(page, 'F1');
  await press(page, 'Enter');
  if (opts.esc ?? true) await press(page, 'Escape'); // the next customer (or straight to the next card)
  await openByScan(page, b.code, who[1]);
  return { a, b };
}

test('an item key pressed while a redemption is on its way adds nothing and does not hide the customer', async ({ page }) => {
  const a = await newCustomerWithPass(host, 'Ann Inflight', ids.plans['Coffee Pass']!);
  await ready(page);
  await openByScan(page, a.code, 'Ann Inflight');
  await slowRedeem(page, 1500);
  await press(page, 'F1');
  await press(page, 'Enter');                 // Redeeming…
  await press(page, '1');                     // the next cappuccino's key, while the first is in flight
  await expect(page.getByTestId('result-flow')).toContainText('10 → 9', { timeout: 5000 });
  await shot(page, 'inflight-D1-item-key-during-redeem');
  await expect(page.getByTestId('search'), 'the item key must not become search text').toHaveValue('');
  await expect(page.getByTestId('customer-panel'), 'the open customer must stay on screen').toBeVisible();
});

test('after Esc, the previous customer’s overage offer does not open over the next customer; it is reported', async ({ page }) => {
  await leaveWhileOnItsWay(page, ['Dot Flex', 'Eve Next'], { planA: 'Flex Pass', drinks: 6, delayMs: 1500 }); // 6 on a 5-drink pass
  await page.waitForTimeout(2000);            // Dot's answer (INSUFFICIENT_CREDITS) arrives now
  await shot(page, 'inflight-D2a-overage-on-next-customer');
  const shown = await page.getByTestId('overage-dialog').isVisible();
  if (shown) {
    await page.keyboard.press('Enter');       // "Charge $4.50 now" has the focus
    await page.waitForTimeout(800);
    await shot(page, 'inflight-D2a-overage-on-next-customer-after-enter');
  }
  expect(shown, 'Dot’s overage dialog must not open over Eve').toBe(false);
  await expect(page.getByTestId('elsewhere')).toContainText('Nothing was redeemed for Dot Flex: the pass has 5 drinks, the cart needed 6 drinks. Open Dot Flex again to ring it up.');
  await expect(page.getByTestId('customer-panel')).toContainText('Eve Next');
  await axe(page, 'counter with a report about the previous cart');
});

test('after Esc, a lost answer for the previous customer is reported, not shown as the next customer’s cart error', async ({ page }) => {
  await leaveWhileOnItsWay(page, ['Fay Lost', 'Gil Next'], { planA: 'Coffee Pass', drinks: 1, delayMs: 1500, drop: true });
  await page.waitForTimeout(2000);
  await shot(page, 'inflight-D2b-error-on-next-customer');
  await expect(page.getByTestId('redeem-error'), 'Fay’s error must not be shown on Gil’s cart').toBeHidden();
  await expect(page.getByTestId('elsewhere')).toContainText('Passbook did not answer about Fay Lost’s redemption, so it may or may not have gone through. Open Fay Lost and check the last redemptions before ringing it again.');
});

test('the next customer’s item keys count while the previous redemption is still on its way', async ({ page }) => {
  const { a } = await leaveWhileOnItsWay(page, ['Ben First', 'Cat Second'], { planA: 'Coffee Pass', drinks: 1, delayMs: 2500 });
  await press(page, 'F1'); await press(page, 'F2');
  await shot(page, 'inflight-D2c-next-customer-keys-dropped');
  await expect(page.getByTestId('cart-line'), 'Cat’s two items').toHaveCount(2, { timeout: 1000 });
  // Ben's redemption went through all the same, once
  await expect.poll(async () => (await recent(host, a.passId)).length, { timeout: 5000 }).toBe(1);
});

test('scanning the next card without Esc while the redemption is on its way: the counter is not left waiting', async ({ page }) => {
  const { a } = await leaveWhileOnItsWay(page, ['Hugo First', 'Iris Second'], { planA: 'Coffee Pass', drinks: 1, delayMs: 2500, esc: false });
  await press(page, 'F1');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('redeem')).toContainText('Redeem 1 drink');
  await expect.poll(async () => (await recent(host, a.passId)).length, { timeout: 5000 }).toBe(1); // Hugo's went through
  await press(page, 'Enter');
  await expect(page.getByTestId('result-flow')).toContainText('10 → 9');
});

test('each overage offer starts on Cash, whatever the previous customer paid with', async ({ page }) => {
  const a = await newCustomerWithPass(host, 'Hal Card', ids.plans['Flex Pass']!);
  const b = await newCustomerWithPass(host, 'Ivy Cash', ids.plans['Flex Pass']!);
  await ready(page);
  await openByScan(page, a.code, 'Hal Card');
  await expect(page.getByTestId('balance')).toHaveText('5');
  for (let i = 0; i < 6; i++) await press(page, 'F1');
  await press(page, 'Enter');
  await expect(page.getByTestId('overage-dialog')).toBeVisible();
  await page.keyboard.press('Tab');           // into the "paid by" radios (Cash), arrow to Card
  await page.getByRole('radio', { name: 'Cash' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'Card' })).toBeChecked();
  await page.getByTestId('overage-now').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-overage')).toContainText('$4.50 charged now');
  await press(page, 'Escape');
  await openByScan(page, b.code, 'Ivy Cash');
  await expect(page.getByTestId('balance')).toHaveText('5');
  const sent: Array<{ overageSettlement?: string; paymentMethod?: string }> = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/counter.redeem')) sent.push(r.postDataJSON()); });
  for (let i = 0; i < 6; i++) await press(page, 'F1');
  await press(page, 'Enter');
  await expect(page.getByTestId('overage-dialog')).toBeVisible();
  await shot(page, 'inflight-D3-next-customer-overage-method');
  const cashDefault = await page.getByRole('radio', { name: 'Cash' }).isChecked();
  await page.getByTestId('overage-now').focus(); // the cashier takes cash and presses Enter on "Charge now"
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-overage')).toContainText('charged now');
  expect(cashDefault, 'a new overage offer starts on Cash').toBe(true);
  expect(sent.at(-1)).toMatchObject({ overageSettlement: 'now', paymentMethod: 'cash' });
});

test('a refusal for a cart that did not fit goes once the cart changes', async ({ page }) => {
  const a = await newCustomerWithPass(host, 'Oli Block', ids.plans['Coffee Pass']!);
  await ready(page);
  await openByScan(page, a.code, 'Oli Block');
  await expect(page.getByTestId('balance')).toHaveText('10');
  for (let i = 0; i < 11; i++) await press(page, 'F1');
  await press(page, 'Enter');
  await expect(page.getByTestId('overage-blocked')).toContainText('It has 10, this needs 11');
  await press(page, '-'); await press(page, '-'); await press(page, '-'); // 8 drinks: fits the pass
  await expect(page.getByTestId('redeem')).toContainText('Redeem 8 drinks');
  await shot(page, 'inflight-D4-stale-blocked-message');
  await expect(page.getByTestId('overage-blocked'), 'the cart now fits; the refusal for 11 must go').toBeHidden();
});

test('an ended pass is pointed to a new sale: no top-up offered', async ({ page }) => {
  const a = await newCustomerWithPass(host, 'Quinn Ended', weekPlan);
  const status = await host.call<{ now: string }>('shop.status');
  await host.setClock(new Date(new Date(status.now).getTime() + 10 * 86400_000).toISOString());
  try {
    await ready(page);
    await openByScan(page, a.code, 'Quinn Ended');
    await expect(page.getByTestId('customer-panel')).toContainText('Week Pass · ended');
    await shot(page, 'inflight-D5-ended-pass-offer-top-up');
    const badge = await page.getByTestId('customer-panel').innerText();
    await press(page, 'Alt+T');
    // isVisible does not wait: give a dialog the key would open time to show (the counter answers keys in under 50 ms)
    await page.waitForTimeout(400);
    const opened = await page.getByTestId('topup-dialog').isVisible();
    if (opened) {
      await press(page, 'Enter');
      await expect(page.getByTestId('topup-error')).toContainText('This pass has ended.');
      await shot(page, 'inflight-D5-ended-pass-top-up-fails');
      await page.keyboard.press('Escape');
    }
    expect(badge, 'an ended pass must not say "offer a top-up"').not.toContain('offer a top-up');
    expect(badge).toContain('Pass ended — sell a new pass');
    expect(opened, 'Alt+T must not offer a top-up on an ended pass').toBe(false);
  } finally { await host.setClock(null); }
});

test('a cancelled pass likewise: no top-up offered', async ({ page }) => {
  const a = await newCustomerWithPass(host, 'Jo Cancelled', ids.plans['Coffee Pass']!);
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('passes.refund', { clientId: clientId(), passId: a.passId, reason: 'moving', paymentMethod: 'cash' });
  await host.call('owner.lock');
  await ready(page);
  await openByScan(page, a.code, 'Jo Cancelled');
  await shot(page, 'inflight-D5b-cancelled-pass-offer-top-up');
  await expect(page.getByTestId('pass-closed')).toHaveText(/^Pass cancelled — sell a new pass/); // the cancelled pass is the one shown
  await expect(page.getByTestId('customer-panel')).not.toContainText('offer a top-up');
  await expect(page.getByRole('button', { name: /^Top up/ })).toBeDisabled();
});
