// Free credits: a plan's or pack's bonus given with each purchase, and the owner's gift on one pass. Both are promo lots
// (cost basis 0): used first among credits ending together, no money in or out, gone with an undone or refunded purchase,
// expiring at their end without rolling over.
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp } from '../../test/support/tempApp';
import { ledgerViolations } from '../../test/support/seedChecks';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from './scenario';

function shop() {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  // Bean & Brew: $50 for 25 drinks, and this month 3 more free; rolled credits (all of them) last one more month
  const plan = s.plan({ name: 'Coffee Pass', credits: '25', bonusCredits: '3', price: '50', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 });
  const pack = s.plan({ name: 'Top up $20', kind: 'topup', credits: '10', bonusCredits: '2', price: '20', validity: 'none' });
  return { app, s, capp, plan, pack };
}

const lotsOf = (app: ReturnType<typeof tempApp>, passId: number) =>
  app.db.prepare(`SELECT l.source, l.amount_units, l.paid_minor, l.expires_at, l.parent_lot_id, l.reason, l.created_by, b.remaining_units
      FROM lots l JOIN lot_balances b ON b.lot_id = l.id WHERE l.pass_id = ? ORDER BY l.id`).all(passId) as Record<string, unknown>[];

const sourceOf = (app: ReturnType<typeof tempApp>, lotId: number) => (app.db.prepare('SELECT source FROM lots WHERE id = ?').get(lotId) as { source: string }).source;

describe('bonus credits of a plan or pack', () => {
  it('a sale gives the bonus as a promo lot ending with the sale lot; the pass uses it first, for no revenue', () => {
    const { app, s, capp, plan } = shop();
    expect(app.call('plans.list', { kind: 'plan' }).plans[0]).toMatchObject({ credits: '25', bonusCredits: '3', price: '50.00', costBasis: '2.00' });
    const sold = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Anna'), planId: plan, paymentMethod: 'card' });
    expect(sold.bought).toMatchObject({ credits: '25', bonus: '3', paid: '50.00' });
    expect(sold.balance).toBe('28');
    const lots = lotsOf(app, sold.id);
    expect(lots).toEqual([
      { source: 'sale', amount_units: 25_000_000, paid_minor: 5000, expires_at: lots[0]!.expires_at, parent_lot_id: null, reason: null, created_by: 'passes.sell', remaining_units: 25_000_000 },
      { source: 'promo', amount_units: 3_000_000, paid_minor: 0, expires_at: lots[0]!.expires_at, parent_lot_id: sold.bought!.lotId, reason: 'Bonus with Coffee Pass', created_by: 'passes.sell', remaining_units: 3_000_000 },
    ]);
    // the free drinks go first: four drinks are three free ones and one paid at $2
    const r = s.redeem(sold.id, [[capp, '4']]);
    expect(r.balanceAfter).toBe('24');
    expect(r.lotsTouched.map((l) => [sourceOf(app, l.lotId), l.credits])).toEqual([['promo', '3'], ['sale', '1']]);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-200);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(-4800);
    expect(unbalancedTransactions(app.db)).toEqual([]);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
    // the owner's history says what they were
    const history = app.call('owner.history', { customerId: sold.customerId, limit: 20, offset: 0 }, app.owner).entries;
    expect(history.map((e) => [e.kind, e.description, e.credits, e.money])).toEqual([
      ['redeem', 'Cappuccino × 4', '-4', null],
      ['promo', 'Bonus with Coffee Pass', '3', null],
      ['sale', 'Coffee Pass', '25', '50.00'],
    ]);
  });

  it('at the month end an unused bonus expires (worth nothing) while the paid credits roll over', () => {
    const { app, s, plan } = shop();
    const pass = s.sell(s.customer('Ben'), plan, 'cash');
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.call('periods.close', { clientId: cid() }, app.owner);
    const view = app.call('passes.get', { passId: pass });
    expect(view.balance).toBe('25');
    expect(view.lots.map((l) => [l.source, l.remaining])).toEqual([['rollover', '25']]);
    expect(app.db.prepare(`SELECT l.source, e.kind, e.credits_units FROM lot_entries e JOIN lots l ON l.id = e.lot_id
        WHERE e.pass_id = ? AND e.kind IN ('expire', 'rollover') ORDER BY l.source`).all(pass))
      .toEqual([{ source: 'promo', kind: 'expire', credits_units: -3_000_000 }, { source: 'sale', kind: 'rollover', credits_units: -25_000_000 }]);
    expect(accountBalance(app.db, 'revenue:breakage')).toBe(0);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
  });

  it('a top-up gives its bonus; the counter\'s undo and the owner\'s refund of the top-up take the bonus back with it', () => {
    const { app, s, capp, plan, pack } = shop();
    const pass = s.sell(s.customer('Cleo'), plan, 'cash');
    s.redeem(pass, [[capp, '5']]); // the 3 free ones and 2 paid: 23 left
    const topped = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    expect(topped.bought).toMatchObject({ credits: '10', bonus: '2', paid: '20.00', expiresAt: null });
    expect(topped.balance).toBe('35');
    // rung up by mistake: the undo gives back the $20 and takes the 12 credits
    const u = app.call('passes.undoPurchase', { clientId: cid(), passId: pass, lotId: topped.bought!.lotId });
    expect(u.undone).toEqual({ kind: 'topup', credits: '12', refunded: '20.00', paymentMethod: 'cash' });
    expect(u.balance).toBe('23');
    // bought again, and two drinks drawn: the month's credits end sooner than the top-up's (never), so they go first
    const again = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'card' });
    s.redeem(pass, [[capp, '2']]);
    const refund = app.call('passes.refundTopUp', { clientId: cid(), passId: pass, lotId: again.bought!.lotId, reason: 'Moving away', paymentMethod: 'card' }, app.owner);
    expect(refund).toMatchObject({ refunded: '20.00', credits: '12', settledOnAccount: '0.00', balance: '21' });
    expect(lotsOf(app, pass).filter((l) => l.source === 'promo').map((l) => l.remaining_units)).toEqual([0, 0, 0]);
    expect(accountBalance(app.db, 'assets:card')).toBe(0);
    expect(unbalancedTransactions(app.db)).toEqual([]);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
  });

  it('undoing a sale with a bonus cancels the pass and gives back all it took; a redemption from the bonus makes it used', () => {
    const { app, s, capp, plan } = shop();
    const sold = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Dan'), planId: plan, paymentMethod: 'cash' });
    const u = app.call('passes.undoPurchase', { clientId: cid(), passId: sold.id, lotId: sold.bought!.lotId });
    expect(u.undone).toEqual({ kind: 'sale', credits: '28', refunded: '50.00', paymentMethod: 'cash' });
    expect(u).toMatchObject({ status: 'cancelled', balance: '0' });
    const other = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Eve'), planId: plan, paymentMethod: 'cash' });
    s.redeem(other.id, [[capp, '1']]);
    const counts = ledgerCounts(app.db);
    const r = app.dispatch('passes.undoPurchase', { clientId: cid(), passId: other.id, lotId: other.bought!.lotId });
    expect(r.ok ? null : [r.error.code, (r.error.details as { reason: string }).reason]).toEqual(['UNDO_WINDOW_PASSED', 'USED']);
    expect(ledgerCounts(app.db)).toEqual(counts);
  });

  it('a plan without a bonus gives none; a bonus that is negative, not a number or too large is refused by field', () => {
    const { app, s } = shop();
    const plain = s.plan({ name: 'Plain', credits: '10', price: '20' });
    expect(app.call('plans.list', {}).plans.find((p) => p.id === plain)).toMatchObject({ bonusCredits: '0' });
    const sold = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Finn'), planId: plain, paymentMethod: 'cash' });
    expect(sold.bought?.bonus).toBe('0');
    expect(lotsOf(app, sold.id).map((l) => l.source)).toEqual(['sale']);
    for (const bonusCredits of ['-1', 'NaN', 'lots', '1e309', '999999999999']) {
      const r = app.dispatch('plans.save', { clientId: cid(), name: 'Bad', credits: '10', price: '20', bonusCredits }, app.owner);
      const d = r.ok ? null : r.error.details as { field?: string; issues?: { path: string }[] };
      expect(r.ok ? null : [r.error.code, d?.field ?? d?.issues?.[0]?.path]).toEqual(['VALIDATION', 'bonusCredits']);
    }
    // an edit that leaves the bonus out ends it for new sales
    const edited = app.call('plans.save', { clientId: cid(), id: plain, name: 'Plain', credits: '10', price: '20', bonusCredits: '1' }, app.owner);
    expect(edited.bonusCredits).toBe('1');
    expect(app.call('plans.save', { clientId: cid(), id: plain, name: 'Plain', credits: '10', price: '20' }, app.owner).bonusCredits).toBe('0');
  });
});

describe('passes.givePromo', () => {
  it('gives free credits for N days or to the end of the period, with a reason; they expire unused, worth nothing', () => {
    const { app, s, capp, plan } = shop();
    const pass = s.sell(s.customer('Gia'), plan, 'cash');
    const id = cid();
    // 1 March, 10:00 in New York: 14 days, the first being today, end at midnight starting 15 March (EDT by then)
    const g = app.call('passes.givePromo', { clientId: id, passId: pass, credits: '2', reason: 'Birthday', days: 14 }, app.owner);
    expect(g.given).toEqual({ lotId: g.given.lotId, credits: '2', expiresAt: '2026-03-15T04:00:00.000Z' });
    expect(g.balance).toBe('30');
    // a replay gives the same answer and writes nothing; the same id with another amount is a CONFLICT
    const counts = ledgerCounts(app.db);
    expect(app.call('passes.givePromo', { clientId: id, passId: pass, credits: '2', reason: 'Birthday', days: 14 }, app.owner)).toEqual(g);
    expect(codeOf(app, 'passes.givePromo', { clientId: id, passId: pass, credits: '3', reason: 'Birthday', days: 14 }, app.owner)).toBe('CONFLICT');
    expect(ledgerCounts(app.db)).toEqual(counts);
    // without days: to the end of the pass's month
    const m = app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '0.5', reason: 'Sorry for the wait' }, app.owner);
    expect(m.given.expiresAt).toBe('2026-04-01T04:00:00.000Z');
    // the birthday drinks end first, so they are used first; then the month's free ones (cost 0 before $2)
    const r = s.redeem(pass, [[capp, '6']]);
    expect(r.lotsTouched.map((l) => [sourceOf(app, l.lotId), l.credits])).toEqual([['promo', '2'], ['promo', '3'], ['promo', '0.5'], ['sale', '0.5']]);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-100);
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.call('periods.close', { clientId: cid() }, app.owner);
    expect(accountBalance(app.db, 'revenue:breakage')).toBe(0);
    expect(unbalancedTransactions(app.db)).toEqual([]);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
    const history = app.call('owner.history', { customerId: app.call('passes.get', { passId: pass }).customerId, limit: 50, offset: 0 }, app.owner).entries;
    expect(history.filter((e) => e.kind === 'promo').map((e) => [e.description, e.credits, e.reason])).toEqual([
      ['Given by the owner', '0.5', 'Sorry for the wait'], ['Given by the owner', '2', 'Birthday'], ['Bonus with Coffee Pass', '3', null],
    ]);
  });

  it('is the owner\'s: without the PIN, on a closed pass, or with a bad amount, nothing is written', () => {
    const { app, s, plan } = shop();
    const pass = s.sell(s.customer('Hal'), plan, 'cash');
    const counts = ledgerCounts(app.db);
    expect(codeOf(app, 'passes.givePromo', { clientId: cid(), passId: pass, credits: '2', reason: 'x' })).toBe('FORBIDDEN');
    for (const credits of ['0', '-1', 'NaN', '1e309', '1234567890123456789012345']) {
      expect(codeOf(app, 'passes.givePromo', { clientId: cid(), passId: pass, credits, reason: 'x' }, app.owner)).toBe('VALIDATION');
    }
    expect(codeOf(app, 'passes.givePromo', { clientId: cid(), passId: pass, credits: '1', reason: 'x', days: 0 }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'passes.givePromo', { clientId: cid(), passId: 999, credits: '1', reason: 'x' }, app.owner)).toBe('NOT_FOUND');
    expect(ledgerCounts(app.db)).toEqual(counts);
    app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'Moving', paymentMethod: 'cash' }, app.owner);
    expect(codeOf(app, 'passes.givePromo', { clientId: cid(), passId: pass, credits: '1', reason: 'x' }, app.owner)).toBe('PASS_CLOSED');
  });
});

describe('plans.gift', () => {
  it('gives every open pass of a plan the same free credits in one go; cancelled, ended and other plans\' passes get none', () => {
    const { app, s, plan } = shop();
    const week = s.plan({ name: 'Week', credits: '5', price: '10', validity: 'week' });
    const [a, b, c] = ['Ann', 'Bob', 'Cy'].map((n) => s.sell(s.customer(n), plan, 'cash'));
    const other = s.sell(s.customer('Dee'), week, 'cash');
    app.call('passes.refund', { clientId: cid(), passId: c!, reason: 'Moving', paymentMethod: 'cash' }, app.owner);
    expect(app.call('plans.giftQuote', { planId: plan }, app.owner)).toEqual({ planId: plan, passes: 2 });
    const id = cid();
    const g = app.call('plans.gift', { clientId: id, planId: plan, credits: '1', reason: 'Happy holidays', days: 7 }, app.owner);
    expect(g).toEqual({ planId: plan, passes: 2, credits: '1' });
    for (const p of [a!, b!]) {
      const gift = app.call('passes.get', { passId: p }).lots.find((l) => l.source === 'promo' && l.amount === '1');
      expect(gift).toMatchObject({ remaining: '1', costBasis: '0.00', expiresAt: '2026-03-08T05:00:00.000Z' });
    }
    expect(app.call('passes.get', { passId: other }).balance).toBe('5');
    // a replay gives nothing twice
    const counts = ledgerCounts(app.db);
    expect(app.call('plans.gift', { clientId: id, planId: plan, credits: '1', reason: 'Happy holidays', days: 7 }, app.owner)).toEqual(g);
    expect(ledgerCounts(app.db)).toEqual(counts);
    // the owner's; a pack is no plan to give to; a bad amount is refused; nothing written
    const pack = app.call('plans.list', { kind: 'topup' }).plans[0]!.id;
    expect(codeOf(app, 'plans.gift', { clientId: cid(), planId: plan, credits: '1', reason: 'x' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'plans.gift', { clientId: cid(), planId: pack, credits: '1', reason: 'x' }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'plans.gift', { clientId: cid(), planId: plan, credits: '-1', reason: 'x' }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'plans.gift', { clientId: cid(), planId: 999, credits: '1', reason: 'x' }, app.owner)).toBe('NOT_FOUND');
    expect(ledgerCounts(app.db)).toEqual(counts);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
  });
});
