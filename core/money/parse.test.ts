import { describe, expect, it } from 'vitest';
import { parseCredits, parseMoney, parseUnits } from './parse';
import { creditsToString, moneyToString, currencyMinorDigits } from './decimal';

const err = (f: () => unknown) => {
  try { f(); } catch (e) { return (e as { code: string }).code; }
  return 'no error';
};

describe('the one amount parser', () => {
  it('a non-negative amount refuses the smallest negative one ("-0.01" as a price or a fee)', () => {
    expect(() => parseUnits('-0.01', { scale: 2, sign: 'nonnegative' })).toThrow(/must not be negative/);
    expect(parseUnits('0', { scale: 2, sign: 'nonnegative' })).toBe(0);
  });

  it('reads canonical decimals exactly', () => {
    expect(parseMoney('12.50', 2)).toBe(1250);
    expect(parseMoney('.47', 2)).toBe(47);
    expect(parseMoney('0.1', 2)).toBe(10);
    expect(parseCredits('0.25')).toBe(250_000);
    expect(parseCredits('1.5')).toBe(1_500_000);
    expect(parseCredits('4150')).toBe(4_150_000_000);
  });
  it('reads grouped numbers per locale', () => {
    expect(parseMoney('1,000.50', 2, { locale: 'en-US' })).toBe(100050);
    expect(parseMoney('1.000,50', 2, { locale: 'de-DE' })).toBe(100050);
    expect(parseMoney('1 000,50', 2, { locale: 'fr-FR' })).toBe(100050);
    expect(err(() => parseMoney('1,00.50', 2, { locale: 'en-US' }))).toBe('VALIDATION');
    expect(err(() => parseMoney('1,000.50', 2))).toBe('VALIDATION'); // canonical API strings have no grouping
  });
  it('reads an amount the way the shop sees it written, on the keyboard the shop has', () => {
    // fr-CH writes 4,5 but 4.50 CHF; de-AT writes 1 234,5 but € 1.234,50: a field takes what either shows
    expect(parseMoney('4.50', 2, { locale: 'fr-CH' })).toBe(450);
    expect(parseMoney('4,50', 2, { locale: 'fr-CH' })).toBe(450);
    expect(parseMoney('1\u202f234.50', 2, { locale: 'fr-CH' })).toBe(123450);
    expect(parseMoney('1.234,50', 2, { locale: 'de-AT' })).toBe(123450);
    expect(parseMoney('1 234,50', 2, { locale: 'de-AT' })).toBe(123450);
    expect(err(() => parseMoney('1.5', 2, { locale: 'de-AT' }))).toBe('VALIDATION'); // "." groups there: never a decimal
    // ar-KW's decimal mark ٫ is on no ordinary keyboard; "." is no group mark there, so it is a decimal point
    expect(parseMoney('1.250', 3, { locale: 'ar-KW' })).toBe(1250);
    expect(parseMoney('١٫٢٥٠', 3, { locale: 'ar-KW' })).toBe(1250);
    expect(parseMoney('1٬234٫5', 3, { locale: 'ar-KW' })).toBe(1234500);
    // a Japanese IME types full-width digits and marks
    expect(parseMoney('４５０', 0, { locale: 'ja-JP' })).toBe(450);
    expect(parseMoney('１，２３４', 0, { locale: 'ja-JP' })).toBe(1234);
    expect(parseCredits('１．５', { locale: 'ja-JP' })).toBe(1_500_000);
    expect(parseCredits('－１．５', { locale: 'ja-JP', sign: 'any' })).toBe(-1_500_000);
    // where the decimal mark is "," and the group a space, "1.000" is a thousand written with dots: refused, never 1
    for (const l of ['fr-FR', 'pl-PL', 'sv-SE', 'nb-NO', 'ru-RU', 'cs-CZ', 'pt-PT', 'fi-FI', 'uk-UA', 'hu-HU']) {
      expect(err(() => parseMoney('1.000', 2, { locale: l })), l).toBe('VALIDATION');
      expect(parseMoney('1 000,50', 2, { locale: l }), l).toBe(100050);
    }
    // de-DE is unchanged: "." groups, so 1.5 is refused rather than read as 15
    expect(err(() => parseMoney('1.5', 2, { locale: 'de-DE' }))).toBe('VALIDATION');
    expect(err(() => parseMoney('4,5.0', 2, { locale: 'fr-CH' }))).toBe('VALIDATION');
    // the API itself stays strict: canonical ASCII only
    expect(err(() => parseMoney('４５０', 0))).toBe('VALIDATION');
  });
  it('gives -0 a defined result: zero', () => {
    expect(parseUnits('-0', { scale: 2, sign: 'nonnegative' })).toBe(0);
    expect(Object.is(parseUnits('-0', { scale: 2, sign: 'any' }), 0)).toBe(true);
    expect(err(() => parseMoney('-0', 2))).toBe('VALIDATION');
  });
  it.each(['1e3', 'NaN', 'Infinity', '  ', '', '12.345', '1.2.3', 'abc', '--1', '0x10', '１２'])('rejects %j with VALIDATION', (s) => {
    expect(err(() => parseMoney(s, 2))).toBe('VALIDATION');
  });
  it('says why: an exponent is an exponent, words are not a number', () => {
    const message = (s: string) => { try { parseMoney(s, 2); return 'accepted'; } catch (e) { return (e as Error).message; } };
    for (const s of ['1e3', '1E3', '2.5e-1', '1e309']) expect(message(s), s).toBe('amount: must be written in plain digits (no exponent)');
    for (const s of ['ten', 'e5', 'one hundred', 'free']) expect(message(s), s).toBe('amount: is not a number');
  });
  it('rejects numbers, null and objects: amounts travel as strings', () => {
    for (const v of [12.5, null, undefined, {}, [], true]) expect(err(() => parseMoney(v, 2))).toBe('VALIDATION');
  });
  it('guards magnitude: 20- and 25-digit numbers are refused, never rounded', () => {
    expect(err(() => parseMoney('12345678901234567890', 2))).toBe('VALIDATION');
    expect(err(() => parseCredits('1234567890123456789012345'))).toBe('VALIDATION');
    expect(err(() => parseCredits('1e309'))).toBe('VALIDATION');
    expect(err(() => parseCredits('1000000001'))).toBe('VALIDATION');
    expect(parseCredits('1000000000')).toBe(1e15);
  });
  it('refuses zero and negatives unless asked', () => {
    expect(err(() => parseCredits('0'))).toBe('VALIDATION');
    expect(err(() => parseCredits('-1'))).toBe('VALIDATION');
    expect(parseCredits('-1', { sign: 'any' })).toBe(-1_000_000);
  });
  it('prints canonical strings', () => {
    expect(moneyToString(1250, 2)).toBe('12.50');
    expect(moneyToString(-5, 2)).toBe('-0.05');
    expect(moneyToString(7, 0)).toBe('7');
    expect(creditsToString(750_000)).toBe('0.75');
    expect(creditsToString(4_150_000_000)).toBe('4150');
    expect(creditsToString(-1_500_000)).toBe('-1.5');
    // sums past 2^53 come as bigint and print exactly; a number past it is refused, never rounded
    expect(moneyToString(10_009_999_999_998_999n, 2)).toBe('100099999999989.99');
    expect(moneyToString(-5n, 2)).toBe('-0.05');
    expect(moneyToString(0n, 3)).toBe('0.000');
    expect(creditsToString(12_345_678_901_234_567_000n)).toBe('12345678901234.567');
    expect(() => moneyToString(2 ** 53, 2)).toThrow(/safe integer/);
    expect(currencyMinorDigits('USD')).toBe(2);
    expect(currencyMinorDigits('JPY')).toBe(0);
    expect(currencyMinorDigits('BHD')).toBe(3);
  });
});
