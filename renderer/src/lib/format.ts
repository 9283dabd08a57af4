// Display of amounts and times in the shop's locale, currency and time zone.
// Amounts arrive as decimal strings and are formatted from the string (Intl.NumberFormat accepts
// decimal strings exactly), never through binary floating point.
import type { ShopView } from '../../../core/contract/common';

type NumericString = `${number}`;
const DECIMAL = /^-?\d+(\.\d+)?$/;

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) { f = new Intl.NumberFormat(locale, opts); cache.set(key, f); }
  return f;
}

/** "12.50" -> "$12.50" in the shop's currency and locale. */
export function money(amount: string | null | undefined, shop: Pick<ShopView, 'currency' | 'locale'>): string {
  const a = (amount ?? '0').trim();
  if (!DECIMAL.test(a)) return a;
  return nf(shop.locale, { style: 'currency', currency: shop.currency }).format(a as NumericString);
}

/** "1.500000" -> "1.5"; grouping per locale; up to six decimals, trailing zeros dropped. */
export function credits(amount: string | null | undefined, locale = 'en-US'): string {
  const a = (amount ?? '0').trim();
  if (!DECIMAL.test(a)) return a;
  return nf(locale, { maximumFractionDigits: 6 }).format(a as NumericString);
}

/**
 * The credit unit as the owner typed it, pluralised only where an English "s" is right: the shop's locale
 * is English and the unit is one plain ASCII word ("drink" → "2 drinks"). Anything else stays as typed:
 * "Getränk" in a German shop, "杯" in a Japanese one, units already ending in s ("hours"), symbols with
 * capitals or digits ("GB", "kWh"), several words. Every caller passes the shop's locale.
 */
export function unitLabel(amount: string, unit: string, locale: string): string {
  const one = /^-?0*1(\.0*)?$/.test(amount.trim());
  if (one || !englishLocale(locale) || !/^[a-z]+$/i.test(unit) || /s$/i.test(unit) || /[A-Z0-9]/.test(unit.slice(1)) || /^[A-Z]+$/.test(unit)) return unit;
  return `${unit}s`;
}

function englishLocale(locale: string): boolean {
  try { return new Intl.Locale(locale).language === 'en'; } catch { return false; }
}

export function creditsWithUnit(amount: string | null | undefined, unit: string, locale = 'en-US'): string {
  const a = amount ?? '0';
  return `${credits(a, locale)} ${unitLabel(a, unit, locale)}`;
}

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
