// Owner: extend how long a pass's credits can be used ("she was in hospital for a month: give her till the 30th").
// Every live lot of the pass that ends before the new last day gets that end; lots that end later, or never, are
// left as they are. Nothing moves between lots and no money moves: each lot keeps its credits, its price and its
// revenue schedule, so a redemption drawn from it can still be voided into it, and its unused value stays deferred
// until it is used or expires at the new end. The ledger records each new end in lot_extensions (append-only);
// lot_balances.expires_at, the projection every reader of "live" uses, carries it.
//
// Extended credits expire at their new end and do not roll over (periods/close.ts): the owner chose that day.
// Credits that already expired are not brought back (they are breakage in the books); passes.adjust gives new ones.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { liveLots, sql } from '../lots/lots';
import { creditsToString } from '../money/decimal';
import { endsIndexAt, splitAtEnd, type EndingLot } from '../periods/close';
import { nextLocalMidnight, startOfLocalDate } from '../periods/calendar';
import { findPass, requireOpenPass } from '../passes/passes';
import { requireShop } from '../shop/settings';
import { shopWords } from '../shop/words';

/** The furthest an extension reaches: ten years from now (a typo like 2062 for 2026 is refused, not kept). */
export const MAX_EXTENSION_MS = 3_660 * 86_400_000;

export interface ExtendArgs { passId: number; through: string; reason: string; at: number; clientId?: string | null }
export interface Extension { expiresAt: number; lots: Array<{ lotId: number; creditsUnits: number; previousExpiresAt: number }> }

/** The instant credits valid through a local day stop: the local midnight that ends it (DST-safe). */
export function endOfLocalDay(date: string, timeZone: string): number {
  return nextLocalMidnight(startOfLocalDate(date, timeZone), timeZone);
}

export function extendPass(db: Db, a: ExtendArgs): Extension {
  const pass = requireOpenPass(db, a.passId, a.at); // books what is due first: credits already expired stay expired
  const until = endOfLocalDay(a.through, pass.time_zone);
  const say = shopWords(db);
  if (until <= a.at) {
    throw new PassbookError('VALIDATION', `through: ${say.date(until - 1)} has passed; credits can be extended to today or a later day.`, { field: 'through' });
  }
  if (until - a.at > MAX_EXTENSION_MS) {
    throw new PassbookError('VALIDATION', `through: ${say.date(until - 1)} is more than ten years away.`, { field: 'through' });
  }
  const lots = liveLots(db, pass.id, a.at).filter((l) => l.expires_at !== null && l.expires_at < until);
  if (lots.length === 0) {
    throw new PassbookError('VALIDATION', `through: no credits on this pass end before ${say.date(until - 1)}, so there is nothing to extend.`, { field: 'through' });
  }
  moveEnds(db, lots.map((l) => ({ lotId: l.id, passId: pass.id, creditsUnits: l.remaining_units, from: l.expires_at!, to: until, undoes: null })), { ...a, closure: false });
  return { expiresAt: until, lots: lots.map((l) => ({ lotId: l.id, creditsUnits: l.remaining_units, previousExpiresAt: l.expires_at! })) };
}

/** Moves of lots' ends, each recorded in lot_extensions (the ledger's record) and carried to lot_balances.expires_at (the projection). */
interface EndMove { lotId: number; passId: number; creditsUnits: number; from: number; to: number; undoes: number | null }
function moveEnds(db: Db, moves: readonly EndMove[], w: { reason: string; at: number; clientId?: string | null; closure: boolean }): void {
  const record = sql(db, `INSERT INTO lot_extensions (lot_id, pass_id, credits_units, previous_expires_at, expires_at, reason, occurred_at, client_id, undoes, closure)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const move = sql(db, 'UPDATE lot_balances SET expires_at = ?, updated_at = ? WHERE lot_id = ?');
  for (const m of moves) {
    record.run(m.lotId, m.passId, m.creditsUnits, m.from, m.to, w.reason, w.at, w.clientId ?? null, m.undoes, w.closure ? 1 : 0);
    move.run(m.to, w.at, m.lotId);
  }
}

// ---------------------------------------------------------------- every pass at once: the shop closes for a while

export interface ExtendAllArgs { endingFrom: string; endingThrough: string; through: string; at: number }
export interface ExtendAllPlan {
  expiresAt: number;
  lots: Array<{ lotId: number; passId: number; customerId: number; creditUnit: string; creditsUnits: number; previousExpiresAt: number }>;
}

/**
 * Which credits a closure's extension moves: every live lot of an open pass whose last valid day is in
 * [endingFrom, endingThrough] (shop-local days), to the end of `through`. A read: the quote shows it, the write does it.
 * The window is refused when it is upside down, when `through` does not come after it, or is over ten years away.
 */
export function planExtendAll(db: Db, a: ExtendAllArgs): ExtendAllPlan {
  const tz = requireShop(db).time_zone;
  const say = shopWords(db);
  if (a.endingThrough < a.endingFrom) {
    throw new PassbookError('VALIDATION', 'endingThrough: the window ends before it begins.', { field: 'endingThrough' });
  }
  const windowStart = startOfLocalDate(a.endingFrom, tz);
  const windowEnd = endOfLocalDay(a.endingThrough, tz);
  const until = endOfLocalDay(a.through, tz);
  if (until <= windowEnd) {
    throw new PassbookError('VALIDATION', `through: credits ending up to ${say.date(windowEnd - 1)} need a later day than that.`, { field: 'through' });
  }
  if (until - a.at > MAX_EXTENSION_MS) {
    throw new PassbookError('VALIDATION', `through: ${say.date(until - 1)} is more than ten years away.`, { field: 'through' });
  }
  if (windowEnd <= a.at) {
    throw new PassbookError('VALIDATION', `endingThrough: ${say.date(windowEnd - 1)} has passed; credits that ended then have expired.`, { field: 'endingThrough' });
  }
  // live now and ending in the window (lot_balances_due, on expires_at + 0), of passes still open
  const rows = sql(db, `SELECT b.lot_id, b.pass_id, p.customer_id, p.credit_unit, b.remaining_units, b.expires_at
      FROM lot_balances b JOIN passes p ON p.id = b.pass_id LEFT JOIN pass_status s ON s.pass_id = b.pass_id
      WHERE b.remaining_units > 0 AND b.expires_at + 0 > ? AND b.expires_at + 0 <= ? AND coalesce(s.status, 'active') = 'active'
      ORDER BY b.expires_at, b.lot_id`).all(Math.max(windowStart, a.at), windowEnd) as Array<{
        lot_id: number; pass_id: number; customer_id: number; credit_unit: string; remaining_units: number; expires_at: number }>;
  return {
    expiresAt: until,
    lots: rows.map((r) => ({ lotId: r.lot_id, passId: r.pass_id, customerId: r.customer_id, creditUnit: r.credit_unit, creditsUnits: r.remaining_units, previousExpiresAt: r.expires_at })),
  };
}

/** The closure's extension written: each lot of the plan gets the new end, recorded as a pass's own extension would be. */
export function extendAll(db: Db, a: ExtendAllArgs & { reason: string; clientId?: string | null }): ExtendAllPlan {
  const plan = planExtendAll(db, a);
  if (plan.lots.length === 0) {
    const say = shopWords(db);
    const tz = requireShop(db).time_zone;
    throw new PassbookError('VALIDATION', `endingFrom: no credits end between ${say.date(startOfLocalDate(a.endingFrom, tz))} and ${say.date(endOfLocalDay(a.endingThrough, tz) - 1)}, so there is nothing to extend.`, { field: 'endingFrom' });
  }
  moveEnds(db, plan.lots.map((l) => ({ ...l, from: l.previousExpiresAt, to: plan.expiresAt, undoes: null })), { ...a, closure: true });
  return plan;
}

// ---------------------------------------------------------------- taking an extension back (a wrong day was picked)

/**
 * A lot's standing extension: its latest row that extended it and has not been taken back (the one an undo takes back
 * next, newest first). `lot` is the SQL naming the lot's id.
 */
export const standingExtension = (lot: string) => `(SELECT max(y.id) FROM lot_extensions y
  WHERE y.lot_id = ${lot} AND y.undoes IS NULL AND NOT EXISTS (SELECT 1 FROM lot_extensions z WHERE z.undoes = y.id))`;

/** Where an undo puts a lot's end: back to the end before the extension, never before the end of today. */
export const endTakenBack = (previousExpiresAt: number, endOfToday: number): number => Math.max(previousExpiresAt, endOfToday);

/**
 * What an undo takes back, from the standing extension rows it may take (newest request first): each goes back to the
 * end before it, or to `endOfToday` when that has passed; rows already ending by then are left out. The rows of the
 * latest request left are taken (a request's rows share its instant). Empty: nothing to take back.
 */
function latestRequest<R extends { id: number; client_id: string | null; occurred_at: number; previous_expires_at: number; expires_at: number }>(rows: readonly R[], endOfToday: number): Array<R & { back: number }> {
  const movable = rows.map((r) => ({ ...r, back: endTakenBack(r.previous_expires_at, endOfToday) })).filter((r) => r.back < r.expires_at);
  if (movable.length === 0) return [];
  // the latest request: its instant, and of two requests at one instant (writes dated at the ledger's last instant
  // while the clock is behind) the one written last, told apart by its client id
  const last = movable.reduce((a, b) => (b.occurred_at > a.occurred_at || (b.occurred_at === a.occurred_at && b.id > a.id) ? b : a));
  return movable.filter((r) => r.occurred_at === last.occurred_at && r.client_id === last.client_id);
}

/**
 * Of the rows an undo would take back, the credits that would have rolled over at their old end, had it not been
 * extended, when that end has passed: the undo puts them at tonight, where they would expire instead, so taking the
 * extension back would lose them (the plan's rollover is booked only at a boundary). Per pass and old end, the
 * rollover rule itself (splitAtEnd) on the lots as they are now. Empty: nothing would be lost.
 */
function rolloverLost(db: Db, rows: ReadonlyArray<{ lot_id: number; pass_id: number; previous_expires_at: number; back: number }>): Map<number, number> {
  const lost = new Map<number, number>(); // lot id -> credits that would have rolled
  const groups = new Map<string, typeof rows[number][]>();
  for (const r of rows) {
    if (r.back === r.previous_expires_at) continue; // the old end is still ahead: the plan's rule applies there
    const k = `${r.pass_id}:${r.previous_expires_at}`;
    const group = groups.get(k);
    if (group) group.push(r); else groups.set(k, [r]);
  }
  const lotInfo = sql(db, `SELECT l.id, l.source, l.granted_at, l.rolled_times, b.remaining_units
      FROM lots l JOIN lot_balances b ON b.lot_id = l.id WHERE l.id = ?`);
  for (const group of groups.values()) {
    const pass = findPass(db, group[0]!.pass_id)!;
    const lots = group.map((r) => lotInfo.get(r.lot_id) as EndingLot & { id: number });
    for (const { lot, rolled } of splitAtEnd(pass, endsIndexAt(pass, group[0]!.previous_expires_at), lots)) {
      if (rolled > 0) lost.set(lot.id, rolled);
    }
  }
  return lost;
}

export interface UndoExtensionArgs { passId: number; at: number }
export interface ExtensionUndo {
  /** when the extension taken back was made, and the owner's reason for it */
  extendedAt: number; extendedReason: string;
  lots: Array<{ lotId: number; creditsUnits: number; extendedTo: number; expiresAt: number; undoes: number }>;
  /** credits that would have rolled over at their old end, which has passed: the undo is refused (it would lose them) */
  rolloverPassed: { at: number; creditsUnits: number } | null;
}

/**
 * What taking back the pass's last extension does, without doing it (null: nothing to take back). The last extension is
 * the latest request (passes.extend, or a closure's passes.extendAll) whose new end still holds on a live lot of the pass
 * and has not been taken back; taking back several in turn unwinds them newest first. Each of its lots goes back to
 * the end it had before, or to the end of today when that has passed: credits are never made to have ended in a
 * period that may already be closed. A lot back at the end it was granted with rolls over again as its plan says
 * (EXTENDED_SQL); one ending tonight instead expires then.
 */
export function planUndoExtension(db: Db, a: UndoExtensionArgs): ExtensionUndo | null {
  const pass = requireOpenPass(db, a.passId, a.at);
  const endOfToday = nextLocalMidnight(a.at, pass.time_zone);
  // per live lot, its latest extension not taken back yet
  const rows = sql(db, `SELECT x.id, x.client_id, x.lot_id, x.pass_id, x.occurred_at, x.previous_expires_at, x.reason, b.expires_at, b.remaining_units
      FROM lot_balances b JOIN lot_extensions x ON x.id = ${standingExtension('b.lot_id')}
      WHERE b.pass_id = ? AND b.remaining_units > 0 AND b.expires_at > ?
      ORDER BY x.occurred_at DESC, x.id`).all(pass.id, a.at) as Array<{
        id: number; client_id: string | null; lot_id: number; pass_id: number; occurred_at: number; previous_expires_at: number; reason: string; expires_at: number; remaining_units: number }>;
  const taken = latestRequest(rows, endOfToday);
  if (taken.length === 0) return null;
  const lost = rolloverLost(db, taken);
  const lostAt = taken.find((r) => lost.has(r.lot_id))?.previous_expires_at;
  return {
    extendedAt: taken[0]!.occurred_at, extendedReason: taken[0]!.reason,
    lots: taken.map((r) => ({ lotId: r.lot_id, creditsUnits: r.remaining_units, extendedTo: r.expires_at, expiresAt: r.back, undoes: r.id })),
    rolloverPassed: lostAt === undefined ? null : { at: lostAt, creditsUnits: [...lost.values()].reduce((n, c) => n + c, 0) },
  };
}

/** Take back the pass's last extension: a row per lot in lot_extensions naming the row it undoes, the projection's end moved back. */
export function undoExtension(db: Db, a: UndoExtensionArgs & { reason: string; clientId?: string | null }): ExtensionUndo {
  const plan = planUndoExtension(db, a);
  if (plan === null) {
    throw new PassbookError('VALIDATION', 'passId: no extension of this pass\'s live credits can be taken back: none was extended, or they end today anyway.', { field: 'passId' });
  }
  if (plan.rolloverPassed) {
    const pass = findPass(db, a.passId)!; // the plan opened it (and booked what is due): only its unit is wanted
    const say = shopWords(db);
    const day = say.date(plan.rolloverPassed.at - 1); // the last day they could be used
    throw new PassbookError('CONFLICT', `This extension cannot be taken back any more: ${say.credits(plan.rolloverPassed.creditsUnits, pass.credit_unit)} would have rolled over at their old end, after ${day}, and that day has passed, so taking it back now would lose them. Adjust the credits instead if needed.`, {
      reason: 'ROLLOVER_PASSED', oldEnd: new Date(plan.rolloverPassed.at).toISOString(), credits: creditsToString(plan.rolloverPassed.creditsUnits),
    });
  }
  moveEnds(db, plan.lots.map((l) => ({ ...l, passId: a.passId, from: l.extendedTo, to: l.expiresAt })), { ...a, closure: false });
  return plan;
}

// ---------------------------------------------------------------- taking the shop's last closure back, for every pass

export interface ClosureUndo {
  /** the closure taken back: when, why, and the day it had given */
  closedAt: number; reason: string; extendedTo: number;
  lots: Array<{ lotId: number; passId: number; customerId: number; creditUnit: string; creditsUnits: number; extendedTo: number; expiresAt: number; undoes: number }>;
  /** the closure's lots left at its end: their old end has passed and they would have rolled over there (rolloverLost) */
  kept: number;
}

/**
 * What taking back the shop's last closure does (null: none to take back). Its lots whose end is still the one it gave
 * (not extended again or taken back since, pass by pass) and which are live on an open pass go back to their end
 * before it, or to the end of today when that has passed, as passes.undoExtension does for one pass. A read.
 */
export function planUndoClosure(db: Db, at: number): ClosureUndo | null {
  const endOfToday = nextLocalMidnight(at, requireShop(db).time_zone);
  // the closures' rows still standing: each its lot's standing extension (one taken back pass by pass, or extended
  // again on top, is not); from the closures' rows, so a ledger of many lots and few closures reads few rows
  const rows = sql(db, `SELECT x.id, x.client_id, x.lot_id, x.pass_id, p.customer_id, p.credit_unit, x.occurred_at, x.previous_expires_at, x.reason, b.expires_at, b.remaining_units
      FROM lot_extensions x JOIN lot_balances b ON b.lot_id = x.lot_id JOIN passes p ON p.id = x.pass_id LEFT JOIN pass_status s ON s.pass_id = x.pass_id
      WHERE x.closure = 1 AND x.undoes IS NULL AND x.id = ${standingExtension('x.lot_id')}
        AND b.remaining_units > 0 AND b.expires_at > ? AND coalesce(s.status, 'active') = 'active'
      ORDER BY x.occurred_at DESC, x.id`).all(at) as Array<{
        id: number; client_id: string | null; lot_id: number; pass_id: number; customer_id: number; credit_unit: string; occurred_at: number; previous_expires_at: number;
        reason: string; expires_at: number; remaining_units: number }>;
  const request = latestRequest(rows, endOfToday);
  const lost = rolloverLost(db, request);
  const taken = request.filter((r) => !lost.has(r.lot_id));
  if (taken.length === 0) return null;
  const last = taken[0]!;
  return {
    closedAt: last.occurred_at, reason: last.reason, extendedTo: last.expires_at, kept: request.length - taken.length,
    lots: taken.map((r) => ({ lotId: r.lot_id, passId: r.pass_id, customerId: r.customer_id, creditUnit: r.credit_unit, creditsUnits: r.remaining_units,
      extendedTo: r.expires_at, expiresAt: r.back, undoes: r.id })),
  };
}

/** Take back the shop's last closure: per lot a row naming the closure's row it undoes, in one transaction. */
export function undoClosure(db: Db, a: { at: number; reason: string; clientId?: string | null }): ClosureUndo {
  const plan = planUndoClosure(db, a.at);
  if (plan === null) {
    throw new PassbookError('VALIDATION', 'There is no closure to take back: none was made, or its credits were used, taken back or extended again since.', {});
  }
  moveEnds(db, plan.lots.map((l) => ({ ...l, from: l.extendedTo, to: l.expiresAt })), { ...a, closure: true });
  return plan;
}
