// The owner queries over a hand-written ledger (rows inserted directly, as the ledger core would write them).
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ownerSession, tempApp } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';

function seed(app: ReturnType<typeof tempApp>) {
  const db = app.db;
  const t0 = new Date('2026-02-10T15:00:00Z').getTime();
  const mar1 = new Date('2026-03-01T05:00:00Z').getTime(); // local midnight New York
  const apr1 = new Date('2026-04-01T04:00:00Z').getTime();
  db.prepare(`INSERT INTO customers (id, code, name, phone, phone_digits, phone_rev, created_at, updated_at) VALUES
    (1, 'AAAA1111', 'Anna Lee', '+1 212 555 0143', '12125550143', '34105552121', ?, ?),
    (2, 'BBBB2222', 'Ben Ortiz', NULL, NULL, NULL, ?, ?),
    (3, 'CCCC3333', 'Cara Diaz', NULL, NULL, NULL, ?, ?)`).run(t0, t0, t0, t0, t0, t0);
  db.prepare(`INSERT INTO plans (id, kind, name, credit_unit, credits_units, price_minor, validity, periods, rollover_policy,
    low_balance_units, created_at, updated_at) VALUES (1, 'plan', 'Coffee Pass', 'drink', 25000000, 5000, 'month', 1, 'cap', 3000000, ?, ?)`).run(t0, t0);
  const pass = db.prepare(`INSERT INTO passes (id, customer_id, plan_id, plan_name, credit_unit, credits_units, price_minor, validity, periods,
    rollover_policy, consumption_order, overage_policy, low_balance_units, time_zone, sold_at, payment_method)
    VALUES (?, ?, 1, 'Coffee Pass', 'drink', 25000000, 5000, 'month', 1, 'cap', 'default', 'allow', 3000000, 'America/New_York', ?, 'cash')`);
  pass.run(1, 1, t0); pass.run(2, 2, t0);
  const lot = db.prepare(`INSERT INTO lots (id, pass_id, source, plan_id, amount_units, paid_minor, granted_at, expires_at, created_by) VALUES (?, ?, 'sale', 1, 25000000, 5000, ?, ?, 'test')`);
  lot.run(1, 1, t0, mar1); lot.run(2, 2, t0, apr1);
  const bal = db.prepare('INSERT INTO lot_balances (lot_id, pass_id, remaining_units, consumed_units, recognized_minor, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  bal.run(1, 1, 20000000, 5000000, 1000, mar1, t0);
  bal.run(2, 2, 2000000, 23000000, 4600, apr1, t0);
  const entry = db.prepare('INSERT INTO lot_entries (lot_id, pass_id, kind, credits_units, money_minor, redemption_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  entry.run(1, 1, 'grant', 25000000, 0, null, t0);
  db.prepare(`INSERT INTO redemptions (id, pass_id, customer_id, occurred_at, credits_units, covered_units, balance_before_units, balance_after_units)
    VALUES (1, 1, 1, ?, 5000000, 5000000, 25000000, 20000000)`).run(t0 + 1000);
  db.prepare("INSERT INTO items (id, name, usage_unit, rate_units, cash_price_minor, created_at, updated_at) VALUES (1, 'Muffin', 'piece', 2000000, 300, ?, ?)").run(t0, t0);
  db.prepare(`INSERT INTO redemption_lines (redemption_id, line_no, item_id, item_name, usage_unit, quantity_units, rate_units, credits_units, cash_price_minor)
    VALUES (1, 1, 1, 'Muffin', 'piece', 2500000, 2000000, 5000000, 300)`).run();
  entry.run(1, 1, 'redeem', -5000000, 1000, 1, t0 + 1000);
  const tx = db.prepare('INSERT INTO journal_tx (id, kind, memo, pass_id, customer_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?)');
  // lines of a lot name it, as the ledger core writes them
  const line = db.prepare('INSERT INTO journal_lines (tx_id, account, amount_minor, pass_id, customer_id, lot_id) VALUES (?, ?, ?, ?, ?, ?)');
  tx.run(1, 'sale', 'sale', 1, 1, t0); line.run(1, 'assets:cash', 5000, 1, 1, null); line.run(1, 'liabilities:deferred-revenue', -5000, 1, 1, 1);
  tx.run(2, 'redeem', 'redeem', 1, 1, t0 + 1000); line.run(2, 'liabilities:deferred-revenue', 1000, 1, 1, 1); line.run(2, 'revenue:redemptions', -1000, 1, 1, 1);
  tx.run(3, 'overage', 'overage', 2, 2, t0); line.run(3, 'assets:receivable:overage', 450, 2, 2, null); line.run(3, 'revenue:overage', -450, 2, 2, null);
}

describe('owner queries', () => {
  it('lists customers with balance, next expiry, overage due and filters', () => {
    const app = tempApp({ start: '2026-02-20T15:00:00Z' });
    seed(app);
    const all = app.call('owner.customers', { limit: 10 }, app.owner);
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.name)).toEqual(['Anna Lee', 'Ben Ortiz', 'Cara Diaz']);
    expect(all.rows[0]).toMatchObject({ balance: '20', nextExpiry: { credits: '20', expiresAt: '2026-03-01T05:00:00.000Z' }, low: false, overageDue: '0.00', planName: 'Coffee Pass' });
    expect(all.rows[1]).toMatchObject({ balance: '2', low: true, overageDue: '4.50' });
    expect(all.rows[2]).toMatchObject({ balance: '0', passId: null, nextExpiry: null });
    expect(app.call('owner.customers', { filter: 'low' }, app.owner).rows.map((r) => r.id)).toEqual([2]);
    expect(app.call('owner.customers', { filter: 'owing' }, app.owner).rows.map((r) => r.id)).toEqual([2]);
    expect(app.call('owner.customers', { filter: 'expiring', expiringDays: 14 }, app.owner).rows.map((r) => r.id)).toEqual([1]);
    expect(app.call('owner.customers', { query: '0143' }, app.owner).rows.map((r) => r.id)).toEqual([1]);
    expect(app.call('owner.customers', { query: 'bbbb' }, app.owner).rows.map((r) => r.id)).toEqual([2]);
    // a name with digits is a name: "Ben 0143" is not everyone whose phone holds 0143
    expect(app.call('owner.customers', { query: 'Ben 0143' }, app.owner).rows.map((r) => r.id)).toEqual([]);
    expect(app.call('owner.customers', { query: '(212) 555' }, app.owner).rows.map((r) => r.id)).toEqual([1]);
    expect(app.call('owner.customers', { sort: 'balance', offset: 1, limit: 1 }, app.owner).rows.map((r) => r.id)).toEqual([2]);
    // the count comes with the page, and still when the page is past the end
    expect(app.call('owner.customers', { sort: 'balance', offset: 1, limit: 1 }, app.owner).total).toBe(3);
    expect(app.call('owner.customers', { sort: 'balance', offset: 5, limit: 1 }, app.owner)).toMatchObject({ total: 3, rows: [] });
    expect(app.call('owner.customers', { filter: 'low', offset: 0, limit: 1 }, app.owner).total).toBe(1);
    // after the expiry instant the lot is no longer live
    app.clockControl.set('2026-03-02T12:00:00Z');
    app.owner = ownerSession(app, '2468');
    expect(app.call('owner.customers', { query: 'anna' }, app.owner).rows[0]).toMatchObject({ balance: '0', nextExpiry: null });
  });

  it('is owner-only', () => {
    const app = tempApp();
    expect(() => app.call('owner.customers', {})).toThrow(/owner PIN/);
  });

  it('pages a customer history and lists lots', () => {
    const app = tempApp({ start: '2026-02-20T15:00:00Z' });
    seed(app);
    const h = app.call('owner.history', { customerId: 1 }, app.owner);
    expect(h.total).toBe(2);
    expect(h.entries[0]).toMatchObject({ kind: 'redeem', credits: '-5', description: 'Muffin × 2.5', voided: false });
    // the items themselves too, so a German screen can write "Muffin × 2,5"
    expect(h.entries[0]!.items).toEqual([{ name: 'Muffin', quantity: '2.5' }]);
    expect(h.entries[1]).toMatchObject({ kind: 'sale', credits: '25', money: '50.00', items: null });
    const lots = app.call('owner.lots', { passId: 1 }, app.owner);
    expect(lots.lots[0]).toMatchObject({ state: 'live', remaining: '20', costBasis: '2.00', recognised: '10.00', writtenOff: '0.00', released: '0.00' });
  });

  it('reports the month trend in the shop zone', () => {
    const app = tempApp({ start: '2026-03-20T15:00:00Z' });
    seed(app);
    const t = app.call('owner.trend', { months: 2 }, app.owner).months;
    expect(t.map((m) => m.month)).toEqual(['2026-02', '2026-03']);
    expect(t[0]).toMatchObject({ sold: '50.00', recognised: '10.00', deferred: '40.00', outstandingCredits: '20' });
    expect(t[1]).toMatchObject({ sold: '0.00', deferred: '40.00' });
  });
});

describe('owner.history over the real ledger', () => {
  it('tells a pass story newest first: refund, void (with the items), redemption, adjustment, sale', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp({ start: '2026-03-10T15:00:00Z' });
    const o = app.owner;
    const item = app.call('items.save', { clientId: newId(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50' }, o);
    const plan = app.call('plans.save', { clientId: newId(), name: 'Coffee Pass', credits: '10', price: '20', validity: 'month' }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Ola Nowak' });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    app.clockControl.advance(60_000);
    app.call('passes.adjust', { clientId: newId(), passId: pass.id, credits: '1', reason: 'Birthday' }, o);
    app.clockControl.advance(60_000);
    const r1 = app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: item.id, quantity: '2' }] });
    app.clockControl.advance(60_000);
    app.call('redemptions.void', { clientId: newId(), redemptionId: r1.redemptionId, reason: 'Rang up twice' }, o);
    app.clockControl.advance(60_000);
    app.call('passes.refund', { clientId: newId(), passId: pass.id, reason: 'Moving away', paymentMethod: 'cash' }, o);

    const h = app.call('owner.history', { customerId: c.id }, o);
    expect(h.entries.map((e) => e.kind)).toEqual(['refund', 'void', 'redeem', 'adjust', 'sale']);
    expect(h.entries[0]).toMatchObject({ credits: '-11', money: '-20.00', reason: 'Moving away' });
    expect(h.entries[1]).toMatchObject({ credits: '2', description: 'Cappuccino × 2', reason: 'Rang up twice' });
    expect(h.entries[2]).toMatchObject({ credits: '-2', voided: true });
    expect(h.entries[3]).toMatchObject({ credits: '1', reason: 'Birthday' });
    expect(h.entries[4]).toMatchObject({ credits: '10', money: '20.00' });
    // the pass filter: this pass's story, and a pass of another customer refused, not shown as empty
    expect(app.call('owner.history', { customerId: c.id, passId: pass.id }, o).total).toBe(5);
    const other = app.call('customers.create', { clientId: newId(), name: 'Piotr Nowak' });
    expect(() => app.call('owner.history', { customerId: other.id, passId: pass.id }, o)).toThrow('This customer has no such pass.');
    expect(() => app.call('owner.history', { customerId: c.id, passId: 9999 }, o)).toThrow('This customer has no such pass.');
    const page2 = app.call('owner.history', { customerId: c.id, offset: 2, limit: 2 }, o);
    expect(page2.total).toBe(5);
    expect(page2.entries.map((e) => e.kind)).toEqual(['redeem', 'adjust']);
    const lots = app.call('owner.lots', { passId: pass.id }, o).lots;
    expect(lots.map((l) => l.state)).toEqual(['closed', 'closed']);
    const row = app.call('owner.customers', { query: 'ola' }, o).rows[0]!;
    expect(row).toMatchObject({ balance: '0', passId: null, activePasses: 0 });
  });

  it('an expiry takes no money: its unused value is said as breakage in the description, not in money', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp({ start: '2026-03-10T15:00:00Z' });
    const o = app.owner;
    const plan = app.call('plans.save', { clientId: newId(), name: 'Coffee Pass', credits: '10', price: '20', validity: 'month' }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Ola Nowak' });
    app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    app.clockControl.set('2026-04-02T15:00:00Z');
    const owner = (await import('../../test/support/tempApp')).ownerSession(app, '2468');
    app.call('periods.close', { clientId: newId() }, owner);
    const expired = app.call('owner.history', { customerId: c.id }, owner).entries.find((e) => e.kind === 'expire')!;
    expect(expired).toMatchObject({ credits: '-10', money: null, description: 'Unused credits expired: $20.00 of unused value becomes breakage' });
  });

  it('a rollover changes no balance: its count is in words and the history adds up to the pass\'s balance', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp({ start: '2026-03-10T15:00:00Z' });
    const o = app.owner;
    const item = app.call('items.save', { clientId: newId(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50' }, o);
    const plan = app.call('plans.save', { clientId: newId(), name: 'Coffee Pass', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1 }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Ola Nowak' });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: item.id, quantity: '2' }] });
    app.clockControl.set('2026-04-02T15:00:00Z');
    const owner = (await import('../../test/support/tempApp')).ownerSession(app, '2468');
    app.call('periods.close', { clientId: newId() }, owner);
    // 8 left at the month end: 5 carried into April, 3 expired
    const h = app.call('owner.history', { customerId: c.id }, owner).entries;
    expect(h.map((e) => [e.kind, e.credits])).toEqual([['expire', '-3'], ['rollover', '0'], ['redeem', '-2'], ['sale', '10']]);
    expect(h[1]!.description).toBe('5 drinks carried into the next period');
    const balance = app.call('passes.get', { passId: pass.id }).balance;
    expect(balance).toBe('5');
    expect(h.reduce((sum, e) => sum + Number(e.credits), 0)).toBe(5);
  });

  it('flags a low balance by percent exactly as the counter does, at the boundary and for huge passes', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp();
    const o = app.owner;
    const unit = app.call('items.save', { clientId: newId(), name: 'Unit', usageUnit: 'unit', rate: '1', cashPrice: '1' }, o);
    // 12.5% of 999,999,999.999999 credits is 124,999,999.999999875: low at ...999999, not at 125,000,000
    const plan = app.call('plans.save', { clientId: newId(), name: 'Huge', credits: '999999999.999999', price: '100', lowBalanceCredits: null, lowBalancePercent: '12.5' }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Boundary' });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    const flags = (quantity: string) => {
      const r = app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: unit.id, quantity }] });
      const row = app.call('owner.customers', { query: 'Boundary' }, o).rows[0]!;
      return { balance: r.balanceAfter, counter: r.lowBalance.low, owner: row.low };
    };
    expect(flags('874999999.999999')).toEqual({ balance: '125000000', counter: false, owner: false });
    expect(flags('0.000001')).toEqual({ balance: '124999999.999999', counter: true, owner: true });
  });

  it('names sales and top-ups as sold, after the plan and the pack are renamed', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp();
    const o = app.owner;
    const plan = app.call('plans.save', { clientId: newId(), name: 'Coffee Pass', credits: '25', price: '50' }, o);
    const pack = app.call('plans.save', { clientId: newId(), kind: 'topup', name: '10 more', credits: '10', price: '20' }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Ola' });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    app.call('passes.topUp', { clientId: newId(), passId: pass.id, packId: pack.id, paymentMethod: 'cash' });
    const story = () => app.call('owner.history', { customerId: c.id }, o).entries.map((e) => `${e.kind}: ${e.description} ${e.money}`);
    const before = story();
    expect(before).toEqual(['topup: 10 more 20.00', 'sale: Coffee Pass 50.00']);
    app.call('plans.save', { clientId: newId(), id: plan.id, name: 'Coffee Pass 2027 (30 for $55)', credits: '30', price: '55' }, o);
    app.call('plans.save', { clientId: newId(), id: pack.id, kind: 'topup', name: 'Big top-up 50', credits: '50', price: '80' }, o);
    expect(story()).toEqual(before);
  });

  it('keeps money owed apart from money taken: overage on account is not in money, and the credits over are said', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp({ currency: 'EUR' });
    const o = app.owner;
    const brew = app.call('items.save', { clientId: newId(), name: 'Cold brew', usageUnit: 'drink', rate: '1', cashPrice: '5' }, o);
    const plan = app.call('plans.save', { clientId: newId(), name: 'Flex', credits: '3.5', price: '7', overagePolicy: 'allow', overagePricePerCredit: '617.26' }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Ola' });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    // the cart needs 4, the pass covers 3.5: 0.5 over at 617.26 a credit = 308.63, put on account
    const onAccount = { clientId: newId(), passId: pass.id, items: [{ itemId: brew.id, quantity: '4' }] };
    expect(app.dispatch('counter.redeem', onAccount).ok).toBe(false); // asks how to settle the overage first
    app.call('counter.redeem', { ...onAccount, overageSettlement: 'account' });
    app.clockControl.advance(60_000);
    // then 1 more, charged now by card
    app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: brew.id, quantity: '1' }], overageSettlement: 'now', paymentMethod: 'card' });
    app.clockControl.advance(60_000);
    app.call('passes.settleOverage', { clientId: newId(), passId: pass.id, amount: '100.00', paymentMethod: 'cash' });

    const h = app.call('owner.history', { customerId: c.id }, o).entries;
    expect(h.map((e) => [e.kind, e.credits, e.money, e.overage])).toEqual([
      ['settlement', '0', '100.00', null],
      ['redeem', '0', '617.26', { credits: '1', amount: '617.26', settlement: 'now', method: 'card' }],
      ['redeem', '-3.5', null, { credits: '0.5', amount: '308.63', settlement: 'account', method: null }],
      ['sale', '3.5', '7.00', null],
    ]);
  });

  it('writes fractional quantities exactly in the history (integer millionths, no floating point)', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp();
    const o = app.owner;
    const brew = app.call('items.save', { clientId: newId(), name: 'Cold brew', usageUnit: 'cup', rate: '1', cashPrice: '5' }, o);
    const plan = app.call('plans.save', { clientId: newId(), name: 'Big pass', credits: '1000000000', price: '20' }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Ola' });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
    const q = ['1.5', '0.000001', '999999990.123456', '7.05'];
    for (const quantity of q) app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: brew.id, quantity }] });
    const h = app.call('owner.history', { customerId: c.id }, o);
    expect(h.entries.filter((e) => e.kind === 'redeem').map((e) => e.description)).toEqual([...q].reverse().map((x) => `Cold brew × ${x}`));
  });

  it('a pass holds at most 1,000,000,000 credits; a customer with ten full passes is listed exactly (past 2^53 millionths)', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp();
    const o = app.owner;
    const plan = app.call('plans.save', { clientId: newId(), name: 'Billion', credits: '1000000000', price: '100.00' }, o);
    const pack = app.call('plans.save', { clientId: newId(), kind: 'topup', name: 'One more', credits: '1', price: '1.00' }, o);
    const c = app.call('customers.create', { clientId: newId(), name: 'Reseller' });
    const passes = Array.from({ length: 10 }, () => app.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'card' }).id);
    const first = passes[0]!;
    // a full pass takes nothing more, by top-up or by adjustment: a clear refusal that writes nothing
    const lots = () => app.db.prepare('SELECT count(*) AS n FROM lots').get();
    const before = lots();
    for (const [method, input] of [
      ['passes.topUp', { clientId: newId(), passId: first, packId: pack.id, paymentMethod: 'cash' }],
      ['passes.adjust', { clientId: newId(), passId: first, credits: '0.000001', reason: 'one more' }],
    ] as const) {
      const r = app.dispatch(method, input, o);
      expect(r.ok ? null : r.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('more than the largest amount it can hold (1,000,000,000)') });
    }
    expect(lots()).toEqual(before);
    // a plan whose periods together could pile up past that is refused when saved
    const many = app.dispatch('plans.save', { clientId: newId(), name: 'Twelve billions', credits: '1000000000', price: '1', validity: 'month', periods: 12 }, o);
    expect(many.ok ? null : many.error).toMatchObject({ code: 'VALIDATION', details: { field: 'credits' } });
    // ten passes of a billion: 10^16 millionths, past what a JS number counts exactly, listed to the millionth
    const row = app.call('owner.customers', {}, o).rows.find((r) => r.id === c.id)!;
    expect(row.balance).toBe('10000000000');
    expect(app.call('owner.customers', { sort: 'balance' }, o).rows[0]!.balance).toBe('10000000000');
    // one credit off one pass: 9,999,999,999.999999 would read 10000000000 as a float sum
    const unit = app.call('items.save', { clientId: newId(), name: 'Unit', usageUnit: 'unit', rate: '1', cashPrice: '1' }, o);
    app.call('counter.redeem', { clientId: newId(), passId: first, items: [{ itemId: unit.id, quantity: '0.000001' }] });
    expect(app.call('owner.customers', { query: 'Reseller' }, o).rows[0]!.balance).toBe('9999999999.999999');
  });

  it('filter passes: everyone who ever held a pass, a refunded one too (whom the statements of a month are for)', async () => {
    const { newId } = await import('../../test/support/tempApp');
    const app = tempApp();
    const o = app.owner;
    const plan = app.call('plans.save', { clientId: newId(), name: 'Ten', credits: '10', price: '20' }, o);
    const holder = app.call('customers.create', { clientId: newId(), name: 'Holder' });
    const refunded = app.call('customers.create', { clientId: newId(), name: 'Refunded' });
    app.call('customers.create', { clientId: newId(), name: 'Never bought' });
    app.call('passes.sell', { clientId: newId(), customerId: holder.id, planId: plan.id, paymentMethod: 'card' });
    const gone = app.call('passes.sell', { clientId: newId(), customerId: refunded.id, planId: plan.id, paymentMethod: 'card' });
    app.call('passes.refund', { clientId: newId(), passId: gone.id, paymentMethod: 'card', reason: 'moving away' }, o);
    const names = (filter: 'all' | 'passes') => app.call('owner.customers', { filter, sort: 'name' }, o).rows.map((r) => `${r.name}${r.passId === null ? '' : ' (active)'}`);
    expect(names('all')).toEqual(['Holder (active)', 'Never bought', 'Refunded']);
    expect(names('passes')).toEqual(['Holder (active)', 'Refunded']);
    expect(app.call('owner.customers', { filter: 'passes', sort: 'name' }, o).total).toBe(2);
  });
});

describe('owner.customers search with a name and digits', () => {
  it('takes the words together (a name and a phone part), not the digits alone', () => {
    const app = tempApp();
    const mk = (name: string, phone: string) => app.call('customers.create', { clientId: crypto.randomUUID(), name, phone }).id;
    const carmen = mk('Carmen Khan 49999', '+1 212 555 0100');
    mk('Dana Wu', '+1 646 555 4999');
    mk('Eli Stone', '+1 718 499 9123');
    const lee = mk('Lee Park', '+1 212 555 0177');
    mk('Lee Ortiz', '+1 917 444 0101');
    const ids = (query: string) => app.call('owner.customers', { query }, app.owner).rows.map((r) => r.id).sort((a, b) => a - b);
    expect(ids('Carmen Khan 4999')).toEqual([carmen]);
    expect(ids('Lee 555')).toEqual([lee]);
    expect(ids('4999').length).toBe(3); // a number alone is a phone (or a name) anywhere
    app.close();
  });
});

describe('owner.customers: the low and expiring filters', () => {
  it('list exactly the customers the whole list marks low, or with credits ending within the days asked, in every sort', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    const s = scenario(app, app.owner);
    const coffee = s.item('Coffee', '1', '3.00');
    const month = s.plan({ name: 'Month', credits: '10', price: '20', validity: 'month', lowBalanceCredits: '2', overagePolicy: 'allow', overagePricePerCredit: '2' });
    const open = s.plan({ name: 'Open', credits: '4', price: '10', validity: 'none', lowBalancePercent: '25' });
    const pack = s.plan({ name: 'Pack', kind: 'topup', credits: '3', price: '6', validity: 'days', validityDays: 5 });
    const use = (pass: number, q: string, extra: Record<string, unknown> = {}) => app.call('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: coffee, quantity: q }], ...extra });
    // an old pass spent to 0 and a new one with credits: the old one is history, not low
    const ann = s.customer('Ann');
    use(s.sell(ann, open), '4');
    const annNow = s.sell(ann, open);
    // low by credits, and owing overage
    const ben = s.sell(s.customer('Ben'), month);
    use(ben, '11', { overageSettlement: 'account' });
    // low by percent (1 of 4), a top-up ending in 5 days
    const cy = s.sell(s.customer('Cy'), open);
    use(cy, '3');
    app.call('passes.topUp', { clientId: cid(), passId: cy, packId: pack, paymentMethod: 'cash' });
    // a cancelled pass at 0: never low
    const dee = s.sell(s.customer('Dee'), open);
    use(dee, '3.5');
    app.call('passes.refund', { clientId: cid(), passId: dee, reason: 'moving', paymentMethod: 'cash' }, app.owner);
    // a month pass with credits ending at the month end (29 days away)
    s.sell(s.customer('Émile'), month);
    s.customer('Flo'); // no pass
    // 13 March: Ann tops up her open pass; the pack's 5 days end within a day of the 17th
    app.clockControl.set('2026-03-13T15:00:00.000Z');
    app.call('passes.topUp', { clientId: cid(), passId: annNow, packId: pack, paymentMethod: 'card' });
    // midnight of 17 March in New York: Cy's pack has ended (not closed); the month ends exactly 15 days on
    app.clockControl.set('2026-03-17T04:00:00.000Z');
    app.owner = ownerSession(app, '2468');

    const all = app.call('owner.customers', { filter: 'all', limit: 100 }, app.owner).rows;
    expect(all.map((r) => [r.name, r.low])).toEqual([['Ann', false], ['Ben', true], ['Cy', true], ['Dee', false], ['Émile', false], ['Flo', false]]);
    const now = Date.parse('2026-03-17T04:00:00.000Z');
    for (const sort of ['name', 'balance', 'nextExpiry', 'overageDue', 'newest'] as const) {
      const everyone = app.call('owner.customers', { filter: 'all', sort, limit: 100 }, app.owner).rows;
      const low = app.call('owner.customers', { filter: 'low', sort, limit: 100 }, app.owner);
      expect(low.rows, sort).toEqual(everyone.filter((r) => r.low));
      expect(low.total).toBe(2);
      for (const days of [1, 14, 15, 30]) {
        const ending = app.call('owner.customers', { filter: 'expiring', sort, expiringDays: days, limit: 100 }, app.owner);
        const want = everyone.filter((r) => r.nextExpiry !== null && Date.parse(r.nextExpiry.expiresAt) <= now + days * 86_400_000);
        expect(ending.rows, `${sort} ${days}`).toEqual(want);
        expect(ending.total).toBe(want.length);
      }
    }
    // Ann's pack ends exactly a day on, Émile's month at 00:00 on 1 April in New York, exactly 15 days on: each is
    // within its days and not one day fewer (Ben has no credits left, Cy's pack has ended already)
    const ending = (days: number) => app.call('owner.customers', { filter: 'expiring', expiringDays: days }, app.owner).rows.map((r) => r.name);
    expect([ending(1), ending(14), ending(15)]).toEqual([['Ann'], ['Ann'], ['Ann', 'Émile']]);
    expect(all[0]!.nextExpiry).toMatchObject({ credits: '3', expiresAt: '2026-03-18T04:00:00.000Z' });
    app.close();
  });
});

describe('owner.lots: how each lot was paid', () => {
  it('a sale and its allocations say the sale\'s way, each top-up its own, free credits none (a refund\'s default way back)', () => {
    const app = tempApp({ start: '2026-03-10T15:00:00Z' });
    const s = scenario(app, app.owner);
    const monthly = s.plan({ name: 'Two months', credits: '10', price: '20', validity: 'month', periods: 2 });
    const pack = s.plan({ name: '5 more', kind: 'topup', credits: '5', price: '9', validity: 'none' });
    const pass = s.sell(s.customer('Ola'), monthly, 'card');
    // two top-ups at one instant (a clock set back writes at the ledger's last instant): each says its own way
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'other' });
    app.call('passes.givePromo', { clientId: cid(), passId: pass, credits: '1', reason: 'Birthday' }, app.owner);
    app.clockControl.set('2026-04-02T15:00:00Z');
    app.call('periods.close', { clientId: cid() }, ownerSession(app, '2468'));
    const lots = app.call('owner.lots', { passId: pass }, ownerSession(app, '2468')).lots;
    expect(lots.map((l) => [l.source, l.paidBy])).toEqual([
      ['sale', 'card'], ['topup', 'cash'], ['topup', 'other'], ['promo', null], ['allocation', 'card'],
    ]);
  });
});
