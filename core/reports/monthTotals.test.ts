// The month reports read month totals kept in memory and brought up to date at each call. These tests hold them
// to the ledger read again from nothing, and to plain SQL over the journal and the lot entries.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/open';
import { startSchedule } from '../schedule';
import { startOfLocalDate } from '../periods/calendar';
import { ACCOUNTS } from '../journal/journal';
import { cid, scenario } from '../passes/scenario';
import { newId, ownerSession, tempApp, tempDir, type TestApp } from '../../test/support/tempApp';
import { monthTotals, monthTotalsComplete, warmMonthTotals } from './monthTotals';

const TZ = 'America/New_York';
let file = '';

const nextMonth = (m: string) => { const [y, mo] = m.split('-').map(Number) as [number, number]; return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`; };
const minor = (s: string) => BigInt(s.replace('.', ''));

/** Deferred revenue and credits outstanding at an instant, by book time, in plain SQL. */
function atInstant(db: Db, t: number): { deferred: bigint; credits: bigint } {
  const d = db.prepare(`SELECT coalesce(-sum(l.amount_minor), 0) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE l.account = ? AND (t.occurred_at - (t.kind = 'expire')) < ?`).safeIntegers(true).get(ACCOUNTS.deferred, t) as { n: bigint };
  const c = db.prepare(`SELECT coalesce(sum(credits_units), 0) AS n FROM lot_entries WHERE (occurred_at - (kind = 'expire')) < ?`)
    .safeIntegers(true).get(t) as { n: bigint };
  return { deferred: d.n, credits: c.n };
}

function accountIn(db: Db, account: string, from: number, to: number): bigint {
  return (db.prepare(`SELECT coalesce(-sum(l.amount_minor), 0) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE l.account = ? AND (t.occurred_at - (t.kind = 'expire')) >= ? AND (t.occurred_at - (t.kind = 'expire')) < ?`)
    .safeIntegers(true).get(account, from, to) as { n: bigint }).n;
}

function reports(app: TestApp) {
  return {
    trend: app.call('owner.trend', { months: 6 }, app.owner),
    rollForward: app.call('reports.deferredRevenue', { from: '2026-01', to: '2026-05' }, app.owner),
  };
}

const open = new Set<TestApp>();
function reopen(): TestApp {
  const app = tempApp({ file, setup: false, start: '2026-04-03T16:00:00.000Z' });
  app.owner = ownerSession(app, '2468');
  open.add(app);
  return app;
}
// a failed test leaves its app open: the next one could not open the file
afterEach(() => { for (const a of open) if (a.db.open) a.close(); open.clear(); });

// January to March: passes sold, drawn, topped up; then 3 April, with March's month end not yet closed
beforeAll(() => {
  const app = tempApp({ timeZone: TZ, start: '2026-01-05T15:00:00.000Z' });
  file = app.file;
  const s = scenario(app, app.owner);
  const coffee = s.item('Coffee', '1', '3.00');
  const cold = s.item('Cold brew', '1.5', '4.00');
  const month = s.plan({ name: 'Month of coffee', credits: '10', price: '20', validity: 'month', periods: 6 });
  const pack = s.plan({ name: 'Five more', kind: 'topup', credits: '5', price: '9', validity: 'days', validityDays: 10 });
  const passes: number[] = [];
  for (let day = 0; day < 85; day += 3) {
    app.clockControl.set(new Date(Date.parse('2026-01-05T15:00:00.000Z') + day * 86_400_000).toISOString());
    if (day % 9 === 0) passes.push(s.sell(s.customer(`Customer ${day}`), month, day % 2 ? 'card' : 'cash'));
    for (const [i, p] of passes.entries()) {
      if ((day + i) % 4 === 0) continue;
      const r = app.dispatch('counter.redeem', { clientId: cid(), passId: p, items: [{ itemId: (day + i) % 3 ? coffee : cold, quantity: '1' }] });
      if (!r.ok && !['INSUFFICIENT_CREDITS', 'PASS_CLOSED'].includes(r.error.code)) throw new Error(r.error.message);
      if (!r.ok && r.error.code === 'INSUFFICIENT_CREDITS' && i % 2 === 0) {
        app.call('passes.topUp', { clientId: cid(), passId: p, packId: pack, paymentMethod: 'card' });
      }
    }
  }
  app.clockControl.set('2026-04-03T16:00:00.000Z');
  app.close();
});

afterAll(() => { if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true }); });

describe('month totals', () => {
  it('after more writes, one of them a late close booking expiries into last month, a report equals the ledger read again from nothing', () => {
    const app = reopen();
    const before = reports(app);
    expect(monthTotalsComplete(app.db, TZ)).toBe(true);
    const unclosed = (app.db.prepare(`SELECT count(*) AS n FROM lot_balances WHERE remaining_units > 0 AND expires_at <= ?`)
      .get(Date.parse('2026-04-03T16:00:00.000Z')) as { n: number }).n;
    expect(unclosed).toBeGreaterThan(0); // March's month end is still to close: the reports do not close it

    // April's writes: redemptions, a void of a March redemption, a refund with a fee, then the owner's close
    const s = scenario(app, app.owner);
    // passes of six months: their April credits come with the close their first write books
    const live = (app.db.prepare('SELECT id FROM passes ORDER BY id DESC LIMIT 3').all() as { id: number }[]).map((r) => r.id);
    expect(live.length).toBeGreaterThan(2);
    const coffee = (app.db.prepare("SELECT id FROM items WHERE name = 'Coffee'").get() as { id: number }).id;
    s.redeem(live[0]!, [[coffee, '1']]);
    s.redeem(live[1]!, [[coffee, '1']]);
    const march = app.db.prepare(`SELECT r.id FROM redemptions r LEFT JOIN corrections c ON c.redemption_id = r.id
        WHERE c.id IS NULL AND r.occurred_at >= ? AND r.occurred_at < ? ORDER BY r.id LIMIT 1`)
      .get(Date.parse('2026-03-10T00:00:00Z'), Date.parse('2026-03-31T00:00:00Z')) as { id: number };
    app.call('redemptions.void', { clientId: cid(), redemptionId: march.id, reason: 'wrong card' }, app.owner);
    const quote = app.call('passes.refundQuote', { passId: live[1]! }, app.owner);
    expect(minor(quote.refunded)).toBeGreaterThan(100n);
    app.call('passes.refund', { clientId: cid(), passId: live[1]!, paymentMethod: 'cash', fee: '1.00', reason: 'moving away' }, app.owner);
    const closed = app.call('periods.close', { clientId: newId() }, app.owner);
    expect(closed.totals.lotsExpired).toBeGreaterThan(0);

    const after = reports(app); // the totals add only what was written since the first reading
    const marchOf = (r: typeof before) => r.trend.months.find((m) => m.month === '2026-03')!;
    expect(minor(marchOf(after).breakage)).toBeGreaterThan(minor(marchOf(before).breakage)); // the late close went back into March
    app.close();

    const fresh = reopen();
    expect(reports(fresh)).toEqual(after);

    // and both are what plain SQL says, month by month
    for (const m of after.trend.months) {
      const end = Date.parse(m.end);
      const at = atInstant(fresh.db, end);
      expect([minor(m.deferred), BigInt(Math.round(Number(m.outstandingCredits) * 1e6))]).toEqual([at.deferred, at.credits]);
      expect(minor(m.breakage)).toBe(accountIn(fresh.db, ACCOUNTS.breakage, Date.parse(m.start), end));
      expect(minor(m.recognised)).toBe(accountIn(fresh.db, ACCOUNTS.redemptions, Date.parse(m.start), end));
    }
    for (const r of after.rollForward.months) {
      const end = startOfLocalDate(`${nextMonth(r.month)}-01`, TZ);
      expect(minor(r.journalClosing)).toBe(atInstant(fresh.db, end).deferred);
      expect(r.closing).toBe(r.journalClosing);
      expect(minor(r.fees)).toBe(accountIn(fresh.db, ACCOUNTS.fees, startOfLocalDate(`${r.month}-01`, TZ), end));
    }
    expect(after.rollForward.months.find((m) => m.month === '2026-04')!.fees).toBe('1.00');
    fresh.close();
  });

  it('built a few rows at a time in the background, the totals are the same as in one go', async () => {
    const whole = reopen();
    const expected = reports(whole);
    const rows = (whole.db.prepare('SELECT (SELECT count(*) FROM journal_lines) + (SELECT count(*) FROM lot_entries) AS n').get() as { n: number }).n;
    whole.close();
    for (const slice of [1, 7, 100]) {
      const app = reopen();
      let pauses = 0;
      await warmMonthTotals(() => app.db, () => TZ, { sliceRows: slice, pause: async () => { pauses += 1; } });
      expect(monthTotalsComplete(app.db, TZ)).toBe(true);
      expect(pauses).toBeGreaterThanOrEqual(Math.floor(rows / slice) - 2); // a pause between slices: the counter's turn
      expect(reports(app)).toEqual(expected);
      app.close();
    }
  });

  it('never sums a write that may still be rolled back, and waits for it to end', async () => {
    const app = reopen();
    const expected = reports(app);
    app.close();
    const next = reopen();
    const s = scenario(next, next.owner);
    const coffee = (next.db.prepare("SELECT id FROM items WHERE name = 'Coffee'").get() as { id: number }).id;
    const pass = (next.db.prepare('SELECT max(id) AS id FROM passes').get() as { id: number }).id;
    const rows = (next.db.prepare('SELECT (SELECT count(*) FROM journal_lines) + (SELECT count(*) FROM lot_entries) AS n').get() as { n: number }).n;
    const enough = Math.ceil(rows / 50) + 5; // more pauses than the slices it takes to sum everything
    next.db.exec('BEGIN IMMEDIATE');
    s.redeem(pass, [[coffee, '1']]); // not committed
    let pauses = 0;
    await warmMonthTotals(() => next.db, () => TZ, {
      sliceRows: 50,
      pause: async () => {
        pauses += 1;
        if (pauses === enough) { expect(monthTotalsComplete(next.db, TZ)).toBe(false); next.db.exec('ROLLBACK'); }
      },
    });
    if (next.db.inTransaction) next.db.exec('ROLLBACK'); // (only if the warm-up did not wait for it)
    expect(pauses).toBeGreaterThan(enough);
    expect(reports(next)).toEqual(expected);
    next.close();
  });

  it('are the shop\'s local months: in another time zone they start again, each month as plain SQL bounds it', () => {
    const app = reopen();
    for (const tz of [TZ, 'Pacific/Auckland', 'Asia/Kathmandu', TZ]) {
      const money = monthTotals(app.db, tz).money;
      let all = 0n;
      for (const [month, sums] of money) {
        const from = startOfLocalDate(`${month}-01`, tz);
        const to = startOfLocalDate(`${nextMonth(month)}-01`, tz);
        const sold = sums.get(`${ACCOUNTS.deferred}|sale`) ?? 0n;
        const expected = app.db.prepare(`SELECT coalesce(sum(l.amount_minor), 0) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
            WHERE l.account = ? AND t.kind = 'sale' AND t.occurred_at >= ? AND t.occurred_at < ?`).safeIntegers(true).get(ACCOUNTS.deferred, from, to) as { n: bigint };
        expect(sold).toBe(expected.n);
        all += sold;
      }
      expect(all).toBeLessThan(0n);
    }
    // a sale at 2026-03-01 03:00 UTC is February's in New York and March's in Auckland
    expect(startOfLocalDate('2026-03-01', 'Pacific/Auckland')).toBeLessThan(startOfLocalDate('2026-03-01', TZ));
    app.close();
  });

  it('after a restore, a running Passbook sums the restored ledger in the background too', async () => {
    const app = reopen();
    const backup = (await app.dispatchAsync('backup.create', {}, app.owner));
    if (!backup.ok) throw new Error(backup.error.message);
    const schedule = startSchedule(app, { backups: false, monthTotalsEveryMs: 20, onError: (e) => { throw e; } });
    try {
      const waitComplete = async () => {
        const until = Date.now() + 10_000;
        while (!monthTotalsComplete(app.db, TZ) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        return monthTotalsComplete(app.db, TZ);
      };
      expect(await waitComplete()).toBe(true);
      const before = app.db;
      const r = await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: (backup.value as { fileName: string }).fileName }, ownerSession(app, '2468'));
      if (!r.ok) throw new Error(r.error.message);
      expect(app.db).not.toBe(before); // a new handle: its totals start from nothing
      expect(await waitComplete()).toBe(true);
    } finally {
      schedule.stop();
    }
  });

  it('a running Passbook sums them in the background after start-up, before any report is asked for', async () => {
    const app = reopen();
    expect(monthTotalsComplete(app.db, TZ)).toBe(false);
    const schedule = startSchedule(app, { backups: false, onError: (e) => { throw e; } });
    try {
      const until = Date.now() + 10_000;
      while (!monthTotalsComplete(app.db, TZ) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(monthTotalsComplete(app.db, TZ)).toBe(true);
    } finally {
      schedule.stop();
      app.close();
    }
  });
});

it('a new ledger has no totals until it has rows', () => {
  const app = tempApp({ file: path.join(tempDir(), 'ledger.sqlite') });
  expect(monthTotals(app.db, TZ).money.size).toBe(0);
  expect(app.call('owner.trend', { months: 2 }, app.owner).months.map((m) => m.sold)).toEqual(['0.00', '0.00']);
  app.close();
});
