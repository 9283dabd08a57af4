// reports.accounts: the trial balance of a local month, by book time, from the month totals.
import { describe, expect, it } from 'vitest';
import { codeOf, ownerSession, tempApp } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';

describe('reports.accounts', () => {
  it('says each account\'s opening, change and closing for a month; every column sums to zero', () => {
    const app = tempApp(); // 2026-03-01 15:00 UTC, New York
    const s = scenario(app, app.owner);
    const capp = s.item('Cappuccino', '1', '4.50');
    const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    const pass = s.sell(s.customer('Anna'), plan, 'cash');
    s.redeem(pass, [[capp, '3']]);
    app.call('passes.refundCredits', { clientId: cid(), passId: pass, credits: '5', reason: 'Away', paymentMethod: 'card' }, app.owner);
    const march = app.call('reports.accounts', {}, app.owner);
    expect(march).toEqual({
      month: '2026-03', from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', asOf: '2026-03-01T15:00:00.000Z',
      accounts: [
        { account: 'assets:card', opening: '0.00', change: '-10.00', closing: '-10.00' },
        { account: 'assets:cash', opening: '0.00', change: '50.00', closing: '50.00' },
        { account: 'liabilities:deferred-revenue', opening: '0.00', change: '-34.00', closing: '-34.00' },
        { account: 'revenue:redemptions', opening: '0.00', change: '-6.00', closing: '-6.00' },
      ],
      totals: { opening: '0.00', change: '0.00', closing: '0.00' },
    });
    // April: March's 17 unused drinks expire at its end, booked on March 31 (their last day): breakage in March
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    app.call('periods.close', { clientId: cid() }, app.owner);
    const again = app.call('reports.accounts', { month: '2026-03' }, app.owner);
    expect(again.asOf).toBe('2026-04-01T04:00:00.000Z');
    expect(again.accounts.map((a) => [a.account, a.closing])).toEqual([
      ['assets:card', '-10.00'], ['assets:cash', '50.00'], ['liabilities:deferred-revenue', '0.00'], ['revenue:breakage', '-34.00'], ['revenue:redemptions', '-6.00'],
    ]);
    const april = app.call('reports.accounts', {}, app.owner);
    expect(april.month).toBe('2026-04');
    expect(april.accounts.map((a) => [a.account, a.opening, a.change, a.closing])).toEqual([
      ['assets:card', '-10.00', '0.00', '-10.00'], ['assets:cash', '50.00', '0.00', '50.00'], ['liabilities:deferred-revenue', '0.00', '0.00', '0.00'],
      ['revenue:breakage', '-34.00', '0.00', '-34.00'], ['revenue:redemptions', '-6.00', '0.00', '-6.00'],
    ]);
    // a month before the books began: nothing yet; one not begun, or not a month: refused
    expect(app.call('reports.accounts', { month: '2026-02' }, app.owner).accounts).toEqual([]);
    for (const month of ['2026-05', '2026-13', '2026-4', 'April']) expect(codeOf(app, 'reports.accounts', { month }, app.owner), month).toBe('VALIDATION');
    expect(codeOf(app, 'reports.accounts', {})).toBe('FORBIDDEN');
  });
});
