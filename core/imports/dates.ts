// A date typed in a spreadsheet cell: ISO ("2026-12-31", or "2026/12/31"), or the shop's own numeric order
// ("12/31/2026" in en-US, "31.12.2026" in de-DE, "31/12/2026" in en-GB), with a four-digit year of the Gregorian
// calendar in Latin digits, whatever calendar the shop's language counts years in (a Thai "2569" is refused as
// too far ahead, not read as the year 2569). "3/4/26" could be two dates in two centuries, so a short year is
// refused rather than guessed.
import { PassbookError } from '../errors';

type Part = 'day' | 'month' | 'year';
const orders = new Map<string, Part[]>();

/** The locale with the Gregorian calendar and Latin digits: the order and example of a date a spreadsheet writes. */
const gregorian = (locale: string): string => `${locale.split('-u-')[0]}-u-ca-gregory-nu-latn`;

/** The order the locale writes day, month and year in (from Intl, as the screens write dates). */
function orderOf(locale: string): Part[] {
  let o = orders.get(locale);
  if (!o) {
    o = new Intl.DateTimeFormat(gregorian(locale), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' })
      .formatToParts(Date.UTC(2026, 11, 31)).map((p) => p.type).filter((t): t is Part => t === 'day' || t === 'month' || t === 'year');
    if (o.length !== 3) o = ['year', 'month', 'day'];
    orders.set(locale, o);
  }
  return o;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Years ahead a last day may be: credits that last longer are a typing error (or a year of another calendar). */
export const MAX_YEARS_AHEAD = 50;

/** "YYYY-MM-DD" of a real calendar date no more than MAX_YEARS_AHEAD years after `thisYear`, or a VALIDATION error naming the field. */
export function parseImportDate(text: string, locale: string, field: string, thisYear: number): string {
  const t = text.trim();
  const bad = (why: string) => new PassbookError('VALIDATION', `${field}: ${why}`, { field, input: t.slice(0, 40) });
  let y: number; let m: number; let d: number;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const parts = /^(\d{1,4})[./\-\s]+(\d{1,4})[./\-\s]+(\d{1,4})\.?$/.exec(t);
    const example = new Intl.DateTimeFormat(gregorian(locale), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2026, 11, 31));
    if (!parts) throw bad(`"${t.slice(0, 40)}" is not a date: write it as 2026-12-31 or ${example}`);
    const order = orderOf(locale);
    const v: Record<Part, string> = { day: '', month: '', year: '' };
    order.forEach((p, i) => { v[p] = parts[i + 1]!; });
    if (v.year.length !== 4) throw bad(`"${t.slice(0, 40)}": write the year in full (${example})`);
    [y, m, d] = [Number(v.year), Number(v.month), Number(v.day)];
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || d < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw bad(`"${t.slice(0, 40)}" is not a day of the calendar`);
  }
  if (y > thisYear + MAX_YEARS_AHEAD) throw bad(`${y} is more than ${MAX_YEARS_AHEAD} years ahead: give the year of the Gregorian calendar, e.g. ${thisYear + 1}`);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The day after a "YYYY-MM-DD" date. */
export function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}
