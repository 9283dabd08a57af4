// The computer's clock set wrong: the counter says so before any sale is refused. Far ahead of the ledger (a year
// typed wrong, or a shop closed all summer), nothing is written until the owner confirms the date by closing the
// periods in Month end; behind the ledger's last entry, nothing is written until the clock is set right.
import { expect, test, type Page } from '@playwright/test';
import { hostPerFile } from './support/host';
import { annWithAPass } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;
let code = '';

test.beforeAll(async ({ browser }) => {
  code = await annWithAPass(host);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});
test.afterAll(async () => { await page.context().close(); });

async function open(): Promise<void> {
  await page.getByTestId('search').fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toBeVisible();
}
async function ring(): Promise<void> {
  await open();
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
}

test('a clock months ahead: the banner says so, a sale is refused in words, the owner confirms by closing, the counter goes on', async () => {
  await host.setClock('2026-07-01T15:00:00.000Z'); // 113 days on
  await page.goto(host.url);
  const banner = page.getByTestId('clock-banner');
  await expect(banner).toContainText('This computer’s clock says July 1, 2026 at 11:00 AM, more than a month after the ledger’s last entry (March 10, 2026 at 11:00 AM)');
  await expect(banner).toContainText('the owner confirms it in Owner → Month end');
  await shot(page, 'clock-01-ahead-banner');
  await axe(page, 'clock banner');
  await ring();
  await expect(page.getByText(/This computer's clock is 113 days past the ledger's last entry/)).toBeVisible();
  await expect(page.getByTestId('balance')).toContainText('20');
  // the owner confirms the date
  await page.getByRole('button', { name: 'Owner', exact: true }).click();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Month end' }).click();
  await page.getByRole('button', { name: 'Close periods that have ended' }).click();
  await expect(page.getByTestId('close-result')).toBeVisible();
  await expect(banner).toHaveCount(0);
  await page.getByRole('button', { name: 'Counter', exact: true }).click();
  // the refused cart was kept: Enter sends it now
  await open();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('result-flow')).toContainText('20 → 19');
});

test('a clock behind the ledger: the banner says so and nothing is written until it is set right', async () => {
  await host.setClock('2026-06-30T15:00:00.000Z'); // a day behind the last redemption
  await page.goto(host.url);
  await expect(page.getByTestId('clock-banner')).toContainText('before the ledger’s last entry (July 1, 2026 at 11:00 AM). Nothing can be sold or redeemed until the date and time are set right.');
  await shot(page, 'clock-02-behind-banner');
  await ring();
  await expect(page.getByText(/This computer's clock is 1 day behind the ledger's last entry/)).toBeVisible();
  await host.setClock('2026-07-01T15:10:00.000Z');
  await page.goto(host.url);
  // the counter shows only once the shop's status is in, which is what would carry the banner: absent from then on
  await expect(page.getByTestId('search')).toBeVisible();
  await expect(page.getByTestId('clock-banner')).toHaveCount(0);
  await ring(); // a new page: a new cart
  await expect(page.getByTestId('result-flow')).toContainText('19 → 18');
});

test('background work that fails is said under the top bar: the daily backup and the month-end close', async ({ browser }) => {
  // the failures themselves are core's (core/backup/daily.test.ts, core/periods/scheduler.test.ts); the host in test
  // mode runs no daily backup, so the screen is shown what shop.status says after a failing disk
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'America/New_York' });
  const p = await context.newPage();
  await p.route('**/api/shop.status', async (route) => {
    const res = await route.fetch();
    const body = await res.json() as Record<string, unknown>;
    body.problems = [
      { work: 'backup', since: '2026-07-01T13:00:00.000Z', message: 'The disk is full. Free some space on this computer.' },
      { work: 'close', since: '2026-07-01T04:00:00.000Z', message: 'The disk is full. Free some space on this computer.' },
    ];
    await route.fulfill({ response: res, json: body });
  });
  await p.goto(host.url);
  await expect(p.getByTestId('problem-backup')).toHaveText('The daily backup has failed since July 1, 2026 at 9:00 AM: The disk is full. Free some space on this computer. Sales are safe in the ledger, but no new backup is being made. Owner → Settings & data lists the backups.');
  await expect(p.getByTestId('problem-close')).toContainText('The month-end close has failed since July 1, 2026 at 12:00 AM: The disk is full.');
  await expect(p.getByTestId('search')).toBeFocused(); // the counter still works under it
  await shot(p, 'clock-03-problems-banner');
  await axe(p, 'background problems banner');
  await context.close();
});
