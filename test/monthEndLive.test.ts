// A month end passing while Passbook runs and the counter is busy, on a clock that moves in real time with the
// close scheduler's own timers live (core/schedule.ts): the other tests move a test clock by hand and run the
// close themselves. The counter redeems from 23:59:59 to a little past midnight; the scheduler's timer closes
// the passes nobody touched, the redemptions close their own passes first, and afterwards every lot that ended at
// midnight was closed once, at midnight, every redemption is on the right side of it, and the books tie.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp, type PassbookApp } from '../core/app';
import { startSchedule } from '../core/schedule';
import { scenario, unbalancedTransactions } from '../core/passes/scenario';
import { newId, ownerSession, tempDir } from './support/tempApp';
import { ledgerViolations } from './support/seedChecks';

/** A clock that stands still while the shop is set up, then runs in real time from a chosen instant. */
function runningClock(start: string) {
  let base = Date.parse(start);
  let since: number | null = null;
  const now = () => base + (since === null ? 0 : performance.now() - since);
  return {
    now: () => new Date(now()),
    monotonicMs: () => (since === null ? 0 : performance.now() - since),
    set(iso: string) { base = Date.parse(iso); },
    run(fromIso: string) { base = Date.parse(fromIso); since = performance.now(); },
    ms: now,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a month end passing while the counter works, with the close timers live', () => {
  it('closes every pass once at midnight, puts each redemption on its side of it, and keeps the books tied', async () => {
    // New York: 31 March 23:59:59 local is 1 April 03:59:59Z; the month ends at 04:00:00Z
    const midnight = Date.parse('2026-04-01T04:00:00.000Z');
    const clock = runningClock('2026-03-10T15:00:00.000Z');
    const file = path.join(tempDir(), 'ledger.sqlite');
    const app: PassbookApp = createApp(file, { clock, checkOutput: true });
    app.call('shop.setup', { clientId: newId(), name: 'Live Shop', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    const owner = ownerSession(app, '2468');
    const s = scenario(app, owner);
    const latte = s.item('Latte', '1', '4.50');
    const plans = [
      s.plan({ name: 'Month, none roll', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' }),
      s.plan({ name: 'Month, 3 roll', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '3', rolloverExpiresAfterPeriods: 1 }),
      s.plan({ name: 'Three months', credits: '8', price: '45', validity: 'month', periods: 3, rolloverPolicy: 'all', rolloverExpiresAfterPeriods: 1 }),
    ];
    const passes: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const pass = s.sell(s.customer(`Customer ${i}`), plans[i % plans.length]!);
      if (i % 4 !== 0) s.redeem(pass, [[latte, String(1 + (i % 5))]]);
      passes.push(pass);
    }
    // the evening of the last day: the ledger is recent, so the scheduler trusts the clock
    clock.set('2026-03-31T23:00:00.000Z');
    s.redeem(passes[1]!, [[latte, '1']]);

    // from here the clock runs: 23:59:59.000 local, the schedule starts with its timers, the counter redeems
    // on half of the passes (of every plan) until well past midnight; the rest are left to the scheduler
    clock.run('2026-04-01T03:59:59.000Z');
    const schedule = startSchedule(app, { backups: false, uptime: () => performance.now() });
    const busy = passes.filter((_, i) => i % 2 === 0);
    const done: Array<{ passId: number; at: number; ok: boolean; code?: string; redemptionId?: number }> = [];
    const counter = (async () => {
      for (let k = 0; clock.ms() < midnight + 700; k += 1) {
        const passId = busy[k % busy.length]!;
        const before = clock.ms();
        const r = app.dispatch('counter.redeem', { clientId: newId(), passId, items: [{ itemId: latte, quantity: '0.5' }] }, {});
        const after = clock.ms();
        // an answer whose call straddled midnight cannot be placed on a side of it: left out of the side checks
        if (before < midnight && after >= midnight) { await sleep(3); continue; }
        done.push(r.ok ? { passId, at: before, ok: true, redemptionId: (r.value as { redemptionId: number }).redemptionId } : { passId, at: before, ok: false, code: r.error.code });
        await sleep(8); // the counter's pace, and room for the scheduler's timer
      }
    })();
    await counter;
    // the passes the counter left alone are closed by nothing but the scheduler's timer (reads do not close), which
    // may wake a little late on a busy machine
    const ended = (app.db.prepare('SELECT id, pass_id FROM lots WHERE expires_at = ? ORDER BY id').all(midnight) as Array<{ id: number; pass_id: number }>);
    // a lot the counter emptied before midnight has nothing to roll over or expire: the close passes it by
    const emptied = new Set((app.db.prepare(`SELECT l.id FROM lots l JOIN lot_balances b ON b.lot_id = l.id
      WHERE l.expires_at = ? AND b.remaining_units = 0 AND l.id NOT IN (SELECT lot_id FROM lot_closes)`).all(midnight) as Array<{ id: number }>).map((r) => r.id));
    const toClose = ended.filter((l) => !emptied.has(l.id));
    const closedOf = () => app.db.prepare('SELECT lot_id, closed_at FROM lot_closes WHERE lot_id IN (SELECT id FROM lots WHERE expires_at = ?) ORDER BY lot_id').all(midnight) as Array<{ lot_id: number; closed_at: number }>;
    for (let waited = 0; closedOf().length < toClose.length && waited < 20_000; waited += 50) await sleep(50);
    schedule.stop();

    expect(done.filter((d) => d.at < midnight && d.ok).length).toBeGreaterThan(5);
    expect(done.filter((d) => d.at >= midnight && d.ok).length).toBeGreaterThan(5);
    // no redemption failed but for a pass that had ended (a one-month pass, after midnight) or had too little left
    const failed = done.filter((d) => !d.ok);
    expect(failed.filter((d) => !(d.code === 'INSUFFICIENT_CREDITS' || (d.code === 'PASS_CLOSED' && d.at >= midnight)))).toEqual([]);
    // the close runs were automatic and after midnight: none before it, none the owner's
    expect(app.db.prepare("SELECT trigger, ran_at >= ? AS after FROM period_close_runs GROUP BY 1, 2").all(midnight)).toEqual([{ trigger: 'auto', after: 1 }]);

    // every lot that ended at midnight with credits left was closed (a lot closes once: lot_closes is keyed by the
    // lot), at midnight; among them the lots of every pass the counter left alone, which only the timer could close
    expect(ended.length).toBeGreaterThanOrEqual(passes.length);
    expect(closedOf().map((c) => [c.lot_id, c.closed_at])).toEqual(toClose.map((l) => [l.id, midnight]));
    const leftAlone = new Set(passes.filter((_, i) => i % 2 === 1));
    expect(toClose.filter((l) => leftAlone.has(l.pass_id)).length).toBe(leftAlone.size);
    // an emptied lot was the counter's, and nothing was taken from it after midnight
    for (const id of emptied) {
      expect(app.db.prepare('SELECT count(*) AS n FROM lot_entries WHERE lot_id = ? AND occurred_at >= ?').get(id, midnight), `lot ${id}`).toEqual({ n: 0 });
    }
    const expiries = app.db.prepare("SELECT count(*) AS n FROM lot_entries WHERE kind = 'expire' AND occurred_at < ?").get(midnight) as { n: number };
    expect(expiries.n).toBe(0);

    // each redemption is on its side of midnight: those before drew March's lots, those after only lots live in April
    const lotsOf = app.db.prepare(`SELECT l.expires_at AS ends, l.granted_at AS granted FROM lot_entries e JOIN lots l ON l.id = e.lot_id
      WHERE e.redemption_id = ? AND e.kind = 'redeem'`);
    for (const d of done.filter((x) => x.ok)) {
      const lots = lotsOf.all(d.redemptionId!) as Array<{ ends: number | null; granted: number }>;
      expect(lots.length).toBeGreaterThan(0);
      for (const l of lots) {
        if (d.at < midnight) expect(l.ends === null || l.ends >= midnight, `redemption ${d.redemptionId} before midnight`).toBe(true);
        else expect([l.ends === null || l.ends > midnight, l.granted <= d.at], `redemption ${d.redemptionId} after midnight`).toEqual([true, true]);
      }
    }
    // the balances after: a one-month pass without rollover has nothing left; the others hold April's credits only
    for (const [i, passId] of passes.entries()) {
      const p = app.call('passes.get', { passId });
      for (const lot of p.lots) expect(Date.parse(lot.expiresAt ?? '9999-12-31T00:00:00Z'), `pass ${passId}`).toBeGreaterThan(midnight);
      if (i % plans.length === 0) expect(p.balance).toBe('0');
    }

    // the books: every transaction balanced, the ledger's invariants hold, and March and April tie to the journal
    expect(unbalancedTransactions(app.db)).toEqual([]);
    expect(ledgerViolations(app, clock.ms())).toEqual([]);
    const rf = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-04' }, owner).months;
    for (const m of rf) expect(m.closing, m.month).toBe(m.journalClosing);
    expect(rf[0]!.breakage).not.toBe('0.00'); // March's unused credits expired as March's breakage
    app.close();
  }, 60_000);
});
