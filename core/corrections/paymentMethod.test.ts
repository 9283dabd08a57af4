// A payment's way corrected: the cashier tapped Cash for a pass the customer paid by card. The till, the books'
// accounts, the day's list and the corrections report follow the correction; what is paid back later goes back the
// corrected way; a retry writes nothing twice; a wrong request says why and writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, ownerSession, tempApp, tempDir, type TestApp } from '../../test/support/tempApp';
import { ledgerViolations } from '../../test/support/seedChecks';
import { run, skipWithout } from '../../test/support/bookTools';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from '../passes/scenario';
import { exportChunks } from '../exports/exports';
import { collect } from '../books/stream';
import { buildStatement as referenceStatement, statementView as referenceView } from '../../test/support/statementReference';

function shop() {
  const app = tempApp(); // New York, clock at 2026-03-01 10:00 local
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const month = s.plan({ name: 'Coffee Pass', credits: '10', price: '50.00', validity: 'month', overagePolicy: 'allow', overagePricePerCredit: '4.00' });
  const ada = s.customer('Ada Lovelace');
  return { app, s, capp, month, ada };
}
const day = (app: TestApp, date = '2026-03-01') => app.call('reports.daily', { from: date, to: date }, app.owner).totals;
const list = (app: TestApp, date = '2026-03-01') => app.call('payments.list', { date }, app.owner).payments;
const ok = (app: TestApp) => {
  expect(unbalancedTransactions(app.db)).toEqual([]);
  expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
};

describe('payments.changeMethod', () => {
  it('moves a pass sale tapped as cash to card: the till, the accounts, the day\'s list and the corrections report say card', () => {
    const { app, s, month, ada } = shop();
    const pass = s.sell(ada, month, 'cash');
    const [sale] = list(app);
    expect(sale).toMatchObject({ kind: 'sale', passId: pass, customerName: 'Ada Lovelace', planName: 'Coffee Pass', amount: '50.00', paymentMethod: 'cash', recordedMethod: 'cash', changes: [] });
    expect(day(app).till).toEqual({ cash: '50.00', card: '0.00', other: '0.00' });

    app.clockControl.advance(3 * 3_600_000); // at the evening's till count
    Object.assign(app.owner, ownerSession(app, '2468'));
    const id = cid();
    const input = { clientId: id, paymentId: sale!.paymentId, paymentMethod: 'card' as const, reason: 'Paid by card, tapped Cash' };
    const r = app.call('payments.changeMethod', input, app.owner);
    expect(r).toEqual({ changeId: 1, at: '2026-03-01T18:00:00.000Z', paymentId: sale!.paymentId, saleId: null, from: 'cash', to: 'card', amount: '50.00' });
    expect([accountBalance(app.db, 'assets:cash'), accountBalance(app.db, 'assets:card')]).toEqual([0, 5000]);
    expect(day(app)).toMatchObject({ sales: 1, salesAmount: '50.00', payments: '50.00', refunds: '0.00', till: { cash: '0.00', card: '50.00', other: '0.00' } });
    expect(list(app)[0]).toMatchObject({ paymentMethod: 'card', recordedMethod: 'cash', changes: [{ at: '2026-03-01T18:00:00.000Z', from: 'cash', to: 'card', reason: 'Paid by card, tapped Cash' }] });
    // the refund dialogs start on the way it was paid
    expect(app.call('owner.lots', { passId: pass }, app.owner).lots[0]).toMatchObject({ source: 'sale', paidBy: 'card' });
    // the customer's history says it, with the reason; no credits or money move for her
    const history = app.call('owner.history', { customerId: ada, limit: 10, offset: 0 }, app.owner);
    expect(history.entries.map((e) => [e.kind, e.description, e.credits, e.money, e.reason])).toEqual([
      ['method', 'Paid by card, not cash: $50.00 (pass sold)', '0', null, 'Paid by card, tapped Cash'],
      ['sale', 'Coffee Pass', '10', '50.00', null],
    ]);
    const report = app.call('reports.corrections', { from: '2026-03-01', to: '2026-03-01' }, app.owner);
    expect(report.entries.map((c) => [c.kind, c.by, c.customerName, c.description, c.money, c.reason])).toEqual([
      ['method', 'owner', 'Ada Lovelace', 'Paid by card, not cash: $50.00 (pass sold)', null, 'Paid by card, tapped Cash'],
    ]);
    ok(app);

    // asked again (the answer was lost): the same answer, nothing written twice
    const counts = ledgerCounts(app.db);
    expect(app.call('payments.changeMethod', input, app.owner)).toEqual(r);
    expect(ledgerCounts(app.db)).toEqual(counts);
    expect(codeOf(app, 'payments.changeMethod', { ...input, paymentMethod: 'other' }, app.owner)).toBe('CONFLICT');
  });

  it('counts a correction on the day it is made, so a day already counted keeps its till', () => {
    const { app, s, month, ada } = shop();
    s.sell(ada, month, 'cash');
    const paymentId = list(app)[0]!.paymentId;
    app.clockControl.advance(24 * 3_600_000); // the next morning
    Object.assign(app.owner, ownerSession(app, '2468'));
    app.call('payments.changeMethod', { clientId: cid(), paymentId, paymentMethod: 'card', reason: 'Card slip found in the drawer' }, app.owner);
    expect(day(app, '2026-03-01').till).toEqual({ cash: '50.00', card: '0.00', other: '0.00' });
    expect(day(app, '2026-03-02')).toMatchObject({ sales: 0, payments: '0.00', till: { cash: '-50.00', card: '50.00', other: '0.00' } });
    const accounts = app.call('reports.accounts', { month: '2026-03' }, app.owner).accounts;
    expect(accounts.filter((a) => a.account.startsWith('assets:')).map((a) => [a.account, a.closing])).toEqual([['assets:card', '50.00'], ['assets:cash', '0.00']]);
    ok(app);
  });

  it('pays back the corrected way: the counter\'s undo of the purchase, a settled overage\'s void, and a refund paid back the wrong way', () => {
    const { app, s, capp, month, ada } = shop();
    const pass = s.sell(ada, month, 'cash');
    const sale = list(app)[0]!;
    app.call('payments.changeMethod', { clientId: cid(), paymentId: sale.paymentId, paymentMethod: 'card', reason: 'Tapped the wrong way' }, app.owner);
    // undone at the counter within its window: the money goes back to the card, not out of the drawer
    const lotId = app.call('owner.lots', { passId: pass }, app.owner).lots[0]!.id;
    const undo = app.call('passes.undoPurchase', { clientId: cid(), passId: pass, lotId });
    expect(undo.undone).toMatchObject({ paymentMethod: 'card', refunded: '50.00' });
    expect([accountBalance(app.db, 'assets:cash'), accountBalance(app.db, 'assets:card')]).toEqual([0, 0]);
    ok(app);

    // overage paid at the counter in cash, corrected to card, then the redemption voided: back to the card
    const second = s.sell(ada, month, 'card');
    s.redeem(second, [[capp, '11']], { overageSettlement: 'now', paymentMethod: 'cash' });
    const overage = list(app).find((p) => p.kind === 'overage')!;
    expect(overage).toMatchObject({ amount: '4.00', paymentMethod: 'cash' });
    app.call('payments.changeMethod', { clientId: cid(), paymentId: overage.paymentId, paymentMethod: 'card', reason: 'Paid the extra by card' }, app.owner);
    const red = app.db.prepare('SELECT max(id) AS id FROM redemptions').get() as { id: number };
    const voided = app.call('redemptions.void', { clientId: cid(), redemptionId: red.id, reason: 'Rung up twice' }, app.owner);
    expect(voided.moneyBack).toEqual([{ method: 'card', amount: '4.00' }]);
    ok(app);

    // a refund paid back from the drawer but recorded as card: corrected, the refund's amount moves the other way
    const refund = app.call('passes.refundCredits', { clientId: cid(), passId: second, credits: '2', reason: 'Moving away', paymentMethod: 'card' }, app.owner);
    const back = list(app).filter((p) => p.kind === 'refund').at(-1)!;
    expect(back).toMatchObject({ amount: `-${refund.refunded}`, paymentMethod: 'card' });
    const cashBefore = accountBalance(app.db, 'assets:cash');
    const r = app.call('payments.changeMethod', { clientId: cid(), paymentId: back.paymentId, paymentMethod: 'cash', reason: 'Paid back from the drawer' }, app.owner);
    expect(r).toMatchObject({ from: 'card', to: 'cash', amount: `-${refund.refunded}` });
    expect(refund.refunded).toBe('10.00');
    expect(accountBalance(app.db, 'assets:cash')).toBe(cashBefore - 1000);
    ok(app);
  });

  it('corrects a sale without a pass: its void goes back the corrected way; once reversed, its way is not changed', () => {
    const { app, capp } = shop();
    const sale = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '2' }], paymentMethod: 'cash' });
    app.call('payments.changeMethod', { clientId: cid(), saleId: sale.saleId, paymentMethod: 'other', reason: 'Paid with a voucher' }, app.owner);
    expect(app.call('cashSales.list', { date: '2026-03-01' }, app.owner).sales[0]).toMatchObject({
      saleId: sale.saleId, paymentMethod: 'other', recordedMethod: 'cash', changes: [{ at: '2026-03-01T15:00:00.000Z', from: 'cash', to: 'other', reason: 'Paid with a voucher' }],
    });
    expect(day(app).till).toEqual({ cash: '0.00', card: '0.00', other: '9.00' });
    const voided = app.call('cashSales.void', { clientId: cid(), saleId: sale.saleId, reason: 'Brought back' }, app.owner);
    expect(voided.paymentMethod).toBe('other');
    expect(day(app).till).toEqual({ cash: '0.00', card: '0.00', other: '0.00' });
    ok(app);
    const counts = ledgerCounts(app.db);
    expect(codeOf(app, 'payments.changeMethod', { clientId: cid(), saleId: sale.saleId, paymentMethod: 'card', reason: 'Too late' }, app.owner)).toBe('ALREADY_VOIDED');
    expect(ledgerCounts(app.db)).toEqual(counts);
  });

  it('refuses what it cannot correct, saying why, and writes nothing', () => {
    const { app, s, month, ada } = shop();
    s.sell(ada, month, 'cash');
    const paymentId = list(app)[0]!.paymentId;
    const counts = ledgerCounts(app.db);
    const refusal = (input: Record<string, unknown>, role = app.owner) => {
      try { app.call('payments.changeMethod', { clientId: cid(), reason: 'Wrong way', ...input } as never, role); } catch (e) { return [(e as { code: string }).code, (e as Error).message]; }
      return null;
    };
    expect(refusal({ paymentId, paymentMethod: 'cash' })).toEqual(['VALIDATION', 'paymentMethod: it already says cash.']);
    expect(refusal({ paymentId: 999, paymentMethod: 'card' })).toEqual(['NOT_FOUND', 'There is no payment 999.']);
    expect(refusal({ saleId: 999, paymentMethod: 'card' })).toEqual(['NOT_FOUND', 'There is no cash sale 999.']);
    expect(refusal({ paymentId, saleId: 1, paymentMethod: 'card' })?.[0]).toBe('VALIDATION');
    expect(refusal({ paymentMethod: 'card' })?.[0]).toBe('VALIDATION');
    expect(refusal({ paymentId, paymentMethod: 'cheque' })?.[0]).toBe('VALIDATION');
    expect(refusal({ paymentId, paymentMethod: 'card', reason: '   ' })?.[0]).toBe('VALIDATION');
    // the counter cannot move money between ways: only the owner, with the PIN
    expect(refusal({ paymentId, paymentMethod: 'card' }, {} as typeof app.owner)?.[0]).toBe('FORBIDDEN');
    expect(ledgerCounts(app.db)).toEqual(counts);
  });

  it('the customer\'s statement says the corrected way, and the reference statement the property tests check it against agrees', () => {
    const { app, s, month, ada } = shop();
    s.sell(ada, month, 'cash');
    app.call('payments.changeMethod', { clientId: cid(), paymentId: list(app)[0]!.paymentId, paymentMethod: 'card', reason: 'Paid by card' }, app.owner);
    const from = '2026-03-01T00:00:00.000Z';
    const st = app.call('statements.get', { customerId: ada, from }, app.owner);
    expect(st.payments.map((p) => [p.kind, p.method, p.amount])).toEqual([['sale', 'card', '50.00']]);
    const ref = referenceView(referenceStatement(app.db, { customerId: ada, from: Date.parse(from), to: Date.parse(st.to) }));
    expect(ref.payments).toEqual(st.payments);
  });

  it('writes the correction into the hledger and beancount journals, which the real tools accept', () => {
    const { app, s, month, ada } = shop();
    s.sell(ada, month, 'cash');
    app.call('payments.changeMethod', { clientId: cid(), paymentId: list(app)[0]!.paymentId, paymentMethod: 'card', reason: 'Paid by card' }, app.owner);
    const now = app.clockControl.now().getTime();
    const hl = collect(exportChunks(app.db, 'journal', 'hledger', now).chunks);
    const bc = collect(exportChunks(app.db, 'journal', 'beancount', now).chunks);
    expect(hl).toMatch(/Pass sold: paid by card, not cash: Paid by card[^\n]*\n[^\n]*kind:payment_method/);
    if (skipWithout('hledger') || skipWithout('bean-check')) return;
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'b.journal'), hl);
    fs.writeFileSync(path.join(dir, 'b.beancount'), bc);
    expect(run('hledger', ['-f', path.join(dir, 'b.journal'), 'check', '-s']).err).toBe('');
    expect(run('hledger', ['-f', path.join(dir, 'b.journal'), 'bal', '--flat', '--no-total', '^assets:']).out.trim()).toBe('50.00 USD  assets:card');
    expect(run('bean-check', [path.join(dir, 'b.beancount')]).err.trim()).toBe('');
  });
});
