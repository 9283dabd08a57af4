// Credits for a quantity of an item: quantity × rate, both in millionths, exact in Decimal and rounded
// once to millionths of a credit with Rounding.credits (0.1 hour × 2.5 points = 0.25 points).
import { CREDIT_FACTOR, Decimal, MAX_CREDIT_UNITS, MAX_MONEY_MINOR, Rounding } from '../money/decimal';
import { PassbookError } from '../errors';
import { toCreditUnits, toMinor } from '../lots/amounts';

/**
 * The same for a screen (decimal strings in and out, no database): what a cart line draws, as the ledger will draw it.
 * The counter sends the cart's sum as `expected.credits`; it must round as the ledger does, once per line.
 */
export function lineCredits(quantity: string, rate: string): string {
  return new Decimal(quantity).mul(rate).toDecimalPlaces(6, Rounding.credits).toFixed();
}

export function creditsOf(quantityUnits: number, rateUnits: number, field = 'quantity'): number {
  const value = new Decimal(quantityUnits).div(CREDIT_FACTOR).mul(new Decimal(rateUnits).div(CREDIT_FACTOR));
  if (value.mul(CREDIT_FACTOR).gt(MAX_CREDIT_UNITS)) throw new PassbookError('VALIDATION', `${field}: is too large.`, { field });
  return toCreditUnits(value);
}

/** A money value (major units) to minor units, or VALIDATION when it is beyond what Passbook stores. */
export function moneyOrTooLarge(value: Decimal, digits: number, field: string): number {
  if (value.abs().mul(new Decimal(10).pow(digits)).gt(MAX_MONEY_MINOR)) {
    throw new PassbookError('VALIDATION', `${field}: the amount is too large.`, { field });
  }
  return toMinor(value, digits);
}
