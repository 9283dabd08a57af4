// The owner's recovery code: made on the owner's screen, kept as a hash, used once to set a new PIN through the gate.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { codeOf, newId, ownerSession, tempApp } from '../../test/support/tempApp';
import { formatRecoveryCode, normalizeRecoveryCode, RECOVERY_ALPHABET, recoveryCodeFrom, recoveryCodeProblem } from './recovery';

const CODE = '7KQ2M9XH4DWT3RBC8VNP';

describe('recovery code: its shape', () => {
  it('reads a code back however a hand copies it, and refuses what is not one', () => {
    expect(normalizeRecoveryCode('7kq2m-9xh4d wt3rb-c8vnp')).toBe(CODE);
    expect(formatRecoveryCode(CODE)).toBe('7KQ2M-9XH4D-WT3RB-C8VNP');
    // O for 0, I and L for 1: the letters Crockford's alphabet leaves out are read as the digits they look like
    expect(normalizeRecoveryCode('OOOOO-IIIII-LLLLL-00000')).toBe('00000111111111100000');
    expect(normalizeRecoveryCode('UUUUU-00000-00000-00000')).toBeNull();
    expect(recoveryCodeProblem('7KQ2M-9XH4D-WT3RB')).toBe('A recovery code has 20 letters and digits; this has 15.');
    expect(recoveryCodeProblem('UUUUU-00000-00000-00000')).toMatch(/only the letters and digits/);
    expect(recoveryCodeProblem('7KQ2M-9XH4D-WT3RB-C8VNP')).toBeNull();
  });

  it('makes codes of the whole alphabet from random bytes, 20 characters long', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13 + 7);
    const code = recoveryCodeFrom(bytes);
    expect(code).toHaveLength(20);
    expect([...code].every((c) => RECOVERY_ALPHABET.includes(c))).toBe(true);
    // byte b is letter b mod 32: 256 is a multiple of 32, so each letter is as likely as any other
    expect(recoveryCodeFrom(Uint8Array.from({ length: 20 }, (_, i) => i + 32 * (i % 8)))).toBe(RECOVERY_ALPHABET.slice(0, 20));
    expect(() => recoveryCodeFrom(new Uint8Array(19))).toThrow();
  });
});

describe('recovery code: a forgotten PIN', () => {
  it('sets a new PIN once, through the gate, and the ledger never holds the code', () => {
    const app = tempApp();
    expect(app.call('shop.status', {}).recoveryCode).toEqual({ madeAt: null, usedAt: null });
    // only the owner makes one
    expect(codeOf(app, 'owner.makeRecoveryCode', { clientId: newId(), currentPin: '2468', recoveryCode: CODE })).toBe('FORBIDDEN');
    const made = app.call('owner.makeRecoveryCode', { clientId: newId(), currentPin: '2468', recoveryCode: formatRecoveryCode(CODE) }, app.owner);
    expect(app.call('shop.status', {}).recoveryCode).toEqual({ madeAt: made.madeAt, usedAt: null });
    const elsewhere = ownerSession(app, '2468');

    // the owner forgot the PIN: a wrong code is a wrong try at the gate, and changes nothing
    const wrong = app.dispatch('owner.recover', { clientId: newId(), recoveryCode: '7KQ2M-9XH4D-WT3RB-C8VNQ', newPin: '5555' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'That recovery code is not right.', details: { attemptsLeft: 4, field: 'recoveryCode' } } });
    // a code of the wrong length is a typo: said so, and no try is counted
    const typo = app.dispatch('owner.recover', { clientId: newId(), recoveryCode: '7KQ2M-9XH4D-WT3RB', newPin: '5555' });
    expect(typo).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'recoveryCode' } } });
    expect(codeOf(app, 'owner.unlock', { pin: '0000' })).toBe('FORBIDDEN'); // the 2nd wrong try, not the 3rd
    expect(app.dispatch('owner.unlock', { pin: '0001' })).toMatchObject({ error: { details: { attemptsLeft: 2 } } });
    expect(codeOf(app, 'owner.unlock', { pin: '5555' })).toBe('FORBIDDEN');

    // the right code, copied by hand in small letters with spaces
    const id = newId();
    expect(app.call('owner.recover', { clientId: id, recoveryCode: '7kq2m 9xh4d wt3rb c8vnp', newPin: '5555' })).toEqual({ changed: true });
    expect(codeOf(app, 'owner.session', {}, app.owner)).toBe('FORBIDDEN'); // every owner session ended
    expect(codeOf(app, 'owner.session', {}, elsewhere)).toBe('FORBIDDEN');
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('FORBIDDEN');
    const owner = ownerSession(app, '5555');
    expect(codeOf(app, 'owner.session', {}, owner)).toBe('OK');
    const status = app.call('shop.status', {}).recoveryCode;
    expect(status.madeAt).toBeNull();
    expect(status.usedAt).not.toBeNull();

    // a true retry of that request is answered; the code works only once
    expect(app.call('owner.recover', { clientId: id, recoveryCode: CODE, newPin: '5555' })).toEqual({ changed: true });
    const again = app.dispatch('owner.recover', { clientId: newId(), recoveryCode: CODE, newPin: '6666' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'NO_RECOVERY_CODE' } } });
    expect(again.ok ? '' : again.error.message).toMatch(/used already/);
    expect(codeOf(app, 'owner.unlock', { pin: '5555' })).toBe('OK');

    // neither the code nor the new PIN is in the file (the stored requests leave them out)
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.readFileSync(app.file);
    for (const secret of [CODE, '7KQ2M-9XH4D', '7kq2m', '5555']) expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
  });

  it('an owner session left open is not enough to keep a code: the PIN is asked again, and a wrong one counts', () => {
    const app = tempApp();
    const wrong = app.dispatch('owner.makeRecoveryCode', { clientId: newId(), currentPin: '1111', recoveryCode: CODE }, app.owner);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'The current PIN is not right.', details: { field: 'currentPin', attemptsLeft: 4 } } });
    expect(app.call('shop.status', {}).recoveryCode.madeAt).toBeNull();
    // so whoever found owner mode open cannot later set a PIN of their own from the counter
    expect(codeOf(app, 'owner.recover', { clientId: newId(), recoveryCode: CODE, newPin: '1111' })).toBe('CONFLICT');
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('OK');
  });

  it('a shop without a code says so; wrong codes lock the gate like wrong PINs', () => {
    const app = tempApp();
    const none = app.dispatch('owner.recover', { clientId: newId(), recoveryCode: CODE, newPin: '5555' });
    expect(none).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'This shop has no recovery code.', details: { reason: 'NO_RECOVERY_CODE' } } });
    app.call('owner.makeRecoveryCode', { clientId: newId(), currentPin: '2468', recoveryCode: CODE }, app.owner);
    const guess = (i: number) => codeOf(app, 'owner.recover', { clientId: newId(), recoveryCode: `${'0'.repeat(19)}${i}`, newPin: '5555' });
    for (let i = 0; i < 4; i++) expect(guess(i)).toBe('FORBIDDEN');
    expect(guess(4)).toBe('LOCKED_OUT');
    // while locked, the right code waits too, and the PIN is unchanged
    expect(codeOf(app, 'owner.recover', { clientId: newId(), recoveryCode: CODE, newPin: '5555' })).toBe('LOCKED_OUT');
    app.clockControl.advance(5 * 60_000 + 1);
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('OK');
  });

  it('a new code replaces the old one; a retry must carry the code the shop has now', () => {
    const app = tempApp();
    const id = newId();
    const first = app.call('owner.makeRecoveryCode', { clientId: id, currentPin: '2468', recoveryCode: CODE }, app.owner);
    expect(app.call('owner.makeRecoveryCode', { clientId: id, currentPin: '2468', recoveryCode: formatRecoveryCode(CODE).toLowerCase() }, app.owner)).toEqual(first);
    const other = 'ABCDE12345FGHJK67890';
    app.call('owner.makeRecoveryCode', { clientId: newId(), currentPin: '2468', recoveryCode: other }, app.owner);
    // the stale retry does not pretend the old code is the shop's
    expect(codeOf(app, 'owner.makeRecoveryCode', { clientId: id, currentPin: '2468', recoveryCode: CODE }, app.owner)).toBe('FORBIDDEN');
    expect(codeOf(app, 'owner.recover', { clientId: newId(), recoveryCode: CODE, newPin: '5555' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'owner.recover', { clientId: newId(), recoveryCode: other, newPin: '5555' })).toBe('OK');
    // a code of the wrong shape is refused before anything is kept
    expect(codeOf(app, 'owner.makeRecoveryCode', { clientId: newId(), currentPin: '5555', recoveryCode: 'short' }, ownerSession(app, '5555'))).toBe('VALIDATION');
    expect(app.call('shop.status', {}).recoveryCode.madeAt).toBeNull();
  });
});
