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
  addDays, addMonths, addQuarters, addWeeks, addYears, differenceInCalendarDays, differenceInCalendarMonths,
  differenceInCalendarQuarters, differenceInCalendarYears, format, startOfDay, startOfISOWeek, startOfMonth,
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

/** Local calendar date of an instant: "2026-03-31". */
export function localDate(instant: number, timeZone: string): string {
  return format(new TZDate(instant, timeZone), 'yyyy-MM-dd');
}

/** Local date and time of an instant with its offset: "2026-03-31T23:30:00-04:00". */
export function localDateTime(instant: number, timeZone: string): string {
  return format(new TZDate(instant, timeZone), "yyyy-MM-dd'T'HH:mm:ssxxx");
}

/** Local month of an instant: "2026-03". */
export function localMonth(instant: number, timeZone: string): string {
  return format(new TZDate(instant, timeZone), 'yyyy-MM');
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

function diffUnits(later: number, earlier: number, unit: CalendarUnit | 'days', timeZone: string): number {
  const o = { in: zone(timeZone) };
  switch (unit) {
    case 'day': case 'days': return differenceInCalendarDays(later, earlier, o);
    case 'week': return Math.floor(differenceInCalendarDays(later, earlier, o) / 7);
    case 'month': return differenceInCalendarMonths(later, earlier, o);
    case 'quarter': return differenceInCalendarQuarters(later, earlier, o);
    case 'year': return differenceInCalendarYears(later, earlier, o);
  }
}

interface Grid { origin: number; unit: CalendarUnit | 'days'; step: number }

function grid(anchor: number, validity: Validity, timeZone: string): Grid {
  if (validity === 'none') throw new RangeError('a validity of "none" has no periods');
  if (typeof validity === 'string') return { origin: unitStart(anchor, validity, timeZone), unit: validity, step: 1 };
  return { origin: startOfDay(anchor, { in: zone(timeZone) }).getTime(), unit: 'days', step: checkDays(validity.days).days };
}

/** Start of period `index` (local midnight) for a pass anchored at `anchor`. */
export function periodStart(index: number, anchor: number, validity: Validity, timeZone: string): number {
  const g = grid(anchor, validity, timeZone);
  return addUnits(g.origin, g.unit, index * g.step, timeZone);
}

/** The period of a pass (anchored at its sale instant) that contains `instant`. */
export function periodOf(instant: number, anchor: number, validity: Validity, timeZone: string): Period {
  const g = grid(anchor, validity, timeZone);
  let index = Math.floor(diffUnits(instant, g.origin, g.unit, timeZone) / g.step);
  // the estimate is exact for calendar units; the loop only guards the edges
  let start = addUnits(g.origin, g.unit, index * g.step, timeZone);
  while (start > instant) { index -= 1; start = addUnits(g.origin, g.unit, index * g.step, timeZone); }
  let end = addUnits(g.origin, g.unit, (index + 1) * g.step, timeZone);
  while (end <= instant) { index += 1; start = end; end = addUnits(g.origin, g.unit, (index + 1) * g.step, timeZone); }
  return { index, start, end };
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
