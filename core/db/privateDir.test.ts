// A folder beside the ledger on a read-only disk: Node's recursive mkdir says ENOENT there, which the screens read as
// "Something went wrong inside Passbook". makePrivateDir asks for the real reason. Needs a real read-only file system:
// a tmpfs mounted read-only, which only root on Linux can make (CI's machine is one).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePrivateDir } from './open';
import { toApiError } from '../errors';
import { tempDir } from '../../test/support/tempApp';

function canMount(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = tempDir('pb-mount-');
  try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', dir], { stdio: 'ignore' }); } catch { return false; }
  execFileSync('umount', [dir]);
  return true;
}

describe('folders beside the ledger', () => {
  it.skipIf(!canMount())('on a read-only disk, the reason is the disk (EROFS), said in words, not an internal error', () => {
    const dir = tempDir('pb-ro-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', dir]);
    try {
      const backups = path.join(dir, 'shop', 'backups');
      let recursive: unknown;
      try { fs.mkdirSync(backups, { recursive: true }); } catch (e) { recursive = e; }
      let ours: unknown;
      try { makePrivateDir(path.join(dir, 'backups')); } catch (e) { ours = e; }
      expect((ours as { code?: string }).code).toBe('EROFS');
      expect(toApiError(ours)).toMatchObject({ code: 'DATABASE', message: expect.stringMatching(/^Passbook may not write to the folders beside the ledger/) });
      // what Node's recursive mkdir says there, for the record: the quirk this works around
      expect((recursive as { code?: string }).code).toBe('ENOENT');
    } finally {
      execFileSync('umount', [dir]);
    }
  });

  it('makes the folder and its parents, for the shop\'s account only', () => {
    const dir = path.join(tempDir(), 'a', 'b', 'backups');
    makePrivateDir(dir);
    expect(fs.statSync(dir).isDirectory()).toBe(true);
    if (process.platform !== 'win32') expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });
});
