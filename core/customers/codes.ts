// The short pass code printed on a customer's card (QR/barcode; a keyboard-wedge scanner types it).
// 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U): 30^8 ≈ 6.6e11 codes.
import crypto from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 8;

export function randomCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) s += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return s;
}

/** What a scanner or a person typed, in the stored form: upper case, no spaces or dashes. */
export function normalizeCode(text: string): string {
  return text.trim().toUpperCase().replace(/[\s-]/g, '');
}
