import { describe, expect, it } from 'vitest';
import { incomingFileName } from './incoming';

const at = new Date('2026-03-01T15:00:00.000Z');
// the core accepts only names like this (core/backup/files.ts safeJoin)
const plain = (n: string) => /^[\w][\w.-]{0,120}$/.test(n) && !n.includes('..');

describe('incomingFileName', () => {
  it('keeps a readable, plain name with a time stamp', () => {
    expect(incomingFileName('passbook-20260228-120000.sqlite', at)).toBe('restore-20260301-150000-passbook-20260228-120000.sqlite');
    expect(incomingFileName('My Backup (old).sqlite', at)).toBe('restore-20260301-150000-My-Backup-old-.sqlite');
    expect(incomingFileName('shop.DB', at)).toBe('restore-20260301-150000-shop.db');
    expect(incomingFileName('noext', at)).toBe('restore-20260301-150000-noext.sqlite');
  });
  it('never produces a path or a name the core would refuse', () => {
    for (const n of ['../../etc/passwd', '..sqlite', '....', '/abs/path.sqlite', 'C:\\x\\y.sqlite', 'é'.repeat(300) + '.sqlite', '.hidden.sqlite', '']) {
      const out = incomingFileName(n, at);
      expect(plain(out), `${n} → ${out}`).toBe(true);
      expect(out).not.toMatch(/[\\/]/);
    }
  });
});
