// Cutting text to a length without splitting a character: a string cut between the two UTF-16 halves of an emoji
// (a surrogate pair) keeps a lone surrogate, which SQLite stores as bytes that are not UTF-8, for good in an
// append-only ledger, and every export then reads back U+FFFD. Used for journal memos and the books' text.

/** `s` cut to at most `max` UTF-16 units, on a whole code point (a pair across the limit is left out whole). */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = max > 0 && isHighSurrogate(s.charCodeAt(max - 1)) ? max - 1 : max;
  return s.slice(0, Math.max(0, end));
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

/**
 * Spreadsheet formula injection guard for text typed by people (a customer named =HYPERLINK(…)), for every CSV the
 * shop saves: the books' exports and the statement CSV alike.
 */
export function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}
