// Amounts as people read them: the signs of credit movements in the locale's own writing.
import { describe, expect, it } from 'vitest';
import { formatSignedCredits } from './format';

describe('formatSignedCredits', () => {
  it('writes one sign per movement, the locale\'s own, never "+" before a minus', () => {
    expect(formatSignedCredits('3', 'en-US')).toBe('+3');
    expect(formatSignedCredits('-1.5', 'en-US')).toBe('-1.5');
    expect(formatSignedCredits('0', 'en-US')).toBe('0');
    expect(formatSignedCredits('-0.000000', 'en-US')).toBe('0');
    expect(formatSignedCredits('-3', 'de-DE')).toBe('-3');
    expect(formatSignedCredits('2.5', 'de-DE')).toBe('+2,5');
    // Swedish, Norwegian, Finnish write U+2212; Hebrew and Arabic put a direction mark before theirs
    for (const locale of ['sv-SE', 'nb-NO', 'fi-FI', 'he-IL', 'ar-KW', 'fa-IR', 'lt', 'sl', 'eu']) {
      const minus = formatSignedCredits('-3', locale);
      const plus = formatSignedCredits('3', locale);
      expect(minus, locale).not.toMatch(/\+/);
      expect(minus, locale).toMatch(/[-\u2212]/);
      expect(plus, locale).not.toMatch(/[-\u2212]/);
      expect(plus, locale).toMatch(/\+/);
    }
    expect(formatSignedCredits('-3', 'sv-SE')).toBe('\u22123');
    expect(formatSignedCredits('1234567.25', 'en-US')).toBe('+1,234,567.25');
  });
});
