import { describe, expect, it } from 'vitest';
import { decodeCp850, looksLikeCp850 } from './dosCodePage';

// bytes as Excel's "CSV (MS-DOS)" writes them (Python's cp850 codec agrees: bytes(range(128, 256)).decode('cp850'))
const cp850 = (text: string): Uint8Array => {
  const table = decodeCp850(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
  return Uint8Array.from([...text].map((c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0x80 + table.indexOf(c))));
};
const cp1252 = (text: string): Uint8Array => {
  const high: Record<string, number> = { '’': 0x92, '„': 0x84, '“': 0x93, '”': 0x94, '–': 0x96, 'Š': 0x8a, 'œ': 0x9c };
  return Uint8Array.from([...text].map((c) => high[c] ?? c.charCodeAt(0)));
};

describe('code page 850 (Excel "CSV (MS-DOS)")', () => {
  it('decodes the letters a German, French or Nordic list holds', () => {
    expect(decodeCp850(cp850('Name\nJäger\nSchröder\nMüller\nAndré Côte\nÅse Øberg\nStraße\n'))).toBe('Name\nJäger\nSchröder\nMüller\nAndré Côte\nÅse Øberg\nStraße\n');
    expect(decodeCp850(Uint8Array.from([0x84, 0x94, 0x81, 0xe1, 0x82]))).toBe('äöüßé');
  });
  it('is recognised by its letters inside words, which 1252 reads as punctuation', () => {
    expect(looksLikeCp850(cp850('Name\nJäger\n'))).toBe(true);
    expect(looksLikeCp850(cp850('Name\nSchröder\n'))).toBe(true);
    expect(looksLikeCp850(cp850('Name\nAndré\n'))).toBe(true); // é at a word's end
    expect(looksLikeCp850(cp850('Name\nMüller\n'))).toBe(true);
  });
  it('leaves a real Windows-1252 file alone: O’Brien, „quotes“, dashes, Šárka-like letters', () => {
    expect(looksLikeCp850(cp1252('Name,Notes\nO’Brien,„Kaffee“ mit Milch\nAnne–Marie,Œuvre\nŠtefan,"said “hi”"\n'))).toBe(false);
    expect(looksLikeCp850(cp1252('Name\nPlain ASCII\n'))).toBe(false);
  });
});
