// Edges of a redemption the tests had not pinned (found by a mutation sweep: each of these rules could be broken
// without any test failing): the screen's rounding of a line, the unpaid share against the overdraft limit, and which
// line is over when items cost the same per credit, and money recognised half up (half-even survived all but three suites).
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { accountBalance, cid, scenario } from '../passes/scenario';
import { creditsOf, lineCredits } from './pricing';

describe('the edges of a redemption', () => {
  it('the screen rounds a line as the ledger does', () => {
    expect(lineCredits('1.5', '0.333333')).toBe('0.5');
    expect(lineCredits('1.5', '0.333333')).toBe(String(creditsOf(1_500_000, 333_333) / 1e6));
  });

  it('overdraft: a part-paid redemption still owes its unpaid share, rounded up', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    const capp = s.item('Cappuccino', '1', '4.50');
    const plan = s.plan({ name: 'P', credits: '1', price: '4', validity: 'month', overagePolicy: 'allow', overdraftLimitCredits: '3' });
    const pass = s.sell(s.customer('A'), plan);
    s.redeem(pass, [[capp, '1']]);
    s.redeem(pass, [[capp, '3']], { overageSettlement: 'account' }); // $13.50 on account
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '1.50', paymentMethod: 'cash' }); // $12.00 unpaid = 2.666667 drinks
    const r = app.dispatch('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: capp, quantity: '0.333334' }], overageSettlement: 'account' });
    expect(r.ok ? 'OK' : [r.error.code, (r.error.details as { onAccountCredits: string }).onAccountCredits]).toEqual(['OVERDRAFT_LIMIT', '2.666667']);
  });

  it('which line is over does not depend on the order items were rung up (same price per credit)', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    const capp = s.item('Cappuccino', '1', '4.50');
    const latte = s.item('Latte', '1', '4.50');
    const plan = s.plan({ name: 'P', credits: '1', price: '4', validity: 'month', overagePolicy: 'allow' });
    const a = s.customer('A');
    const pass = s.sell(a, plan);
    const r = s.redeem(pass, [[latte, '1'], [capp, '1']], { overageSettlement: 'now' });
    const lines = app.db.prepare('SELECT item_id, overage_units FROM redemption_lines WHERE redemption_id = ? ORDER BY item_id').all(r.redemptionId);
    expect(lines).toEqual([{ item_id: capp, overage_units: 0 }, { item_id: latte, overage_units: 1_000_000 }]);
  });

  it('revenue per credit rounds half up, and the last credit takes the remainder: $10.01 for 2 credits is $5.01 then $5.00', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    const capp = s.item('Cappuccino', '1', '4.50');
    const pass = s.sell(s.customer('A'), s.plan({ name: 'Two', credits: '2', price: '10.01', validity: 'month' }));
    s.redeem(pass, [[capp, '1']]);
    expect(accountBalance(app.db, 'revenue:redemptions', pass)).toBe(-501); // 5.005 half up, not half even (5.00)
    s.redeem(pass, [[capp, '1']]);
    expect(accountBalance(app.db, 'revenue:redemptions', pass)).toBe(-1001);
  });
});
