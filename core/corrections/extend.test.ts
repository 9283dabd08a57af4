// passes.extend: the owner gives a pass's credits more time; no credits and no money move.
import { describe, expect, it } from 'vitest';
import { beanAndBrew as coffeeShop, expectSound } from '../../test/support/sound';
import { codeOf, ownerSession, tempApp } from '../../test/support/tempApp';
import { accountBalance, cid, ledgerCounts } from '../passes/scenario';
import { runDueCloses } from '../periods/close';
import { endOfLocalDay } from './extend';
import { statementCsvChunks } from '../exports/exports';
import { collect } from '../books/stream';

const ms = (iso: string) => Date.parse(iso);
/** Bean & Brew's pass whose unused drinks expire at the month's end (no rollover), unless a test says otherwise. */
const beanAndBrew = (planExtra: Record<string, unknown> = {}) => coffeeShop({ rolloverPolicy: 'none', ...planExtra });
const extensions = (app: ReturnType<typeof tempApp>) => (app.db.prepare('SELECT count(*) AS n FROM lot_extensions').get() as { n: number }).n;

describe('passes.extend', () => {
  it('the end of a local day, DST-safe', () => {
    expect(endOfLocalDay('2026-04-15', 'America/New_York')).toBe(ms('2026-04-16T04:00:00.000Z'));
    expect(endOfLocalDay('2026-03-08', 'America/New_York')).toBe(ms('2026-03-09T04:00:00.000Z')); // the day clocks go forward: 23 hours
    expect(endOfLocalDay('2026-11-01', 'America/New_York')).toBe(ms('2026-11-02T05:00:00.000Z')); // and back: 25 hours
    expect(endOfLocalDay('2026-03-29', 'Europe/Berlin')).toBe(ms('2026-03-29T22:00:00.000Z'));
  });

  it('gives Anna\'s drinks two more weeks: same lot, same price, no money moves; they are used, voided and expire at the new end', () => {
    const { app, s, capp, pass, customer } = beanAndBrew();
    const early = s.redeem(pass, [[capp, '3']]);
    const before = ledgerCounts(app.db);
    const journal = accountBalance(app.db, 'liabilities:deferred-revenue', pass);
    const input = { clientId: cid(), passId: pass, through: '2026-04-15', reason: 'In hospital for three weeks' };
    const r = app.call('passes.extend', input, app.owner);
    expect(r.extended).toEqual({ through: '2026-04-15', expiresAt: '2026-04-16T04:00:00.000Z', credits: '22', lots: [{ lotId: 1, credits: '22', previousExpiresAt: '2026-04-01T04:00:00.000Z' }] });
    expect(r).toMatchObject({ balance: '22', status: 'active', nextExpiry: { credits: '22', expiresAt: '2026-04-16T04:00:00.000Z' } });
    expect(r.lots.map((l) => [l.id, l.expiresAt, l.remaining])).toEqual([[1, '2026-04-16T04:00:00.000Z', '22']]);
    // the owner's lots say the end now and the one it was granted with
    expect(app.call('owner.lots', { passId: pass }, app.owner).lots.map((l) => [l.id, l.state, l.expiresAt, l.extendedFrom])).toEqual([
      [1, 'live', '2026-04-16T04:00:00.000Z', '2026-04-01T04:00:00.000Z'],
    ]);
    // nothing in the ledger moved: the same lots, entries, journal; one record of the new end (and the request's answer)
    expect(ledgerCounts(app.db)).toEqual({ ...before, operations: before.operations! + 1 });
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', pass)).toBe(journal);
    expect(app.db.prepare('SELECT lot_id, credits_units, previous_expires_at, expires_at, reason FROM lot_extensions').all()).toEqual([
      { lot_id: 1, credits_units: 22_000_000, previous_expires_at: ms('2026-04-01T04:00:00.000Z'), expires_at: ms('2026-04-16T04:00:00.000Z'), reason: 'In hospital for three weeks' },
    ]);
    expectSound(app);
    // the same request: its first answer, nothing written; the same id for another day: CONFLICT
    expect(app.call('passes.extend', input, app.owner)).toEqual(r);
    expect(codeOf(app, 'passes.extend', { ...input, through: '2026-04-20' }, app.owner)).toBe('CONFLICT');
    expect(extensions(app)).toBe(1);
    // the owner's history says it, without changing the balance
    const h = app.call('owner.history', { customerId: customer, limit: 5, offset: 0 }, app.owner).entries[0]!;
    expect(h).toMatchObject({ kind: 'extend', description: '22 drinks extended: valid through Apr 15, 2026 instead of Mar 31, 2026', credits: '0', money: null, reason: 'In hospital for three weeks' });

    // the customer's statement says it, in its place among the entries, without changing a balance; a page boundary on it holds
    const st = app.call('statements.get', { customerId: customer, from: '2026-03-01T05:00:00.000Z', to: '2026-05-01T04:00:00.000Z' }, app.owner).passes[0]!;
    expect(st.entries.map((e) => [e.kind, e.credits, e.balanceAfter])).toEqual([['sale', '25', '25'], ['redeem', '-3', '22'], ['extend', '0', '22']]);
    expect(st.entries[2]).toMatchObject({ lotId: null, value: '0.00', note: 'In hospital for three weeks', extendedTo: '2026-04-16T04:00:00.000Z', extendedFrom: '2026-04-01T04:00:00.000Z' });
    expect(st.entryCount).toBe(3);
    const paged = app.call('statements.get', { customerId: customer, from: '2026-03-01T05:00:00.000Z', to: '2026-05-01T04:00:00.000Z', limit: 1 }, app.owner).passes[0]!;
    const rest = app.call('statements.entries', { customerId: customer, passId: pass, from: '2026-03-01T05:00:00.000Z', to: '2026-05-01T04:00:00.000Z', after: paged.next!, limit: 1 }, app.owner);
    const last = app.call('statements.entries', { customerId: customer, passId: pass, from: '2026-03-01T05:00:00.000Z', to: '2026-05-01T04:00:00.000Z', after: rest.next!, limit: 5 }, app.owner);
    expect([...paged.entries, ...rest.entries, ...last.entries].map((e) => [e.kind, e.balanceAfter])).toEqual(st.entries.map((e) => [e.kind, e.balanceAfter]));
    expect(last.next).toBeNull();
    // the statement CSV: the extension's row with the reason and the two last days, in the shop's dates
    const csv = collect(statementCsvChunks(app.db, { customerId: customer, from: ms('2026-03-01T05:00:00.000Z'), to: ms('2026-05-01T04:00:00.000Z') })).trim().split('\n');
    const head = csv[0]!.split(',');
    const row = csv.map((l) => l.split(',')).find((c) => c[head.indexOf('kind')] === 'extend')!;
    expect(['credits', 'balance', 'note', 'valid_through', 'was_valid_through'].map((h) => row[head.indexOf(h)])).toEqual(['0', '22', 'In hospital for three weeks', '2026-04-15', '2026-03-31']);

    // April 5: March's month end passed and the drinks are still there; the close leaves them alone
    app.clockControl.set('2026-04-05T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    expect(runDueCloses(app.db, app.clock.now().getTime()).lotsExpired).toBe(0);
    const used = s.redeem(pass, [[capp, '2']]);
    expect(used).toMatchObject({ balanceBefore: '22', balanceAfter: '20' });
    // a redemption from before the extension, and after the old end, voids into the same lot (no new lot)
    const lots = (app.db.prepare('SELECT count(*) AS n FROM lots').get() as { n: number }).n;
    const v = app.call('redemptions.void', { clientId: cid(), redemptionId: early.redemptionId, reason: 'Wrong card' }, app.owner);
    expect(v.balanceAfter).toBe('23');
    expect((app.db.prepare('SELECT count(*) AS n FROM lots').get() as { n: number }).n).toBe(lots);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-400);
    expectSound(app);

    // the end of April 15 (New York): the 23 drinks expire there, $46.00 of breakage booked on the 15th; the lot earned its $50 exactly
    app.clockControl.set('2026-04-16T03:59:59.000Z');
    expect(runDueCloses(app.db, app.clock.now().getTime()).lotsExpired).toBe(0);
    app.clockControl.set('2026-04-16T04:00:00.000Z');
    expect(runDueCloses(app.db, app.clock.now().getTime())).toMatchObject({ lotsExpired: 1, breakageMinor: 4600 });
    expect(accountBalance(app.db, 'revenue:breakage')).toBe(-4600);
    expect(accountBalance(app.db, 'revenue:redemptions') + accountBalance(app.db, 'revenue:breakage')).toBe(-5000);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', pass)).toBe(0);
    app.owner = ownerSession(app, '2468');
    const april = app.call('reports.accounts', { month: '2026-04' }, app.owner);
    expect(april.accounts.find((a) => a.account === 'revenue:breakage')).toMatchObject({ change: '-46.00' });
    expect(app.call('passes.get', { passId: pass }).balance).toBe('0');
    // the whole story on the statement, read a page of three at a time: the first page ends on the extension
    const range = { customerId: customer, from: '2026-03-01T05:00:00.000Z', to: '2026-04-17T04:00:00.000Z' };
    const whole = app.call('statements.get', range, app.owner).passes[0]!;
    expect(whole.entries.map((e) => [e.kind, e.credits, e.balanceAfter])).toEqual([
      ['sale', '25', '25'], ['redeem', '-3', '22'], ['extend', '0', '22'], ['redeem', '-2', '20'], ['restore', '3', '23'], ['expire', '-23', '0'],
    ]);
    expect(whole.entries[5]!.at).toBe('2026-04-16T04:00:00.000Z');
    const first = app.call('statements.get', { ...range, limit: 3 }, app.owner).passes[0]!;
    expect(first.entries.at(-1)!.kind).toBe('extend');
    const second = app.call('statements.entries', { ...range, passId: pass, after: first.next!, limit: 3 }, app.owner);
    expect([...first.entries, ...second.entries]).toEqual(whole.entries);
    expect(second.next).toBeNull();
    expectSound(app);
  });

  it('moves only the ends before the new day; credits that never end or end later stay; a grid-boundary end does not roll over', () => {
    const { app, s, pass, plan } = beanAndBrew({ rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 });
    app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '2', reason: 'Birthday', days: 90 }, app.owner); // ends May 29
    const r = app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-30', reason: 'Away' }, app.owner);
    expect(r.extended.lots.map((l) => [l.lotId, l.credits, l.previousExpiresAt])).toEqual([[1, '25', '2026-04-01T04:00:00.000Z']]);
    const ends = new Map(r.lots.map((l) => [l.id, l.expiresAt]));
    expect(ends.get(1)).toBe('2026-05-01T04:00:00.000Z');
    expect(ends.get(2)).toBe('2026-05-30T04:00:00.000Z'); // the gift's own end, later than April 30: untouched
    // the new end is a month end of the pass's grid, and the plan rolls everything over: the owner's day wins, they expire
    const other = s.sell(s.customer('Ben'), plan);
    app.clockControl.set('2026-05-01T04:00:00.000Z');
    const run = runDueCloses(app.db, app.clock.now().getTime());
    expect(run.lotsExpired).toBeGreaterThanOrEqual(1);
    const closes = app.db.prepare('SELECT lot_id, rolled_units, expired_units FROM lot_closes ORDER BY lot_id').all() as { lot_id: number; rolled_units: number; expired_units: number }[];
    expect(closes.find((c) => c.lot_id === 1)).toMatchObject({ rolled_units: 0, expired_units: 25_000_000 });
    // Ben's pass, not extended, rolled over at April's start as the plan says
    const ben = closes.find((c) => c.lot_id === (app.db.prepare('SELECT id FROM lots WHERE pass_id = ? ORDER BY id LIMIT 1').get(other) as { id: number }).id)!;
    expect(ben).toMatchObject({ rolled_units: 25_000_000, expired_units: 0 });
    expectSound(app);
  });

  it('refuses what it cannot do, writing nothing', () => {
    const { app, s, pass, plan } = beanAndBrew();
    const counts = () => ({ ...ledgerCounts(app.db), extensions: extensions(app) });
    const before = counts();
    const base = { clientId: cid(), passId: pass, reason: 'Away' };
    const refused = (input: Record<string, unknown>, code: string, field?: string) => {
      const r = app.dispatch('passes.extend', { ...base, clientId: cid(), ...input }, app.owner);
      expect(r.ok ? 'OK' : r.error.code, JSON.stringify(input)).toBe(code);
      if (!r.ok && field) expect(r.error.details, JSON.stringify(input)).toMatchObject({ field });
      return r.ok ? '' : r.error.message;
    };
    expect(refused({ through: '2026-02-28' }, 'VALIDATION', 'through')).toBe('through: Feb 28, 2026 has passed; credits can be extended to today or a later day.');
    expect(refused({ through: '2026-03-20' }, 'VALIDATION', 'through')).toBe('through: no credits on this pass end before Mar 20, 2026, so there is nothing to extend.');
    expect(refused({ through: '2036-04-01' }, 'VALIDATION', 'through')).toBe('through: Apr 1, 2036 is more than ten years away.');
    for (const through of ['2026-02-30', '2026-4-15', 'next week', '', 20260415, null]) refused({ through }, 'VALIDATION');
    refused({ through: '2026-04-15', reason: 'x'.repeat(10_000) }, 'VALIDATION');
    refused({ through: '2026-04-15', passId: 999 }, 'NOT_FOUND');
    refused({ through: '2026-04-15', extra: 1 }, 'VALIDATION');
    expect(codeOf(app, 'passes.extend', { ...base, through: '2026-04-15' })).toBe('FORBIDDEN');
    expect(counts()).toEqual(before);
    // a cancelled pass has nothing to extend
    const other = s.sell(s.customer('Ben'), plan);
    app.call('passes.refund', { clientId: cid(), passId: other, reason: 'Moving', paymentMethod: 'cash' }, app.owner);
    refused({ passId: other, through: '2026-04-15' }, 'PASS_CLOSED');
    // today is not past, but the credits already last longer than today
    expect(refused({ through: '2026-03-01' }, 'VALIDATION', 'through')).toMatch(/nothing to extend/);
    expectSound(app);
  });
});

describe('passes.extendAll: the shop closes for a while', () => {
  it('moves every credit ending in the window, of every open pass, to the day after the closure; the quote says the same first', () => {
    const { app, s, plan, pass, customer } = beanAndBrew(); // Anna: 25 drinks ending March 31
    const ben = s.customer('Ben');
    const benPass = s.sell(ben, plan);
    app.call('passes.givePromo', { clientId: cid(), passId: benPass, credits: '2', reason: 'Birthday', days: 60 }, app.owner); // ends April 29: outside the window
    const cy = s.sell(s.customer('Cy'), plan);
    app.call('passes.refund', { clientId: cid(), passId: cy, reason: 'Moving', paymentMethod: 'cash' }, app.owner); // cancelled: nothing to move
    const window = { endingFrom: '2026-03-25', endingThrough: '2026-04-05', through: '2026-04-12' };
    const quote = app.call('passes.extendAllQuote', window, app.owner);
    expect(quote).toEqual({ through: '2026-04-12', expiresAt: '2026-04-13T04:00:00.000Z', passes: 2, customers: 2, lots: 2, credits: [{ unit: 'drink', credits: '50' }] });
    expect(extensions(app)).toBe(0); // a quote writes nothing
    const input = { clientId: cid(), ...window, reason: 'Closed for works' };
    const done = app.call('passes.extendAll', input, app.owner);
    expect(done).toEqual(quote);
    expect(app.call('passes.extendAll', input, app.owner)).toEqual(done); // a retry: the first answer, nothing more written
    expect(extensions(app)).toBe(2);
    const ends = (passId: number) => app.call('passes.get', { passId }).lots.map((l) => [l.id, l.expiresAt]);
    expect(ends(pass)).toEqual([[1, '2026-04-13T04:00:00.000Z']]);
    expect(ends(benPass)).toEqual([[2, '2026-04-13T04:00:00.000Z'], [3, '2026-04-30T04:00:00.000Z']]);
    expect(app.call('owner.lots', { passId: benPass }, app.owner).lots.map((l) => [l.id, l.extendedFrom])).toEqual([[2, '2026-04-01T04:00:00.000Z'], [3, null]]);
    // each pass's history and statement say it, in the owner's words
    expect(app.call('owner.history', { customerId: customer, limit: 1, offset: 0 }, app.owner).entries[0]).toMatchObject({
      kind: 'extend', description: '25 drinks extended: valid through Apr 12, 2026 instead of Mar 31, 2026', reason: 'Closed for works',
    });
    // the window again: nothing ends in it now, so nothing to do; refusals write nothing
    expect(app.call('passes.extendAllQuote', window, app.owner)).toMatchObject({ passes: 0, lots: 0, credits: [] });
    const refused = (w: Record<string, string>, field: string) => {
      const r = app.dispatch('passes.extendAll', { clientId: cid(), ...window, reason: 'x', ...w }, app.owner);
      expect(r.ok ? 'OK' : [r.error.code, (r.error.details as { field?: string }).field], JSON.stringify(w)).toEqual(['VALIDATION', field]);
      return r.ok ? '' : r.error.message;
    };
    expect(refused({}, 'endingFrom')).toBe('no credits end between Mar 25, 2026 and Apr 5, 2026, so there is nothing to extend.'.replace(/^/, 'endingFrom: '));
    expect(refused({ endingThrough: '2026-03-20' }, 'endingThrough')).toMatch(/ends before it begins/);
    expect(refused({ through: '2026-04-05' }, 'through')).toBe('through: credits ending up to Apr 5, 2026 need a later day than that.');
    expect(refused({ endingFrom: '2026-02-01', endingThrough: '2026-02-28' }, 'endingThrough')).toMatch(/has passed/);
    expect(refused({ through: '2036-04-12' }, 'through')).toMatch(/ten years/);
    expect(codeOf(app, 'passes.extendAll', { clientId: cid(), ...window, reason: 'x' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'passes.extendAllQuote', window)).toBe('FORBIDDEN');
    expect(extensions(app)).toBe(2);
    // April 13: the drinks expire at the new end; the books hold
    app.clockControl.set('2026-04-13T04:00:00.000Z');
    expect(runDueCloses(app.db, app.clock.now().getTime())).toMatchObject({ lotsExpired: 2, breakageMinor: 10_000 });
    expectSound(app);
  });
});

describe('passes.undoExtension: the owner takes an extension back', () => {
  /** the clock a few minutes on (each request its own instant, as at a real counter), with the owner's session reopened */
  const later = (app: ReturnType<typeof tempApp>, iso: string) => { app.clockControl.set(iso); app.owner = ownerSession(app, '2468'); };

  it('takes back the last extension, newest first, to the end before it; back at its granted end the lot rolls over again', () => {
    const { app, pass, customer } = beanAndBrew({ rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 }); // 25 drinks ending March 31
    expect(app.call('passes.undoExtensionQuote', { passId: pass }, app.owner)).toEqual({ passId: pass, extendedAt: null, extendedReason: null, credits: '0', lots: [], rolloverPassed: null });
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-15', reason: 'Away' }, app.owner);
    later(app, '2026-03-01T15:05:00.000Z');
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-30', reason: 'Away longer' }, app.owner);
    later(app, '2026-03-01T15:10:00.000Z');

    // the quote says what the undo will do, and writes nothing (not even the close it books first)
    const before = { ...ledgerCounts(app.db), extensions: extensions(app) };
    const quote = app.call('passes.undoExtensionQuote', { passId: pass }, app.owner);
    expect(quote).toEqual({
      passId: pass, extendedAt: '2026-03-01T15:05:00.000Z', extendedReason: 'Away longer', credits: '25',
      lots: [{ lotId: 1, credits: '25', extendedTo: '2026-05-01T04:00:00.000Z', expiresAt: '2026-04-16T04:00:00.000Z' }], rolloverPassed: null,
    });
    expect({ ...ledgerCounts(app.db), extensions: extensions(app) }).toEqual(before);

    // the owner's pass view offers the undo: the lot's last extension can go back
    expect(app.call('owner.lots', { passId: pass }, app.owner).lots.map((l) => [l.id, l.extensionUndoable])).toEqual([[1, true]]);
    const input = { clientId: cid(), passId: pass, reason: 'Wrong day picked' };
    const r = app.call('passes.undoExtension', input, app.owner);
    const { passId: _, ...undone } = quote;
    expect(r.undone).toEqual(undone);
    expect(r).toMatchObject({ balance: '25', nextExpiry: { credits: '25', expiresAt: '2026-04-16T04:00:00.000Z' } });
    expect(app.call('passes.undoExtension', input, app.owner)).toEqual(r); // a retry: the first answer
    expect(codeOf(app, 'passes.undoExtension', { ...input, reason: 'Other' }, app.owner)).toBe('CONFLICT');
    expect(app.db.prepare('SELECT lot_id, previous_expires_at, expires_at, undoes, reason FROM lot_extensions WHERE id = 3').get()).toEqual({
      lot_id: 1, previous_expires_at: ms('2026-05-01T04:00:00.000Z'), expires_at: ms('2026-04-16T04:00:00.000Z'), undoes: 2, reason: 'Wrong day picked',
    });
    expectSound(app);

    // again: the first extension is taken back too; the lot ends where it was granted, so it is not "extended" any more
    later(app, '2026-03-01T15:15:00.000Z');
    const back = app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Came back early' }, app.owner);
    expect(back.undone.lots).toEqual([{ lotId: 1, credits: '25', extendedTo: '2026-04-16T04:00:00.000Z', expiresAt: '2026-04-01T04:00:00.000Z' }]);
    expect(app.call('owner.lots', { passId: pass }, app.owner).lots.map((l) => [l.id, l.expiresAt, l.extendedFrom, l.extensionUndoable])).toEqual([[1, '2026-04-01T04:00:00.000Z', null, false]]);
    // nothing left to take back: refused, nothing written
    const n = extensions(app);
    const third = app.dispatch('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Again' }, app.owner);
    expect(third.ok ? 'OK' : [third.error.code, third.error.details]).toEqual(['VALIDATION', { field: 'passId' }]);
    expect(extensions(app)).toBe(n);
    // and it can be extended again afterwards
    expect(app.call('passes.undoExtensionQuote', { passId: pass }, app.owner).lots).toEqual([]);

    // the history, newest first: two extensions taken back, two made; credits and money columns empty
    const h = app.call('owner.history', { customerId: customer, limit: 4, offset: 0 }, app.owner).entries;
    expect(h.map((e) => [e.kind, e.description, e.reason, e.credits, e.money])).toEqual([
      ['extend_undo', '25 drinks extension taken back: valid through Mar 31, 2026 instead of Apr 15, 2026', 'Came back early', '0', null],
      ['extend_undo', '25 drinks extension taken back: valid through Apr 15, 2026 instead of Apr 30, 2026', 'Wrong day picked', '0', null],
      ['extend', '25 drinks extended: valid through Apr 30, 2026 instead of Apr 15, 2026', 'Away longer', '0', null],
      ['extend', '25 drinks extended: valid through Apr 15, 2026 instead of Mar 31, 2026', 'Away', '0', null],
    ]);
    // the statement: each in its place, the balance unchanged, paging across them exact
    const range = { customerId: customer, from: '2026-03-01T05:00:00.000Z', to: '2026-05-01T04:00:00.000Z' };
    const st = app.call('statements.get', range, app.owner).passes[0]!;
    expect(st.entries.map((e) => [e.kind, e.credits, e.balanceAfter, e.extendedTo, e.extendedFrom])).toEqual([
      ['sale', '25', '25', undefined, undefined],
      ['extend', '0', '25', '2026-04-16T04:00:00.000Z', '2026-04-01T04:00:00.000Z'],
      ['extend', '0', '25', '2026-05-01T04:00:00.000Z', '2026-04-16T04:00:00.000Z'],
      ['extend_undo', '0', '25', '2026-04-16T04:00:00.000Z', '2026-05-01T04:00:00.000Z'],
      ['extend_undo', '0', '25', '2026-04-01T04:00:00.000Z', '2026-04-16T04:00:00.000Z'],
    ]);
    const first = app.call('statements.get', { ...range, limit: 2 }, app.owner).passes[0]!;
    const rest = app.call('statements.entries', { ...range, passId: pass, after: first.next!, limit: 2 }, app.owner);
    const tail = app.call('statements.entries', { ...range, passId: pass, after: rest.next!, limit: 10 }, app.owner);
    expect([...first.entries, ...rest.entries, ...tail.entries]).toEqual(st.entries);
    const csv = collect(statementCsvChunks(app.db, { customerId: customer, from: ms(range.from), to: ms(range.to) })).trim().split('\n');
    const head = csv[0]!.split(',');
    const rows = csv.map((l) => l.split(',')).filter((c) => c[head.indexOf('kind')] === 'extend_undo');
    expect(rows.map((c) => ['note', 'valid_through', 'was_valid_through'].map((k) => c[head.indexOf(k)]))).toEqual([
      ['Wrong day picked', '2026-04-15', '2026-04-30'], ['Came back early', '2026-03-31', '2026-04-15'],
    ]);

    // March's end: back at its granted end, the lot rolls over as the plan says (an extended one would have expired)
    app.clockControl.set('2026-04-01T04:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    expect(app.db.prepare('SELECT rolled_units, expired_units FROM lot_closes WHERE lot_id = 1').get()).toEqual({ rolled_units: 25_000_000, expired_units: 0 });
    expectSound(app);
  });

  it('two extensions at one instant (the clock held back) are two requests: the reports say each, and the undo takes back the second', () => {
    const { app, pass, customer } = beanAndBrew(); // 25 drinks ending March 31; the clock does not move between the requests
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-10', reason: 'Away' }, app.owner);
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-15', reason: 'Away longer' }, app.owner);
    const quote = app.call('passes.undoExtensionQuote', { passId: pass }, app.owner);
    expect(quote).toMatchObject({ extendedReason: 'Away longer', credits: '25', lots: [{ lotId: 1, extendedTo: '2026-04-16T04:00:00.000Z', expiresAt: '2026-04-11T04:00:00.000Z' }] });
    app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Wrong day' }, app.owner);
    expect(app.call('passes.get', { passId: pass }).nextExpiry).toEqual({ credits: '25', expiresAt: '2026-04-11T04:00:00.000Z' });
    const said = [
      ['extend_undo', '25 drinks extension taken back: valid through Apr 10, 2026 instead of Apr 15, 2026'],
      ['extend', '25 drinks extended: valid through Apr 15, 2026 instead of Apr 10, 2026'],
      ['extend', '25 drinks extended: valid through Apr 10, 2026 instead of Mar 31, 2026'],
    ];
    // (rows of one instant are in the order of their kind, then newest first: the report's paging order)
    const sorted = (rows: string[][]) => [...rows].sort((x, y) => x.join().localeCompare(y.join()));
    const report = app.call('reports.corrections', { from: '2026-03-01', to: '2026-03-31' }, app.owner).entries;
    expect(sorted(report.map((e) => [e.kind, e.description]))).toEqual(sorted(said));
    const history = app.call('owner.history', { customerId: customer, limit: 10, offset: 0 }, app.owner).entries.filter((e) => e.kind.startsWith('extend'));
    expect(sorted(history.map((e) => [e.kind, e.description]))).toEqual(sorted(said));
    const statement = app.call('statements.get', { customerId: customer, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' }, app.owner).passes[0]!;
    expect(statement.entries.filter((e) => e.kind.startsWith('extend')).map((e) => [e.kind, e.extendedTo, e.extendedFrom])).toEqual([
      ['extend', '2026-04-11T04:00:00.000Z', '2026-04-01T04:00:00.000Z'],
      ['extend', '2026-04-16T04:00:00.000Z', '2026-04-11T04:00:00.000Z'],
      ['extend_undo', '2026-04-11T04:00:00.000Z', '2026-04-16T04:00:00.000Z'],
    ]);
    expectSound(app);
  });

  it('of two extensions at one instant on different credits, the undo takes back only the second request\'s', () => {
    // the clock does not move: the drinks extended to June, then a gift ending in April, extended on its own to May 15
    const { app, pass } = beanAndBrew();
    const first = app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-06-30', reason: 'Away all spring' }, app.owner);
    expect(first.extended.lots.map((l) => l.lotId)).toEqual([1]);
    const gift = app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '2', reason: 'Birthday', days: 60 }, app.owner).given;
    const second = app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-05-15', reason: 'Birthday drinks, longer' }, app.owner);
    expect(second.extended.lots.map((l) => l.lotId)).toEqual([gift.lotId]);
    expect(new Set(app.db.prepare('SELECT occurred_at FROM lot_extensions').pluck().all()).size).toBe(1); // one instant
    const quote = app.call('passes.undoExtensionQuote', { passId: pass }, app.owner);
    expect(quote).toMatchObject({ extendedReason: 'Birthday drinks, longer', credits: '2', lots: [{ lotId: gift.lotId, expiresAt: gift.expiresAt }] });
    app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Wrong day' }, app.owner);
    // the gift is back at its own end; the drinks keep June, the first request's end
    const ends = app.call('passes.get', { passId: pass }).lots.map((l) => [l.id, l.expiresAt]);
    expect(ends).toEqual(expect.arrayContaining([[1, '2026-07-01T04:00:00.000Z'], [gift.lotId, gift.expiresAt]]));
    expectSound(app);
  });

  it('an old end that has passed comes back as the end of today: the credits expire tonight, as they would have at it', () => {
    const { app, s, capp, pass } = beanAndBrew(); // no rollover: at March 31 they would have expired
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-12-31', reason: 'Meant 2026-04-05' }, app.owner);
    later(app, '2026-04-05T15:00:00.000Z'); // March 31 has passed; the extended drinks are still there
    expect(runDueCloses(app.db, app.clock.now().getTime()).lotsExpired).toBe(0);
    s.redeem(pass, [[capp, '5']]);
    expect(app.call('passes.undoExtensionQuote', { passId: pass }, app.owner).rolloverPassed).toBeNull();
    const r = app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Typed the wrong month' }, app.owner);
    expect(r.undone.lots).toEqual([{ lotId: 1, credits: '20', extendedTo: '2027-01-01T05:00:00.000Z', expiresAt: '2026-04-06T04:00:00.000Z' }]);
    expect(r.nextExpiry).toEqual({ credits: '20', expiresAt: '2026-04-06T04:00:00.000Z' });
    // nothing more to take back: tonight is as early as it goes. The lot still ends on another day than it was granted
    // with, and the owner's view no longer offers the undo
    expect(app.call('passes.undoExtensionQuote', { passId: pass }, app.owner).lots).toEqual([]);
    expect(app.call('owner.lots', { passId: pass }, app.owner).lots.map((l) => [l.extendedFrom, l.extensionUndoable])).toEqual([['2026-04-01T04:00:00.000Z', false]]);
    app.clockControl.set('2026-04-06T04:00:00.000Z');
    expect(runDueCloses(app.db, app.clock.now().getTime())).toMatchObject({ lotsExpired: 1, breakageMinor: 4000 });
    expect(app.db.prepare('SELECT rolled_units, expired_units FROM lot_closes WHERE lot_id = 1').get()).toEqual({ rolled_units: 0, expired_units: 20_000_000 });
    expectSound(app);
  });

  it('refuses to take back an extension once the old end where the credits would have rolled over has passed', () => {
    const { app, s, capp, pass } = beanAndBrew({ rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 });
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-15', reason: 'Away' }, app.owner);
    s.redeem(pass, [[capp, '4']]);
    // before March 31 ends, the undo puts them back at March 31, where they roll over as the plan says
    expect(app.call('passes.undoExtensionQuote', { passId: pass }, app.owner).rolloverPassed).toBeNull();
    later(app, '2026-04-02T15:00:00.000Z'); // March 31 has passed: they did not roll (extended credits end at their new end)
    expect(runDueCloses(app.db, app.clock.now().getTime())).toMatchObject({ lotsExpired: 0, lotsRolled: 0 });
    // taking it back now would end them tonight, where they expire: the 21 drinks that would have rolled would be lost
    const quote = app.call('passes.undoExtensionQuote', { passId: pass }, app.owner);
    expect(quote.rolloverPassed).toEqual({ at: '2026-04-01T04:00:00.000Z', credits: '21' });
    const before = { ...ledgerCounts(app.db), extensions: extensions(app) };
    const refused = app.dispatch('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Wrong day' }, app.owner);
    expect(refused.ok ? 'OK' : [refused.error.code, refused.error.message, refused.error.details]).toEqual(['CONFLICT',
      'This extension cannot be taken back any more: 21 drinks would have rolled over at their old end, after Mar 31, 2026, and that day has passed, so taking it back now would lose them. Adjust the credits instead if needed.',
      { reason: 'ROLLOVER_PASSED', oldEnd: '2026-04-01T04:00:00.000Z', credits: '21' }]);
    expect({ ...ledgerCounts(app.db), extensions: extensions(app) }).toEqual(before);
    expect(app.call('owner.lots', { passId: pass }, app.owner).lots[0]!.expiresAt).toBe('2026-04-16T04:00:00.000Z');
    expectSound(app);
  });

  it('a closure taken back after its credits\' old end has passed keeps the lots that would have rolled over there', () => {
    const { app, s, plan, pass } = beanAndBrew({ rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 }); // Anna's 25 drinks end March 31
    const flexPlan = s.plan({ name: 'Flex', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' });
    const ben = s.sell(s.customer('Ben'), flexPlan); // Ben's 10 end March 31 too, and would have expired
    void plan;
    app.call('passes.extendAll', { clientId: cid(), endingFrom: '2026-03-25', endingThrough: '2026-04-05', through: '2026-04-12', reason: 'Closed for works' }, app.owner);
    later(app, '2026-04-02T15:00:00.000Z');
    const quote = app.call('passes.undoClosureQuote', {}, app.owner);
    expect(quote).toMatchObject({ passes: 1, lots: 1, kept: 1, credits: [{ unit: 'drink', credits: '10' }] });
    app.call('passes.undoClosure', { clientId: cid(), reason: 'Wrong dates' }, app.owner);
    const end = (passId: number) => app.call('passes.get', { passId }).lots[0]!.expiresAt;
    // Ben's end tonight (he loses nothing: his would have expired); Anna's 25 keep the closure's end
    expect([end(ben), end(pass)]).toEqual(['2026-04-03T04:00:00.000Z', '2026-04-13T04:00:00.000Z']);
    expect(app.call('passes.undoClosureQuote', {}, app.owner)).toMatchObject({ closedAt: null, lots: 0, kept: 0 });
    expectSound(app);
  });

  it('takes back a closure on one pass only, and then the pass\'s own extension under it', () => {
    const { app, s, plan, pass } = beanAndBrew();
    const benPass = s.sell(s.customer('Ben'), plan);
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-03', reason: 'Away' }, app.owner);
    later(app, '2026-03-01T15:05:00.000Z');
    app.call('passes.extendAll', { clientId: cid(), endingFrom: '2026-03-25', endingThrough: '2026-04-05', through: '2026-04-12', reason: 'Closed for works' }, app.owner);
    later(app, '2026-03-01T15:10:00.000Z');
    const end = (passId: number) => app.call('passes.get', { passId }).lots[0]!.expiresAt;
    expect([end(pass), end(benPass)]).toEqual(['2026-04-13T04:00:00.000Z', '2026-04-13T04:00:00.000Z']);
    const r = app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'She is away then anyway' }, app.owner);
    expect(r.undone).toMatchObject({ extendedReason: 'Closed for works', lots: [{ lotId: 1, expiresAt: '2026-04-04T04:00:00.000Z' }] });
    expect([end(pass), end(benPass)]).toEqual(['2026-04-04T04:00:00.000Z', '2026-04-13T04:00:00.000Z']);
    later(app, '2026-03-01T15:15:00.000Z');
    expect(app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Back' }, app.owner).undone).toMatchObject({
      extendedReason: 'Away', lots: [{ lotId: 1, extendedTo: '2026-04-04T04:00:00.000Z', expiresAt: '2026-04-01T04:00:00.000Z' }],
    });
    expectSound(app);
  });

  it('refuses what it cannot do, writing nothing', () => {
    const { app, s, plan, pass } = beanAndBrew();
    const counts = () => ({ ...ledgerCounts(app.db), extensions: extensions(app) });
    const before = counts();
    const code = (input: Record<string, unknown>, caller = app.owner) => {
      const r = app.dispatch('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Wrong day', ...input }, caller);
      return r.ok ? 'OK' : r.error.code;
    };
    expect(code({})).toBe('VALIDATION'); // never extended
    expect(code({ passId: 999 })).toBe('NOT_FOUND');
    expect(code({ reason: 'x'.repeat(10_000) })).toBe('VALIDATION');
    expect(code({ reason: '' })).toBe('VALIDATION');
    expect(code({ extra: 1 })).toBe('VALIDATION');
    expect(code({ passId: '1' })).toBe('VALIDATION');
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-15', reason: 'Away' }, app.owner);
    const extended = counts();
    expect(code({}, {})).toBe('FORBIDDEN');
    expect(codeOf(app, 'passes.undoExtensionQuote', { passId: pass })).toBe('FORBIDDEN');
    expect(codeOf(app, 'passes.undoExtensionQuote', { passId: pass, extra: 1 }, app.owner)).toBe('VALIDATION');
    expect(counts()).toEqual(extended);
    expect(before.extensions).toBe(0);
    // a cancelled pass: its credits were paid back, there is no end to move
    const other = s.sell(s.customer('Ben'), plan);
    app.call('passes.extend', { clientId: cid(), passId: other, through: '2026-04-15', reason: 'Away' }, app.owner);
    app.call('passes.refund', { clientId: cid(), passId: other, reason: 'Moving', paymentMethod: 'cash' }, app.owner);
    expect(code({ passId: other })).toBe('PASS_CLOSED');
    expectSound(app);
  });
});

describe('passes.undoClosure: the shop\'s last closure taken back for every pass', () => {
  const later = (app: ReturnType<typeof tempApp>, iso: string) => { app.clockControl.set(iso); app.owner = ownerSession(app, '2468'); };

  it('moves back every end the closure gave that still stands; a pass extended again since keeps it, one taken back on top is included', () => {
    const { app, s, plan, pass, customer } = beanAndBrew(); // Anna: 25 drinks ending March 31
    const ben = s.sell(s.customer('Ben'), plan);
    const cy = s.sell(s.customer('Cy'), plan);
    expect(app.call('passes.undoClosureQuote', {}, app.owner)).toEqual({ closedAt: null, reason: null, extendedTo: null, passes: 0, customers: 0, lots: 0, credits: [], kept: 0 });
    // a year typed wrong: 2027 for 2026
    app.call('passes.extendAll', { clientId: cid(), endingFrom: '2026-03-25', endingThrough: '2026-04-05', through: '2027-04-12', reason: 'Closed for works' }, app.owner);
    later(app, '2026-03-01T15:05:00.000Z');
    // Ben's extended again on top (his own), Cy's own extension made and taken back on top of the closure
    app.call('passes.extend', { clientId: cid(), passId: ben, through: '2027-05-01', reason: 'Abroad' }, app.owner);
    app.call('passes.extend', { clientId: cid(), passId: cy, through: '2027-05-01', reason: 'Abroad' }, app.owner);
    later(app, '2026-03-01T15:10:00.000Z');
    app.call('passes.undoExtension', { clientId: cid(), passId: cy, reason: 'Not abroad after all' }, app.owner);
    later(app, '2026-03-01T15:15:00.000Z');

    const before = { ...ledgerCounts(app.db), extensions: extensions(app) };
    const quote = app.call('passes.undoClosureQuote', {}, app.owner);
    expect(quote).toEqual({
      closedAt: '2026-03-01T15:00:00.000Z', reason: 'Closed for works', extendedTo: '2027-04-13T04:00:00.000Z',
      passes: 2, customers: 2, lots: 2, credits: [{ unit: 'drink', credits: '50' }], kept: 0,
    });
    expect({ ...ledgerCounts(app.db), extensions: extensions(app) }).toEqual(before);
    const input = { clientId: cid(), reason: 'Typed 2027 for 2026' };
    const r = app.call('passes.undoClosure', input, app.owner);
    expect(r).toEqual(quote);
    expect(app.call('passes.undoClosure', input, app.owner)).toEqual(r); // a retry: the first answer, nothing written
    expect(extensions(app)).toBe(before.extensions + 2);
    const end = (passId: number) => app.call('passes.get', { passId }).lots[0]!.expiresAt;
    expect([end(pass), end(ben), end(cy)]).toEqual(['2026-04-01T04:00:00.000Z', '2027-05-02T04:00:00.000Z', '2026-04-01T04:00:00.000Z']);
    expect(app.call('owner.history', { customerId: customer, limit: 1, offset: 0 }, app.owner).entries[0]).toMatchObject({
      kind: 'extend_undo', description: '25 drinks extension taken back: valid through Mar 31, 2026 instead of Apr 12, 2027', reason: 'Typed 2027 for 2026',
    });
    // nothing left of that closure, and no closure before it: refused, nothing written
    const n = extensions(app);
    const again = app.dispatch('passes.undoClosure', { clientId: cid(), reason: 'Again' }, app.owner);
    expect(again.ok ? 'OK' : again.error.code).toBe('VALIDATION');
    expect(extensions(app)).toBe(n);
    expect(codeOf(app, 'passes.undoClosure', { clientId: cid(), reason: 'x' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'passes.undoClosureQuote', {})).toBe('FORBIDDEN');
    expect(codeOf(app, 'passes.undoClosure', { clientId: cid(), reason: '' }, app.owner)).toBe('VALIDATION');
    // back at their granted end, the drinks expire at March's end as the plan says
    app.clockControl.set('2026-04-01T04:00:00.000Z');
    expect(runDueCloses(app.db, app.clock.now().getTime())).toMatchObject({ lotsExpired: 2, breakageMinor: 10_000 });
    expectSound(app);
  });
});
