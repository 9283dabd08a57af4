// Shared bits of the owner queries: the shop's money digits and stored-integer → wire-string conversions.
// Only committed, pure modules are used (money/decimal); the ledger tables are read with plain SQL.
import type { Db } from '../db/open';
import { CREDIT_FACTOR, creditsToString, Decimal, moneyToString, Rounding } from '../money/decimal';
import { requireShop } from '../shop/settings';

export interface ShopNumbers { digits: number; timeZone: string; creditUnit: string }

export function shopNumbers(db: Db): ShopNumbers {
  const s = requireShop(db);
  return { digits: s.minor_digits, timeZone: s.time_zone, creditUnit: s.credit_unit };
}

// a bigint (a sum read with safeIntegers) is written exactly, never through a number
export const creditsStr = (units: number | bigint | null | undefined): string => creditsToString(units ?? 0);
export const moneyStr = (minor: number | bigint | null | undefined, digits: number): string => moneyToString(minor ?? 0, digits);
export const isoOf = (ms: number): string => new Date(ms).toISOString();

/** Money paid per credit of a lot: paid ÷ amount, at least the currency digits, at most 6. */
export function costBasisStr(paidMinor: number, amountUnits: number, digits: number): string {
  if (amountUnits <= 0) return new Decimal(0).toFixed(digits);
  const v = new Decimal(paidMinor).div(new Decimal(10).pow(digits)).div(new Decimal(amountUnits).div(CREDIT_FACTOR))
    .toDecimalPlaces(6, Rounding.money);
  return v.toFixed(Math.max(digits, v.decimalPlaces()));
}

/** True when a table exists (later migrations add tables; the owner queries degrade without them). */
export function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** LIKE pattern with the user's text escaped. */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
