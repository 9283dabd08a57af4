// A ledger whose file is deleted, moved or replaced while Passbook runs, on real files: before, every sale after it
// answered OK and was gone at the next start (which found no shop and offered to set one up).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { openSqlite } from './sqlite';
import { PassbookError } from '../errors';
import { newId, tempApp, tempDir, type TestApp } from '../../test/support/tempApp';
import { canMountTmpfs, fillDisk, smallDisk } from '../../test/support/smallDisk';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';

function shop() {
  const app = tempApp();
  const tea = item(app, 'Tea', '1');
  const pass = sell(app, customer(app, 'Ann'), plan(app, { credits: '20', price: '40', validity: 'month' }));
  redeem(app, pass, tea, '1');
  return { app, tea, pass };
}

const redemptions = (file: string) => {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try { return db.prepare('SELECT count(*) FROM redemptions').pluck().get() as number; } finally { db.close(); }
};
const problems = (app: TestApp) => app.call('shop.status', {}).problems;

/** The ledger after a restart: all its work, and sound. */
function afterRestart(app: TestApp, pass: number) {
  app.close();
  const again = createApp(app.file, { clock: app.clock });
  try {
    expect(again.call('shop.status', {}).setUp).toBe(true);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    return { redeemed: again.db.prepare('SELECT count(*) FROM redemptions').pluck().get(), balance: again.call('passes.get', { passId: pass }).balance };
  } finally { again.close(); }
}

describe('the ledger file kept in its place', () => {
  it('a ledger deleted while running is written again in its place at the next write, with everything', () => {
    const { app, tea, pass } = shop();
    redeem(app, pass, tea, '2');
    fs.unlinkSync(app.file); // a cleaner, or a hand tidying the folder
    redeem(app, pass, tea, '3'); // answered, and kept
    expect(fs.existsSync(app.file)).toBe(true);
    expect(problems(app)).toEqual([expect.objectContaining({ work: 'ledger', message: expect.stringMatching(/^The ledger file was deleted or moved away while Passbook was running\. Passbook wrote it again in its place/) })]);
    redeem(app, pass, tea, '4');
    const r = afterRestart(app, pass);
    expect(r.redeemed).toBe(4);
    expect(r.balance).toBe('10');
  });

  it('a ledger moved away: the old copy stops where it was moved, the ledger goes on in its place', () => {
    const { app, tea, pass } = shop();
    const moved = path.join(path.dirname(app.file), 'moved.sqlite');
    fs.renameSync(app.file, moved);
    redeem(app, pass, tea, '2');
    redeem(app, pass, tea, '2');
    expect(redemptions(app.file)).toBe(3);
    const r = afterRestart(app, pass);
    expect(r.redeemed).toBe(3);
    expect(r.balance).toBe('15');
  });

  it('its folder removed: made again, the ledger in it, claimed by this Passbook (a second one is refused)', () => {
    const { app, tea, pass } = shop();
    fs.rmSync(path.dirname(app.file), { recursive: true, force: true });
    redeem(app, pass, tea, '1');
    expect(() => createApp(app.file)).toThrow(/already open in another Passbook/);
    expect(fs.statSync(app.file).mode & 0o777).toBe(0o600);
    expect(afterRestart(app, pass).redeemed).toBe(2);
  });

  it('a ledger deleted after the last write is written back when Passbook closes, not lost with it', () => {
    const { app, tea, pass } = shop();
    redeem(app, pass, tea, '2');
    fs.unlinkSync(app.file); // a cleaner at closing time, before the background check
    expect(afterRestart(app, pass).redeemed).toBe(2);
  });

  it('a -wal deleted: what it held goes into the ledger at once, not at a close a crash may never reach', () => {
    const { app, tea, pass } = shop();
    redeem(app, pass, tea, '2');
    fs.unlinkSync(`${app.file}-wal`);
    redeem(app, pass, tea, '3');
    expect(problems(app)[0]?.message).toMatch(/^The ledger's journal file \(the -wal beside it\) was deleted while Passbook was running\. Nothing was lost/);
    // the ledger file alone, right after that write, as a crash would leave it without its -wal: the two redemptions
    // before the deletion are in it (they were only in the deleted -wal; the third is in the new one)
    const alone = path.join(path.dirname(app.file), 'alone.sqlite');
    fs.copyFileSync(app.file, alone);
    expect(redemptions(alone)).toBe(2);
    expect(afterRestart(app, pass).redeemed).toBe(3);
  });

  it('a -wal deleted before an export: the export (its own connection) reads everything, not a short read', async () => {
    const { app, tea, pass } = shop();
    redeem(app, pass, tea, '2');
    fs.unlinkSync(`${app.file}-wal`);
    const r = await app.callAsync('exports.create', { kind: 'customers', format: 'csv' }, app.owner);
    expect(r.rows).toBe(1);
    expect(problems(app)[0]?.work).toBe('ledger');
    app.close();
  });

  it('a -shm deleted: nothing to do, every connection of this one process shares the index it mapped', async () => {
    // SQLite keys the WAL index by the ledger's inode within a process, and the lock keeps other processes out: an
    // export's own connection joins the mapped index instead of making a fresh -shm that would disagree with it
    const { app, tea, pass } = shop();
    fs.unlinkSync(`${app.file}-shm`);
    redeem(app, pass, tea, '2');
    const r = await app.callAsync('exports.create', { kind: 'customers', format: 'csv' }, app.owner);
    expect(r.rows).toBe(1);
    redeem(app, pass, tea, '3');
    expect(problems(app)).toEqual([]);
    expect(app.call('passes.get', { passId: pass }).balance).toBe('14');
    expect(afterRestart(app, pass)).toEqual({ redeemed: 3, balance: '14' });
  });

  it('another file put in its place is never overwritten: writes are refused and what was held is saved beside it', () => {
    const { app, tea, pass } = shop();
    redeem(app, pass, tea, '2');
    fs.unlinkSync(app.file);
    fs.writeFileSync(app.file, 'somebody else\'s file');
    const before = fs.readFileSync(app.file);
    const r = app.dispatch('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: tea, quantity: '1' }] });
    expect(r).toMatchObject({ ok: false, error: { code: 'DATABASE', details: { reason: 'LEDGER_MOVED' } } });
    expect(r.ok ? '' : r.error.message).toMatch(/^Another file was put where the ledger \(ledger\.sqlite\) was while Passbook was running, so nothing more can be saved\. Everything up to then is in ledger\.sqlite\.rescued-/);
    expect(fs.readFileSync(app.file).equals(before)).toBe(true);
    const rescued = fs.readdirSync(path.dirname(app.file)).filter((n) => n.startsWith('ledger.sqlite.rescued-'));
    expect(rescued).toHaveLength(1);
    expect(fs.statSync(path.join(path.dirname(app.file), rescued[0]!)).mode & 0o777).toBe(0o600); // customers, PIN hash
    expect(redemptions(path.join(path.dirname(app.file), rescued[0]!))).toBe(2);
    // reads still answer; a second refusal makes no second copy
    expect(app.call('passes.get', { passId: pass }).balance).toBe('17');
    expect(app.dispatch('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: tea, quantity: '1' }] }).ok).toBe(false);
    expect(fs.readdirSync(path.dirname(app.file)).filter((n) => n.startsWith('ledger.sqlite.rescued-'))).toHaveLength(1);
    app.close();
  });

  it('the background check writes a moved ledger back while nobody sells', () => {
    const { app } = shop();
    fs.unlinkSync(app.file);
    app.keepInPlace();
    expect(fs.existsSync(app.file)).toBe(true);
    expect(redemptions(app.file)).toBe(1);
    app.close();
  });

  // a full disk needs a small file system of its own: a tmpfs, which only root on Linux can mount (CI's machine is one)
  it.skipIf(!canMountTmpfs())('a ledger deleted while the disk is full: nothing half-written is left in its place, and it is written back once space is freed', () => {
    const { dir, unmount } = smallDisk('4m');
    let app: TestApp | undefined;
    try {
      app = tempApp({ file: path.join(dir, 'ledger.sqlite') });
      const tea = item(app, 'Tea', '1');
      const pass = sell(app, customer(app, 'Ann'), plan(app, { credits: '20', price: '40', validity: 'month' }));
      redeem(app, pass, tea, '2');
      fs.unlinkSync(app.file); // its pages stay allocated while this connection holds them
      const filler = fillDisk(dir);
      const input = { clientId: newId(), passId: pass, items: [{ itemId: tea, quantity: '1' }] };
      const refused = app.dispatch('counter.redeem', input);
      expect(refused).toMatchObject({ ok: false, error: { code: 'DATABASE', details: { reason: 'LEDGER_MOVED' } } });
      expect(refused.ok ? '' : refused.error.message).toMatch(/could not be written again in its place\. The disk is full/);
      // quitting now would lose it all (only the deleted file this connection holds has it): every screen says so
      expect(problems(app)).toEqual([expect.objectContaining({ work: 'ledger', message: expect.stringMatching(/in its place\. The disk is full\. Free some space on this computer, then try again\. Do not quit Passbook before it is back/) })]);
      // a copy cut short at the ledger's name would read as another file put there (and as an empty ledger at the next start)
      expect(fs.existsSync(app.file)).toBe(false);
      expect(app.dispatch('counter.redeem', input).ok).toBe(false);
      // nor a copy cut short beside it (a .partial, a .rescued- one that could pass for the ledger)
      expect(fs.readdirSync(dir).filter((n) => (n === 'ledger.sqlite' || n.startsWith('ledger.sqlite.')) && !n.startsWith('ledger.sqlite.lock'))).toEqual([]);
      fs.rmSync(filler);
      expect(app.call('counter.redeem', input).balanceAfter).toBe('17');
      expect(problems(app)[0]?.message).toMatch(/^The ledger file was deleted or moved away while Passbook was running\. Passbook wrote it again in its place/);
      expect(afterRestart(app, pass)).toEqual({ redeemed: 2, balance: '17' });
    } finally {
      app?.close();
      unmount();
    }
  });
});

describe('the ledger\'s files gone on a full disk', () => {
  it.skipIf(!canMountTmpfs())('a -wal deleted while the disk is full: refused in words that say not to quit, and written into the ledger once there is room', () => {
    const { dir, unmount } = smallDisk('4m');
    let app: TestApp | undefined;
    try {
      app = tempApp({ file: path.join(dir, 'ledger.sqlite') });
      const tea = item(app, 'Tea', '1');
      const pass = sell(app, customer(app, 'Ann'), plan(app, { credits: '20', price: '40', validity: 'month' }));
      app.db.pragma('wal_checkpoint(TRUNCATE)');
      for (let i = 0; i < 30; i += 1) redeem(app, pass, tea, '0.5'); // only in the -wal
      fs.unlinkSync(`${app.file}-wal`);
      const filler = fillDisk(dir);
      const input = { clientId: newId(), passId: pass, items: [{ itemId: tea, quantity: '1' }] };
      const refused = app.dispatch('counter.redeem', input);
      expect(refused).toMatchObject({ ok: false, error: { code: 'DATABASE' } });
      expect(refused.ok ? '' : refused.error.message).toMatch(/-wal beside it\) was deleted while Passbook was running.*The disk is full.*Do not quit Passbook/);
      expect(problems(app)).toEqual([expect.objectContaining({ work: 'ledger', message: expect.stringMatching(/Do not quit Passbook/) })]);
      fs.rmSync(filler);
      expect(app.call('counter.redeem', input).balanceAfter).toBe('4');
      expect(problems(app)[0]?.message).toMatch(/^The ledger's journal file \(the -wal beside it\) was deleted while Passbook was running\. Nothing was lost/);
      expect(afterRestart(app, pass)).toEqual({ redeemed: 31, balance: '4' });
    } finally {
      app?.close();
      unmount();
    }
  });
});

describe('a ledger missing when Passbook starts', () => {
  const refusal = (file: string): PassbookError => {
    try { createApp(file).close(); } catch (e) { return e as PassbookError; }
    throw new Error('expected the start to be refused');
  };

  it('deleted while Passbook was closed: refused with what to do, and no new, empty ledger made in its place', async () => {
    const { app, tea, pass } = shop();
    const backup = await app.callAsync('backup.create', {}, app.owner);
    redeem(app, pass, tea, '2');
    const file = app.file;
    app.close();
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true }); // a cleaner, a sync tool, a hand
    const err = refusal(file);
    expect(err).toBeInstanceOf(PassbookError);
    expect(err.code).toBe('DATABASE');
    expect(err.details).toEqual({ reason: 'MISSING', newestBackup: backup.fileName });
    expect(err.message).toBe(`ledger.sqlite is not in its folder, yet it held the shop when Passbook last used it: it was moved, renamed or deleted while Passbook was closed. Passbook made no new, empty ledger in its place. Put the file back (look in the trash or recycle bin, or where it was moved to), or copy the newest backup, ${backup.fileName} in the backups folder beside it, to ledger.sqlite, then start Passbook again. To set up a new shop there instead, delete ledger.sqlite.lock beside it (it holds no sales).`);
    expect(fs.existsSync(file)).toBe(false);
    // a second start says the same (no crash, nothing made by the first)
    expect(refusal(file).details).toMatchObject({ reason: 'MISSING' });
    // the newest backup put in its place, as the words say: the shop is back as it was then
    fs.copyFileSync(path.join(path.dirname(file), 'backups', backup.fileName), file);
    const back = createApp(file, { clock: app.clock });
    expect(back.call('shop.status', {}).setUp).toBe(true);
    expect(back.call('passes.get', { passId: pass }).balance).toBe('19');
    back.close();
  });

  it('emptied (0 bytes): refused the same way, and the file left as it is', () => {
    const { app } = shop();
    const file = app.file;
    app.close();
    for (const ext of ['-wal', '-shm']) fs.rmSync(file + ext, { force: true });
    fs.truncateSync(file, 0);
    const err = refusal(file);
    expect(err.details).toEqual({ reason: 'MISSING' });
    expect(err.message).toMatch(/^ledger\.sqlite is empty, yet it held the shop when Passbook last used it/);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('a shop set up in this run, then the file deleted: the lock file already knows, before any restart', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const app = tempApp({ file });
    app.close();
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(file + ext, { force: true });
    expect(refusal(file).details).toEqual({ reason: 'MISSING' });
  });

  it('no shop was ever set up in it, or its lock file was deleted on purpose: a new ledger is made, as on a first start', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    createApp(file).close(); // opened, never set up
    fs.rmSync(file);
    const fresh = createApp(file);
    expect(fresh.call('shop.status', {}).setUp).toBe(false);
    fresh.close();
    const { app } = shop();
    app.close();
    for (const ext of ['', '-wal', '-shm', '.lock', '.lock-journal']) fs.rmSync(app.file + ext, { force: true });
    const anew = createApp(app.file);
    expect(anew.call('shop.status', {}).setUp).toBe(false);
    anew.close();
  });
});
