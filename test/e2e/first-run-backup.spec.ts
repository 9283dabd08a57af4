// A new computer: the first screen brings the shop back from a backup saved off the old one (a USB stick), with the
// shop's own owner PIN; a file that is no backup is refused and the first screen stays.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { annWithAPass } from './support/shop';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const oldComputer = hostPerFile();
const newComputer = hostPerFile();

test('the first screen brings the shop back from a backup, and the owner area opens with that shop\'s PIN', async ({ page }) => {
  // the old computer: Bean & Brew, Ann's pass with 20 drinks, once restored from its own backup (so its ledger, and its
  // backups, carry that restore's mark); its newest backup saved to a stick
  const code = await annWithAPass(oldComputer);
  await oldComputer.call('owner.unlock', { pin: '2468' });
  const earlier = await oldComputer.call<{ fileName: string }>('backup.create');
  await oldComputer.setClock('2026-03-10T16:00:00.000Z');
  await oldComputer.call('owner.unlock', { pin: '2468' });
  await oldComputer.call('backup.restore', { clientId: clientId(), source: 'backups', fileName: earlier.fileName });
  await oldComputer.call('owner.unlock', { pin: '2468' });
  const backup = await oldComputer.call<{ fileName: string }>('backup.create');
  const stick = path.join(path.dirname(newComputer.dbFile), 'stick');
  fs.mkdirSync(stick, { recursive: true });
  const onStick = path.join(stick, 'passbook-backup-20260310.sqlite');
  fs.copyFileSync(path.join(path.dirname(oldComputer.dbFile), 'backups', backup.fileName), onStick);

  await newComputer.setClock('2026-03-11T14:00:00.000Z');
  await page.goto(newComputer.url);
  const card = page.getByTestId('bring-back');
  await expect(card.getByRole('heading', { name: 'Moving to this computer?' })).toBeVisible();
  await shot(page, 'first-run-bring-back-01');

  // a file that is not a backup: said, and nothing changes
  await card.getByTestId('bring-back-file').setInputFiles({ name: 'notes.sqlite', mimeType: 'application/octet-stream', buffer: Buffer.from('shopping list') });
  await expect(card.getByRole('alert')).toContainText('notes.sqlite cannot bring a shop back.');
  expect((await newComputer.call<{ setUp: boolean }>('shop.status')).setUp).toBe(false);

  // the backup: what it holds, first
  await card.getByTestId('bring-back-file').setInputFiles(onStick);
  const preview = card.getByTestId('bring-back-preview');
  await expect(preview.getByRole('heading', { name: 'passbook-backup-20260310.sqlite holds' })).toBeVisible();
  await expect(preview).toContainText('Bean & Brew (USD)');
  await expect(preview.getByText('Customers').locator('..')).toContainText('1');
  await expect(preview).toContainText('with its own owner PIN and recovery code');
  await shot(page, 'first-run-bring-back-02-preview');
  await axe(page, 'first run, a backup previewed');

  // the first press reaches Passbook and its answer is lost on the way back: said as such, and pressing again is the same request
  let lose = true;
  await page.route('**/api/backup.restoreForSetup', async (route) => {
    if (lose) { lose = false; await route.fetch(); await route.abort(); return; }
    await route.continue();
  });
  await preview.getByRole('button', { name: 'Bring back Bean & Brew' }).click();
  await expect(card.getByRole('alert')).toHaveText('Passbook did not answer, so Bean & Brew may or may not be back. Press “Bring back” again: the same request is never done twice.');
  await shot(page, 'first-run-bring-back-02b-lost-answer');
  await preview.getByRole('button', { name: 'Bring back Bean & Brew' }).click();
  await expect(page.getByRole('heading', { name: /Passbook · Bean & Brew/ })).toBeVisible();
  await expect(page.getByText('restored from a backup on another screen')).toHaveCount(0);
  await expect(page.getByTestId('search')).toBeFocused();
  // Ann is here, with her drinks
  await page.getByTestId('search').fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('customer-panel')).toContainText('Ann Lee');
  await expect(page.getByTestId('customer-panel')).toContainText('20');
  await shot(page, 'first-run-bring-back-03-counter');

  // the owner area: the shop's own PIN, said at the gate
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await expect(page.getByText('Bean & Brew is back from passbook-backup-20260310.sqlite. Enter the owner PIN that shop had.')).toBeVisible();
  await page.getByLabel('Owner PIN').fill('2468');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Owner sections' })).toBeVisible();

  // nothing else can be brought back over it from here on: that is the owner's restore, with its safety backup
  const again = await newComputer.fail('backup.restoreForSetup', { clientId: clientId(), fileName: 'anything.sqlite' });
  expect(again.code).toBe('ALREADY_SET_UP');
});
