import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { codeOf, newId, ownerSession, tempApp, tempDir } from '../../test/support/tempApp';
import { createApp, type PassbookApp } from '../app';
import type { CallerState } from '../api/dispatch';
import { backupFileName } from './files';
import { backupToCopy, pruneBackups } from './backup';
import { fileURLToPath } from 'node:url';
import { loadMigrations, openLedger } from '../db/open';
import { schemaDifferences } from '../db/schema';
import { migrationsUpTo } from '../../test/support/olderSchema';
import { runDailyBackup } from './daily';

async function callAsync(app: PassbookApp, name: string, input: unknown, caller: CallerState) {
  const r = await app.dispatchAsync(name, input, caller);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.value as Record<string, unknown>;
}

const dump = (app: PassbookApp) =>
  JSON.stringify({
    shop: app.db.prepare('SELECT name, receipt_footer FROM shop').all(),
    // a restored ledger is the backup plus the record of the restore request itself
    ops: app.db.prepare("SELECT client_id, method, result FROM operations WHERE method <> 'backup.restore' ORDER BY client_id").all(),
  });

describe('backup and restore', () => {
  it('backup -> change -> restore brings back exactly the backed-up ledger, after a safety backup', async () => {
    const app = tempApp();
    app.call('shop.update', { clientId: newId(), receiptFooter: 'before' }, app.owner);
    const before = dump(app);
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    expect(b.fileName).toMatch(/^passbook-\d{8}-\d{6}\.sqlite$/);
    expect(b.bytes).toBeGreaterThan(0);
    // a rollback-journal file, not WAL (header bytes 18 and 19): read without writing a -shm beside it, so a backup on a
    // full disk or a read-only stick can still be looked at and restored
    const header = fs.readFileSync(path.join(app.ledger.backupsDir, String(b.fileName))).subarray(18, 20);
    expect([...header]).toEqual([1, 1]);
    expect(app.db.pragma('journal_mode', { simple: true })).toBe('wal'); // the ledger itself keeps WAL

    app.clockControl.advance(60_000);
    app.call('shop.update', { clientId: newId(), receiptFooter: 'after' }, app.owner);
    expect(dump(app)).not.toBe(before);

    const preview = await callAsync(app, 'backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner);
    expect(preview).toMatchObject({ shopName: 'Test Shop', currency: 'USD' });

    const r = await callAsync(app, 'backup.restore', { clientId: newId(), source: 'backups', fileName: b.fileName }, app.owner);
    expect(r.restoredFrom).toBe(b.fileName);
    expect(dump(app)).toBe(before);
    expect(app.db.pragma('quick_check', { simple: true })).toBe('ok');
    // the owner session ended with the restore
    expect(app.dispatch('shop.update', { clientId: newId(), name: 'x' }, app.owner).ok).toBe(false);
    // the safety backup holds the state just before the restore
    const safety = new Database(path.join(app.ledger.backupsDir, (r.safetyBackup as { fileName: string }).fileName), { readonly: true });
    expect((safety.prepare('SELECT receipt_footer FROM shop').get() as { receipt_footer: string }).receipt_footer).toBe('after');
    safety.close();
  });

  it('a restore retried with its clientId answers from the restored ledger and restores nothing again', async () => {
    const app = tempApp();
    app.call('shop.update', { clientId: newId(), receiptFooter: 'backed up' }, app.owner);
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    app.clockControl.advance(60_000);
    const clientId = newId();
    const first = await callAsync(app, 'backup.restore', { clientId, source: 'backups', fileName: b.fileName }, app.owner);
    // the restored ledger carries the request, in the same file that arrived
    expect(app.db.prepare('SELECT method FROM operations WHERE client_id = ?').get(clientId.toUpperCase())).toEqual({ method: 'backup.restore' });
    // the shop goes on: a change after the restore, by the owner who unlocked the restored shop
    app.owner = ownerSession(app, '2468');
    app.clockControl.advance(60_000);
    app.call('shop.update', { clientId: newId(), receiptFooter: 'after the restore' }, app.owner);
    const backups = fs.readdirSync(app.ledger.backupsDir).sort();
    // the answer was lost and the owner presses Restore again: same request, same answer, nothing restored
    const again = await callAsync(app, 'backup.restore', { clientId, source: 'backups', fileName: b.fileName }, app.owner);
    expect(again).toEqual(first);
    expect((app.db.prepare('SELECT receipt_footer FROM shop').get() as { receipt_footer: string }).receipt_footer).toBe('after the restore');
    expect(fs.readdirSync(app.ledger.backupsDir).sort()).toEqual(backups); // no second safety backup
    // the same id for another file is a different request
    const other = await callAsync(app, 'backup.create', {}, app.owner);
    const conflict = await app.dispatchAsync('backup.restore', { clientId, source: 'backups', fileName: other.fileName }, app.owner);
    expect(conflict.ok ? 'OK' : conflict.error.code).toBe('CONFLICT');
    expect((app.db.prepare('SELECT receipt_footer FROM shop').get() as { receipt_footer: string }).receipt_footer).toBe('after the restore');
    expect(fs.readdirSync(path.dirname(app.file)).filter((f) => f.includes('.restoring'))).toEqual([]);
  });

  it("a restore brings back the backup's books but keeps the PIN and recovery code the shop has now", async () => {
    const app = tempApp();
    const first = 'ABCDE-FGHJK-MNPQR-STVWX', second = '23456-789AB-CDEFG-HJKMN';
    app.call('owner.makeRecoveryCode', { clientId: newId(), currentPin: '2468', recoveryCode: first }, app.owner);
    app.call('shop.update', { clientId: newId(), receiptFooter: 'backed up' }, app.owner);
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    // after the backup: the PIN forgotten and set again with the code, a new code made, the PIN changed once more
    app.clockControl.advance(60_000);
    expect(app.call('owner.recover', { clientId: newId(), recoveryCode: first, newPin: '1357' })).toEqual({ changed: true });
    app.owner = ownerSession(app, '1357');
    app.call('owner.makeRecoveryCode', { clientId: newId(), currentPin: '1357', recoveryCode: second }, app.owner);
    app.call('owner.changePin', { clientId: newId(), currentPin: '1357', newPin: '8642' }, app.owner);
    app.call('shop.update', { clientId: newId(), receiptFooter: 'after' }, app.owner);
    const keysNow = app.db.prepare('SELECT pin_hash, recovery_hash, recovery_made_at, recovery_used_at FROM shop').get();

    await callAsync(app, 'backup.restore', { clientId: newId(), source: 'backups', fileName: b.fileName }, app.owner);
    // the books are the backup's
    expect((app.db.prepare('SELECT receipt_footer FROM shop').get() as { receipt_footer: string }).receipt_footer).toBe('backed up');
    // the keys are today's: the PIN of the backup (2468) and the one used before the last change (1357) are wrong
    expect(app.db.prepare('SELECT pin_hash, recovery_hash, recovery_made_at, recovery_used_at FROM shop').get()).toEqual(keysNow);
    const wrong = app.dispatch('owner.unlock', { pin: '2468' });
    expect(wrong.ok ? 'OK' : wrong.error.code).toBe('FORBIDDEN');
    app.owner = ownerSession(app, '8642');
    expect(app.call('shop.status', {}, app.owner)).toMatchObject({ recoveryCode: { madeAt: expect.any(String), usedAt: null } });
    // the backup's code was used before the restore and stays used: only the code made since works
    const used = app.dispatch('owner.recover', { clientId: newId(), recoveryCode: first, newPin: '9999' });
    expect(used.ok ? 'OK' : used.error.code).toBe('FORBIDDEN');
    expect(app.call('owner.recover', { clientId: newId(), recoveryCode: second, newPin: '9999' })).toEqual({ changed: true });
  });

  it("over the demo shop, whose PIN is public, a restore brings the backup's own PIN", async () => {
    const old = tempApp();
    old.call('owner.changePin', { clientId: newId(), currentPin: '2468', newPin: '1357' }, old.owner);
    const b = await callAsync(old, 'backup.create', {}, old.owner);
    const demo = tempApp({ setup: false });
    demo.call('shop.loadDemo', { clientId: newId() });
    demo.owner = ownerSession(demo, '1234');
    fs.mkdirSync(demo.ledger.incomingDir, { recursive: true });
    fs.copyFileSync(path.join(old.ledger.backupsDir, String(b.fileName)), path.join(demo.ledger.incomingDir, 'mine.sqlite'));
    expect(await callAsync(demo, 'backup.inspect', { source: 'incoming', fileName: 'mine.sqlite' }, demo.owner)).toMatchObject({ shopName: 'Test Shop', keepsPin: false });
    expect(await callAsync(old, 'backup.inspect', { source: 'backups', fileName: b.fileName }, old.owner)).toMatchObject({ keepsPin: true });
    await callAsync(demo, 'backup.restore', { clientId: newId(), source: 'incoming', fileName: 'mine.sqlite' }, demo.owner);
    const demoPin = demo.dispatch('owner.unlock', { pin: '1234' });
    expect(demoPin.ok ? 'OK' : demoPin.error.code).toBe('FORBIDDEN');
    ownerSession(demo, '1357');
    old.close(); demo.close();
  });

  it('a demo whose PIN was changed keeps it like any shop; so does a shop after a demo backup was restored over it by mistake', async () => {
    const demo = tempApp({ setup: false });
    demo.call('shop.loadDemo', { clientId: newId() });
    demo.owner = ownerSession(demo, '1234');
    const demoBackup = await callAsync(demo, 'backup.create', {}, demo.owner);
    demo.call('owner.changePin', { clientId: newId(), currentPin: '1234', newPin: '8642' }, demo.owner);
    expect(await callAsync(demo, 'backup.inspect', { source: 'backups', fileName: demoBackup.fileName }, demo.owner)).toMatchObject({ keepsPin: true });
    await callAsync(demo, 'backup.restore', { clientId: newId(), source: 'backups', fileName: demoBackup.fileName }, demo.owner);
    expect(codeOf(demo, 'owner.unlock', { pin: '1234' })).toBe('FORBIDDEN'); // the public PIN does not come back
    ownerSession(demo, '8642');

    // a real shop (PIN 9753) restores the demo's backup by mistake, then its own: 9753 throughout
    const shop = tempApp();
    shop.call('owner.changePin', { clientId: newId(), currentPin: '2468', newPin: '9753' }, shop.owner);
    const own = await callAsync(shop, 'backup.create', {}, shop.owner);
    fs.mkdirSync(shop.ledger.incomingDir, { recursive: true });
    fs.copyFileSync(path.join(demo.ledger.backupsDir, String(demoBackup.fileName)), path.join(shop.ledger.incomingDir, 'demo.sqlite'));
    await callAsync(shop, 'backup.restore', { clientId: newId(), source: 'incoming', fileName: 'demo.sqlite' }, shop.owner);
    shop.owner = ownerSession(shop, '9753');
    expect(await callAsync(shop, 'backup.inspect', { source: 'backups', fileName: own.fileName }, shop.owner)).toMatchObject({ keepsPin: true });
    await callAsync(shop, 'backup.restore', { clientId: newId(), source: 'backups', fileName: own.fileName }, shop.owner);
    expect(shop.call('shop.status', {}).shop?.name).toBe('Test Shop');
    ownerSession(shop, '9753');
    demo.close(); shop.close();
  });

  it("a restored ledger's last activity is its last change, not the restore that brought it back", async () => {
    const app = tempApp();
    app.call('shop.update', { clientId: newId(), receiptFooter: 'backed up' }, app.owner);
    const changedAt = app.clockControl.now();
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    app.clockControl.advance(120_000);
    await callAsync(app, 'backup.restore', { clientId: newId(), source: 'backups', fileName: b.fileName }, app.owner);
    app.owner = ownerSession(app, '2468');
    const again = await callAsync(app, 'backup.create', {}, app.owner);
    const preview = await callAsync(app, 'backup.inspect', { source: 'backups', fileName: again.fileName }, app.owner);
    expect(preview.lastActivityAt).toBe(new Date(changedAt).toISOString());
  });

  it('a restore that is refused records nothing: the same clientId may try again', async () => {
    const app = tempApp();
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    const name = 'later.sqlite';
    fs.writeFileSync(path.join(app.ledger.incomingDir, name), 'not yet a ledger');
    const clientId = newId();
    const refused = await app.dispatchAsync('backup.restore', { clientId, source: 'incoming', fileName: name }, app.owner);
    expect(refused.ok ? 'OK' : refused.error.code).toBe('VALIDATION');
    expect(app.db.prepare('SELECT count(*) AS n FROM operations WHERE client_id = ?').get(clientId.toUpperCase())).toEqual({ n: 0 });
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    fs.copyFileSync(path.join(app.ledger.backupsDir, b.fileName as string), path.join(app.ledger.incomingDir, name));
    const r = await callAsync(app, 'backup.restore', { clientId, source: 'incoming', fileName: name }, app.owner);
    expect(r.restoredFrom).toBe(name);
  });

  it('a restore under a clientId the backup already holds is CONFLICT, before any safety backup is written', async () => {
    const app = tempApp();
    const b0 = await callAsync(app, 'backup.create', {}, app.owner);
    const k = newId();
    app.call('customers.create', { clientId: k, name: 'Ann' });
    const b1 = await callAsync(app, 'backup.create', {}, app.owner);
    await callAsync(app, 'backup.restore', { clientId: newId(), source: 'backups', fileName: b0.fileName }, app.owner);
    const owner = ownerSession(app, '2468');
    const files = fs.readdirSync(app.ledger.backupsDir).sort();
    const before = dump(app);
    const r = await app.dispatchAsync('backup.restore', { clientId: k, source: 'backups', fileName: b1.fileName }, owner);
    expect(r.ok ? 'OK' : r.error.code).toBe('CONFLICT'); // was DATABASE (the backup's own record of k), with a safety copy left behind
    expect(fs.readdirSync(app.ledger.backupsDir).sort()).toEqual(files);
    expect(dump(app)).toBe(before);
  });

  it('the restore preview says what the ledger open now holds that is newer than the backup', async () => {
    const app = tempApp();
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    const empty = await callAsync(app, 'backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner);
    expect(empty.newerHere).toMatchObject({ customers: 0, passesSold: 0, redemptions: 0, corrections: 0, closes: 0, moneyIn: '0.00' });
    app.clockControl.advance(60_000);
    const plan = app.call('plans.save', { clientId: newId(), name: 'Ten', credits: '10', price: '20', validity: 'none' }, app.owner);
    const c = app.call('customers.create', { clientId: newId(), name: 'After' });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    const item = app.call('items.save', { clientId: newId(), name: 'Tea', usageUnit: 'cup', rate: '1', cashPrice: '2' }, app.owner);
    app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: item.id, quantity: '1' }] });
    const r = app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: item.id, quantity: '1' }] });
    app.call('counter.undo', { clientId: newId(), redemptionId: r.redemptionId });
    app.call('passes.adjust', { clientId: newId(), passId: pass.id, credits: '-3', reason: 'write-off' }, app.owner);
    const p = await callAsync(app, 'backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner);
    expect(p.newerHere).toEqual({ customers: 1, passesSold: 1, balancesBroughtOver: 0, redemptions: 2, corrections: 2, closes: 0, cardsReplaced: 0, customersForgotten: 0, cashSales: 0, gifts: 0, moneyIn: '20.00', lastActivityAt: app.clock.now().toISOString() });
    // a gift of free credits since is counted (no money: nothing in the till says it happened)
    app.call('passes.givePromo', { clientId: newId(), passId: pass.id, credits: '1', reason: 'Birthday' }, app.owner);
    expect((await callAsync(app, 'backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner)).newerHere).toMatchObject({ gifts: 1, corrections: 2, moneyIn: '20.00' });
    // a card replaced since the backup: restoring would make the lost card work again, so the preview says so
    app.call('customers.replaceCard', { clientId: newId(), id: c.id, reason: 'lost' });
    app.call('customers.replaceCard', { clientId: newId(), id: c.id, reason: 'damaged' });
    expect((await callAsync(app, 'backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner)).newerHere).toMatchObject({ cardsReplaced: 2 });
    // a customer forgotten since: the backup still holds who they were, so the preview says restoring brings it back
    const gone = app.call('customers.create', { clientId: newId(), name: 'Zebulon Quartermaine' });
    app.call('customers.forget', { clientId: newId(), id: gone.id, reason: 'Asked' }, app.owner);
    expect((await callAsync(app, 'backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner)).newerHere).toMatchObject({ customersForgotten: 1, customers: 2 });
    // two sales without a pass since, one of them undone: both are counted, and only the money still taken
    app.call('counter.cashSale', { clientId: newId(), items: [{ itemId: item.id, quantity: '3' }], paymentMethod: 'card' });
    const walkIn = app.call('counter.cashSale', { clientId: newId(), items: [{ itemId: item.id, quantity: '1' }], paymentMethod: 'cash' });
    app.call('counter.undoCashSale', { clientId: newId(), saleId: walkIn.saleId });
    expect((await callAsync(app, 'backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner)).newerHere).toMatchObject({ cashSales: 2, moneyIn: '26.00' });
    // a write dated at the backup's own last instant (a clock a little behind) is still newer than the backup
    const again = await callAsync(app, 'backup.create', {}, app.owner);
    app.clockControl.advance(-120_000);
    app.call('customers.create', { clientId: newId(), name: 'Behind' });
    const q = await callAsync(app, 'backup.inspect', { source: 'backups', fileName: again.fileName }, app.owner);
    expect(q.newerHere).toMatchObject({ customers: 1, passesSold: 0 });
  });

  it('a ledger whose tables are not its version\'s is refused at the preview and at restore, before any copy, and the shop goes on on its own file', async () => {
    const app = tempApp();
    app.call('shop.update', { clientId: newId(), receiptFooter: 'live' }, app.owner);
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    // a ledger that says it is schema 2 but holds every later table: migrating it would fail (its tables exist).
    // Before, only the restore found out (UNUSABLE, after copying it); the preview showed it as a good backup.
    const broken = path.join(app.ledger.incomingDir, 'older.sqlite');
    fs.copyFileSync(path.join(app.ledger.backupsDir, b.fileName as string), broken);
    const w = new Database(broken);
    w.pragma('user_version = 2');
    w.close();
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBefore = fs.readFileSync(app.file);
    for (const m of ['backup.inspect', 'backup.restore']) {
      const r = await app.dispatchAsync(m, { ...(m === 'backup.restore' ? { clientId: newId() } : {}), source: 'incoming', fileName: 'older.sqlite' }, app.owner);
      expect(r.ok ? null : r.error, m).toMatchObject({ code: 'VALIDATION', details: { reason: 'ALTERED' } });
      // later migrations' tables, and tables as later migrations changed them
      expect(r.ok ? [] : (r.error.details as { extra: string[] }).extra, m).toEqual(expect.arrayContaining(['table period_close_runs', 'index customers_sort_key', 'table customers']));
      expect(r.ok ? '' : r.error.message, m).toMatch(/^That file's tables or rules are not a Passbook ledger's: someone changed it by hand \(no .+, and \d+ more\)\. Nothing was restored\.$/);
    }
    expect(fs.readFileSync(app.file).equals(fileBefore)).toBe(true);
    // the owner is still in, and the shop still writes
    app.call('shop.update', { clientId: newId(), receiptFooter: 'still live' }, app.owner);
    expect(fs.readdirSync(path.dirname(app.file)).filter((f) => f.includes('.restoring') || f.endsWith('.bak'))).toEqual([]);
  });

  it('a real ledger of an earlier Passbook passes the preview, and restores brought up to this schema', async () => {
    const dir = tempDir();
    const older = createApp(path.join(dir, 'old.sqlite'), { migrationsDir: migrationsUpTo(dir, 5) });
    older.dispatch('shop.setup', { clientId: newId(), name: 'Old Shop', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    older.db.pragma('wal_checkpoint(TRUNCATE)');
    older.close();
    const app = tempApp();
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    fs.copyFileSync(path.join(dir, 'old.sqlite'), path.join(app.ledger.incomingDir, 'old.sqlite'));
    const preview = await callAsync(app, 'backup.inspect', { source: 'incoming', fileName: 'old.sqlite' }, app.owner);
    expect(preview).toMatchObject({ shopName: 'Old Shop', schemaVersion: 5 });
    // it has no card_replacements table yet: every card replaced here is newer than it
    expect(preview.newerHere).toMatchObject({ cardsReplaced: 0 });
    const c = app.call('customers.create', { clientId: newId(), name: 'Lost Card' });
    app.call('customers.replaceCard', { clientId: newId(), id: c.id, reason: 'stolen' });
    expect((await callAsync(app, 'backup.inspect', { source: 'incoming', fileName: 'old.sqlite' }, app.owner)).newerHere).toMatchObject({ cardsReplaced: 1 });
    // with one of its own rules dropped, a copy of it is refused at the preview
    fs.copyFileSync(path.join(dir, 'old.sqlite'), path.join(app.ledger.incomingDir, 'edited.sqlite'));
    const w = new Database(path.join(app.ledger.incomingDir, 'edited.sqlite'));
    w.exec('DROP TRIGGER lots_no_delete');
    w.close();
    const r = await app.dispatchAsync('backup.inspect', { source: 'incoming', fileName: 'edited.sqlite' }, app.owner);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'VALIDATION', details: { reason: 'ALTERED', missing: ['trigger lots_no_delete'], extra: [] } });
    // the untouched one restores, brought up to this Passbook's schema
    await callAsync(app, 'backup.restore', { clientId: newId(), source: 'incoming', fileName: 'old.sqlite' }, app.owner);
    expect(app.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(schemaDifferences(app.db)).toEqual({ extra: [], missing: [] });
    expect((app.db.prepare('SELECT name FROM shop').get() as { name: string }).name).toBe('Old Shop');
  });

  it('a backup whose rules were changed by hand (append-only triggers dropped, a trigger added) is never restored', async () => {
    const app = tempApp();
    app.call('shop.update', { clientId: newId(), receiptFooter: 'live' }, app.owner);
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    const edited = path.join(app.ledger.incomingDir, 'from-a-stranger.sqlite');
    fs.copyFileSync(path.join(app.ledger.backupsDir, b.fileName as string), edited);
    const w = new Database(edited);
    w.exec(`DROP TRIGGER redemptions_no_delete;
      CREATE TRIGGER zz_backdoor AFTER INSERT ON redemptions BEGIN UPDATE shop SET pin_hash = 'x' WHERE id = 1; END;`);
    w.close();
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBefore = fs.readFileSync(app.file);
    const r = await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'incoming', fileName: 'from-a-stranger.sqlite' }, app.owner);
    expect(r.ok ? null : r.error).toMatchObject({
      code: 'VALIDATION', details: { reason: 'ALTERED', missing: ['trigger redemptions_no_delete'], extra: ['trigger zz_backdoor'] },
    });
    expect(r.ok ? '' : r.error.message).toBe("That file's tables or rules are not a Passbook ledger's: someone changed it by hand (no trigger redemptions_no_delete, an added trigger zz_backdoor). Nothing was restored.");
    expect(fs.readFileSync(app.file).equals(fileBefore)).toBe(true);
    // an untouched backup of the same shop still restores
    expect((await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: b.fileName as string }, app.owner)).ok).toBe(true);
  });

  it('a backup with rows written by hand that point at nothing (foreign keys off) is refused at the preview and at restore', async () => {
    const app = tempApp();
    const plan = app.call('plans.save', { clientId: newId(), name: 'Ten', credits: '10', price: '20', validity: 'none' }, app.owner);
    const c = app.call('customers.create', { clientId: newId(), name: 'Ann' });
    app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    const edited = path.join(app.ledger.incomingDir, 'orphans.sqlite');
    fs.copyFileSync(path.join(app.ledger.backupsDir, b.fileName as string), edited);
    // its integrity check passes (quick_check follows no references) and its tables and rules are a ledger's own
    const w = new Database(edited);
    w.pragma('foreign_keys = OFF');
    w.prepare(`INSERT INTO card_replacements (customer_id, old_code, new_code, reason, replaced_at) VALUES (999, 'OLD1', 'NEW1', 'lost', 0)`).run();
    w.prepare(`INSERT INTO card_replacements (customer_id, old_code, new_code, reason, replaced_at) VALUES (998, 'OLD2', 'NEW2', 'lost', 0)`).run();
    expect(w.pragma('quick_check', { simple: true })).toBe('ok');
    w.close();
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBefore = fs.readFileSync(app.file);
    const backupsBefore = fs.readdirSync(app.ledger.backupsDir).sort();
    for (const m of ['backup.inspect', 'backup.restore']) {
      const r = await app.dispatchAsync(m, { ...(m === 'backup.restore' ? { clientId: newId() } : {}), source: 'incoming', fileName: 'orphans.sqlite' }, app.owner);
      expect(r.ok ? null : r.error, m).toMatchObject({
        code: 'VALIDATION', details: { reason: 'BROKEN_LINKS', count: 2, examples: [expect.stringMatching(/^card_replacements row \d+ → customers$/), expect.any(String)] },
      });
      expect(r.ok ? '' : r.error.message, m).toMatch(/^That file's rows point at rows it does not hold \(2 broken links: card_replacements row \d+ → customers, card_replacements row \d+ → customers\): someone changed it by hand\. Nothing was restored\.$/);
    }
    // no safety backup was made, and the shop's file is as it was
    expect(fs.readdirSync(app.ledger.backupsDir).sort()).toEqual(backupsBefore);
    expect(fs.readFileSync(app.file).equals(fileBefore)).toBe(true);
    // the backup it was made from still restores
    expect((await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: b.fileName as string }, app.owner)).ok).toBe(true);
  });

  it('a ledger from every older schema, brought up to date, has exactly the rules of a new one', () => {
    const dir = tempDir();
    const versions = fs.readdirSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../db/migrations')).filter((f) => /^\d{3}_/.test(f)).length;
    for (let v = 1; v < versions; v += 1) {
      const file = path.join(dir, `v${v}.sqlite`);
      openLedger(file, { migrationsDir: migrationsUpTo(dir, v) }).close();
      const db = openLedger(file, { backupBeforeMigrate: false });
      expect(schemaDifferences(db), `from schema ${v}`).toEqual({ extra: [], missing: [] });
      db.close();
    }
  });

  it('a file marked as a Passbook ledger without its tables is refused as not a ledger (not a database error)', async () => {
    const app = tempApp();
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    const fake = new Database(path.join(app.ledger.incomingDir, 'fake.sqlite'));
    fake.pragma(`application_id = ${0x50424b31}`);
    fake.pragma('user_version = 1');
    fake.exec('CREATE TABLE t (x)');
    fake.close();
    for (const m of ['backup.inspect', 'backup.restore']) {
      const r = await app.dispatchAsync(m, { ...(m === 'backup.restore' ? { clientId: newId() } : {}), source: 'incoming', fileName: 'fake.sqlite' }, app.owner);
      expect(r.ok ? null : r.error, m).toMatchObject({ code: 'VALIDATION', details: { reason: 'FOREIGN' } });
    }
  });

  it('refuses a plain SQLite file, one from a newer Passbook and a ledger with only a rule dropped, at preview and at restore', async () => {
    const app = tempApp();
    app.call('shop.update', { clientId: newId(), receiptFooter: 'live' }, app.owner);
    const b = await callAsync(app, 'backup.create', {}, app.owner);
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    const incoming = (name: string) => path.join(app.ledger.incomingDir, name);
    // another program's database: no Passbook mark, no Passbook tables
    const other = new Database(incoming('other.sqlite'));
    other.exec('CREATE TABLE t (x)');
    other.close();
    // a Passbook backup with the append-only guard of redemptions dropped, and nothing added
    fs.copyFileSync(path.join(app.ledger.backupsDir, b.fileName as string), incoming('unguarded.sqlite'));
    const w = new Database(incoming('unguarded.sqlite'));
    w.exec('DROP TRIGGER redemptions_no_delete');
    w.close();
    // a Passbook backup from a version that knows more migrations than this one
    fs.copyFileSync(path.join(app.ledger.backupsDir, b.fileName as string), incoming('newer.sqlite'));
    const n = new Database(incoming('newer.sqlite'));
    n.pragma(`user_version = ${loadMigrations().length + 1}`);
    n.close();
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBefore = fs.readFileSync(app.file);
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['other.sqlite', { reason: 'FOREIGN' }, /not a Passbook ledger/],
      ['unguarded.sqlite', { reason: 'ALTERED', missing: ['trigger redemptions_no_delete'], extra: [] }, /no trigger redemptions_no_delete/],
      ['newer.sqlite', { reason: 'NEWER_SCHEMA' }, /newer Passbook/],
    ];
    for (const [fileName, details, words] of cases) {
      // the preview holds a file to its own version's rules, as the restore does: it says what the restore would say
      for (const m of ['backup.inspect', 'backup.restore']) {
        const r = await app.dispatchAsync(m, { ...(m === 'backup.restore' ? { clientId: newId() } : {}), source: 'incoming', fileName }, app.owner);
        expect(r.ok ? null : r.error, `${m} ${fileName}`).toMatchObject({ code: 'VALIDATION', details });
        expect(r.ok ? '' : r.error.message, `${m} ${fileName}`).toMatch(words);
      }
    }
    expect(fs.readFileSync(app.file).equals(fileBefore)).toBe(true);
  });

  it('keeps a backup exactly the kept number of days old; the one a day older goes', () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    fs.mkdirSync(app.ledger.backupsDir, { recursive: true });
    for (const d of ['2026-02-14T12:00:00Z', '2026-02-15T12:00:00Z', ...[20, 21, 22, 23, 24, 25, 26].map((day) => `2026-02-${day}T12:00:00Z`)]) {
      fs.writeFileSync(path.join(app.ledger.backupsDir, backupFileName(new Date(d))), 'x');
    }
    // 14 days before 1 March 12:00 is 15 February 12:00: that one stays, 14 February's goes
    expect(pruneBackups(app.ledger, app.clock.now(), 14)).toEqual([backupFileName(new Date('2026-02-14T12:00:00Z'))]);
  });

  it('refuses a non-Passbook file, a corrupt file and a path, leaving the current ledger untouched', async () => {
    const app = tempApp();
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    const foreign = new Database(path.join(app.ledger.incomingDir, 'other.sqlite'));
    foreign.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    foreign.close();
    fs.writeFileSync(path.join(app.ledger.incomingDir, 'notes.sqlite'), 'these are not the droids');
    const good = await callAsync(app, 'backup.create', {}, app.owner);
    const corrupt = path.join(app.ledger.incomingDir, 'corrupt.sqlite');
    const bytes = fs.readFileSync(path.join(app.ledger.backupsDir, good.fileName as string));
    for (let i = 4096; i < bytes.length; i += 97) bytes[i] = 0xff; // scribble over every page after the header
    fs.writeFileSync(corrupt, bytes);

    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const fileBefore = fs.readFileSync(app.file);
    for (const fileName of ['other.sqlite', 'notes.sqlite', 'corrupt.sqlite']) {
      const r = await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'incoming', fileName }, app.owner);
      expect(r.ok, fileName).toBe(false);
      if (!r.ok) {
        expect(['VALIDATION', 'DATABASE']).toContain(r.error.code);
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
    const traversal = await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'incoming', fileName: '../ledger.sqlite' }, app.owner);
    expect(traversal.ok).toBe(false);
    expect(fs.readFileSync(app.file).equals(fileBefore)).toBe(true);
    expect(app.call('shop.status', {}).shop?.name).toBe('Test Shop');
  });

  it('needs the owner session', async () => {
    const app = tempApp();
    const r = await app.dispatchAsync('backup.create', {}, {});
    expect(r.ok ? 'OK' : r.error.code).toBe('FORBIDDEN');
  });

  it('makes one automatic backup a day and keeps N days', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    expect(await runDailyBackup(app)).toMatch(/^passbook-20260301/);
    expect(await runDailyBackup(app)).toBeNull();
    fs.writeFileSync(path.join(app.ledger.backupsDir, backupFileName(new Date('2026-01-01T00:00:00Z'))), 'old');
    // the newest seven always stay, whatever their age: with two backups nothing goes
    expect(pruneBackups(app.ledger, app.clock.now(), 14)).toEqual([]);
    for (let d = 1; d <= 7; d += 1) fs.writeFileSync(path.join(app.ledger.backupsDir, backupFileName(new Date(`2026-02-0${d}T00:00:00Z`))), 'x');
    // now nine: the two beyond the newest seven that are over 14 days old go (Jan 1 and Feb 1), newest first kept
    expect(pruneBackups(app.ledger, app.clock.now(), 14).sort()).toEqual(['passbook-20260101-000000.sqlite', 'passbook-20260201-000000.sqlite']);
    // a clock that jumps a year ahead still leaves the newest seven
    expect(pruneBackups(app.ledger, new Date('2027-03-01T12:00:00Z'), 14)).toEqual([]);
    expect(fs.readdirSync(app.ledger.backupsDir)).toHaveLength(7);
  });

  it('looking inside a backup leaves the folder as it was, and a pruned backup takes its side files with it', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    const bk = await app.callAsync('backup.create', {}, app.owner);
    const file = path.join(app.ledger.backupsDir, bk.fileName);
    const bytes = fs.readFileSync(file);
    const listing = fs.readdirSync(app.ledger.backupsDir);
    // a backup keeps a rollback journal (an older Passbook's, in WAL mode, had SQLite open a -wal and a -shm beside it
    // even to read it): looking inside leaves nothing beside it either way
    expect(bytes[18]).toBe(1);
    await app.callAsync('backup.inspect', { source: 'backups', fileName: bk.fileName }, app.owner);
    expect(fs.readdirSync(app.ledger.backupsDir)).toEqual(listing);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // side files left by an older Passbook go with their backup when it is pruned
    const old = path.join(app.ledger.backupsDir, backupFileName(new Date('2026-01-01T00:00:00Z')));
    for (const ext of ['', '-wal', '-shm']) fs.writeFileSync(old + ext, '');
    for (let d = 1; d <= 7; d += 1) fs.writeFileSync(path.join(app.ledger.backupsDir, backupFileName(new Date(`2026-02-0${d}T00:00:00Z`))), 'x');
    expect(pruneBackups(app.ledger, app.clock.now(), 14)).toContain('passbook-20260101-000000.sqlite');
    expect(fs.readdirSync(app.ledger.backupsDir).filter((f) => f.startsWith('passbook-20260101'))).toEqual([]);
  });

  it('what interrupted work left is tidied when the ledger opens; whole backups are never touched', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    const b = await app.callAsync('backup.create', {}, app.owner);
    const file = app.file;
    app.close();
    const dir = path.dirname(file);
    // a process id that has ended: spawn a process and wait for it to exit
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const left = [
      path.join(app.ledger.backupsDir, `passbook-20260301-120001.sqlite.${gone}-0a1b2c3d.partial`),
      path.join(app.ledger.backupsDir, `passbook-20260301-120001.sqlite.${gone}-0a1b2c3d.partial-journal`),
      `${file}.restoring-1a2b3c4d`, `${file}.restoring-1a2b3c4d-wal`,
      `${file}.before-v9-1767225600000.bak.partial`,
      // a ledger deleted while running, being written back in its place (core/db/inPlace.ts), and a rescued copy
      `${file}.${gone}-0a1b2c3f.partial`, `${file}.rescued-2026-03-01T12-00-00-000Z.sqlite.${gone}-0a1b2c40.partial`,
      path.join(app.ledger.incomingDir, 'restore-20260301-120000.sqlite.part'),
      // an export a crash cut off
      path.join(app.ledger.exportsDir, `.passbook-journal-2026-03.csv.${gone}.part`),
    ];
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    fs.mkdirSync(app.ledger.exportsDir, { recursive: true });
    for (const f of left) fs.writeFileSync(f, 'cut short');
    const dayAgo = new Date(Date.now() - 2 * 86_400_000);
    fs.utimesSync(left[7]!, dayAgo, dayAgo); // an upload cut short two days ago
    const kept = [path.join(app.ledger.backupsDir, b.fileName), `${file}.before-v9-1767225600000.bak`, path.join(app.ledger.incomingDir, 'restore-20260301-120000.sqlite'),
      // another ledger in the same folder, open in a live process (this one), writing a backup and taking an upload
      path.join(app.ledger.backupsDir, `passbook-20260301-120002.sqlite.${process.pid}-0a1b2c3e.partial`),
      `${file}.${process.pid}-0a1b2c41.partial`,
      path.join(app.ledger.incomingDir, 'restore-20260301-120500.sqlite.part'),
      // an export being written by a live process, and a finished one
      path.join(app.ledger.exportsDir, `.passbook-journal-2026-03.csv.${process.pid}.part`), path.join(app.ledger.exportsDir, 'passbook-journal-2026-03.csv')];
    for (const f of kept.slice(1)) fs.writeFileSync(f, 'whole');
    const again = tempApp({ file, setup: false });
    for (const f of left) expect(fs.existsSync(f), f).toBe(false);
    for (const f of kept) expect(fs.existsSync(f), f).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.restoring-'))).toEqual([]);
    // the restore that was cut short is said: its owner never saw an answer
    expect(again.call('shop.status', {}).problems).toEqual([{ work: 'ledger', since: expect.any(String),
      message: 'A restore from a backup was cut short when Passbook last stopped. The ledger is as it was before it: nothing was restored. Restore again if it is still wanted.' }]);
    again.close();
    // said once: the next start has nothing to say
    const third = tempApp({ file, setup: false });
    expect(third.call('shop.status', {}).problems).toEqual([]);
    third.close();
  });

  it('two backups in the same second both succeed, under two names', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    const [a, b] = await Promise.all([app.callAsync('backup.create', {}, app.owner), app.callAsync('backup.create', {}, app.owner)]);
    expect(a.fileName).not.toBe(b.fileName);
    expect(fs.readdirSync(app.ledger.backupsDir).sort()).toEqual([a.fileName, b.fileName].sort());
  });

  it('a backup\'s copy for a USB stick is offered under the shop\'s local time; only backups are found, by name', async () => {
    // 02:30 UTC on March 1st is still February 28th, 21:30, in New York
    const app = tempApp({ start: '2026-03-01T02:30:00Z' });
    const [a, b] = await Promise.all([app.callAsync('backup.create', {}, app.owner), app.callAsync('backup.create', {}, app.owner)]);
    const names = [a.fileName as string, b.fileName as string].sort((x, y) => x.length - y.length);
    expect(names[0]).toBe('passbook-20260301-023000.sqlite');
    expect(names[1]).toMatch(/^passbook-20260301-023000-[a-z0-9]+\.sqlite$/);
    expect(backupToCopy(app.db, app.ledger, names[0]!)).toMatchObject({ copyName: 'passbook-backup-20260228-213000.sqlite', path: path.join(app.ledger.backupsDir, names[0]!) });
    // the second one of that second keeps its own name's ending
    expect(backupToCopy(app.db, app.ledger, names[1]!).copyName).toBe(`passbook-backup-20260228-213000${names[1]!.slice('passbook-20260301-023000'.length)}`);
    expect(() => backupToCopy(app.db, app.ledger, '../ledger.sqlite')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => backupToCopy(app.db, app.ledger, 'passbook-20260101-000000.sqlite')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => backupToCopy(app.db, app.ledger, path.basename(app.file))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a copy saved elsewhere is recorded; the list says when, and asks for one after a first week, then every 30 days', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    const made = await app.callAsync('backup.create', {}, app.owner);
    // the owner session does not last the weeks this test skips: a fresh one for each look
    const owner = () => ownerSession(app, '2468');
    const list = () => app.call('backup.list', {}, owner()).copies;
    // a new shop is left in peace for its first week
    expect(list()).toEqual({ lastAt: null, lastFileName: null, due: false });
    app.clockControl.advance(7 * 86_400_000 - 60_000);
    expect(list().due).toBe(false);
    app.clockControl.advance(60_000);
    expect(list()).toEqual({ lastAt: null, lastFileName: null, due: true });
    // only a backup's name is a copy; nothing is recorded for another
    const refused = app.dispatch('backup.copied', { clientId: newId(), fileName: 'passbook-20200101-000000.sqlite' }, owner());
    expect(refused.ok ? null : refused.error.code).toBe('NOT_FOUND');
    expect(app.dispatch('backup.copied', { clientId: newId(), fileName: made.fileName }).ok).toBe(false); // owner only
    expect(list().lastAt).toBeNull();
    const clientId = newId();
    const copied = app.call('backup.copied', { clientId, fileName: made.fileName }, owner());
    expect(copied).toEqual({ fileName: made.fileName, copiedAt: app.clock.now().toISOString() });
    expect(list()).toEqual({ lastAt: app.clock.now().toISOString(), lastFileName: made.fileName, due: false });
    expect(app.db.prepare('SELECT file_name, client_id FROM backup_copies').all()).toEqual([{ file_name: made.fileName, client_id: clientId.toUpperCase() }]);
    // the same request again is the first answer, not a second copy
    app.clockControl.advance(60_000);
    expect(app.call('backup.copied', { clientId, fileName: made.fileName }, owner())).toEqual(copied);
    expect(list().lastAt).toBe(copied.copiedAt);
    // a copy is not the shop's activity: a restore preview's "last activity" does not count it
    const preview = await app.callAsync('backup.inspect', { source: 'backups', fileName: made.fileName }, owner());
    expect((preview.newerHere as { lastActivityAt: string }).lastActivityAt).not.toBe(copied.copiedAt);
    app.clockControl.advance(30 * 86_400_000 - 120_000);
    expect(list().due).toBe(false);
    app.clockControl.advance(60_000);
    expect(list()).toMatchObject({ lastAt: copied.copiedAt, due: true });
  });

  it('a restore sent twice at once with one clientId (a double click) restores once and both get its answer', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    const made = await app.callAsync('backup.create', {}, app.owner);
    const before = fs.readdirSync(app.ledger.backupsDir).length;
    const clientId = newId();
    const input = { clientId, source: 'backups', fileName: made.fileName } as const;
    const [first, second] = await Promise.all([app.dispatchAsync('backup.restore', input, app.owner), app.dispatchAsync('backup.restore', input, app.owner)]);
    expect(first.ok && second.ok).toBe(true);
    expect(second).toEqual(first);
    expect(fs.readdirSync(app.ledger.backupsDir)).toHaveLength(before + 1); // one safety backup: one restore
    // the same id with another request while one runs is still a CONFLICT
    const [a, b] = await Promise.all([
      app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: made.fileName }, ownerSession(app, '2468')),
      app.dispatchAsync('backup.restore', { clientId, source: 'backups', fileName: 'passbook-20260301-120000-other.sqlite' }, ownerSession(app, '2468')),
    ]);
    expect(a.ok).toBe(true);
    expect(b.ok ? 'OK' : b.error.code).toBe('CONFLICT');
  });

  it('one restore at a time; a read-only backup becomes a writable ledger', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    const made = await app.callAsync('backup.create', {}, app.owner);
    fs.chmodSync(path.join(app.ledger.backupsDir, made.fileName), 0o444);
    const [first, second] = await Promise.all([
      app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: made.fileName }, app.owner),
      app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: made.fileName }, app.owner),
    ]);
    expect(first.ok).toBe(true);
    expect(second.ok ? 'OK' : second.error.code).toBe('CONFLICT');
    expect(fs.statSync(app.file).mode & 0o222).not.toBe(0);
    expect(fs.readdirSync(path.dirname(app.file)).filter((f) => f.includes('.restoring'))).toEqual([]);
  });

  it('a restore is refused while a backup is being written; the backup completes whole and the restore goes ahead after', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    const made = await app.callAsync('backup.create', {}, app.owner);
    app.clockControl.advance(5_000);
    const running = app.dispatchAsync('backup.create', {}, app.owner);
    const restore = await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: made.fileName }, app.owner);
    expect(restore.ok ? 'OK' : restore.error).toMatchObject({ code: 'CONFLICT', message: 'A backup or export is still being written. Restore once it has finished.' });
    const second = await running;
    expect(second.ok).toBe(true);
    const name = second.ok ? (second.value as { fileName: string }).fileName : '';
    const check = new Database(path.join(app.ledger.backupsDir, name), { readonly: true });
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    check.close();
    // once it has finished, the restore goes ahead
    const again = await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: made.fileName }, app.owner);
    expect(again.ok).toBe(true);
  });
});
