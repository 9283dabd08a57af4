import { describe, expect, it } from 'vitest';
import { fromFirstActivity, sameDayLastMonth } from './ui';

describe('sameDayLastMonth', () => {
  it('steps back a month and clamps the day to that month (the daily report starts on a real date)', () => {
    expect(sameDayLastMonth('2026-03-31')).toBe('2026-02-28');
    expect(sameDayLastMonth('2028-03-30')).toBe('2028-02-29');
    expect(sameDayLastMonth('2026-05-31')).toBe('2026-04-30');
    expect(sameDayLastMonth('2026-01-15')).toBe('2025-12-15');
  });
});

describe('fromFirstActivity', () => {
  const fromFirst = <M extends { outstandingCredits: string; deferred: string; sold: string; recognised: string; breakage: string }>(ms: M[]) =>
    fromFirstActivity(ms, (m) => [m.outstandingCredits, m.deferred, m.sold, m.recognised, m.breakage]);
  const month = (m: string, sold = '0.00', deferred = '0.00') => ({ month: m, outstandingCredits: '0', deferred, sold, recognised: '0.00', breakage: '0.00' });
  it('leaves out the empty months before a shop opened, and keeps empty months after', () => {
    const months = [month('2025-12'), month('2026-01'), month('2026-02', '50.00', '50.00'), month('2026-03', '0.00', '40.00'), month('2026-04')];
    expect(fromFirst(months).map((m) => m.month)).toEqual(['2026-02', '2026-03', '2026-04']);
    // a shop with nothing yet keeps the whole span
    expect(fromFirst([month('2026-01'), month('2026-02')])).toHaveLength(2);
  });
});
