// Lots (credit grants) and their entries. A lot row never changes; every movement of its credits is a
// lot_entries row, and lot_balances (a projection) is updated in the same transaction.
//
// Revenue from consumption uses cumulative rounding on the lot's PAID value:
//   money for an entry = round(paid × consumedAfter / amount) − recognisedBefore   (Rounding.money)
// so once a lot is used up the money recognised from it is exactly what was paid for it.
import type { Db } from '../db/open';
import { creditsToString, Decimal, MAX_CREDIT_UNITS, MAX_MONEY_MINOR, moneyToString } from '../money/decimal';
import { PassbookError } from '../errors';
import { toMinor } from './amounts';

export type LotSource = 'sale' | 'topup' | 'allocation' | 'rollover' | 'promo' | 'adjustment';

/**
 * A balance a customer brought over from before Passbook (imports.apply, kind balances) is the first lot of its pass,
 * a sale's lot in every rule of the ledger (order, rollover, expiry, refund), but paid for before the books began: the
 * statements, the history and the exports call it 'brought_over' (not 'opening': a statement's opening is its balance). OPENING_LOT_SQL is that test over `lots l`.
 */
export const OPENING_BY = 'imports.apply';
export const OPENING_LOT_SQL = `(l.source = 'sale' AND l.created_by = '${OPENING_BY}')`;
export const LOT_KIND_SQL = `CASE WHEN ${OPENING_LOT_SQL} THEN 'brought_over' ELSE l.source END`;
export type EntryKind = 'grant' | 'redeem' | 'restore' | 'adjust' | 'refund' | 'expire' | 'rollover';
export type ConsumptionOrder = 'default' | 'rollover_first' | 'rollover_last';

export interface LiveLot {
  id: number;
  pass_id: number;
  source: LotSource;
  amount_units: number;
  paid_minor: number;
  granted_at: number;
  expires_at: number | null;
  rolled_times: number;
  remaining_units: number;
  consumed_units: number;
  recognized_minor: number;
  released_minor: number;
  /** 1 when the owner extended its end (it then expires there without rolling over) */
  extended?: number;
}

export interface NewLot {
  passId: number;
  source: LotSource;
  planId: number | null;
  amountUnits: number;
  paidMinor: number;
  grantedAt: number;
  expiresAt: number | null;
  parentLotId?: number | null;
  rolledTimes?: number;
  periodIndex?: number;
  reason?: string | null;
  /** a top-up: the pack's name as sold (plans can be renamed later) */
  packName?: string | null;
  createdBy: string;
  clientId?: string | null;
  journalTxId?: number | null;
  correctionId?: number | null;
}

export { sql, type Stmt } from '../db/statements';
import { sql } from '../db/statements';
import { shopWords } from '../shop/words';
import { requireShop } from '../shop/settings';

/**
 * Credits a sale, top-up, adjustment or restore may add: what the pass holds (every lot, expired or not) stays
 * within one credit amount, so no balance, sum or statement of it ever leaves exact integers. A period's allocation
 * and a rollover are not asked: the plan's credits over all its periods are within that amount (plans.save), and a
 * close cannot be refused.
 */
function assertRoom(db: Db, l: NewLot): void {
  if (l.source === 'allocation' || l.source === 'rollover') return;
  // remaining_units > 0: the same sum, found in the live lots' index (without it, a scan of every lot ever granted)
  const held = (sql(db, 'SELECT coalesce(sum(remaining_units), 0) AS n FROM lot_balances WHERE pass_id = ? AND remaining_units > 0').get(l.passId) as { n: number }).n;
  if (held + l.amountUnits > MAX_CREDIT_UNITS) {
    const say = shopWords(db);
    throw new PassbookError('VALIDATION', `This would put ${say.credits(held + l.amountUnits)} credits on the pass, more than the largest amount it can hold (${say.credits(MAX_CREDIT_UNITS)}).`, {
      held: creditsToString(held), adding: creditsToString(l.amountUnits), limit: creditsToString(MAX_CREDIT_UNITS),
    });
  }
  // and the money paid into it (the sale's price for all its periods, then each top-up) stays within one money
  // amount, so its deferred revenue, its refund and its statements are exact integers (plans.save bounds the sale)
  if (l.source === 'topup' && l.paidMinor > 0) {
    const paid = (sql(db, `SELECT p.price_minor * p.periods + coalesce((SELECT sum(paid_minor) FROM lots WHERE pass_id = p.id AND source = 'topup'), 0) AS n
        FROM passes p WHERE p.id = ?`).get(l.passId) as { n: number }).n;
    if (paid + l.paidMinor > MAX_MONEY_MINOR) {
      const say = shopWords(db);
      const digits = requireShop(db).minor_digits;
      throw new PassbookError('VALIDATION', `This would put ${say.money(paid + l.paidMinor)} paid into the pass, more than the largest amount it can hold (${say.money(MAX_MONEY_MINOR)}).`, {
        paid: moneyToString(paid, digits), adding: moneyToString(l.paidMinor, digits), limit: moneyToString(MAX_MONEY_MINOR, digits),
      });
    }
  }
}

/** Write a new lot with its grant entry and its balance row. Returns the lot id. */
export function grantLot(db: Db, l: NewLot): number {
  assertRoom(db, l);
  const args = [l.passId, l.source, l.planId, l.amountUnits, l.paidMinor, l.grantedAt, l.expiresAt, l.parentLotId ?? null,
    l.rolledTimes ?? 0, l.periodIndex ?? 0, l.reason ?? null, l.createdBy, l.clientId ?? null];
  // pack_name only when there is one (top-ups): every other lot writes the same row as before migration 008
  const r = l.packName
    ? sql(db, `INSERT INTO lots (pass_id, source, plan_id, amount_units, paid_minor, granted_at, expires_at, parent_lot_id,
        rolled_times, period_index, reason, created_by, client_id, pack_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...args, l.packName)
    : sql(db, `INSERT INTO lots (pass_id, source, plan_id, amount_units, paid_minor, granted_at, expires_at, parent_lot_id,
        rolled_times, period_index, reason, created_by, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...args);
  const lotId = Number(r.lastInsertRowid);
  sql(db, `INSERT INTO lot_balances (lot_id, pass_id, remaining_units, consumed_units, recognized_minor, released_minor, expires_at, updated_at)
      VALUES (?, ?, ?, 0, 0, 0, ?, ?)`).run(lotId, l.passId, l.amountUnits, l.expiresAt, l.grantedAt);
  sql(db, `INSERT INTO lot_entries (lot_id, pass_id, kind, credits_units, money_minor, correction_id, journal_tx_id, occurred_at)
      VALUES (?, ?, 'grant', ?, 0, ?, ?, ?)`).run(lotId, l.passId, l.amountUnits, l.correctionId ?? null, l.journalTxId ?? null, l.grantedAt);
  return lotId;
}

/** 1 when an owner's extension moved a lot's end (over `lots l` joined with `lot_balances b`): it then does not roll over. */
export const EXTENDED_SQL = '(b.expires_at IS NOT l.expires_at)';

/**
 * The columns of a LiveLot over `lots l` joined with `lot_balances b`. The end is the lot's end now (b: an owner's
 * extension moves it, core/corrections/extend.ts), not the one it was granted with (l).
 */
export const LOT_COLUMNS = `l.id, l.pass_id, l.source, l.amount_units, l.paid_minor, l.granted_at, b.expires_at, l.rolled_times,
  b.remaining_units, b.consumed_units, b.recognized_minor, b.released_minor, ${EXTENDED_SQL} AS extended`;

/** Lots of a pass that can be spent at `at`: remaining > 0 and not expired (expires_at > at). */
export function liveLots(db: Db, passId: number, at: number, order: ConsumptionOrder = 'default'): LiveLot[] {
  const rows = sql(db, `SELECT ${LOT_COLUMNS} FROM lot_balances b JOIN lots l ON l.id = b.lot_id
      WHERE b.pass_id = ? AND b.remaining_units > 0 AND (b.expires_at IS NULL OR b.expires_at > ?)`).all(passId, at) as LiveLot[];
  return sortForConsumption(rows, order);
}

export function lotById(db: Db, lotId: number): LiveLot | undefined {
  return sql(db, `SELECT ${LOT_COLUMNS} FROM lot_balances b JOIN lots l ON l.id = b.lot_id WHERE l.id = ?`).get(lotId) as LiveLot | undefined;
}

/**
 * Consumption order (DESIGN §3): soonest expiry first (no expiry last), then lowest cost basis (promo
 * first), then oldest. rollover_first / rollover_last move rollover lots to the front / back, the rest
 * in the default order.
 */
export function sortForConsumption<T extends Pick<LiveLot, 'id' | 'source' | 'expires_at' | 'paid_minor' | 'amount_units' | 'granted_at'>>(
  lots: T[], order: ConsumptionOrder,
): T[] {
  const group = (l: T): number => {
    if (order === 'default') return 0;
    const rolled = l.source === 'rollover' ? 0 : 1;
    return order === 'rollover_first' ? rolled : 1 - rolled;
  };
  return [...lots].sort((a, b) => {
    const g = group(a) - group(b);
    if (g !== 0) return g;
    const ea = a.expires_at ?? Number.POSITIVE_INFINITY;
    const eb = b.expires_at ?? Number.POSITIVE_INFINITY;
    if (ea !== eb) return ea < eb ? -1 : 1;
    // cost basis a.paid/a.amount vs b.paid/b.amount, compared exactly by cross-multiplying (BigInt: no overflow)
    const cb = BigInt(a.paid_minor) * BigInt(b.amount_units) - BigInt(b.paid_minor) * BigInt(a.amount_units);
    if (cb !== 0n) return cb < 0n ? -1 : 1;
    if (a.granted_at !== b.granted_at) return a.granted_at - b.granted_at;
    return a.id - b.id;
  });
}

export interface Take { lot: LiveLot; credits: number }

/** Split `needUnits` over lots in order; returns the takes and what could not be covered. */
export function planTakes(lots: LiveLot[], needUnits: number): { takes: Take[]; uncovered: number } {
  const takes: Take[] = [];
  let left = needUnits;
  for (const lot of lots) {
    if (left <= 0) break;
    const c = Math.min(lot.remaining_units, left);
    if (c > 0) { takes.push({ lot, credits: c }); left -= c; }
  }
  return { takes, uncovered: left };
}

/**
 * The lot's revenue schedule: money recognised once `consumed` credits of it are used,
 * round(paid × consumed / amount), and all of it once it is used up. Every consumption and every restore
 * moves a lot along this schedule, so what it has recognised depends on its consumed credits only: a void
 * of an older redemption cannot leave it ahead (a later drawdown would book negative revenue) or behind.
 */
export function scheduledRecognition(lot: Pick<LiveLot, 'paid_minor' | 'amount_units'>, consumed: number, digits: number): number {
  if (consumed >= lot.amount_units) return lot.paid_minor;
  if (consumed <= 0) return 0;
  return toMinor(new Decimal(lot.paid_minor).mul(consumed).div(lot.amount_units).div(new Decimal(10).pow(digits)), digits);
}

// A lot written before the schedule rule (a void of an older redemption could leave it a little ahead) is
// brought back gradually: consumption never recognises less than nothing and a restore never gives back more
// than the lot recognised, so no entry turns negative; the last drawdown still takes the exact remainder.

/** Money recognised by consuming `credits` more of a lot (cumulative rounding on the paid value). */
export function recognitionFor(lot: Pick<LiveLot, 'paid_minor' | 'amount_units' | 'consumed_units' | 'recognized_minor'>, credits: number, digits: number): number {
  return Math.max(0, scheduledRecognition(lot, lot.consumed_units + credits, digits) - lot.recognized_minor);
}

/** Money a live lot gives back to deferred revenue when `credits` consumed credits return to it: back onto its schedule. */
export function derecognitionFor(lot: Pick<LiveLot, 'paid_minor' | 'amount_units' | 'consumed_units' | 'recognized_minor'>, credits: number, digits: number): number {
  return Math.min(lot.recognized_minor, Math.max(0, lot.recognized_minor - scheduledRecognition(lot, lot.consumed_units - credits, digits)));
}

/** Deferred value still held for a lot: paid − recognised − released. */
export const unusedValue = (lot: Pick<LiveLot, 'paid_minor' | 'recognized_minor' | 'released_minor'>): number =>
  lot.paid_minor - lot.recognized_minor - lot.released_minor;

export interface EntryWrite {
  lotId: number;
  passId: number;
  kind: EntryKind;
  /** signed change of the lot's remaining credits */
  credits: number;
  /** money leaving deferred revenue for this lot (negative: coming back) */
  money: number;
  /** signed change of consumed credits (redeem/adjust-out +, restore −) */
  consumedDelta: number;
  /** which bucket `money` belongs to: consumption (recognised) or other release (refund, expiry) */
  bucket: 'recognized' | 'released';
  redemptionId?: number | null;
  correctionId?: number | null;
  journalTxId?: number | null;
  at: number;
}

/** One ledger entry on one lot, and the projection moved with it. */
export function writeEntry(db: Db, e: EntryWrite): void {
  sql(db, `INSERT INTO lot_entries (lot_id, pass_id, kind, credits_units, money_minor, redemption_id, correction_id, journal_tx_id, occurred_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(e.lotId, e.passId, e.kind, e.credits, e.money, e.redemptionId ?? null, e.correctionId ?? null, e.journalTxId ?? null, e.at);
  const rec = e.bucket === 'recognized' ? e.money : 0;
  const rel = e.bucket === 'released' ? e.money : 0;
  const r = sql(db, `UPDATE lot_balances SET remaining_units = remaining_units + ?, consumed_units = consumed_units + ?,
      recognized_minor = recognized_minor + ?, released_minor = released_minor + ?, updated_at = ? WHERE lot_id = ?`)
    .run(e.credits, e.consumedDelta, rec, rel, e.at, e.lotId);
  if (r.changes !== 1) throw new Error(`lot ${e.lotId} has no balance row`);
}

/** Σ remaining of live lots. */
export function passBalance(db: Db, passId: number, at: number): number {
  const r = sql(db, `SELECT coalesce(sum(remaining_units), 0) AS n FROM lot_balances
      WHERE pass_id = ? AND remaining_units > 0 AND (expires_at IS NULL OR expires_at > ?)`).get(passId, at) as { n: number };
  return r.n;
}
