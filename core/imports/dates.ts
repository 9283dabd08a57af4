// A date typed in a spreadsheet cell: ISO ("2026-12-31", or "2026/12/31"), or the shop's own numeric order
// ("12/31/2026" in en-US, "31.12.2026" in de-DE, "31/12/2026" in en-GB), with a four-digit year of the Gregorian
// calendar in Latin digits, whatever calendar the shop's language counts years in (a Thai "2569" is refused as
// too far ahead, not read as the year 2569). "3/4/26" could be two dates in two centuries, so a short year is
// refused rather than guessed. A time after the date is passed over when it is midnight or the day's last minute
// (a spreadsheet's "4/15/2026 0:00"), and Excel's day number (46127) is read as its day. A file written in the other order (a day-first list in a US shop) says so: a date that
// is no day in the shop's order but one with day and month swapped ("31/03/2026") is a problem naming the order, and
// then every date of that file that reads both ways ("03/04/2026") is refused too, rather than read as another day.
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

/** A date of the file that is a day only with day and month swapped: it shows the file writes them the other way. */
export interface OtherOrder { line: number; text: string }

interface Numeric { y: number; m: number; d: number; year: string }

/** The example the shop's own order gives (12/31/2026 in en-US), in Latin digits. */
const exampleOf = (locale: string): string =>
  new Intl.DateTimeFormat(gregorian(locale), { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).format(Date.UTC(2026, 11, 31));

const ISO = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const NUMERIC = /^(\d{1,4})[./\-\s]+(\d{1,4})[./\-\s]+(\d{1,4})\.?$/;

/**
 * A date with the time a spreadsheet writes after it ("4/15/2026 0:00", "15.04.2026 00:00:00", "2026-04-15T00:00",
 * "4/15/2026 12:00:00 AM"): the date, and whether the time is the day's start or its last minute (both mean that
 * day). Another time is kept, to be named: a last day is a day, and 14:30 may mean the day before or that one.
 */
const TIME = /^(.*?\d)(?:[T\s]+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?)?$/;
function withoutTime(t: string): { date: string; time: string | null; wholeDay: boolean } {
  const m = TIME.exec(t);
  if (!m) return { date: t, time: null, wholeDay: true };
  let h = Number(m[2]); const min = Number(m[3]); const sec = Number(m[4] ?? '0');
  const ampm = m[5]?.replace(/\./g, '').toLowerCase();
  if (ampm === 'am' && h === 12) h = 0;
  if (ampm === 'pm' && h < 12) h += 12;
  const start = h === 0 && min === 0 && sec === 0;
  const end = h === 23 && min === 59;
  return { date: m[1]!, time: t.slice(m[1]!.length).trim(), wholeDay: start || end };
}

/**
 * Excel's number for a day (its 1900 date system: 46127 is 2026-04-15), as a date column formatted as a number
 * exports it. Only five-digit numbers of this century's days are read so: a count of credits or a year is never one.
 */
const SERIAL = /^(\d{5})(?:[.,]0+)?$/;
function fromSerial(t: string): { y: number; m: number; d: number } | null {
  const s = SERIAL.exec(t);
  if (!s) return null;
  const n = Number(s[1]);
  if (n < 36526 || n > 73050) return null; // 2000-01-01 .. 2099-12-31
  const day = new Date(Date.UTC(1899, 11, 30 + n));
  return { y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate() };
}

/** A date written in numbers, read in the shop's order (not ISO); null when it is not that. */
function numeric(whole: string, locale: string): Numeric | null {
  const t = withoutTime(whole).date;
  if (ISO.test(t)) return null;
  const parts = NUMERIC.exec(t);
  if (!parts) return null;
  const v: Record<Part, string> = { day: '', month: '', year: '' };
  orderOf(locale).forEach((p, i) => { v[p] = parts[i + 1]!; });
  return { y: Number(v.year), m: Number(v.month), d: Number(v.day), year: v.year };
}

const isDay = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return m >= 1 && m <= 12 && d >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** No day in the shop's order, but one with day and month swapped. */
const onlySwapped = (n: Numeric): boolean => n.year.length === 4 && !isDay(n.y, n.m, n.d) && isDay(n.y, n.d, n.m);

/** The first date in a file's column that reads only with day and month the other way round, or null. */
export function otherOrderIn(dates: Array<{ line: number; text: string | undefined }>, locale: string): OtherOrder | null {
  for (const { line, text } of dates) {
    const n = text === undefined ? null : numeric(text.trim(), locale);
    if (n && onlySwapped(n)) return { line, text: text!.trim().slice(0, 40) };
  }
  return null;
}

/** Which of day and month the shop writes first, and which the other way puts first. */
function firsts(locale: string): [string, string] {
  const order = orderOf(locale).filter((p) => p !== 'year');
  return order[0] === 'month' ? ['month', 'day'] : ['day', 'month'];
}

/**
 * "YYYY-MM-DD" of a real calendar date no more than MAX_YEARS_AHEAD years after `thisYear`, or a VALIDATION error
 * naming the field. `other`: a date of the same file that shows it writes day and month the other way round; a date
 * that reads both ways is then refused.
 */
export function parseImportDate(text: string, locale: string, field: string, thisYear: number, other: OtherOrder | null = null): string {
  const whole = text.trim();
  const bad = (why: string) => new PassbookError('VALIDATION', `${field}: ${why}`, { field, input: whole.slice(0, 40) });
  const { date: t, time, wholeDay } = withoutTime(whole);
  if (!wholeDay) throw bad(`"${whole.slice(0, 40)}": a last day is a whole day; write the date without the time (${time}), or the day before if the credits end then`);
  let y: number; let m: number; let d: number;
  const iso = ISO.exec(t);
  const serial = fromSerial(t);
  if (serial) {
    ({ y, m, d } = serial);
  } else if (iso) {
    [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  } else {
    const n = numeric(t, locale);
    const example = exampleOf(locale);
    if (!n) throw bad(`"${t.slice(0, 40)}" is not a date: write it as 2026-12-31 or ${example}`);
    if (n.year.length !== 4) throw bad(`"${t.slice(0, 40)}": write the year in full (${example})`);
    const [own, theirs] = firsts(locale);
    if (onlySwapped(n)) {
      throw bad(`"${t.slice(0, 40)}": this shop writes dates ${own} first (${example}), and this one seems to put the ${theirs} first. Write it as ${n.y}-${pad(n.d)}-${pad(n.m)}.`);
    }
    if (other && n.m <= 12 && n.d <= 12 && n.m !== n.d) {
      throw bad(`"${t.slice(0, 40)}" could be read two ways: line ${other.line} (${other.text}) puts the ${theirs} first, and this shop writes the ${own} first (${example}). Write it year first, as ${n.y}-${pad(n.d)}-${pad(n.m)} if the ${theirs} comes first.`);
    }
    ({ y, m, d } = n);
  }
  if (!isDay(y, m, d)) throw bad(`"${t.slice(0, 40)}" is not a day of the calendar`);
  if (y > thisYear + MAX_YEARS_AHEAD) throw bad(`${y} is more than ${MAX_YEARS_AHEAD} years ahead: give the year of the Gregorian calendar, e.g. ${thisYear + 1}`);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** The day after a "YYYY-MM-DD" date. */
export function dayAfter(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
}
