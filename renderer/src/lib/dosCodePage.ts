// Excel on Windows offers "CSV (MS-DOS)", which writes code page 850, beside "CSV (Comma delimited)" (Windows-1252).
// Read as 1252, 850's letters turn into punctuation inside words (J„ger for Jäger, Schr”der for Schröder) that no check
// downstream can tell from a name, so the bytes are looked at before they are decoded.

/** Code page 850's upper half (0x80–0xFF); the lower half is ASCII. */
const CP850_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒ' +
  'áíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
  '└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀' +
  'ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

export function decodeCp850(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP850_HIGH[b - 0x80]!;
  return out;
}

const isAsciiLetter = (b: number | undefined): boolean => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
// 850's common letters that 1252 reads as punctuation or nothing: ü é â ä à å ç ê ë ï ì É ô ö ò ÿ Ö ø
// (not 1252's letters Š š Œ œ Ž ž Ÿ ƒ, its ’ of O’Brien or its dashes: a real 1252 name holds those)
const INSIDE_A_WORD = new Set([0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8b, 0x8d, 0x90, 0x93, 0x94, 0x95, 0x98, 0x99, 0x9b]);
// of those, ones 1252 text never puts right after a letter (its “ and ” close a quote there): é, ü at a word's end
const AFTER_A_LETTER = new Set([0x81, 0x82, 0x8d, 0x90]);

/** Bytes that are not UTF-8 read as code page 850 rather than 1252: one of 850's letters where 1252 has punctuation, inside a word. */
export function looksLikeCp850(bytes: Uint8Array): boolean {
  for (let i = 1; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80 || b > 0x9f || !isAsciiLetter(bytes[i - 1])) continue;
    if (AFTER_A_LETTER.has(b) || (INSIDE_A_WORD.has(b) && isAsciiLetter(bytes[i + 1]))) return true;
  }
  return false;
}
