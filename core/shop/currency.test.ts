// Changing the currency before any money was taken keeps the prices the owner typed, exactly, or refuses.
import { describe, expect, it } from 'vitest';
import { codeOf, newId, tempApp } from '../../test/support/tempApp';
import { ledgerCounts, scenario } from '../passes/scenario';

function shopWithCatalog() {
  const app = tempApp();
  const s = scenario(app, app.owner);
  s.item('Latte', '1', '4.50');
  s.plan({ name: '25 drinks', credits: '25', price: '50', overagePolicy: 'allow', overagePricePerCredit: '4.5' });
  const prices = () => ({
    items: app.call('items.list', {}).items.map((i) => i.cashPrice),
    plans: app.call('plans.list', {}).plans.map((p) => [p.price, p.overagePricePerCredit]),
  });
  return { app, s, prices };
}

describe('shop.update currency', () => {
  it('keeps every price as typed when the new currency has more decimals (USD -> KWD) and back', () => {
    const { app, prices } = shopWithCatalog();
    expect(prices()).toEqual({ items: ['4.50'], plans: [['50.00', '4.50']] });
    app.call('shop.update', { clientId: newId(), currency: 'KWD' }, app.owner);
    expect(prices()).toEqual({ items: ['4.500'], plans: [['50.000', '4.500']] });
    expect(app.db.prepare('SELECT cash_price_minor AS m FROM items').get()).toEqual({ m: 4500 });
    app.call('shop.update', { clientId: newId(), currency: 'USD' }, app.owner);
    expect(prices()).toEqual({ items: ['4.50'], plans: [['50.00', '4.50']] });
  });

  it('refuses a currency that cannot write a price, naming it and changing nothing; goes through once it can', () => {
    const { app, s, prices } = shopWithCatalog();
    const before = JSON.stringify(app.db.prepare('SELECT * FROM shop').get());
    const r = app.dispatch('shop.update', { clientId: newId(), currency: 'JPY' }, app.owner);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^Latte costs 4\.50, which JPY cannot write/) });
    expect(JSON.stringify(app.db.prepare('SELECT * FROM shop').get())).toBe(before);
    expect(prices()).toEqual({ items: ['4.50'], plans: [['50.00', '4.50']] });
    const latte = app.call('items.list', {}).items[0]!;
    app.call('items.save', { clientId: newId(), id: latte.id, name: 'Latte', usageUnit: 'unit', rate: '1', cashPrice: '5' }, app.owner);
    app.call('shop.update', { clientId: newId(), currency: 'JPY' }, app.owner);
    expect(prices()).toEqual({ items: ['5'], plans: [['50', '4.5']] });
    // the first sale books the plan's price as typed: 50 yen
    const pass = s.sell(s.customer('Anna'), app.call('plans.list', {}).plans[0]!.id);
    expect(app.call('passes.get', { passId: pass }).lots[0]!.costBasis).toBe('2');
    expect(codeOf(app, 'shop.update', { clientId: newId(), currency: 'USD' }, app.owner)).toBe('CONFLICT'); // money taken: fixed
    expect(ledgerCounts(app.db).payments).toBe(1);
  });
});

describe('shop.update time zone', () => {
  it('changes before the first pass is sold, and is refused after (the books date month ends by it), changing nothing', () => {
    const { app, s } = shopWithCatalog();
    // the owner's screen offers both while nothing is sold (shop.status says what is fixed)
    expect(app.call('shop.status', {}).fixed).toEqual({ currency: false, timeZone: false });
    app.call('shop.update', { clientId: newId(), timeZone: 'Europe/Berlin' }, app.owner);
    const plan = app.call('plans.list', {}).plans[0]!.id;
    s.sell(s.customer('Ann'), plan);
    expect(app.call('shop.status', {}).fixed).toEqual({ currency: true, timeZone: true });
    const r = app.dispatch('shop.update', { clientId: newId(), timeZone: 'Asia/Tokyo', receiptFooter: 'new' }, app.owner);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CONFLICT', details: { field: 'timeZone' } });
    expect(r.ok ? '' : r.error.message).toBe('The time zone cannot change once passes are sold: their periods end at midnight in Europe/Berlin, and the books date their month ends by it.');
    expect(app.call('shop.status', {}).shop).toMatchObject({ timeZone: 'Europe/Berlin', receiptFooter: '' });
    app.call('shop.update', { clientId: newId(), timeZone: 'Europe/Berlin', receiptFooter: 'same zone is fine' }, app.owner);
  });
});

