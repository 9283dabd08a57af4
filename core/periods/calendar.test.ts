import { describe, expect, it } from 'vitest';
import {
  boundariesBetween, endOfPeriodsAhead, localDate, localDateTime, localDateTimeReference, localFormatter, nextBoundary, nextLocalMidnight, parseValidity,
  periodOf, periodStart, startOfLocalDate,
} from './calendar';

const LON = 'Europe/London';
const NY = 'America/New_York';
const ms = (iso: string) => new Date(iso).getTime();
const isoOf = (t: number) => new Date(t).toISOString();

describe('month periods', () => {
  it('anchors at calendar months: sold 14 Mar, first period ends at the local midnight starting 1 Apr (London, after spring DST)', () => {
    const sale = ms('2026-03-14T10:00:00Z');
    const p = periodOf(sale, sale, 'month', LON);
    expect(p.index).toBe(0);
    expect(isoOf(p.start)).toBe('2026-03-01T00:00:00.000Z'); // GMT
    expect(isoOf(p.end)).toBe('2026-03-31T23:00:00.000Z'); // 1 Apr 00:00 BST (clocks went forward 29 Mar)
    const p1 = periodOf(p.end, sale, 'month', LON);
    expect(p1).toEqual({ index: 1, start: p.end, end: ms('2026-04-30T23:00:00Z') });
  });

  it('London autumn: October ends at 1 Nov 00:00 GMT (clocks went back 25 Oct)', () => {
    const sale = ms('2026-10-10T12:00:00Z');
    const p = periodOf(sale, sale, 'month', LON);
    expect(isoOf(p.start)).toBe('2026-09-30T23:00:00.000Z'); // 1 Oct 00:00 BST
    expect(isoOf(p.end)).toBe('2026-11-01T00:00:00.000Z');
    expect(p.end - p.start).toBe(31 * 86_400_000 + 3_600_000); // a 25-hour day inside
  });

  it('New York spring and autumn month ends', () => {
    const sale = ms('2026-03-02T15:00:00Z');
    const mar = periodOf(sale, sale, 'month', NY);
    expect(isoOf(mar.start)).toBe('2026-03-01T05:00:00.000Z'); // EST
    expect(isoOf(mar.end)).toBe('2026-04-01T04:00:00.000Z'); // EDT after 8 Mar
    expect(mar.end - mar.start).toBe(31 * 86_400_000 - 3_600_000);
    const nov = periodOf(ms('2026-11-15T12:00:00Z'), sale, 'month', NY);
    expect(nov.index).toBe(8);
    expect(isoOf(nov.start)).toBe('2026-11-01T04:00:00.000Z'); // 1 Nov 00:00 EDT; clocks go back at 02:00 that day
    expect(isoOf(nov.end)).toBe('2026-12-01T05:00:00.000Z');
    const oct = periodOf(ms('2026-10-20T12:00:00Z'), sale, 'month', NY);
    expect(oct.end).toBe(nov.start);
  });

  it('23:30 local on the last day belongs to that month, whatever the UTC date', () => {
    const sale = ms('2026-03-14T15:00:00Z');
    // 31 Mar 23:30 EDT = 1 Apr 03:30 UTC
    const late = ms('2026-04-01T03:30:00Z');
    expect(localDateTime(late, NY)).toBe('2026-03-31T23:30:00-04:00');
    expect(periodOf(late, sale, 'month', NY).index).toBe(0);
    expect(periodOf(ms('2026-04-01T04:00:00Z'), sale, 'month', NY).index).toBe(1);
    // London 31 Oct 23:30 GMT is 23:30 UTC, 30 Nov 23:30 is too; 30 Apr 23:30 BST is 22:30 UTC
    expect(periodOf(ms('2026-04-30T22:30:00Z'), sale, 'month', LON).index).toBe(1);
    expect(periodOf(ms('2026-04-30T23:00:00Z'), sale, 'month', LON).index).toBe(2);
  });

  it('February in leap and common years', () => {
    const sale = ms('2028-02-10T12:00:00Z');
    const p = periodOf(sale, sale, 'month', LON);
    expect(isoOf(p.end)).toBe('2028-03-01T00:00:00.000Z');
    expect(p.end - p.start).toBe(29 * 86_400_000);
    const q = periodOf(ms('2027-02-10T12:00:00Z'), ms('2027-01-31T12:00:00Z'), 'month', NY);
    expect(q.index).toBe(1);
    expect(q.end - q.start).toBe(28 * 86_400_000);
    // a pass sold on 31 Jan: monthly periods never clamp to "31 Feb"
    const starts = [1, 2, 3].map((i) => localDate(periodStart(i, ms('2027-01-31T17:00:00Z'), 'month', NY), NY));
    expect(starts).toEqual(['2027-02-01', '2027-03-01', '2027-04-01']);
  });
});

describe('day, week, quarter, year', () => {
  it('days are local calendar days, 23 or 25 hours at DST changes', () => {
    const sale = ms('2026-03-07T20:00:00Z');
    const d = periodOf(ms('2026-03-08T12:00:00Z'), sale, 'day', NY); // spring-forward day
    expect(d.index).toBe(1);
    expect(d.end - d.start).toBe(23 * 3_600_000);
    const f = periodOf(ms('2026-10-25T12:00:00Z'), ms('2026-10-24T12:00:00Z'), 'day', LON);
    expect(f.end - f.start).toBe(25 * 3_600_000);
  });

  it('weeks are ISO weeks starting Monday 00:00 local', () => {
    const sale = ms('2026-03-05T15:00:00Z'); // Thursday
    const w = periodOf(sale, sale, 'week', NY);
    expect(localDateTime(w.start, NY)).toBe('2026-03-02T00:00:00-05:00');
    expect(localDateTime(w.end, NY)).toBe('2026-03-09T00:00:00-04:00');
    expect(w.end - w.start).toBe(7 * 86_400_000 - 3_600_000);
    expect(new Date(w.start).getUTCDay()).toBe(1);
  });

  it('quarters and years', () => {
    const sale = ms('2026-02-20T12:00:00Z');
    const q = periodOf(sale, sale, 'quarter', LON);
    expect(localDate(q.start, LON)).toBe('2026-01-01');
    expect(isoOf(q.end)).toBe('2026-03-31T23:00:00.000Z'); // 1 Apr 00:00 BST
    const q3 = periodOf(ms('2026-08-01T00:00:00Z'), sale, 'quarter', LON);
    expect(q3.index).toBe(2);
    expect(isoOf(q3.end)).toBe('2026-09-30T23:00:00.000Z');
    const y = periodOf(ms('2028-12-31T23:30:00-05:00'), sale, 'year', NY);
    expect(y.index).toBe(2);
    expect(isoOf(y.end)).toBe('2029-01-01T05:00:00.000Z');
    expect(y.end - y.start).toBe(366 * 86_400_000); // 2028 is a leap year
  });
});

describe('N-day validity', () => {
  it('30 days counted from the sale day, across the spring change', () => {
    const sale = ms('2026-03-01T20:00:00Z'); // 1 Mar 15:00 EST
    const p = periodOf(sale, sale, { days: 30 }, NY);
    expect(localDateTime(p.start, NY)).toBe('2026-03-01T00:00:00-05:00');
    expect(localDateTime(p.end, NY)).toBe('2026-03-31T00:00:00-04:00');
    expect(p.end - p.start).toBe(30 * 86_400_000 - 3_600_000);
    const p2 = periodOf(ms('2026-04-15T12:00:00Z'), sale, { days: 30 }, NY);
    expect(p2.index).toBe(1);
    expect(localDateTime(p2.end, NY)).toBe('2026-04-30T00:00:00-04:00');
  });

  it('7 days across the London autumn change stays at midnight', () => {
    const sale = ms('2026-10-22T09:00:00Z');
    const b = boundariesBetween(sale, ms('2026-11-20T00:00:00Z'), sale, { days: 7 }, LON).map((t) => localDateTime(t, LON));
    expect(b).toEqual(['2026-10-29T00:00:00Z', '2026-11-05T00:00:00Z', '2026-11-12T00:00:00Z', '2026-11-19T00:00:00Z'].map((s) => s.replace('Z', '+00:00')));
  });

  it('1 day equals "day"', () => {
    const sale = ms('2026-03-28T12:00:00Z');
    for (const t of [ms('2026-03-29T00:30:00Z'), ms('2026-03-30T22:59:00Z'), ms('2026-04-02T23:00:00Z')]) {
      expect(periodOf(t, sale, { days: 1 }, LON)).toEqual(periodOf(t, sale, 'day', LON));
    }
  });
});

describe('boundaries', () => {
  it('boundariesBetween lists month ends in order, (from, to]', () => {
    const sale = ms('2026-01-15T15:00:00Z');
    const b = boundariesBetween(ms('2026-01-20T00:00:00Z'), ms('2026-04-01T04:00:00Z'), sale, 'month', NY);
    expect(b.map(isoOf)).toEqual(['2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z']);
    expect(boundariesBetween(b[0]!, b[0]!, sale, 'month', NY)).toEqual([]);
    expect(boundariesBetween(0, ms('2030-01-01T00:00:00Z'), sale, 'none', NY)).toEqual([]);
  });

  it('nextBoundary, endOfPeriodsAhead, nextLocalMidnight', () => {
    const sale = ms('2026-03-14T15:00:00Z');
    expect(isoOf(nextBoundary(sale, sale, 'month', NY)!)).toBe('2026-04-01T04:00:00.000Z');
    expect(nextBoundary(sale, sale, 'none', NY)).toBeNull();
    expect(isoOf(endOfPeriodsAhead(sale, 2, sale, 'month', NY)!)).toBe('2026-06-01T04:00:00.000Z');
    expect(isoOf(nextLocalMidnight(ms('2026-03-08T04:59:00Z'), NY))).toBe('2026-03-08T05:00:00.000Z');
    expect(isoOf(nextLocalMidnight(ms('2026-03-08T05:00:00Z'), NY))).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfLocalDate('2026-10-25', LON)).toBe(ms('2026-10-24T23:00:00Z'));
  });

  it('parses validities', () => {
    expect(parseValidity('month')).toBe('month');
    expect(parseValidity('30d')).toEqual({ days: 30 });
    expect(parseValidity({ days: 7 })).toEqual({ days: 7 });
    expect(() => parseValidity('fortnight')).toThrow();
    expect(() => parseValidity({ days: 0 })).toThrow();
  });
});

describe('local formatting', () => {
  it('the cached Intl formatter agrees with date-fns/tz around every DST change of 2026 and at odd offsets', () => {
    for (const zone of [LON, NY, 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC']) {
      for (let t = ms('2026-01-01T00:00:00Z'); t < ms('2027-01-01T00:00:00Z'); t += 3 * 3_600_000 + 17 * 60_000 + 13_000) {
        expect(localDateTime(t, zone)).toBe(localDateTimeReference(t, zone));
      }
    }
    for (const zone of [LON, NY, 'Australia/Lord_Howe', 'America/Sao_Paulo']) {
      const f = localFormatter(zone);
      for (let t = ms('2026-01-01T00:00:00Z'); t < ms('2027-01-01T00:00:00Z'); t += 47 * 60_000 + 11_000) {
        expect(f.dateTime(t)).toBe(localDateTimeReference(t, zone));
        expect(f.date(t)).toBe(localDateTimeReference(t, zone).slice(0, 10));
      }
    }
    expect(localDateTime(ms('2026-03-29T01:00:00Z'), LON)).toBe('2026-03-29T02:00:00+01:00');
    expect(localDateTime(ms('2026-10-25T01:30:00Z'), LON)).toBe('2026-10-25T01:30:00+00:00');
  });

  it('periodOf agrees with a plain walk over boundaries far from the anchor', () => {
    const sale = ms('2026-01-31T12:00:00Z');
    for (const v of ['day', 'week', 'month', 'quarter', 'year', { days: 13 }] as const) {
      for (let t = sale; t < ms('2031-01-01T00:00:00Z'); t += 9 * 86_400_000 + 7_919_000) {
        const p = periodOf(t, sale, v, NY);
        expect(p.start <= t && t < p.end).toBe(true);
        expect(periodStart(p.index, sale, v, NY)).toBe(p.start);
        expect(periodStart(p.index + 1, sale, v, NY)).toBe(p.end);
      }
    }
  });
});
