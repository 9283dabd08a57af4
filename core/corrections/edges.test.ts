// Edges of the owner's corrections the tests had not pinned (found by a mutation sweep): a closure's window that ends on
// a month's last day, a refund of credits on a plan that spends rolled-over credits first, and the counter's undo of a
// top-up after money was taken on the pass.
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { beanAndBrew } from '../../test/support/sound';
import { cid, scenario } from '../passes/scenario';
import { runDueCloses } from '../periods/close';

describe('the edges of corrections', () => {
  it('extendAll: credits whose last valid day is the window\'s last day are moved', () => {
    const { app } = beanAndBrew({ rolloverPolicy: 'none' }); // 25 drinks valid through Mar 31
    const q = app.call('passes.extendAllQuote', { endingFrom: '2026-03-20', endingThrough: '2026-03-31', through: '2026-04-12' }, app.owner);
    expect(q).toMatchObject({ lots: 1, credits: [{ unit: 'drink', credits: '25' }] });
  });

  it('refundCredits takes credits in the pass\'s consumption order (rollover_first)', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    const capp = s.item('Cappuccino', '1', '4.50');
    const plan = s.plan({ name: 'P', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 2, consumptionOrder: 'rollover_first' });
    const pack = s.plan({ name: 'Pack', kind: 'topup', credits: '10', price: '10', validity: 'month' });
    const pass = s.sell(s.customer('A'), plan);
    s.redeem(pass, [[capp, '6']]);
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    // a redemption would take the rolled-over $2 credits first; so does a refund of credits
    expect(app.call('passes.refundQuote', { passId: pass, credits: '4' }, app.owner)).toMatchObject({ refunded: '8.00' });
  });

  it('a top-up cannot be undone at the counter once money was taken on the pass since', () => {
    const app = tempApp(); const s = scenario(app, app.owner);
    const capp = s.item('Cappuccino', '1', '4.50');
    const plan = s.plan({ name: 'P', credits: '1', price: '4', validity: 'month', overagePolicy: 'allow' });
    const pack = s.plan({ name: 'Pack', kind: 'topup', credits: '10', price: '10', validity: 'month' });
    const pass = s.sell(s.customer('A'), plan);
    s.redeem(pass, [[capp, '2']], { overageSettlement: 'account' }); // $4.50 on account
    const t = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '4.50', paymentMethod: 'cash' });
    const r = app.dispatch('passes.undoPurchase', { clientId: cid(), passId: pass, lotId: t.bought!.lotId });
    expect(r.ok ? 'OK' : [r.error.code, (r.error.details as { reason: string }).reason]).toEqual(['UNDO_WINDOW_PASSED', 'USED']);
  });
});
