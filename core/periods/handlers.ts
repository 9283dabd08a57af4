// Handlers for core/contract/periods.ts.
import type { Handlers } from '../api/context';
import type { Db } from '../db/open';
import { sql } from '../db/statements';
import { PassbookError } from '../errors';
import { creditsToString, moneyToString } from '../money/decimal';
import { booksBegin, requireShop } from '../shop/settings';
import { closeDue, previewCloses, type CloseEvent, type CloseSummary } from './close';
import { startOfLocalDate } from './calendar';
import { FIRST_YEAR, inYears, LAST_YEAR } from '../contract/reports';

const iso = (ms: number) => new Date(ms).toISOString();
const PREVIEW_HORIZON_MS = 2 * 366 * 86_400_000;

/**
 * An instant from the API: a date and time WITH its offset (Z or ±hh:mm), never read in this computer's zone,
 * and a real calendar date (no 31 April rolling over into May). A bare date means the start of that day in the
 * shop's zone (`timeZone`), as an owner typing "2026-03-01" means: not 19:00 the evening before in New York.
 * A bare day lies in the years a shop's books can hold (as every day and month in reports): a typed 0026-03-01
 * would otherwise be a day in year 26 whose local midnight some zones put seconds off.
 */
export function parseInstant(s: string, field: string, timeZone: string): number {
  const bad = () => new PassbookError('VALIDATION', `${field}: must be an ISO 8601 instant with its offset, such as "2026-04-01T04:00:00Z", or a day such as "2026-04-01" (its start in the shop's time zone)`, { field });
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(s);
  if (!m) throw bad();
  if (m[4] === undefined && !inYears(s)) {
    throw new PassbookError('VALIDATION', `${field}: a day must be in a year from ${FIRST_YEAR} to ${LAST_YEAR}`, { field });
  }
  const [, y, mo, d, h = '00', mi = '00', sec = '00'] = m;
  // the fields must name a real date and time (Date.parse would roll 2026-02-30 over into March)
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)));
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)
    || check.getUTCHours() !== Number(h) || check.getUTCMinutes() !== Number(mi) || check.getUTCSeconds() !== Number(sec)) throw bad();
  const t = m[4] === undefined ? startOfLocalDate(`${y}-${mo}-${d}`, timeZone) : Date.parse(s);
  if (!Number.isFinite(t)) throw bad();
  return t;
}

function totals(s: Pick<CloseSummary, 'passes' | 'boundaries' | 'lotsRolled' | 'lotsExpired' | 'allocations' | 'carriedMinor' | 'breakageMinor'>, digits: number) {
  return {
    passes: s.passes, boundaries: s.boundaries, lotsRolled: s.lotsRolled, lotsExpired: s.lotsExpired, allocations: s.allocations,
    carried: moneyToString(s.carriedMinor, digits), breakage: moneyToString(s.breakageMinor, digits),
  };
}

interface PassAgg {
  passId: number; customerId: number; planName: string; creditUnit: string;
  roll: number; rollValue: number; expire: number; expireValue: number; allocate: number; events: CloseEvent[];
}
interface CustomerAgg { customerId: number; customerName: string; customerCode: string; rollValue: number; expireValue: number; passes: PassAgg[] }

function groupPreview(db: Db, events: CloseEvent[], digits: number) {
  const closedAgain = new Set(events.filter((e) => e.kind !== 'allocation').map((e) => e.lotId));
  let lotsRolled = 0;
  let carriedMinor = 0;
  const passes = new Map<number, PassAgg>();
  const passInfo = db.prepare('SELECT plan_name, credit_unit FROM passes WHERE id = ?');
  for (const e of events) {
    let p = passes.get(e.passId);
    if (!p) {
      const info = passInfo.get(e.passId) as { plan_name: string; credit_unit: string };
      p = { passId: e.passId, customerId: e.customerId, planName: info.plan_name, creditUnit: info.credit_unit, roll: 0, rollValue: 0, expire: 0, expireValue: 0, allocate: 0, events: [] };
      passes.set(e.passId, p);
    }
    if (e.kind === 'rollover' && !closedAgain.has(e.newLotId ?? -1)) {
      p.roll += e.credits; p.rollValue += e.valueMinor;
      lotsRolled += 1; carriedMinor += e.valueMinor;
    }
    if (e.kind === 'expire') { p.expire += e.credits; p.expireValue += e.valueMinor; }
    if (e.kind === 'allocation') p.allocate += e.credits;
    p.events.push(e);
  }
  const customerName = db.prepare('SELECT name, code FROM customers WHERE id = ?');
  const customers = new Map<number, CustomerAgg>();
  for (const pass of passes.values()) {
    let c = customers.get(pass.customerId);
    if (!c) {
      const row = customerName.get(pass.customerId) as { name: string; code: string } | undefined;
      c = { customerId: pass.customerId, customerName: row?.name ?? '', customerCode: row?.code ?? '', rollValue: 0, expireValue: 0, passes: [] };
      customers.set(pass.customerId, c);
    }
    c.rollValue += pass.rollValue;
    c.expireValue += pass.expireValue;
    c.passes.push(pass);
  }
  const list = [...customers.values()]
    .sort((a, b) => a.customerName.localeCompare(b.customerName) || a.customerId - b.customerId)
    .map((c) => ({
      customerId: c.customerId, customerName: c.customerName, customerCode: c.customerCode,
      rollValue: moneyToString(c.rollValue, digits), expireValue: moneyToString(c.expireValue, digits),
      passes: c.passes.map((x) => ({
        passId: x.passId, planName: x.planName, creditUnit: x.creditUnit,
        roll: creditsToString(x.roll), rollValue: moneyToString(x.rollValue, digits),
        expire: creditsToString(x.expire), expireValue: moneyToString(x.expireValue, digits),
        allocate: creditsToString(x.allocate),
        events: x.events.map((e) => ({
          at: iso(e.at), kind: e.kind, lotId: e.lotId, newLotId: e.newLotId, credits: creditsToString(e.credits), value: moneyToString(e.valueMinor, digits),
        })),
      })),
    }));
  return { customers: list, lotsRolled, carriedMinor };
}

/**
 * What one close run did to lots. A rollover whose new lot the same run closed again (a pass whose months were
 * not closed on time: rolled on 1 February, expired on 1 March) is a step on the way: not counted as rolled or
 * carried, as the preview does not count it; its expiry is in the breakage.
 */
function runLots(db: Db, runId: number): { lotsRolled: number; lotsExpired: number; carriedMinor: number; breakageMinor: number } {
  return sql(db, `SELECT coalesce(sum(rolled_units > 0 AND NOT again), 0) AS lotsRolled, coalesce(sum(expired_units > 0), 0) AS lotsExpired,
      coalesce(sum(CASE WHEN again THEN 0 ELSE carried_minor END), 0) AS carriedMinor, coalesce(sum(breakage_minor), 0) AS breakageMinor
    FROM (SELECT lc.*, (lc.rollover_lot_id IS NOT NULL AND EXISTS (SELECT 1 FROM lot_closes x WHERE x.lot_id = lc.rollover_lot_id AND x.run_id = lc.run_id)) AS again
          FROM lot_closes lc WHERE lc.run_id = ?)`).get(runId) as { lotsRolled: number; lotsExpired: number; carriedMinor: number; breakageMinor: number };
}

interface RunRow { id: number; trigger: 'auto' | 'owner'; as_of: number; ran_at: number }

export const periodsHandlers: Handlers<'periods.preview' | 'periods.close' | 'periods.history'> = {
  'periods.preview': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const digits = shop.minor_digits;
    const asOf = parseInstant(input.asOf, 'asOf', shop.time_zone);
    if (asOf > ctx.nowMs + PREVIEW_HORIZON_MS) throw new PassbookError('VALIDATION', 'asOf: a preview looks at most two years ahead.', { field: 'asOf' });
    const s = previewCloses(ctx.db, asOf);
    const g = groupPreview(ctx.db, s.events, digits);
    // what carries over past asOf: a rollover whose new lot is closed again before asOf (a pass whose earlier
    // months were not closed yet) is a step on the way, not credits carried
    return { asOf: iso(asOf), totals: totals({ ...s, lotsRolled: g.lotsRolled, carriedMinor: g.carriedMinor }, digits), customers: g.customers };
  },

  'periods.close': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const digits = shop.minor_digits;
    const asOf = input.asOf === undefined ? ctx.nowMs : parseInstant(input.asOf, 'asOf', shop.time_zone);
    if (asOf > ctx.nowMs) throw new PassbookError('VALIDATION', 'asOf: a close cannot run ahead of now; use periods.preview for a future date.', { field: 'asOf' });
    // a close before the books begin has nothing to close, and its record would sit in the history for good
    if (asOf < booksBegin(ctx.db, shop)) throw new PassbookError('VALIDATION', `asOf: before the shop's books begin (${iso(booksBegin(ctx.db, shop))}).`, { field: 'asOf' });
    const s = closeDue(ctx.db, asOf, { trigger: 'owner', ranAt: ctx.nowMs, clientId: ctx.clientId ?? null });
    // what the preview promised: rollovers closed again within this run are steps on the way, not carried
    const net = s.runId === null ? { lotsRolled: s.lotsRolled, carriedMinor: s.carriedMinor } : runLots(ctx.db, s.runId);
    return { runId: s.runId, asOf: iso(asOf), totals: totals({ ...s, lotsRolled: net.lotsRolled, carriedMinor: net.carriedMinor }, digits) };
  },

  'periods.history': (ctx, input) => {
    const digits = requireShop(ctx.db).minor_digits;
    const runs = ctx.db.prepare('SELECT id, trigger, as_of, ran_at FROM period_close_runs ORDER BY id DESC LIMIT ?').all(input.limit ?? 50) as RunRow[];
    const perAgg = ctx.db.prepare(`SELECT count(*) AS boundaries, count(allocation_lot_id) AS allocations FROM period_closes WHERE run_id = ?`);
    // a pass may appear in one table, the other or both: count the union, as the close itself does
    const passAgg = ctx.db.prepare(`SELECT count(*) AS passes FROM (SELECT pass_id FROM lot_closes WHERE run_id = @run UNION SELECT pass_id FROM period_closes WHERE run_id = @run)`);
    return {
      runs: runs.map((r) => {
        const l = runLots(ctx.db, r.id);
        const p = perAgg.get(r.id) as { boundaries: number; allocations: number };
        const n = passAgg.get({ run: r.id }) as { passes: number };
        return {
          runId: r.id, trigger: r.trigger, asOf: iso(r.as_of), ranAt: iso(r.ran_at),
          ...totals({ passes: n.passes, boundaries: p.boundaries, lotsRolled: l.lotsRolled, lotsExpired: l.lotsExpired, allocations: p.allocations, carriedMinor: l.carriedMinor, breakageMinor: l.breakageMinor }, digits),
        };
      }),
    };
  },
};
