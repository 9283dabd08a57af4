// The owner area at 200 % zoom and at 320 px (WCAG 1.4.10 reflow), found in review: a 1024×768 window at 200 % is
// 512×384 CSS px, and the owner area (a 200 px rail of sections beside wide tables and forms) needed sideways
// scrolling or cut things off. Now, under 761 px, the rail folds into a "Section: …" bar above the section, the
// area scrolls as one page, forms take one column, and wide data tables scroll sideways inside their own
// focusable box: the page never does. Every section is checked at 512×384 (scale 2) and 320×480: no sideways
// scrolling, its heading and first controls on screen, the focus visible, axe clean. At 100 % (1024×768,
// 1920×1080) the rail is where it was. Screenshots in test-results/screens/owner-reflow-*.png.
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();

test.beforeAll(async () => {
  await host.setClock('2026-03-27T15:00:00.000Z'); // Friday 27 March, 11:00 in New York: the month end is ahead
  await host.call('shop.loadDemo', { clientId: clientId() }); // Bean & Brew, owner PIN 1234
});

async function ownerAt(browser: Browser, width: number, height: number, deviceScaleFactor = 1): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor, locale: 'en-US', timezoneId: 'America/New_York' });
  const page = await context.newPage();
  await page.addInitScript(() => { window.print = () => undefined; });
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await expect(page.getByLabel('Owner PIN')).toBeFocused(); // the gate is up and ready
  await page.getByLabel('Owner PIN').fill('1234');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Customers', exact: true })).toBeVisible();
  return page;
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Owner sections' });
const toggle = (page: Page) => nav(page).getByRole('button', { name: /^Section: / });

/** Choose a section from the folded bar: it opens, the choice closes it, the focus stays on the bar. */
async function goTo(page: Page, name: string) {
  const bar = toggle(page);
  await bar.click();
  await expect(bar).toHaveAttribute('aria-expanded', 'true');
  await nav(page).getByRole('button', { name, exact: true }).click();
  await expect(bar).toHaveAttribute('aria-expanded', 'false');
  await expect(bar).toHaveAccessibleName(`Section: ${name}`);
  await expect(bar).toBeFocused();
  await expect(nav(page).getByRole('button', { name: 'Plans & items', exact: true })).toBeHidden();
}

/**
 * Nothing needs sideways scrolling: not the page, not the owner area's scrollers, and no control or heading sticks
 * out of the window, except inside the boxes made to scroll sideways (data tables, the paper preview).
 */
async function noSidewaysScroll(page: Page, where: string) {
  const over = await page.evaluate(() => {
    const out: string[] = [];
    const w = window.innerWidth;
    const d = document.documentElement;
    if (d.scrollWidth > w) out.push(`page ${d.scrollWidth} > ${w}`);
    for (const sel of ['.area', '.owner', '.onav', '.obody', '.olist']) {
      const el = document.querySelector<HTMLElement>(sel);
      if (el && el.scrollWidth > el.clientWidth + 1) out.push(`${sel} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    const boxes = '.otable-wrap, .otable-scroll, .opreview-paper';
    for (const el of document.querySelectorAll<HTMLElement>('.owner :is(button, input, select, label, h2, h3, p, legend, .otable-wrap, .otable-scroll, .opreview-paper)')) {
      if (el.parentElement?.closest(boxes)) continue;
      const r = el.getBoundingClientRect();
      if (!r.width) continue;
      if (r.right > w + 0.5 || r.left < -0.5) out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.left)}..${Math.round(r.right)} of ${w}`);
    }
    return out;
  });
  expect(over, where).toEqual([]);
}

/** The section's heading and its first controls are on screen (not below the fold, not cut off). */
async function inView(...ls: Locator[]) {
  for (const l of ls) await expect(l).toBeInViewport({ ratio: 0.99 });
}

/** Keyboard focus shows: the focused element has its ring and is on screen. */
async function focusShows(page: Page, l: Locator) {
  await expect(l).toBeFocused();
  await expect(l).toBeInViewport();
  const ring = await l.evaluate((el) => { const s = getComputedStyle(el); return `${s.outlineStyle} ${s.outlineWidth}`; });
  expect(ring).toBe('solid 3px');
}

for (const [w, h, tag] of [[512, 384, '1024x768 at 200 %'], [320, 480, '320 px']] as const) {
  const name = tag.replace(/[^\w]+/g, '-');
  test(`${tag} (${w}×${h} CSS px): every owner section reflows, no sideways scrolling, axe clean`, async ({ browser }) => {
    const page = await ownerAt(browser, w, h, 2);
    const heading = (n: string) => page.getByRole('heading', { name: n, exact: true, level: 2 });

    // the rail is folded into one bar above the section: the section starts near the top
    await expect(toggle(page)).toHaveAccessibleName('Section: Customers');
    await expect(toggle(page)).toHaveAttribute('aria-expanded', 'false');
    await inView(toggle(page), page.getByRole('button', { name: 'Lock', exact: true }));
    await inView(heading('Customers'), page.getByLabel('Find'));
    await expect(page.getByLabel('Find')).toBeFocused(); // after the PIN, as at 100 %
    await expect(page.getByTestId('customer-list').getByRole('button', { name: /Anna Lee/ })).toBeVisible();
    await noSidewaysScroll(page, 'customers');
    await shot(page, `owner-reflow-${name}-customers`);
    await axe(page, `customers (${tag})`);

    // the open list of sections: Esc folds it again and leaves the focus on the bar
    await toggle(page).click();
    await expect(nav(page).getByRole('button', { name: 'Settings & data', exact: true })).toBeVisible();
    await noSidewaysScroll(page, 'sections open');
    await shot(page, `owner-reflow-${name}-sections-open`);
    await axe(page, `sections open (${tag})`);
    await page.keyboard.press('Escape');
    await expect(toggle(page)).toHaveAttribute('aria-expanded', 'false');
    await expect(toggle(page)).toBeFocused();

    // a customer: the figures in one column, the lots and history tables scroll inside their own boxes
    await page.getByTestId('customer-list').getByRole('button', { name: /Anna Lee/ }).click();
    await inView(heading('Anna Lee'), page.getByRole('button', { name: 'Back to customers' }));
    await noSidewaysScroll(page, 'customer');
    const history = page.locator('.otable-wrap', { has: page.getByTestId('customer-history') });
    expect(await history.evaluate((el) => el.scrollWidth > el.clientWidth), 'the history table scrolls in its box').toBe(true);
    await expect(history).toHaveAttribute('tabindex', '0');
    // Tab from the last pass action reaches the lots box, its focus ring shows
    await page.getByRole('button', { name: 'Refund & cancel…' }).focus();
    await page.keyboard.press('Tab');
    await focusShows(page, page.locator('.opass .otable-wrap'));
    await shot(page, `owner-reflow-${name}-customer`);
    await axe(page, `customer (${tag})`);

    // a dialog fits the window and scrolls inside it
    await page.getByRole('button', { name: 'Adjust credits…' }).click();
    const dialog = page.getByTestId('owner-action');
    await expect(dialog.getByLabel('Credits (+ or −)')).toBeFocused();
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(w);
    expect(box.y + box.height).toBeLessThanOrEqual(h);
    await dialog.getByRole('button', { name: 'Adjust credits' }).focus();
    await inView(dialog.getByRole('button', { name: 'Adjust credits' }));
    await shot(page, `owner-reflow-${name}-dialog`);
    await axe(page, `adjust dialog (${tag})`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'Back to customers' }).click();

    // plans & items: the tables scroll inside a focusable box; the editor is one column
    await goTo(page, 'Plans & items');
    await inView(heading('Plans & items'), page.getByRole('button', { name: 'New plan' }));
    await expect(page.getByRole('region', { name: 'Plans', exact: true })).toHaveAttribute('tabindex', '0');
    await noSidewaysScroll(page, 'plans');
    await shot(page, `owner-reflow-${name}-plans`);
    await axe(page, `plans (${tag})`);
    await page.getByRole('button', { name: 'Items', exact: true }).click();
    await expect(page.getByRole('cell', { name: 'Cappuccino', exact: true })).toBeVisible();
    await noSidewaysScroll(page, 'items');
    await axe(page, `items (${tag})`);
    await page.getByRole('button', { name: 'Plans', exact: true }).click();
    await page.getByRole('button', { name: 'Edit Coffee Pass' }).click();
    await inView(heading('Edit plan: Coffee Pass'));
    await expect(page.getByLabel('Name')).toBeFocused();
    const nameBox = (await page.getByLabel('Name').boundingBox())!;
    const unitBox = (await page.getByLabel('Credit unit').boundingBox())!;
    expect(unitBox.y).toBeGreaterThan(nameBox.y + nameBox.height); // under it, not beside it
    await noSidewaysScroll(page, 'plan editor');
    await shot(page, `owner-reflow-${name}-plan-editor`);
    await axe(page, `plan editor (${tag})`);
    await page.getByRole('button', { name: 'Back to the list' }).click();

    await goTo(page, 'Month end');
    await inView(heading('Month end'), page.getByRole('button', { name: 'Close periods that have ended' }));
    await expect(page.getByTestId('monthend-preview')).toBeVisible();
    await expect(page.locator('.ochart canvas').first()).toBeVisible();
    await noSidewaysScroll(page, 'month end');
    await shot(page, `owner-reflow-${name}-month-end`);
    await axe(page, `month end (${tag})`);

    await goTo(page, 'Statements');
    await inView(heading('Statements'), page.getByRole('button', { name: 'One customer' }));
    await page.getByLabel('Customer').fill('Anna Lee');
    await page.getByRole('option', { name: /Anna Lee/ }).click();
    await page.getByRole('button', { name: 'Show statement' }).click();
    const preview = page.getByTestId('statement-preview');
    await expect(preview.getByTestId('statement-doc')).toBeVisible();
    await noSidewaysScroll(page, 'statements');
    // the paper scrolls in its own box from its left edge: its start is not cut off
    const paper = (await preview.locator('.osheet').first().boundingBox())!;
    const frame = (await preview.boundingBox())!;
    expect(paper.x).toBeGreaterThanOrEqual(frame.x);
    await shot(page, `owner-reflow-${name}-statements`);
    await axe(page, `statements (${tag})`);

    await goTo(page, 'Reports');
    await inView(heading('Reports'), page.getByRole('button', { name: 'Deferred revenue' }));
    await expect(page.getByTestId('deferred-table')).toBeVisible();
    await noSidewaysScroll(page, 'reports: deferred');
    await shot(page, `owner-reflow-${name}-reports`);
    await axe(page, `reports: deferred revenue (${tag})`);
    for (const tab of ['Sales & redemptions', 'Low balance', 'Expiring soon', 'Accountant export']) {
      await page.getByRole('group', { name: 'Report' }).getByRole('button', { name: tab }).click();
      await expect(page.getByRole('group', { name: 'Report' }).getByRole('button', { name: tab })).toHaveAttribute('aria-pressed', 'true');
      if (tab === 'Sales & redemptions') await expect(page.locator('.ochart canvas').first()).toBeVisible();
      if (tab === 'Low balance') await expect(page.getByTestId('low-table')).toBeVisible();
      if (tab === 'Expiring soon') await expect(page.getByTestId('expiring-table')).toBeVisible();
      if (tab === 'Accountant export') await expect(page.getByRole('button', { name: 'Export and save…' })).toBeVisible();
      await noSidewaysScroll(page, `reports: ${tab}`);
      await axe(page, `reports: ${tab} (${tag})`);
    }

    await goTo(page, 'Settings & data');
    await inView(heading('Settings & data'), page.getByRole('button', { name: 'Shop', exact: true }));
    await expect(page.getByLabel('Shop name')).toBeVisible();
    const zone = (await page.getByLabel('Time zone').boundingBox())!;
    const currency = (await page.getByLabel('Currency').boundingBox())!;
    const locale = (await page.getByLabel('Numbers and dates').boundingBox())!;
    expect(locale.y).toBeGreaterThan(currency.y + currency.height); // the two-column grid is one column
    expect(currency.y).toBeGreaterThan(zone.y);
    await noSidewaysScroll(page, 'settings: shop');
    await shot(page, `owner-reflow-${name}-settings`);
    await axe(page, `settings: shop (${tag})`);
    await page.getByRole('button', { name: 'Owner PIN' }).click();
    await expect(page.getByLabel('Current PIN')).toBeVisible();
    await noSidewaysScroll(page, 'settings: PIN');
    await axe(page, `settings: PIN (${tag})`);
    await page.getByRole('button', { name: 'Backups & restore' }).click();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect(page.getByText(/Backed up at /)).toBeVisible();
    await noSidewaysScroll(page, 'settings: backups');
    await shot(page, `owner-reflow-${name}-backups`);
    await axe(page, `settings: backups (${tag})`);

    await goTo(page, 'Help');
    await inView(heading('Help'));
    await noSidewaysScroll(page, 'help');
    await axe(page, `help (${tag})`);
    await page.context().close();
  });
}

for (const [w, h] of [[1024, 768], [1920, 1080]] as const) {
  test(`100 % at ${w}×${h}: the rail of sections on the left as before, no folded bar`, async ({ browser }) => {
    const page = await ownerAt(browser, w, h);
    await expect(toggle(page)).toHaveCount(0);
    const rail = (await nav(page).boundingBox())!;
    const body = (await page.locator('.obody').boundingBox())!;
    expect(rail.width).toBe(200);
    expect(body.x).toBeGreaterThanOrEqual(rail.x + rail.width);
    expect(rail.height).toBeGreaterThan(h - 100); // the full height of the window under the top bar
    for (const s of ['Customers', 'Plans & items', 'Month end', 'Statements', 'Reports', 'Settings & data', 'Help']) {
      await expect(nav(page).getByRole('button', { name: s, exact: true })).toBeVisible();
    }
    await expect(nav(page).getByText('Locks by itself after 5 minutes without use.')).toBeVisible();
    // the catalog table, now in a box that can scroll in a narrow window, fits here without scrolling
    await nav(page).getByRole('button', { name: 'Plans & items', exact: true }).click();
    const plans = page.getByRole('region', { name: 'Plans', exact: true });
    expect(await plans.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await noSidewaysScroll(page, `plans at ${w}`);
    await shot(page, `owner-reflow-100-${w}-plans`);
    await page.context().close();
  });
}
