// A phone column a spreadsheet took for numbers: Excel drops the leading 0 of "01512345678" and the + of
// "+49 151 2345678" (typed without spaces), so the list holds 1512345678 and 49151234567, which look like phones and
// pass every check. Where a country writes its numbers with a leading 0, such a cell is named for the owner to check.

/**
 * Countries that write their numbers at home with a trunk 0 (so a number at home never starts with another digit),
 * and their calling codes. Not those whose numbers start with any digit (Spain, Italy's mobiles, the US, China's).
 */
const TRUNK_ZERO: Record<string, string> = {
  GB: '44', IE: '353', DE: '49', AT: '43', CH: '41', FR: '33', BE: '32', NL: '31', SE: '46', FI: '358',
  AU: '61', NZ: '64', JP: '81', KR: '82', ZA: '27', TR: '90', IL: '972',
};

function regionOf(locale: string): string | undefined {
  try { return new Intl.Locale(locale).maximize().region; } catch { return undefined; }
}

/**
 * What to tell the owner of a phone cell the spreadsheet may have cut (only digits, not starting as the shop's country
 * writes numbers), or null. A note, not a problem: the owner may know the number is right.
 */
export function phoneCutNote(phone: string, locale: string): string | null {
  const region = regionOf(locale);
  const code = region ? TRUNK_ZERO[region] : undefined;
  if (!code || !/^\d{8,13}$/.test(phone) || phone.startsWith('0')) return null;
  const country = new Intl.DisplayNames('en', { type: 'region' }).of(region!) ?? region!;
  const fix = 'check it, or format the column as Text in the spreadsheet and type the number again';
  if (phone.startsWith(code) && phone.length >= code.length + 8) return `Phone ${phone} may have lost its + to the spreadsheet (+${code} is ${country}'s code): ${fix}.`;
  return `Phone ${phone} may have lost its leading 0 to the spreadsheet (numbers in ${country} start with 0 or +): ${fix}.`;
}
