// Catalog: items and plans are edited in place, but history and sold passes keep what they were sold with.
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';

describe('items', () => {
  it('creates, edits, archives (never deletes); hotkeys are unique among live items', () => {
    const app = tempApp();
    const cap = app.call('items.save', { clientId: cid(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.5', hotkey: '1', category: 'Coffee' }, app.owner);
    expect(cap).toEqual({ id: cap.id, name: 'Cappuccino', usageUnit: 'drink', creditUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Coffee', archived: false });
    expect(codeOf(app, 'items.save', { clientId: cid(), name: 'Latte', usageUnit: 'drink', rate: '1', cashPrice: '4.5', hotkey: '1' }, app.owner)).toBe('VALIDATION');
    for (const rate of ['0', '-1', 'abc', '1e2', '0.0000001']) {
      expect(codeOf(app, 'items.save', { clientId: cid(), name: 'X', usageUnit: 'u', rate, cashPrice: '1' }, app.owner), rate).toBe('VALIDATION');
    }
    expect(codeOf(app, 'items.save', { clientId: cid(), name: 'X', usageUnit: 'u', rate: '1', cashPrice: '1.001' }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'items.save', { clientId: cid(), name: 'X', usageUnit: 'u', rate: '1', cashPrice: '1' })).toBe('FORBIDDEN');
    const edited = app.call('items.save', { clientId: cid(), id: cap.id, name: 'Cappuccino (large)', usageUnit: 'drink', rate: '1.5', cashPrice: '5.25', hotkey: '1' }, app.owner);
    expect(edited).toMatchObject({ rate: '1.5', cashPrice: '5.25', category: null });
    app.call('items.archive', { clientId: cid(), id: cap.id, archived: true }, app.owner);
    expect(app.call('items.list', {}).items).toEqual([]);
    expect(app.call('items.list', { includeArchived: true }).items.map((i) => i.archived)).toEqual([true]);
    // the hotkey is free again while archived
    app.call('items.save', { clientId: cid(), name: 'Latte', usageUnit: 'drink', rate: '1', cashPrice: '4.5', hotkey: '1' }, app.owner);
    expect(codeOf(app, 'items.archive', { clientId: cid(), id: cap.id, archived: false }, app.owner)).toBe('VALIDATION');
  });

  it('lists items and plans in the order a reader expects: accents and case folded (Éclair with the Es)', () => {
    const app = tempApp();
    const item = (name: string, category?: string) => app.call('items.save', { clientId: cid(), name, usageUnit: 'pièce', rate: '1', cashPrice: '1', ...(category ? { category } : {}) }, app.owner);
    for (const n of ['Pain au chocolat', 'Éclair café', 'croissant', 'Mini-chouquettes']) item(n);
    item('Zeste', 'Été'); item('Abricot', 'boissons');
    expect(app.call('items.list', {}).items.map((i) => i.name)).toEqual(['Abricot', 'Zeste', 'croissant', 'Éclair café', 'Mini-chouquettes', 'Pain au chocolat']);
    for (const n of ['Zéro', 'Été', 'abonnement']) app.call('plans.save', { clientId: cid(), name: n, credits: '10', price: '10', validity: 'none', overagePolicy: 'block' }, app.owner);
    expect(app.call('plans.list', {}).plans.map((p) => p.name)).toEqual(['abonnement', 'Été', 'Zéro']);
  });

  it('editing an item never changes past redemptions', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const cap = s.item('Cappuccino', '1', '4.50');
    const pass = s.sell(s.customer(), s.plan({ name: 'P', credits: '10', price: '20' }));
    s.redeem(pass, [[cap, '2']]);
    app.call('items.save', { clientId: cid(), id: cap, name: 'Renamed', usageUnit: 'drink', rate: '2', cashPrice: '9' }, app.owner);
    expect(app.call('counter.recent', { passId: pass }).redemptions[0]?.lines).toEqual([{ itemId: cap, name: 'Cappuccino', quantity: '2', credits: '2' }]);
    expect(s.redeem(pass, [[cap, '1']]).lines[0]).toMatchObject({ name: 'Renamed', rate: '2', credits: '2' });
  });
});

describe('an edit that leaves the credit unit out', () => {
  it('keeps the plan\'s and the item\'s unit, not the shop\'s unit of today', () => {
    const app = tempApp();
    const plan = app.call('plans.save', { clientId: cid(), name: 'Coffee Pass', credits: '10', price: '20', validity: 'month' }, app.owner);
    const item = app.call('items.save', { clientId: cid(), name: 'Latte', usageUnit: 'cup', rate: '1', cashPrice: '4' }, app.owner);
    expect([plan.creditUnit, item.creditUnit]).toEqual(['drink', 'drink']);
    app.call('shop.update', { clientId: cid(), creditUnit: 'coffee' }, app.owner);
    const plan2 = app.call('plans.save', { clientId: cid(), id: plan.id, name: 'Coffee Pass', credits: '12', price: '20', validity: 'month' }, app.owner);
    const item2 = app.call('items.save', { clientId: cid(), id: item.id, name: 'Latte', usageUnit: 'cup', rate: '2', cashPrice: '4' }, app.owner);
    expect([plan2.creditUnit, plan2.credits, item2.creditUnit, item2.rate]).toEqual(['drink', '12', 'drink', '2']);
    // a new one takes the shop's unit of today, and a unit given on an edit is the unit
    expect(app.call('items.save', { clientId: cid(), name: 'Mocha', usageUnit: 'cup', rate: '1', cashPrice: '4' }, app.owner).creditUnit).toBe('coffee');
    expect(app.call('items.save', { clientId: cid(), id: item.id, name: 'Latte', usageUnit: 'cup', creditUnit: 'coffee', rate: '2', cashPrice: '4' }, app.owner).creditUnit).toBe('coffee');
  });
});

describe('plans', () => {
  it('saves every field and shows them back', () => {
    const app = tempApp();
    const p = app.call('plans.save', {
      clientId: cid(), name: 'Coffee Pass', kind: 'plan', credits: '25', price: '50', validity: 'days', validityDays: 30, periods: 3,
      rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverCapPercent: '20', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 2,
      consumptionOrder: 'rollover_first', overagePolicy: 'allow', overagePricePerCredit: '1.875', overdraftLimitCredits: '3',
      lowBalanceCredits: '2.5', lowBalancePercent: '10',
    }, app.owner);
    expect(p).toEqual({
      id: p.id, kind: 'plan', name: 'Coffee Pass', creditUnit: 'drink', credits: '25', price: '50.00', salePrice: '150.00', costBasis: '2.00', validity: 'days',
      validityDays: 30, periods: 3, rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverCapPercent: '20', rolloverExpiresAfterPeriods: 1,
      rolloverMaxTimes: 2, consumptionOrder: 'rollover_first', overagePolicy: 'allow', overagePricePerCredit: '1.875', overdraftLimitCredits: '3',
      lowBalanceCredits: '2.5', lowBalancePercent: '10', archived: false, bonusCredits: '0',
    });
    expect(app.call('plans.list', { kind: 'plan' }).plans).toHaveLength(1);
    expect(app.call('plans.list', { kind: 'topup' }).plans).toHaveLength(0);
    const bad = (extra: Record<string, unknown>) => codeOf(app, 'plans.save', { clientId: cid(), name: 'X', credits: '1', price: '1', ...extra }, app.owner);
    expect(bad({ validity: 'days' })).toBe('VALIDATION');
    expect(bad({ rolloverPolicy: 'cap' })).toBe('VALIDATION');
    expect(bad({ credits: '0' })).toBe('VALIDATION');
    expect(bad({ price: '-1' })).toBe('VALIDATION');
    expect(bad({ kind: 'topup', periods: 2, validity: 'month' })).toBe('VALIDATION');
    expect(bad({ lowBalancePercent: '101' })).toBe('VALIDATION');
    expect(bad({ validity: 'fortnight' })).toBe('VALIDATION');
  });

  it('refuses a plan whose sale price (price × periods) passes the largest money amount in one value', () => {
    const app = tempApp();
    const save = (extra: Record<string, unknown>) => app.dispatch('plans.save', { clientId: cid(), name: 'P', credits: '3', validity: 'month', ...extra }, app.owner);
    // 100,000,000,000.00 is the largest price; 120 periods of it would book 12,000,000,000,000.00 at one sale
    const big = save({ price: '100000000000.00', periods: 120 });
    expect(big.ok ? 'OK' : big.error).toMatchObject({ code: 'VALIDATION', details: { field: 'price' } });
    expect(big.ok ? '' : big.error.message).toMatch(/120 periods/);
    expect(save({ price: '100000000000.00', periods: 1 }).ok).toBe(true);
    // exactly at the limit is fine; a cent more is not
    expect(save({ price: '1000000000.00', periods: 100 }).ok).toBe(true);
    const over = save({ price: '1000000000.01', periods: 100 });
    expect(over.ok ? 'OK' : over.error).toMatchObject({ code: 'VALIDATION', details: { field: 'price' } });
    expect(app.call('plans.list', {}).plans.map((p) => p.salePrice)).toEqual(['100000000000.00', '100000000000.00']);
  });

  it('keeps a plan consistent: no overage terms on a block plan, no low threshold above its credits, its kind for good', () => {
    const app = tempApp();
    const save = (extra: Record<string, unknown>) => app.dispatch('plans.save', { clientId: cid(), name: 'P', credits: '1', price: '2', ...extra }, app.owner);
    const block = save({ overagePolicy: 'block', overdraftLimitCredits: '5', overagePricePerCredit: '1.5' });
    expect(block.ok && block.value).toMatchObject({ overagePolicy: 'block', overdraftLimitCredits: null, overagePricePerCredit: null });
    const allow = save({ overagePolicy: 'allow', overdraftLimitCredits: '5', overagePricePerCredit: '1.5' });
    expect(allow.ok && allow.value).toMatchObject({ overdraftLimitCredits: '5', overagePricePerCredit: '1.50' });
    const low = save({ lowBalanceCredits: '5' });
    expect(low.ok ? 'OK' : low.error).toMatchObject({ code: 'VALIDATION', details: { field: 'lowBalanceCredits' } });
    expect(save({ lowBalanceCredits: '1' }).ok).toBe(true);
    const plan = app.call('plans.save', { clientId: cid(), name: 'Coffee', credits: '10', price: '20' }, app.owner);
    const flip = app.dispatch('plans.save', { clientId: cid(), id: plan.id, kind: 'topup', name: 'Coffee', credits: '10', price: '20' }, app.owner);
    expect(flip.ok ? 'OK' : flip.error).toMatchObject({ code: 'VALIDATION', details: { field: 'kind' } });
    expect(app.call('plans.list', {}).plans.find((p) => p.id === plan.id)?.kind).toBe('plan');
  });

  it('a plan edit applies to new sales only: a sold pass keeps its terms', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const cap = s.item('Cappuccino', '1', '4.50');
    const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', overagePolicy: 'block' });
    const old = s.sell(s.customer('A'), plan);
    app.call('plans.save', { clientId: cid(), id: plan, name: 'Coffee Pass 2', credits: '20', price: '50', overagePolicy: 'allow' }, app.owner);
    const fresh = s.sell(s.customer('B'), plan);
    expect(app.call('passes.get', { passId: old })).toMatchObject({ planName: 'Coffee Pass', balance: '25', overagePolicy: 'block' });
    expect(app.call('passes.get', { passId: fresh })).toMatchObject({ planName: 'Coffee Pass 2', balance: '20', overagePolicy: 'allow' });
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: old, items: [{ itemId: cap, quantity: '26' }], overageSettlement: 'now' })).toBe('INSUFFICIENT_CREDITS');
    app.call('plans.archive', { clientId: cid(), id: plan, archived: true }, app.owner);
    expect(codeOf(app, 'passes.sell', { clientId: cid(), customerId: s.customer('C'), planId: plan, paymentMethod: 'cash' })).toBe('VALIDATION');
    expect(app.call('passes.get', { passId: old }).status).toBe('active');
  });

  it('top-up packs add a lot with their own price and expiry; a plan cannot be sold as a pack and vice versa', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    const pack = s.plan({ name: '10 more', kind: 'topup', credits: '10', price: '20', validity: 'days', validityDays: 7 });
    const pass = s.sell(s.customer(), plan);
    const v = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'card' });
    expect(v.balance).toBe('35');
    // 7 local days from 2026-03-01 (sale day is day 1) → ends 2026-03-08 00:00 New York (05:00 UTC, before the DST change)
    expect(v.lots.map((l) => [l.source, l.expiresAt])).toEqual([['topup', '2026-03-08T05:00:00.000Z'], ['sale', '2026-04-01T04:00:00.000Z']]);
    expect(codeOf(app, 'passes.topUp', { clientId: cid(), passId: pass, packId: plan, paymentMethod: 'card' })).toBe('VALIDATION');
    expect(codeOf(app, 'passes.sell', { clientId: cid(), customerId: s.customer('B'), planId: pack, paymentMethod: 'card' })).toBe('VALIDATION');
    expect(codeOf(app, 'passes.topUp', { clientId: cid(), passId: 999, packId: pack, paymentMethod: 'card' })).toBe('NOT_FOUND');
  });

  it('a top-up pack takes no terms of a pass: rollover, credit order, overage and low balance are refused by field, nothing saved', () => {
    const app = tempApp();
    const pack = { clientId: cid(), kind: 'topup' as const, name: '10 more', credits: '10', price: '20', validity: 'month' as const };
    const fieldOf = (extra: Record<string, unknown>) => {
      const r = app.dispatch('plans.save', { ...pack, clientId: cid(), ...extra }, app.owner);
      return r.ok ? 'saved' : `${r.error.code} ${(r.error.details as { field?: string } | undefined)?.field}: ${r.error.message}`;
    };
    expect(fieldOf({ rolloverPolicy: 'all' })).toBe("VALIDATION rolloverPolicy: rolloverPolicy: a top-up pack's credits do not roll over: they expire at the pack's end (set its validity, or none to keep them)");
    expect(fieldOf({ rolloverExpiresAfterPeriods: 2 })).toMatch(/^VALIDATION rolloverExpiresAfterPeriods: /);
    expect(fieldOf({ consumptionOrder: 'rollover_first' })).toMatch(/^VALIDATION consumptionOrder: .*the pass's own plan decides/);
    expect(fieldOf({ overagePolicy: 'allow' })).toMatch(/^VALIDATION overagePolicy: /);
    expect(fieldOf({ lowBalanceCredits: '2' })).toMatch(/^VALIDATION lowBalanceCredits: /);
    expect(fieldOf({ validityDays: 5 })).toMatch(/^VALIDATION validityDays: .*only for validity "days"/); // was dropped without a word
    expect(app.call('plans.list', { kind: 'topup' }).plans).toEqual([]);
    // the defaults (or nulls) are what a pack is: saved
    const saved = app.call('plans.save', { ...pack, rolloverPolicy: 'none', consumptionOrder: 'default', overagePolicy: 'block', lowBalanceCredits: null }, app.owner);
    expect([saved.kind, saved.rolloverPolicy, saved.overagePolicy, saved.lowBalanceCredits]).toEqual(['topup', 'none', 'block', null]);
  });
});

describe('a form with several wrong fields', () => {
  it('hears about each of them in one answer', () => {
    const app = tempApp();
    const issues = (name: string, input: object) => {
      const r = app.dispatch(name as never, input as never, app.owner);
      expect(r.ok).toBe(false);
      return r.ok ? [] : ((r.error.details as { issues?: Array<{ path: string }> }).issues ?? []).map((i) => i.path).sort();
    };
    expect(issues('plans.save', { clientId: cid(), name: '', credits: '', price: '' })).toEqual(['credits', 'name', 'price']);
    expect(issues('items.save', { clientId: cid(), name: 'Mocha', usageUnit: 'drink', rate: '0', cashPrice: '-5' })).toEqual(['cashPrice', 'rate']);
    expect(issues('plans.save', { clientId: cid(), name: 'P', credits: '0', price: '-1', lowBalancePercent: '120' })).toEqual(['credits', 'lowBalancePercent', 'price']);
  });
});


describe('plans.quote', () => {
  it('says before the sale what it takes and when the first credits end; a month pass sold late in the month is flagged', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-31T23:00:00.000Z' }); // 31 Mar 19:00 EDT
    const s = scenario(app, app.owner);
    const month = s.plan({ name: 'Monthly', credits: '25', price: '50', validity: 'month' });
    const quarterly = s.plan({ name: 'Three months', credits: '20', price: '38.50', validity: 'month', periods: 3 });
    const days = s.plan({ name: 'Thirty days', credits: '25', price: '50', validity: 'days', validityDays: 30 });
    const pack = s.plan({ name: 'Ten more', kind: 'topup', credits: '10', price: '20', validity: 'month' });
    const q = (planId: number) => app.call('plans.quote', { planId });
    // five hours of March are left: the first 25 end at midnight, and the counter is told
    expect(q(month)).toEqual({ planId: month, salePrice: '50.00', firstEndsAt: '2026-04-01T04:00:00.000Z', termEndsAt: '2026-04-01T04:00:00.000Z', shortFirstPeriod: true });
    // three periods are paid now; the term runs to the end of May
    expect(q(quarterly)).toMatchObject({ salePrice: '115.50', firstEndsAt: '2026-04-01T04:00:00.000Z', termEndsAt: '2026-06-01T04:00:00.000Z', shortFirstPeriod: true });
    // 30 days from today (today is day 1); a pack lasts its own month, through 30 April
    expect(q(days)).toMatchObject({ firstEndsAt: '2026-04-30T04:00:00.000Z', shortFirstPeriod: false });
    expect(q(pack)).toMatchObject({ salePrice: '20.00', firstEndsAt: '2026-05-01T04:00:00.000Z', shortFirstPeriod: false });
    // the same month pass sold on the 10th has most of its month ahead
    app.clockControl.set('2026-03-10T15:00:00.000Z');
    expect(q(month)).toMatchObject({ firstEndsAt: '2026-04-01T04:00:00.000Z', shortFirstPeriod: false });
    // and the quote is what the sale then does
    const sold = app.call('passes.sell', { clientId: cid(), customerId: s.customer('Ann'), planId: month, paymentMethod: 'cash' });
    expect(sold.lots[0]!.expiresAt).toBe(q(month).firstEndsAt);
    expect(codeOf(app, 'plans.quote', { planId: 999 })).toBe('NOT_FOUND');
  });

  it('flags a pack that ends soon after it is bought: a day pack at 23:50 lasts ten minutes', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-11T03:50:00.000Z' }); // 10 Mar 23:50 EDT
    const s = scenario(app, app.owner);
    const dayPack = s.plan({ name: 'Today only', kind: 'topup', credits: '5', price: '10', validity: 'day' });
    const twoDays = s.plan({ name: 'Two days', kind: 'topup', credits: '5', price: '10', validity: 'days', validityDays: 2 });
    const week = s.plan({ name: 'A week', kind: 'topup', credits: '5', price: '10', validity: 'week' });
    const q = (planId: number) => app.call('plans.quote', { planId });
    expect(q(dayPack)).toMatchObject({ firstEndsAt: '2026-03-11T04:00:00.000Z', shortFirstPeriod: true });
    // the purchase day counts as day 1: one day and ten minutes of two days are left, more than half
    expect(q(twoDays)).toMatchObject({ firstEndsAt: '2026-03-12T04:00:00.000Z', shortFirstPeriod: false });
    expect(q(week)).toMatchObject({ shortFirstPeriod: false });
    // the same day pack at noon has half its day ahead
    app.clockControl.set('2026-03-10T15:00:00.000Z');
    expect(q(dayPack)).toMatchObject({ firstEndsAt: '2026-03-11T04:00:00.000Z', shortFirstPeriod: false });
  });
});

describe('hotkeys without case', () => {
  it('refuses a key another live item has in the other case, yet lets an older ledger holding e and E edit both', () => {
    const app = tempApp();
    const espresso = app.call('items.save', { clientId: cid(), name: 'Espresso', usageUnit: 'cup', rate: '1', cashPrice: '3', hotkey: 'E' }, app.owner);
    expect(codeOf(app, 'items.save', { clientId: cid(), name: 'Earl Grey', usageUnit: 'cup', rate: '1', cashPrice: '3', hotkey: 'e' }, app.owner)).toBe('VALIDATION');
    // as a ledger from before this rule may hold them
    const tea = app.call('items.save', { clientId: cid(), name: 'Earl Grey', usageUnit: 'cup', rate: '1', cashPrice: '3' }, app.owner);
    app.db.prepare("UPDATE items SET hotkey = 'e' WHERE id = ?").run(tea.id);
    expect(app.call('items.save', { clientId: cid(), id: tea.id, name: 'Earl Grey', usageUnit: 'cup', rate: '1', cashPrice: '3.20', hotkey: 'e' }, app.owner)).toMatchObject({ cashPrice: '3.20', hotkey: 'e' });
    expect(app.call('items.save', { clientId: cid(), id: espresso.id, name: 'Espresso', usageUnit: 'cup', rate: '1', cashPrice: '3.10', hotkey: 'E' }, app.owner)).toMatchObject({ cashPrice: '3.10' });
    // a key changed to one another item holds, in any case, is still refused
    expect(codeOf(app, 'items.save', { clientId: cid(), id: espresso.id, name: 'Espresso', usageUnit: 'cup', rate: '1', cashPrice: '3.10', hotkey: 'e' }, app.owner)).toBe('VALIDATION');
    const latte = app.call('items.save', { clientId: cid(), name: 'Latte', usageUnit: 'cup', rate: '1', cashPrice: '4', hotkey: 'L' }, app.owner);
    expect(codeOf(app, 'items.save', { clientId: cid(), id: latte.id, name: 'Latte', usageUnit: 'cup', rate: '1', cashPrice: '4', hotkey: 'E' }, app.owner)).toBe('VALIDATION');
  });
});
