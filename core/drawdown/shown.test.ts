// What the counter's screen said is what the ledger takes, or nothing is written (a review of two screens at once:
// the owner changed a rate or a price, or another counter used the pass, while a cart or an offer was on screen,
// and the ledger booked other figures than the cashier told the customer).
import { describe, expect, it } from 'vitest';
import { newId, tempApp } from '../../test/support/tempApp';
import { customer, item, plan, sell } from '../../test/support/seed';

const rows = (app: ReturnType<typeof tempApp>) => app.db.prepare(
  'SELECT (SELECT count(*) FROM redemptions) AS r, (SELECT count(*) FROM lots) AS l, (SELECT count(*) FROM journal_tx) AS j, (SELECT count(*) FROM operations) AS o').get();

describe('the figures the screen showed', () => {
  it('a redemption takes the credits the cart showed; a rate changed meanwhile is refused, nothing written', () => {
    const app = tempApp();
    const capp = item(app, 'Cappuccino', '1', '4.50');
    const pass = sell(app, customer(app, 'Ann'), plan(app, { credits: '10', price: '20', validity: 'none' }));
    const redeem = (expected: Record<string, string>) => app.dispatch('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: capp, quantity: '2' }], expected });
    app.call('items.save', { clientId: newId(), id: capp, name: 'Cappuccino', usageUnit: 'drink', rate: '2', cashPrice: '9' }, app.owner);
    const before = rows(app);
    const r = redeem({ credits: '2' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'CHANGED', needs: '4', shown: '2' } });
      expect(r.error.message).toBe('This cart now takes 4 drinks, not 2 drinks as the screen said: an item\'s rate was changed meanwhile. Nothing was written.');
    }
    expect(rows(app)).toEqual(before);
    expect(redeem({ credits: '4' }).ok).toBe(true);
    expect(app.call('passes.get', { passId: pass }).balance).toBe('6');
  });

  it('overage is booked at the amount offered; changed meanwhile, the offer is made again and nothing is written', () => {
    const app = tempApp();
    const capp = item(app, 'Cappuccino', '1', '4.50');
    const pass = sell(app, customer(app, 'Ann'), plan(app, { credits: '5', price: '10', validity: 'none', overagePolicy: 'allow' }));
    const cart = { passId: pass, items: [{ itemId: capp, quantity: '6' }] };
    const offer = app.dispatch('counter.redeem', { clientId: newId(), ...cart });
    expect(offer.ok).toBe(false);
    if (!offer.ok) expect(offer.error.details).toMatchObject({ overageCredits: '1', overageAmount: '4.50' });
    // another counter takes 3 from the pass while the offer of $4.50 is on screen
    app.call('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: capp, quantity: '3' }] });
    const before = rows(app);
    const agreed = app.dispatch('counter.redeem', { clientId: newId(), ...cart, overageSettlement: 'now', paymentMethod: 'cash', expected: { credits: '6', overageAmount: '4.50' } });
    expect(agreed.ok).toBe(false);
    if (!agreed.ok) {
      expect(agreed.error.code).toBe('INSUFFICIENT_CREDITS');
      expect(agreed.error.details).toMatchObject({ has: '2', needs: '6', overageCredits: '4', overageAmount: '18.00', changed: true });
      expect(agreed.error.message).toMatch(/^Changed since it was offered for \$4\.50: nothing was written\. This pass has 2 drinks, needs 6 drinks\. The 4 drinks over cost \$18\.00/);
    }
    expect(rows(app)).toEqual(before);
    // the new offer, agreed: booked at $18.00
    const r = app.call('counter.redeem', { clientId: newId(), ...cart, overageSettlement: 'now', paymentMethod: 'cash', expected: { credits: '6', overageAmount: '18.00' } });
    expect(r.overage).toMatchObject({ credits: '4', amount: '18.00', settlement: 'now' });
  });

  it('a sale and a top-up take the price the screen asked; a price changed meanwhile is refused, nothing written', () => {
    const app = tempApp();
    const coffee = plan(app, { name: 'Coffee Pass', credits: '10', price: '20', validity: 'none' });
    const pack = plan(app, { name: 'Top-up 5', kind: 'topup', credits: '5', price: '10', validity: 'none' });
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, coffee);
    app.call('plans.save', { clientId: newId(), id: coffee, name: 'Coffee Pass', credits: '10', price: '30', validity: 'none', overagePolicy: 'block' }, app.owner);
    app.call('plans.save', { clientId: newId(), id: pack, kind: 'topup', name: 'Top-up 5', credits: '5', price: '15', validity: 'none' }, app.owner);
    const before = rows(app);
    const sale = app.dispatch('passes.sell', { clientId: newId(), customerId: ann, planId: coffee, paymentMethod: 'cash', expectedPrice: '20.00' });
    expect(sale.ok).toBe(false);
    if (!sale.ok) {
      expect(sale.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'CHANGED', price: '30.00', shown: '20.00' } });
      expect(sale.error.message).toBe('Coffee Pass now costs $30.00, not $20.00 as the screen said: its price was changed meanwhile. Nothing was written.');
    }
    const topUp = app.dispatch('passes.topUp', { clientId: newId(), passId: pass, packId: pack, paymentMethod: 'cash', expectedPrice: '10' });
    expect(topUp.ok).toBe(false);
    if (!topUp.ok) expect(topUp.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'CHANGED', price: '15.00', shown: '10.00' } });
    expect(rows(app)).toEqual(before);
    expect(app.call('passes.topUp', { clientId: newId(), passId: pass, packId: pack, paymentMethod: 'cash', expectedPrice: '15' }).bought!.paid).toBe('15.00');
  });

  it('a refund pays back the money its dialog said; the pass used meanwhile, it is refused and nothing is written', () => {
    const app = tempApp();
    const capp = item(app, 'Cappuccino', '1', '4.50');
    const coffee = plan(app, { name: 'Coffee Pass', credits: '10', price: '20', validity: 'none' });
    const pack = plan(app, { name: 'Top-up 5', kind: 'topup', credits: '5', price: '10', validity: 'none' });
    const pass = sell(app, customer(app, 'Ann'), coffee);
    app.call('passes.topUp', { clientId: newId(), passId: pass, packId: pack, paymentMethod: 'cash' });
    const topUpLot = app.call('owner.lots', { passId: pass }, app.owner).lots.find((l) => l.source === 'topup')!;
    // the owner's dialog says $10.00; meanwhile the counter draws 12: the pass's 10, then 2 of the top-up
    app.call('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: capp, quantity: '12' }] });
    const before = rows(app);
    const stale = app.dispatch('passes.refundTopUp', { clientId: newId(), passId: pass, lotId: topUpLot.id, reason: 'One too many', paymentMethod: 'cash', expectedRefund: '10.00' }, app.owner);
    expect(stale.ok).toBe(false);
    if (!stale.ok) {
      expect(stale.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'CHANGED', refunded: '6.00', shown: '10.00' } });
      expect(stale.error.message).toBe('This refund now pays back $6.00, not $10.00 as the screen said: the pass changed meanwhile. Nothing was written: look at the new amount and confirm again.');
    }
    expect(rows(app)).toEqual(before);
    expect(app.call('passes.get', { passId: pass }).balance).toBe('3');
    const ok = app.call('passes.refundTopUp', { clientId: newId(), passId: pass, lotId: topUpLot.id, reason: 'One too many', paymentMethod: 'cash', expectedRefund: '6.00' }, app.owner);
    expect(ok.refunded).toBe('6.00');
    // a whole pass's refund with a fee: the money back after the fee is what is compared
    const other = sell(app, customer(app, 'Ben'), coffee);
    expect(app.dispatch('passes.refund', { clientId: newId(), passId: other, reason: 'Moving', paymentMethod: 'cash', fee: '1', expectedRefund: '20.00' }, app.owner).ok).toBe(false);
    expect(app.call('passes.refund', { clientId: newId(), passId: other, reason: 'Moving', paymentMethod: 'cash', fee: '1', expectedRefund: '19.00' }, app.owner).refunded).toBe('19.00');
  });

  it('a sale without a pass charges the total the screen asked; a price changed meanwhile is refused, nothing written', () => {
    const app = tempApp();
    const capp = item(app, 'Cappuccino', '1', '4.50');
    app.call('items.save', { clientId: newId(), id: capp, name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '5.00' }, app.owner);
    const before = rows(app);
    const stale = app.dispatch('counter.cashSale', { clientId: newId(), items: [{ itemId: capp, quantity: '2' }], paymentMethod: 'cash', expectedTotal: '9.00' });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'CHANGED', total: '10.00', shown: '9.00' } });
    expect(rows(app)).toEqual(before);
    expect(app.call('counter.cashSale', { clientId: newId(), items: [{ itemId: capp, quantity: '2' }], paymentMethod: 'cash', expectedTotal: '10' }).total).toBe('10.00');
  });

  it('a sale whose answer was lost, asked again with the price the counter reads now, is answered with the first: never sold twice', () => {
    const app = tempApp();
    const coffee = plan(app, { name: 'Coffee Pass', credits: '10', price: '20', validity: 'none' });
    const ann = customer(app, 'Ann');
    const clientId = newId();
    const first = app.call('passes.sell', { clientId, customerId: ann, planId: coffee, paymentMethod: 'cash', expectedPrice: '20.00' }); // its answer lost
    app.call('plans.save', { clientId: newId(), id: coffee, name: 'Coffee Pass', credits: '10', price: '30', validity: 'none', overagePolicy: 'block' }, app.owner);
    const again = app.call('passes.sell', { clientId, customerId: ann, planId: coffee, paymentMethod: 'cash', expectedPrice: '30.00' });
    expect(again).toEqual(first);
    expect(app.call('customers.get', { id: ann }).passes).toHaveLength(1);
    // another sale under that id is still another request
    expect(app.dispatch('passes.sell', { clientId, customerId: ann, planId: coffee, paymentMethod: 'card', expectedPrice: '30.00' }).ok).toBe(false);
  });
});
