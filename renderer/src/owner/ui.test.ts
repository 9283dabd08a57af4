import { describe, expect, it } from 'vitest';
import { sameDayLastMonth } from './ui';

describe('sameDayLastMonth', () => {
  it('steps back a month and clamps the day to that month (the daily report starts on a real date)', () => {
    expect(sameDayLastMonth('2026-03-31')).toBe('2026-02-28');
    expect(sameDayLastMonth('2028-03-30')).toBe('2028-02-29');
    expect(sameDayLastMonth('2026-05-31')).toBe('2026-04-30');
    expect(sameDayLastMonth('2026-01-15')).toBe('2025-12-15');
  });
});
