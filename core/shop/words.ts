// Amounts in the words of an error or a notice: the shop's locale and currency, as its screens show them
// ("5,00 € is more than the 0,12 € due"), so a message shown word for word reads like the rest of the screen.
// The details of an error keep the canonical strings, for programs.
import type { Db } from '../db/open';
import { sql } from '../db/statements';
import { creditsToString, moneyToString } from '../money/decimal';
import { formatCredits, formatCreditsWithUnit, formatMoney } from '../money/format';

export interface ShopWords {
  money(minor: number | bigint): string;
  /** "1,5" or, with a unit, "1,5 Getränk" / "2 drinks" */
  credits(units: number | bigint, unit?: string): string;
  /** a day in the shop's time zone and locale: "Nov 23, 2026", "23.11.2026" */
  date(ms: number): string;
}

export function shopWords(db: Db): ShopWords {
  const row = sql(db, 'SELECT locale, currency, minor_digits, time_zone FROM shop WHERE id = 1').get() as { locale: string; currency: string; minor_digits: number; time_zone: string } | undefined;
  const shop = { locale: row?.locale ?? 'en-US', currency: row?.currency ?? 'USD' };
  const digits = row?.minor_digits ?? 2;
  return {
    money: (minor) => formatMoney(moneyToString(minor, digits), shop),
    credits: (units, unit) => (unit === undefined ? formatCredits(creditsToString(units), shop.locale) : formatCreditsWithUnit(creditsToString(units), unit, shop.locale)),
    date: (ms) => new Intl.DateTimeFormat(shop.locale, { dateStyle: 'medium', timeZone: row?.time_zone ?? 'UTC' }).format(ms),
  };
}
