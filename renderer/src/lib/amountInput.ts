// Amount fields in the shop's locale: a German shop types "4,50", an American one "4.50". The API takes
// canonical decimal strings only, so fields convert at the edge, with the core's own parser (one reading of
// an amount everywhere) and show the stored value back the way the shop writes it.
import { canonicalDecimal } from '../../../core/money/parse';

function decimalSeparator(locale: string): string {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
}

/** "4.50" -> "4,50" in de-DE; no grouping, so the field reads back exactly what was stored. */
export function toInput(canonical: string | null | undefined, locale: string): string {
  if (canonical == null || canonical === '') return '';
  const sep = decimalSeparator(locale);
  return sep === '.' ? canonical : canonical.replace('.', sep);
}

/** How this shop writes an amount, for hints and errors: "4.50" or "4,50". */
export const example = (locale: string, canonical = '4.50'): string => toInput(canonical, locale);

/** A price as the shop's currency writes it: "450" with no minor unit (JPY), "4.50", "4.500" (KWD). */
const priceExample = (digits: number): string => (digits === 0 ? '450' : `4.${'5'.padEnd(digits, '0')}`);

export type Read = { ok: true; value: string } | { ok: false; error: string };

/**
 * What the owner typed -> canonical "1234.5", or a message that says how to write it here. A blank field goes
 * on as blank: the API says whether it is required, next to the field, along with the form's other errors.
 */
export function fromInput(text: string, locale: string, moneyDigits?: number): Read {
  if (text.trim() === '') return { ok: true, value: '' };
  try {
    return { ok: true, value: canonicalDecimal(text, { locale }) };
  } catch {
    // a money field suggests an amount its currency takes (a yen price has no decimals)
    const like = example(locale, moneyDigits === undefined ? '4.50' : priceExample(moneyDigits));
    const sep = decimalSeparator(locale);
    return { ok: false, error: `Enter a number like ${like}${sep === '.' || moneyDigits === 0 ? '' : ` (decimals after “${sep}”)`}.` };
  }
}

/** Optional field: blank -> null. */
export function fromOptionalInput(text: string, locale: string, moneyDigits?: number): Read | { ok: true; value: null } {
  return text.trim() === '' ? { ok: true, value: null } : fromInput(text, locale, moneyDigits);
}
