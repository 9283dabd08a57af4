// Letters the search tokenizer cannot fold to what a US keyboard types (they do not decompose into a base letter
// and an accent): the same list is spelled out in the search index by migration 009_search_letters.sql.
const LETTERS: Record<string, string> = {
  'ı': 'i',
  'ł': 'l',
  'Ł': 'l',
  'ø': 'o',
  'Ø': 'o',
  'đ': 'd',
  'Đ': 'd',
  'ð': 'd',
  'Ð': 'd',
  'þ': 'th',
  'Þ': 'th',
  'ß': 'ss',
  'ẞ': 'ss',
  'æ': 'ae',
  'Æ': 'ae',
  'œ': 'oe',
  'Œ': 'oe',
  'ħ': 'h',
  'Ħ': 'h',
};
const ANY = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/** A name or a typed word with those letters spelled out (Yılmaz → Yilmaz, Weiß → Weiss, Łukasz → lukasz). */
export function foldLetters(text: string): string {
  return text.replace(ANY, (c) => LETTERS[c]!);
}

export const FOLDED_LETTERS = Object.keys(LETTERS);

/**
 * The key the owner's lists sort names by: letters spelled out as above, accents and case folded (Émilie sorts with
 * Emilie, not after Zoé; Łukasz with Lukasz). SQLite compares it byte by byte, so it is also the index's order. It is
 * kept in customers.sort_key by triggers calling the SQL function passbook_sort_key (registered by openLedger, migration 011).
 */
export function sortKey(name: string): string {
  return foldLetters(name).normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().trim();
}

/**
 * A name as Passbook matches it to one already there (an import's customer, item or plan; the counter's "already a
 * customer"): the sort key (case and accents folded), its runs of spaces one space, so "Ben  Ode" (a spreadsheet's
 * =A2&" "&B2&" "&C2 without a middle name) is "Ben Ode" and "Zoe Muller" is "Zoé Müller".
 */
export const nameKey = (name: string): string => sortKey(name).replace(/\s+/g, ' ');
