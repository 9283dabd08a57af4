// The owner's recovery code: the way back in when the PIN is forgotten. An offline shop has nobody to call, and a
// lost PIN would otherwise shut the owner out of refunds, month end and the books for good. The code is long and
// random (20 characters of Crockford's base32, 100 bits), so it needs no lockout of its own to be safe; it is still
// checked through the PIN gate, and works once. Pure: the screen makes the code, the core keeps only its hash.

/** Crockford's base32: no I, L, O or U, so a code copied by hand is read back the same. */
export const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECOVERY_LENGTH = 20;

/**
 * The code as the core keeps it: capitals, no spaces or dashes, and the letters a hand may write for a digit read as
 * that digit (O as 0, I and L as 1). Null when what is left is not a code's 20 characters of the alphabet.
 */
export function normalizeRecoveryCode(text: string): string | null {
  const s = text.toUpperCase().replace(/[\s\-‐‑–—_.]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== RECOVERY_LENGTH) return null;
  for (const ch of s) if (!RECOVERY_ALPHABET.includes(ch)) return null;
  return s;
}

/** Four groups of five, as printed and shown: "7KQ2M-…". */
export function formatRecoveryCode(code: string): string {
  return code.match(/.{1,5}/g)?.join('-') ?? code;
}

/** A new code from 20 random bytes (crypto.getRandomValues on the screen); 256 is a multiple of 32, so no bias. */
export function recoveryCodeFrom(random: Uint8Array): string {
  if (random.length < RECOVERY_LENGTH) throw new Error('A recovery code needs 20 random bytes.');
  let s = '';
  for (let i = 0; i < RECOVERY_LENGTH; i++) s += RECOVERY_ALPHABET[random[i]! % 32];
  return s;
}

/** What a wrong shape is called, before any check against the stored code (a typo costs no try). */
export function recoveryCodeProblem(text: string): string | null {
  if (normalizeRecoveryCode(text) !== null) return null;
  const n = text.replace(/[\s\-‐‑–—_.]/g, '').length;
  if (n !== RECOVERY_LENGTH) return `A recovery code has ${RECOVERY_LENGTH} letters and digits; this has ${n}.`;
  return 'A recovery code has only the letters and digits printed on it (no U).';
}
