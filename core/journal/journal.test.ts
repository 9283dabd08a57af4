// The money journal: balanced transactions only, accounts moving as the design card says.
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from '../passes/scenario';
import { ACCOUNTS, postJournal, UnbalancedJournalError } from './journal';

describe('journal', () => {
  it('refuses a transaction that does not sum to zero, writing nothing', () => {
    const app = tempApp();
    const before = ledgerCounts(app.db);
    expect(() => postJournal(app.db, { kind: 'test', memo: 'bad', passId: null, customerId: null, at: 0, lines: [
      { account: ACCOUNTS.cash, amount: 100 }, { account: ACCOUNTS.deferred, amount: -99 },
    ] })).toThrow(UnbalancedJournalError);
    expect(() => postJournal(app.db, { kind: 'test', memo: 'bad', passId: null, customerId: null, at: 0, lines: [
      { account: ACCOUNTS.cash, amount: 0.5 }, { account: ACCOUNTS.deferred, amount: -0.5 },
    ] })).toThrow(UnbalancedJournalError);
    expect(ledgerCounts(app.db)).toEqual(before);
  });

  it('moves the accounts of the design card through a day at the counter, every transaction balanced', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const cap = s.item('Cappuccino', '1', '4.50');
    const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', overagePolicy: 'allow' });
    const pass = s.sell(s.customer(), plan, 'card');                 // card ↑ 50, deferred ↑ 50
    expect(accountBalance(app.db, ACCOUNTS.card)).toBe(5000);
    s.redeem(pass, [[cap, '24']]);                                     // deferred ↓ 48, revenue ↑ 48
    s.redeem(pass, [[cap, '2']], { overageSettlement: 'account' });    // deferred ↓ 2, revenue ↑ 2; receivable ↑ 4.50, overage ↑ 4.50
    app.clockControl.advance(90_000);
    const payId = cid();
    const paid = app.call('passes.settleOverage', { clientId: payId, passId: pass, amount: '4.5', paymentMethod: 'cash' }); // cash ↑, receivable ↓
    // the receipt's facts come from the ledger: the payment's number, the amount as stored, and when it was written
    const row = app.db.prepare(`SELECT id, amount_minor, occurred_at FROM payments WHERE kind = 'settlement'`).get() as { id: number; amount_minor: number; occurred_at: number };
    expect(paid.settled).toEqual({ paymentId: row.id, amount: '4.50', paymentMethod: 'cash', at: new Date(row.occurred_at).toISOString() });
    expect(paid.settled!.at).toBe(app.clock.now().toISOString());
    app.clockControl.advance(60_000); // a retry later answers the first payment, dated as written
    expect(app.call('passes.settleOverage', { clientId: payId, passId: pass, amount: '4.5', paymentMethod: 'cash' }).settled).toEqual(paid.settled);
    expect(accountBalance(app.db, ACCOUNTS.deferred)).toBe(0);
    expect(accountBalance(app.db, ACCOUNTS.redemptions)).toBe(-5000);
    expect(accountBalance(app.db, ACCOUNTS.overage)).toBe(-450);
    expect(accountBalance(app.db, ACCOUNTS.receivable)).toBe(0);
    expect(accountBalance(app.db, ACCOUNTS.cash)).toBe(450);
    expect(unbalancedTransactions(app.db)).toEqual([]);
    const sum = app.db.prepare('SELECT sum(amount_minor) AS n FROM journal_lines').get();
    expect(sum).toEqual({ n: 0 });
    // every line carries its pass and customer for per-pass statements
    expect(app.db.prepare('SELECT count(*) AS n FROM journal_lines WHERE pass_id IS NULL OR customer_id IS NULL').get()).toEqual({ n: 0 });
  });

  it('multi-period plans take all periods at the sale; the later periods wait in deferred revenue without a lot', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const pass = s.sell(s.customer(), s.plan({ name: 'Quarter', credits: '10', price: '30', validity: 'month', periods: 3 }));
    expect(accountBalance(app.db, ACCOUNTS.cash)).toBe(9000);
    expect(app.db.prepare('SELECT lot_id, amount_minor FROM journal_lines WHERE account = ? ORDER BY id').all(ACCOUNTS.deferred))
      .toEqual([{ lot_id: 1, amount_minor: -3000 }, { lot_id: null, amount_minor: -6000 }]);
    const r = app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'changed mind', paymentMethod: 'cash' }, app.owner);
    expect(r.refunded).toBe('90.00');
    expect(accountBalance(app.db, ACCOUNTS.deferred)).toBe(0);
  });
});
