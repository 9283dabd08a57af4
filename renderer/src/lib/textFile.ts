// How the Import screen turns a spreadsheet's bytes into text. A spreadsheet saves CSV as UTF-8, as UTF-16 ("Unicode
// Text"), or in its language's code page; the bytes say which, and the shop's language names the code page.
import { decodeCp850, looksLikeCp850 } from './dosCodePage';

/** Older Excel on Windows saves CSV in the code page of its language: the shop's language says which. */
const CODE_PAGES: Array<[RegExp, string, string]> = [
  [/^ja\b/, 'shift_jis', 'Japanese (Shift_JIS)'], [/^zh-(TW|HK|Hant)/i, 'big5', 'Traditional Chinese (Big5)'], [/^zh\b/, 'gbk', 'Chinese (GBK)'],
  [/^ko\b/, 'euc-kr', 'Korean (EUC-KR)'], [/^(ru|uk|be|bg|sr|mk)\b/, 'windows-1251', 'Cyrillic (Windows-1251)'], [/^el\b/, 'windows-1253', 'Greek (Windows-1253)'],
  [/^(pl|cs|sk|hu|sl|hr|ro|bs)\b/, 'windows-1250', 'Central European (Windows-1250)'], [/^tr\b/, 'windows-1254', 'Turkish (Windows-1254)'],
  [/^he\b/, 'windows-1255', 'Hebrew (Windows-1255)'], [/^ar\b/, 'windows-1256', 'Arabic (Windows-1256)'], [/^(lt|lv|et)\b/, 'windows-1257', 'Baltic (Windows-1257)'],
  [/^vi\b/, 'windows-1258', 'Vietnamese (Windows-1258)'], [/^th\b/, 'windows-874', 'Thai (Windows-874)'],
];

export const DOS_CODE_PAGE = 'MS-DOS (code page 850)';

export interface DecodedText {
  text: string;
  /** the code page the file (or its `otherLines`) was read in; null when it is all UTF-8 or UTF-16 */
  codePage: string | null;
  /** in a UTF-8 file, the lines (1-based, as the preview counts them) that were not UTF-8 and were read in `codePage`,
   * each with its text (cut to 120 characters) for the owner to check */
  otherLines: Array<{ line: number; text: string }>;
}

const utf8 = (bytes: Uint8Array): string | null => {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch { return null; }
};

/** The code pages whose letters are two bytes (and whose text can form UTF-8 by chance). */
const MULTI_BYTE = new Set(['shift_jis', 'big5', 'gbk', 'euc-kr']);

const codePageEntry = (locale: string): [RegExp | null, string, string] =>
  CODE_PAGES.find(([re]) => re.test(locale)) ?? [null, 'windows-1252', 'Western European (Windows-1252)'];
const codePageLabel = (locale: string): string => codePageEntry(locale)[1];

/** One code page for bytes that are not UTF-8: the shop language's, or Excel's "CSV (MS-DOS)" in a Western shop. */
function codePageOf(bytes: Uint8Array, locale: string): { decode: (b: Uint8Array) => string; name: string } {
  const [, label, name] = codePageEntry(locale);
  // read as 1252 the ä and ö of a "CSV (MS-DOS)" file were „ and ” inside the names, imported as such
  if (label === 'windows-1252' && looksLikeCp850(bytes)) return { decode: decodeCp850, name: DOS_CODE_PAGE };
  const decoder = new TextDecoder(label!);
  return { decode: (b) => decoder.decode(b), name: name! };
}

/**
 * The text of a spreadsheet's file. A UTF-8 file with a few lines in a code page (a list kept in UTF-8, a line added
 * by an older program or pasted from a 1252 mail) used to be read wholly in the code page, so every other line's
 * "Müller" came in as "MÃ¼ller" with nothing said: each line is read as what it is, and the other lines are named.
 */
export function decodeSpreadsheetText(bytes: Uint8Array, locale: string): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), codePage: null, otherLines: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), codePage: null, otherLines: [] };
  const whole = utf8(bytes);
  if (whole !== null) return { text: whole, codePage: null, otherLines: [] };

  const lines: Uint8Array[] = [];
  for (let start = 0; start <= bytes.length;) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  const read = lines.map(utf8);
  // UTF-8's letters beyond ASCII on some line (bytes ≥ 0x80 that decode): the file was kept in UTF-8. A code page's
  // text almost never forms UTF-8 by chance ("Ã©" would have to follow each other).
  const invalid = lines.filter((_, i) => read[i] === null);
  const utf8Lines = read.filter((text, i) => text !== null && lines[i]!.some((b) => b >= 0x80)).length;
  // in a code page of two bytes a letter (Shift_JIS, GBK, Big5, EUC-KR) a line does form UTF-8 by chance: GBK's 卢平 is
  // the bytes of UTF-8's "¬ƽ", so one such name in a GBK list read the whole list line by line and imported that
  // line's name as "¬ƽ" without a word. There the file is taken as kept in UTF-8 only when most of its lines beyond
  // ASCII are UTF-8, as a list kept in UTF-8 with a few lines added by an older program is
  const keptInUtf8 = utf8Lines > 0 && (!MULTI_BYTE.has(codePageLabel(locale)) || utf8Lines > invalid.length);
  const page = codePageOf(keptInUtf8 ? concat(invalid) : bytes, locale);
  if (!keptInUtf8) return { text: page.decode(bytes), codePage: page.name, otherLines: [] };
  const texts = lines.map((line, i) => read[i] ?? page.decode(line));
  return {
    text: texts.join('\n'),
    codePage: page.name,
    otherLines: read.flatMap((text, i) => (text === null ? [{ line: i + 1, text: cut(texts[i]!.replace(/\r$/, '')) }] : [])),
  };
}

const cut = (line: string): string => (line.length > 120 ? `${line.slice(0, 119)}…` : line);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; out[at++] = 0x0a; }
  return out;
}
