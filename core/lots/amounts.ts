// Turning stored integers into wire strings, and wire strings into stored integers, for the ledger areas.
// Parsing goes through core/money/parse.ts only; rounding uses the named modes of core/money/decimal.ts.
import { CREDIT_FACTOR, creditsToString, Decimal, moneyToString, Rounding, toUnits } from '../money/decimal';
import { parseCredits, parseMoney, parseUnits, type Sign } from '../money/parse';
import { PassbookError } from '../errors';

export { creditsToString, moneyToString };

/** Prices per credit (and percentages) are stored as integer millionths of the major unit. */
export const PRICE_SCALE = 6;
export const PRICE_FACTOR = 1_000_000;

export const credits = (units: number): string => creditsToString(units);
export const optCredits = (units: number | null): string | null => (units === null ? null : creditsToString(units));

/** Canonical money string: "12.50". */
export const money = (minor: number, digits: number): string => moneyToString(minor, digits);

/** A price (money per credit or per unit) as a string with at least the currency digits: "2.00", "3.333333". */
export function price(value: Decimal, digits: number): string {
  const v = value.toDecimalPlaces(PRICE_SCALE, Rounding.money);
  const dp = Math.max(digits, v.decimalPlaces());
  return v.toFixed(dp);
}

export const priceFromMicros = (micros: number, digits: number): string => price(new Decimal(micros).div(PRICE_FACTOR), digits);
export const optPriceFromMicros = (micros: number | null, digits: number): string | null => (micros === null ? null : priceFromMicros(micros, digits));

/** Cost basis of a lot: paid ÷ amount, money per credit. */
export function costBasis(paidMinor: number, amountUnits: number, digits: number): string {
  return price(new Decimal(paidMinor).div(new Decimal(10).pow(digits)).div(new Decimal(amountUnits).div(CREDIT_FACTOR)), digits);
}

/** Percent stored as millionths: "20", "12.5". */
export const percent = (units: number): string => creditsToString(units);
export const optPercent = (units: number | null): string | null => (units === null ? null : creditsToString(units));

export const parseCreditsIn = (s: unknown, field: string, sign: Sign = 'positive'): number => parseCredits(s, { field, sign });
export const parseMoneyIn = (s: unknown, digits: number, field: string, sign: Sign = 'positive'): number => parseMoney(s, digits, { field, sign });

/**
 * The money a screen showed (`field`: expectedPrice, expectedTotal, expectedRefund) against what the ledger takes now.
 * The customer paid, or the owner counted out, what the button said: when the owner or another counter changed it
 * meanwhile, CONFLICT (reason CHANGED, with `key`: the amount now, and `shown`) before anything is kept.
 * `words(now, shown)` says it, both already in the shop's money (`say`).
 */
export function checkShownMoney(shown: string | undefined, nowMinor: number, digits: number, field: string, key: string,
  say: (minor: number) => string, words: (now: string, shown: string) => string): void {
  if (shown === undefined) return;
  const shownMinor = parseMoneyIn(shown, digits, field, 'nonnegative');
  if (shownMinor === nowMinor) return;
  throw new PassbookError('CONFLICT', words(say(nowMinor), say(shownMinor)), { reason: 'CHANGED', [key]: money(nowMinor, digits), shown: money(shownMinor, digits) });
}
export const parsePriceIn = (s: unknown, field: string): number =>
  parseUnits(s, { scale: PRICE_SCALE, field, sign: 'nonnegative', maxUnits: 1_000_000_000 * PRICE_FACTOR });
export const parsePercentIn = (s: unknown, field: string): number =>
  parseUnits(s, { scale: PRICE_SCALE, field, sign: 'nonnegative', maxUnits: 100 * PRICE_FACTOR });

/** Money value (Decimal, major units) → minor units, rounded once with Rounding.money. */
export const toMinor = (value: Decimal, digits: number): number => toUnits(value, digits, Rounding.money);
/** Decimal credits → millionths, rounded once with Rounding.credits. */
export const toCreditUnits = (value: Decimal): number => toUnits(value, 6, Rounding.credits);

export const iso = (ms: number): string => new Date(ms).toISOString();
export const optIso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
