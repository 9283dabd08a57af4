import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { newId, ownerSession, tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, item, passGet, plan, redeem, sell, topUp, type PlanSpec } from '../../test/support/seed';
import { carriedValue, closeDue, nextCloseAt, previewCloses, rolloverCap, runDueCloses, splitAtEnd } from './close';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });
function shop(opts: { timeZone?: string; start?: string } = {}): TestApp {
  const app = tempApp({ timeZone: opts.timeZone ?? 'America/New_York', start: opts.start ?? '2026-03-10T15:00:00.000Z' });
  apps.push(app);
  return app;
}

const ms = (iso: string) => new Date(iso).getTime();
const M = 1_000_000;

/** Ledger invariants that every close must keep. */
function checkInvariants(db: Db): void {
  const unbalanced = db.prepare('SELECT tx_id, sum(amount_minor) AS s FROM journal_lines GROUP BY tx_id HAVING s <> 0').all();
  expect(unbalanced).toEqual([]);
  const deferred = (db.prepare("SELECT coalesce(-sum(amount_minor), 0) AS n FROM journal_lines WHERE account = 'liabilities:deferred-revenue'").get() as { n: number }).n;
  const unused = (db.prepare('SELECT coalesce(sum(l.paid_minor - b.recognized_minor - b.released_minor), 0) AS n FROM lots l JOIN lot_balances b ON b.lot_id = l.id').get() as { n: number }).n;
  // money of future allocations waits in deferred revenue without a lot
  const waiting = (db.prepare("SELECT coalesce(-sum(amount_minor), 0) AS n FROM journal_lines WHERE account = 'liabilities:deferred-revenue' AND lot_id IS NULL").get() as { n: number }).n;
  const allocated = (db.prepare("SELECT coalesce(sum(paid_minor), 0) AS n FROM lots WHERE source = 'allocation'").get() as { n: number }).n;
  expect(deferred).toBe(unused + waiting - allocated);
  // closed lots hold nothing; carried + breakage came out of exactly what they held
  const open = db.prepare('SELECT c.lot_id FROM lot_closes c JOIN lot_balances b ON b.lot_id = c.lot_id JOIN lots l ON l.id = c.lot_id WHERE b.remaining_units <> 0 OR l.paid_minor - b.recognized_minor - b.released_minor <> 0').all();
  expect(open).toEqual([]);
  const carried = db.prepare('SELECT c.lot_id FROM lot_closes c JOIN lots r ON r.id = c.rollover_lot_id WHERE r.paid_minor <> c.carried_minor OR r.amount_units <> c.rolled_units OR r.parent_lot_id <> c.lot_id').all();
  expect(carried).toEqual([]);
  const breakage = (db.prepare("SELECT coalesce(-sum(amount_minor), 0) AS n FROM journal_lines WHERE account = 'revenue:breakage'").get() as { n: number }).n;
  const closedBreakage = (db.prepare('SELECT coalesce(sum(breakage_minor), 0) AS n FROM lot_closes').get() as { n: number }).n;
  const adjustBreakage = (db.prepare("SELECT coalesce(-sum(l.amount_minor), 0) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id WHERE l.account = 'revenue:breakage' AND t.kind <> 'expire'").get() as { n: number }).n;
  expect(breakage).toBe(closedBreakage + adjustBreakage);
  const neg = db.prepare('SELECT lot_id FROM lot_balances WHERE remaining_units < 0').all();
  expect(neg).toEqual([]);
}

describe('pure parts', () => {
  it('caps: N credits, P% of a fractional allocation floored to a millionth, the smaller of both', () => {
    expect(rolloverCap({ credits_units: 10.5 * M, rollover_cap_units: 4 * M, rollover_cap_percent_units: null })).toBe(4 * M);
    // 33.333333% of 10.5 = 3.49999996... -> 3.499999
    expect(rolloverCap({ credits_units: 10.5 * M, rollover_cap_units: null, rollover_cap_percent_units: 33_333_333 })).toBe(3_499_999);
    expect(rolloverCap({ credits_units: 10.5 * M, rollover_cap_units: 3 * M, rollover_cap_percent_units: 50 * M })).toBe(3 * M);
    expect(rolloverCap({ credits_units: 10 * M, rollover_cap_units: null, rollover_cap_percent_units: null })).toBe(0);
  });

  it('carried value splits the unused paid value exactly', () => {
    expect(carriedValue(2100, 7 * M, 7 * M)).toBe(2100);
    expect(carriedValue(1000, 1 * M, 3 * M)).toBe(333);
    expect(1000 - carriedValue(1000, 2 * M, 3 * M)).toBe(333);
    expect(carriedValue(1000, 0, 3 * M)).toBe(0);
  });
});

describe('month end close', () => {
  it('none: what is left expires at local midnight and becomes breakage; idempotent', () => {
    const app = shop();
    const p = plan(app, { credits: '25', price: '50', validity: 'month', rolloverPolicy: 'none' });
    const it1 = item(app, 'Latte', '1');
    const pass = sell(app, customer(app, 'Anna'), p);
    redeem(app, pass, it1, '5');
    // 31 Mar 23:30 EDT = 1 Apr 03:30 UTC: still March, the lot is live
    app.clockControl.set('2026-04-01T03:30:00.000Z');
    expect(redeem(app, pass, it1, '1').balanceAfter).toBe('19');
    expect(runDueCloses(app.db, app.clock.now().getTime()).lotsExpired).toBe(0);
    app.clockControl.set('2026-04-01T04:00:00.000Z');
    expect(passGet(app, pass).balance).toBe('0');
    const s = runDueCloses(app.db, app.clock.now().getTime());
    expect(s).toMatchObject({ lotsExpired: 1, expiredUnits: 19 * M, breakageMinor: 3800, boundaries: 1 });
    const tx = app.db.prepare("SELECT occurred_at FROM journal_tx WHERE kind = 'expire'").all() as { occurred_at: number }[];
    expect(tx).toEqual([{ occurred_at: ms('2026-04-01T04:00:00.000Z') }]);
    expect(runDueCloses(app.db, app.clock.now().getTime()).runId).toBeNull();
    app.clockControl.advance(86_400_000 * 40);
    expect(runDueCloses(app.db, app.clock.now().getTime()).lotsExpired).toBe(0);
    app.owner = ownerSession(app, '2468');
    const closed = app.call('periods.close', { clientId: newId() }, app.owner);
    expect(closed.totals).toMatchObject({ lotsExpired: 0, breakage: '0.00' });
    expect(closed.runId).not.toBeNull();
    const hist = app.call('periods.history', {}, app.owner);
    expect(hist.runs.map((r) => r.trigger)).toEqual(['owner', 'auto']);
    expect(hist.runs[1]).toMatchObject({ lotsExpired: 1, breakage: '38.00', boundaries: 1 });
    checkInvariants(app.db);
  });

  it('the close history reports each run as the close did, counting a pass that only got an allocation once', () => {
    // Ann's 3-period pass (first lot used up) gets only its April allocation; Ben's week top-up ended in March.
    // history took the larger of two per-table counts (1) where the close counted both passes (2)
    const app = shop();
    const three = plan(app, { credits: '5', price: '10', validity: 'month', periods: 3, rolloverPolicy: 'none' });
    const open = plan(app, { credits: '5', price: '10', validity: 'none' });
    const pack = plan(app, { kind: 'topup', credits: '2', price: '3', validity: 'week' });
    const tea = item(app, 'Tea', '1');
    const ann = sell(app, customer(app, 'Ann'), three);
    redeem(app, ann, tea, '5');
    topUp(app, sell(app, customer(app, 'Ben'), open), pack);
    app.clockControl.set('2026-04-01T12:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    const closed = app.call('periods.close', { clientId: newId() }, app.owner);
    expect(closed.totals.passes).toBe(2);
    const run = app.call('periods.history', {}, app.owner).runs.find((r) => r.runId === closed.runId)!;
    expect(run).toMatchObject(closed.totals);
  });

  it('London: the autumn month end is midnight GMT; a redemption at 23:30 BST on 30 Apr is April', () => {
    const app = shop({ timeZone: 'Europe/London', start: '2026-04-10T12:00:00.000Z' });
    const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 10 });
    const it1 = item(app, 'Tea', '1');
    const pass = sell(app, customer(app, 'Ben'), p);
    app.clockControl.set('2026-04-30T22:30:00.000Z'); // 23:30 BST
    redeem(app, pass, it1, '3');
    app.clockControl.set('2026-04-30T23:00:00.000Z'); // 1 May 00:00 BST
    const s = runDueCloses(app.db, app.clock.now().getTime());
    expect(s).toMatchObject({ lotsRolled: 1, rolledUnits: 7 * M, carriedMinor: 1400, breakageMinor: 0 });
    const lots = passGet(app, pass).lots;
    expect(lots).toHaveLength(1);
    expect(lots[0]).toMatchObject({ source: 'rollover', remaining: '7', rolledTimes: 1, expiresAt: '2026-05-31T23:00:00.000Z' });
    // up to 10 rolls: it rolls at every month end (1 Jun ... 1 Oct, catching up in one run) and now ends at 1 Nov 00:00 GMT
    app.clockControl.set('2026-10-31T12:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    const l2 = passGet(app, pass).lots;
    expect(l2[0]).toMatchObject({ source: 'rollover', remaining: '7', rolledTimes: 6, expiresAt: '2026-11-01T00:00:00.000Z' });
    checkInvariants(app.db);
  });
});

describe('rolled credits that expire after R periods', () => {
  it('with no limit on rolls they roll once and expire at the end of their R periods, with breakage; a limit lets them roll again', () => {
    const app = shop({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    const tea = item(app, 'Tea', '1');
    const once = plan(app, { name: 'Once', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 });
    const twice = plan(app, { name: 'Twice', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 2 });
    const a = sell(app, customer(app, 'Ann'), once);
    const b = sell(app, customer(app, 'Bo'), twice);
    redeem(app, a, tea, '5');
    redeem(app, b, tea, '5');
    app.clockControl.set('2026-12-10T15:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    // Ann's 20 rolled at 1 Apr into a lot ending 1 May, and expired there: $40 of breakage, nothing left
    expect(passGet(app, a)).toMatchObject({ balance: '0', lots: [] });
    const breakage = (passId: number) => (app.db.prepare(`SELECT -coalesce(sum(l.amount_minor), 0) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
        WHERE t.pass_id = ? AND l.account = 'revenue:breakage'`).get(passId) as { n: number }).n;
    expect(breakage(a)).toBe(4000);
    const rolls = (passId: number) => app.db.prepare("SELECT rolled_times AS n, expires_at AS end FROM lots WHERE pass_id = ? AND source = 'rollover' ORDER BY id").all(passId);
    expect(rolls(a)).toEqual([{ n: 1, end: Date.parse('2026-05-01T04:00:00.000Z') }]);
    // Bo's plan lets a credit roll twice: 1 Apr and 1 May, then they expire at 1 Jun
    expect(rolls(b)).toEqual([{ n: 1, end: Date.parse('2026-05-01T04:00:00.000Z') }, { n: 2, end: Date.parse('2026-06-01T04:00:00.000Z') }]);
    expect(passGet(app, b)).toMatchObject({ balance: '0', lots: [] });
    expect(breakage(b)).toBe(4000);
    checkInvariants(app.db);
  });
});

describe('a close over several month ends says what the preview said', () => {
  it('a rollover the same run closes again is not carried: close, history and preview agree (carried + breakage = what left the lots)', () => {
    const app = shop({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    const p = plan(app, { name: 'Three months', credits: '10', price: '20', validity: 'month', periods: 3, rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 });
    sell(app, customer(app, 'Ann'), p); // $20 a month: 10 credits at $2
    app.clockControl.set('2026-05-02T15:00:00.000Z'); // April's and May's month ends not closed yet
    const preview = app.call('periods.preview', { asOf: app.clock.now().toISOString() }, app.owner);
    const closed = app.call('periods.close', { clientId: newId() }, app.owner);
    const history = app.call('periods.history', {}, app.owner).runs[0]!;
    // 1 Apr: March's 10 roll ($20); 1 May: they expire ($20 breakage) and April's 10 roll ($20, still open)
    expect(preview.totals).toMatchObject({ lotsRolled: 1, carried: '20.00', breakage: '20.00' });
    expect(closed.totals).toMatchObject({ lotsRolled: 1, carried: '20.00', breakage: '20.00', lotsExpired: 1 });
    expect(history).toMatchObject({ lotsRolled: 1, carried: '20.00', breakage: '20.00' });
  });
});

describe('DST month ends: London and New York, spring and autumn', () => {
  const cases = [
    // zone, sale, the boundary instant (local midnight starting the next month), offset at that midnight
    ['Europe/London', '2026-03-14T12:00:00.000Z', '2026-03-31T23:00:00.000Z'], // BST since 29 Mar
    ['Europe/London', '2026-10-14T12:00:00.000Z', '2026-11-01T00:00:00.000Z'], // GMT since 25 Oct
    ['America/New_York', '2026-03-02T15:00:00.000Z', '2026-04-01T04:00:00.000Z'], // EDT since 8 Mar
    ['America/New_York', '2026-10-20T15:00:00.000Z', '2026-11-01T04:00:00.000Z'], // still EDT at midnight; EST from 02:00
    ['America/New_York', '2026-11-02T15:00:00.000Z', '2026-12-01T05:00:00.000Z'], // EST
  ] as const;
  for (const [zone, sale, boundary] of cases) {
    it(`${zone}: sold ${sale.slice(0, 10)}, the lot ends at ${boundary}`, () => {
      const app = shop({ timeZone: zone, start: sale });
      const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '4', rolloverExpiresAfterPeriods: 1 });
      const tea = item(app, 'Tea', '1');
      const pass = sell(app, customer(app, 'Ida'), p);
      expect(passGet(app, pass).lots[0]!.expiresAt).toBe(boundary);
      // 30 minutes before local midnight: still this month
      app.clockControl.set(new Date(ms(boundary) - 30 * 60_000));
      redeem(app, pass, tea, '1');
      expect(runDueCloses(app.db, ms(boundary) - 1).lotsExpired).toBe(0);
      app.clockControl.set(boundary);
      const s = runDueCloses(app.db, ms(boundary));
      expect(s).toMatchObject({ lotsRolled: 1, rolledUnits: 4 * M, lotsExpired: 1, expiredUnits: 5 * M, carriedMinor: 800, breakageMinor: 1000 });
      const at = app.db.prepare("SELECT DISTINCT occurred_at AS t FROM lot_entries WHERE kind IN ('rollover', 'expire')").all() as { t: number }[];
      expect(at).toEqual([{ t: ms(boundary) }]);
      checkInvariants(app.db);
    });
  }
});

// ---------------------------------------------------------------- rollover matrix

type Policy = { name: string; spec: Partial<PlanSpec> };
const POLICIES: Policy[] = [
  { name: 'none', spec: { rolloverPolicy: 'none' } },
  { name: 'all', spec: { rolloverPolicy: 'all' } },
  { name: 'cap 4 credits', spec: { rolloverPolicy: 'cap', rolloverCapCredits: '4' } },
  { name: 'cap 33.333333%', spec: { rolloverPolicy: 'cap', rolloverCapPercent: '33.333333' } },
];
const ORDERS = ['default', 'rollover_first', 'rollover_last'] as const;

interface MLot { key: string; source: string; remaining: number; paidPerCreditNum: number; expiresEnd: number | null; rolled: number; granted: number }

/**
 * A reference model of the same story in plain integers: the allocation is 10.5 credits for $31 (cost
 * basis 2.952381), monthly, rollovers live one more period and may roll at most twice (R = 2).
 * p0: sell, top-up 4 credits ($10, no expiry), redeem 3. close. p1: redeem 8. close. p2: redeem 1. close. close.
 */
function model(policy: Policy, order: typeof ORDERS[number]) {
  const alloc = 10.5 * M;
  const cap = policy.spec.rolloverPolicy === 'cap'
    ? (policy.spec.rolloverCapCredits ? 4 * M : Number((BigInt(alloc) * 33_333_333n) / 100_000_000n)) : Infinity;
  let seq = 0;
  let lots: MLot[] = [{ key: 'sale', source: 'sale', remaining: alloc, paidPerCreditNum: 31 / 10.5, expiresEnd: 0, rolled: 0, granted: seq++ }];
  const expired: number[] = [];
  const consume = (need: number) => {
    const sorted = [...lots].filter((l) => l.remaining > 0).sort((a, b) => {
      const g = (l: MLot) => (order === 'default' ? 0 : (order === 'rollover_first' ? (l.source === 'rollover' ? 0 : 1) : (l.source === 'rollover' ? 1 : 0)));
      return (g(a) - g(b)) || ((a.expiresEnd ?? 99) - (b.expiresEnd ?? 99)) || (a.paidPerCreditNum - b.paidPerCreditNum) || (a.granted - b.granted);
    });
    for (const l of sorted) { const c = Math.min(l.remaining, need); l.remaining -= c; need -= c; }
    expect(need).toBe(0);
  };
  const close = (p: number) => {
    let budget = policy.spec.rolloverPolicy === 'none' ? 0 : cap;
    const due = lots.filter((l) => l.expiresEnd === p && l.remaining > 0).sort((a, b) => (a.rolled - b.rolled) || (a.granted - b.granted));
    let exp = 0;
    for (const l of due) {
      const can = ['sale', 'allocation', 'rollover'].includes(l.source) && l.rolled < 2;
      const r = can ? Math.min(l.remaining, budget) : 0;
      budget -= r;
      exp += l.remaining - r;
      if (r > 0) lots.push({ key: `roll${p}`, source: 'rollover', remaining: r, paidPerCreditNum: l.paidPerCreditNum, expiresEnd: p + 1, rolled: l.rolled + 1, granted: seq++ });
      l.remaining = 0;
    }
    expired.push(exp);
    lots = lots.filter((l) => l.remaining > 0);
  };
  const snap = () => lots.map((l) => ({ source: l.source, remaining: l.remaining, rolled: l.rolled })).sort((a, b) => a.source.localeCompare(b.source) || a.rolled - b.rolled);
  const steps: { lots: ReturnType<typeof snap>; expired: number }[] = [];
  lots.push({ key: 'top', source: 'topup', remaining: 4 * M, paidPerCreditNum: 2.5, expiresEnd: null, rolled: 0, granted: seq++ });
  consume(3 * M); close(0); steps.push({ lots: snap(), expired: expired.at(-1)! });
  consume(Math.min(8 * M, lots.reduce((s, l) => s + l.remaining, 0))); close(1); steps.push({ lots: snap(), expired: expired.at(-1)! });
  const bal = lots.reduce((s, l) => s + l.remaining, 0);
  consume(Math.min(1 * M, bal)); close(2); steps.push({ lots: snap(), expired: expired.at(-1)! });
  close(3); steps.push({ lots: snap(), expired: expired.at(-1)! });
  return steps;
}

describe('rollover matrix: policy × consumption order × lot rolled 0, 1, R times', () => {
  for (const policy of POLICIES) {
    for (const order of ORDERS) {
      it(`${policy.name} / ${order}`, () => {
        const app = shop({ start: '2026-01-10T15:00:00.000Z' });
        const p = plan(app, { credits: '10.5', price: '31', validity: 'month', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 2, consumptionOrder: order, ...policy.spec });
        const pack = plan(app, { kind: 'topup', credits: '4', price: '10', validity: 'none' });
        const it1 = item(app, 'Unit', '1');
        const pass = sell(app, customer(app, 'Cara'), p);
        const expected = model(policy, order);
        const boundaries = ['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z', '2026-05-01T04:00:00.000Z'];
        const actual = () => (app.db.prepare(`SELECT l.source, b.remaining_units AS remaining, l.rolled_times AS rolled FROM lots l JOIN lot_balances b ON b.lot_id = l.id
            WHERE l.pass_id = ? AND b.remaining_units > 0 ORDER BY l.source, l.rolled_times`).all(pass) as { source: string; remaining: number; rolled: number }[]);
        const expiredAt = (t: string) => (app.db.prepare('SELECT coalesce(sum(expired_units), 0) AS n FROM lot_closes WHERE closed_at = ?').get(ms(t)) as { n: number }).n;
        const balance = () => app.db.prepare('SELECT coalesce(sum(remaining_units), 0) AS n FROM lot_balances WHERE pass_id = ?').get(pass) as { n: number };

        topUp(app, pass, pack);
        redeem(app, pass, it1, '3');
        app.clockControl.set(boundaries[0]!);
        runDueCloses(app.db, ms(boundaries[0]!));
        expect(actual()).toEqual(expected[0]!.lots);
        expect(expiredAt(boundaries[0]!)).toBe(expected[0]!.expired);

        app.clockControl.set('2026-02-10T15:00:00.000Z');
        redeem(app, pass, it1, String(Math.min(8, balance().n / M)));
        app.clockControl.set(boundaries[1]!);
        runDueCloses(app.db, ms(boundaries[1]!));
        expect(actual()).toEqual(expected[1]!.lots);
        expect(expiredAt(boundaries[1]!)).toBe(expected[1]!.expired);

        app.clockControl.set('2026-03-10T15:00:00.000Z');
        const b = balance().n;
        if (b > 0) redeem(app, pass, it1, String(Math.min(1, b / M)));
        app.clockControl.set(boundaries[2]!);
        runDueCloses(app.db, ms(boundaries[2]!));
        expect(actual()).toEqual(expected[2]!.lots);
        expect(expiredAt(boundaries[2]!)).toBe(expected[2]!.expired);

        app.clockControl.set(boundaries[3]!);
        runDueCloses(app.db, ms(boundaries[3]!));
        expect(actual()).toEqual(expected[3]!.lots);
        expect(expiredAt(boundaries[3]!)).toBe(expected[3]!.expired);
        // no lot ever rolled more than R = 2 times
        const maxRolled = (app.db.prepare('SELECT max(rolled_times) AS n FROM lots WHERE pass_id = ?').get(pass) as { n: number }).n;
        expect(maxRolled).toBeLessThanOrEqual(2);
        checkInvariants(app.db);
      });
    }
  }
});

// ---------------------------------------------------------------- multi-period, catch-up, preview

function multiShop(): { app: TestApp; passes: number[] } {
  const app = shop({ start: '2026-01-14T15:00:00.000Z' });
  const p3 = plan(app, { credits: '20', price: '33.33', validity: 'month', periods: 3, rolloverPolicy: 'cap', rolloverCapPercent: '25', rolloverExpiresAfterPeriods: 2 });
  const p1 = plan(app, { credits: '7.5', price: '10', validity: 'month', rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 1 });
  const pw = plan(app, { credits: '3', price: '5', validity: 'days', validityDays: 10, rolloverPolicy: 'none' });
  const it1 = item(app, 'Unit', '0.5');
  const a = sell(app, customer(app, 'Dan'), p3);
  const b = sell(app, customer(app, 'Eve'), p1);
  const c = sell(app, customer(app, 'Fay'), pw);
  redeem(app, a, it1, '7');
  redeem(app, b, it1, '1');
  return { app, passes: [a, b, c] };
}

function snapshot(db: Db) {
  const lots = db.prepare(`SELECT l.pass_id, l.source, l.amount_units, l.paid_minor, l.granted_at, l.expires_at, l.rolled_times, l.period_index,
      (SELECT p.source || ':' || p.granted_at FROM lots p WHERE p.id = l.parent_lot_id) AS parent, b.remaining_units, b.recognized_minor, b.released_minor
      FROM lots l JOIN lot_balances b ON b.lot_id = l.id ORDER BY l.pass_id, l.granted_at, l.source, l.rolled_times, l.amount_units`).all();
  const journal = db.prepare(`SELECT t.kind, t.pass_id, t.occurred_at, l.account, l.amount_minor FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      ORDER BY t.pass_id, t.occurred_at, t.kind, l.account, l.amount_minor`).all();
  const entries = db.prepare('SELECT pass_id, kind, credits_units, money_minor, occurred_at FROM lot_entries ORDER BY pass_id, occurred_at, kind, credits_units').all();
  const closes = db.prepare('SELECT pass_id, period_index, boundary_at, allocation_lot_id IS NOT NULL AS alloc FROM period_closes ORDER BY pass_id, period_index').all();
  return { lots, journal, entries, closes };
}

describe('multi-period plans and catch-up', () => {
  it('grants each period allocation with its exact share of the price', () => {
    const { app, passes } = multiShop();
    app.clockControl.set('2026-05-01T12:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    const allocs = app.db.prepare("SELECT paid_minor, amount_units, granted_at, expires_at, period_index FROM lots WHERE pass_id = ? AND source IN ('sale', 'allocation') ORDER BY period_index").all(passes[0]) as { paid_minor: number; period_index: number; granted_at: number; expires_at: number }[];
    expect(allocs.map((a) => a.paid_minor)).toEqual([3333, 3333, 3333]);
    expect(allocs.map((a) => a.period_index)).toEqual([0, 1, 2]);
    expect(allocs[1]!.granted_at).toBe(ms('2026-02-01T05:00:00.000Z'));
    expect(allocs[2]!.expires_at).toBe(ms('2026-04-01T04:00:00.000Z'));
    checkInvariants(app.db);
    // the whole price is in the lots now: no deferred money is left without a lot
    const waiting = (app.db.prepare("SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE account = 'liabilities:deferred-revenue' AND lot_id IS NULL AND pass_id = ?").get(passes[0]) as { n: number }).n;
    expect(-waiting).toBe(6666);
  });

  it('three missed month ends give the same ledger as closing each on time', () => {
    const onTime = multiShop();
    const late = multiShop();
    for (const t of ['2026-01-24T05:00:00.000Z', '2026-02-01T05:00:00.000Z', '2026-02-03T05:00:00.000Z', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z', '2026-04-10T04:00:00.000Z']) {
      onTime.app.clockControl.set(t);
      runDueCloses(onTime.app.db, ms(t));
    }
    const lateAt = ms('2026-04-10T04:00:00.000Z');
    late.app.clockControl.set(new Date(lateAt));
    const s = runDueCloses(late.app.db, lateAt);
    expect(s.boundaries).toBeGreaterThanOrEqual(3);
    expect(snapshot(late.app.db)).toEqual(snapshot(onTime.app.db));
    checkInvariants(late.app.db);
  });

  it('a preview over months not yet closed counts credits that roll and later expire as expired, not carried', () => {
    // rolls once, and the rolled credits last one more month: the 5 rolled at 1 Feb expire at 1 Mar
    const app = shop({ start: '2026-01-10T15:00:00.000Z' });
    const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 1 });
    redeem(app, sell(app, customer(app, 'Elif'), p), item(app, 'Tea', '1'), '1'); // 9 left
    app.clockControl.set('2026-03-27T15:00:00.000Z'); // no close has run since January
    app.owner = ownerSession(app, '2468');
    const pv = app.call('periods.preview', { asOf: '2026-04-01T04:00:00.000Z' }, app.owner);
    const row = pv.customers[0]!.passes[0]!;
    // 1 Feb: 4 expire, 5 roll; 1 Mar: those 5 expire. Nothing is carried past the preview date
    expect(row).toMatchObject({ roll: '0', rollValue: '0.00', expire: '9', expireValue: '18.00' });
    expect(pv.totals).toMatchObject({ carried: '0.00', lotsRolled: 0, breakage: '18.00' });
    app.clockControl.set('2026-04-01T04:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    expect(app.db.prepare('SELECT coalesce(sum(remaining_units), 0) AS n FROM lot_balances').get()).toEqual({ n: 0 });
  });

  it('preview for a future date shows what will roll and expire without writing; the close then does exactly that', () => {
    const { app } = multiShop();
    const before = snapshot(app.db);
    const pv = app.call('periods.preview', { asOf: '2026-02-01T05:00:00.000Z' }, app.owner);
    expect(snapshot(app.db)).toEqual(before);
    const names = pv.customers.map((c) => c.customerName);
    expect(names).toEqual(['Dan', 'Eve', 'Fay']);
    const dan = pv.customers[0]!.passes[0]!;
    // 20 - 3.5 = 16.5 left; 25% of 20 = 5 roll, 11.5 expire; 20 more allocated
    expect(dan).toMatchObject({ roll: '5', expire: '11.5', allocate: '20' });
    const eve = pv.customers[1]!.passes[0]!;
    expect(eve).toMatchObject({ roll: '7', expire: '0' });
    const fay = pv.customers[2]!.passes[0]!;
    expect(fay).toMatchObject({ roll: '0', expire: '3', expireValue: '5.00' });
    expect(() => app.call('periods.close', { clientId: newId(), asOf: '2030-01-01T00:00:00.000Z' }, app.owner)).toThrow(/ahead of now/);
    // nor before the books begin: a run dated in the year 1000 would sit in the close history for good
    const runs = app.call('periods.history', {}, app.owner).runs.length;
    expect(() => app.call('periods.close', { clientId: newId(), asOf: '1000-01-01T00:00:00.000Z' }, app.owner)).toThrow(/before the shop's books begin/);
    expect(app.call('periods.history', {}, app.owner).runs.length).toBe(runs);
    app.clockControl.set('2026-02-01T05:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    const done = app.call('periods.close', { clientId: newId() }, app.owner);
    expect(done.totals).toEqual(pv.totals);
    checkInvariants(app.db);
  });

  it('nextCloseAt: the next local midnight, or the next lot end before it, or now when something is overdue', () => {
    const { app } = multiShop();
    const now = ms('2026-01-20T15:00:00.000Z');
    expect(nextCloseAt(app.db, now)).toBe(ms('2026-01-21T05:00:00.000Z'));
    expect(nextCloseAt(app.db, ms('2026-02-01T06:00:00.000Z'))).toBe(ms('2026-02-01T06:00:00.000Z'));
    expect(closeDue(app.db, now, { trigger: 'auto' }).runId).toBeNull();
    expect(previewCloses(app.db, ms('2027-01-01T00:00:00.000Z')).lotsExpired).toBeGreaterThan(0);
  });
});

describe('the rollover rule at a lot end (splitAtEnd)', () => {
  it('gives a shared cap to fresh credits first, then to credits already rolled; in a tie, the older lot first', () => {
    const terms = { credits_units: 10_000_000, rollover_policy: 'cap', rollover_cap_units: 5_000_000, rollover_cap_percent_units: null, rollover_max_times: 2 } as const;
    const rolledOnce = { id: 1, source: 'rollover', granted_at: 1, rolled_times: 1, remaining_units: 4_000_000 };
    const fresh = { id: 2, source: 'allocation', granted_at: 2, rolled_times: 0, remaining_units: 4_000_000 };
    const split = splitAtEnd(terms, 0, [rolledOnce, fresh]).map((x) => [x.lot.id, x.rolled, x.expired]);
    // the 4 fresh credits roll whole; of the 4 rolled once, 1 more fits under the cap of 5, 3 expire
    expect(split).toEqual([[2, 4_000_000, 0], [1, 1_000_000, 3_000_000]]);
    const older = { ...fresh, id: 3, granted_at: 0 };
    expect(splitAtEnd(terms, 0, [fresh, older]).map((x) => [x.lot.id, x.rolled])).toEqual([[3, 4_000_000], [2, 1_000_000]]);
    // off the pass's period grid nothing rolls
    expect(splitAtEnd(terms, null, [fresh]).map((x) => [x.rolled, x.expired])).toEqual([[0, 4_000_000]]);
  });
});
