// The disk fills up under the counter: Enter answers with what to do, the cart stays as it was, nothing is charged;
// once there is room, Enter again (the same request) redeems it once. Needs a small disk of its own: a tmpfs, which
// only root on Linux can mount (CI's machine is one; elsewhere this file skips).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { hostPerFile } from './support/host';
import { annWithAPass } from './support/shop';
import { axe, shot } from './support/checks';

function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-mount-'));
  try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' }); } catch { return false; }
  execFileSync('umount', [dir]);
  return true;
}

test.describe.configure({ mode: 'serial' });
test.skip(!canMount(), 'needs root on Linux to mount a small disk');
const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-e2e-disk-'));
const host = hostPerFile({
  dbFile: () => {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', disk]);
    return path.join(disk, 'ledger.sqlite');
  },
});
let page: Page;
let code = '';
const filler = path.join(disk, 'filler');

test.beforeAll(async ({ browser }) => {
  code = await annWithAPass(host);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
});
test.afterAll(async () => {
  await page.context().close();
  execFileSync('umount', ['--lazy', disk]);
});

test('a full disk at Enter: the cart stays, the screen says what to do, and Enter once there is room redeems it once', async () => {
  await page.goto(host.url);
  await page.getByTestId('search').fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toContainText('20');
  await page.keyboard.press('1');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  // the disk fills to its last block (another program's download, a camera's photos)
  const fd = fs.openSync(filler, 'w');
  try {
    for (const size of [64 * 1024, 512]) {
      try { for (;;) fs.writeSync(fd, Buffer.alloc(size)); } catch (err) { if ((err as { code?: string }).code !== 'ENOSPC') throw err; }
    }
  } finally { fs.closeSync(fd); }
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('redeem-error')).toHaveText('The disk is full, so this was not saved. Free some space on this computer, then try again.');
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('balance')).toContainText('20');
  await shot(page, 'disk-full-counter');
  await axe(page, 'the counter after a full disk');
  fs.rmSync(filler); // space freed
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('balance')).toContainText('19');
  await expect(page.getByTestId('cart-line')).toHaveCount(0);
  await expect(page.getByTestId('redeem-error')).toHaveCount(0);
  // once: the ledger's balance is 19, not 18
  expect((await host.call<{ balance: string }>('passes.get', { passId: 1 })).balance).toBe('19');
});
