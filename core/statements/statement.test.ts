import { afterEach, describe, expect, it } from 'vitest';
import { newId, ownerSession, tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, item, passGet, plan, redeem, sell, topUp } from '../../test/support/seed';
import { runDueCloses } from '../periods/close';
import { writeStatementCsv } from '../exports/exports';
import { parseUnits } from '../money/parse';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

function coffeeShop() {
  const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-14T15:00:00.000Z' });
  apps.push(app);
  const p = plan(app, { name: 'Coffee Pass', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 1, lowBalanceCredits: '3' });
  const pack = plan(app, { kind: 'topup', credits: '2', price: '5', validity: 'days', validityDays: 5 });
  const latte = item(app, 'Latte', '1');
  const brew = item(app, 'Cold brew', '1.5');
  const anna = customer(app, 'Anna');
  const pass = sell(app, anna, p, 'card');
  return { app, pack, latte, brew, anna, pass };
}

describe('statements', () => {
  it('up to now takes in what the ledger dated after a clock a little behind (a time sync set it back)', async () => {
    const { app, latte, anna, pass } = coffeeShop(); // sold at 15:00:00
    app.clockControl.set('2026-03-14T14:57:00.000Z'); // three minutes back: inside the slack, writes dated 15:00:00
    const r = app.call('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: latte, quantity: '4' }] });
    expect(r.at).toBe('2026-03-14T15:00:00.000Z');
    const s = app.call('statements.get', { customerId: anna, from: '2026-03-01' }, app.owner);
    expect(s.to).toBe('2026-03-14T15:00:00.001Z');
    expect(s.passes[0]!.entries.map((e) => e.kind)).toEqual(['sale', 'redeem']);
    expect(s.passes[0]!.closing).toBe('21');
    expect(passGet(app, pass).balance).toBe('21');
    // a `to` typed past the clock reaches the ledger's last instant too, never further
    expect(app.call('statements.get', { customerId: anna, from: '2026-03-01', to: '2026-03-15' }, app.owner).to).toBe('2026-03-14T15:00:00.001Z');
    // the export of the same statement holds the same rows
    const file = await app.callAsync('exports.create', { kind: 'statement', customerId: anna, from: '2026-03-01T05:00:00.000Z' }, app.owner);
    const rows = fs.readFileSync(path.join(app.ledger.exportsDir, file.fileName), 'utf8').trim().split('\n');
    expect(rows.map((l) => l.split(',')[4])).toEqual(['kind', 'opening', 'sale', 'payment', 'redeem', 'closing']);
  });

  it('lists entries in local time with items and lots; a pending expiry shows before the close runs; closing = live balance', () => {
    const { app, pack, latte, brew, anna, pass } = coffeeShop();
    redeem(app, pass, latte, '2');
    app.clockControl.set('2026-03-20T16:00:00.000Z');
    topUp(app, pass, pack);
    app.clockControl.set('2026-04-01T03:30:00.000Z'); // 31 Mar 23:30 EDT
    redeem(app, pass, brew, '1');
    app.clockControl.set('2026-04-02T12:00:00.000Z');
    // the 23:30 redemption first booked the top-up's expiry (writes close what is due for their pass);
    // the month end has not been closed: the statement shows it pending and still closes at the live balance
    const before = app.call('statements.get', { customerId: anna, from: '2026-03-01T05:00:00.000Z' }, app.owner);
    const p0 = before.passes[0]!;
    expect(p0.closing).toBe(passGet(app, pass).balance);
    // the top-up (5 days from 20 Mar, the top-up day counted) ended at midnight starting 25 Mar
    expect(p0.entries.map((e) => e.kind)).toEqual(['sale', 'redeem', 'topup', 'expire', 'redeem', 'expire_pending']);
    expect(p0.entries[3]!.localTime).toBe('2026-03-25T00:00:00-04:00');
    const late = p0.entries[4]!;
    expect(late.localTime).toBe('2026-03-31T23:30:00-04:00');
    expect(late.items).toEqual([{ name: 'Cold brew', usageUnit: 'unit', quantity: '1', rate: '1.5', credits: '1.5', overage: '0' }]);
    expect(before.payments.map((p) => [p.kind, p.method, p.amount])).toEqual([['sale', 'card', '50.00'], ['topup', 'cash', '5.00']]);

    runDueCloses(app.db, app.clock.now().getTime());
    const after = app.call('statements.get', { customerId: anna, from: '2026-03-01T05:00:00.000Z' }, app.owner);
    const p1 = after.passes[0]!;
    expect(p1.closing).toBe(passGet(app, pass).balance);
    // before the close the live balance had lost the whole lot (0); the close rolled 5 back in
    expect([p0.closing, p1.closing]).toEqual(['0', '5']);
    expect(p1.entries.map((e) => e.kind)).toEqual(['sale', 'redeem', 'topup', 'expire', 'redeem', 'rollover_out', 'expire', 'rollover_in']);
    expect(p1.totals).toMatchObject({ granted: '25', topUps: '2', redeemed: '3.5', rolledOut: '5', rolledIn: '5', expired: '18.5' });
    // consecutive months, as the owner's Statements screen asks for them ([1st, next 1st)): the month end's
    // expiry and rollover close March, and March's closing holds the 5 carried into April (a closing of 0 beside
    // "5 rolled over" read as if they were gone); March's closing is April's opening
    const march = app.call('statements.get', { customerId: anna, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' }, app.owner).passes[0]!;
    expect(march.entries.map((e) => e.kind)).toEqual(['sale', 'redeem', 'topup', 'expire', 'redeem', 'rollover_out', 'expire', 'rollover_in']);
    expect(march.closing).toBe('5');
    expect(march.totals).toMatchObject({ rolledOut: '5', rolledIn: '5' });
    const april = app.call('statements.get', { customerId: anna, from: '2026-04-01T04:00:00.000Z', to: '2026-05-01T04:00:00.000Z' }, app.owner).passes[0]!;
    expect(april.opening).toBe(march.closing);
    expect(april.entries.map((e) => e.kind)).toEqual([]);
    expect(april.closing).toBe('5');
    // `to` in the future is capped at now (taking in this very instant: now + 1 ms, the range being [from, to)); from after to is refused
    expect(app.call('statements.get', { customerId: anna, from: '2026-03-01T05:00:00.000Z', to: '2030-01-01T00:00:00.000Z' }, app.owner).to).toBe('2026-04-02T12:00:00.001Z');
    expect(() => app.call('statements.get', { customerId: anna, from: '2027-01-01T00:00:00.000Z' }, app.owner)).toThrow(/before from/);
    // bare days are the shop's days: "2026-03-01" to "2026-04-01" is March in New York, not from 7 pm on Feb 28
    const typed = app.call('statements.get', { customerId: anna, from: '2026-03-01', to: '2026-04-01' }, app.owner);
    expect([typed.from, typed.to]).toEqual(['2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
    expect(typed.passes[0]!.entries).toEqual(march.entries);
    expect(app.call('periods.preview', { asOf: '2026-05-01' }, app.owner).asOf).toBe('2026-05-01T04:00:00.000Z');
  });

  it('streams a statement as CSV: opening, entries, closing', async () => {
    const { app, latte, anna, pass } = coffeeShop();
    redeem(app, pass, latte, '2');
    const parts: string[] = [];
    const out = new Writable({ write(c: Buffer, _e, cb) { parts.push(c.toString('utf8')); cb(); } });
    // [from, to): up to now takes in this instant (statementRange's now + 1 ms)
    const r = await writeStatementCsv(app.db, { customerId: anna, from: Date.parse('2026-03-01T05:00:00.000Z'), to: app.clock.now().getTime() + 1 }, out);
    const lines = parts.join('').trim().split('\n');
    expect(lines[0]).toBe('pass_id,plan,at,local_time,kind,lot_id,items,credits,credit_unit,value,balance,overage_credits,overage_amount,paid,payment_method,overage_due,note,valid_through,was_valid_through,book_date,fee_kept,settled_on_account');
    // the money the customer paid is a row of its own, after the sale it paid for, with its method
    expect(lines.map((l) => l.split(',')[4])).toEqual(['kind', 'opening', 'sale', 'payment', 'redeem', 'closing']);
    const payment = lines[3]!.split(',');
    expect([payment[6], payment[10], payment[13], payment[14], payment[15]]).toEqual(['sale', '25', '50.00', 'card', '']);
    expect(lines[4]).toContain('2 × Latte @ 1');
    const closing = lines[5]!.split(',');
    expect([closing[10], closing[12], closing[13], closing[15]]).toEqual(['23', '0.00', '', '0.00']);
    expect(r.rows).toBe(5);
  });

  it('a void whose lot has ended since says why on the statement too (found by the accountant\'s review: its restore was silent)', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { name: 'March Pass', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p);
    const r = redeem(app, pass, tea, '2');
    redeem(app, pass, tea, '1'); // another redemption of the lot stands
    app.clockControl.set('2026-04-02T15:00:00.000Z'); // March's lot has ended: the void restores into a new lot
    app.owner = ownerSession(app, '2468');
    app.call('periods.close', { clientId: newId() }, app.owner);
    app.call('redemptions.void', { clientId: newId(), redemptionId: r.redemptionId, reason: 'Wrong customer' }, app.owner);
    app.call('counter.undo', { clientId: newId(), redemptionId: redeem(app, pass, tea, '0.5').redemptionId });
    const entries = app.call('statements.get', { customerId: ann, from: '2026-04-01T04:00:00.000Z' }, app.owner).passes[0]!.entries;
    expect(entries.map((e) => [e.kind, e.credits, e.note])).toEqual([
      ['restore', '2', 'Wrong customer'], ['redeem', '-0.5', null], ['restore', '0.5', null],
    ]);
  });

  it("each correction and each free grant says why, in the owner's words; a redemption and a sale say nothing", async () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { name: 'Coffee Pass', credits: '10', price: '20', validity: 'month', bonusCredits: '1' });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const pia = customer(app, 'Pia');
    const pass = sell(app, ann, p);
    const hers = sell(app, pia, p);
    const r = redeem(app, pass, tea, '2');
    const ask = (method: string, input: Record<string, unknown>) => app.call(method as never, { clientId: newId(), ...input } as never, app.owner);
    ask('passes.adjust', { passId: pass, credits: '2', reason: 'Machine was down' });
    ask('passes.adjust', { passId: pass, credits: '-0.5', reason: 'Counted twice' });
    ask('passes.givePromo', { passId: pass, credits: '1', reason: 'Birthday' });
    ask('redemptions.void', { redemptionId: r.redemptionId, reason: 'Wrong customer' });
    ask('passes.transfer', { fromPassId: pass, toPassId: hers, credits: '3', reason: 'For her daughter' });
    const notes = (customerId: number) => app.call('statements.get', { customerId, from: '2026-03-01T05:00:00.000Z' }, app.owner).passes[0]!.entries
      .map((e) => [e.kind, e.credits, e.note]);
    expect(notes(ann)).toEqual([
      ['sale', '10', null], ['promo', '1', 'Bonus with Coffee Pass'],
      // the bonus goes first
      ['redeem', '-1', null], ['redeem', '-1', null],
      ['adjustment', '2', 'Machine was down'], ['adjust', '-0.5', 'Counted twice'], ['promo', '1', 'Birthday'],
      ['restore', '1', 'Wrong customer'], ['restore', '1', 'Wrong customer'],
      // a move takes in the pass's order: the gift first, then the rest lot by lot
      ['adjust', '-1', `Moved to pass ${hers}: For her daughter`], ['adjust', '-1.5', `Moved to pass ${hers}: For her daughter`],
      ['adjust', '-0.5', `Moved to pass ${hers}: For her daughter`],
    ]);
    // each part arrives as a lot of its own, saying where it came from
    const from = `Moved from pass ${pass}: For her daughter`;
    expect(notes(pia).slice(2)).toEqual([['adjustment', '1', from], ['adjustment', '1.5', from], ['adjustment', '0.5', from]]);
    // the statement's CSV has them in its note column, a typed "=..." kept from running as a formula
    ask('passes.adjust', { passId: hers, credits: '1', reason: '=1+1 sorry' });
    const chunks: string[] = [];
    const out = new Writable({ write(c, _e, done) { chunks.push(String(c)); done(); } });
    await writeStatementCsv(app.db, { customerId: pia, from: Date.parse('2026-03-01T05:00:00.000Z'), to: Date.parse('2026-04-01T04:00:00.000Z') }, out);
    const lines = chunks.join('').trim().split('\n');
    expect(lines.filter((l) => l.includes('Moved from'))).toHaveLength(3);
    expect(lines.find((l) => l.includes('sorry'))).toMatch(/,adjustment,.*,'=1\+1 sorry,,,2026-03-\d\d,,$/);
  });
});

describe('statement totals after corrections', () => {
  it('an undone overage is not in the overage total; the credits given back are', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { name: 'Two', credits: '2', price: '8', overagePolicy: 'allow' });
    const latte = item(app, 'Latte', '1', '4.50');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p, 'cash');
    app.clockControl.advance(60_000);
    const r = app.call('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: latte, quantity: '3' }], overageSettlement: 'now', paymentMethod: 'card' });
    app.clockControl.advance(30_000);
    const kept = app.call('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: latte, quantity: '1' }], overageSettlement: 'account' });
    app.clockControl.advance(30_000);
    app.call('redemptions.void', { clientId: newId(), redemptionId: r.redemptionId, reason: 'wrong pass' }, app.owner);
    app.clockControl.advance(60_000);
    const st = app.call('statements.get', { customerId: ann, from: '2026-03-01T05:00:00.000Z' }, app.owner).passes[0]!;
    // the voided one took the lot's 2 and went 1 over ($4.50 back on the card); the kept one is all overage, on account
    expect(st.totals).toMatchObject({ redeemed: '2', restored: '2', overageCredits: '1', overageAmount: '4.50' });
    expect(st.closing).toBe(passGet(app, pass).balance);
    expect(kept.overage).toMatchObject({ amount: '4.50', settlement: 'account' });
    // a statement that ends before the void still shows that redemption's overage
    const before = app.call('statements.get', { customerId: ann, from: '2026-03-01T05:00:00.000Z', to: '2026-03-02T15:01:40.000Z' }, app.owner).passes[0]!;
    expect(before.totals).toMatchObject({ redeemed: '2', restored: '0', overageCredits: '2', overageAmount: '9.00' });
  });
});

describe('back-to-back statements', () => {
  it('what happens at the very instant one ends is in the next one only: a sale, an overage on account, what is owed', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { name: 'Two', credits: '2', price: '8', overagePolicy: 'allow', validity: 'none' });
    const latte = item(app, 'Latte', '1', '4.50');
    const ann = customer(app, 'Ann');
    const first = sell(app, ann, p, 'cash');
    // at T, the boundary between two statements: a second pass sold, and a redemption going 1 over on account
    const T = '2026-03-10T15:00:00.000Z';
    app.clockControl.set(T);
    sell(app, ann, p, 'card');
    app.call('counter.redeem', { clientId: newId(), passId: first, items: [{ itemId: latte, quantity: '3' }], overageSettlement: 'account' });
    app.clockControl.advance(60_000);
    const get = (from: string, to: string) => app.call('statements.get', { customerId: ann, from, to }, app.owner);
    const before = get('2026-03-01T05:00:00.000Z', T);
    const after = get(T, '2026-04-01T04:00:00.000Z');
    const whole = get('2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z');
    // the pass sold at T is not on the statement that ends at T
    expect([before.passes.length, after.passes.length, whole.passes.length]).toEqual([1, 2, 2]);
    // the overage at T: none before, all of it after, once over the two
    expect(before.passes[0]!.totals).toMatchObject({ overageCredits: '0', overageAmount: '0.00' });
    expect(after.passes.find((x) => x.passId === first)!.totals).toMatchObject({ overageCredits: '1', overageAmount: '4.50' });
    expect(whole.passes.find((x) => x.passId === first)!.totals).toMatchObject({ overageCredits: '1', overageAmount: '4.50' });
    // nothing was owed at T's start; after it, the $4.50
    expect([before.overageDue, after.overageDue]).toEqual(['0.00', '4.50']);
    // and the balances join: the first statement's closing is the second's opening
    expect(after.passes.find((x) => x.passId === first)!.opening).toBe(before.passes[0]!.closing);
  });
});

describe('a month end the close has not run yet', () => {
  it('credits that ended at the boundary are the closing month\'s expiry, not the next month\'s opening; pages of one say it too', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-14T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { name: 'Ten', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' });
    const pack = plan(app, { kind: 'topup', credits: '2', price: '5', validity: 'days', validityDays: 5 });
    const latte = item(app, 'Latte', '1');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p, 'card');
    redeem(app, pass, latte, '2'); // 8 left, ending with March
    topUp(app, pass, pack); // 2 more, ending 19 March: a second expiry still pending at the month end
    // mid-April, nothing written since, so nothing has closed March (reads do not close)
    app.clockControl.set('2026-04-10T15:00:00.000Z');
    const get = (from: string, to: string, limit?: number) => app.call('statements.get', { customerId: ann, from, to, ...(limit ? { limit } : {}) }, app.owner);
    const march = get('2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z').passes[0]!;
    const april = get('2026-04-01T04:00:00.000Z', '2026-04-15T04:00:00.000Z').passes[0]!;
    expect(march.entries.filter((e) => e.kind === 'expire_pending').map((e) => e.credits)).toEqual(['-2', '-8']);
    expect([march.closing, april.opening, april.closing]).toEqual(['0', '0', '0']);
    // a page of one entry at a time, through the pending expiries: every entry once, the running balance ends at closing
    const first = get('2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z', 1);
    const seen = [...first.passes[0]!.entries];
    let next = first.passes[0]!.next;
    // bounded: a cursor that repeats an entry would page for ever
    for (let pages = 0; next && pages < 50; pages += 1) {
      const page = app.call('statements.entries', { customerId: ann, passId: pass, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', after: next, limit: 1 }, app.owner);
      seen.push(...page.entries);
      next = page.next;
    }
    expect(seen.map((e) => e.kind)).toEqual(march.entries.map((e) => e.kind));
    expect(seen.length).toBe(march.entryCount);
    expect(seen.at(-1)!.balanceAfter).toBe(march.closing);
  });
});

describe('statement pages', () => {
  it('a long statement comes a page at a time; the pages join into every entry with running balances, and the CSV holds them all', async () => {
    const { app, latte, brew, anna, pass } = coffeeShop();
    for (let i = 0; i < 7; i++) { app.clockControl.set(`2026-03-${15 + i}T15:00:00.000Z`); redeem(app, pass, i % 2 ? brew : latte, '1'); }
    const first = app.call('statements.get', { customerId: anna, from: '2026-03-01T05:00:00.000Z', limit: 3 }, app.owner);
    const p = first.passes[0]!;
    expect([p.entryCount, p.entries.length, p.opening, p.closing, p.totals.redeemed]).toEqual([8, 3, '0', '16.5', '8.5']);
    const kinds = p.entries.map((e) => e.kind);
    const balances = p.entries.map((e) => e.balanceAfter);
    for (let after = p.next; after !== null;) {
      const page = app.call('statements.entries', { customerId: anna, passId: pass, from: first.from, to: first.to, after, limit: 3 }, app.owner);
      kinds.push(...page.entries.map((e) => e.kind));
      balances.push(...page.entries.map((e) => e.balanceAfter));
      after = page.next;
    }
    expect(kinds).toEqual(['sale', 'redeem', 'redeem', 'redeem', 'redeem', 'redeem', 'redeem', 'redeem']);
    expect(balances).toEqual(['25', '24', '22.5', '21.5', '20', '19', '17.5', '16.5']);
    // the whole list at once, for comparison
    expect(app.call('statements.get', { customerId: anna, from: '2026-03-01T05:00:00.000Z', limit: 2000 }, app.owner).passes[0]!.entries.map((e) => e.balanceAfter)).toEqual(balances);
    const parts: string[] = [];
    const out = new Writable({ write(c: Buffer, _e, cb) { parts.push(c.toString('utf8')); cb(); } });
    const r = await writeStatementCsv(app.db, { customerId: anna, from: Date.parse(first.from), to: Date.parse(first.to) }, out);
    expect(r.rows).toBe(8 + 1 + 2); // the entries, the sale's payment, opening and closing
    // a cursor that is not one, a pass of someone else, a page too large: clear errors
    expect(() => app.call('statements.entries', { customerId: anna, passId: pass, from: first.from, to: first.to, after: "1' OR 1=1" }, app.owner)).toThrow(/cursor/);
    const bob = customer(app, 'Bob');
    expect(() => app.call('statements.entries', { customerId: bob, passId: pass, from: first.from, to: first.to, after: p.next! }, app.owner)).toThrow(/does not belong/);
    expect(() => app.call('statements.get', { customerId: anna, from: first.from, limit: 5000 }, app.owner)).toThrow(/limit/);
  });
});

describe('a void after the lot expired', () => {
  it('shows on the statement as credits given back, with the value returned to deferred revenue, not as an owner adjustment', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '20', validity: 'month' });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p);
    const r1 = redeem(app, pass, tea, '2');
    const r2 = redeem(app, pass, tea, '1');
    app.call('redemptions.void', { clientId: newId(), redemptionId: r2.redemptionId, reason: 'rang twice' }, app.owner); // lot live
    app.clockControl.set('2026-04-02T14:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    app.owner = ownerSession(app, '2468');
    app.call('redemptions.void', { clientId: newId(), redemptionId: r1.redemptionId, reason: 'rang twice' }, app.owner); // lot expired
    const st = app.call('statements.get', { customerId: ann, from: '2026-03-01T05:00:00.000Z' }, app.owner).passes[0]!;
    expect(st.totals).toMatchObject({ restored: '3', adjusted: '0' });
    expect(st.entries.filter((e) => e.kind === 'restore').map((e) => [e.credits, e.value])).toEqual([['1', '-2.00'], ['2', '-4.00']]);
    // the value column nets to what left deferred revenue in the journal
    const cents = (x: string) => parseUnits(x, { scale: 2, sign: 'any' });
    const deferredOut = app.db.prepare("SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE pass_id = ? AND account = 'liabilities:deferred-revenue'").get(pass) as { n: number };
    expect(st.entries.reduce((s, e) => s + cents(e.value), 0)).toBe(deferredOut.n + 2000); // + the sale, which put 20.00 in
  });

  it('a rollover moves value between lots, none out of deferred revenue: its entries are worth 0 and the column still nets to the journal', async () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'all' });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p);
    redeem(app, pass, tea, '2');
    app.clockControl.set('2026-04-02T14:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    const st = app.call('statements.get', { customerId: ann, from: '2026-03-01T05:00:00.000Z' }, app.owner).passes[0]!;
    expect(st.entries.map((e) => [e.kind, e.credits, e.value])).toEqual([['sale', '10', '0.00'], ['redeem', '-2', '4.00'], ['rollover_out', '-8', '0.00'], ['rollover_in', '8', '0.00']]);
    const cents = (x: string) => parseUnits(x, { scale: 2, sign: 'any' });
    const deferredOut = app.db.prepare("SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE pass_id = ? AND account = 'liabilities:deferred-revenue'").get(pass) as { n: number };
    expect(st.entries.reduce((s, e) => s + cents(e.value), 0)).toBe(deferredOut.n + 2000);
    // the entries CSV says the same
    app.owner = ownerSession(app, '2468');
    const csv = await app.callAsync('exports.create', { kind: 'entries', format: 'csv' }, app.owner);
    const rows = fs.readFileSync(path.join(app.ledger.exportsDir, csv.fileName), 'utf8').trim().split('\n').map((l) => l.split(','));
    const col = (name: string) => rows[0]!.indexOf(name);
    expect(rows.slice(1).map((r) => [r[col('kind')], r[col('value')]])).toEqual([['grant', '0.00'], ['redeem', '4.00'], ['rollover', '0.00'], ['grant', '0.00']]);
  });
});

describe('reports', () => {
  it('expiring soon follows the rollover policy: what rolls over is not breakage, as the close will book it', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const tea = item(app, 'Tea', '1');
    const all = plan(app, { name: 'Roll all', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 });
    const cap = plan(app, { name: 'Cap 4', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '4' });
    const none = plan(app, { name: 'Expire', credits: '10', price: '20', validity: 'month' });
    for (const [who, p] of [['Ann', all], ['Ben', cap], ['Cy', none]] as const) redeem(app, sell(app, customer(app, who), p), tea, '3');
    app.clockControl.set('2026-03-29T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    const lots = app.call('reports.expiring', { days: 7 }, app.owner).lots;
    expect(lots.map((l) => [l.customerName, l.credits, l.rollsOver, l.value])).toEqual([
      ['Ann', '7', '7', '0.00'], ['Ben', '7', '4', '6.00'], ['Cy', '7', '0', '14.00'],
    ]);
    // the report wrote nothing, and the close then books exactly that breakage
    expect(app.db.prepare('SELECT count(*) AS n FROM lot_closes').get()).toEqual({ n: 0 });
    app.clockControl.set('2026-04-01T04:00:00.000Z');
    expect(runDueCloses(app.db, app.clock.now().getTime())).toMatchObject({ breakageMinor: 2000, rolledUnits: 11_000_000 });
  });

  it('low balance, expiring, daily and deferred revenue', async () => {
    const { app, latte, pass } = coffeeShop();
    redeem(app, pass, latte, '22.5');
    const low = app.call('reports.lowBalance', {}, app.owner);
    expect(low.passes.map((p) => [p.passId, p.balance, p.thresholdCredits])).toEqual([[pass, '2.5', '3']]);
    const exp = app.call('reports.expiring', { days: 30 }, app.owner);
    // the plan rolls up to 5 over: the 2.5 left roll, nothing becomes breakage
    expect(exp.lots.map((l) => [l.credits, l.expiresLocal, l.rollsOver, l.value])).toEqual([['2.5', '2026-04-01T00:00:00-04:00', '2.5', '0.00']]);
    expect(app.call('reports.expiring', { days: 7 }, app.owner).lots).toEqual([]);
    const daily = app.call('reports.daily', { from: '2026-03-14', to: '2026-03-15' }, app.owner).days;
    expect(daily.map((d) => [d.date, d.sales, d.salesAmount, d.redemptions, d.creditsRedeemed, d.recognised])).toEqual([
      ['2026-03-14', 1, '50.00', 1, '22.5', '45.00'], ['2026-03-15', 0, '0.00', 0, '0', '0.00'],
    ]);
    app.clockControl.set('2026-05-02T12:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    app.owner = ownerSession(app, '2468');
    const rf = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-05' }, app.owner);
    expect(rf.months.map((m) => [m.month, m.opening, m.sold, m.recognised, m.breakage, m.closing, m.journalClosing])).toEqual([
      ['2026-03', '0.00', '50.00', '45.00', '0.00', '5.00', '5.00'],
      // 2.5 rolled on 1 Apr, value carried; they expired at the midnight starting 1 May: April's breakage
      ['2026-04', '5.00', '0.00', '0.00', '5.00', '0.00', '0.00'],
      ['2026-05', '0.00', '0.00', '0.00', '0.00', '0.00', '0.00'],
    ]);
    const ex = await app.callAsync('exports.create', { kind: 'journal', format: 'hledger' }, app.owner);
    expect(ex.fileName).toMatch(/^passbook-journal-20260502-080000\.journal$/);
    await expect(app.callAsync('exports.create', { kind: 'customers', format: 'beancount' }, app.owner)).rejects.toThrow(/journal only/);
    await expect(app.callAsync('exports.create', { kind: 'journal', format: 'csv', customerId: 1 }, app.owner)).rejects.toThrow(/statement exports only/);
    expect(fs.readdirSync(app.ledger.exportsDir)).toEqual([ex.fileName]); // a refused export leaves no file
    expect(() => app.call('periods.preview', { asOf: '2030-01-01T00:00:00.000Z' }, app.owner)).toThrow(/two years/);
    expect(newId()).toBeTruthy();
  });

  it('a refund of a pass with periods still to come shows the money of those periods as its own entry, so the value column ties to the journal', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '30', validity: 'month', periods: 3 });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p); // $90: $30 in the first lot, $60 waiting for April and May
    redeem(app, pass, tea, '4');
    app.call('passes.refund', { clientId: newId(), passId: pass, reason: 'moving away', paymentMethod: 'cash' }, app.owner);
    const st = app.call('statements.get', { customerId: ann, from: '2026-03-01T05:00:00.000Z', limit: 2 }, app.owner);
    const entries = [...st.passes[0]!.entries];
    for (let after = st.passes[0]!.next; after !== null;) {
      const page = app.call('statements.entries', { customerId: ann, passId: pass, from: '2026-03-01T05:00:00.000Z', to: st.to, after, limit: 2 }, app.owner);
      entries.push(...page.entries);
      after = page.next;
    }
    expect(entries.map((e) => [e.kind, e.lotId, e.credits, e.value, e.note])).toEqual([
      ['sale', expect.any(Number), '10', '0.00', null], ['redeem', expect.any(Number), '-4', '12.00', null],
      ['refund', expect.any(Number), '-6', '18.00', 'moving away'], ['refund', null, '0', '60.00', 'moving away'],
    ]);
    expect(st.passes[0]!.entryCount).toBe(4);
    const cents = (x: string) => parseUnits(x, { scale: 2, sign: 'any' });
    const deferredOut = app.db.prepare("SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE pass_id = ? AND account = 'liabilities:deferred-revenue'").get(pass) as { n: number };
    expect(entries.reduce((s, e) => s + cents(e.value), 0)).toBe(deferredOut.n + 9000); // + the sale, which put 90.00 in
    expect(st.payments.map((x) => [x.kind, x.amount])).toEqual([['sale', '90.00'], ['refund', '-78.00']]);
  });
});
