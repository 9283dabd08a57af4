// Things that happen exactly at the shop's midnight belong to the day that starts then, and "in 7 days" includes the
// seventh (found by a mutation sweep: a < for a <= in each survived every test).
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { beanAndBrew } from '../../test/support/sound';
import { cid, scenario } from '../passes/scenario';

describe('at midnight', () => {
  it('a void at exactly local midnight is the new day\'s', () => {
    const { app, s, capp, pass } = beanAndBrew();
    const r = s.redeem(pass, [[capp, '2']]);
    app.clockControl.set('2026-03-02T05:00:00.000Z'); // midnight in New York
    app.call('redemptions.void', { clientId: cid(), redemptionId: r.redemptionId, reason: 'wrong pass' }, app.owner);
    const days = app.call('reports.daily', { from: '2026-03-01', to: '2026-03-02' }, app.owner);
    expect((days as unknown as { days: { date: string; voided: number }[] }).days.map((d) => [d.date, d.voided])).toEqual([['2026-03-01', 0], ['2026-03-02', 1]]);
  });

  it('a cash sale at exactly local midnight is in that day\'s list', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    const capp = s.item('Cappuccino', '1', '4.50');
    app.clockControl.set('2026-03-02T05:00:00.000Z');
    app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '1' }], paymentMethod: 'cash' });
    const list = app.call('cashSales.list', { date: '2026-03-02', limit: 50 }, app.owner) as { sales: unknown[] };
    expect(list.sales.length).toBe(1);
  });

  it('the expiring report includes credits ending exactly N days from now', () => {
    const { app } = beanAndBrew({ rolloverPolicy: 'none' });
    app.clockControl.set('2026-03-25T04:00:00.000Z'); // local midnight, 7 days before the lot ends
    expect(app.call('reports.expiring', { days: 7 }, app.owner).lots.map((l) => l.credits)).toEqual(['25']);
  });
});
