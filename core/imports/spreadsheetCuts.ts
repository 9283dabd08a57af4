// Columns a spreadsheet took for numbers and cut. Excel drops the leading 0 of a phone "01512345678" and the + of
// "+49 151 2345678" (typed without spaces), and the leading zeros of a card number "00012345": the list holds
// 1512345678, 49151234567 and 12345, which pass every check. Such cells are named for the owner to check (notes, not
// problems: the owner may know they are right).
import { MIN_PADDED_CARD } from '../customers/customers';

/**
 * Countries that write their numbers at home with a trunk 0 (so a number at home never starts with another digit),
 * and their calling codes. Not those whose numbers start with any digit (Spain, Italy's mobiles, the US, China's).
 */
const TRUNK_ZERO: Record<string, string> = {
  GB: '44', IE: '353', DE: '49', AT: '43', CH: '41', FR: '33', BE: '32', NL: '31', SE: '46', FI: '358',
  AU: '61', NZ: '64', JP: '81', KR: '82', ZA: '27', TR: '90', IL: '972',
};

/** The shop's country, its calling code and its name, when it writes numbers with a trunk 0; read once a locale, not once a row. */
const trunkZeroCountries = new Map<string, { code: string; country: string } | null>();
function trunkZeroCountry(locale: string): { code: string; country: string } | null {
  let known = trunkZeroCountries.get(locale);
  if (known === undefined) {
    let region: string | undefined;
    try { region = new Intl.Locale(locale).maximize().region; } catch { region = undefined; }
    const code = region ? TRUNK_ZERO[region] : undefined;
    known = code ? { code, country: new Intl.DisplayNames('en', { type: 'region' }).of(region!) ?? region! } : null;
    trunkZeroCountries.set(locale, known);
  }
  return known;
}

/**
 * What to tell the owner of a phone cell the spreadsheet may have cut (only digits, not starting as the shop's country
 * writes numbers), or null. A note, not a problem: the owner may know the number is right.
 */
export function phoneCutNote(phone: string, locale: string): string | null {
  const shop = trunkZeroCountry(locale);
  if (!shop || !/^\d{8,13}$/.test(phone) || phone.startsWith('0')) return null;
  const { code, country } = shop;
  const fix = 'check it, or format the column as Text in the spreadsheet and type the number again';
  if (phone.startsWith(code) && phone.length >= code.length + 8) return `Phone ${phone} may have lost its + to the spreadsheet (+${code} is ${country}'s code): ${fix}.`;
  return `Phone ${phone} may have lost its leading 0 to the spreadsheet (numbers in ${country} start with 0 or +): ${fix}.`;
}

/**
 * Card codes of digits only that are shorter than most of the file's (leading zeros a spreadsheet dropped: "00012345"
 * came in as "12345"), each with its line. Cards of one system have one length; a shorter one among them is named.
 */
export function cardCutNotes(cards: ReadonlyArray<{ line: number; code: string }>): Array<{ line: number; message: string }> {
  const digits = cards.filter((c) => /^\d+$/.test(c.code));
  const longest = Math.max(0, ...digits.map((c) => c.code.length));
  const atLongest = digits.filter((c) => c.code.length === longest).length;
  if (atLongest * 2 < digits.length) return []; // no one length most cards have: numbers of any length
  return digits.filter((c) => c.code.length < longest).map((c) => ({
    line: c.line,
    message: `Card ${c.code} has fewer digits than the file's other cards (${longest}): if it reads ${c.code.padStart(longest, '0')}, the spreadsheet dropped its leading zeros. ${longest >= MIN_PADDED_CARD
      ? 'A scan of the card still finds the customer; to keep the zeros on statements and in searches, format'
      // customerByCode reads so short a number with a 0 in front as a phone's last digits, not as this card
      : 'A scan of the card would not find the customer: format'} the column as Text in the spreadsheet and type the numbers again.`,
  }));
}
