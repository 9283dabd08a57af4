// Credits moved from one pass to another: taken in the source's order, arriving with the paid value they carried, no
// money in or out, every cent recognised once whichever pass uses the credits; refusals write nothing.
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp } from '../../test/support/tempApp';
import { ledgerViolations } from '../../test/support/seedChecks';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from '../passes/scenario';

function shop() {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 });
  const thirds = s.plan({ name: 'Thirds', credits: '3', price: '10', validity: 'none' });
  return { app, s, capp, plan, thirds };
}

const DEFERRED = 'liabilities:deferred-revenue';
const sound = (app: ReturnType<typeof tempApp>) => {
  expect(unbalancedTransactions(app.db)).toEqual([]);
  expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
};

describe('passes.transfer', () => {
  it('moves credits with their paid value: the same cost basis and end on the new pass, no money in or out', () => {
    const { app, s, capp, plan } = shop();
    const anna = s.sell(s.customer('Anna'), plan, 'card');
    const ben = s.sell(s.customer('Ben'), plan, 'cash');
    s.redeem(anna, [[capp, '5']]);
    const revenue = accountBalance(app.db, 'revenue:redemptions');
    const id = cid();
    const t = app.call('passes.transfer', { clientId: id, fromPassId: anna, toPassId: ben, credits: '8', reason: 'For her brother' }, app.owner);
    expect(t.moved).toEqual({ credits: '8', value: '16.00' });
    expect(t.from.balance).toBe('12');
    expect(t.to.balance).toBe('33');
    const arrived = t.to.lots.find((l) => l.source === 'adjustment')!;
    const annaLot = t.from.lots[0]!;
    expect(arrived).toMatchObject({ amount: '8', remaining: '8', costBasis: '2.00', expiresAt: annaLot.expiresAt });
    // deferred revenue moved from Anna's pass to Ben's; nothing else did
    expect(accountBalance(app.db, DEFERRED, anna)).toBe(-2400);
    expect(accountBalance(app.db, DEFERRED, ben)).toBe(-6600);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(revenue);
    expect(accountBalance(app.db, 'assets:cash') + accountBalance(app.db, 'assets:card')).toBe(10000);
    sound(app);
    // a replay answers the same and writes nothing; the same id with another amount is a CONFLICT
    const counts = ledgerCounts(app.db);
    expect(app.call('passes.transfer', { clientId: id, fromPassId: anna, toPassId: ben, credits: '8', reason: 'For her brother' }, app.owner)).toEqual(t);
    expect(codeOf(app, 'passes.transfer', { clientId: id, fromPassId: anna, toPassId: ben, credits: '9', reason: 'For her brother' }, app.owner)).toBe('CONFLICT');
    expect(ledgerCounts(app.db)).toEqual(counts);
    // the history of each says what happened
    const said = (passId: number) => app.call('owner.history', { customerId: app.call('passes.get', { passId }).customerId, limit: 5, offset: 0 }, app.owner).entries[0]!;
    expect(said(anna)).toMatchObject({ kind: 'adjust', description: 'Credits moved to another pass', credits: '-8', reason: `Moved to pass ${ben}: For her brother` });
    expect(said(ben)).toMatchObject({ kind: 'adjust', description: 'Credits moved from another pass', credits: '8', reason: `Moved from pass ${anna}: For her brother` });
    // Ben uses them: $2 each, as Anna would have; at the month end what is left of them expires (they do not roll)
    s.redeem(ben, [[capp, '30']]);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(revenue - 6000);
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.call('periods.close', { clientId: cid() }, app.owner);
    expect(app.call('passes.get', { passId: ben }).balance).toBe('0');
    expect(accountBalance(app.db, 'revenue:breakage')).toBe(-600);
    expect(accountBalance(app.db, DEFERRED, ben)).toBe(0);
    sound(app);
  });

  it('a lot split by a move still recognises exactly its price: $10 for 3, one moved, every cent once', () => {
    const { app, s, capp, thirds } = shop();
    const anna = s.sell(s.customer('Anna'), thirds, 'cash');
    const ben = s.sell(s.customer('Ben'), thirds, 'cash');
    const t = app.call('passes.transfer', { clientId: cid(), fromPassId: anna, toPassId: ben, credits: '1', reason: 'Gift' }, app.owner);
    expect(t.moved.value).toBe('3.33');
    s.redeem(anna, [[capp, '2']]);
    s.redeem(ben, [[capp, '4']]);
    // Anna's lot: 3.33 moved + 6.67 used = 10.00; Ben's: 10.00 + the 3.33 that came with the credit
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-(667 + 1000 + 333));
    expect(accountBalance(app.db, DEFERRED)).toBe(0);
    sound(app);
  });

  it('a redemption from before a move out of its lot cannot be voided (it could not fit the lot\'s schedule); one after can', () => {
    const { app, s, capp, thirds } = shop();
    const anna = s.sell(s.customer('Anna'), thirds, 'cash');
    const ben = s.sell(s.customer('Ben'), thirds, 'cash');
    const before = s.redeem(anna, [[capp, '1']]); // $3.33
    const t = app.call('passes.transfer', { clientId: cid(), fromPassId: anna, toPassId: ben, credits: '1', reason: 'Gift' }, app.owner);
    expect(t.moved.value).toBe('3.34'); // on the schedule: 6.67 for two credits, less the 3.33 recognised
    const counts = ledgerCounts(app.db);
    for (const [name, caller] of [['redemptions.void', app.owner], ['counter.undo', {}]] as const) {
      const r = app.dispatch(name, { clientId: cid(), redemptionId: before.redemptionId, ...(name === 'redemptions.void' ? { reason: 'Wrong pass' } : {}) }, caller);
      expect(r.ok ? null : [r.error.code, (r.error.details as { reason: string }).reason]).toEqual(['CONFLICT', 'MOVED_SINCE']);
    }
    expect(ledgerCounts(app.db)).toEqual(counts);
    const after = s.redeem(anna, [[capp, '1']]);
    // the owner's history says which a void would refuse (its Void button is not offered), and why
    const history = app.call('owner.history', { customerId: app.call('passes.get', { passId: anna }).customerId, limit: 10, offset: 0 }, app.owner);
    expect(history.entries.filter((e) => e.kind === 'redeem').map((e) => [e.redemptionId, e.voidRefused])).toEqual([[after.redemptionId, null], [before.redemptionId, 'MOVED_SINCE']]);
    app.call('counter.undo', { clientId: cid(), redemptionId: after.redemptionId });
    sound(app);
    // Anna's last credit and Ben's four: every cent of the $20 recognised once
    s.redeem(anna, [[capp, '1']]);
    s.redeem(ben, [[capp, '4']]);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(-2000);
    expect(accountBalance(app.db, DEFERRED)).toBe(0);
    sound(app);
  });

  it('takes the source\'s credits in its order, lot by lot; a redemption after the move is voided as ever', () => {
    const { app, s, capp, plan, thirds } = shop();
    const anna = s.sell(s.customer('Anna'), plan, 'cash');
    const top = app.call('plans.save', { clientId: cid(), kind: 'topup', name: 'Five', credits: '5', price: '5', validity: 'none' }, app.owner).id;
    app.call('passes.topUp', { clientId: cid(), passId: anna, packId: top, paymentMethod: 'cash' });
    s.redeem(anna, [[capp, '20']]);
    const ben = s.sell(s.customer('Ben'), thirds, 'cash');
    // 5 left of the month's lot ($2 each), then the top-up's ($1 each)
    const t = app.call('passes.transfer', { clientId: cid(), fromPassId: anna, toPassId: ben, credits: '7', reason: 'Moving' }, app.owner);
    expect(t.moved).toEqual({ credits: '7', value: '12.00' });
    expect(t.to.lots.filter((l) => l.source === 'adjustment').map((l) => [l.amount, l.costBasis])).toEqual([['5', '2.00'], ['2', '1.00']]);
    // what Anna uses after the move can be voided as ever: the top-up's last 3 credits, given back
    const r = s.redeem(anna, [[capp, '3']]);
    expect(app.call('passes.get', { passId: anna }).balance).toBe('0');
    app.call('redemptions.void', { clientId: cid(), redemptionId: r.redemptionId, reason: 'Wrong pass' }, app.owner);
    expect(app.call('passes.get', { passId: anna }).balance).toBe('3');
    sound(app);
  });

  it('refuses the same pass, another unit, more than the pass holds, a closed pass and a caller without the PIN, writing nothing', () => {
    const { app, s, plan } = shop();
    const anna = s.sell(s.customer('Anna'), plan, 'cash');
    const ben = s.sell(s.customer('Ben'), plan, 'cash');
    const gb = s.plan({ name: 'Storage', credits: '5000', price: '50', creditUnit: 'GB' });
    const cleo = s.sell(s.customer('Cleo'), gb, 'cash');
    const counts = ledgerCounts(app.db);
    const refusal = (input: Record<string, unknown>, owner = true) => {
      const r = app.dispatch('passes.transfer', { clientId: cid(), fromPassId: anna, toPassId: ben, credits: '1', reason: 'x', ...input }, owner ? app.owner : {});
      return r.ok ? null : [r.error.code, (r.error.details as { field?: string } | undefined)?.field ?? null];
    };
    expect(refusal({ toPassId: anna })).toEqual(['VALIDATION', 'toPassId']);
    expect(refusal({ toPassId: cleo })).toEqual(['VALIDATION', 'toPassId']);
    expect(refusal({ credits: '25.000001' })).toEqual(['INSUFFICIENT_CREDITS', null]);
    expect(refusal({ credits: '0' })?.[0]).toBe('VALIDATION');
    expect(refusal({ toPassId: 999 })).toEqual(['NOT_FOUND', null]);
    expect(refusal({}, false)).toEqual(['FORBIDDEN', null]);
    expect(ledgerCounts(app.db)).toEqual(counts);
    app.call('passes.refund', { clientId: cid(), passId: ben, reason: 'Moving', paymentMethod: 'cash' }, app.owner);
    expect(refusal({})).toEqual(['PASS_CLOSED', null]);
  });
});
