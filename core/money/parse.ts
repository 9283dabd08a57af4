// The one parser for every amount that enters Passbook: UI fields, CSV import, API strings.
// It never goes through binary floating point: text -> digits -> integer units.
import { PassbookError } from '../errors';
import { CREDIT_SCALE, MAX_CREDIT_UNITS, MAX_MONEY_MINOR } from './decimal';

export type Sign = 'positive' | 'nonnegative' | 'any';

export interface ParseOptions {
  /** digits after the decimal point that the value may have (2 for USD cents, 6 for credits) */
  scale: number;
  /** which values are allowed; default 'positive' (> 0) */
  sign?: Sign;
  /** largest absolute value in units */
  maxUnits?: number;
  /** BCP 47 locale whose decimal and group separators the text uses; omit for canonical "1234.5" */
  locale?: string;
  /** field name for the error message */
  field?: string;
}

interface Separators { decimals: string[]; groups: string[] }
const separatorCache = new Map<string, Separators>();

/**
 * The marks a locale writes amounts with. A number and a price may differ: fr-CH writes 4,5 but 4.50 CHF, de-AT
 * groups 1 234,5 but € 1.234,50; a field accepts what either shows. Where a locale's decimal mark is its own
 * script's ("٫" in ar-KW, fa-IR: on no ordinary keyboard) "." is one too. Not where the mark is ",": a Polish or
 * Swedish price typed "1.000" means a thousand, and is refused rather than read as 1. A group mark is never a
 * decimal mark.
 */
function separators(locale: string): Separators {
  let s = separatorCache.get(locale);
  if (!s) {
    const marks = (f: Intl.NumberFormat) => {
      const parts = f.formatToParts(1234567.5);
      return { decimal: parts.find((p) => p.type === 'decimal')?.value, group: parts.find((p) => p.type === 'group')?.value };
    };
    const num = marks(new Intl.NumberFormat(locale, { useGrouping: true }));
    const price = marks(new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', useGrouping: true }));
    const groups = [...new Set([num.group ?? ',', price.group].filter((g): g is string => !!g))];
    const own = num.decimal ?? '.';
    const keyboardDot = own !== ',' && own !== '.' ? '.' : undefined;
    const decimals = [...new Set([own, price.decimal, keyboardDot].filter((d): d is string => !!d && !groups.includes(d)))];
    s = { decimals, groups };
    separatorCache.set(locale, s);
  }
  return s;
}

/** Full-width digits and marks (a Japanese or Chinese IME types ４５０．５): their ASCII twins. */
const fullWidth = (text: string): string => text.replace(/[\uff0c-\uff0e\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

const invalid = (field: string, message: string, input: unknown): PassbookError =>
  new PassbookError('VALIDATION', `${field}: ${message}`, { field, input: typeof input === 'string' ? input.slice(0, 64) : String(input) });

interface Digits { negative: boolean; whole: string; frac: string }

/** Text -> sign, whole digits, fraction digits (trailing zeros dropped): the part every amount shares. */
function readDigits(input: unknown, field: string, locale: string | undefined): Digits {
  if (typeof input !== 'string') throw invalid(field, 'must be a decimal string such as "12.50"', input);
  let text = input.trim().replace(/[\u00a0\u202f]/g, ' ');
  if (text.length === 0) throw invalid(field, 'is empty', input);
  if (text.length > 64) throw invalid(field, 'is too long', input);

  if (locale) text = fullWidth(text);
  let negative = false;
  if (text.startsWith('-') || text.startsWith('\u2212')) { negative = true; text = text.slice(1); }
  else if (text.startsWith('+')) text = text.slice(1);

  let whole: string;
  let frac: string;
  if (locale) {
    // a field in an Arabic or Persian shop may be typed with that script's digits, and such a locale writes its
    // own negative numbers after a direction mark ("؜-١٫٥", "‎−۱٫۵"): the marks carry no value
    text = text.replace(/[\u061c\u200e\u200f]/g, '');
    if (!negative && (text.startsWith('-') || text.startsWith('\u2212'))) { negative = true; text = text.slice(1); }
    text = text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
    const { decimals, groups } = separators(locale);
    // the last decimal mark splits the number (every mark is one character)
    const at = Math.max(...decimals.map((d) => text.lastIndexOf(d)));
    const w = at >= 0 ? text.slice(0, at) : text;
    frac = at >= 0 ? text.slice(at + 1) : '';
    // a space-like group also accepts a plain space; the Swiss apostrophe is typed either way (' or ’)
    const groupChars = groups.flatMap((g) => (g.trim() === '' ? [' ', g] : /^['\u2019]$/.test(g) ? ["'", '\u2019'] : [g]));
    const usesGroups = groupChars.some((g) => w.includes(g));
    if (usesGroups) {
      const normalized = groupChars.reduce((acc, g) => acc.split(g).join(','), w);
      // thousands (1,234,567) or the Indian lakh grouping (12,34,567); a leading zero group is not a grouped
      // number: "0.125" in de-DE is a decimal written the other way, refused rather than read as 125
      if (!/^[1-9]\d{0,2}(,\d{3})+$/.test(normalized) && !/^[1-9]\d?(,\d{2})*,\d{3}$/.test(normalized)) {
        throw invalid(field, 'has misplaced thousands separators', input);
      }
      whole = normalized.replace(/,/g, '');
    } else whole = w;
  } else {
    const at = text.indexOf('.');
    whole = at >= 0 ? text.slice(0, at) : text;
    frac = at >= 0 ? text.slice(at + 1) : '';
  }
  // "1e3" is an exponent, refused in words of its own; "ten" is simply not a number
  if (/^[\d.,\s'’]*\d[eE][+-]?\d+$/.test(text)) throw invalid(field, 'must be written in plain digits (no exponent)', input);
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(frac) || (whole === '' && frac === '')) {
    throw invalid(field, 'is not a number', input);
  }
  return { negative, whole, frac: frac.replace(/0+$/, '') };
}

/**
 * Text typed in a locale ("1.234,5" in de-DE) -> the canonical decimal string the API takes ("1234.5").
 * Same reading as parseUnits, so a field accepts exactly what the parser would; scale and range are the
 * API's to check. Throws VALIDATION.
 */
export function canonicalDecimal(input: unknown, opts: { locale?: string; field?: string } = {}): string {
  const { negative, whole, frac } = readDigits(input, opts.field ?? 'amount', opts.locale);
  const w = whole.replace(/^0+/, '') || '0';
  const zero = w === '0' && frac === '';
  return `${negative && !zero ? '-' : ''}${w}${frac ? `.${frac}` : ''}`;
}

/**
 * Parse a decimal amount into integer units of `scale`.
 * Accepted: "12", "12.5", ".47", "-3" (if sign allows), "1,000.50" (with a locale that groups by ",").
 * Rejected with VALIDATION: blank, NaN/Infinity, exponents ("1e3"), more decimals than `scale`,
 * badly placed group separators, values above `maxUnits`. "-0" is zero.
 */
export function parseUnits(input: unknown, opts: ParseOptions): number {
  const field = opts.field ?? 'amount';
  const sign = opts.sign ?? 'positive';
  const { negative, whole, frac } = readDigits(input, field, opts.locale);
  if (frac.length > opts.scale) {
    throw invalid(field, opts.scale === 0 ? 'must be a whole number' : `allows at most ${opts.scale} decimal places`, input);
  }
  const wholeDigits = whole.replace(/^0+/, '');
  if (wholeDigits.length > 15) throw invalid(field, 'is too large', input);
  const units = BigInt(wholeDigits || '0') * 10n ** BigInt(opts.scale) + BigInt((frac || '0').padEnd(opts.scale, '0'));
  const max = BigInt(opts.maxUnits ?? Number.MAX_SAFE_INTEGER);
  if (units > max) throw invalid(field, 'is too large', input);
  let value = Number(units);
  if (negative && value !== 0) value = -value;
  if (sign === 'positive' && value <= 0) throw invalid(field, 'must be greater than zero', input);
  if (sign === 'nonnegative' && value < 0) throw invalid(field, 'must not be negative', input);
  return value;
}

/** Credits (and drawdown rates, quantities): millionths. */
export const parseCredits = (input: unknown, opts: Omit<ParseOptions, 'scale' | 'maxUnits'> = {}): number =>
  parseUnits(input, { ...opts, scale: CREDIT_SCALE, maxUnits: MAX_CREDIT_UNITS, field: opts.field ?? 'credits' });

/** Money: minor units of the shop currency. */
export const parseMoney = (input: unknown, minorDigits: number, opts: Omit<ParseOptions, 'scale' | 'maxUnits'> = {}): number =>
  parseUnits(input, { ...opts, scale: minorDigits, maxUnits: MAX_MONEY_MINOR, field: opts.field ?? 'amount' });
