// The counter's undo of a sale or top-up rung up by mistake: all its money back the way it was paid, only while
// it is the newest thing on its pass and inside the undo window; otherwise a clear refusal and nothing written.
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp } from '../../test/support/tempApp';
import { ledgerViolations } from '../../test/support/seedChecks';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from '../passes/scenario';

function shop() {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
  const pack = s.plan({ name: '10 more drinks', kind: 'topup', credits: '10', price: '18', validity: 'none' });
  return { app, s, capp, plan, pack };
}

const refusal = (app: ReturnType<typeof tempApp>, input: Record<string, unknown>) => {
  const r = app.dispatch('passes.undoPurchase', input);
  return r.ok ? null : { code: r.error.code, message: r.error.message, details: r.error.details };
};

describe('passes.undoPurchase', () => {
  it('undoes a sale paid by card: the card gets all of it back, the pass is cancelled, the day nets to nothing', () => {
    const { app, s, capp, plan } = shop();
    const sold = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Ann'), planId: plan, paymentMethod: 'card' });
    app.clockControl.advance(30_000);
    const id = cid();
    const u = app.call('passes.undoPurchase', { clientId: id, passId: sold.id, lotId: sold.bought!.lotId });
    expect(u.undone).toEqual({ kind: 'sale', credits: '25', refunded: '50.00', paymentMethod: 'card' });
    expect(u).toMatchObject({ status: 'cancelled', balance: '0', lots: [] });
    expect(accountBalance(app.db, 'assets:card')).toBe(0);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(0);
    expect(unbalancedTransactions(app.db)).toEqual([]);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
    // the day shows the sale and the money going back: the card terminal nets to zero
    const day = app.call('reports.daily', { from: '2026-03-01', to: '2026-03-01' }, app.owner).totals;
    expect(day).toMatchObject({ sales: 1, salesAmount: '50.00', refunds: '50.00', till: { cash: '0.00', card: '0.00', other: '0.00' } });
    // the owner's history says why
    expect(app.db.prepare("SELECT reason, money_minor, payment_method FROM corrections WHERE pass_id = ?").all(sold.id))
      .toEqual([{ reason: 'Rung up by mistake: undone at the counter', money_minor: 5000, payment_method: 'card' }]);
    const history = app.call('owner.history', { customerId: sold.customerId, limit: 20, offset: 0 }, app.owner).entries;
    expect(history.map((e) => [e.kind, e.description, e.credits, e.money])).toEqual([
      ['refund', 'Sale undone at the counter; the pass is cancelled', '-25', '-50.00'],
      ['sale', 'Coffee Pass', '25', '50.00'],
    ]);
    // a double tap replays the answer and writes nothing; a second undo is refused; the pass redeems no more
    const counts = ledgerCounts(app.db);
    expect(app.call('passes.undoPurchase', { clientId: id, passId: sold.id, lotId: sold.bought!.lotId })).toEqual(u);
    expect(refusal(app, { clientId: cid(), passId: sold.id, lotId: sold.bought!.lotId })).toEqual({
      code: 'UNDO_WINDOW_PASSED', message: 'This sale was already undone or refunded.', details: { passId: sold.id, lotId: sold.bought!.lotId, reason: 'UNDONE' },
    });
    expect(ledgerCounts(app.db)).toEqual(counts);
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: sold.id, items: [{ itemId: capp, quantity: '1' }] })).toBe('PASS_CLOSED');
  });

  it('undoes a top-up: its lot alone goes back, paid the way it was paid, and the pass is as it was before', () => {
    const { app, s, capp, plan, pack } = shop();
    const pass = s.sell(s.customer('Ben'), plan, 'cash');
    s.redeem(pass, [[capp, '2']]);
    const before = app.call('passes.get', { passId: pass });
    app.clockControl.advance(60_000);
    const topped = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'other' });
    expect(topped.balance).toBe('33');
    const u = app.call('passes.undoPurchase', { clientId: cid(), passId: pass, lotId: topped.bought!.lotId });
    expect(u.undone).toEqual({ kind: 'topup', credits: '10', refunded: '18.00', paymentMethod: 'other' });
    expect(u.status).toBe('active');
    expect(u.balance).toBe('23');
    expect(u.lots).toEqual(before.lots);
    expect(accountBalance(app.db, 'assets:other')).toBe(0);
    expect(accountBalance(app.db, 'assets:cash')).toBe(5000);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', pass)).toBe(-4600); // $50 less 2 drinks at $2
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
    // the pass goes on: the next drink draws from the sale's lot, and a refund later pays back only that lot
    expect(s.redeem(pass, [[capp, '1']]).balanceAfter).toBe('22');
    expect(app.call('passes.refundQuote', { passId: pass }, app.owner).refunded).toBe('44.00');
    // the owner's history says what happened, and why
    const ben = app.call('passes.get', { passId: pass }).customerId;
    const undone = app.call('owner.history', { customerId: ben, limit: 20, offset: 0 }, app.owner).entries.find((e) => e.kind === 'refund')!;
    expect(undone).toMatchObject({ description: 'Top-up undone at the counter', credits: '-10', money: '-18.00', reason: 'Rung up by mistake: undone at the counter' });
  });

  it('refuses once the window has passed, or once the pass was used since, and writes nothing', () => {
    const { app, s, capp, plan, pack } = shop();
    const pass = s.sell(s.customer('Cy'), plan);
    const saleLot = app.call('passes.get', { passId: pass }).lots[0]!.id;
    // used since: a redemption after the sale
    s.redeem(pass, [[capp, '1']]);
    let counts = ledgerCounts(app.db);
    expect(refusal(app, { clientId: cid(), passId: pass, lotId: saleLot })).toEqual({
      code: 'UNDO_WINDOW_PASSED', message: 'The pass was used after this sale, so the counter cannot undo it; the owner can refund it.',
      details: { passId: pass, lotId: saleLot, reason: 'USED' },
    });
    // a top-up, then a drink (from the older lot): the top-up is no longer the last thing either
    const t = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    s.redeem(pass, [[capp, '1']]);
    counts = ledgerCounts(app.db);
    expect(refusal(app, { clientId: cid(), passId: pass, lotId: t.bought!.lotId })?.details).toEqual({ passId: pass, lotId: t.bought!.lotId, reason: 'USED' });
    // the window: 120 s by default, to the millisecond
    const t2 = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    app.clockControl.advance(120_001);
    counts = ledgerCounts(app.db);
    expect(refusal(app, { clientId: cid(), passId: pass, lotId: t2.bought!.lotId })).toEqual({
      code: 'UNDO_WINDOW_PASSED', message: 'The undo window (120 s) has passed; the owner can refund it.',
      details: { passId: pass, lotId: t2.bought!.lotId, reason: 'EXPIRED', undoUntil: new Date(Date.parse(t2.lots.find((l) => l.id === t2.bought!.lotId)!.grantedAt) + 120_000).toISOString() },
    });
    // not a sale or top-up of this pass: an owner's adjustment lot, another pass's lot, no such lot
    app.call('passes.adjust', { clientId: cid(), passId: pass, credits: '2', reason: 'Spilled drink' }, app.owner);
    const adjusted = app.call('passes.get', { passId: pass }).lots.find((l) => l.source === 'adjustment')!.id;
    const other = s.sell(s.customer('Di'), plan);
    counts = ledgerCounts(app.db);
    expect(codeOf(app, 'passes.undoPurchase', { clientId: cid(), passId: pass, lotId: adjusted })).toBe('NOT_FOUND');
    expect(codeOf(app, 'passes.undoPurchase', { clientId: cid(), passId: other, lotId: saleLot })).toBe('NOT_FOUND');
    expect(codeOf(app, 'passes.undoPurchase', { clientId: cid(), passId: pass, lotId: 9999 })).toBe('NOT_FOUND');
    expect(codeOf(app, 'passes.undoPurchase', { clientId: cid(), passId: 9999, lotId: saleLot })).toBe('NOT_FOUND');
    expect(codeOf(app, 'passes.undoPurchase', { clientId: cid(), passId: pass })).toBe('VALIDATION');
    expect(ledgerCounts(app.db)).toEqual(counts);
  });

  it('a pass of three months sold by mistake: all three months come back, not only the first', () => {
    const { app, s, plan: _ } = shop();
    const term = s.plan({ name: 'Quarter', credits: '20', price: '40', validity: 'month', periods: 3 });
    const sold = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Eve'), planId: term, paymentMethod: 'cash' });
    expect(sold.bought!.paid).toBe('120.00');
    const u = app.call('passes.undoPurchase', { clientId: cid(), passId: sold.id, lotId: sold.bought!.lotId });
    expect(u.undone).toEqual({ kind: 'sale', credits: '20', refunded: '120.00', paymentMethod: 'cash' });
    expect(accountBalance(app.db, 'assets:cash')).toBe(0);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(0);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
  });
});
