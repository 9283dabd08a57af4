import { describe, expect, it } from 'vitest';
import { compareDecimal, credits, creditsWithUnit, localDateKey, money, shortDate, unitLabel, validThrough, validThroughKey } from './format';

const usd = { currency: 'USD', locale: 'en-US' };

describe('display of amounts from decimal strings', () => {
  it('formats money exactly, without going through a float', () => {
    expect(money('12.50', usd)).toBe('$12.50');
    expect(money('0.10', usd)).toBe('$0.10');
    // 2^53 + 1 cents is not representable as a double; the string path keeps every digit
    expect(money('90071992547409.93', usd)).toBe('$90,071,992,547,409.93');
    expect(money('1000', { currency: 'JPY', locale: 'ja-JP' })).toBe('￥1,000');
    expect(money('1234.5', { currency: 'EUR', locale: 'de-DE' })).toBe('1.234,50\u00a0€');
  });

  it('trims credits and pluralises the unit', () => {
    expect(credits('1.500000')).toBe('1.5');
    expect(credits('4150')).toBe('4,150');
    expect(creditsWithUnit('1', 'drink')).toBe('1 drink');
    expect(creditsWithUnit('0.5', 'drink')).toBe('0.5 drinks');
    expect(creditsWithUnit('3', 'GB')).toBe('3 GB');
    expect(creditsWithUnit('2', 'hours')).toBe('2 hours');
  });

  it('compares decimal strings exactly', () => {
    expect(compareDecimal('0.1', '0.10')).toBe(0);
    expect(compareDecimal('-0', '0')).toBe(0);
    expect(compareDecimal('10', '9.999999')).toBe(1);
    expect(compareDecimal('-1.5', '-1.25')).toBe(-1);
    expect(compareDecimal('12345678901234567.01', '12345678901234567.001')).toBe(1);
  });
});

describe('validThrough', () => {
  it('is the last day a lot can be used, in the shop zone: the day before the midnight it ends', () => {
    expect(validThrough('2026-04-01T04:00:00.000Z', { locale: 'en-US', timeZone: 'America/New_York' })).toBe('Mar 31');
    expect(validThrough('2026-03-31T22:00:00.000Z', { locale: 'de-DE', timeZone: 'Europe/Berlin' })).toMatch(/^31\. März/);
  });
  it('says the year when the day is not in the shop’s current year (a year pack bought on 31 Mar 2026)', () => {
    const ny = { locale: 'en-US', timeZone: 'America/New_York' };
    const now = Date.parse('2026-03-31T15:00:00.000Z');
    expect(validThrough('2027-03-31T04:00:00.000Z', ny, now)).toBe('Mar 30, 2027');
    expect(validThrough('2026-04-01T04:00:00.000Z', ny, now)).toBe('Mar 31');
    expect(validThrough('2026-03-31T22:00:00.000Z', { locale: 'de-DE', timeZone: 'Europe/Berlin' }, Date.parse('2025-12-31T12:00:00.000Z'))).toBe('31. März 2026');
    // the current year is the shop's: 31 Dec 2026 23:30 in New York is already 2027 in UTC
    expect(shortDate('2026-06-01T12:00:00.000Z', ny, Date.parse('2027-01-01T04:30:00.000Z'))).toBe('Jun 1');
    expect(shortDate('2026-06-01T12:00:00.000Z', ny, Date.parse('2027-01-01T05:30:00.000Z'))).toBe('Jun 1, 2026');
  });
  it('gives the full shop-local date of the last valid day as a key', () => {
    expect(validThroughKey('2027-03-31T04:00:00.000Z', 'America/New_York')).toBe('2027-03-30');
    expect(localDateKey(Date.parse('2026-03-31T22:30:00.000Z'), 'Europe/Berlin')).toBe('2026-04-01');
  });
});

describe('unitLabel: an English "s" only for an English shop and a plain word', () => {
  it('pluralises plain ASCII words in English locales', () => {
    expect(unitLabel('2', 'drink', 'en-US')).toBe('drinks');
    expect(unitLabel('0', 'drink', 'en-GB')).toBe('drinks');
    expect(unitLabel('1.5', 'visit', 'en')).toBe('visits');
    expect(unitLabel('1', 'drink', 'en-US')).toBe('drink');
    expect(unitLabel('1.000', 'drink', 'en-US')).toBe('drink');
    expect(unitLabel('2', 'Drink', 'en-US')).toBe('Drinks');
    expect(unitLabel('4', 'pastry', 'en-US')).toBe('pastries'); // not "pastrys"
    expect(unitLabel('2', 'day', 'en-US')).toBe('days');
    expect(unitLabel('2', 'lunch', 'en-US')).toBe('lunches');
    expect(unitLabel('2', 'box', 'en-US')).toBe('boxes');
  });

  it('leaves symbols, words ending in s and several words as typed, even in English', () => {
    expect(unitLabel('3', 'GB', 'en-US')).toBe('GB');
    expect(unitLabel('3', 'kWh', 'en-US')).toBe('kWh');
    expect(unitLabel('3', 'L', 'en-US')).toBe('L');
    expect(unitLabel('2', 'hours', 'en-US')).toBe('hours');
    expect(unitLabel('2', 'class', 'en-US')).toBe('class');
    expect(unitLabel('2', 'ice cream', 'en-US')).toBe('ice cream');
    expect(unitLabel('2', 'café', 'en-US')).toBe('café');
    expect(unitLabel('2', '10-trip', 'en-US')).toBe('10-trip');
  });

  it('never adds an English "s" in other languages', () => {
    expect(unitLabel('0', '杯', 'ja-JP')).toBe('杯');
    expect(unitLabel('2', 'Getränk', 'de-DE')).toBe('Getränk');
    expect(unitLabel('2', 'Kaffee', 'de-DE')).toBe('Kaffee'); // plain ASCII, still German
    expect(unitLabel('2', 'drink', 'fr-FR')).toBe('drink');
    expect(creditsWithUnit('0', '杯', 'ja-JP')).toBe('0 杯');
    expect(creditsWithUnit('1.5', 'Getränk', 'de-DE')).toBe('1,5 Getränk');
    expect(creditsWithUnit('2', 'drink', 'en-US')).toBe('2 drinks');
  });
});
