// The short pass code printed on a customer's card (QR/barcode; a keyboard-wedge scanner types it).
// 8 characters from an alphabet without look-alikes, for a cashier typing a worn card by hand: no 0/O, 1/I/L,
// U, and only the digit of each pair 2/Z, 5/S, 8/B: 27^8 ≈ 2.8e11 codes. Codes printed before keep working
// (lookup is by the stored code, whatever its letters).
import crypto from 'node:crypto';

export const CODE_ALPHABET = '23456789ACDEFGHJKMNPQRTVWXY';
export const CODE_LENGTH = 8;
/**
 * Card codes a scanner can type, a counter can read out and the printed card shows whole (about 17 characters fit
 * its line): letters and digits, in the stored form (normalizeCode). Codes carried over from another system or on
 * pre-printed cards must have this shape; Passbook's own are 8 characters of CODE_ALPHABET.
 */
export const CODE_SHAPE = /^[A-Z0-9]{3,16}$/;

export function randomCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) s += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return s;
}

/** What a scanner or a person typed, in the stored form: upper case, no spaces or dashes. */
export function normalizeCode(text: string): string {
  return text.trim().toUpperCase().replace(/[\s-]/g, '');
}

// New codes hold only the digit of each look-alike pair, so a letter typed for it means that digit
const LOOK_ALIKES: Record<string, string> = { S: '5', Z: '2', B: '8' };

/**
 * The stored forms a typed code may stand for: as typed (codes printed before the alphabet dropped S, Z and B
 * may hold them), then with S, Z and B read as 5, 2 and 8 (a worn card typed by hand). One or two, first wins.
 */
export function codeCandidates(text: string): string[] {
  const typed = normalizeCode(text);
  const read = typed.replace(/[SZB]/g, (c) => LOOK_ALIKES[c]!);
  return read === typed ? [typed] : [typed, read];
}

/** How a code reads when typed by hand: S, Z and B stand for 5, 2 and 8. Two codes that read alike are one card. */
export const readForm = (code: string): string => codeCandidates(code).at(-1)!;
