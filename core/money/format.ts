// Amounts as people read them, in the shop's locale and currency: for the screens and for the words of an error.
// Formatted from the decimal string (Intl.NumberFormat formats a decimal string exactly), never through a float.

const DECIMAL = /^-?\d+(\.\d+)?$/;
type NumericString = `${number}`;

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = locale + JSON.stringify(opts);
  let f = cache.get(key);
  if (!f) { f = new Intl.NumberFormat(locale, opts); cache.set(key, f); }
  return f;
}

/** "12.50" -> "$12.50" / "12,50 €" in the shop's currency and locale. */
export function formatMoney(amount: string | null | undefined, shop: { currency: string; locale: string }): string {
  const a = (amount ?? '0').trim();
  if (!DECIMAL.test(a)) return a;
  return nf(shop.locale, { style: 'currency', currency: shop.currency }).format(a as NumericString);
}

/** "1.500000" -> "1.5" / "1,5"; grouping per locale; up to six decimals, trailing zeros dropped. */
export function formatCredits(amount: string | null | undefined, locale = 'en-US'): string {
  const a = (amount ?? '0').trim();
  if (!DECIMAL.test(a)) return a;
  return nf(locale, { maximumFractionDigits: 6 }).format(a as NumericString);
}

/**
 * "3" -> "+3", "-3" -> "-3" / "−3" / "؜-3" as the locale writes its signs, "0" -> "0": a movement of credits. The sign
 * is the locale's own: a "+" put before what did not start with an ASCII "-" printed "+−3" in Swedish and Hebrew.
 */
export function formatSignedCredits(amount: string | null | undefined, locale = 'en-US'): string {
  const a = (amount ?? '0').trim();
  if (!DECIMAL.test(a)) return a;
  return nf(locale, { maximumFractionDigits: 6, signDisplay: 'exceptZero' }).format(a as NumericString);
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
  if (/[^aeiou]y$/i.test(unit)) return `${unit.slice(0, -1)}ies`; // pastry → pastries (day → days)
  if (/(ch|sh|x|z)$/i.test(unit)) return `${unit}es`; // lunch → lunches, box → boxes
  return `${unit}s`;
}

function englishLocale(locale: string): boolean {
  try { return new Intl.Locale(locale).language === 'en'; } catch { return false; }
}

/** "2 drinks", "1,5 Getränk". */
export function formatCreditsWithUnit(amount: string | null | undefined, unit: string, locale = 'en-US'): string {
  const a = amount ?? '0';
  return `${formatCredits(a, locale)} ${unitLabel(a, unit, locale)}`;
}
