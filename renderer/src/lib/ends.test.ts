import { describe, expect, it } from 'vitest';
import type { PassView } from '../api/types';
import { endsByDay } from './ends';

type Lot = PassView['lots'][number];
const lot = (id: number, expiresAt: string | null, remaining: string, atEnd: Lot['atEnd']): Lot => ({
  id, source: 'sale', amount: remaining, remaining, grantedAt: '2026-03-01T05:00:00.000Z', expiresAt, costBasis: '2', rolledTimes: 0, atEnd,
});
const ny = { locale: 'en-US', timeZone: 'America/New_York' };
const now = Date.parse('2026-03-31T15:00:00.000Z');

describe('endsByDay', () => {
  it('groups by the full local date: a 366-day pack ending 31 Mar 2027 is not tonight’s 31 Mar lot', () => {
    const ends = endsByDay([
      lot(2, '2027-04-01T04:00:00.000Z', '30', { rollsOver: '0', expires: '30' }),
      lot(1, '2026-04-01T04:00:00.000Z', '10', { rollsOver: '0', expires: '10' }),
      lot(3, null, '5', null),
    ], ny, undefined, now);
    expect(ends).toEqual([
      { day: 'Mar 31', credits: '10', rolls: '0', expires: '10' },
      { day: 'Mar 31, 2027', credits: '30', rolls: '0', expires: '30' },
    ]);
  });
  it('sums lots ending on the same local day, with the rollover split', () => {
    const ends = endsByDay([
      lot(1, '2026-04-01T04:00:00.000Z', '10', { rollsOver: '3', expires: '7' }),
      lot(2, '2026-04-01T04:00:00.000Z', '2.5', { rollsOver: '2.5', expires: '0' }),
    ], ny, undefined, now);
    expect(ends).toEqual([{ day: 'Mar 31', credits: '12.5', rolls: '5.5', expires: '7' }]);
  });
});
