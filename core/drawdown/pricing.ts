// Credits for a quantity of an item: quantity × rate, both in millionths, exact in Decimal and rounded
// once to millionths of a credit with Rounding.credits (0.1 hour × 2.5 points = 0.25 points).
import { CREDIT_FACTOR, Decimal } from '../money/decimal';
import { toCreditUnits } from '../lots/amounts';

export function creditsOf(quantityUnits: number, rateUnits: number): number {
  return toCreditUnits(new Decimal(quantityUnits).div(CREDIT_FACTOR).mul(new Decimal(rateUnits).div(CREDIT_FACTOR)));
}
