import { describe, expect, it } from 'vitest';
import { fromInput, fromOptionalInput, toInput } from './amountInput';

describe('amount fields in the shop locale', () => {
  it('reads what a German, French, Swiss and American shop types', () => {
    expect(fromInput('4,50', 'de-DE')).toEqual({ ok: true, value: '4.5' });
    expect(fromInput('1.234,50', 'de-DE')).toEqual({ ok: true, value: '1234.5' });
    expect(fromInput('-1,5', 'de-DE')).toEqual({ ok: true, value: '-1.5' });
    expect(fromInput('1 234,5', 'fr-FR')).toEqual({ ok: true, value: '1234.5' });
    expect(fromInput('1\u202f234,5', 'fr-FR')).toEqual({ ok: true, value: '1234.5' });
    expect(fromInput('1’234.50', 'de-CH')).toEqual({ ok: true, value: '1234.5' });
    expect(fromInput('1,234.50', 'en-US')).toEqual({ ok: true, value: '1234.5' });
    expect(fromInput('0.25', 'en-US')).toEqual({ ok: true, value: '0.25' });
    expect(fromInput('007', 'en-US')).toEqual({ ok: true, value: '7' });
    expect(fromInput('1,00,000.5', 'en-IN')).toEqual({ ok: true, value: '100000.5' }); // the lakh grouping Intl writes
    expect(fromInput('12,34,567', 'hi-IN')).toEqual({ ok: true, value: '1234567' });
    expect(fromInput('٤٫٥٠', 'ar-EG')).toEqual({ ok: true, value: '4.5' }); // Arabic-Indic digits and separator
    expect(fromInput('۱۲٫۵', 'fa-IR')).toEqual({ ok: true, value: '12.5' });
    // each locale's own way of writing -1.5 (Arabic and Persian put a direction mark first)
    for (const l of ['ar-EG', 'fa-IR', 'ar', 'de-DE', 'sv-SE']) expect(fromInput(new Intl.NumberFormat(l).format(-1.5), l), l).toEqual({ ok: true, value: '-1.5' });
    expect(fromInput('--5', 'de-DE').ok).toBe(false);
  });

  it('never turns a decimal written the other way into a bigger number', () => {
    // "4.50" in a German shop is not 450, and "4,50" in an American shop is not 450: both are refused
    const de = fromInput('4.50', 'de-DE');
    expect(de.ok).toBe(false);
    if (!de.ok) expect(de.error).toBe('Enter a number like 4,50 (decimals after “,”).');
    const us = fromInput('4,50', 'en-US');
    expect(us.ok).toBe(false);
    if (!us.ok) expect(us.error).toBe('Enter a number like 4.50.');
    for (const bad of ['abc', '1e3', '4,5,0', 'NaN']) expect(fromInput(bad, 'de-DE').ok).toBe(false);
    // a leading zero group is never a thousands group: 0.125 in de-DE is not 125
    for (const [text, locale] of [['0.125', 'de-DE'], ['-0.500', 'de-DE'], ['0,250', 'en-US'], ["0'250", 'de-CH'], ['0 750', 'fr-FR'], ['00.125', 'de-DE']]) {
      expect(fromInput(text!, locale!).ok, `${text} in ${locale}`).toBe(false);
    }
    expect(fromInput('  ', 'de-DE')).toEqual({ ok: true, value: '' }); // blank: the API says it is required
  });

  it('a price field suggests a price its currency takes', () => {
    const yen = fromInput('4,50', 'ja-JP', 0);
    expect(yen.ok ? null : yen.error).toBe('Enter a number like 450.');
    const kwd = fromInput('abc', 'en-KW', 3);
    expect(kwd.ok ? null : kwd.error).toBe('Enter a number like 4.500.');
    const eur = fromInput('4.50', 'de-DE', 2);
    expect(eur.ok ? null : eur.error).toBe('Enter a number like 4,50 (decimals after “,”).');
    // and what a Japanese IME types is read
    expect(fromInput('４５０', 'ja-JP', 0)).toEqual({ ok: true, value: '450' });
  });

  it('shows a stored value the way the shop writes it, and reads it back unchanged', () => {
    expect(toInput('4.50', 'de-DE')).toBe('4,50');
    expect(toInput('1234.5', 'fr-FR')).toBe('1234,5');
    expect(toInput('4.50', 'en-GB')).toBe('4.50');
    expect(toInput(null, 'de-DE')).toBe('');
    for (const v of ['4.5', '1234.5', '0.000001', '-2']) {
      for (const l of ['de-DE', 'fr-FR', 'en-US', 'de-CH', 'hi-IN']) expect(fromInput(toInput(v, l), l)).toEqual({ ok: true, value: v });
    }
    expect(fromOptionalInput('  ', 'de-DE')).toEqual({ ok: true, value: null });
  });
});
