// Settings → data: back up now, change the ledger, restore the backup through the UI and get exactly the
// backed-up ledger back (after a safety backup); a file that is not a Passbook ledger is refused with a clear
// message and the current ledger stays as it was (upload through the host's /upload/restore).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { clientId, hostPerFile } from './support/host';
import { axe, shot } from './support/checks';

test.describe.configure({ mode: 'serial' });
const host = hostPerFile();
let page: Page;
const call = <T>(method: string, input: unknown = {}) => host.call<T>(method, input);

test.beforeAll(async ({ browser }) => {
  await host.setClock('2026-03-20T15:00:00.000Z');
  await call('shop.loadDemo', { clientId: clientId() });
  await call('owner.unlock', { pin: '1234' });
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'en-US', timezoneId: 'America/New_York' });
  page = await context.newPage();
  await page.goto(host.url);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Owner' }).click();
  await page.getByLabel('Owner PIN').fill('1234');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Settings & data' }).click();
  await page.getByRole('button', { name: 'Backups & restore' }).click();
});

test.afterAll(async () => { await page?.context().close(); });

interface Status { shop: { name: string; receiptFooter: string } }
const customerNames = async () => (await call<{ rows: Array<{ name: string }> }>('owner.customers', { limit: 500 })).rows.map((r) => r.name);

test('back up, change, restore: the backed-up ledger comes back, after a safety backup', async () => {
  // a customer without a pass, in the backup, who asks to be forgotten after it
  const yara = await call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Yara Forgotten Later' });
  const before = { names: await customerNames(), status: await call<Status>('shop.status') };

  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/Backed up at .*: passbook-.*\.sqlite/)).toBeVisible();
  const backups = await call<{ backups: Array<{ fileName: string }> }>('backup.list');
  expect(backups.backups).toHaveLength(1);
  const backupName = backups.backups[0]!.fileName;
  await expect(page.getByRole('cell', { name: backupName, exact: true })).toBeVisible();
  await shot(page, 'owner-21-backups');
  await axe(page, 'backups');

  // change the ledger: a new customer with a pass, and the shop's footer
  await host.setClock('2026-03-20T15:05:00.000Z');
  const zed = await call<{ id: number }>('customers.create', { clientId: clientId(), name: 'Zed After Backup' });
  await call('passes.sell', { clientId: clientId(), customerId: zed.id, planId: 1, paymentMethod: 'cash' });
  await call('shop.update', { clientId: clientId(), receiptFooter: 'Changed after the backup' });
  // and a card reported lost: restoring the backup would make it work again, which the preview must say
  const anna = (await call<{ customers: Array<{ id: number }> }>('customers.search', { query: 'Anna Lee' })).customers[0]!;
  await call('customers.replaceCard', { clientId: clientId(), id: anna.id, reason: 'lost' });
  // and Yara forgotten at her request: the backup still holds who she was, which the preview must say too
  await call('customers.forget', { clientId: clientId(), id: yara.id, reason: 'Asked by email' });
  expect(await customerNames()).toContain('Zed After Backup');
  // and the PIN changed after the backup, on this screen (the demo's public one: from here on it is kept like any shop's)
  await page.getByRole('button', { name: 'Owner PIN', exact: true }).click();
  await page.getByLabel('Current PIN').fill('1234');
  await page.getByLabel('New PIN (4–12 digits)').fill('4321');
  await page.getByLabel('New PIN again').fill('4321');
  await page.getByRole('button', { name: 'Change PIN' }).click();
  await expect(page.getByLabel('Current PIN')).toHaveValue('');
  await call('owner.unlock', { pin: '4321' }); // the change ended the test's own API session
  await page.getByRole('button', { name: 'Backups & restore' }).click();

  // restore from the list: preview first
  await page.getByRole('button', { name: `Restore ${backupName}…` }).click();
  const preview = page.getByTestId('restore-preview');
  await expect(preview).toContainText('Bean & Brew');
  await expect(preview).toContainText(String(before.names.length));
  // and what the restore takes away: the sale and the customer made after the backup, with the money taken
  await expect(preview.getByTestId('restore-loses')).toContainText(/Restoring takes away what happened here after this backup: 1 pass sold, 1 new customer, 1 card replaced \(the old card would work again: replace it again after restoring\), 1 customer forgotten at their request \(their details would come back: forget them again after restoring\), \$\d+\.\d\d taken \(the last on /);
  // and which PIN comes with it
  await expect(preview).toContainText('The owner PIN and the recovery code stay as they are now.');
  await shot(page, 'owner-22-restore-preview');
  await axe(page, 'restore preview');
  await preview.getByRole('button', { name: 'Restore this backup' }).click();

  // owner sessions end with a restore; the gate says what happened
  await expect(page.getByText(new RegExp(`Restored from ${backupName.replace(/\./g, '\\.')}. The previous ledger was saved first as passbook-`))).toBeVisible();
  await expect(page.getByText('Enter the owner PIN: it is the same as before the restore.')).toBeVisible();
  await shot(page, 'owner-23-restored-gate');
  // the backup's PIN is not the shop's any more
  await page.getByLabel('Owner PIN').fill('1234');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('gate-error')).toContainText('That PIN is not right.');
  await page.getByLabel('Owner PIN').fill('4321');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Owner sections' })).toBeVisible();

  await call('owner.unlock', { pin: '4321' }); // the PIN from here on, in the later tests too
  const after = { names: await customerNames(), status: await call<Status>('shop.status') };
  expect(after.names).toEqual(before.names);
  expect(after.status.shop).toEqual(before.status.shop);
  // and the safety backup of the changed ledger is kept beside it
  const list = await call<{ backups: Array<{ fileName: string }> }>('backup.list');
  expect(list.backups.length).toBe(2);
  const safety = list.backups.find((b) => b.fileName !== backupName)!;
  const safetySummary = await call<{ customers: number }>('backup.inspect', { source: 'backups', fileName: safety.fileName });
  expect(safetySummary.customers).toBe(before.names.length + 1);
});

test('a copy of a backup for a USB stick: the download is the backup byte for byte, and restoring it from the file brings the shop back', async () => {
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Settings & data' }).click();
  await page.getByRole('button', { name: 'Backups & restore' }).click();
  await expect(page.getByTestId('backups-offsite')).toContainText('Backups are kept on this computer, so a lost or broken computer takes them with it.');
  const newest = (await call<{ backups: Array<{ fileName: string; bytes: number }> }>('backup.list')).backups[0]!;
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: `Save a copy of ${newest.fileName}…` }).click();
  const download = await downloaded;
  // named by the shop's local time, as the list shows it (Bean & Brew is in New York: 15:05 UTC is 11:05)
  const utc = /^passbook-(\d{8})-(\d{2})(\d{4})\.sqlite$/.exec(newest.fileName)!;
  expect(download.suggestedFilename()).toBe(`passbook-backup-${utc[1]}-${String(Number(utc[2]) - 4).padStart(2, '0')}${utc[3]}.sqlite`);
  const stick = path.join(path.dirname(host.dbFile), 'stick');
  fs.mkdirSync(stick, { recursive: true });
  const copy = path.join(stick, download.suggestedFilename());
  await download.saveAs(copy);
  expect(fs.readFileSync(copy).equals(fs.readFileSync(path.join(path.dirname(host.dbFile), 'backups', newest.fileName)))).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'is downloading' })).toHaveText(`${download.suggestedFilename()} is downloading to this browser's downloads folder. Move it to a USB stick or another drive; Restore from a file… brings it back.`);
  await shot(page, 'owner-21b-backup-copy');
  await axe(page, 'backup copy saved');

  // the computer is gone: the copy on the stick is what the owner restores from
  await page.getByTestId('restore-file').setInputFiles(copy);
  const preview = page.getByTestId('restore-preview');
  await expect(preview.getByRole('heading')).toHaveText(new RegExp(`^upload-\\d+-${download.suggestedFilename().replace(/\./g, '\\.')} holds$`));
  await expect(preview).toContainText('Bean & Brew');
  await preview.getByRole('button', { name: 'Cancel' }).click();
  await expect(preview).toHaveCount(0);
  // the ledger keeps when the copy left
  await expect(page.getByTestId('backups-last-copy')).toHaveText(`Last copy saved elsewhere: Mar 20, 2026, 11:05 AM (of ${newest.fileName}).`);
});

test('a month after the last copy, the owner area asks for another, and takes the owner to the backups', async () => {
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Lock' }).click();
  await host.setClock('2026-04-20T16:00:00.000Z');
  await page.getByLabel('Owner PIN').fill('4321');
  await page.getByRole('button', { name: 'Unlock' }).click();
  // back where the owner was, Backups & restore: its card says it, so the banner waits for another section
  const reminder = page.getByRole('region', { name: 'Backup copy reminder' });
  await expect(page.getByTestId('backups-last-copy')).toContainText('Time for another: save a copy of the newest.');
  await expect(reminder).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Customers', exact: true }).click();
  await expect(reminder).toContainText('The last copy of a backup saved off this computer was made on Mar 20, 31 days ago. If the computer is lost or breaks, the backups on it go too.');
  await shot(page, 'owner-21c-copy-reminder');
  await axe(page, 'backup copy reminder');
  // "Later" puts it off until the owner locks
  await reminder.getByRole('button', { name: 'Later' }).click();
  await expect(reminder).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Lock' }).click();
  await page.getByLabel('Owner PIN').fill('4321');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await reminder.getByRole('button', { name: 'Save a copy now…' }).click();
  // the backups, where the card says it too (and the banner gives way to it)
  await expect(page.getByRole('button', { name: 'Backups & restore' })).toHaveAttribute('aria-pressed', 'true');
  await expect(reminder).toHaveCount(0);
  await expect(page.getByTestId('backups-last-copy')).toContainText('Time for another: save a copy of the newest.');
  await call('owner.unlock', { pin: '4321' }); // this test's own session did not last the month either
  const newest = (await call<{ backups: Array<{ fileName: string }> }>('backup.list')).backups[0]!;
  const downloaded = page.waitForEvent('download');
  await page.getByRole('button', { name: `Save a copy of ${newest.fileName}…` }).click();
  await downloaded;
  await expect(page.getByTestId('backups-last-copy')).toHaveText(`Last copy saved elsewhere: Apr 20, 2026, 12:00 PM (of ${newest.fileName}).`);
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Customers', exact: true }).click();
  await expect(reminder).toHaveCount(0);
});

test('a file that is not a Passbook ledger is refused with a clear message; nothing changes', async () => {
  await page.getByRole('navigation', { name: 'Owner sections' }).getByRole('button', { name: 'Settings & data' }).click();
  await page.getByRole('button', { name: 'Backups & restore' }).click();
  const before = await customerNames();
  const file = page.getByTestId('restore-file');

  await file.setInputFiles({ name: 'notes.sqlite', mimeType: 'application/octet-stream', buffer: Buffer.from('these are not the droids you are looking for') });
  const err = page.getByRole('alert').filter({ hasText: 'This file cannot be restored.' });
  await expect(err).toBeVisible();
  await expect(err).toContainText('Nothing was changed.');
  await expect(err).toContainText('it is not a SQLite database');
  await expect(page.getByTestId('restore-preview')).toHaveCount(0);
  await shot(page, 'owner-24-restore-refused');
  await axe(page, 'restore refused');

  // a real SQLite file from another program
  const foreign = path.join(path.dirname(host.dbFile), 'contacts.sqlite');
  const db = new Database(foreign);
  db.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO contacts (name) VALUES ('x');");
  db.close();
  await file.setInputFiles(foreign);
  // this file's own refusal (the first file's is on screen until it is replaced)
  await expect(page.getByRole('alert').filter({ hasText: 'This file cannot be restored.' })).toContainText('That file is a database, but not a Passbook ledger.');
  await expect(page.getByTestId('restore-preview')).toHaveCount(0);

  await call('owner.unlock', { pin: '4321' });
  expect(await customerNames()).toEqual(before);
});
