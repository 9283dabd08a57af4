// The daily backup nobody watches: when it fails, shop.status says so in words until a backup goes through.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp, type TestApp } from '../../test/support/tempApp';
import { canMountTmpfs, fillDisk, smallDisk } from '../../test/support/smallDisk';
import { runDailyBackup, scheduleDailyBackups } from './daily';
import { backupFileName } from './files';

const settle = () => new Promise((r) => setTimeout(r, 200));

describe('a failing daily backup', () => {
  it('is said on every screen (shop.status) from its first failure until a backup goes through', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    fs.writeFileSync(app.ledger.backupsDir, 'a file where the backups folder goes');
    const logged: unknown[] = [];
    let stop = scheduleDailyBackups(app, (e) => logged.push(e));
    await settle();
    stop();
    expect(logged).toHaveLength(1);
    expect(app.call('shop.status', {}).problems).toEqual([{
      work: 'backup', since: '2026-03-01T12:00:00.000Z', message: 'Passbook cannot make its backups folder: a file of that name is in the way.',
    }]);
    // an hour later it fails again: still the first failure's time
    app.clockControl.advance(3_600_000);
    stop = scheduleDailyBackups(app, () => undefined);
    await settle();
    stop();
    expect(app.call('shop.status', {}).problems[0]?.since).toBe('2026-03-01T12:00:00.000Z');
    // the folder can be made again: the next backup goes through and the screens stop saying it
    fs.rmSync(app.ledger.backupsDir);
    stop = scheduleDailyBackups(app, () => undefined);
    await settle();
    stop();
    expect(app.call('shop.status', {}).problems).toEqual([]);
    expect(fs.readdirSync(app.ledger.backupsDir)).toHaveLength(1);
  });
});

describe('the daily backup on a full disk', () => {
  it.skipIf(!canMountTmpfs())('backups past the days the shop keeps go even so: the room they free takes today\'s', async () => {
    const { dir, unmount } = smallDisk('4m');
    let app: TestApp | undefined;
    try {
      app = tempApp({ file: path.join(dir, 'ledger.sqlite'), start: '2026-03-01T12:00:00Z' }); // keeps 14 days
      fs.mkdirSync(app.ledger.backupsDir, { recursive: true });
      const name = (iso: string) => path.join(app!.ledger.backupsDir, backupFileName(new Date(iso)));
      // the newest seven, always kept, and two from January, past the 14 days
      for (let d = 21; d <= 27; d += 1) fs.writeFileSync(name(`2026-02-${d}T12:00:00Z`), 'kept');
      const expired = [name('2026-01-10T12:00:00Z'), name('2026-01-11T12:00:00Z')];
      for (const f of expired) fs.writeFileSync(f, Buffer.alloc(600 * 1024));
      fillDisk(dir);
      const made = await runDailyBackup(app);
      expect(made).toBe('passbook-20260301-120000.sqlite');
      for (const f of expired) expect(fs.existsSync(f)).toBe(false);
      expect(fs.readdirSync(app.ledger.backupsDir)).toHaveLength(8);
    } finally {
      app?.close();
      unmount();
    }
  });
});

describe('the daily backup\'s day', () => {
  it('is the shop\'s: one a day by its clock, the first after its midnight holding the whole of yesterday', async () => {
    // New York: by UTC's day a second backup came at 7 pm, before the evening's sales, and the next day's had none
    const app = tempApp({ start: '2026-03-02T13:00:00Z', timeZone: 'America/New_York' }); // 8 am, Mar 2
    try {
      expect(await runDailyBackup(app)).toBe('passbook-20260302-130000.sqlite');
      app.clockControl.set('2026-03-03T00:30:00Z'); // 7:30 pm, Mar 2: a new UTC day, the same shop day
      expect(await runDailyBackup(app)).toBeNull();
      app.clockControl.set('2026-03-03T04:30:00Z'); // 11:30 pm
      expect(await runDailyBackup(app)).toBeNull();
      app.clockControl.set('2026-03-03T05:05:00Z'); // 12:05 am, Mar 3: the shop's new day
      expect(await runDailyBackup(app)).toBe('passbook-20260303-050500.sqlite');
      app.clockControl.set('2026-03-03T22:00:00Z');
      expect(await runDailyBackup(app)).toBeNull();
      expect(fs.readdirSync(app.ledger.backupsDir).filter((f) => f.endsWith('.sqlite'))).toEqual(['passbook-20260302-130000.sqlite', 'passbook-20260303-050500.sqlite']);
    } finally { app.close(); }
    // Sydney, ahead of UTC: by UTC's day the backup came at 11 am, in the middle of the morning's sales
    const sydney = tempApp({ start: '2026-03-02T20:00:00Z', timeZone: 'Australia/Sydney' }); // 7 am, Mar 3
    try {
      expect(await runDailyBackup(sydney)).toBe('passbook-20260302-200000.sqlite');
      sydney.clockControl.set('2026-03-03T00:30:00Z'); // 11:30 am, Mar 3: a new UTC day, the same shop day
      expect(await runDailyBackup(sydney)).toBeNull();
    } finally { sydney.close(); }
  });
});
