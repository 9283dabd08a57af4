// Redeem at the counter: exact credits, overage policies, pass resolution, idempotent replays.
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp } from '../../test/support/tempApp';
import { PassbookError } from '../errors';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from '../passes/scenario';
import { creditsOf } from './pricing';

function errorOf(fn: () => unknown): PassbookError {
  try { fn(); } catch (e) { return e as PassbookError; }
  throw new Error('expected an error');
}

function setup(planExtra: Record<string, unknown> = {}) {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const cold = s.item('Cold brew (large)', '1.5', '5.25');
  const plan = s.plan({ name: 'Coffee Pass', credits: '2', price: '4', validity: 'month', ...planExtra });
  const customer = s.customer('Anna Lee');
  const pass = s.sell(customer, plan);
  return { app, s, capp, cold, plan, customer, pass };
}

describe('credits = quantity × rate', () => {
  it('is exact and rounds once to millionths', () => {
    expect(creditsOf(100_000, 2_500_000)).toBe(250_000); // 0.1 × 2.5 = 0.25
    expect(creditsOf(1, 500_000)).toBe(1); // 0.000001 × 0.5 = 0.0000005 → half up
    expect(creditsOf(3_000_000, 333_333)).toBe(999_999);
  });
});

describe('overage', () => {
  it('block: INSUFFICIENT_CREDITS "has X, needs Y" and nothing written', () => {
    const { app, s, cold, pass } = setup();
    s.redeem(pass, [[cold, '1']]);
    const before = ledgerCounts(app.db);
    const e = errorOf(() => s.redeem(pass, [[cold, '1']]));
    expect(e.code).toBe('INSUFFICIENT_CREDITS');
    expect(e.message).toMatch(/has 0.5 drinks, needs 1.5/);
    expect(e.details).toEqual({ has: '0.5', needs: '1.5', overagePolicy: 'block' });
    expect(ledgerCounts(app.db)).toEqual(before);
  });

  it('allow: asks first (amount at the item cash price per credit), then charges now with the same clientId', () => {
    const { app, cold, pass } = setup({ overagePolicy: 'allow' });
    const input = { clientId: cid(), passId: pass, items: [{ itemId: cold, quantity: '2' }] }; // 3 credits, has 2
    const before = ledgerCounts(app.db);
    const e = errorOf(() => app.call('counter.redeem', input));
    expect(e.code).toBe('INSUFFICIENT_CREDITS');
    // 1 credit over; cold brew is $5.25 for 1.5 credits → $3.50 per credit
    expect(e.details).toEqual({ has: '2', needs: '3', overageCredits: '1', overageAmount: '3.50', overagePolicy: 'allow', accountAllowed: true });
    expect(ledgerCounts(app.db)).toEqual(before);
    const r = app.call('counter.redeem', { ...input, overageSettlement: 'now', paymentMethod: 'card' });
    expect(r.overage).toEqual({ credits: '1', amount: '3.50', settlement: 'now', paymentMethod: 'card' });
    expect(r.balanceAfter).toBe('0');
    // the instant the ledger dated it, for the receipt
    expect(r.at).toBe(new Date((app.db.prepare('SELECT occurred_at FROM redemptions WHERE id = ?').get(r.redemptionId) as { occurred_at: number }).occurred_at).toISOString());
    expect(accountBalance(app.db, 'assets:card')).toBe(350);
    expect(accountBalance(app.db, 'revenue:overage')).toBe(-350);
    expect(app.call('passes.get', { passId: pass }).overageDue).toBe('0.00');
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });

  it('allow on account: a receivable shown on the pass until settled; settling more than due is refused', () => {
    const { app, capp, pass } = setup({ overagePolicy: 'allow', overagePricePerCredit: '2.25' });
    const r = app.call('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: capp, quantity: '3' }], overageSettlement: 'account' });
    expect(r.overage).toEqual({ credits: '1', amount: '2.25', settlement: 'account', paymentMethod: null });
    expect(app.call('passes.get', { passId: pass }).overageDue).toBe('2.25');
    expect(codeOf(app, 'passes.settleOverage', { clientId: cid(), passId: pass, amount: '2.26', paymentMethod: 'cash' })).toBe('VALIDATION');
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '1.25', paymentMethod: 'cash' });
    expect(app.call('passes.get', { passId: pass }).overageDue).toBe('1.00');
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '1', paymentMethod: 'card' });
    expect(app.call('passes.get', { passId: pass }).overageDue).toBe('0.00');
    expect(accountBalance(app.db, 'assets:receivable:overage')).toBe(0);
    expect(codeOf(app, 'passes.settleOverage', { clientId: cid(), passId: pass, amount: '0.01', paymentMethod: 'cash' })).toBe('VALIDATION');
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });

  it('sums mixed lines exactly and rounds once', () => {
    const { app, s, capp, pass } = setup({ overagePolicy: 'allow' });
    const third = s.item('Third', '3', '1.00'); // $0.333… per credit
    const r = app.call('counter.redeem', {
      clientId: cid(), passId: pass, overageSettlement: 'now',
      items: [{ itemId: capp, quantity: '2' }, { itemId: third, quantity: '1' }, { itemId: third, quantity: '1' }],
    });
    // lots cover the cappuccinos; 6 credits over at 1/3 dollar each = exactly $2.00 (not 0.67 + 0.67 + ...)
    expect(r.overage).toEqual({ credits: '6', amount: '2.00', settlement: 'now', paymentMethod: 'cash' });
  });

  it('the same cart costs the same in any order: the pass covers the dearest credits, the rest is over at its own price', () => {
    // 1 credit left; cold brew $6.00 for 1.5 credits ($4 a credit), cappuccino $4.50 for 1 credit
    const charge = (order: 'cold first' | 'capp first') => {
      const { app, s, capp, pass } = setup({ overagePolicy: 'allow' });
      const cold6 = s.item('Cold brew $6', '1.5', '6.00');
      s.redeem(pass, [[capp, '1']]);
      const items = order === 'cold first' ? [[cold6, '1'], [capp, '1']] : [[capp, '1'], [cold6, '1']];
      const r = s.redeem(pass, items as [number, string][], { overageSettlement: 'now' });
      expect(unbalancedTransactions(app.db)).toEqual([]);
      return r.overage;
    };
    // the cappuccino's credit is the dearer: the pass pays for it, and the cold brew is over in full: 1.5 × $4 = $6.00
    expect(charge('cold first')).toEqual({ credits: '1.5', amount: '6.00', settlement: 'now', paymentMethod: 'cash' });
    expect(charge('capp first')).toEqual({ credits: '1.5', amount: '6.00', settlement: 'now', paymentMethod: 'cash' });
  });

  it('a line wholly over costs quantity × cash price, rounded once (never priced back from credits rounded to millionths)', () => {
    const { app, s, capp, pass } = setup({ overagePolicy: 'allow' });
    s.redeem(pass, [[capp, '2']]); // the pass is empty
    const tiny = s.item('Page scan', '0.000003', '3.00'); // 0.5 × 0.000003 = 0.0000015 credits → 0.000002
    const r = app.call('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: tiny, quantity: '0.5' }], overageSettlement: 'account' });
    expect(r.overage).toEqual({ credits: '0.000002', amount: '1.50', settlement: 'account', paymentMethod: null }); // 0.5 × $3.00, not 0.000002 × $1,000,000
    expect(app.call('passes.get', { passId: pass }).overageDue).toBe('1.50');
  });

  it('overdraft limit: OVERDRAFT_LIMIT beyond it, nothing written', () => {
    const { app, s, capp, pass } = setup({ overagePolicy: 'allow', overdraftLimitCredits: '1' });
    const before = ledgerCounts(app.db);
    const e = errorOf(() => s.redeem(pass, [[capp, '4']], { overageSettlement: 'account' }));
    expect(e.code).toBe('OVERDRAFT_LIMIT');
    expect(ledgerCounts(app.db)).toEqual(before);
    expect(s.redeem(pass, [[capp, '3']], { overageSettlement: 'account' }).overage?.credits).toBe('1');
    // the limit counts what is still on account: another drink over is refused until it is settled in full
    expect(errorOf(() => s.redeem(pass, [[capp, '0.5']], { overageSettlement: 'account' })).details).toMatchObject({ onAccountCredits: '1', overageCredits: '0.5' });
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '2.00', paymentMethod: 'cash' });
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: capp, quantity: '0.5' }], overageSettlement: 'account' })).toBe('OVERDRAFT_LIMIT');
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '2.50', paymentMethod: 'cash' });
    expect(s.redeem(pass, [[capp, '1']], { overageSettlement: 'account' }).overage?.credits).toBe('1');
  });

  it('overdraft limit: overage charged now is paid, not limited; over the limit the counter is offered only to charge it', () => {
    // limit 2 drinks: 6 cappuccinos on a pass of 2 is 4 over
    const { app, s, capp, pass } = setup({ overagePolicy: 'allow', overdraftLimitCredits: '2' });
    const input = { clientId: cid(), passId: pass, items: [{ itemId: capp, quantity: '6' }] };
    const ask = errorOf(() => app.call('counter.redeem', input));
    expect(ask.code).toBe('INSUFFICIENT_CREDITS');
    expect(ask.details).toMatchObject({ overageCredits: '4', overageAmount: '18.00', accountAllowed: false });
    expect(ask.message).toBe('This pass has 2 drinks, needs 6 drinks. The 4 drinks over cost $18.00: charge now (on account would pass the overdraft limit of 2 drinks).');
    const before = ledgerCounts(app.db);
    expect(codeOf(app, 'counter.redeem', { ...input, overageSettlement: 'account' })).toBe('OVERDRAFT_LIMIT');
    expect(ledgerCounts(app.db)).toEqual(before);
    // paid at the counter: nothing is owed, so the limit has nothing to cap (before, the customer was refused and the
    // cashier could only split the cart to get round it)
    const r = app.call('counter.redeem', { ...input, overageSettlement: 'now', paymentMethod: 'card' });
    expect(r.overage).toEqual({ credits: '4', amount: '18.00', settlement: 'now', paymentMethod: 'card' });
    expect(app.call('passes.get', { passId: pass }).overageDue).toBe('0.00');
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });

  it('overdraft limit: overage already paid off does not count again once new overage is on account', () => {
    // limit 3. A: 2 over on account, paid in full. B: 1 over on account, unpaid. C: 0.5 over -> 1 + 0.5 is within 3
    // (before, every on-account overage the pass ever had counted as soon as anything was due: 3 + 0.5, refused)
    const { app, s, capp, pass } = setup({ credits: '1', overagePolicy: 'allow', overdraftLimitCredits: '3' });
    const pack = s.plan({ name: 'One more', kind: 'topup', credits: '1', price: '4', validity: 'none' });
    expect(s.redeem(pass, [[capp, '3']], { overageSettlement: 'account' }).overage).toMatchObject({ credits: '2', amount: '9.00' });
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '9.00', paymentMethod: 'cash' });
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    expect(s.redeem(pass, [[capp, '2']], { overageSettlement: 'account' }).overage).toMatchObject({ credits: '1', amount: '4.50' });
    expect(s.redeem(pass, [[capp, '0.5']], { overageSettlement: 'now' }).overage).toMatchObject({ credits: '0.5', amount: '2.25' });
    // 1 unpaid + 2 more = 3: at the limit; a millionth more is refused and names the 1 still on account
    expect(s.redeem(pass, [[capp, '2']], { overageSettlement: 'account' }).overage?.credits).toBe('2');
    expect(errorOf(() => s.redeem(pass, [[capp, '0.000001']], { overageSettlement: 'account' })).details).toMatchObject({ onAccountCredits: '3' });
    // half of B paid: the oldest unpaid overage is paid first, so 0.5 of B and all of the 2 stay on account
    app.call('passes.settleOverage', { clientId: cid(), passId: pass, amount: '2.25', paymentMethod: 'card' });
    expect(errorOf(() => s.redeem(pass, [[capp, '0.6']], { overageSettlement: 'account' })).details).toMatchObject({ onAccountCredits: '2.5' });
    expect(s.redeem(pass, [[capp, '0.5']], { overageSettlement: 'now' }).overage?.credits).toBe('0.5');
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });
});

describe('which pass', () => {
  it('by customer: the one active pass; several → VALIDATION listing them; none → NOT_FOUND', () => {
    const { app, s, capp, plan, customer, pass } = setup();
    const r = app.call('counter.redeem', { clientId: cid(), customerId: customer, items: [{ itemId: capp, quantity: '1' }] });
    expect(r.passId).toBe(pass);
    const second = s.sell(customer, plan);
    const e = errorOf(() => app.call('counter.redeem', { clientId: cid(), customerId: customer, items: [{ itemId: capp, quantity: '1' }] }));
    expect(e.code).toBe('VALIDATION');
    expect((e.details as { passes: { passId: number }[] }).passes.map((p) => p.passId)).toEqual([second, pass]);
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), customerId: s.customer('Nobody'), items: [{ itemId: capp, quantity: '1' }] })).toBe('NOT_FOUND');
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), customerId: customer, passId: pass, items: [{ itemId: capp, quantity: '1' }] })).toBe('VALIDATION');
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), items: [{ itemId: capp, quantity: '1' }] })).toBe('VALIDATION');
  });

  it('draws an item only from a pass of its credit unit; by customer, the one pass the items fit', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const latte = s.item('Latte', '1', '4.50'); // the shop's unit by default: drink
    const croissant = s.item('Croissant', '1', '3.00', { usageUnit: 'croissant', creditUnit: 'pastry' });
    expect(app.call('items.list', {}).items.map((i) => [i.name, i.creditUnit])).toEqual([['Croissant', 'pastry'], ['Latte', 'drink']]);
    const anna = s.customer('Anna');
    const drinks = s.sell(anna, s.plan({ name: 'Coffee Pass', credits: '10', price: '20' }));
    const pastries = s.sell(anna, s.plan({ name: 'Pastry Pass', creditUnit: 'pastry', credits: '5', price: '12' }));

    // a pastry never comes off the drink pass, nor a drink off the pastry pass: refused, nothing written
    const before = ledgerCounts(app.db);
    const e = errorOf(() => s.redeem(drinks, [[croissant, '1']]));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toBe('items.0.itemId: "Croissant" draws pastry credits; this pass holds drink.');
    expect(e.details).toMatchObject({ field: 'items.0.itemId', itemUnit: 'pastry', passUnit: 'drink' });
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pastries, items: [{ itemId: croissant, quantity: '1' }, { itemId: latte, quantity: '1' }] })).toBe('VALIDATION');
    expect(ledgerCounts(app.db)).toEqual(before);
    expect([s.balance(drinks), s.balance(pastries)]).toEqual(['10', '5']);

    // by customer: each cart goes to the pass its items fit; a cart that fits neither is still asked which
    expect(app.call('counter.redeem', { clientId: cid(), customerId: anna, items: [{ itemId: croissant, quantity: '2' }] }).passId).toBe(pastries);
    expect(app.call('counter.redeem', { clientId: cid(), customerId: anna, items: [{ itemId: latte, quantity: '1' }] }).passId).toBe(drinks);
    expect([s.balance(drinks), s.balance(pastries)]).toEqual(['9', '3']);
    const mixed = errorOf(() => app.call('counter.redeem', { clientId: cid(), customerId: anna, items: [{ itemId: latte, quantity: '1' }, { itemId: croissant, quantity: '1' }] }));
    expect(mixed.code).toBe('VALIDATION');
    expect(mixed.message).toMatch(/has 2 active passes: choose one/);
  });

  it('refuses bad quantities, unknown and archived items, unknown passes', () => {
    const { app, capp, pass } = setup();
    const q = (quantity: string, itemId = capp) => codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId, quantity }] });
    for (const bad of ['0', '-1', 'NaN', '1e3', '', '  ', '1.0000001', '1'.repeat(25)]) expect(q(bad), bad).toBe('VALIDATION');
    expect(q('1', 999)).toBe('NOT_FOUND');
    app.call('items.archive', { clientId: cid(), id: capp, archived: true }, app.owner);
    expect(q('1')).toBe('VALIDATION');
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: 999, items: [{ itemId: capp, quantity: '1' }] })).toBe('NOT_FOUND');
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: [] })).toBe('VALIDATION');
  });

  it('refuses amounts beyond what the ledger stores with VALIDATION, not an internal error', () => {
    const { app, s, pass } = setup({ overagePolicy: 'allow', overagePricePerCredit: '1000000' });
    const huge = s.item('Huge', '1000000000', '1');
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: huge, quantity: '1000000000' }] })).toBe('VALIDATION');
    const big = s.item('Big', '1000', '1');
    // 10^8 credits over at $1,000,000 a credit is beyond ten billion dollars
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: big, quantity: '100000' }], overageSettlement: 'account' })).toBe('VALIDATION');
    const many = Array.from({ length: 50 }, () => ({ itemId: huge, quantity: '1' }));
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: many })).toBe('VALIDATION');
  });

  it('low balance after a redemption (absolute and percent of the last sale)', () => {
    const { app, s, capp } = setup();
    const plan = s.plan({ name: 'Ten', credits: '10', price: '20', lowBalanceCredits: '2', lowBalancePercent: '50' });
    const pass = s.sell(s.customer('B'), plan);
    expect(s.redeem(pass, [[capp, '4']]).lowBalance).toEqual({ low: false, thresholdCredits: '2', thresholdPercent: '50' });
    expect(s.redeem(pass, [[capp, '1']]).lowBalance.low).toBe(true); // 5 left = 50 %
    expect(app.call('passes.get', { passId: pass }).lowBalance.low).toBe(true);
  });
});

describe('idempotency of writes', () => {
  it('same id + same payload returns the first result and writes nothing; a different payload is CONFLICT', () => {
    const { app, s, capp, plan, customer, pass } = setup({ overagePolicy: 'allow' });
    const overRedemption = s.redeem(pass, [[capp, '3']], { overageSettlement: 'account' }).redemptionId; // $4.50 due, balance 0
    const pack = s.plan({ name: 'Pack', kind: 'topup', credits: '10', price: '20' });
    const other = s.sell(customer, plan);
    const writes: [string, Record<string, unknown>, Record<string, unknown>, boolean][] = [
      ['passes.topUp', { passId: pass, packId: pack, paymentMethod: 'cash' }, { paymentMethod: 'card' }, false],
      ['counter.redeem', { passId: pass, items: [{ itemId: capp, quantity: '1' }] }, { items: [{ itemId: capp, quantity: '2' }] }, false],
      ['counter.undo', { redemptionId: 0 }, {}, false],
      ['passes.sell', { customerId: customer, planId: plan, paymentMethod: 'cash' }, { paymentMethod: 'other' }, false],
      ['customers.create', { name: 'Zed' }, { name: 'Zoe' }, false],
      ['customers.update', { id: customer, phone: '555 0100' }, { phone: '555 0101' }, false],
      ['items.save', { name: 'Muffin', usageUnit: 'muffin', rate: '2', cashPrice: '3.00' }, { rate: '3' }, true],
      ['plans.save', { name: 'Pack 2', kind: 'topup', credits: '10', price: '20' }, { price: '21' }, true],
      ['items.archive', { id: capp, archived: false }, { archived: true }, true],
      ['plans.archive', { id: pack, archived: false }, { archived: true }, true],
      ['passes.adjust', { passId: pass, credits: '1', reason: 'promo' }, { credits: '2' }, true],
      ['passes.settleOverage', { passId: pass, amount: '1.00', paymentMethod: 'cash' }, { amount: '2.00' }, false],
      ['redemptions.void', { redemptionId: 0, reason: 'mistake' }, { reason: 'other' }, true],
      ['passes.refund', { passId: other, reason: 'moving', paymentMethod: 'cash' }, { reason: 'moved' }, true],
    ];
    let lastRedemption = 0;
    for (const [name, payload, change, owner] of writes) {
      if (name === 'counter.undo') payload.redemptionId = lastRedemption;
      if (name === 'redemptions.void') payload.redemptionId = overRedemption;
      const input = { clientId: cid(), ...payload };
      const caller = owner ? app.owner : undefined;
      const first = app.dispatch(name, input, caller);
      expect(first.ok, `${name}: ${JSON.stringify(first)}`).toBe(true);
      if (name === 'counter.redeem' && first.ok) lastRedemption = (first.value as { redemptionId: number }).redemptionId;
      const counts = ledgerCounts(app.db);
      const again = app.dispatch(name, input, caller);
      expect(again, name).toEqual(first);
      expect(ledgerCounts(app.db), name).toEqual(counts);
      if (Object.keys(change).length) expect(codeOf(app, name, { ...input, ...change }, caller), name).toBe('CONFLICT');
    }
    // undo: a second undo of the same redemption with a new id is ALREADY_VOIDED
    expect(codeOf(app, 'counter.undo', { clientId: cid(), redemptionId: lastRedemption })).toBe('ALREADY_VOIDED');
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });
});

/** No lone surrogate: the text survives a UTF-8 round trip. */
const wellFormed = (s: string): boolean => Buffer.from(s, 'utf8').toString('utf8') === s;

describe('the journal memo of a redemption', () => {
  it('is cut at 200 on a whole code point: an emoji across the cut is left out, never split into a lone surrogate', () => {
    const { app, s, pass } = setup({ credits: '10', price: '10' });
    // "Redeemed " (9) + 80 + ", " + 80 + ", " = 173; then 26 x's put 😀 at UTF-16 units 199..200
    const a = s.item('A'.repeat(80), '1', '1');
    const b = s.item('B'.repeat(80), '1', '1');
    const c = s.item(`${'x'.repeat(26)}😀 end`, '1', '1');
    s.redeem(pass, [[a, '1'], [b, '1'], [c, '1']]);
    const row = app.db.prepare("SELECT memo, hex(CAST(memo AS BLOB)) AS bytes FROM journal_tx WHERE kind = 'redeem'").get() as { memo: string; bytes: string };
    expect(row.memo).toBe(`Redeemed ${'A'.repeat(80)}, ${'B'.repeat(80)}, ${'x'.repeat(26)}`);
    expect(wellFormed(row.memo)).toBe(true);
    expect(Buffer.from(row.bytes, 'hex').toString('utf8')).toBe(row.memo); // valid UTF-8 in the file
  });
});

describe('money a pass records stays within one amount (found by fuzzing the contract)', () => {
  it('overage at the largest prices is refused once the pass\'s overage would pass it, so the pass and customer stay readable', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const thing = s.item('Thing', '1', '1');
    const plan = s.plan({ name: 'Dear overage', credits: '1', price: '1', validity: 'none', overagePolicy: 'allow', overagePricePerCredit: '1000000000', overdraftLimitCredits: '1000000000' });
    const customerId = s.customer('Owes');
    const pass = s.sell(customerId, plan);
    // 99 credits over at $1e9 each: $99e9 on account, within the largest amount ($1e11)
    s.redeem(pass, [[thing, '100']], { overageSettlement: 'account' });
    const before = ledgerCounts(app.db);
    const r = app.dispatch('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: thing, quantity: '100' }], overageSettlement: 'account' });
    expect(r.ok ? null : [r.error.code, r.error.details]).toEqual(['VALIDATION', { field: 'items', overageRecorded: '99000000000.00', overageAmount: '100000000000.00', limit: '100000000000.00' }]);
    // charged now counts too: the statement's overage totals add both up
    expect(codeOf(app, 'counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: thing, quantity: '100' }], overageSettlement: 'now' })).toBe('VALIDATION');
    expect(ledgerCounts(app.db)).toEqual(before);
    // a small one still fits
    s.redeem(pass, [[thing, '1']], { overageSettlement: 'now' });
    for (const [m, input, caller] of [['passes.get', { passId: pass }, {}], ['customers.get', { id: customerId }, {}], ['statements.get', { customerId, from: '2026-03-01T05:00:00.000Z' }, app.owner], ['passes.refundQuote', { passId: pass }, app.owner]] as const) {
      expect(codeOf(app, m, input, caller), m).toBe('OK');
    }
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });

  it('a top-up that would put more money into a pass than the largest amount is refused, and the pass stays refundable', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const plan = s.plan({ name: 'Top', credits: '1', price: '100000000000', validity: 'none' }); // $1e11, the largest price
    const small = s.plan({ name: 'Cent', kind: 'topup', credits: '1', price: '0.01' });
    const free = s.plan({ name: 'Free', kind: 'topup', credits: '1', price: '0' });
    const pass = s.sell(s.customer(), plan);
    const before = ledgerCounts(app.db);
    const r = app.dispatch('passes.topUp', { clientId: cid(), passId: pass, packId: small, paymentMethod: 'cash' });
    expect(r.ok ? null : [r.error.code, r.error.details]).toEqual(['VALIDATION', { paid: '100000000000.00', adding: '0.01', limit: '100000000000.00' }]);
    expect(ledgerCounts(app.db)).toEqual(before);
    expect(codeOf(app, 'passes.topUp', { clientId: cid(), passId: pass, packId: free, paymentMethod: 'cash' })).toBe('OK'); // no money: no limit
    expect(app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'x', paymentMethod: 'cash' }, app.owner).refunded).toBe('100000000000.00');
    expect(unbalancedTransactions(app.db)).toEqual([]);
  });
});
