import { describe, expect, it } from 'vitest';
import { compareDecimal, credits, creditsWithUnit, money, unitLabel, validThrough } from './format';

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
});

describe('unitLabel: an English "s" only for an English shop and a plain word', () => {
  it('pluralises plain ASCII words in English locales', () => {
    expect(unitLabel('2', 'drink', 'en-US')).toBe('drinks');
    expect(unitLabel('0', 'drink', 'en-GB')).toBe('drinks');
    expect(unitLabel('1.5', 'visit', 'en')).toBe('visits');
    expect(unitLabel('1', 'drink', 'en-US')).toBe('drink');
    expect(unitLabel('1.000', 'drink', 'en-US')).toBe('drink');
    expect(unitLabel('2', 'Drink', 'en-US')).toBe('Drinks');
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
