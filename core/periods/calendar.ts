// Period boundaries: local midnight in the shop's IANA time zone, DST-safe.
//
// Every boundary is computed by @date-fns/tz + date-fns in the shop's zone (TZDate through the `in: tz()`
// context option); there is no hand-written offset arithmetic here. Instants are epoch milliseconds (UTC).
//
// Choices (documented, tested in calendar.test.ts):
// - day:      periods are local calendar days, [00:00, next 00:00).
// - week:     ISO weeks, Monday 00:00 local to the next Monday 00:00 local.
// - month:    calendar months. A pass sold on 14 March with monthly validity has a short first period that
//             ends at the local midnight that starts 1 April; period 1 is April, and so on. This keeps every
//             boundary of the shop on the same local midnight, so one close run handles all passes.
// - quarter:  calendar quarters (1 Jan, 1 Apr, 1 Jul, 1 Oct).
// - year:     calendar years (1 Jan).
// - N days:   N local calendar days counted from the local day of the anchor (the sale day is day 1):
//             a 30-day pass sold on 14 March 15:00 ends at the local midnight that starts 13 April.
//             A day is a calendar day, so a period that spans a DST change is 23 or 25 hours × ... long.
// - none:     no boundaries at all: the credits never expire by period.
// An instant belongs to the period whose [start, end) contains it: 23:30 local on the last day of a month is
// in that month whatever the UTC date is.
import { tz as tzIn, TZDate } from '@date-fns/tz';
import {
  addDays, addMonths, addQuarters, addWeeks, addYears, format, getDate, startOfDay, startOfISOWeek, startOfMonth,
  startOfQuarter, startOfYear,
} from 'date-fns';

export type CalendarUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';
/** How long one period of a plan lasts. */
export type Validity = 'none' | CalendarUnit | { days: number };

export interface Period {
  /** 0 for the period that contains the anchor, 1 for the next, ... (negative before the anchor) */
  index: number;
  /** local midnight that starts the period (epoch ms, inclusive) */
  start: number;
  /** local midnight that ends it (epoch ms, exclusive) */
  end: number;
}

const MAX_DAYS = 36_600;

/** Parse the stored/wire form of a validity: "month", "none", "30d" / "days:30" / {days: 30}. */
export function parseValidity(v: unknown): Validity {
  if (typeof v === 'object' && v !== null && 'days' in v) return checkDays((v as { days: unknown }).days);
  if (typeof v === 'string') {
    if (v === 'none' || v === 'day' || v === 'week' || v === 'month' || v === 'quarter' || v === 'year') return v;
    const m = /^(?:days:)?(\d{1,5})d?$/.exec(v);
    if (m && m[1]) return checkDays(Number(m[1]));
  }
  throw new RangeError(`unknown validity ${JSON.stringify(v)}`);
}

function checkDays(n: unknown): { days: number } {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_DAYS) throw new RangeError(`validity days must be 1..${MAX_DAYS}`);
  return { days: n };
}

/** The canonical text of a validity: "month", "30d". */
export function validityText(v: Validity): string {
  return typeof v === 'string' ? v : `${v.days}d`;
}

function zone(timeZone: string) {
  return tzIn(timeZone);
}

/** Local midnight starting the day that contains `instant`. */
export function localDayStart(instant: number, timeZone: string): number {
  return startOfDay(instant, { in: zone(timeZone) }).getTime();
}

// Formatting local dates is on hot paths (exports, statements): one cached Intl.DateTimeFormat per zone
// (the platform's time-zone database, the same one @date-fns/tz reads) instead of a TZDate per call.
const partsCache = new Map<string, Intl.DateTimeFormat>();
function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      hourCycle: 'h23', timeZoneName: 'longOffset',
    });
    partsCache.set(timeZone, f);
  }
  return f;
}

interface LocalParts { year: string; month: string; day: string; hour: string; minute: string; second: string; offset: string }
function localParts(instant: number, timeZone: string): LocalParts {
  const out: LocalParts = { year: '', month: '', day: '', hour: '', minute: '', second: '', offset: '' };
  for (const p of partsFormat(timeZone).formatToParts(instant)) {
    switch (p.type) {
      case 'year': out.year = p.value.padStart(4, '0'); break;
      case 'month': out.month = p.value; break;
      case 'day': out.day = p.value; break;
      case 'hour': out.hour = p.value; break;
      case 'minute': out.minute = p.value; break;
      case 'second': out.second = p.value; break;
      case 'timeZoneName': out.offset = p.value === 'GMT' ? '+00:00' : p.value.replace('GMT', ''); break;
    }
  }
  return out;
}

/** Local calendar date of an instant: "2026-03-31". */
export function localDate(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Local date and time of an instant with its offset: "2026-03-31T23:30:00-04:00". */
export function localDateTime(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${p.offset}`;
}

/** Local month of an instant: "2026-03". */
export function localMonth(instant: number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${p.year}-${p.month}`;
}

/**
 * A local-time formatter for long runs of instants in time order (statements, exports). It asks the
 * time-zone library for the local day around an instant (its midnight, the next midnight and the offset at
 * both ends); inside a plain 24-hour day with one offset, the wall-clock time is the time elapsed since that
 * midnight. Days with a DST change (or any other irregular day) go through Intl for every instant.
 */
export function localFormatter(timeZone: string): { dateTime(instant: number): string; date(instant: number): string } {
  let segStart = Number.NaN;
  let segEnd = Number.NaN;
  let date = '';
  let offset = '';
  const load = (t: number): boolean => {
    const start = localDayStart(t, timeZone);
    const end = nextLocalMidnight(t, timeZone);
    const a = localParts(start, timeZone);
    const b = localParts(end - 1, timeZone);
    if (end - start === DAY_MS_ && a.offset === b.offset && a.hour === '00' && a.minute === '00' && a.second === '00') {
      segStart = start; segEnd = end; date = `${a.year}-${a.month}-${a.day}`; offset = a.offset;
      return true;
    }
    segStart = Number.NaN; segEnd = Number.NaN;
    return false;
  };
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  return {
    dateTime(t: number): string {
      if (!(t >= segStart && t < segEnd) && !load(t)) return localDateTime(t, timeZone);
      const sec = Math.floor((t - segStart) / 1000);
      return `${date}T${two(Math.floor(sec / 3600))}:${two(Math.floor(sec / 60) % 60)}:${two(sec % 60)}${offset}`;
    },
    date(t: number): string {
      if (!(t >= segStart && t < segEnd) && !load(t)) return localDate(t, timeZone);
      return date;
    },
  };
}
const DAY_MS_ = 86_400_000;

/** The same local date and time formatted by date-fns on a TZDate (reference for the tests). */
export function localDateTimeReference(instant: number, timeZone: string): string {
  return format(new TZDate(instant, timeZone), "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** Local midnight starting the given local date "YYYY-MM-DD" (DST-safe). */
export function startOfLocalDate(date: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), timeZone).getTime();
}

function unitStart(instant: number, unit: CalendarUnit, timeZone: string): number {
  const o = { in: zone(timeZone) };
  switch (unit) {
    case 'day': return startOfDay(instant, o).getTime();
    case 'week': return startOfISOWeek(instant, o).getTime();
    case 'month': return startOfMonth(instant, o).getTime();
    case 'quarter': return startOfQuarter(instant, o).getTime();
    case 'year': return startOfYear(instant, o).getTime();
  }
}

function addUnits(start: number, unit: CalendarUnit | 'days', n: number, timeZone: string): number {
  const o = { in: zone(timeZone) };
  // the results stay at local midnight: date-fns adds calendar units in the zone of the TZDate context
  switch (unit) {
    case 'day': case 'days': return startOfDay(addDays(start, n, o), o).getTime();
    case 'week': return startOfDay(addWeeks(start, n, o), o).getTime();
    case 'month': return startOfDay(addMonths(start, n, o), o).getTime();
    case 'quarter': return startOfDay(addQuarters(start, n, o), o).getTime();
    case 'year': return startOfDay(addYears(start, n, o), o).getTime();
  }
}


interface Grid { key: string; origin: number; unit: CalendarUnit | 'days'; step: number; approx: number }

const DAY_MS = 86_400_000;
const APPROX: Record<CalendarUnit | 'days', number> = {
  day: DAY_MS, days: DAY_MS, week: 7 * DAY_MS, month: 30.436875 * DAY_MS, quarter: 91.310625 * DAY_MS, year: 365.2425 * DAY_MS,
};

// Boundaries are pure functions of (zone, validity, anchor, index): cached, so a close over 10k passes or a
// statement does not recompute them with the time-zone library on every call. Bounded; cleared when full.
const CACHE_LIMIT = 200_000;
const gridCache = new Map<string, Grid>();
const boundaryCache = new Map<string, number>();

function grid(anchor: number, validity: Validity, timeZone: string): Grid {
  if (validity === 'none') throw new RangeError('a validity of "none" has no periods');
  const vkey = typeof validity === 'string' ? validity : `${checkDays(validity.days).days}d`;
  const key = `${timeZone}|${vkey}|${anchor}`;
  let g = gridCache.get(key);
  if (!g) {
    const unit: CalendarUnit | 'days' = typeof validity === 'string' ? validity : 'days';
    const step = typeof validity === 'string' ? 1 : validity.days;
    const origin = typeof validity === 'string' ? unitStart(anchor, validity, timeZone) : startOfDay(anchor, { in: zone(timeZone) }).getTime();
    g = { key: `${timeZone}|${unit}|${step}|${origin}`, origin, unit, step, approx: APPROX[unit] * step };
    if (gridCache.size >= CACHE_LIMIT) gridCache.clear();
    gridCache.set(key, g);
  }
  return g;
}

function boundary(g: Grid, index: number, timeZone: string): number {
  const key = `${g.key}|${index}`;
  let b = boundaryCache.get(key);
  if (b === undefined) {
    b = addUnits(g.origin, g.unit, index * g.step, timeZone);
    if (boundaryCache.size >= CACHE_LIMIT) boundaryCache.clear();
    boundaryCache.set(key, b);
  }
  return b;
}

/** Start of period `index` (local midnight) for a pass anchored at `anchor`. */
export function periodStart(index: number, anchor: number, validity: Validity, timeZone: string): number {
  return boundary(grid(anchor, validity, timeZone), index, timeZone);
}

/** The period of a pass (anchored at its sale instant) that contains `instant`. */
export function periodOf(instant: number, anchor: number, validity: Validity, timeZone: string): Period {
  const g = grid(anchor, validity, timeZone);
  // a first guess from the average period length; the library-computed boundaries decide
  let index = Math.floor((instant - g.origin) / g.approx);
  while (boundary(g, index, timeZone) > instant) index -= 1;
  while (boundary(g, index + 1, timeZone) <= instant) index += 1;
  return { index, start: boundary(g, index, timeZone), end: boundary(g, index + 1, timeZone) };
}

/**
 * The end of a validity counted from `instant` rather than on the shop's calendar (a top-up pack's own
 * expiry): the local midnight starting the same date one unit later, the purchase day counting as day 1 like
 * `N days`. One month from 14 Mar ends at the midnight starting 14 Apr; a week, 7 days; a day, the next
 * midnight. When that date does not exist (a month from 31 Jan, a year from 29 Feb) the validity runs through
 * the month's last day, to the midnight starting the 1st after it: a buyer on the 31st never gets less than a
 * buyer on the 1st. Null for "none".
 */
export function validityEndFrom(instant: number, validity: Validity, timeZone: string): number | null {
  if (validity === 'none') return null;
  const o = { in: zone(timeZone) };
  const day = startOfDay(instant, o).getTime();
  if (typeof validity !== 'string') return addUnits(day, 'days', checkDays(validity.days).days, timeZone);
  const end = addUnits(day, validity, 1, timeZone);
  // date-fns clamps 31 Jan + 1 month to 28 Feb: then the last valid day is that 28 Feb, not the 27th
  if ((validity === 'month' || validity === 'quarter' || validity === 'year') && getDate(end, o) < getDate(day, o)) return nextLocalMidnight(end, timeZone);
  return end;
}

/** The first boundary strictly after `instant`, or null for validity "none". */
export function nextBoundary(instant: number, anchor: number, validity: Validity, timeZone: string): number | null {
  if (validity === 'none') return null;
  return periodOf(instant, anchor, validity, timeZone).end;
}

/** Every boundary b with from < b <= to, in order (the boundaries a close run at `to` must process after `from`). */
export function boundariesBetween(from: number, to: number, anchor: number, validity: Validity, timeZone: string): number[] {
  if (validity === 'none' || to <= from) return [];
  const out: number[] = [];
  const first = periodOf(from, anchor, validity, timeZone);
  for (let i = first.index + 1; ; i += 1) {
    const b = periodStart(i, anchor, validity, timeZone);
    if (b > to) break;
    out.push(b);
  }
  return out;
}

/** End of the period that is `periodsAhead` periods after the one containing `instant` (0 = its own end). */
export function endOfPeriodsAhead(instant: number, periodsAhead: number, anchor: number, validity: Validity, timeZone: string): number | null {
  if (validity === 'none') return null;
  const p = periodOf(instant, anchor, validity, timeZone);
  return periodStart(p.index + 1 + periodsAhead, anchor, validity, timeZone);
}

/** The first local midnight strictly after `instant` (when the host should run the next close). */
export function nextLocalMidnight(instant: number, timeZone: string): number {
  const o = { in: zone(timeZone) };
  return startOfDay(addDays(startOfDay(instant, o), 1, o), o).getTime();
}
