// A pass's lot ends per last valid day (shop zone), with what the period close does then, summed from the
// ledger's per-lot split (PassView lots' atEnd): the counter's "Ending soon" and the receipt read the same.
import { Decimal } from '../../../core/money/decimal';
import type { ShopView } from '../../../core/contract/common';
import type { PassView } from '../api/types';
import { validThrough } from './format';

export interface DayEnd {
  /** the last valid day, formatted for the shop */
  day: string;
  credits: string;
  /** null when a lot's split is not known */
  rolls: string | null;
  expires: string | null;
}

export function endsByDay(lots: PassView['lots'], shop: Pick<ShopView, 'locale' | 'timeZone'>, keep: (expiresAt: string) => boolean = () => true): DayEnd[] {
  const byDay = new Map<string, { credits: Decimal; rolls: Decimal; expires: Decimal; known: boolean }>();
  for (const l of lots) {
    if (!l.expiresAt || !keep(l.expiresAt)) continue;
    const day = validThrough(l.expiresAt, shop);
    const prev = byDay.get(day) ?? { credits: new Decimal(0), rolls: new Decimal(0), expires: new Decimal(0), known: true };
    byDay.set(day, {
      credits: prev.credits.plus(l.remaining),
      rolls: prev.rolls.plus(l.atEnd?.rollsOver ?? 0),
      expires: prev.expires.plus(l.atEnd?.expires ?? 0),
      known: prev.known && l.atEnd != null,
    });
  }
  return [...byDay.entries()].map(([day, v]) => ({
    day, credits: v.credits.toFixed(), rolls: v.known ? v.rolls.toFixed() : null, expires: v.known ? v.expires.toFixed() : null,
  }));
}
