// Customer statements: per pass, the opening balance, every credit movement in shop-local time (with the
// items of each redemption, the lot it touched, its value), top-ups, rollovers, expiries, the closing
// balance, overage due and the payments taken.
//
// A statement covers [from, to): what happened from `from` up to, not including, `to`, plus the ends of the
// lots whose credits were valid until `to`. Period close writes its entries at the boundary instant t; the
// ones that end a lot there (expiry, rollover out) and the lot a rollover opens belong to the period ending at t,
// like the books date an expiry on its last valid day (core/journal/journal.ts `bookTime`): March's closing holds
// the credits carried into April, as the customer reads "carried over". Everything else at t (the next
// allocation, a redemption at 00:00) belongs to the period starting at t. So March's closing is April's opening
// and no entry is on both. Lots that reached their end but whose close has not run yet show as
// "pending expiry" at the lot's end, so a statement running to now (`to` = now + 1 ms) closes on exactly the
// live balance of passes.get, before and after a close, and a late close rewrites no earlier entry. What a
// close adds at the boundary (a rollover, the next period's allocation) appears once it runs: the scheduler
// runs it at the boundary and at start-up, and every write on a pass runs it for that pass first.
//
// Entries come in pages. A heavy customer has tens of thousands of entries; the header (opening, totals,
// closing, overage due, entry count) is computed by SQLite aggregates over a covering index, and the entries
// are read a page at a time from a cursor, so the cost of a statement is the cost of one page, not of the
// customer's whole history (see migration 005). Entry order is the key (instant, group, sequence):
//   group 0: lot entries (sequence = entry id), 1: entries without a lot: redemptions that touched none
//   (sequence = 2 × redemption id) and the refund of a multi-period pass's periods not granted yet
//   (2 × correction id + 1), 2: pending expiries (lot id).
// A cursor is that key as text, "instant.group.sequence"; a page holds the entries strictly after it.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { creditsToString, moneyToString } from '../money/decimal';
import { localFormatter } from '../periods/calendar';
import { sql } from '../db/statements';
import { requireShop } from '../shop/settings';
import { LOT_KIND_SQL } from '../lots/lots';
import { REFUND_FEE_ACCOUNTS_SQL } from '../journal/journal';
import { movedFrom } from '../corrections/transfer';
import { paymentMethodSql } from '../corrections/paymentMethod';

export type EntryKind =
  | 'sale' | 'brought_over' | 'topup' | 'allocation' | 'rollover_in' | 'promo' | 'adjustment'
  | 'redeem' | 'restore' | 'adjust' | 'refund' | 'expire' | 'rollover_out' | 'expire_pending'
  /** the owner extended the end of credits (core/corrections/extend.ts): no credits or value move */
  | 'extend'
  /** the owner took an extension back (passes.undoExtension): the credits' end moved back, nothing else */
  | 'extend_undo';

export interface StatementItem { name: string; usageUnit: string; quantity: number; rate: number; credits: number; overage: number }

export interface StatementEntry {
  at: number;
  kind: EntryKind;
  lotId: number;
  lotSource: string;
  /** signed credits */
  credits: number;
  /** money that left (+) or returned to (−) deferred revenue for this lot in this entry */
  valueMinor: number;
  balanceAfter: number;
  redemptionId: number | null;
  items: StatementItem[] | null;
  /** overage of the redemption (only on its first lot entry, or an entry of its own if no lot was touched) */
  overageUnits: number;
  overageMinor: number;
  overageSettlement: 'now' | 'account' | null;
  /** why, in the owner's words: the reason of its correction (adjustment, move, void, refund) or of the gift it grants */
  note: string | null;
  /** an extension: the instant its credits now end (a local midnight), and the earliest end it moved */
  extendedTo?: number; extendedFrom?: number;
}

export interface StatementPayment { at: number; kind: string; method: string; amountMinor: number; passId: number }

export interface StatementTotals {
  granted: number; topUps: number; rolledIn: number; rolledOut: number; redeemed: number; restored: number;
  adjusted: number; refunded: number; expired: number; overageUnits: number; overageMinor: number;
}

export interface PassStatement {
  passId: number;
  planName: string;
  creditUnit: string;
  opening: number;
  closing: number;
  /** every entry in the range */
  entryCount: number;
  /** the first page of entries */
  entries: StatementEntry[];
  /** cursor after the last entry of `entries`, null when they are all of them */
  next: string | null;
  totals: StatementTotals;
  overageDueMinor: number;
}

export interface Statement {
  customer: { id: number; name: string; code: string };
  from: number;
  to: number;
  timeZone: string;
  minorDigits: number;
  currency: string;
  passes: PassStatement[];
  payments: StatementPayment[];
  overageDueMinor: number;
}

export const STATEMENT_PAGE = 200;
export const STATEMENT_PAGE_MAX = 2000;

/** Position in a pass's entry order: (instant, group, sequence). */
interface Key { at: number; grp: 0 | 1 | 2; seq: number }
const BEFORE_ALL = -1;
const AFTER_ALL = Number.MAX_SAFE_INTEGER;

export const cursorText = (k: Key): string => `${k.at}.${k.grp}.${k.seq}`;
export const CURSOR_PATTERN = /^(\d{1,16})\.([012])\.(\d{1,16})$/;

function parseCursor(text: string): Key {
  const m = CURSOR_PATTERN.exec(text);
  const key = m ? { at: Number(m[1]), grp: Number(m[2]) as 0 | 1 | 2, seq: Number(m[3]) } : null;
  if (!key || !Number.isSafeInteger(key.at) || !Number.isSafeInteger(key.seq)) {
    throw new PassbookError('VALIDATION', 'after: not a statement cursor (use `next` from the previous page).', { field: 'after' });
  }
  return key;
}

const after = (a: Key, b: Key): boolean => a.at > b.at || (a.at === b.at && (a.grp > b.grp || (a.grp === b.grp && a.seq > b.seq)));

/**
 * Rows of group g that come after cursor k are those with (instant, sequence) > (k.at, bound): the bound is
 * k.seq for g's own group, "before everything" for a later group and "after everything" for an earlier one.
 */
const boundFor = (g: 0 | 1 | 2, k: Key | null): { at: number; seq: number } =>
  k === null ? { at: -1, seq: AFTER_ALL } : { at: k.at, seq: k.grp === g ? k.seq : k.grp < g ? BEFORE_ALL : AFTER_ALL };

interface PassRow { id: number; plan_name: string; credit_unit: string }

interface PendingLot { lot_id: number; remaining_units: number; expires_at: number; source: string; unused: number }

/**
 * When an entry counts on a statement: an entry that ends a lot at t (expire, rollover out), and the grant of the
 * lot a rollover opens at t (checked only at a range's two end instants, by the lot's primary key), counts just before
 * t, every other entry at its instant. Ranges filter on both, so the index's range on the instant still applies.
 */
const ENDS_LOT = "(kind IN ('expire', 'rollover') OR (kind = 'grant' AND EXISTS (SELECT 1 FROM lots rl WHERE rl.id = lot_entries.lot_id AND rl.source = 'rollover')))";
const STATEMENT_TIME = `(occurred_at - (${ENDS_LOT}))`;
// the kind is looked at only at the two end instants, so a long range costs what the instant range costs
const IN_RANGE = `occurred_at >= ? AND occurred_at <= ? AND NOT (occurred_at = ? AND ${ENDS_LOT}) AND NOT (occurred_at = ? AND NOT ${ENDS_LOT})`;
const rangeArgs = (r: { from: number; to: number }): number[] => [r.from, r.to, r.from, r.to];

/** Lots that ended at or before T and still hold credits: their close has not run yet. */
function pendingBefore(db: Db, passId: number, t: number): PendingLot[] {
  return sql(db, `SELECT b.lot_id, b.remaining_units, b.expires_at, l.source, l.paid_minor - b.recognized_minor - b.released_minor AS unused
      FROM lot_balances b JOIN lots l ON l.id = b.lot_id
      WHERE b.pass_id = ? AND b.remaining_units > 0 AND +b.expires_at <= ?
      ORDER BY b.expires_at, b.lot_id`).all(passId, t) as PendingLot[];
}

/** The range of one pass's statement, with what every page of it needs. */
interface PassRange {
  pass: PassRow;
  from: number;
  to: number;
  opening: number;
  /** pending expiries of lots ending in (from, to] (a handful of lots at most) */
  pending: PendingLot[];
  sources: Map<number, string>;
  /** lots a void or undo opened because the credits' own lot had expired: money each carries back to deferred revenue */
  restoredInto: Map<number, number>;
  /** what the grant of a gift, bonus or moved-in lot says (their grants carry no correction of their own) */
  grantNotes: Map<number, string>;
}

function passRange(db: Db, pass: PassRow, from: number, to: number): PassRange {
  const lots = sql(db, `SELECT l.id, ${LOT_KIND_SQL} AS source, l.paid_minor, ${RESTORED_INTO_SQL} AS restored, l.reason, l.created_by,
        (SELECT pl.pass_id FROM lots pl WHERE pl.id = l.parent_lot_id) AS parent_pass,
        CASE WHEN ${RESTORED_INTO_SQL} THEN (${RESTORING_REASON_SQL}) END AS restoring_reason
      FROM lots l WHERE l.pass_id = ?`)
    .all(pass.id) as { id: number; source: string; paid_minor: number; restored: 0 | 1; reason: string | null; created_by: string; parent_pass: number | null; restoring_reason: string | null }[];
  const restoredInto = new Map(lots.filter((l) => l.restored === 1).map((l) => [l.id, l.paid_minor]));
  const grantNotes = new Map<number, string>();
  for (const l of lots) {
    // a restored lot's own reason is the ledger's wording ("lot 7 had expired"); its grant is the void's restore, which
    // carries no correction of its own, so it says the void's reason, as a restore into a live lot does
    if (l.restored === 1) { if (l.restoring_reason !== null) grantNotes.set(l.id, l.restoring_reason); continue; }
    if (l.reason === null || (l.source !== 'promo' && l.source !== 'adjustment')) continue;
    grantNotes.set(l.id, l.created_by === 'passes.transfer' && l.parent_pass !== null ? movedFrom(l.parent_pass, l.reason) : l.reason);
  }
  // such a lot's grant is the void giving credits back, not an owner adjustment
  const sources = new Map(lots.map((l) => [l.id, restoredInto.has(l.id) ? RESTORED : l.source]));
  // pending expiries up to `to`: those of lots ending at or before `from` are in the opening balance, the rest are entries
  const all = pendingBefore(db, pass.id, to);
  const entriesBefore = sql(db, `SELECT coalesce(sum(credits_units), 0) AS n FROM lot_entries WHERE pass_id = ? AND occurred_at <= ? AND ${STATEMENT_TIME} < ?`)
    .get(pass.id, from, from) as { n: number };
  const opening = entriesBefore.n - all.reduce((n, l) => n + (l.expires_at <= from ? l.remaining_units : 0), 0);
  return { pass, from, to, opening, pending: all.filter((l) => l.expires_at > from), sources, restoredInto, grantNotes };
}

/**
 * What an entry moved out of (+) or back into (−) deferred revenue. A restore into a new lot: its grant carries
 * no money of its own, the value it returns is what the lot holds. A rollover moves value from the ending lot
 * to the new one and none out of deferred revenue: 0 (the lot ledger keeps it as released from the parent).
 */
export function deferredValue(kind: string, moneyMinor: number, restoredPaid: number | null): number {
  if (kind === 'grant' && restoredPaid !== null) return -restoredPaid;
  if (kind === 'rollover') return 0;
  return moneyMinor;
}

/** Lots a void or undo opened because the credits' own lot had expired (SQL over `lots l`). */
export const RESTORED_INTO_SQL = "(l.source = 'adjustment' AND l.created_by IN ('counter.undo', 'redemptions.void'))";

/**
 * The reason of the undo or void that opened a restored lot `l` (its credits' own lot `l.parent_lot_id` had ended): the
 * correction of the same pass and instant (and request) whose redemption took from that lot (a lot of the same pass:
 * lot_entries is indexed by pass, not by lot, and a statement must not read the whole shop's entries).
 */
export const RESTORING_REASON_SQL = `SELECT c.reason FROM corrections c WHERE c.pass_id = l.pass_id AND c.kind IN ('undo', 'void')
  AND c.occurred_at = l.granted_at AND c.client_id IS l.client_id
  AND c.redemption_id IN (SELECT e.redemption_id FROM lot_entries e WHERE e.pass_id = l.pass_id AND e.lot_id = l.parent_lot_id AND e.kind = 'redeem') LIMIT 1`;

const RESTORED = 'restored';

const GRANT_KIND: Record<string, EntryKind> = {
  sale: 'sale', brought_over: 'brought_over', topup: 'topup', allocation: 'allocation', rollover: 'rollover_in', promo: 'promo', adjustment: 'adjustment', [RESTORED]: 'restore',
};

/**
 * A lot entry's kind as the statement says it: a refund of some credits writes consumption entries,
 * as an adjustment does, under a 'refund' correction (core/corrections/refundCredits.ts); the customer reads a refund.
 */
const ENTRY_KIND_SQL = `CASE WHEN lot_entries.kind = 'adjust' AND EXISTS (SELECT 1 FROM corrections c WHERE c.id = lot_entries.correction_id AND c.kind = 'refund')
    THEN 'refund' ELSE lot_entries.kind END`;

function entryKind(kind: string, source: string): EntryKind {
  if (kind === 'grant') return GRANT_KIND[source] ?? 'adjustment';
  if (kind === 'rollover') return 'rollover_out';
  return kind as EntryKind;
}

/**
 * Header figures over the whole range by aggregates on the covering index: the count and net of every entry,
 * then the few entries that are not redemptions by kind and lot (the sorter sees only those).
 */
function passTotals(db: Db, r: PassRange): { totals: StatementTotals; closing: number; entryCount: number } {
  const p = r.pass.id;
  const all = sql(db, `SELECT count(*) AS n, coalesce(sum(credits_units), 0) AS net FROM lot_entries
      WHERE pass_id = ? AND ${IN_RANGE}`).get(p, ...rangeArgs(r)) as { n: number; net: number };
  const totals: StatementTotals = {
    granted: 0, topUps: 0, rolledIn: 0, rolledOut: 0, redeemed: 0, restored: 0, adjusted: 0, refunded: 0, expired: 0, overageUnits: 0, overageMinor: 0,
  };
  let others = 0;
  // a refund of some credits takes them as an adjustment does (core/corrections/refundCredits.ts): a refund to the customer
  for (const g of sql(db, `SELECT ${ENTRY_KIND_SQL} AS kind, lot_id, sum(credits_units) AS credits FROM lot_entries
      WHERE pass_id = ? AND ${IN_RANGE} AND kind <> 'redeem' GROUP BY 1, lot_id`).iterate(p, ...rangeArgs(r)) as Iterable<{ kind: string; lot_id: number; credits: number }>) {
    others += g.credits;
    addToTotals(totals, entryKind(g.kind, r.sources.get(g.lot_id) ?? ''), g.credits);
  }
  addToTotals(totals, 'redeem', all.net - others);
  for (const l of r.pending) addToTotals(totals, 'expire_pending', -l.remaining_units);
  const uncovered = sql(db, `SELECT count(*) AS n FROM (${NO_LOT_SQL})`).get(...noLotArgs(p, r)) as { n: number };
  // overage of the range's redemptions, less those undone or voided by its end (their overage was reversed)
  const over = sql(db, `SELECT coalesce(sum(overage_units), 0) AS units, coalesce(sum(overage_minor), 0) AS minor FROM redemptions r
      WHERE r.pass_id = ? AND (r.overage_units <> 0 OR r.overage_minor <> 0) AND r.occurred_at >= ? AND r.occurred_at < ?
        AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.redemption_id = r.id AND c.occurred_at < ?)`)
    .get(p, r.from, r.to, r.to) as { units: number; minor: number };
  totals.overageUnits = over.units;
  totals.overageMinor = over.minor;
  const pendingCredits = r.pending.reduce((s, l) => s + l.remaining_units, 0);
  return { totals, closing: r.opening + all.net - pendingCredits, entryCount: all.n + uncovered.n + r.pending.length };
}

/** Which total an entry's credits count in (signed so that every total reads as a positive amount). */
function addToTotals(t: StatementTotals, kind: EntryKind, credits: number): void {
  switch (kind) {
    case 'sale': case 'brought_over': case 'allocation': case 'promo': t.granted += credits; break;
    case 'topup': t.topUps += credits; break;
    case 'rollover_in': t.rolledIn += credits; break;
    case 'rollover_out': t.rolledOut -= credits; break;
    case 'redeem': t.redeemed -= credits; break;
    case 'restore': t.restored += credits; break;
    case 'adjust': case 'adjustment': t.adjusted += credits; break;
    case 'refund': t.refunded -= credits; break;
    case 'expire': case 'expire_pending': t.expired -= credits; break;
  }
}

/** Credits of the range's entries up to and including cursor k. */
function creditsThrough(db: Db, r: PassRange, k: Key): number {
  const b = boundFor(0, k);
  // (occurred_at, id) <= (k.at, bound): the range's lot entries at k or before
  const e = sql(db, `SELECT coalesce(sum(credits_units), 0) AS n FROM lot_entries
      WHERE pass_id = ? AND ${IN_RANGE} AND (occurred_at, id) <= (?, ?)`).get(r.pass.id, ...rangeArgs(r), b.at, b.seq) as { n: number };
  let pending = 0;
  for (const l of r.pending) if (!after({ at: l.expires_at, grp: 2, seq: l.lot_id }, k)) pending += l.remaining_units;
  return e.n - pending;
}

/**
 * The refunds of a multi-period pass's periods not granted yet: a refund's deferred-revenue line with no lot
 * (core/corrections/refund.ts posts it with lotId null). It has no lot entry, so statements and the entries CSV
 * both list it as an entry of its own, from this one rule. Columns: correction_id, pass_id, at, journal_tx_id and
 * value (what left deferred revenue: the line's amount).
 */
export const UNGRANTED_REFUNDS_SQL = `SELECT c.id AS correction_id, c.pass_id, c.occurred_at AS at, c.journal_tx_id, l.amount_minor AS value
    FROM corrections c
    JOIN journal_lines l ON l.tx_id = c.journal_tx_id AND l.lot_id IS NULL AND l.account = 'liabilities:deferred-revenue'
    WHERE c.kind = 'refund' AND l.amount_minor <> 0`;

/**
 * Entries without a lot entry, in [from, to) (parameters: pass, from, to, three times): redemptions that touched no
 * lot, the refund of a multi-period pass's periods not granted yet (the refund's deferred-revenue line with no lot),
 * and the owner's extensions of credits' ends (one per request: its rows share the pass and instant). Their sequence
 * keeps the three kinds apart in one order: 3 × redemption id, 3 × correction id + 1, 3 × first extension row id + 2.
 */
const NO_LOT_SQL = `SELECT occurred_at AS at, 3 * id AS id, 0 AS value FROM redemptions
    WHERE pass_id = ? AND covered_units = 0 AND occurred_at >= ? AND occurred_at < ?
  UNION ALL
  SELECT at, 3 * correction_id + 1, value FROM (${UNGRANTED_REFUNDS_SQL}) WHERE pass_id = ? AND at >= ? AND at < ?
  UNION ALL
  SELECT occurred_at, 3 * min(id) + 2, 0 FROM lot_extensions WHERE pass_id = ? AND occurred_at >= ? AND occurred_at < ? GROUP BY occurred_at, client_id, undoes IS NULL`;
const noLotArgs = (p: number, r: { from: number; to: number }) => [p, r.from, r.to, p, r.from, r.to, p, r.from, r.to];
interface NoLotRow { at: number; id: number; value: number }

interface LotEntryRow {
  at: number; id: number; kind: string; lot_id: number; credits_units: number; money_minor: number; redemption_id: number | null; correction_id: number | null;
}
interface RedemptionInfo { overage_units: number; overage_minor: number; overage_settlement: 'now' | 'account' | null }

/** One page of a pass's entries after cursor k (null: from the start), with running balances. */
function passPage(db: Db, r: PassRange, k: Key | null, limit: number): { entries: StatementEntry[]; next: string | null } {
  const p = r.pass.id;
  const b0 = boundFor(0, k);
  const lotRows = sql(db, `SELECT occurred_at AS at, id, kind, lot_id, credits_units, money_minor, redemption_id, correction_id FROM lot_entries
      WHERE pass_id = ? AND ${IN_RANGE} AND (occurred_at, id) > (?, ?)
      ORDER BY occurred_at, id LIMIT ?`).all(p, ...rangeArgs(r), b0.at, b0.seq, limit + 1) as LotEntryRow[];
  const b1 = boundFor(1, k);
  const bare = sql(db, `SELECT * FROM (${NO_LOT_SQL}) WHERE (at, id) > (?, ?) ORDER BY at, id LIMIT ?`)
    .all(...noLotArgs(p, r), b1.at, b1.seq, limit + 1) as NoLotRow[];
  const pend = r.pending.filter((l) => k === null || after({ at: l.expires_at, grp: 2, seq: l.lot_id }, k));

  // merge the three ordered lists, up to limit + 1 (the extra one says whether there is a next page)
  type Pick = { key: Key; row: LotEntryRow | NoLotRow | PendingLot };
  const picks: Pick[] = [];
  let i = 0; let j = 0; let m = 0;
  while (picks.length <= limit) {
    const c: Pick[] = [];
    if (i < lotRows.length) c.push({ key: { at: lotRows[i]!.at, grp: 0, seq: lotRows[i]!.id }, row: lotRows[i]! });
    if (j < bare.length) c.push({ key: { at: bare[j]!.at, grp: 1, seq: bare[j]!.id }, row: bare[j]! });
    if (m < pend.length) c.push({ key: { at: pend[m]!.expires_at, grp: 2, seq: pend[m]!.lot_id }, row: pend[m]! });
    if (c.length === 0) break;
    let best = c[0]!;
    for (const x of c) if (after(best.key, x.key)) best = x;
    picks.push(best);
    if (best.key.grp === 0) i += 1; else if (best.key.grp === 1) j += 1; else m += 1;
  }
  const more = picks.length > limit;
  if (more) picks.length = limit;

  // a redemption's items and overage go on its first lot entry (or on its own entry when it touched no lot).
  // Its lot entries are written together, so they are consecutive in entry order: an entry is the first
  // unless the entry before it belongs to the same redemption (for the page's first row, ask the ledger).
  const firstOfPage = lotRows[0];
  let prevRedemption: number | null = null;
  if (firstOfPage?.kind === 'redeem' && k !== null) {
    // its entries share the pass and instant (lot_entries_pass)
    const earlier = sql(db, `SELECT 1 AS one FROM lot_entries WHERE pass_id = ? AND occurred_at = ? AND id < ? AND redemption_id = ? AND kind = 'redeem' LIMIT 1`)
      .get(p, firstOfPage.at, firstOfPage.id, firstOfPage.redemption_id);
    if (earlier) prevRedemption = firstOfPage.redemption_id;
  }
  const redeemIds: number[] = [];
  const first = new Set<LotEntryRow>();
  for (const x of picks) {
    if (x.key.grp === 1) { if (x.key.seq % 3 === 0) redeemIds.push(x.key.seq / 3); continue; }
    if (x.key.grp !== 0) { prevRedemption = null; continue; }
    const row = x.row as LotEntryRow;
    if (row.kind === 'redeem' && row.redemption_id !== prevRedemption) { first.add(row); redeemIds.push(row.redemption_id!); }
    prevRedemption = row.kind === 'redeem' ? row.redemption_id : null;
  }
  const info = new Map<number, RedemptionInfo & { items: StatementItem[] }>();
  for (const l of sql(db, `SELECT r.id, r.overage_units AS r_overage_units, r.overage_minor, r.overage_settlement,
        rl.item_name, rl.usage_unit, rl.quantity_units, rl.rate_units, rl.credits_units, rl.overage_units
      FROM redemptions r JOIN redemption_lines rl ON rl.redemption_id = r.id
      WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY r.id, rl.line_no`).iterate(JSON.stringify(redeemIds)) as Iterable<{
      id: number; r_overage_units: number; overage_minor: number; overage_settlement: 'now' | 'account' | null;
      item_name: string; usage_unit: string; quantity_units: number; rate_units: number; credits_units: number; overage_units: number }>) {
    let red = info.get(l.id);
    if (!red) {
      red = { overage_units: l.r_overage_units, overage_minor: l.overage_minor, overage_settlement: l.overage_settlement, items: [] };
      info.set(l.id, red);
    }
    red.items.push({ name: l.item_name, usageUnit: l.usage_unit, quantity: l.quantity_units, rate: l.rate_units, credits: l.credits_units, overage: l.overage_units });
  }

  // the owner's reasons for the page's corrections (a void, an adjustment, a move, a refund)
  // (a refund's money of periods not granted yet is keyed 3 × its correction id + 1: NO_LOT_SQL)
  const correctionOf = (x: { key: Key; row: unknown }): number | null => x.key.grp === 0 ? (x.row as LotEntryRow).correction_id
    : x.key.grp === 1 && x.key.seq % 3 === 1 ? (x.key.seq - 1) / 3 : null;
  // an extension's new end, the earliest end it moved and the owner's reason (its rows: the pass and instant of its first)
  // (or one taken back, f.undoes set: the soonest end its lots went back to, and the end the extension had given them)
  const extension = sql(db, `SELECT f.undoes IS NOT NULL AS undo,
        CASE WHEN f.undoes IS NULL THEN max(x.expires_at) ELSE min(x.expires_at) END AS until,
        CASE WHEN f.undoes IS NULL THEN min(x.previous_expires_at) ELSE max(x.previous_expires_at) END AS was, max(x.reason) AS reason
      FROM lot_extensions f JOIN lot_extensions x ON x.pass_id = f.pass_id AND x.occurred_at = f.occurred_at AND x.client_id IS f.client_id AND (x.undoes IS NULL) = (f.undoes IS NULL)
      WHERE f.id = ?`);
  const correctionIds = picks.map(correctionOf).filter((id): id is number => id !== null);
  const reasons = new Map<number, string | null>();
  const refunds = new Set<number>(); // a refund's consumption entries are a refund (ENTRY_KIND_SQL)
  if (correctionIds.length > 0) {
    for (const c of sql(db, 'SELECT id, reason, kind FROM corrections WHERE id IN (SELECT value FROM json_each(?))').iterate(JSON.stringify(correctionIds)) as Iterable<{ id: number; reason: string | null; kind: string }>) {
      reasons.set(c.id, c.reason);
      if (c.kind === 'refund') refunds.add(c.id);
    }
  }

  let bal = r.opening + (k === null ? 0 : creditsThrough(db, r, k));
  const entries: StatementEntry[] = [];
  for (const x of picks) {
    let e: StatementEntry;
    if (x.key.grp === 0) {
      const row = x.row as LotEntryRow;
      const source = r.sources.get(row.lot_id) ?? '';
      const red = first.has(row) ? info.get(row.redemption_id!) : undefined;
      e = {
        at: row.at, kind: row.kind === 'adjust' && row.correction_id !== null && refunds.has(row.correction_id) ? 'refund' : entryKind(row.kind, source), lotId: row.lot_id, lotSource: source, credits: row.credits_units,
        valueMinor: deferredValue(row.kind, row.money_minor, r.restoredInto.get(row.lot_id) ?? null),
        balanceAfter: 0, redemptionId: row.redemption_id, items: first.has(row) ? red?.items ?? [] : null,
        overageUnits: red?.overage_units ?? 0, overageMinor: red?.overage_minor ?? 0, overageSettlement: red?.overage_settlement ?? null,
        note: (row.correction_id !== null ? reasons.get(row.correction_id) : null) ?? (row.kind === 'grant' ? r.grantNotes.get(row.lot_id) : null) ?? null,
      };
    } else if (x.key.grp === 1 && x.key.seq % 3 === 2) {
      const ext = extension.get((x.key.seq - 2) / 3) as { undo: number; until: number; was: number; reason: string };
      e = {
        at: x.key.at, kind: ext.undo ? 'extend_undo' : 'extend', lotId: 0, lotSource: '', credits: 0, valueMinor: 0, balanceAfter: 0, redemptionId: null,
        items: null, overageUnits: 0, overageMinor: 0, overageSettlement: null, note: ext.reason, extendedTo: ext.until, extendedFrom: ext.was,
      };
    } else if (x.key.grp === 1 && x.key.seq % 3 === 1) {
      // the money of periods not granted yet, paid back by a refund: it leaves deferred revenue with no lot
      e = {
        at: x.key.at, kind: 'refund', lotId: 0, lotSource: '', credits: 0, valueMinor: (x.row as NoLotRow).value, balanceAfter: 0, redemptionId: null,
        items: null, overageUnits: 0, overageMinor: 0, overageSettlement: null, note: reasons.get(correctionOf(x)!) ?? null,
      };
    } else if (x.key.grp === 1) {
      const id = x.key.seq / 3;
      const red = info.get(id);
      e = {
        at: x.key.at, kind: 'redeem', lotId: 0, lotSource: '', credits: 0, valueMinor: 0, balanceAfter: 0, redemptionId: id,
        items: red?.items ?? [], overageUnits: red?.overage_units ?? 0, overageMinor: red?.overage_minor ?? 0, overageSettlement: red?.overage_settlement ?? null, note: null,
      };
    } else {
      const l = x.row as PendingLot;
      e = {
        at: l.expires_at, kind: 'expire_pending', lotId: l.lot_id, lotSource: l.source, credits: -l.remaining_units, valueMinor: l.unused,
        balanceAfter: 0, redemptionId: null, items: null, overageUnits: 0, overageMinor: 0, overageSettlement: null, note: null,
      };
    }
    bal += e.credits;
    e.balanceAfter = bal;
    entries.push(e);
  }
  return { entries, next: more ? cursorText(picks[picks.length - 1]!.key) : null };
}

function customerOf(db: Db, customerId: number): Statement['customer'] {
  const customer = sql(db, 'SELECT id, name, code FROM customers WHERE id = ?').get(customerId) as Statement['customer'] | undefined;
  if (!customer) throw new PassbookError('NOT_FOUND', `There is no customer ${customerId}.`, { customerId });
  return customer;
}

function checkRange(q: { from: number; to: number }): void {
  if (q.to < q.from) throw new PassbookError('VALIDATION', 'to: must not be before from.', { field: 'to' });
}

export interface StatementQuery { customerId: number; passId?: number | undefined; from: number; to: number; limit?: number | undefined }

/** The statement's header for every pass, with the first page of each pass's entries. */
export function buildStatement(db: Db, q: StatementQuery): Statement {
  const shop = requireShop(db);
  const customer = customerOf(db, q.customerId);
  checkRange(q);
  const limit = q.limit ?? STATEMENT_PAGE;
  const passes = (q.passId === undefined
    ? sql(db, 'SELECT id, plan_name, credit_unit FROM passes WHERE customer_id = ? AND sold_at < ? ORDER BY sold_at, id').all(customer.id, q.to)
    : sql(db, 'SELECT id, plan_name, credit_unit FROM passes WHERE customer_id = ? AND id = ?').all(customer.id, q.passId)) as PassRow[];
  if (q.passId !== undefined && passes.length === 0) {
    throw new PassbookError('NOT_FOUND', `Pass ${q.passId} does not belong to this customer.`, { passId: q.passId });
  }
  const out: PassStatement[] = passes.map((p) => {
    const r = passRange(db, p, q.from, q.to);
    const { totals, closing, entryCount } = passTotals(db, r);
    const page = passPage(db, r, null, limit);
    return {
      passId: p.id, planName: p.plan_name, creditUnit: p.credit_unit, opening: r.opening, closing, entryCount,
      entries: page.entries, next: page.next, totals, overageDueMinor: overageDue(db, p.id, q.to),
    };
  });
  // payments by pass (payments_pass index): a customer's few passes, never a scan of the shop's payments
  // each with its way as the owner may have corrected it (core/corrections/paymentMethod.ts)
  const payStmt = sql(db, `SELECT y.occurred_at AS at, y.kind, ${paymentMethodSql('y')} AS method, y.amount_minor AS amountMinor, y.pass_id AS passId, y.id FROM payments y
      WHERE y.pass_id = ? AND y.occurred_at >= ? AND y.occurred_at < ?`);
  // a refund that paid overage owed on account: no money crossed the counter for that part (no method), but the
  // customer sees what paid the account (the refund's receivable line), after the payments of its instant
  const fromRefund = sql(db, `SELECT c.occurred_at AS at, 'refund_settlement' AS kind, '' AS method, -l.amount_minor AS amountMinor,
        c.pass_id AS passId, ${2 ** 52} + c.id AS id
      FROM corrections c JOIN journal_lines l ON l.tx_id = c.journal_tx_id AND l.account = 'assets:receivable:overage'
      WHERE c.pass_id = ? AND c.kind = 'refund' AND c.occurred_at >= ? AND c.occurred_at < ? AND l.amount_minor <> 0`);
  // a cancellation fee kept from a refund (its fee lines, one per lot it came from): what the customer's unused
  // value paid, not handed back; no money crossed the counter for it (no method)
  const feeOfRefund = sql(db, `SELECT c.occurred_at AS at, 'refund_fee' AS kind, '' AS method, -sum(l.amount_minor) AS amountMinor,
        c.pass_id AS passId, ${2 ** 52} + ${2 ** 40} + c.id AS id
      FROM corrections c JOIN journal_lines l ON l.tx_id = c.journal_tx_id AND l.account IN ${REFUND_FEE_ACCOUNTS_SQL}
      WHERE c.pass_id = ? AND c.kind = 'refund' AND c.occurred_at >= ? AND c.occurred_at < ?
      GROUP BY c.id HAVING sum(l.amount_minor) <> 0`);
  const payments = passes
    .flatMap((p) => [...payStmt.all(p.id, q.from, q.to), ...fromRefund.all(p.id, q.from, q.to), ...feeOfRefund.all(p.id, q.from, q.to)] as (StatementPayment & { id: number })[])
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map(({ id: _id, ...rest }) => rest);
  return {
    customer, from: q.from, to: q.to, timeZone: shop.time_zone, minorDigits: shop.minor_digits, currency: shop.currency,
    passes: out, payments, overageDueMinor: out.reduce((s, p) => s + p.overageDueMinor, 0),
  };
}

function overageDue(db: Db, passId: number, to: number): number {
  return (sql(db, `SELECT coalesce(sum(l.amount_minor), 0) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE l.pass_id = ? AND l.account = 'assets:receivable:overage' AND t.occurred_at < ?`).get(passId, to) as { n: number }).n;
}

export interface EntriesQuery { customerId: number; passId: number; from: number; to: number; after: string; limit?: number | undefined }

/** The next page of one pass's entries, after the cursor a previous page returned. */
export function statementEntries(db: Db, q: EntriesQuery): { passId: number; entries: StatementEntry[]; next: string | null } {
  customerOf(db, q.customerId);
  checkRange(q);
  const p = sql(db, 'SELECT id, plan_name, credit_unit FROM passes WHERE customer_id = ? AND id = ?').get(q.customerId, q.passId) as PassRow | undefined;
  if (!p) throw new PassbookError('NOT_FOUND', `Pass ${q.passId} does not belong to this customer.`, { passId: q.passId });
  const page = passPage(db, passRange(db, p, q.from, q.to), parseCursor(q.after), q.limit ?? STATEMENT_PAGE);
  return { passId: p.id, ...page };
}

/** Every entry of one pass's statement, page by page (exports, tests): never the whole list in memory. */
export function* allEntries(db: Db, s: Statement, p: PassStatement, pageSize = STATEMENT_PAGE_MAX): Generator<StatementEntry> {
  yield* p.entries;
  let next = p.next;
  while (next !== null) {
    const page = statementEntries(db, { customerId: s.customer.id, passId: p.passId, from: s.from, to: s.to, after: next, limit: pageSize });
    yield* page.entries;
    next = page.next;
  }
}

/** Entries in wire form. */
export function entriesView(entries: readonly StatementEntry[], timeZone: string, minorDigits: number) {
  const m = (n: number) => moneyToString(n, minorDigits);
  const c = creditsToString;
  const fmt = localFormatter(timeZone);
  return entries.map((e) => ({
    at: new Date(e.at).toISOString(), localTime: fmt.dateTime(e.at), kind: e.kind, lotId: e.lotId === 0 ? null : e.lotId,
    credits: c(e.credits), value: m(e.valueMinor), balanceAfter: c(e.balanceAfter), redemptionId: e.redemptionId,
    items: e.items === null ? null : e.items.map((i) => ({ name: i.name, usageUnit: i.usageUnit, quantity: c(i.quantity), rate: c(i.rate), credits: c(i.credits), overage: c(i.overage) })),
    overage: e.overageUnits > 0 || e.overageMinor !== 0 ? { credits: c(e.overageUnits), amount: m(e.overageMinor), settlement: e.overageSettlement } : null,
    note: e.note,
    ...(e.extendedTo !== undefined ? { extendedTo: new Date(e.extendedTo).toISOString(), extendedFrom: new Date(e.extendedFrom!).toISOString() } : {}),
  }));
}

/** The statement in wire form: decimal strings, ISO instants and shop-local times. */
export function statementView(s: Statement) {
  const m = (n: number) => moneyToString(n, s.minorDigits);
  const c = creditsToString;
  const fmt = localFormatter(s.timeZone);
  return {
    customer: s.customer,
    from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString(), timeZone: s.timeZone, currency: s.currency,
    passes: s.passes.map((p) => ({
      passId: p.passId, planName: p.planName, creditUnit: p.creditUnit,
      opening: c(p.opening), closing: c(p.closing), overageDue: m(p.overageDueMinor),
      totals: {
        granted: c(p.totals.granted), topUps: c(p.totals.topUps), rolledIn: c(p.totals.rolledIn), rolledOut: c(p.totals.rolledOut),
        redeemed: c(p.totals.redeemed), restored: c(p.totals.restored), adjusted: c(p.totals.adjusted), refunded: c(p.totals.refunded),
        expired: c(p.totals.expired), overageCredits: c(p.totals.overageUnits), overageAmount: m(p.totals.overageMinor),
      },
      entryCount: p.entryCount,
      entries: entriesView(p.entries, s.timeZone, s.minorDigits),
      next: p.next,
    })),
    payments: s.payments.map((p) => ({ at: new Date(p.at).toISOString(), localTime: fmt.dateTime(p.at), kind: p.kind, method: p.method, amount: m(p.amountMinor), passId: p.passId })),
    overageDue: m(s.overageDueMinor),
  };
}
