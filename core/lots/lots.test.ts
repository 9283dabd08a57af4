// Lots: consumption order, one entry per lot touched, cumulative revenue rounding, append-only tables.
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { accountBalance, cid, scenario, unbalancedTransactions } from '../passes/scenario';
import { grantLot, sortForConsumption, type LiveLot } from './lots';
import { checkProjections } from './projections';

const lot = (id: number, source: LiveLot['source'], expires: number | null, paid: number, amount: number, granted = id): LiveLot => ({
  id, pass_id: 1, source, amount_units: amount, paid_minor: paid, granted_at: granted, expires_at: expires, rolled_times: 0,
  remaining_units: amount, consumed_units: 0, recognized_minor: 0, released_minor: 0,
});

describe('consumption order', () => {
  const lots = [
    lot(1, 'sale', null, 5000, 25_000_000),        // never expires, $2.00
    lot(2, 'topup', 2000, 2000, 10_000_000),       // expires later, $2.00
    lot(3, 'promo', 1000, 0, 2_000_000),           // expires first, free
    lot(4, 'rollover', 1000, 1000, 5_000_000),     // expires first, $2.00
    lot(5, 'sale', 1000, 1000, 5_000_000, 0),      // expires first, $2.00, older than lot 4
  ];
  it('default: soonest expiry, then lowest cost basis, then oldest; no expiry last', () => {
    expect(sortForConsumption(lots, 'default').map((l) => l.id)).toEqual([3, 5, 4, 2, 1]);
  });
  it('rollover_first / rollover_last move rollover lots, the rest in the default order', () => {
    expect(sortForConsumption(lots, 'rollover_first').map((l) => l.id)).toEqual([4, 3, 5, 2, 1]);
    expect(sortForConsumption(lots, 'rollover_last').map((l) => l.id)).toEqual([3, 5, 2, 1, 4]);
  });
  it('compares cost basis exactly ($10 for 3 is dearer than $3.33 for 1)', () => {
    const a = lot(1, 'sale', null, 1000, 3_000_000);
    const b = lot(2, 'sale', null, 333, 1_000_000);
    expect(sortForConsumption([a, b], 'default').map((l) => l.id)).toEqual([2, 1]);
  });
});

describe('drawdown across lots', () => {
  it('spans several lots with one entry per lot touched, in the pass order (rollover_first)', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const drink = s.item('Latte', '1', '4.00');
    const plan = s.plan({ name: 'Pass', credits: '3', price: '6', validity: 'month', consumptionOrder: 'rollover_first' });
    const pass = s.sell(s.customer(), plan);
    const pack = s.plan({ name: 'Pack', kind: 'topup', credits: '2', price: '5' });
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    // a rollover lot as period close would write it (never expires here, so only the option puts it first)
    const rolled = app.db.transaction(() => grantLot(app.db, {
      passId: pass, source: 'rollover', planId: null, amountUnits: 1_000_000, paidMinor: 200, grantedAt: app.clock.now().getTime(),
      expiresAt: null, createdBy: 'test',
    }))();
    app.db.prepare("INSERT INTO journal_tx (kind, memo, pass_id, occurred_at) VALUES ('test', 'cash for the test rollover lot', ?, 0)").run(pass);
    const tx = (app.db.prepare('SELECT max(id) AS id FROM journal_tx').get() as { id: number }).id;
    app.db.prepare("INSERT INTO journal_lines (tx_id, account, amount_minor, pass_id, lot_id) VALUES (?, 'assets:cash', 200, ?, NULL), (?, 'liabilities:deferred-revenue', -200, ?, ?)").run(tx, pass, tx, pass, rolled);
    expect(s.balance(pass)).toBe('6');
    const r = s.redeem(pass, [[drink, '5.5']]);
    expect(r.lotsTouched.map((l) => [l.lotId, l.credits])).toEqual([[rolled, '1'], [1, '3'], [2, '1.5']]);
    const entries = app.db.prepare("SELECT lot_id, credits_units, money_minor FROM lot_entries WHERE redemption_id = ? ORDER BY id").all(r.redemptionId);
    expect(entries).toEqual([
      { lot_id: rolled, credits_units: -1_000_000, money_minor: 200 },
      { lot_id: 1, credits_units: -3_000_000, money_minor: 600 },
      { lot_id: 2, credits_units: -1_500_000, money_minor: 375 },
    ]);
    expect(r.balanceAfter).toBe('0.5');
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });

  it('recognises exactly what was paid once a lot is used up ($10 for 3 credits: 3.33 + 3.34 + 3.33)', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const thing = s.item('Thing', '1', '5.00');
    const pass = s.sell(s.customer(), s.plan({ name: 'Awkward', credits: '3', price: '10' }));
    expect(app.call('passes.get', { passId: pass }).lots[0]?.costBasis).toBe('3.333333');
    const moneyOf = (id: number) => (app.db.prepare("SELECT money_minor AS m FROM lot_entries WHERE redemption_id = ?").get(id) as { m: number }).m;
    const got = [s.redeem(pass, [[thing, '1']]), s.redeem(pass, [[thing, '1']]), s.redeem(pass, [[thing, '1']])].map((r) => moneyOf(r.redemptionId));
    expect(got).toEqual([333, 334, 333]);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-1000);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(0);
    // and in odd fractions: 0.1 at a time, 30 times
    const pass2 = s.sell(s.customer('B'), s.plan({ name: 'Awkward 2', credits: '3', price: '10' }));
    for (let i = 0; i < 30; i += 1) s.redeem(pass2, [[thing, '0.1']]);
    expect(accountBalance(app.db, 'revenue:redemptions', pass2)).toBe(-1000);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', pass2)).toBe(0);
  });
});

describe('append-only ledger', () => {
  it('refuses UPDATE and DELETE on every ledger table', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const thing = s.item('Thing', '1', '1.00');
    const pass = s.sell(s.customer(), s.plan({ name: 'P', credits: '5', price: '5', overagePolicy: 'allow' }));
    s.redeem(pass, [[thing, '6']], { overageSettlement: 'now' });
    app.call('passes.adjust', { clientId: cid(), passId: pass, credits: '1', reason: 'promo' }, app.owner);
    app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '1', reason: 'gift', days: 10 }, app.owner); // credits that end, to extend
    app.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-12-31', reason: 'away' }, app.owner);
    const tables = ['passes', 'lots', 'lot_entries', 'redemptions', 'redemption_lines', 'corrections', 'payments', 'journal_tx', 'journal_lines', 'lot_extensions'];
    for (const t of tables) {
      expect((app.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, t).toBeGreaterThan(0);
      const col = t === 'redemption_lines' ? 'line_no' : 'id'; // keyed by (redemption_id, line_no), no id
      expect(() => app.db.prepare(`UPDATE ${t} SET ${col} = ${col}`).run(), t).toThrow(/append-only/);
      expect(() => app.db.prepare(`DELETE FROM ${t}`).run(), t).toThrow(/append-only/);
    }
    expect(() => app.db.prepare('DELETE FROM lot_balances').run()).toThrow(/never deleted/);
    expect(() => app.db.prepare('DELETE FROM customers').run()).toThrow(/never deleted/);
  });

  it('keeps the lot_balances projection equal to what the entries say', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const thing = s.item('Thing', '0.75', '1.00');
    const pass = s.sell(s.customer(), s.plan({ name: 'P', credits: '10', price: '7' }));
    const r = s.redeem(pass, [[thing, '3']]);
    s.redeem(pass, [[thing, '1']]);
    app.call('redemptions.void', { clientId: cid(), redemptionId: r.redemptionId, reason: 'test' }, app.owner);
    app.call('passes.adjust', { clientId: cid(), passId: pass, credits: '-2', reason: 'test' }, app.owner);
    const rows = app.db.prepare(`SELECT b.lot_id, b.remaining_units, b.recognized_minor + b.released_minor AS money,
        (SELECT sum(credits_units) FROM lot_entries e WHERE e.lot_id = b.lot_id) AS entries_credits,
        (SELECT sum(money_minor) FROM lot_entries e WHERE e.lot_id = b.lot_id) AS entries_money FROM lot_balances b`).all() as Record<string, number>[];
    for (const row of rows) {
      expect(row.remaining_units).toBe(row.entries_credits);
      expect(row.money).toBe(row.entries_money);
    }
    expect(s.balance(pass)).toBe('7.25');
    app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'test', paymentMethod: 'cash' }, app.owner);
    expect(checkProjections(app.db)).toEqual([]);
    // a tampered projection is caught
    app.db.prepare('UPDATE lot_balances SET remaining_units = remaining_units + 1 WHERE lot_id = 1').run();
    app.db.prepare("UPDATE pass_status SET status = 'active'").run();
    expect(checkProjections(app.db).map((m) => [m.table, m.id])).toEqual([['lot_balances', 1], ['pass_status', pass]]);
  });
});
