// A balance a customer brought over from before Passbook: the credits left on their old card or in the old
// system, and what they paid for those credits. It becomes a pass of one of the shop's plans whose first lot
// holds exactly that, paid for before the books began: the journal moves it from equity:opening-balances into
// deferred revenue (no money is taken, so the till and the day's sales do not count it). From then on it is an
// ordinary pass: drawn down at the counter, recognised as revenue at its cost basis, rolled over or expired by
// the plan's rule, refunded at cost basis.
import type { Db } from '../db/open';
import type { PlanRow } from '../catalog/plans';
import { ACCOUNTS, postJournal } from '../journal/journal';
import { validityOf } from '../lots/expiry';
import { endOfPeriodsAhead, periodOf } from '../periods/calendar';
import { grantLot, OPENING_BY } from '../lots/lots';
import type { ShopRow } from '../shop/settings';
import { insertPass } from './passes';

export interface OpeningBalance {
  customerId: number;
  plan: PlanRow;
  creditsUnits: number;
  paidMinor: number;
  /** when the credits end (the local midnight after their last day; openingExpiry when the file gives none); null: never */
  expiresAt: number | null;
  at: number;
  clientId: string | null;
}

/**
 * When brought-over credits end when the file gives no last day: at the end of the plan's current period, as a sale's
 * first lot does, but the end of the next one when less than half of this one is left (the counter's short-period test,
 * plans.quote), so credits paid for are never taken away hours after they came over. On the pass's own period grid, so
 * the plan's rollover applies at that end. null: the plan's credits never end.
 */
export function openingExpiry(plan: Pick<PlanRow, 'validity' | 'validity_days'>, at: number, timeZone: string): number | null {
  const v = validityOf(plan.validity, plan.validity_days);
  if (v === 'none') return null;
  const p = periodOf(at, at, v, timeZone);
  return (p.end - at) * 2 < p.end - p.start ? endOfPeriodsAhead(at, 1, at, v, timeZone) : p.end;
}

/** Open the pass and its one lot; returns the pass id. The caller has checked the plan, credits and expiry. */
export function openPass(db: Db, shop: ShopRow, b: OpeningBalance): number {
  // one period, paid for with what was paid for these credits: what is left of the old pass, not a new term (later
  // periods are sold as new passes), so price × periods is the money behind the pass as for any other
  const passId = insertPass(db, shop, b.customerId, b.plan, { at: b.at, paymentMethod: 'other', periods: 1, clientId: b.clientId, priceMinor: b.paidMinor });
  const lotId = grantLot(db, {
    passId, source: 'sale', planId: b.plan.id, amountUnits: b.creditsUnits, paidMinor: b.paidMinor, grantedAt: b.at, expiresAt: b.expiresAt,
    periodIndex: 0, reason: 'Balance brought over from before Passbook', createdBy: OPENING_BY, clientId: b.clientId,
  });
  postJournal(db, {
    kind: 'brought_over', memo: `Brought over ${b.plan.name}`, passId, customerId: b.customerId, at: b.at, clientId: b.clientId,
    lines: [
      { account: ACCOUNTS.opening, amount: b.paidMinor },
      { account: ACCOUNTS.deferred, amount: -b.paidMinor, lotId },
    ],
  });
  return passId;
}
