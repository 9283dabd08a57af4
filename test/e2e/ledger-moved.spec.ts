// The ledger file deleted while Passbook runs (a cleaner, a sync tool, a hand tidying the folder). Before, each sale
// after it answered OK and the next start found no shop. Now the ledger is written again in its place with everything,
// the counter goes on, and the banner says what happened.
import fs from 'node:fs';
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

test('the ledger file deleted under the counter: the next redemption is kept, the ledger is back in its place, and the banner says so', async () => {
  await page.goto(host.url);
  await page.getByTestId('search').fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toContainText('20');
  fs.unlinkSync(host.dbFile);
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toContainText('19');
  expect(fs.existsSync(host.dbFile)).toBe(true);
  // the banner follows shop.status (read at start and each minute): a reload reads it now
  await page.reload();
  const banner = page.getByRole('alert').filter({ hasText: 'The ledger file was deleted or moved away while Passbook was running' });
  await expect(banner).toContainText('Passbook wrote it again in its place with everything up to then, and carries on.');
  await expect(banner).toContainText(/At .*March 10, 2026/);
  await shot(page, 'ledger-moved-banner');
  await axe(page, 'the ledger-moved banner');
  // the redemption is in the file at its place, and the counter goes on from it
  await page.getByTestId('search').fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toContainText('19');
  await page.keyboard.press('1');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toContainText('18');
});
