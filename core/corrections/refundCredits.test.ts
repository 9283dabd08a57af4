// passes.refundCredits: some paid credits paid back at their cost basis, the pass staying open.
import { describe, expect, it } from 'vitest';
import { beanAndBrew, expectSound } from '../../test/support/sound';
import { checkProjections } from '../lots/projections';
import { codeOf, tempApp } from '../../test/support/tempApp';
import { accountBalance, cid, ledgerCounts, scenario } from '../passes/scenario';

describe('passes.refundCredits', () => {
  it('pays back 5 of Bean & Brew\'s $2 drinks: $10.00, the pass open with the rest, and the lot still earns exactly its price', () => {
    const { app, s, capp, pass, customer } = beanAndBrew();
    s.redeem(pass, [[capp, '3']]);
    const input = { clientId: cid(), passId: pass, credits: '5', reason: 'Leaving town for the summer', paymentMethod: 'cash' as const };
    expect(app.call('passes.refundQuote', { passId: pass, credits: '5' }, app.owner)).toEqual({ passId: pass, credits: '5', settledOnAccount: '0.00', refunded: '10.00' });
    const r = app.call('passes.refundCredits', input, app.owner);
    expect(r).toMatchObject({ refunded: '10.00', credits: '5', settledOnAccount: '0.00', status: 'active', balance: '17' });
    expect(accountBalance(app.db, 'assets:cash')).toBe(5000 - 1000);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', pass)).toBe(-(5000 - 600 - 1000));
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-600);
    expect(accountBalance(app.db, 'revenue:breakage')).toBe(0);
    expectSound(app);

    // the history and the statement say a refund, in the owner's words, with the money handed back
    const entry = app.call('owner.history', { customerId: customer, limit: 5, offset: 0 }, app.owner).entries[0]!;
    expect(entry).toMatchObject({ kind: 'refund', description: 'Credits refunded; the pass stays open', credits: '-5', money: '-10.00', reason: 'Leaving town for the summer' });
    const st = app.call('statements.get', { customerId: customer, from: '2026-03-01T05:00:00.000Z' }, app.owner);
    const refundEntry = st.passes[0]!.entries.find((e) => e.kind === 'refund')!;
    expect(refundEntry).toMatchObject({ credits: '-5', value: '10.00', balanceAfter: '17', note: 'Leaving town for the summer' });
    expect(st.passes[0]!.totals).toMatchObject({ granted: '25', redeemed: '3', refunded: '5', adjusted: '0' });
    expect(st.payments.map((p) => [p.kind, p.amount, p.method])).toEqual([['sale', '50.00', 'cash'], ['refund', '-10.00', 'cash']]);
    // the deferred revenue roll-forward counts it as a refund
    const month = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-03' }, app.owner).months[0]!;
    expect(month).toMatchObject({ sold: '50.00', recognised: '6.00', breakage: '0.00', refunds: '10.00', closing: '34.00', journalClosing: '34.00' });
    const day = app.call('reports.daily', { from: '2026-03-01', to: '2026-03-01' }, app.owner).days[0]!;
    expect(day).toMatchObject({ payments: '50.00', refunds: '10.00', till: { cash: '40.00', card: '0.00', other: '0.00' } });

    // the same request again: its first answer, nothing written; the same id for another request: CONFLICT
    const counts = ledgerCounts(app.db);
    expect(app.call('passes.refundCredits', input, app.owner)).toEqual(r);
    expect(codeOf(app, 'passes.refundCredits', { ...input, credits: '6' }, app.owner)).toBe('CONFLICT');
    expect(ledgerCounts(app.db)).toEqual(counts);

    // the rest is drunk: the lot has recognised $6 + $34 and paid back $10, its $50 exactly
    expect(s.redeem(pass, [[capp, '17']]).balanceAfter).toBe('0');
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-4000);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', pass)).toBe(0);
    expectSound(app);
  });

  it('keeps a cancellation fee when the owner asks, never more than it would pay back', () => {
    const { app, s, capp, pass, customer } = beanAndBrew();
    s.redeem(pass, [[capp, '3']]);
    const counts = ledgerCounts(app.db);
    const over = app.dispatch('passes.refundCredits', { clientId: cid(), passId: pass, credits: '5', reason: 'x', paymentMethod: 'cash', fee: '10.01' }, app.owner);
    expect(over.ok ? null : [over.error.code, over.error.message, over.error.details]).toEqual([
      'VALIDATION', 'fee: $10.01 is more than the $10.00 the refund would pay back.', { field: 'fee', fee: '10.01', refundable: '10.00' },
    ]);
    for (const fee of ['-1', '1.001', 'abc']) expect(codeOf(app, 'passes.refundCredits', { clientId: cid(), passId: pass, credits: '5', reason: 'x', paymentMethod: 'cash', fee }, app.owner), fee).toBe('VALIDATION');
    expect(ledgerCounts(app.db)).toEqual(counts);
    const input = { clientId: cid(), passId: pass, credits: '5', reason: 'Changed plans', paymentMethod: 'cash' as const, fee: '1.50' };
    const r = app.call('passes.refundCredits', input, app.owner);
    expect(r).toMatchObject({ refunded: '8.50', fee: '1.50', credits: '5', balance: '17', status: 'active' });
    expect(accountBalance(app.db, 'revenue:cancellation-fees')).toBe(-150);
    expect(accountBalance(app.db, 'assets:cash')).toBe(5000 - 850);
    expect(app.call('passes.refundCredits', input, app.owner)).toEqual(r);
    const entry = app.call('owner.history', { customerId: customer, limit: 5, offset: 0 }, app.owner).entries[0]!;
    expect(entry).toMatchObject({ description: 'Credits refunded, keeping $1.50 as a cancellation fee; the pass stays open', money: '-8.50' });
    const st = app.call('statements.get', { customerId: customer, from: '2026-03-01T05:00:00.000Z' }, app.owner);
    expect(st.payments.map((p) => [p.kind, p.amount])).toEqual([['sale', '50.00'], ['refund', '-8.50'], ['refund_fee', '1.50']]);
    const month = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-03' }, app.owner).months[0]!;
    expect(month).toMatchObject({ recognised: '6.00', fees: '1.50', refunds: '8.50', closing: '34.00', journalClosing: '34.00' });
    // the lot says what of it the shop kept
    const lot = app.call('owner.lots', { passId: pass }, app.owner).lots[0]!;
    expect(lot).toMatchObject({ paid: '50.00', recognised: '6.00', writtenOff: '1.50', released: '8.50' });
    // a fee of 0 is no fee: the same request as none
    const none = { clientId: cid(), passId: pass, credits: '1', reason: 'x', paymentMethod: 'card' as const };
    const first = app.call('passes.refundCredits', none, app.owner);
    expect(first.fee).toBe('0.00');
    expect(app.call('passes.refundCredits', { ...none, fee: '0' }, app.owner)).toEqual(first);
    expectSound(app);
  });

  it('keeps a $10-for-3 lot on its revenue schedule to the cent, whichever comes last', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const thing = s.item('Thing', '1', '5.00');
    const plan = s.plan({ name: 'Awkward', credits: '3', price: '10' });
    const a = s.sell(s.customer('A'), plan);
    s.redeem(a, [[thing, '1']]); // 3.33
    expect(app.call('passes.refundCredits', { clientId: cid(), passId: a, credits: '1', reason: 'x', paymentMethod: 'card' }, app.owner).refunded).toBe('3.34');
    s.redeem(a, [[thing, '1']]); // 3.33: the lot's last credit takes what is left
    expect(accountBalance(app.db, 'revenue:redemptions', a)).toBe(-666);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', a)).toBe(0);
    // the refund last: it takes the remainder
    const b = s.sell(s.customer('B'), plan);
    s.redeem(b, [[thing, '1']]);
    s.redeem(b, [[thing, '1']]);
    expect(app.call('passes.refundCredits', { clientId: cid(), passId: b, credits: '1', reason: 'x', paymentMethod: 'cash' }, app.owner).refunded).toBe('3.33');
    expect(accountBalance(app.db, 'liabilities:deferred-revenue', b)).toBe(0);
    // a millionth of a credit is worth less than a cent: nothing is paid back for it, and the schedule holds
    const c = s.sell(s.customer('C'), plan);
    expect(app.call('passes.refundCredits', { clientId: cid(), passId: c, credits: '0.000001', reason: 'x', paymentMethod: 'cash' }, app.owner)).toMatchObject({ refunded: '0.00', balance: '2.999999' });
    expectSound(app);
  });

  it('takes the paid lots in the pass\'s order at each one\'s cost basis, and never pays for free credits', () => {
    const { app, s, capp, pass } = beanAndBrew();
    const pack = s.plan({ name: '10 more drinks', kind: 'topup', credits: '10', price: '18', validity: 'none' });
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'card' });
    const gift = app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '2', reason: 'Birthday' }, app.owner).given.lotId;
    expect(s.balance(pass)).toBe('37');
    // the month's lot ends first: 25 at $2.00, then 2 of the top-up's at $1.80; the 2 free drinks stay
    expect(app.call('passes.refundQuote', { passId: pass, credits: '27' }, app.owner).refunded).toBe('53.60');
    const r = app.call('passes.refundCredits', { clientId: cid(), passId: pass, credits: '27', reason: 'Too much coffee', paymentMethod: 'cash' }, app.owner);
    expect(r).toMatchObject({ refunded: '53.60', balance: '10' });
    // 8 paid drinks left: 9 is refused, and says so; nothing is written
    const counts = ledgerCounts(app.db);
    const refused = app.dispatch('passes.refundCredits', { clientId: cid(), passId: pass, credits: '9', reason: 'x', paymentMethod: 'cash' }, app.owner);
    expect(refused.ok ? null : [refused.error.code, refused.error.message, refused.error.details]).toEqual([
      'INSUFFICIENT_CREDITS', 'This pass has 8 drinks paid for, cannot pay back 9 drinks.', { has: '8', needs: '9' },
    ]);
    expect(ledgerCounts(app.db)).toEqual(counts);
    // what is left of the top-up (8 of 10) can still be refunded as a whole, at what it is worth now; the pass stays open
    const topUp = app.call('owner.lots', { passId: pass }, app.owner).lots.find((l) => l.source === 'topup')!;
    expect(app.call('passes.refundTopUp', { clientId: cid(), passId: pass, lotId: topUp.id, reason: 'x', paymentMethod: 'card' }, app.owner))
      .toMatchObject({ refunded: '14.40', credits: '8', balance: '2', status: 'active' });
    expect(checkProjections(app.db)).toEqual([]);
    // the free drinks are used first at the counter, as before
    expect(s.redeem(pass, [[capp, '2']]).lotsTouched.map((l) => l.lotId)).toEqual([gift]);
    expectSound(app);
  });

  it('pays the overage owed on account first, and hands back the rest', () => {
    const { app, s, capp, pass } = beanAndBrew({ overagePolicy: 'allow' });
    const pack = s.plan({ name: '10 more drinks', kind: 'topup', credits: '10', price: '18', validity: 'none' });
    s.redeem(pass, [[capp, '26']], { overageSettlement: 'account' }); // one drink over at $4.50, on account
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    const r = app.call('passes.refundCredits', { clientId: cid(), passId: pass, credits: '5', reason: 'Changed mind', paymentMethod: 'cash' }, app.owner);
    expect(r).toMatchObject({ refunded: '4.50', settledOnAccount: '4.50', credits: '5', overageDue: '0.00', balance: '5' });
    expect(accountBalance(app.db, 'assets:receivable:overage')).toBe(0);
    expect(accountBalance(app.db, 'assets:cash')).toBe(5000 + 1800 - 450);
    const entry = app.call('owner.history', { customerId: r.customerId, limit: 5, offset: 0 }, app.owner).entries[0]!;
    expect(entry).toMatchObject({ description: 'Credits refunded; the pass stays open', money: '-4.50', accountSettled: '4.50' });
    expectSound(app);
  });

  it('refuses to undo or void a redemption drawn from the lot before it (REFUNDED_SINCE); one drawn after voids exactly', () => {
    const { app, s, capp, pass } = beanAndBrew();
    const before = s.redeem(pass, [[capp, '3']]);
    app.call('passes.refundCredits', { clientId: cid(), passId: pass, credits: '5', reason: 'x', paymentMethod: 'cash' }, app.owner);
    for (const [name, extra, session] of [['counter.undo', {}, undefined], ['redemptions.void', { reason: 'mistake' }, app.owner]] as const) {
      const counts = ledgerCounts(app.db);
      const res = app.dispatch(name, { clientId: cid(), redemptionId: before.redemptionId, ...extra }, session);
      expect(res.ok ? null : [res.error.code, res.error.details]).toEqual(['CONFLICT', { redemptionId: before.redemptionId, reason: 'REFUNDED_SINCE' }]);
      expect(ledgerCounts(app.db)).toEqual(counts);
    }
    const after = s.redeem(pass, [[capp, '4']]);
    // the owner's history says which of them a void would refuse, and why
    const customerId = app.call('passes.get', { passId: pass }).customerId;
    const redeemed = app.call('owner.history', { customerId, limit: 10, offset: 0 }, app.owner).entries.filter((e) => e.kind === 'redeem');
    expect(redeemed.map((e) => [e.redemptionId, e.voidRefused])).toEqual([[after.redemptionId, null], [before.redemptionId, 'REFUNDED_SINCE']]);
    const v = app.call('redemptions.void', { clientId: cid(), redemptionId: after.redemptionId, reason: 'wrong pass' }, app.owner);
    expect(v).toMatchObject({ creditsRestored: '4', revenueReversed: '8.00', balanceAfter: '17' });
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-600);
    expect(accountBalance(app.db, 'revenue:breakage')).toBe(0);
    expectSound(app);
  });

  it('bad input, the wrong role and a closed pass change nothing', () => {
    const { app, pass } = beanAndBrew();
    const ok = { passId: pass, credits: '1', reason: 'x', paymentMethod: 'cash' };
    const counts = ledgerCounts(app.db);
    for (const credits of ['0', '-1', 'abc', 'NaN', '1e309', '1234567890123456789012345', '0.0000001', '']) {
      expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid(), credits }, app.owner), credits).toBe('VALIDATION');
      expect(codeOf(app, 'passes.refundQuote', { passId: pass, credits }, app.owner), credits).toBe('VALIDATION');
    }
    expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid(), credits: 1 }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid(), paymentMethod: 'iou' }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid(), reason: 'x'.repeat(10_000) }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid() })).toBe('FORBIDDEN');
    expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid(), passId: 999 }, app.owner)).toBe('NOT_FOUND');
    expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid(), credits: '26' }, app.owner)).toBe('INSUFFICIENT_CREDITS');
    expect(ledgerCounts(app.db)).toEqual(counts);
    app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'Moving away', paymentMethod: 'cash' }, app.owner);
    const closed = ledgerCounts(app.db);
    expect(codeOf(app, 'passes.refundCredits', { ...ok, clientId: cid() }, app.owner)).toBe('PASS_CLOSED');
    expect(ledgerCounts(app.db)).toEqual(closed);
    expectSound(app);
  });
});
