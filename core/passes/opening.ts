// A balance a customer brought over from before Passbook: the credits left on their old card or in the old
// system, and what they paid for those credits. It becomes a pass of one of the shop's plans whose first lot
// holds exactly that, paid for before the books began: the journal moves it from equity:opening-balances into
// deferred revenue (no money is taken, so the till and the day's sales do not count it). From then on it is an
// ordinary pass: drawn down at the counter, recognised as revenue at its cost basis, rolled over or expired by
// the plan's rule, refunded at cost basis.
import type { Db } from '../db/open';
import type { PlanRow } from '../catalog/plans';
import { ACCOUNTS, postJournal } from '../journal/journal';
import { saleLotExpiry } from '../lots/expiry';
import { grantLot, OPENING_BY } from '../lots/lots';
import type { ShopRow } from '../shop/settings';
import { insertPass, requirePass } from './passes';

export interface OpeningBalance {
  customerId: number;
  plan: PlanRow;
  creditsUnits: number;
  paidMinor: number;
  /** when the credits end (the local midnight after their last day); undefined: the plan's first period from now */
  expiresAt?: number | null;
  at: number;
  clientId: string | null;
}

/** Open the pass and its one lot; returns the pass id. The caller has checked the plan, credits and expiry. */
export function openPass(db: Db, shop: ShopRow, b: OpeningBalance): number {
  // one period, paid for with what was paid for these credits: what is left of the old pass, not a new term (later
  // periods are sold as new passes), so price × periods is the money behind the pass as for any other
  const passId = insertPass(db, shop, b.customerId, b.plan, { at: b.at, paymentMethod: 'other', periods: 1, clientId: b.clientId, priceMinor: b.paidMinor });
  const expiresAt = b.expiresAt === undefined ? saleLotExpiry(requirePass(db, passId)) : b.expiresAt;
  const lotId = grantLot(db, {
    passId, source: 'sale', planId: b.plan.id, amountUnits: b.creditsUnits, paidMinor: b.paidMinor, grantedAt: b.at, expiresAt,
    periodIndex: 0, reason: 'Balance brought over from before Passbook', createdBy: OPENING_BY, clientId: b.clientId,
  });
  postJournal(db, {
    kind: 'opening', memo: `Brought over ${b.plan.name}`, passId, customerId: b.customerId, at: b.at, clientId: b.clientId,
    lines: [
      { account: ACCOUNTS.opening, amount: b.paidMinor },
      { account: ACCOUNTS.deferred, amount: -b.paidMinor, lotId },
    ],
  });
  return passId;
}
