// The ledger's time never runs backwards: a clock set back after a month-end close cannot undo into a closed
// lot, spend next month's credits last month, or stop later closes.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';
import { runDueCloses } from '../periods/close';
import { ledgerViolations } from '../../test/support/seedChecks';
import { CLOCK_SLACK_MS, lastLedgerInstant } from './ledgerTime';
import { startSchedule } from '../schedule';
import { ownerToken } from '../../test/support/seedShop';

// America/New_York: March ends at 2026-04-01T04:00Z
function shop() {
  const app = tempApp({ start: '2026-03-10T15:00:00Z' });
  const s = scenario(app, app.owner);
  const latte = s.item('Latte', '1', '4.00');
  const plan = s.plan({ name: '10 drinks', credits: '10', price: '20', validity: 'month' });
  return { app, s, latte, plan };
}

describe('ledger time', () => {
  it('a clock set back 90 s after the month-end close: the undo is dated after the close, later closes keep working', () => {
    const { app, s, latte, plan } = shop();
    app.call('shop.update', { clientId: cid(), undoWindowSeconds: 600 }, app.owner);
    const anna = s.sell(s.customer('Anna'), plan);
    const ben = s.sell(s.customer('Ben'), plan);
    app.clockControl.set('2026-04-01T03:58:00Z'); // 23:58 on 31 March
    const r = s.redeem(anna, [[latte, '1']]);
    app.clockControl.set('2026-04-01T04:00:30Z'); // the midnight close
    expect(runDueCloses(app.db, app.clock.now().getTime()).lotsExpired).toBe(2);
    app.clockControl.set('2026-04-01T03:59:00Z'); // a time sync steps the clock back 90 s
    const u = app.call('counter.undo', { clientId: cid(), redemptionId: r.redemptionId });
    // dated at the ledger's last instant, after the close: the closed March lot is not refilled
    const lot = r.lotsTouched[0]!.lotId;
    expect(u.lotsRestored[0]!.restoredInto).not.toBe(lot);
    expect(app.db.prepare('SELECT remaining_units FROM lot_balances WHERE lot_id = ?').get(lot)).toEqual({ remaining_units: 0 });
    expect(app.db.prepare('SELECT occurred_at FROM corrections').get()).toEqual({ occurred_at: Date.parse('2026-04-01T04:00:30Z') });
    // the next month's close runs (it failed on a second lot_closes row for the refilled lot)
    app.clockControl.set('2026-05-01T04:00:30Z');
    expect(() => runDueCloses(app.db, app.clock.now().getTime())).not.toThrow();
    expect(app.call('passes.get', { passId: ben }).balance).toBe('0');
    expect(ledgerViolations(app, app.clock.now().getTime())).toEqual([]);
  });

  it('a clock well behind the ledger is refused, in words, and nothing is written; reads still answer', () => {
    const { app, s, latte } = shop();
    const plan = s.plan({ name: '10 drinks a month, 3 months', credits: '10', price: '20', validity: 'month', periods: 3 });
    const anna = s.sell(s.customer('Anna'), plan);
    const cleo = s.customer('Cleo');
    app.clockControl.set('2026-04-01T04:00:30Z');
    s.redeem(anna, [[latte, '1']]); // draws from April's allocation, granted at the boundary
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fs.readFileSync(app.file);
    app.clockControl.set('2026-03-31T12:00:00Z'); // a day back: March 31
    const r = app.dispatch('counter.redeem', { clientId: cid(), passId: anna, items: [{ itemId: latte, quantity: '1' }] });
    expect(r.ok ? 'OK' : r.error.code).toBe('CLOCK_BEHIND');
    expect(r.ok ? '' : r.error.message).toMatch(/clock is 16 h 1 min behind the ledger's last entry\. Set the date and time right/);
    expect(r.ok ? null : r.error.details).toEqual({ clockAt: '2026-03-31T12:00:00.000Z', ledgerAt: '2026-04-01T04:00:30.000Z' });
    expect(codeOf(app, 'passes.sell', { clientId: cid(), customerId: cleo, planId: plan, paymentMethod: 'cash' })).toBe('CLOCK_BEHIND');
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(app.file).equals(before)).toBe(true);
    expect(app.call('passes.get', { passId: anna }).balance).toBe('9');
    // the clock set right again: the counter goes on
    app.clockControl.set('2026-04-01T04:05:00Z');
    expect(s.redeem(anna, [[latte, '1']]).balanceAfter).toBe('8');
  });

  it('a clock a little behind (a time sync) dates the write at the ledger\'s last instant', () => {
    const { app, s, latte, plan } = shop();
    const anna = s.sell(s.customer('Anna'), plan);
    const last = lastLedgerInstant(app.db);
    app.clockControl.set(new Date(last - CLOCK_SLACK_MS).toISOString());
    const r = s.redeem(anna, [[latte, '1']]);
    expect(app.db.prepare('SELECT occurred_at FROM redemptions WHERE id = ?').get(r.redemptionId)).toEqual({ occurred_at: last });
    app.clockControl.set(new Date(last - CLOCK_SLACK_MS - 1).toISOString());
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: anna, items: [{ itemId: latte, quantity: '1' }] })).toBe('CLOCK_BEHIND');
  });

  it('reads run up to the ledger\'s last instant when the clock is a little behind it: a pass, the month, a statement agree', () => {
    const { app, s, latte, plan } = shop();
    const anna = s.sell(s.customer('Anna'), plan);
    s.redeem(anna, [[latte, '2']]);
    // the month-end close ran at 00:01 on 1 April (New York); then a time sync set the clock back to 23:58 on 31 March
    app.clockControl.set('2026-04-01T04:01:00.000Z');
    runDueCloses(app.db, Date.parse('2026-04-01T04:01:00.000Z'));
    const ben = s.sell(s.customer('Ben'), plan); // a sale in April
    app.clockControl.set('2026-04-01T03:58:00.000Z');
    // Anna's March credits have ended, as the ledger has it, not still 8 by the clock
    expect(app.call('passes.get', { passId: anna })).toMatchObject({ balance: '0', status: 'ended' });
    const statement = app.call('statements.get', { customerId: app.call('passes.get', { passId: anna }).customerId, from: '2026-03-01' }, app.owner);
    expect(statement.passes[0]!.closing).toBe('0');
    // this month is April, the ledger's, and its accounts hold Ben's sale
    const april = app.call('reports.accounts', {}, app.owner);
    expect(april.month).toBe('2026-04');
    expect(app.call('passes.get', { passId: ben }).balance).toBe('10');
    // the clock check itself still reads the clock: the screens warn that it is behind
    expect(app.call('shop.status', {}).clock).toMatchObject({ state: 'ok' }); // 3 min: inside the slack
    expect(app.call('shop.status', {}).now).toBe('2026-04-01T03:58:00.000Z');
  });

  it('a retry answers from the ledger even while the clock is behind', () => {
    const { app, s, latte, plan } = shop();
    const anna = s.sell(s.customer('Anna'), plan);
    const input = { clientId: cid(), passId: anna, items: [{ itemId: latte, quantity: '1' }] };
    const first = app.call('counter.redeem', input);
    app.clockControl.advance(-86_400_000);
    expect(app.call('counter.redeem', input)).toEqual(first);
  });

  it('the undo window is shut while the clock is behind the redemption', () => {
    const { app, s, latte, plan } = shop();
    const anna = s.sell(s.customer('Anna'), plan);
    s.redeem(anna, [[latte, '1']]);
    app.clockControl.advance(-3_600_000); // an hour back: no time has visibly passed, but none can be measured either
    expect(app.call('counter.recent', { passId: anna }).redemptions[0]!.undoable).toBe(false);
    app.clockControl.advance(3_600_000 + 30_000);
    expect(app.call('counter.recent', { passId: anna }).redemptions[0]!.undoable).toBe(true);
  });

  it('a clock years ahead closes nothing and writes nothing until the owner confirms the date by closing; set right, nothing happened', () => {
    const { app, s, latte } = shop();
    const plan = s.plan({ name: '10 drinks a month, 3 months', credits: '10', price: '20', validity: 'month', periods: 3 });
    const anna = s.sell(s.customer('Anna'), plan);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fs.readFileSync(app.file);
    app.clockControl.set('2029-03-12T15:00:00Z'); // the app starts with a clock three years ahead
    startSchedule(app, { backups: false, timers: false, onError: (e) => { throw e; } }).stop();
    const r = app.dispatch('counter.redeem', { clientId: cid(), passId: anna, items: [{ itemId: latte, quantity: '1' }] });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CLOCK_AHEAD', details: { days: 1098, ledgerAt: '2026-03-10T15:00:00.000Z' } });
    expect(r.ok ? '' : r.error.message).toMatch(/^This computer's clock is 1098 days past the ledger's last entry\. If the shop was closed that long, the owner confirms/);
    expect(app.dispatch('passes.get', { passId: anna }).ok).toBe(true); // reads answer (as of that clock)
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(app.file).equals(before)).toBe(true); // no close, no breakage for months to come
    // the clock set right: nothing happened in the meantime
    app.clockControl.set('2026-03-12T15:00:00Z');
    expect(s.redeem(anna, [[latte, '1']]).balanceAfter).toBe('9');
    expect(app.db.prepare('SELECT count(*) AS n FROM period_close_runs').get()).toEqual({ n: 0 });
  });

  it('after a long closure the owner confirms the date by closing the periods; then the counter goes on', () => {
    const { app, s, latte } = shop();
    const plan = s.plan({ name: '10 drinks a month, 3 months', credits: '10', price: '20', validity: 'month', periods: 3 });
    const anna = s.sell(s.customer('Anna'), plan);
    app.clockControl.set('2026-05-20T15:00:00Z'); // 71 days on: the shop was closed
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: anna, items: [{ itemId: latte, quantity: '1' }] })).toBe('CLOCK_AHEAD');
    const owner = ownerToken(app);
    expect(app.call('periods.close', { clientId: cid() }, owner).totals.boundaries).toBe(2); // 1 April and 1 May
    expect(s.redeem(anna, [[latte, '1']]).balanceAfter).toBe('9'); // May's allocation
  });

  it('shop.status says how the clock stands, so the screens can warn before a write is refused', () => {
    const { app, s } = shop();
    const plan = s.plan({ name: 'Ten', credits: '10', price: '20', validity: 'none' });
    s.sell(s.customer('Anna'), plan);
    const at = app.clock.now().toISOString();
    expect(app.call('shop.status', {}).clock).toEqual({ state: 'ok', ledgerAt: at });
    app.clockControl.advance(-CLOCK_SLACK_MS - 1);
    expect(app.call('shop.status', {}).clock).toEqual({ state: 'behind', ledgerAt: at });
    app.clockControl.set('2026-06-01T15:00:00Z');
    expect(app.call('shop.status', {}).clock).toEqual({ state: 'ahead', ledgerAt: at });
  });
});

