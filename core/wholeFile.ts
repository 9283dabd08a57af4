// Giving a file written under a name of its own (a backup, an export, the ledger written back) its real name once it
// is whole, never over a file already there.
import fs from 'node:fs';
import path from 'node:path';

/** link() refused because the file system has no hard links (FAT and exFAT USB sticks, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * `part` becomes `dest`. A hard link does it atomically and fails if `dest` exists; on a file system without hard links
 * (where every backup and export failed as "may not write") a rename after checking `dest` is free does it: only
 * Passbook, under its lock, names files there. `part` may be left for the caller to remove.
 */
export function nameWhenWhole(part: string, dest: string): void {
  try {
    fs.linkSync(part, dest);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!NO_HARD_LINKS.has(code)) throw err;
    // the part was just made in the same folder, so EPERM here is the file system's, not a permission
    if (fs.existsSync(dest)) throw Object.assign(new Error(`${path.basename(dest)} already exists`), { code: 'EEXIST' });
    fs.renameSync(part, dest);
  }
}
