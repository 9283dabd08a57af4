// The one place that configures decimal.js and names the rounding modes.
// Amounts are integers of a fixed scale everywhere else; decimals exist only inside arithmetic.
import DecimalJs from 'decimal.js';

export const Decimal = DecimalJs.clone({ precision: 50, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Named rounding modes: every rounding in Passbook uses one of these, once. */
export const Rounding = {
  /** Money (revenue recognised, overage charges, refunds): half away from zero, like a till. */
  money: DecimalJs.ROUND_HALF_UP,
  /** Credits needed for a redemption (quantity x rate) below a millionth: half away from zero. */
  credits: DecimalJs.ROUND_HALF_UP,
} as const;
export type RoundingMode = (typeof Rounding)[keyof typeof Rounding];

/** Credits are stored as integer millionths. */
export const CREDIT_SCALE = 6;
export const CREDIT_FACTOR = 1_000_000;

/** Largest credit amount accepted in one value: one billion credits. */
export const MAX_CREDIT_UNITS = 1_000_000_000 * CREDIT_FACTOR; // 1e15 < 2^53
/** Largest money amount accepted in one value, in minor units (1e13: a hundred billion dollars). */
export const MAX_MONEY_MINOR = 10_000_000_000_000;

/** Integer units -> Decimal value at the given scale (exact). */
export function fromUnits(units: number, scale: number): Decimal {
  assertSafeInteger(units);
  return new Decimal(units).div(new Decimal(10).pow(scale));
}

/** Decimal value -> integer units at the given scale, rounding once with the named mode. */
export function toUnits(value: Decimal, scale: number, rounding: RoundingMode): number {
  const units = value.mul(new Decimal(10).pow(scale)).toDecimalPlaces(0, rounding);
  const n = units.toNumber();
  assertSafeInteger(n);
  return n;
}

export function assertSafeInteger(n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`amount ${n} is not a safe integer`);
}

/**
 * Canonical decimal string for integer units: "12.50" for money (fixed digits). A sum that can pass 2^53 (a
 * report over the whole ledger) comes as a bigint (read with better-sqlite3's safeIntegers) and is written exactly.
 */
export function unitsToFixed(units: number | bigint, scale: number): string {
  if (typeof units === 'number') assertSafeInteger(units);
  const neg = units < 0;
  const digits = (neg ? -BigInt(units) : BigInt(units)).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const frac = scale === 0 ? '' : digits.slice(-scale);
  const body = frac ? `${whole}.${frac}` : whole;
  return neg ? `-${body}` : body;
}

/** Canonical decimal string with trailing zeros trimmed: "4150", "0.75", "1.5" (credits, rates). */
export function unitsToTrimmed(units: number | bigint, scale: number): string {
  const fixed = unitsToFixed(units, scale);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

export const creditsToString = (millionths: number | bigint): string => unitsToTrimmed(millionths, CREDIT_SCALE);
export const moneyToString = (minor: number | bigint, minorDigits: number): string => unitsToFixed(minor, minorDigits);

/** Minor digits of an ISO 4217 currency, from the platform's Intl data (USD 2, JPY 0, BHD 3). */
export function currencyMinorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}
