// What selling a plan now would give, before the cashier takes the money: the price, when its first credits
// end and when its term ends. Calendar periods are shared by every pass of the shop (docs/PERIODS.md), so a
// month pass sold on the 31st first runs to midnight: the counter is told when less than half a period is left.
import type { Db } from '../db/open';
import { iso, money } from '../lots/amounts';
import { saleLotExpiry, termEnd, topUpLotExpiry, validityOf } from '../lots/expiry';
import { localDayStart, periodOf } from '../periods/calendar';
import type { ShopRow } from '../shop/settings';
import { requirePlan, salePriceMinor } from './plans';

export interface Quote { planId: number; salePrice: string; firstEndsAt: string | null; termEndsAt: string | null; shortFirstPeriod: boolean }

export function quotePlan(db: Db, shop: Pick<ShopRow, 'minor_digits' | 'time_zone'>, planId: number, now: number): Quote {
  const plan = requirePlan(db, planId);
  const at = (t: number | null) => (t === null ? null : iso(t));
  if (plan.kind === 'topup') {
    // a pack lasts its own validity from today (core/lots/expiry.ts topUpLotExpiry), the day of purchase counting
    // as its first: a day pack bought at 23:50 lasts ten minutes. Short when less than half of it is left. In the
    // shop's zone: a pass sold before a change of the shop's zone counts its packs in its own (passes.topUp)
    const end = topUpLotExpiry(plan.validity, plan.validity_days, now, shop.time_zone);
    const short = end !== null && (end - now) * 2 < end - localDayStart(now, shop.time_zone);
    return { planId, salePrice: money(plan.price_minor, shop.minor_digits), firstEndsAt: at(end), termEndsAt: at(end), shortFirstPeriod: short };
  }
  // the pass this sale would make, sold now in the shop's zone: the same rules as passes.sell
  const terms = { validity: plan.validity, validity_days: plan.validity_days, periods: plan.periods, sold_at: now, time_zone: shop.time_zone };
  const first = saleLotExpiry(terms);
  let short = false;
  const v = validityOf(plan.validity, plan.validity_days);
  if (first !== null && v !== 'none') {
    const p = periodOf(now, now, v, shop.time_zone);
    short = (p.end - now) * 2 < p.end - p.start;
  }
  return {
    planId, salePrice: money(salePriceMinor(plan), shop.minor_digits), firstEndsAt: at(first), termEndsAt: at(termEnd(terms)),
    shortFirstPeriod: short,
  };
}
