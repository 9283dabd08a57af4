// A pass whose term is over with nothing left has ended: passStatus says so pass by pass, and the lists made in SQL
// (the owner's customer list and its low filter, the passes CSV) say the same, though no close wrote it (a review
// found them calling seven ended passes active, and listing ten of their customers as low).
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { termEnd } from '../lots/expiry';
import { migrationsUpTo } from '../../test/support/olderSchema';
import { ownerSession, tempApp, tempDir, testClock, newId, type TestApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';
import { endedSql, findPass, passStatus } from './passes';
import { exportChunks } from '../exports/exports';
import { collect } from '../books/stream';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

/** Every pass's status by the SQL rule at `at`. */
function sqlStatuses(app: TestApp, at: number): Map<number, string> {
  const rows = app.db.prepare(`SELECT p.id, CASE WHEN coalesce(s.status, 'active') <> 'active' THEN s.status
      WHEN ${endedSql('p', `(SELECT coalesce(sum(lb.remaining_units), 0) FROM lot_balances lb WHERE lb.pass_id = p.id AND lb.remaining_units > 0 AND (lb.expires_at IS NULL OR lb.expires_at > :at))`, ':at')} THEN 'ended'
      ELSE 'active' END AS status
    FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id`).all({ at }) as { id: number; status: string }[];
  return new Map(rows.map((r) => [r.id, r.status]));
}
const codeStatuses = (app: TestApp, at: number): Map<number, string> => new Map(
  (app.db.prepare('SELECT id FROM passes').all() as { id: number }[]).map(({ id }) => [id, passStatus(app.db, findPass(app.db, id)!, at)]));

describe('an ended pass', () => {
  it('is ended in SQL exactly when passStatus says so, and the customer list and passes CSV follow', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-06-03T14:00:00.000Z' });
    apps.push(app);
    const coffee = item(app, 'Coffee', '1');
    const month = plan(app, { name: 'Month', credits: '5', price: '10', validity: 'month', lowBalanceCredits: '1' });
    const twoMonths = plan(app, { name: 'Two months', credits: '5', price: '10', validity: 'month', periods: 2 });
    const forever = plan(app, { name: 'Forever', credits: '5', price: '10', validity: 'none' });
    const ann = customer(app, 'Ann Usedup');
    const bo = customer(app, 'Bo Leftover');
    const cy = customer(app, 'Cy Twomonths');
    const di = customer(app, 'Di Forever');
    const ev = customer(app, 'Ev Cancelled');
    const annPass = sell(app, ann, month);        // used up in June: active until its term ends, then ended
    const boPass = sell(app, bo, month);          // 2 left when the term ends, no close run: those have ended too
    const cyPass = sell(app, cy, twoMonths);      // used up in June, a second month to come: still active
    const diPass = sell(app, di, forever);        // used up, no term: active (a top-up brings it back)
    const evPass = sell(app, ev, month);
    redeem(app, annPass, coffee, '5');
    redeem(app, boPass, coffee, '3');
    redeem(app, cyPass, coffee, '5');
    redeem(app, diPass, coffee, '5');
    app.call('passes.refund', { clientId: newId(), passId: evPass, reason: 'Moved away', paymentMethod: 'cash' } as never, app.owner);

    const times = ['2026-06-20T12:00:00.000Z', '2026-07-02T12:00:00.000Z', '2026-07-20T12:00:00.000Z', '2026-08-05T12:00:00.000Z'].map((t) => Date.parse(t));
    const seen = new Set<string>();
    for (const at of times) {
      const code = codeStatuses(app, at);
      expect(sqlStatuses(app, at)).toEqual(code);
      for (const s of code.values()) seen.add(s);
    }
    expect([...seen].sort()).toEqual(['active', 'cancelled', 'ended']);

    // on Jul 20: Ann's and Bo's month passes have ended, Cy's second month is on (the close that the scheduler runs
    // at each boundary has booked Bo's expiry and Cy's second month; it writes no status)
    app.clockControl.set('2026-07-20T12:00:00.000Z');
    const at = Date.parse('2026-07-20T12:00:00.000Z');
    expect(codeStatuses(app, at)).toEqual(new Map([[annPass, 'ended'], [boPass, 'ended'], [cyPass, 'active'], [diPass, 'active'], [evPass, 'cancelled']]));
    app.call('periods.close', { clientId: newId() } as never, app.owner);
    expect(sqlStatuses(app, at)).toEqual(codeStatuses(app, at));
    expect(app.db.prepare("SELECT count(*) AS n FROM pass_status WHERE status = 'ended'").get()).toEqual({ n: 0 });
    const list = app.call('owner.customers', { sort: 'name' }, app.owner).rows;
    const active = Object.fromEntries(list.map((r) => [r.name, r.activePasses]));
    expect(active).toEqual({ 'Ann Usedup': 0, 'Bo Leftover': 0, 'Cy Twomonths': 1, 'Di Forever': 1, 'Ev Cancelled': 0 });
    // used up counts as low on a pass still running (Di's); never on an ended one (Ann's, Bo's)
    expect(app.call('owner.customers', { filter: 'low' }, app.owner).rows.map((r) => r.name).sort()).toEqual(['Di Forever']);
    expect(app.call('reports.lowBalance', {}, app.owner).passes.map((p) => p.passId)).toEqual([diPass]);

    const [head, ...rows] = collect(exportChunks(app.db, 'passes', 'csv', at).chunks).trim().split('\n').map((l) => l.split(','));
    const col = head!.indexOf('pass_status');
    const byPass = new Map(rows.map((r) => [Number(r[0]), r[col]]));
    expect(Object.fromEntries(byPass)).toEqual({ [annPass]: 'ended', [boPass]: 'ended', [cyPass]: 'active', [diPass]: 'active', [evPass]: 'cancelled' });
  });
});

describe('migration 020', () => {
  it('gives the passes of a schema-19 ledger their term ends, worked out as the code does, and every pass sold since', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock('2026-03-30T15:00:00.000Z');
    const old = createApp(file, { clock, migrationsDir: migrationsUpTo(dir, 19), checkOutput: true });
    old.call('shop.setup', { clientId: newId(), name: 'Studio', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Stunde', pin: '2468' });
    const owner = ownerSession(old, '2468');
    const planOf = (spec: Record<string, unknown>) => (old.call('plans.save', { clientId: newId(), credits: '10', price: '90', ...spec } as never, owner) as { id: number }).id;
    const month = planOf({ name: 'Monat', validity: 'month', periods: 3 });
    const days = planOf({ name: '10 Tage', validity: 'days', validityDays: 10 });
    const none = planOf({ name: 'Offen', validity: 'none' });
    const c = (old.call('customers.create', { clientId: newId(), name: 'Jana' } as never) as { id: number }).id;
    for (const planId of [month, days, none]) old.call('passes.sell', { clientId: newId(), customerId: c, planId, paymentMethod: 'card' } as never);
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    apps.push(app as TestApp);
    const o = ownerSession(app, '2468');
    const planId = (app.call('plans.save', { clientId: newId(), name: 'Woche', credits: '3', price: '30', validity: 'week' } as never, o) as { id: number }).id;
    app.call('passes.sell', { clientId: newId(), customerId: c, planId, paymentMethod: 'cash' } as never);
    const ends = new Map((app.db.prepare('SELECT pass_id, ends_at FROM pass_term_ends').all() as { pass_id: number; ends_at: number }[]).map((r) => [r.pass_id, r.ends_at]));
    const passes = app.db.prepare('SELECT * FROM passes ORDER BY id').all() as Parameters<typeof termEnd>[0][] as (Parameters<typeof termEnd>[0] & { id: number; validity: string })[];
    expect(passes).toHaveLength(4);
    for (const p of passes) expect(ends.get(p.id) ?? null).toBe(termEnd(p));
    // the open pass has no end, so no row
    expect(ends.size).toBe(3);
    expect(() => app.db.prepare('UPDATE pass_term_ends SET ends_at = 0').run()).toThrow(/append-only/);
  });
});
