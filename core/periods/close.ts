// Period close: at each boundary every lot that reaches its end follows the pass's snapshotted rollover
// policy, multi-period passes get their next allocation, and expiry recognises breakage.
//
// Rules (DESIGN §3, issue 4):
// - A lot is due when it still holds credits and its expires_at <= the close's as-of instant. Lots are
//   processed per pass in time order (their expiry instants and the pass's allocation boundaries merged),
//   so one late run over three month ends does exactly what three on-time runs would have done: every
//   row it writes carries the boundary instant, not the run's.
// - Rollover applies to the plan's own credits (lots of source sale, allocation, rollover) at a boundary
//   of the pass's period grid. Top-up, promo and adjustment lots expire at their end: they have their own
//   validity and no rollover terms.
//   none: everything left expires. all: everything left rolls. cap: at most N credits and/or P% of the
//   period allocation (both set: the smaller) roll in total per pass per boundary; the rest expires. A lot
//   that has already rolled rollover_max_times times expires; with no limit set a credit rolls once, so rolled
//   credits expire at the end of their R periods instead of rolling on for ever. Fresh credits roll first (fewest rolls, then
//   oldest lot). Percent caps are floored to a millionth of a credit (exact integer arithmetic) so the cap
//   is never exceeded.
// - Rolled credits become a new lot per parent: source rollover, parent recorded, rolled_times + 1, the
//   same cost basis: it carries round(unused × rolled / remaining) of the parent's unrecognised paid value
//   (Rounding.money; all of it when everything rolls) and the rest is breakage, so nothing is lost or made
//   up. It expires R periods after the boundary (rollover_expires_after_periods) or never.
// - Expiry: the unrecognised paid value of what expires moves deferred → revenue:breakage in one balanced
//   journal transaction dated at the boundary.
// - Multi-period plans: at the start of period k (1 ≤ k < periods) a lot of source allocation grants the
//   plan's credits, carrying its share of the price paid at the sale: (sale money − what earlier lots
//   carry) ÷ periods left, floored, the last period taking the remainder. It ends at the end of period k.
// - Idempotent: a lot is closed once (lot_closes, and it holds no credits afterwards), a (pass, period)
//   boundary once (period_closes primary key); everything runs inside one IMMEDIATE transaction.
import type { Db } from '../db/open';
import { Decimal, Rounding } from '../money/decimal';
import { ACCOUNTS, postJournal } from '../journal/journal';
import { EXTENDED_SQL, grantLot, sql, writeEntry } from '../lots/lots';
import { rolledBack } from '../db/statements';
import { validityOf } from '../lots/expiry';
import { nextLocalMidnight, periodOf, periodStart, type Validity } from './calendar';
import { creditsToString } from '../money/decimal';
import { unitLabel } from '../money/format';

export type CloseTrigger = 'auto' | 'owner';

export interface CloseEvent {
  passId: number;
  customerId: number;
  /** the boundary / expiry instant */
  at: number;
  kind: 'rollover' | 'expire' | 'allocation';
  lotId: number;
  /** rollover: the new lot; allocation: the granted lot (= lotId) */
  newLotId: number | null;
  credits: number;
  /** money minor units: carried (rollover), breakage (expire), share of the price (allocation) */
  valueMinor: number;
}

export interface CloseSummary {
  runId: number | null;
  asOf: number;
  passes: number;
  boundaries: number;
  lotsExpired: number;
  lotsRolled: number;
  allocations: number;
  expiredUnits: number;
  rolledUnits: number;
  breakageMinor: number;
  carriedMinor: number;
  events: CloseEvent[];
}

interface PassRow {
  id: number; customer_id: number; plan_id: number; plan_name: string; credit_unit: string; credits_units: number;
  price_minor: number; validity: string; validity_days: number | null; periods: number; rollover_policy: string;
  rollover_cap_units: number | null; rollover_cap_percent_units: number | null; rollover_expires_after_periods: number | null;
  rollover_max_times: number | null; time_zone: string; sold_at: number; status: string | null;
}

interface DueLot {
  id: number; source: string; amount_units: number; paid_minor: number; granted_at: number; expires_at: number;
  rolled_times: number; remaining_units: number; recognized_minor: number; released_minor: number; period_index: number;
}

const ROLLABLE = new Set(['sale', 'allocation', 'rollover']);
const PERCENT_WHOLE = 100_000_000n; // 100% in millionths

/** Credits of a capped rollover per boundary: min(N, ⌊allocation × P%⌋), null = no cap configured. */
export function rolloverCap(p: Pick<PassRow, 'credits_units' | 'rollover_cap_units' | 'rollover_cap_percent_units'>): number {
  const caps: number[] = [];
  if (p.rollover_cap_units !== null) caps.push(p.rollover_cap_units);
  if (p.rollover_cap_percent_units !== null) {
    caps.push(Number((BigInt(p.credits_units) * BigInt(p.rollover_cap_percent_units)) / PERCENT_WHOLE));
  }
  return caps.length === 0 ? 0 : Math.min(...caps);
}

/** The pass terms the rollover rule reads. */
export type RolloverTerms = Pick<PassRow, 'credits_units' | 'rollover_policy' | 'rollover_cap_units' | 'rollover_cap_percent_units' | 'rollover_max_times'>;
/** What the rule needs of a lot that reaches its end. */
/** `extended`: 1 when the owner extended the lot's end (core/corrections/extend.ts): it expires there, whatever the policy. */
export interface EndingLot { id: number; source: string; granted_at: number; rolled_times: number; remaining_units: number; extended?: number }

/**
 * The rollover rule at one lot end: of the lots ending together, which credits roll and which expire. Pure, so
 * the close and the pass view (what the counter says will happen) read the same rule. `endsIndex` is the pass
 * period the end closes (endsIndexAt), null when it is not a boundary of the pass's grid (nothing rolls).
 * Fresh credits roll first (fewest rolls, then the oldest lot); a cap is shared by all of them.
 */
export function splitAtEnd<L extends EndingLot>(p: RolloverTerms, endsIndex: number | null, lots: readonly L[]): { lot: L; rolled: number; expired: number }[] {
  const policy = p.rollover_policy;
  // rolled credits that reach the end of their R periods expire ("rolled credits expire after R periods"):
  // they roll again only while a limit above their rolls allows it; no limit means each credit rolls once
  const canRoll = (l: L) =>
    endsIndex !== null && policy !== 'none' && ROLLABLE.has(l.source) && !l.extended
    && (p.rollover_max_times === null ? l.rolled_times === 0 : l.rolled_times < p.rollover_max_times);
  const order = [...lots].sort((a, b) => (a.rolled_times - b.rolled_times) || (a.granted_at - b.granted_at) || (a.id - b.id));
  let budget = policy === 'cap' ? rolloverCap(p) : Number.POSITIVE_INFINITY;
  return order.map((lot) => {
    const rolled = canRoll(lot) ? Math.min(lot.remaining_units, budget) : 0;
    budget -= rolled;
    return { lot, rolled, expired: lot.remaining_units - rolled };
  });
}

/** The pass period that ends at instant t, or null when t is not a boundary of the pass's period grid. */
export function endsIndexAt(p: Pick<PassRow, 'validity' | 'validity_days' | 'sold_at' | 'time_zone'>, t: number): number | null {
  const v = validityOf(p.validity, p.validity_days);
  if (v === 'none') return null;
  const before = periodOf(t - 1, p.sold_at, v, p.time_zone);
  return before.end === t ? before.index : null;
}

/** Paid value carried by `rolled` of `remaining` credits holding `unused` minor units (exact split). */
export function carriedValue(unused: number, rolled: number, remaining: number): number {
  if (rolled === 0) return 0;
  if (rolled === remaining) return unused;
  return new Decimal(unused).mul(rolled).div(remaining).toDecimalPlaces(0, Rounding.money).toNumber();
}

/** Whether a period close has already ended this lot (it then holds nothing, whatever its dates say). */
export function lotClosed(db: Db, lotId: number): boolean {
  return sql(db, 'SELECT 1 FROM lot_closes WHERE lot_id = ?').get(lotId) !== undefined;
}

function passRow(db: Db, passId: number): PassRow {
  return sql(db, `SELECT p.id, p.customer_id, p.plan_id, p.plan_name, p.credit_unit, p.credits_units, p.price_minor, p.validity,
      p.validity_days, p.periods, p.rollover_policy, p.rollover_cap_units, p.rollover_cap_percent_units,
      p.rollover_expires_after_periods, p.rollover_max_times, p.time_zone, p.sold_at, s.status
      FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id WHERE p.id = ?`).get(passId) as PassRow;
}

/** Passes that may have something due at `asOf`: a lot past its end, or a multi-period pass not fully allocated. */
function candidatePasses(db: Db, asOf: number): number[] {
  const ids = new Set<number>();
  for (const r of sql(db, `SELECT pass_id FROM lot_balances
      WHERE remaining_units > 0 AND expires_at IS NOT NULL AND expires_at + 0 <= ?`).iterate(asOf) as Iterable<{ pass_id: number }>) ids.add(r.pass_id);
  for (const r of sql(db, `SELECT p.id FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id
      WHERE p.periods > 1 AND p.validity <> 'none' AND coalesce(s.status, 'active') = 'active'
        AND (SELECT coalesce(max(period_index), 0) FROM lots WHERE pass_id = p.id AND source IN ('sale', 'allocation')) < p.periods - 1`)
    .iterate() as Iterable<{ id: number }>) ids.add(r.id);
  return [...ids].sort((a, b) => a - b);
}

function lastAllocation(db: Db, passId: number): { index: number; paid: number } {
  const r = sql(db, `SELECT coalesce(max(period_index), 0) AS idx, coalesce(sum(paid_minor), 0) AS paid FROM lots
      WHERE pass_id = ? AND source IN ('sale', 'allocation')`).get(passId) as { idx: number; paid: number };
  return { index: r.idx, paid: r.paid };
}

function saleMoney(db: Db, passId: number, fallback: number): number {
  const r = sql(db, `SELECT count(*) AS n, coalesce(sum(amount_minor), 0) AS m FROM payments WHERE pass_id = ? AND kind = 'sale'`).get(passId) as { n: number; m: number };
  return r.n > 0 ? r.m : fallback;
}

function nextAllocationAt(p: PassRow, v: Validity, lastIndex: number): number {
  if (v === 'none' || (p.status ?? 'active') !== 'active' || lastIndex + 1 >= p.periods) return Number.POSITIVE_INFINITY;
  return periodStart(lastIndex + 1, p.sold_at, v, p.time_zone);
}

function nextLotExpiry(db: Db, passId: number): number {
  const r = sql(db, `SELECT min(expires_at) AS t FROM lot_balances WHERE pass_id = ? AND remaining_units > 0 AND expires_at IS NOT NULL`).get(passId) as { t: number | null };
  return r.t ?? Number.POSITIVE_INFINITY;
}

interface RunState { db: Db; asOf: number; runId: () => number; summary: CloseSummary; collect: boolean }

function closePass(st: RunState, passId: number): void {
  const { db, asOf } = st;
  const p = passRow(db, passId);
  const v = validityOf(p.validity, p.validity_days);
  // a single-period pass is never allocated again: the common case (every redemption checks) skips the query
  const allocates = v !== 'none' && p.periods > 1;
  let alloc = allocates ? lastAllocation(db, passId) : { index: 0, paid: 0 };
  let touched = false;
  for (let guard = 0; guard < 1_000_000; guard += 1) {
    const nextAlloc = allocates ? nextAllocationAt(p, v, alloc.index) : Number.POSITIVE_INFINITY;
    const nextLot = nextLotExpiry(db, passId);
    const t = Math.min(nextAlloc, nextLot);
    if (!(t <= asOf)) break;
    touched = true;
    // is t a boundary of the pass's period grid? then it ends period `endsIndex`
    const endsIndex = endsIndexAt(p, t);
    closeLotsAt(st, p, v, t, endsIndex);
    let allocationLotId: number | null = null;
    if (nextAlloc === t) {
      allocationLotId = grantAllocation(st, p, v, alloc.index + 1, alloc.paid, t);
      alloc = lastAllocation(db, passId);
    }
    if (endsIndex !== null) {
      const r = sql(db, `INSERT INTO period_closes (pass_id, period_index, boundary_at, run_id, allocation_lot_id)
          VALUES (?, ?, ?, ?, ?) ON CONFLICT (pass_id, period_index) DO NOTHING`).run(p.id, endsIndex, t, st.runId(), allocationLotId);
      if (r.changes === 1) st.summary.boundaries += 1;
    }
  }
  if (touched) st.summary.passes += 1;
}

function closeLotsAt(st: RunState, p: PassRow, v: Validity, t: number, endsIndex: number | null): void {
  const { db } = st;
  const lots = sql(db, `SELECT l.id, l.source, l.amount_units, l.paid_minor, l.granted_at, b.expires_at, l.rolled_times, l.period_index,
      b.remaining_units, b.recognized_minor, b.released_minor, ${EXTENDED_SQL} AS extended
      FROM lot_balances b JOIN lots l ON l.id = b.lot_id
      WHERE b.pass_id = ? AND b.remaining_units > 0 AND b.expires_at = ?`).all(p.id, t) as DueLot[];
  if (lots.length === 0) return;
  const rolledExpiry = endsIndex === null || p.rollover_expires_after_periods === null
    ? null
    : periodStart(endsIndex + 1 + p.rollover_expires_after_periods, p.sold_at, v, p.time_zone);
  for (const { lot, rolled, expired } of splitAtEnd(p, endsIndex, lots)) {
    const unused = lot.paid_minor - lot.recognized_minor - lot.released_minor;
    const carried = carriedValue(unused, rolled, lot.remaining_units);
    const breakage = unused - carried;
    // the parent's entries first (out, then what expires), then the new lot: a statement reads in that order
    if (rolled > 0) {
      writeEntry(db, { lotId: lot.id, passId: p.id, kind: 'rollover', credits: -rolled, money: carried, consumedDelta: 0, bucket: 'released', at: t });
    }
    let journalTxId: number | null = null;
    if (expired > 0 || breakage !== 0) {
      journalTxId = postJournal(db, {
        kind: 'expire', passId: p.id, customerId: p.customer_id, at: t,
        memo: `Expired ${creditsToString(expired)} ${unitLabel(creditsToString(expired), p.credit_unit, 'en')} of ${p.plan_name} (lot ${lot.id})`, // the books' words are English
        lines: [
          { account: ACCOUNTS.deferred, amount: breakage, lotId: lot.id },
          { account: ACCOUNTS.breakage, amount: -breakage, lotId: lot.id },
        ],
      });
      writeEntry(db, { lotId: lot.id, passId: p.id, kind: 'expire', credits: -expired, money: breakage, consumedDelta: 0, bucket: 'released', journalTxId, at: t });
      if (expired > 0) {
        st.summary.lotsExpired += 1;
        st.summary.expiredUnits += expired;
      }
      st.summary.breakageMinor += breakage;
      if (st.collect) st.summary.events.push({ passId: p.id, customerId: p.customer_id, at: t, kind: 'expire', lotId: lot.id, newLotId: null, credits: expired, valueMinor: breakage });
    }
    let rolloverLotId: number | null = null;
    if (rolled > 0) {
      rolloverLotId = grantLot(db, {
        passId: p.id, source: 'rollover', planId: p.plan_id, amountUnits: rolled, paidMinor: carried, grantedAt: t,
        expiresAt: rolledExpiry, parentLotId: lot.id, rolledTimes: lot.rolled_times + 1, periodIndex: (endsIndex ?? lot.period_index) + 1,
        reason: `rolled over from lot ${lot.id}`, createdBy: 'periods.close',
      });
      st.summary.lotsRolled += 1;
      st.summary.rolledUnits += rolled;
      st.summary.carriedMinor += carried;
      if (st.collect) st.summary.events.push({ passId: p.id, customerId: p.customer_id, at: t, kind: 'rollover', lotId: lot.id, newLotId: rolloverLotId, credits: rolled, valueMinor: carried });
    }
    sql(db, `INSERT INTO lot_closes (lot_id, pass_id, closed_at, run_id, rolled_units, expired_units, carried_minor, breakage_minor, rollover_lot_id, journal_tx_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(lot.id, p.id, t, st.runId(), rolled, expired, carried, breakage, rolloverLotId, journalTxId);
  }
}

function grantAllocation(st: RunState, p: PassRow, v: Validity, index: number, paidSoFar: number, t: number): number {
  const total = saleMoney(st.db, p.id, p.price_minor * p.periods);
  const left = total - paidSoFar;
  const periodsLeft = p.periods - index;
  const share = periodsLeft <= 1 ? left : Math.floor(left / periodsLeft);
  const lotId = grantLot(st.db, {
    passId: p.id, source: 'allocation', planId: p.plan_id, amountUnits: p.credits_units, paidMinor: share, grantedAt: t,
    expiresAt: periodStart(index + 1, p.sold_at, v, p.time_zone), periodIndex: index,
    reason: `period ${index + 1} of ${p.periods}`, createdBy: 'periods.close',
  });
  st.summary.allocations += 1;
  if (st.collect) st.summary.events.push({ passId: p.id, customerId: p.customer_id, at: t, kind: 'allocation', lotId, newLotId: lotId, credits: p.credits_units, valueMinor: share });
  return lotId;
}

export interface CloseOptions {
  trigger: CloseTrigger;
  /** when the run happens (recorded); defaults to asOf */
  ranAt?: number;
  clientId?: string | null;
  /** keep every event in the summary (preview, tests); default false */
  collect?: boolean;
  /** only these passes */
  passIds?: number[];
}

// Connections whose schema has the period tables. A migrated ledger always has them and a schema never
// loses a table, so each connection asks once rather than on every redemption.
const withLedger = new WeakSet<Db>();
function hasLedger(db: Db): boolean {
  if (withLedger.has(db)) return true;
  const yes = sql(db, "SELECT 1 AS x FROM sqlite_schema WHERE type = 'table' AND name = 'period_closes'").get() !== undefined;
  if (yes) withLedger.add(db);
  return yes;
}

/**
 * Process every boundary and lot end <= asOf. Must run inside a transaction (the dispatcher's, or
 * runDueCloses'). Writes a run row only when something was due.
 */
export function closeDue(db: Db, asOf: number, opts: CloseOptions): CloseSummary {
  const summary: CloseSummary = {
    runId: null, asOf, passes: 0, boundaries: 0, lotsExpired: 0, lotsRolled: 0, allocations: 0,
    expiredUnits: 0, rolledUnits: 0, breakageMinor: 0, carriedMinor: 0, events: [],
  };
  if (!hasLedger(db)) return summary;
  const runId = (): number => {
    if (summary.runId === null) {
      const r = sql(db, 'INSERT INTO period_close_runs (trigger, as_of, ran_at, client_id) VALUES (?, ?, ?, ?)')
        .run(opts.trigger, asOf, opts.ranAt ?? asOf, opts.clientId ?? null);
      summary.runId = Number(r.lastInsertRowid);
    }
    return summary.runId;
  };
  const st: RunState = { db, asOf, runId, summary, collect: opts.collect ?? false };
  const ids = opts.passIds ?? candidatePasses(db, asOf);
  for (const id of ids) closePass(st, id);
  if (opts.trigger === 'owner') runId(); // the owner's run is recorded even when nothing was due
  return summary;
}

/** Close everything due up to `now` in its own IMMEDIATE transaction (start-up, local midnight timer). */
export function runDueCloses(db: Db, now: number): CloseSummary {
  return db.transaction(() => closeDue(db, now, { trigger: 'auto', ranAt: now })).immediate();
}

/** Close what is due for one pass (a write path may call this first so the pass is current). */
export function closeDueForPass(db: Db, passId: number, now: number): CloseSummary {
  return closeDue(db, now, { trigger: 'auto', ranAt: now, passIds: [passId] });
}

/** What a close at `asOf` would do (for some passes only, if given), without writing anything (runs it in a savepoint and rolls it back). */
export function previewCloses(db: Db, asOf: number, passIds?: number[]): CloseSummary {
  return rolledBack(db, () => closeDue(db, asOf, { trigger: 'auto', collect: true, ...(passIds ? { passIds } : {}) }));
}

/**
 * When the next close has work: the earliest lot end or allocation boundary after `now`, and never later
 * than the next local midnight in the shop zone (the host re-arms its timer there anyway).
 */
export function nextCloseAt(db: Db, now: number): number {
  const shop = sql(db, 'SELECT time_zone FROM shop WHERE id = 1').get() as { time_zone: string } | undefined;
  const midnight = shop ? nextLocalMidnight(now, shop.time_zone) : now + 86_400_000;
  if (!hasLedger(db)) return midnight;
  let next = midnight;
  const lot = sql(db, `SELECT min(expires_at + 0) AS t FROM lot_balances WHERE remaining_units > 0 AND expires_at IS NOT NULL AND expires_at + 0 > ?`).get(now) as { t: number | null };
  if (lot.t !== null && lot.t < next) next = lot.t;
  const due = sql(db, `SELECT min(expires_at + 0) AS t FROM lot_balances WHERE remaining_units > 0 AND expires_at IS NOT NULL AND expires_at + 0 <= ?`).get(now) as { t: number | null };
  if (due.t !== null) return now; // something is overdue: close now
  return next;
}
