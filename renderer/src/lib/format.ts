// Display of amounts and times in the shop's locale, currency and time zone.
// Amounts arrive as decimal strings and are formatted from the string (Intl.NumberFormat accepts
// decimal strings exactly), never through binary floating point.
import type { ShopView } from '../../../core/contract/common';

import { formatCredits, formatCreditsWithUnit, formatMoney } from '../../../core/money/format';

export { unitLabel, formatSignedCredits as signedCredits } from '../../../core/money/format';

/** "12.50" -> "$12.50" in the shop's currency and locale (the core's formatter: error words read the same). */
export const money = (amount: string | null | undefined, shop: Pick<ShopView, 'currency' | 'locale'>): string => formatMoney(amount, shop);

/** "1.500000" -> "1.5"; grouping per locale; up to six decimals, trailing zeros dropped. */
export const credits = (amount: string | null | undefined, locale = 'en-US'): string => formatCredits(amount, locale);

export const creditsWithUnit = (amount: string | null | undefined, unit: string, locale = 'en-US'): string => formatCreditsWithUnit(amount, unit, locale);
/** A whole count in the shop's locale ("1.234" in a German shop). */
export const count = (n: number, locale = 'en-US'): string => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);

const dfCache = new Map<string, Intl.DateTimeFormat>();
function df(shop: Pick<ShopView, 'locale' | 'timeZone'>, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = shop.locale + shop.timeZone + JSON.stringify(opts);
  let f = dfCache.get(key);
  if (!f) { f = new Intl.DateTimeFormat(shop.locale, { ...opts, timeZone: shop.timeZone }); dfCache.set(key, f); }
  return f;
}

/** The shop-local calendar date of an instant, "2026-03-31" (sorts and groups by the full date). */
export function localDateKey(ms: number, timeZone: string): string {
  const parts = df({ locale: 'en-US', timeZone }, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const get = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * "31 Mar" style short date in the shop's zone; with the year ("Mar 30, 2027") when the date is not in the
 * shop's current year, so a year pack never reads like yesterday. `now` is the shop's clock (ms).
 */
export function shortDate(iso: string, shop: Pick<ShopView, 'locale' | 'timeZone'>, now: number = Date.now()): string {
  const ms = new Date(iso).getTime();
  const sameYear = localDateKey(ms, shop.timeZone).slice(0, 4) === localDateKey(now, shop.timeZone).slice(0, 4);
  return df(shop, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
}

export const dateTime = (iso: string, shop: Pick<ShopView, 'locale' | 'timeZone'>): string =>
  df(shop, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));

export const longDateTime = (iso: string, shop: Pick<ShopView, 'locale' | 'timeZone'>): string =>
  df(shop, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** Compare two decimal strings without floats (for "is low" style checks on display only). */
export function compareDecimal(a: string, b: string): number {
  const norm = (s: string) => {
    const neg = s.trim().startsWith('-');
    const [w = '0', f = ''] = s.trim().replace(/^[-+]/, '').split('.');
    return { neg, w: w.replace(/^0+/, '') || '0', f: f.replace(/0+$/, '') };
  };
  const x = norm(a); const y = norm(b);
  const xz = x.w === '0' && x.f === ''; const yz = y.w === '0' && y.f === '';
  if (xz && yz) return 0;
  if (x.neg !== y.neg) return (x.neg && !xz) ? -1 : (y.neg && !yz) ? 1 : 0;
  const sign = x.neg ? -1 : 1;
  if (x.w.length !== y.w.length) return sign * (x.w.length > y.w.length ? 1 : -1);
  if (x.w !== y.w) return sign * (x.w > y.w ? 1 : -1);
  const len = Math.max(x.f.length, y.f.length);
  const xf = x.f.padEnd(len, '0'); const yf = y.f.padEnd(len, '0');
  return xf === yf ? 0 : sign * (xf > yf ? 1 : -1);
}

export const isPositive = (s: string | null | undefined): boolean => !!s && compareDecimal(s, '0') > 0;

/**
 * What an undo or void means for the money in hand: "Give back $4.50 (card)" for overage charged now or
 * settled, and what came off the customer's account. Null parts when there is nothing to say.
 */
export function moneyBackText(r: { moneyBack: { method: string; amount: string }[]; accountCleared: string }, shop: Pick<ShopView, 'currency' | 'locale'>): { giveBack: string | null; account: string | null } {
  const back = r.moneyBack.filter((m) => compareDecimal(m.amount, '0') > 0);
  return {
    giveBack: back.length ? `Give back ${back.map((m) => `${money(m.amount, shop)} (${m.method})`).join(' and ')}` : null,
    account: compareDecimal(r.accountCleared, '0') > 0 ? `${money(r.accountCleared, shop)} taken off the account` : null,
  };
}

/**
 * The last day a lot's credits can be used, in the shop's zone: a lot ends at a local midnight, so the day
 * before its end ("valid through 31 Mar" for a lot that ends as 1 April begins). Shown wherever expiry is.
 */
export function validThrough(expiresAt: string, shop: Pick<ShopView, 'locale' | 'timeZone'>, now: number = Date.now()): string {
  return shortDate(new Date(new Date(expiresAt).getTime() - 1).toISOString(), shop, now);
}

/** The last valid day of a lot as a full shop-local date key ("2026-03-31"): lots group by this, never by the label. */
export const validThroughKey = (expiresAt: string, timeZone: string): string => localDateKey(new Date(expiresAt).getTime() - 1, timeZone);
