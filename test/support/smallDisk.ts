// A small file system of its own for tests of a full disk: a tmpfs, which only root on Linux can mount (CI's machine is
// one; elsewhere such tests skip).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tempApp';

export function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = tempDir('pb-mount-');
  try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' }); } catch { return false; }
  execFileSync('umount', [dir]);
  return true;
}

/** A folder on a tmpfs of `size` (as mount takes it: '4m'); `unmount` lets go of it even while files are open in it. */
export function smallDisk(size: string): { dir: string; unmount(): void } {
  const dir = tempDir('pb-disk-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return { dir, unmount: () => execFileSync('umount', ['--lazy', dir]) };
}

/** Fill the file system `dir` is on to its last block; the file that does it, to free the space again. */
export function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler');
  const fd = fs.openSync(filler, 'w');
  try {
    for (const size of [64 * 1024, 512]) {
      try { for (;;) fs.writeSync(fd, Buffer.alloc(size)); } catch (err) { if ((err as { code?: string }).code !== 'ENOSPC') throw err; }
    }
  } finally {
    fs.closeSync(fd);
  }
  return filler;
}
