// The revenue schedule of a lot: round(paid × consumed / amount), all of it once used up. A lot written before
// the rule (left a cent ahead by an old void) never books a negative drawdown or gives back more than it holds.
import { describe, expect, it } from 'vitest';
import { derecognitionFor, recognitionFor, scheduledRecognition } from './lots';

const M = 1_000_000;
const thirds = { paid_minor: 1000, amount_units: 3 * M }; // $10 for 3 credits

describe('a lot\'s revenue schedule', () => {
  it('rounds cumulatively and ends exactly at what was paid', () => {
    expect([0, 1, 2, 3].map((c) => scheduledRecognition(thirds, c * M, 2))).toEqual([0, 333, 667, 1000]);
    expect(recognitionFor({ ...thirds, consumed_units: 2 * M, recognized_minor: 667 }, M, 2)).toBe(333);
    expect(derecognitionFor({ ...thirds, consumed_units: 2 * M, recognized_minor: 667 }, M, 2)).toBe(334);
  });

  it('brings an off-schedule lot back without negative entries', () => {
    const ahead = { ...thirds, consumed_units: M, recognized_minor: 334 }; // the schedule says 333
    expect(recognitionFor(ahead, 1, 2)).toBe(0); // not -1
    expect(recognitionFor(ahead, 2 * M, 2)).toBe(666); // the last drawdown still takes the exact remainder
    expect(derecognitionFor(ahead, M, 2)).toBe(334); // back to nothing consumed, nothing recognised
    const behind = { ...thirds, consumed_units: 2 * M, recognized_minor: 300 };
    expect(derecognitionFor(behind, M, 2)).toBe(0); // never more than it recognised, never negative
  });
});
