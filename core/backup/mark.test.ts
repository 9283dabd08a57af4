// A restore brings back a file whose ids go on from the backup's: after it, customer 2 and redemption 1 may be
// someone else than on a screen read before. A screen sends the ledger's mark with its writes; the one from before
// the restore is refused and nothing is written (found by a review of two screens at once: a counter left open
// undid another customer's redemption and charged them its cart).
import { describe, expect, it } from 'vitest';
import { newId, ownerSession, tempApp } from '../../test/support/tempApp';
import { createApp } from '../app';
import type { CallerState } from '../api/dispatch';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';
import { ORIGINAL_LEDGER } from './mark';

describe('the ledger mark', () => {
  it('refuses a write from a screen read before a restore; reads, and calls that name no ledger, go on', async () => {
    const app = tempApp();
    const status = (caller: CallerState = {}) => app.call('shop.status', {}, caller) as { ledger: string };
    const before = status().ledger;
    expect(before).toBe(ORIGINAL_LEDGER);
    const latte = item(app, 'Latte', '1');
    const p = plan(app, { credits: '10', price: '20', validity: 'none' });
    const ann = customer(app, 'Ann');
    sell(app, ann, p);
    const backup = await app.callAsync('backup.create', {}, app.owner);
    // after the backup: Gia (customer 2, pass 2), and a redemption of hers (redemption 1)
    const gia = customer(app, 'Gia');
    const giaPass = sell(app, gia, p);
    const giaRedemption = redeem(app, giaPass, latte, '1').redemptionId;
    const screen: CallerState = { ...app.owner, ledgerMark: before };
    expect(app.dispatch('counter.redeem', { clientId: newId(), passId: giaPass, items: [{ itemId: latte, quantity: '1' }] }, screen).ok).toBe(true);

    const restoreId = newId();
    await app.callAsync('backup.restore', { clientId: restoreId, source: 'backups', fileName: backup.fileName }, { ...app.owner, ledgerMark: before });
    const after = status().ledger;
    expect(after).toBe(`restored-${restoreId.toUpperCase()}`); // client ids are kept upper-cased
    // Hal, added on the restored ledger, is customer 2 with pass 2 and redemption 1: the ids Gia's screen holds
    app.owner = ownerSession(app, '2468');
    const hal = customer(app, 'Hal');
    const halPass = sell(app, hal, p);
    const halRedemption = redeem(app, halPass, latte, '3').redemptionId;
    expect([hal, halPass, halRedemption]).toEqual([gia, giaPass, giaRedemption]);
    const rows = () => app.db.prepare('SELECT (SELECT count(*) FROM redemptions) AS r, (SELECT count(*) FROM corrections) AS c, (SELECT count(*) FROM operations) AS o').get();
    const written = rows();

    // the screen of Gia: its undo and its next redemption are refused, nothing written
    for (const [method, input] of [
      ['counter.undo', { clientId: newId(), redemptionId: giaRedemption }],
      ['counter.redeem', { clientId: newId(), passId: giaPass, items: [{ itemId: latte, quantity: '2' }] }],
    ] as const) {
      const r = app.dispatch(method, input, { ledgerMark: before });
      expect(r.ok, method).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'LEDGER_REPLACED' } });
    }
    expect(rows()).toEqual(written);
    expect(app.call('passes.get', { passId: halPass }).balance).toBe('7');
    // reads answer (the screen learns the new mark from shop.status), a screen of the restored ledger writes, and
    // a script that names no ledger is answered as before
    expect(status({ ledgerMark: before }).ledger).toBe(after);
    expect(app.dispatch('counter.redeem', { clientId: newId(), passId: halPass, items: [{ itemId: latte, quantity: '1' }] }, { ledgerMark: after }).ok).toBe(true);
    expect(app.dispatch('counter.redeem', { clientId: newId(), passId: halPass, items: [{ itemId: latte, quantity: '1' }] }, {}).ok).toBe(true);
    expect(app.call('passes.get', { passId: halPass }).balance).toBe('5');

    // the same file opened again (a restart) keeps its mark: a retry after a restart is still answered
    const file = app.file;
    app.close();
    const again = createApp(file);
    expect((again.dispatch('shop.status', {}).ok && (again.dispatch('shop.status', {}) as { value: { ledger: string } }).value.ledger)).toBe(after);
    again.close();
  });

  it('a restore is the file\'s newest even when the backup holds one dated later by a clock since set back', async () => {
    const app = tempApp();
    const latte = item(app, 'Latte', '1');
    const p = plan(app, { credits: '10', price: '20', validity: 'none' });
    sell(app, customer(app, 'Ann'), p);
    const b0 = await app.callAsync('backup.create', {}, app.owner);
    app.clockControl.set('2026-03-01T15:03:00.000Z'); // three minutes fast at the first restore
    await app.callAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: b0.fileName }, app.owner);
    app.owner = ownerSession(app, '2468');
    const markA = (app.call('shop.status', {}) as { ledger: string }).ledger;
    app.clockControl.set('2026-03-01T15:00:30.000Z'); // set right: back 2.5 minutes, within the slack writes allow
    const b1 = await app.callAsync('backup.create', {}, app.owner);
    const gia = customer(app, 'Gia');
    const giaPass = sell(app, gia, p);
    app.clockControl.advance(30_000);
    await app.callAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: b1.fileName }, app.owner);
    app.owner = ownerSession(app, '2468');
    const markB = (app.call('shop.status', {}) as { ledger: string }).ledger;
    expect(markB).not.toBe(markA);
    const hal = customer(app, 'Hal');
    const halPass = sell(app, hal, p);
    expect([hal, halPass]).toEqual([gia, giaPass]);
    const r = app.dispatch('counter.redeem', { clientId: newId(), passId: giaPass, items: [{ itemId: latte, quantity: '1' }] }, { ledgerMark: markA });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details).toMatchObject({ reason: 'LEDGER_REPLACED' });
  });
});
