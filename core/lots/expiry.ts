// When a lot stops being spendable. Boundaries come from core/periods/calendar.ts (local midnight in the
// shop's zone, DST-safe); this file only decides WHICH boundary a new lot gets.
import { endOfPeriodsAhead, nextBoundary, periodOf, periodStart, validityEndFrom, type Validity } from '../periods/calendar';

export type ValidityName = 'none' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'days';

export function validityOf(validity: string, validityDays: number | null): Validity {
  if (validity === 'days') return { days: validityDays ?? 1 };
  return validity as Validity;
}

export interface PassTerms {
  validity: string;
  validity_days: number | null;
  periods: number;
  sold_at: number;
  time_zone: string;
}

/** The first lot of a sale: it ends at the first boundary after the sale (null: never). */
export function saleLotExpiry(p: PassTerms): number | null {
  return nextBoundary(p.sold_at, p.sold_at, validityOf(p.validity, p.validity_days), p.time_zone);
}

/**
 * A top-up pack's lot: its own validity counted from the top-up instant, in the pass's zone (null: never).
 * Not the calendar's month or week: a "one month" pack bought on the evening of the 31st lasts a month.
 */
export function topUpLotExpiry(packValidity: string, packValidityDays: number | null, at: number, timeZone: string): number | null {
  return validityEndFrom(at, validityOf(packValidity, packValidityDays), timeZone);
}

/** Index of the pass period containing `at` (0 for passes without periods). */
export function periodIndexAt(p: PassTerms, at: number): number {
  const v = validityOf(p.validity, p.validity_days);
  if (v === 'none') return 0;
  return periodOf(at, p.sold_at, v, p.time_zone).index;
}

/** End of the pass period containing `at` (null for passes without expiry): adjustment lots end here. */
export function currentPeriodEnd(p: PassTerms, at: number): number | null {
  const v = validityOf(p.validity, p.validity_days);
  return endOfPeriodsAhead(at, 0, p.sold_at, v, p.time_zone);
}

/**
 * Where credits restored from a lot that has since ended go (an undo or void after its expiry): the end of the
 * pass period, and on a pass without periods the end of the shop's month. They came from a lot that expired,
 * so they must not come back as credits that never expire (and a liability that is never released).
 */
export function restoredLotExpiry(p: PassTerms, at: number): number {
  // a month grid starts on the 1st of its anchor's month: anchored at `at`, its first boundary ends this month
  return currentPeriodEnd(p, at) ?? nextBoundary(at, at, 'month', p.time_zone)!;
}

/** End of the pass's term: the end of its last period (null: no end). */
export function termEnd(p: PassTerms): number | null {
  const v = validityOf(p.validity, p.validity_days);
  if (v === 'none') return null;
  return periodStart(p.periods, p.sold_at, v, p.time_zone);
}
