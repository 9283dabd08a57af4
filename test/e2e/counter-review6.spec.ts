// Counter review, round 6: the counter at 200 % zoom (a 1280×800 or 1024×768 window is 640×400 or 512×384 CSS
// px) reflows to one column, with the balance, the committed result and Undo in view and the focus left in the
// search box; the focused action of a dialog stays in view after late content (the short-first-month note);
// 100 % looks as before. After the owner PIN the focus lands on the owner screen, not on <body>. The daily
// report shows the voided redemptions of each day, and a day below zero reads in the shop's locale. The
// counter's lot-end dates follow the shop's clock.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { clientId, hostPerFile, startHost } from './support/host';
import { germanOwnerPage, setupCafeMond, setupCoffeeShop, type Ids } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let ids: Ids;
const LONG = 'Maximiliane Alexandra Wilhelmina von Hohenzollern-Sigmaringen';
let longCode = '';
let longPass = 0;
let samCode = '';

// the shop's clock is fixed on 20 March 2027 (the browser's own clock says another year): a month pass sold
// now has a short first month, and its credits end on 31 March of the shop's current year
const SHOP_NOW = '2027-03-20T15:00:00.000Z';

test.beforeAll(async () => {
  await host.setClock(SHOP_NOW);
  ids = await setupCoffeeShop(host);
  const c = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: LONG, phone: '555 0199' });
  longCode = c.code;
  longPass = (await host.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' })).id;
  const s = await host.call<{ id: number; code: string }>('customers.create', { clientId: clientId(), name: 'Sam Lee' });
  samCode = s.code;
  await host.call('passes.sell', { clientId: clientId(), customerId: s.id, planId: ids.plans['Coffee Pass'], paymentMethod: 'cash' });
});

async function counterAt(browser: Browser, width: number, height: number, deviceScaleFactor = 1): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await page.addInitScript(() => { window.print = () => undefined; });
  await page.goto(host.url);
  await expect(page.getByTestId('search')).toBeFocused();
  return page;
}
async function scan(page: Page, code: string) { await page.keyboard.type(code, { delay: 5 }); await page.keyboard.press('Enter'); }
/** the whole box inside the window, not clipped by a scrolling ancestor (less a sub-pixel at a 2× scale) */
const fullyInView = (l: Locator) => expect(l).toBeInViewport({ ratio: 0.99 });
/** nothing sticks out sideways: no horizontal scrolling at this width (WCAG 1.4.10 reflow) */
async function noSidewaysScroll(page: Page) {
  const over = await page.evaluate(() => {
    const out: string[] = [];
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > w) out.push(`page ${document.documentElement.scrollWidth} > ${w}`);
    for (const el of document.querySelectorAll<HTMLElement>('.counter button, .counter input, .counter h2, .topbar button')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > w + 0.5 || r.left < -0.5)) out.push(`${el.tagName} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.left)}..${Math.round(r.right)} of ${w}`);
      if (el.tagName === 'BUTTON' && el.scrollWidth > el.clientWidth + 1) out.push(`content sticks out of "${(el.textContent ?? '').trim().slice(0, 30)}"`);
    }
    return out;
  });
  expect(over).toEqual([]);
}

for (const [w, h, tag] of [[640, 400, '1280x800'], [512, 384, '1024x768']] as const) {
  test(`200 % zoom of a ${tag} window (${w}×${h} CSS px): one column, the balance, then the result and Undo in view after Enter`, async ({ browser }) => {
    const page = await counterAt(browser, w, h, 2);
    await scan(page, longCode);
    await expect(page.getByRole('heading', { name: LONG })).toBeVisible();
    await noSidewaysScroll(page);
    // one column: the items come under the customer, not beside it
    const panel = (await page.getByTestId('customer-panel').boundingBox())!;
    const items = (await page.getByRole('group', { name: 'Items' }).boundingBox())!;
    expect(items.y).toBeGreaterThanOrEqual(panel.y + panel.height);
    await fullyInView(page.getByTestId('balance'));
    await shot(page, `cr6-zoom200-${tag}-customer`);

    for (const k of ['1', '2', '3']) { await page.keyboard.press(k); await page.waitForTimeout(60); }
    await expect(page.getByTestId('cart-line')).toHaveCount(3);
    await fullyInView(page.getByTestId('redeem')); // what Enter will take: "Redeem 3 drinks"
    await expect(page.getByTestId('redeem')).toContainText('Redeem 3 drinks');
    await shot(page, `cr6-zoom200-${tag}-cart`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('balance-after')).toHaveText('7'); // 10 − (1 + 1.5 + 0.5)
    // the new balance and Undo are on screen; the search box keeps the focus (the next card can be scanned)
    await fullyInView(page.getByTestId('result-flow'));
    await fullyInView(page.getByTestId('undo'));
    await expect(page.getByTestId('search')).toBeFocused();
    await noSidewaysScroll(page);
    await shot(page, `cr6-zoom200-${tag}-result`);
    await axe(page, `result at 200 % (${tag})`);

    await page.keyboard.press('Alt+U');
    await expect(page.getByTestId('result-flow')).toContainText('Undone');
    await fullyInView(page.getByTestId('result-flow'));

    // the Sell dialog: the quote note ("Short first month") comes after the focus is set; the focused
    // "Take … and sell" must still be in view once it has come
    await page.keyboard.press('Alt+S');
    const dialog = page.getByTestId('sell-dialog');
    await expect(dialog.getByTestId('sell-quote')).toContainText('Short first month');
    const submit = dialog.getByTestId('sell-submit');
    await expect(submit).toBeFocused();
    await fullyInView(submit);
    await shot(page, `cr6-zoom200-${tag}-sell-dialog`);
    await axe(page, `sell dialog at 200 % (${tag})`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('search')).toBeFocused();

    // a search list at 200 %: no sideways scrolling either
    await page.keyboard.press('Escape');
    await page.keyboard.type('lee', { delay: 40 });
    await expect(page.getByTestId('results')).toBeVisible();
    await noSidewaysScroll(page);
    await shot(page, `cr6-zoom200-${tag}-results`);
    await page.context().close();
  });
}

test('320 CSS px wide (400 % of a 1280 px window): the counter still works without sideways scrolling', async ({ browser }) => {
  const page = await counterAt(browser, 320, 480, 2);
  await noSidewaysScroll(page);
  await shot(page, 'cr6-320-empty');
  await scan(page, samCode);
  await expect(page.getByRole('heading', { name: 'Sam Lee' })).toBeVisible();
  await fullyInView(page.getByTestId('balance'));
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await fullyInView(page.getByTestId('result-flow'));
  await fullyInView(page.getByTestId('undo'));
  await expect(page.getByTestId('search')).toBeFocused();
  await noSidewaysScroll(page);
  await shot(page, 'cr6-320-result');
  await page.keyboard.press('Alt+U');
  await expect(page.getByTestId('result-flow')).toContainText('Undone');
  await page.context().close();
});

for (const [w, h] of [[1024, 768], [1920, 1080]] as const) {
  test(`100 % at ${w}×${h}: two columns as before, everything in view without scrolling`, async ({ browser }) => {
    const page = await counterAt(browser, w, h);
    await scan(page, longCode);
    await expect(page.getByRole('heading', { name: LONG })).toBeVisible();
    const panel = (await page.getByTestId('customer-panel').boundingBox())!;
    const items = (await page.getByRole('group', { name: 'Items' }).boundingBox())!;
    expect(items.x).toBeGreaterThan(panel.x + panel.width); // side by side
    expect(items.y).toBeLessThan(panel.y + 40);
    for (const k of ['1', '2', '3']) { await page.keyboard.press(k); await page.waitForTimeout(60); }
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('balance-after')).toHaveText('7');
    await fullyInView(page.getByTestId('balance'));
    await fullyInView(page.getByTestId('result-flow'));
    await fullyInView(page.getByTestId('undo'));
    expect(await page.evaluate(() => document.querySelector('.area')!.scrollTop)).toBe(0); // nothing scrolled
    await noSidewaysScroll(page);
    await shot(page, `cr6-100-${w}-result`);
    await page.keyboard.press('Alt+U');
    await expect(page.getByTestId('result-flow')).toContainText('Undone');
    await page.keyboard.press('Alt+S');
    await expect(page.getByTestId('sell-quote')).toContainText('Short first month');
    await fullyInView(page.getByTestId('sell-submit'));
    await shot(page, `cr6-100-${w}-sell-dialog`);
    await page.context().close();
  });
}

test('the counter says when the open pass\'s credits end by the shop\'s clock: no year for this year\'s 31 March', async ({ browser }) => {
  const page = await counterAt(browser, 1024, 768);
  await scan(page, samCode);
  const ending = page.getByTestId('expiring');
  // the browser's clock is in another year than the shop's: by it, 31 March 2027 would read "Mar 31, 2027"
  expect(await page.evaluate(() => new Date().getFullYear())).not.toBe(2027);
  await expect(ending).toHaveText('10 expire after Mar 31');
  await shot(page, 'cr6-lot-end-shop-year');
  await page.context().close();
});

test('after the owner PIN the focus is on the owner screen: the Find box, or the section\'s heading', async ({ browser }) => {
  const page = await counterAt(browser, 1024, 768);
  await page.keyboard.press('Shift+Tab'); // from the search box back to the top bar: Owner
  await expect(page.getByRole('button', { name: 'Owner', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Owner PIN')).toBeFocused();
  await page.keyboard.type('2468');
  await page.keyboard.press('Enter');
  const find = page.getByLabel('Find');
  await expect(find).toBeFocused();
  await shot(page, 'cr6-owner-after-pin');
  await axe(page, 'owner after the PIN');

  // the Reports section, a deliberate Lock, the PIN again: no remembered focus, so the screen's first control
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Reports' })).toBeFocused();
  await shot(page, 'cr6-owner-after-pin-reports');
  await page.keyboard.press('Tab'); // on from the heading: the first report tab
  await expect(page.getByRole('button', { name: 'Deferred revenue' })).toBeFocused();

  // (an idle lock or an ended session gives the focus back where it was: owner-review6.spec.ts)
  await page.context().close();
});

test('the daily report has a Voided column; a day with only a void reads -1 credits, said as voids', async ({ browser }) => {
  // 20 March: two redemptions; 21 March: the owner voids one of them (a reversal of 21 March)
  const r1 = await host.call<{ redemptionId: number }>('counter.redeem', { clientId: clientId(), passId: longPass, items: [{ itemId: ids.items['Cappuccino'], quantity: '1' }] });
  await host.call('counter.redeem', { clientId: clientId(), passId: longPass, items: [{ itemId: ids.items['Espresso'], quantity: '1' }] });
  await host.setClock('2027-03-21T15:00:00.000Z');
  await host.call('owner.unlock', { pin: '2468' });
  await host.call('redemptions.void', { clientId: clientId(), redemptionId: r1.redemptionId, reason: 'Rang up twice' });
  await host.call('owner.lock');

  const page = await counterAt(browser, 1280, 900);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('button', { name: 'Sales & redemptions' }).click();
  const table = page.getByRole('table', { name: 'Sales and redemptions per day' });
  await expect(table.getByRole('columnheader', { name: 'Voided' })).toBeVisible(); // the report has come
  // the column names' own row (the groups are a row above it); a row's cells are its day (a row header) and its figures
  const heads = await table.locator('thead tr:last-child th').allTextContents();
  expect(heads.indexOf('Voided')).toBe(heads.indexOf('Redemptions') + 1);
  // the day as the shop reads it ("Sat, Mar 20, 2027"), not the ISO key
  const day = (date: string) => new Intl.DateTimeFormat('en-US', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
  expect(day('2027-03-20')).toBe('Sat, Mar 20, 2027');
  const row = (date: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: day(date), exact: true }) });
  const cells = async (date: string) => Object.fromEntries((await row(date).locator('th, td').allTextContents()).map((t, i) => [heads[i]!, t.trim()]));
  // 20 March: the five redemptions the tests above made and undid at once (each undo a reversal of that day)
  // and the two made just now; 21 March: only the void of one of them
  expect(await cells('2027-03-20')).toMatchObject({ Redemptions: '7', Voided: '5', Credits: '1.5' });
  // the shop's locale writes the minus (en-US: "-1", "-$2.00"; de-DE would write "-1,5")
  const minus = (n: string) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }).format(Number(n));
  expect(await cells('2027-03-21')).toMatchObject({ Redemptions: '0', Voided: '1', Credits: minus('-1'), Recognised: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(-2) });
  // the chart's table for screen readers says what the negative figure is
  const chartTable = page.getByTestId('chart-table').filter({ hasText: 'Credits redeemed' });
  const chartRow = (label: string) => chartTable.getByRole('row').filter({ has: page.getByRole('cell', { name: label, exact: true }) });
  await expect(chartRow('3/21')).toContainText(`${minus('-1')} (1 voided)`);
  await expect(chartRow('3/20')).toContainText('1.5 (5 voided)');
  await row('2027-03-21').scrollIntoViewIfNeeded(); // the last days, at the foot of the table's own scroll
  await shot(page, 'cr6-daily-voided');
  await axe(page, 'daily report with voids');
  await page.context().close();
});

test('in a German shop the void day reads the German way: -1,5 credits, -3,00 €, "(1 voided)" in the table read out', async ({ browser }) => {
  const de = await startHost();
  try {
    await setupCafeMond(de, '2027-03-20T10:00:00.000Z');
    const item = await de.call<{ id: number }>('items.save', { clientId: clientId(), name: 'Cold Brew', usageUnit: 'Getränk', rate: '1.5', cashPrice: '5.50', hotkey: '1', category: 'Kaffee' });
    const plan = await de.call<{ id: number }>('plans.save', { clientId: clientId(), name: 'Kaffeekarte', credits: '10', price: '20', validity: 'month', overagePolicy: 'block' });
    const c = await de.call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Jürgen Weiß' });
    const pass = await de.call<{ id: number }>('passes.sell', { clientId: clientId(), customerId: c.id, planId: plan.id, paymentMethod: 'card' });
    const r = await de.call<{ redemptionId: number }>('counter.redeem', { clientId: clientId(), passId: pass.id, items: [{ itemId: item.id, quantity: '1' }] });
    await de.setClock('2027-03-21T10:00:00.000Z');
    await de.call('owner.unlock', { pin: '2468' });
    await de.call('redemptions.void', { clientId: clientId(), redemptionId: r.redemptionId, reason: 'Doppelt gebucht' });
    await de.call('owner.lock');
    const page = await germanOwnerPage(browser, de);
    await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Reports' }).click();
    await page.getByRole('button', { name: 'Sales & redemptions' }).click();
    const table = page.getByRole('table', { name: 'Sales and redemptions per day' });
    await expect(table.getByRole('columnheader', { name: 'Voided' })).toBeVisible();
    const heads = await table.locator('thead tr:last-child th').allTextContents();
    // the day in German: "So., 21. März 2027"
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new Intl.DateTimeFormat('de-DE', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(2027, 2, 21)), exact: true }) });
    const cells = Object.fromEntries((await row.locator('th, td').allTextContents()).map((t, i) => [heads[i]!, t.trim()]));
    const deNum = (n: number) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6 }).format(n);
    expect(cells).toMatchObject({ Redemptions: '0', Voided: '1', Credits: deNum(-1.5), Recognised: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(-3) });
    expect(cells.Credits).toBe('-1,5');
    const chartRow = page.getByTestId('chart-table').filter({ hasText: 'Credits redeemed' }).getByRole('row').filter({ has: page.getByRole('cell', { name: '21.3.', exact: true }) });
    await expect(chartRow).toContainText('-1,5 (1 voided)');
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'cr6-daily-voided-de');
    await page.context().close();
  } finally { await de.stop(); }
});
