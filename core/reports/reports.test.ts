// Owner reports against the journal: the daily report dates everything by when it happened, as the books do.
import { afterEach, describe, expect, it } from 'vitest';
import { newId, ownerSession, tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell, topUp } from '../../test/support/seed';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

type Day = { date: string; redemptions: number; voided?: number; creditsRedeemed: string; recognised: string };
const pick = (d: Day) => ({ date: d.date, redemptions: d.redemptions, voided: d.voided, creditsRedeemed: d.creditsRedeemed, recognised: d.recognised });

describe('reports.daily', () => {
  it('keeps a redemption on its own day when it is voided later; the void is a reversal on its day, so a closed day never changes', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const coffee = item(app, 'Coffee', '1');
    const ten = plan(app, { credits: '10', price: '30', validity: 'none' });
    const pass = sell(app, customer(app, 'Ann'), ten);
    const r = redeem(app, pass, coffee, '1');
    const twice = redeem(app, pass, coffee, '2');
    app.call('counter.undo', { clientId: newId(), redemptionId: twice.redemptionId }); // a double tap, undone the same day
    const daily = (from: string, to: string) => (app.call('reports.daily', { from, to }, app.owner).days as Day[]).map(pick);
    const before = daily('2026-03-02', '2026-03-02');
    expect(before).toEqual([{ date: '2026-03-02', redemptions: 2, voided: 1, creditsRedeemed: '1', recognised: '3.00' }]);

    app.clockControl.set('2026-03-03T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    app.call('redemptions.void', { clientId: newId(), redemptionId: r.redemptionId, reason: 'wrong pass' }, app.owner);
    const after = daily('2026-03-02', '2026-03-03');
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual({ date: '2026-03-03', redemptions: 0, voided: 1, creditsRedeemed: '-1', recognised: '-3.00' });
    // each day's credits and revenue move together, as the journal books them
    const journal = app.db.prepare("SELECT coalesce(-sum(amount_minor), 0) AS n FROM journal_lines WHERE account = 'revenue:redemptions'").get() as { n: number };
    expect(journal.n).toBe(0);
  });
});

describe('reports.daily: the till', () => {
  it('says per payment method what was taken less what was paid back, so the owner can count the till and the terminal', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const coffee = item(app, 'Coffee', '1', '4.50');
    const ten = plan(app, { credits: '2', price: '6', validity: 'none', overagePolicy: 'allow' });
    const anna = sell(app, customer(app, 'Ann'), ten, 'card'); // $6.00 card
    const ben = sell(app, customer(app, 'Ben'), ten, 'cash'); // $6.00 cash
    redeem(app, anna, coffee, '3', { overageSettlement: 'now', paymentMethod: 'cash' }); // 1 over: $4.50 cash
    app.call('passes.refund', { clientId: newId(), passId: ben, reason: 'moving', paymentMethod: 'cash' }, app.owner); // $6.00 back in cash
    const day = app.call('reports.daily', { from: '2026-03-02', to: '2026-03-02' }, app.owner).days[0]!;
    expect([day.payments, day.refunds]).toEqual(['16.50', '6.00']);
    expect(day.till).toEqual({ cash: '4.50', card: '6.00', other: '0.00' });
    expect([day.sales, day.salesAmount]).toEqual([2, '12.00']); // two sales by two methods still count once each
  });
});

describe('reports.daily: the total row', () => {
  it('sums the range exactly: equal to each day asked for alone, to the month roll-forward, and to the payments in plain SQL', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const coffee = item(app, 'Coffee', '1', '4.50');
    const cold = item(app, 'Cold brew', '1.5', '5.00');
    const month = plan(app, { credits: '4', price: '10.01', validity: 'month', overagePolicy: 'allow', overagePricePerCredit: '2.25' });
    const pack = plan(app, { kind: 'topup', credits: '3', price: '6.99', validity: 'none' });
    const ann = sell(app, customer(app, 'Ann'), month, 'card');
    const ben = sell(app, customer(app, 'Ben'), month, 'cash');
    const cy = sell(app, customer(app, 'Cy'), month, 'other');
    redeem(app, ann, cold, '1');
    app.clockControl.set('2026-03-09T15:00:00.000Z');
    const voided = redeem(app, ben, coffee, '2');
    topUp(app, ann, pack, 'cash');
    redeem(app, ann, cold, '4', { overageSettlement: 'now', paymentMethod: 'card' }); // 6 credits from 5.5: over by 0.5
    app.clockControl.set('2026-03-17T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    app.call('redemptions.void', { clientId: newId(), redemptionId: voided.redemptionId, reason: 'wrong pass' }, app.owner);
    redeem(app, cy, coffee, '1');
    app.call('passes.refund', { clientId: newId(), passId: cy, reason: 'moving', paymentMethod: 'cash', fee: '1.10' }, app.owner);
    // April: March's month end is closed, and Ben's unused March credits become March's breakage
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    app.call('periods.close', { clientId: newId() }, app.owner);

    const march = app.call('reports.daily', { from: '2026-03-01', to: '2026-03-31' }, app.owner);
    expect(march.days).toHaveLength(31);
    const t = march.totals;
    expect([t.sales, t.topUps, t.redemptions, t.voided]).toEqual([3, 1, 4, 1]);
    // credits from lots: 1.5 + 2 + 5.5 + 1, less the 2 voided (the 0.5 over is overage, not credits); overage 0.5 × $2.25
    expect([t.salesAmount, t.topUpsAmount, t.creditsRedeemed, t.fees, t.overage]).toEqual(['30.03', '6.99', '8', '1.10', '1.13']);

    // each day asked for on its own, summed as cents: the same as the range's total row, figure by figure
    const cents = (s: string) => BigInt(s.replace('-', '').replace('.', '')) * (s.startsWith('-') ? -1n : 1n);
    const money = ['salesAmount', 'topUpsAmount', 'recognised', 'overage', 'breakage', 'fees', 'payments', 'refunds'] as const;
    const alone = Array.from({ length: 31 }, (_, i) => app.call('reports.daily', { from: `2026-03-${String(i + 1).padStart(2, '0')}`, to: `2026-03-${String(i + 1).padStart(2, '0')}` }, app.owner).days[0]!);
    for (const k of money) expect(alone.reduce((a, d) => a + cents(d[k]), 0n), k).toBe(cents(t[k]));
    for (const k of ['cash', 'card', 'other'] as const) expect(alone.reduce((a, d) => a + cents(d.till[k]), 0n), k).toBe(cents(t.till[k]));
    expect(alone.reduce((a, d) => a + d.redemptions, 0)).toBe(t.redemptions);

    // the month roll-forward reads the journal by month, another way: it agrees with the total row
    const rf = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-03' }, app.owner).months[0]!;
    expect(cents(rf.sold)).toBe(cents(t.salesAmount) + cents(t.topUpsAmount));
    expect([rf.recognised, rf.breakage, rf.fees, rf.refunds]).toEqual([t.recognised, t.breakage, t.fees, t.refunds]);
    expect(cents(t.breakage)).toBeGreaterThan(0n);

    // what the till and terminal took in March, in plain SQL over the local month's bounds
    const bounds = [Date.parse('2026-03-01T05:00:00.000Z'), Date.parse('2026-04-01T04:00:00.000Z')];
    const pay = app.db.prepare(`SELECT method, sum(amount_minor) AS m FROM payments WHERE occurred_at >= ? AND occurred_at < ? GROUP BY method`).all(...bounds) as { method: string; m: number }[];
    const byMethod = Object.fromEntries(pay.map((r) => [r.method, BigInt(r.m)]));
    expect([cents(t.till.cash), cents(t.till.card), cents(t.till.other)]).toEqual([byMethod.cash ?? 0n, byMethod.card ?? 0n, byMethod.other ?? 0n]);
  });
});

describe('sums past 2^53 minor units', () => {
  it('reports.deferredRevenue, reports.daily and owner.trend answer them exactly (read as BigInt), never INTERNAL', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    // the largest price in one value, sold 1001 times: 1001 × 9,999,999,999,999 minor units is odd and past 2^53
    const top = plan(app, { credits: '3', price: '99999999999.99', validity: 'none' });
    const ann = customer(app, 'Ann');
    for (let i = 0; i < 1001; i += 1) sell(app, ann, top);
    const total = 1001n * 9_999_999_999_999n;
    expect(total > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const text = `${total / 100n}.${String(total % 100n).padStart(2, '0')}`;
    expect(text).toBe('100099999999989.99');
    const rf = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-04' }, app.owner);
    expect(rf.months.map((m) => [m.month, m.opening, m.sold, m.closing, m.journalClosing])).toEqual([
      ['2026-03', '0.00', text, text, text], ['2026-04', text, '0.00', text, text],
    ]);
    expect(rf.closing).toBe(text);
    const day = app.call('reports.daily', { from: '2026-03-02', to: '2026-03-02' }, app.owner).days[0]!;
    expect([day.sales, day.salesAmount, day.payments]).toEqual([1001, text, text]);
    const trend = app.call('owner.trend', { months: 1 }, app.owner).months;
    expect(trend.map((m) => [m.month, m.sold, m.deferred, m.outstandingCredits])).toEqual([['2026-03', text, text, '3003']]);
  });
});

describe('reports.lowBalance', () => {
  it('lists the passes the counter calls low, by credits or by percent, at the threshold and not above it', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const coffee = item(app, 'Coffee', '1');
    const byCredits = plan(app, { name: 'By credits', credits: '10', price: '30', validity: 'none', lowBalanceCredits: '3' });
    const byPercent = plan(app, { name: 'By percent', credits: '8', price: '30', validity: 'none', lowBalancePercent: '25' });
    const quiet = plan(app, { name: 'No threshold', credits: '10', price: '30', validity: 'none' });
    const cases: Array<[string, number, string]> = [['Ann', byCredits, '7'], ['Ben', byCredits, '6.5'], ['Cy', byPercent, '6'], ['Di', byPercent, '5.5'], ['Ed', quiet, '10']];
    const passes = new Map<string, number>();
    for (const [who, p, used] of cases) { const pass = sell(app, customer(app, who), p); passes.set(who, pass); redeem(app, pass, coffee, used); }
    const low = app.call('reports.lowBalance', {}, app.owner).passes;
    // Ann has 3 (= 3), Cy 2 (= 25 % of 8), Ed 0: used up, low with no threshold (the counter offers a top-up); Ben 3.5
    // and Di 2.5 are above theirs
    expect(low.map((p) => [p.customerName, p.balance, p.thresholdCredits])).toEqual([['Ann', '3', '3'], ['Cy', '2', null], ['Ed', '0', null]]);
    for (const [who, pass] of passes) {
      const counter = app.call('passes.get', { passId: pass }).lowBalance.low;
      expect(low.some((p) => p.passId === pass), who).toBe(counter);
    }
    expect(app.call('owner.customers', { filter: 'low' }, app.owner).rows.map((r) => r.name)).toEqual(['Ann', 'Cy', 'Ed']);
  });

  it('agrees with the counter on every pass: no live lots left, lots past their end, several lots, a cancelled pass; sorted by name', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const coffee = item(app, 'Coffee', '1');
    const month = plan(app, { name: 'Month', credits: '10', price: '30', validity: 'month', lowBalanceCredits: '2', lowBalancePercent: '30' });
    const open = plan(app, { name: 'Open', credits: '4', price: '12', validity: 'none', lowBalanceCredits: '1' });
    const pack = plan(app, { kind: 'topup', credits: '5', price: '14', validity: 'days', validityDays: 10 });
    const passes = new Map<string, number>();
    const pass = (who: string, p: number) => { const id = sell(app, customer(app, who), p); passes.set(who, id); return id; };
    redeem(app, pass('Zoé', open), coffee, '4'); // none left: no live lot at all, so 0, low
    redeem(app, pass('Émilie', open), coffee, '3'); // 1 left: at the threshold, low
    redeem(app, pass('Eli', open), coffee, '2'); // 2 left, above 1
    const ola = pass('Ola', open);
    redeem(app, ola, coffee, '3.5');
    topUp(app, ola, pack); // 0.5 + 5 in two lots: above 1 (the pack's lot ends on 12 March)
    redeem(app, pass('Bea', month), coffee, '7'); // 3 of 10: 30 %, low by percent and not by credits
    redeem(app, pass('Cal', month), coffee, '6.5'); // 3.5: above both
    const dan = pass('Dan', open);
    redeem(app, dan, coffee, '3.5');
    app.call('passes.refund', { clientId: newId(), passId: dan, reason: 'moving', paymentMethod: 'cash' }, app.owner); // cancelled: never listed
    // 13 March: Ola's pack has ended, not closed yet; her 0.5 left is at or under 1
    app.clockControl.set('2026-03-13T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    const low = app.call('reports.lowBalance', {}, app.owner).passes;
    // by the folded name: Émilie sorts as Emilie, before Ola and not after Zoé
    expect(low.map((p) => [p.customerName, p.balance])).toEqual([['Bea', '3'], ['Émilie', '1'], ['Ola', '0.5'], ['Zoé', '0']]);
    for (const [who, id] of passes) {
      const counter = app.call('passes.get', { passId: id });
      expect(low.some((p) => p.passId === id), who).toBe(counter.status === 'active' && counter.lowBalance.low);
      const listed = low.find((p) => p.passId === id);
      if (listed) expect(listed.balance, who).toBe(counter.balance);
    }
  });
});
