// A pass's lot ends per last valid day (shop zone), with what the period close does then, summed from the
// ledger's per-lot split (PassView lots' atEnd): the counter's "Ending soon" and the receipt read the same.
import { Decimal } from '../../../core/money/decimal';
import type { ShopView } from '../../../core/contract/common';
import type { PassView } from '../api/types';
import { validThrough, validThroughKey } from './format';

export interface DayEnd {
  /** the last valid day, formatted for the shop */
  day: string;
  credits: string;
  /** null when a lot's split is not known */
  rolls: string | null;
  expires: string | null;
}

/**
 * Grouped by the full shop-local date (a year pack's 31 Mar 2027 is not tonight's 31 Mar), earliest first;
 * the label has the year when it is not the current one (`now`, the shop's clock in ms).
 */
export function endsByDay(lots: PassView['lots'], shop: Pick<ShopView, 'locale' | 'timeZone'>, keep: (expiresAt: string) => boolean = () => true, now: number = Date.now()): DayEnd[] {
  const byDay = new Map<string, { day: string; credits: Decimal; rolls: Decimal; expires: Decimal; known: boolean }>();
  for (const l of lots) {
    if (!l.expiresAt || !keep(l.expiresAt)) continue;
    const key = validThroughKey(l.expiresAt, shop.timeZone);
    const prev = byDay.get(key) ?? { day: validThrough(l.expiresAt, shop, now), credits: new Decimal(0), rolls: new Decimal(0), expires: new Decimal(0), known: true };
    byDay.set(key, {
      day: prev.day,
      credits: prev.credits.plus(l.remaining),
      rolls: prev.rolls.plus(l.atEnd?.rollsOver ?? 0),
      expires: prev.expires.plus(l.atEnd?.expires ?? 0),
      known: prev.known && l.atEnd != null,
    });
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => ({
    day: v.day, credits: v.credits.toFixed(), rolls: v.known ? v.rolls.toFixed() : null, expires: v.known ? v.expires.toFixed() : null,
  }));
}
