// A shop brought back from a backup on a computer where none is set up yet (a new or repaired one): the first screen
// offers it beside "Set up your shop", without a shop there is no owner PIN to ask for. Real files throughout.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../db/open';
import { codeOf, newId, ownerSession, tempApp, tempDir, type TestApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';

const CODE = 'ABCDE-FGHJK-MNPQR-STVWX';

/** The old computer's shop: Ann's pass with 17 drinks left, PIN 1357 and a recovery code; its newest backup. */
async function oldComputer() {
  const app = tempApp();
  const tea = item(app, 'Tea', '1');
  const pass = sell(app, customer(app, 'Ann'), plan(app, { credits: '20', price: '40', validity: 'month' }));
  redeem(app, pass, tea, '3');
  app.call('owner.changePin', { clientId: newId(), currentPin: '2468', newPin: '1357' }, app.owner);
  app.call('owner.makeRecoveryCode', { clientId: newId(), currentPin: '1357', recoveryCode: CODE }, app.owner);
  const b = await app.callAsync('backup.create', {}, app.owner);
  const file = path.join(app.ledger.backupsDir, b.fileName);
  app.close();
  return { file, pass };
}

/** A new computer: Passbook's first screen, the backup copied into incoming/ (what the upload or the open dialog does). */
function newComputer(backup: string, name = 'restore-20260301-150000-passbook-backup.sqlite') {
  const app = tempApp({ setup: false });
  fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
  fs.copyFileSync(backup, path.join(app.ledger.incomingDir, name));
  return { app, name };
}

const bytes = (app: TestApp) => fs.readFileSync(app.file);

describe('a shop brought back from a backup before any is set up', () => {
  it('previews the backup, brings the shop back with its own PIN and recovery code, and answers a retry from the restored ledger', async () => {
    const { file, pass } = await oldComputer();
    const { app, name } = newComputer(file);
    expect(app.call('shop.status', {}).setUp).toBe(false);

    const preview = app.call('backup.inspectForSetup', { fileName: name });
    expect(preview).toMatchObject({ shopName: 'Test Shop', currency: 'USD', customers: 1, passes: 1, redemptions: 1 });

    app.clockControl.set('2026-03-05T10:00:00.000Z'); // the move, days after the old computer's last sale
    const clientId = newId();
    const r = await app.callAsync('backup.restoreForSetup', { clientId, fileName: name });
    expect(r).toMatchObject({ restoredFrom: name, summary: { shopName: 'Test Shop', customers: 1 } });
    expect(app.call('shop.status', {})).toMatchObject({ setUp: true, shop: { name: 'Test Shop', currency: 'USD' } });
    expect(app.call('passes.get', { passId: pass }).balance).toBe('17');
    expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // the shop's last activity is still its last sale, not its move to this computer
    const here = await app.callAsync('backup.create', {}, ownerSession(app, '1357'));
    expect(app.call('backup.inspect', { source: 'backups', fileName: here.fileName }, ownerSession(app, '1357')).lastActivityAt).toBe(preview.lastActivityAt);
    fs.rmSync(path.join(app.ledger.backupsDir, here.fileName));
    // no safety backup: the ledger replaced held no shop
    expect(fs.existsSync(app.ledger.backupsDir) ? fs.readdirSync(app.ledger.backupsDir) : []).toEqual([]);

    // the shop's own PIN and recovery code came with it
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('FORBIDDEN');
    const owner = ownerSession(app, '1357');
    expect(app.call('shop.status', {}, owner).recoveryCode.madeAt).not.toBeNull();

    // the same request again (an answer lost): the first answer, nothing restored again; anything else is refused now
    const before = bytes(app);
    expect(await app.callAsync('backup.restoreForSetup', { clientId, fileName: name })).toEqual(r);
    expect(codeOf(app, 'backup.inspectForSetup', { fileName: name })).toBe('ALREADY_SET_UP');
    const again = await app.dispatchAsync('backup.restoreForSetup', { clientId: newId(), fileName: name });
    expect(again.ok ? 'OK' : again.error.code).toBe('ALREADY_SET_UP');
    expect(bytes(app).equals(before)).toBe(true);

    // and the recovery code works on this computer, once
    expect(app.call('owner.recover', { clientId: newId(), recoveryCode: CODE, newPin: '9753' })).toEqual({ changed: true });
    app.close();
  });

  it('refuses a file that is not a ledger, a backup of a ledger with no shop, and a name that is not there; the first screen stays', async () => {
    const dir = tempDir();
    const empty = path.join(dir, 'empty.sqlite');
    openLedger(empty).close(); // a ledger made before any shop was set up
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, 'shopping list');
    const { app } = newComputer(empty, 'empty.sqlite');
    fs.copyFileSync(text, path.join(app.ledger.incomingDir, 'notes.sqlite'));
    const before = bytes(app);

    const noShop = app.dispatch('backup.inspectForSetup', { fileName: 'empty.sqlite' });
    expect(noShop.ok ? null : noShop.error).toMatchObject({ code: 'VALIDATION', details: { reason: 'NO_SHOP' } });
    const r1 = await app.dispatchAsync('backup.restoreForSetup', { clientId: newId(), fileName: 'empty.sqlite' });
    expect(r1.ok ? null : r1.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/holds no shop.*Nothing was restored/) });
    const r2 = await app.dispatchAsync('backup.restoreForSetup', { clientId: newId(), fileName: 'notes.sqlite' });
    expect(r2.ok ? 'OK' : r2.error.code).toBe('VALIDATION');
    const r3 = await app.dispatchAsync('backup.restoreForSetup', { clientId: newId(), fileName: 'gone.sqlite' });
    expect(r3.ok ? 'OK' : r3.error.code).toBe('NOT_FOUND');

    expect(app.call('shop.status', {}).setUp).toBe(false);
    expect(bytes(app).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(app.file)).filter((f) => f.includes('.restoring'))).toEqual([]);
    app.close();
  });

  it('a setup from another window sent while the restore runs comes after it, and is refused: one shop, the backup\'s', async () => {
    const { file } = await oldComputer();
    const { app, name } = newComputer(file);
    const restoring = app.dispatchAsync('backup.restoreForSetup', { clientId: newId(), fileName: name });
    expect(codeOf(app, 'shop.setup', { clientId: newId(), name: 'Set up meanwhile', currency: 'EUR', timeZone: 'Europe/Berlin', pin: '4444' })).toBe('ALREADY_SET_UP');
    const r = await restoring;
    expect(r.ok).toBe(true);
    expect(app.call('shop.status', {}).shop).toMatchObject({ name: 'Test Shop', currency: 'USD' });
    app.close();
  });

  it('a lost answer: the first screen presses again with the same request and is answered, though the ledger is another now', async () => {
    // the old computer's shop was itself restored once: its backups carry that restore's mark, not "original"
    const old = tempApp();
    const first = await old.callAsync('backup.create', {}, old.owner);
    await old.callAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: first.fileName }, old.owner);
    old.owner = ownerSession(old, '2468');
    const b = await old.callAsync('backup.create', {}, old.owner);
    old.close();
    const { app, name } = newComputer(path.join(old.ledger.backupsDir, b.fileName));
    const page = { ledgerMark: app.call('shop.status', {}).ledger }; // what the first screen read: "original"
    expect(page.ledgerMark).toBe('original');
    const clientId = newId();
    const r = await app.dispatchAsync('backup.restoreForSetup', { clientId, fileName: name }, page);
    expect(r.ok).toBe(true);
    expect(app.call('shop.status', {}).ledger).toMatch(/^restored-/);
    // the answer was lost; the same press again, from the same screen: the first answer
    const again = await app.dispatchAsync('backup.restoreForSetup', { clientId, fileName: name }, page);
    expect(again.ok && again.value).toEqual(r.ok && r.value);
    // anything new from that screen is another matter: it was read from the ledger before
    const other = app.dispatch('customers.create', { clientId: newId(), name: 'Bo' }, page);
    expect(other.ok ? null : other.error.details).toMatchObject({ reason: 'LEDGER_REPLACED' });
    app.close();
  });
});
