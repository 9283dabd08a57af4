import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../core/imports/table';
import { decodeSpreadsheetText, DOS_CODE_PAGE } from './textFile';

const utf8 = (s: string) => new TextEncoder().encode(s);
/** Windows-1252 bytes of Latin-1 text (ü, é, ß are one byte each there) */
const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('decodeSpreadsheetText', () => {
  it('reads a UTF-8 file as UTF-8 and a code page file in the shop language\'s code page', () => {
    expect(decodeSpreadsheetText(utf8('Name\nJürgen Müller\n'), 'de-DE')).toEqual({ text: 'Name\nJürgen Müller\n', codePage: null, otherLines: [] });
    const latin = decodeSpreadsheetText(cp1252('Name\r\nJürgen Müller\r\nCafé Weiß\r\n'), 'de-DE');
    expect(latin).toEqual({ text: 'Name\r\nJürgen Müller\r\nCafé Weiß\r\n', codePage: 'Western European (Windows-1252)', otherLines: [] });
  });

  it('reads a UTF-8 file with a stray Windows-1252 line line by line, and names that line with its text', () => {
    // the list was kept in UTF-8; line 4 came from an older program in 1252. Read wholly as 1252 (as before) every
    // other line's ü was "Ã¼", imported into the append-only ledger without a word
    const bytes = join(utf8('Name;Telefon\r\nJürgen Müller;0151 2345\r\nZoë Brandt;0151 9876\r\n'), cp1252('Renée Weiß;0160 1111\r\n'), utf8('Åsa Öberg;0170 2222\r\n'));
    const read = decodeSpreadsheetText(bytes, 'de-DE');
    expect(read.text).toBe('Name;Telefon\r\nJürgen Müller;0151 2345\r\nZoë Brandt;0151 9876\r\nRenée Weiß;0160 1111\r\nÅsa Öberg;0170 2222\r\n');
    expect(read.codePage).toBe('Western European (Windows-1252)');
    expect(read.otherLines).toEqual([{ line: 4, text: 'Renée Weiß;0160 1111' }]);
    // the lines are the ones the preview counts
    const table = readCsv(read.text);
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual([[2, 'Jürgen Müller'], [3, 'Zoë Brandt'], [4, 'Renée Weiß'], [5, 'Åsa Öberg']]);
    // Excel's "CSV UTF-8" starts with a byte order mark: an ASCII file with one is UTF-8 too
    const marked = decodeSpreadsheetText(join(new Uint8Array([0xef, 0xbb, 0xbf]), utf8('Name\nAnna\n'), cp1252('Renée\n')), 'fr-FR');
    expect(marked).toEqual({ text: 'Name\nAnna\nRenée\n', codePage: 'Western European (Windows-1252)', otherLines: [{ line: 3, text: 'Renée' }] });
  });

  it('reads the stray lines of a Western UTF-8 file as Excel\'s "CSV (MS-DOS)" when their bytes are code page 850\'s', () => {
    const cp850 = Uint8Array.from([...'J\x84ger;1'].map((c) => c.charCodeAt(0))); // Jäger in 850 (ä is 0x84)
    const read = decodeSpreadsheetText(join(utf8('Name;Karte\nMüller;2\n'), cp850, utf8('\n')), 'de-DE');
    expect(read.text).toBe('Name;Karte\nMüller;2\nJäger;1\n');
    expect(read.codePage).toBe(DOS_CODE_PAGE);
    expect(read.otherLines).toEqual([{ line: 3, text: 'Jäger;1' }]);
  });

  it('keeps reading a code page file whole when no line is UTF-8 beyond ASCII (an ASCII line is both)', () => {
    const read = decodeSpreadsheetText(cp1252('Name\nAnna Lee\nJosé Núñez\n'), 'es-ES');
    expect(read).toEqual({ text: 'Name\nAnna Lee\nJosé Núñez\n', codePage: 'Western European (Windows-1252)', otherLines: [] });
  });

  it('reads UTF-16 with its byte order mark, and a Cyrillic shop\'s code page', () => {
    const le = new Uint8Array([0xff, 0xfe, ...[...'Name\nÜ'].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeSpreadsheetText(le, 'en-US').text).toBe('Name\nÜ');
    const ru = decodeSpreadsheetText(new Uint8Array([0xc8, 0xec, 0xff]), 'ru-RU'); // "Имя" in 1251
    expect(ru).toEqual({ text: 'Имя', codePage: 'Cyrillic (Windows-1251)', otherLines: [] });
  });

  it('names at most what the owner can read: the first lines in full, each cut to 120 characters', () => {
    const long = cp1252(`Zoë ${'x'.repeat(200)}\n`);
    const read = decodeSpreadsheetText(join(utf8('Name\nMüller\n'), long, long), 'en-GB');
    expect(read.otherLines.map((o) => o.line)).toEqual([3, 4]);
    expect(read.otherLines[0]!.text).toHaveLength(120);
    expect(read.otherLines[0]!.text.endsWith('…')).toBe(true);
  });
});

describe('decodeSpreadsheetText, a code page of two bytes a letter', () => {
  // GBK bytes of the names: 卢平 is C2 AC C6 BD, which is also UTF-8 ("¬ƽ"); 王伟 (CD F5 CE B0) is not UTF-8
  const gbk = (...bytes: number[]) => Uint8Array.from(bytes);
  const ascii = (s: string) => new TextEncoder().encode(s);
  const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

  it('reads a GBK list wholly as GBK though one of its names forms UTF-8 by chance', () => {
    const bytes = join(ascii('Name,Phone\n'), gbk(0xcd, 0xf5, 0xce, 0xb0), ascii(',13800138000\n'), gbk(0xc2, 0xac, 0xc6, 0xbd), ascii(',13900139000\n'),
      gbk(0xd5, 0xc5, 0xc0, 0xf6), ascii(',13700137000\n'));
    const read = decodeSpreadsheetText(bytes, 'zh-CN');
    expect(read).toEqual({ text: 'Name,Phone\n王伟,13800138000\n卢平,13900139000\n张丽,13700137000\n', codePage: 'Chinese (GBK)', otherLines: [] });
  });

  it('still reads a UTF-8 list with a stray GBK line line by line', () => {
    const bytes = join(new TextEncoder().encode('Name,Phone\n王伟,13800138000\n张丽,13700137000\n'), gbk(0xc2, 0xed), ascii(',13600136000\n'));
    const read = decodeSpreadsheetText(bytes, 'zh-CN');
    expect(read.text).toBe('Name,Phone\n王伟,13800138000\n张丽,13700137000\n马,13600136000\n');
    expect(read.otherLines).toEqual([{ line: 4, text: '马,13600136000' }]);
  });
});
