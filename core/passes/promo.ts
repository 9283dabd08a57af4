// Free credits: a promo lot (cost basis 0, no money moves). Two ways in:
// - the bonus of a plan or top-up pack (plans.bonus_units), granted with each purchase in the same transaction,
//   ending with the lot that was paid for and pointing at it (parent_lot_id), so an undo or refund of that purchase
//   takes back what is left of it too;
// - the owner's gift on one pass (passes.givePromo): a birthday, an apology, a loyalty reward, with a reason and
//   its own end (the end of the pass's period, or N days); or on every open pass of a plan at once (plans.gift).
// Either way the pass uses them first among credits ending together (lowest cost basis, DESIGN §3), the close lets
// them expire at their end (no rollover), and their expiry is breakage of nothing: they were never paid for.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { parseCreditsIn } from '../lots/amounts';
import { currentPeriodEnd } from '../lots/expiry';
import { grantLot, LOT_COLUMNS, sql, type LiveLot } from '../lots/lots';
import { MAX_CREDIT_UNITS } from '../money/decimal';
import { validityEndFrom } from '../periods/calendar';
import { passStatus, requireOpenPass, type PassRow } from './passes';
import { closeDueForPass } from '../periods/close';
import { requirePlan } from '../catalog/plans';

export interface BonusArgs {
  passId: number; planId: number; bonusUnits: number; parentLotId: number; expiresAt: number | null; periodIndex: number;
  at: number; createdBy: string; clientId: string | null; name: string;
}

/** The bonus of a purchase: a promo lot beside the lot bought (nothing when the plan gives none). Returns its lot id. */
export function grantBonus(db: Db, b: BonusArgs): number | null {
  if (b.bonusUnits <= 0) return null;
  return grantLot(db, {
    passId: b.passId, source: 'promo', planId: b.planId, amountUnits: b.bonusUnits, paidMinor: 0, grantedAt: b.at, expiresAt: b.expiresAt,
    parentLotId: b.parentLotId, periodIndex: b.periodIndex, reason: `Bonus with ${b.name}`.slice(0, 200), createdBy: b.createdBy, clientId: b.clientId,
  });
}

/** The bonus lots of a purchase's lot that still hold credits at `at` (an undo or refund of the purchase takes them back). */
export function liveBonusLots(db: Db, parentLotId: number, at: number): LiveLot[] {
  return sql(db, `SELECT ${LOT_COLUMNS} FROM lots l JOIN lot_balances b ON b.lot_id = l.id
      WHERE l.parent_lot_id = ? AND l.source = 'promo' AND b.remaining_units > 0 AND (b.expires_at IS NULL OR b.expires_at > ?)
      ORDER BY l.id`).all(parentLotId, at) as LiveLot[];
}

export interface PromoArgs { passId: number; credits: string; reason: string; days?: number | null | undefined; at: number; clientId?: string | null }

/**
 * Owner: give free credits to an open pass. They end with the pass's current period (like an adjustment), or after
 * `days` days counted from today in the pass's zone (the day of the gift counting as the first); on a pass without
 * periods and without `days` they never end.
 */
export function givePromo(db: Db, a: PromoArgs): { lotId: number; creditsUnits: number; expiresAt: number | null } {
  const pass = requireOpenPass(db, a.passId, a.at);
  const units = giftUnits(a.credits);
  return gift(db, pass, units, a, 'passes.givePromo');
}

function giftUnits(s: string): number {
  const units = parseCreditsIn(s, 'credits', 'positive');
  if (units > MAX_CREDIT_UNITS) throw new PassbookError('VALIDATION', 'credits: is too large.', { field: 'credits' });
  return units;
}

/** One gift's lot on an open pass: its end is `days` from today in the pass's zone, else the pass period's end. */
function gift(db: Db, pass: PassRow, units: number, a: { reason: string; days?: number | null | undefined; at: number; clientId?: string | null }, by: string) {
  const expiresAt = a.days ? validityEndFrom(a.at, { days: a.days }, pass.time_zone) : currentPeriodEnd(pass, a.at);
  const lotId = grantLot(db, {
    passId: pass.id, source: 'promo', planId: null, amountUnits: units, paidMinor: 0, grantedAt: a.at, expiresAt,
    reason: a.reason, createdBy: by, clientId: a.clientId ?? null,
  });
  return { lotId, creditsUnits: units, expiresAt };
}

/**
 * The open passes of a plan at `at` (a holiday gift to everyone holding it): active, and not ended by their term. A
 * read: what the close owes them is not booked here (the write books it first, and may find one more ended).
 */
export function openPassesOf(db: Db, planId: number, at: number): PassRow[] {
  return activePassesOf(db, planId).filter((p) => passStatus(db, p, at) === 'active');
}

/** The passes of a plan not cancelled or ended as stored (a term may have run out since: passStatus says). */
function activePassesOf(db: Db, planId: number): PassRow[] {
  return sql(db, `SELECT p.* FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id
      WHERE p.plan_id = ? AND coalesce(s.status, 'active') = 'active' ORDER BY p.id`).all(planId) as PassRow[];
}

export interface PlanGiftArgs { planId: number; credits: string; reason: string; days?: number | null | undefined; at: number; clientId?: string | null }

/**
 * Owner: the same gift to every open pass of a plan, in one transaction: each gets a promo lot of its own, ending as
 * givePromo's would. A pass the close ends on the way (its term over, nothing left) gets none.
 */
export function giveToPlan(db: Db, a: PlanGiftArgs): { passes: number; creditsUnits: number } {
  const plan = requirePlan(db, a.planId);
  if (plan.kind !== 'plan') throw new PassbookError('VALIDATION', `planId: "${plan.name}" is a top-up pack; gifts go to the passes of a plan.`, { field: 'planId' });
  const units = giftUnits(a.credits);
  let passes = 0;
  for (const pass of activePassesOf(db, plan.id)) {
    closeDueForPass(db, pass.id, a.at);
    if (passStatus(db, pass, a.at) !== 'active') continue;
    gift(db, pass, units, a, 'plans.gift');
    passes += 1;
  }
  return { passes, creditsUnits: units };
}
