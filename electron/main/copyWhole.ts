// Copying a backup or an export to where the owner chose (a USB stick, another drive): the copy is written beside the target under
// a part name, flushed to the disk, then renamed. A stick pulled out half-way leaves a part file, never a file with
// the backup's name that looks whole and is not; a stick pulled out right after "Saved" holds the whole copy.
import fs from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';

/** The part name a copy is written under first (hidden on macOS and Linux). */
export const partName = (dest: string): string => path.join(path.dirname(dest), `.${path.basename(dest)}.part`);

export async function copyWhole(src: string, dest: string, overwrite: boolean): Promise<void> {
  if (!overwrite) {
    // the save dialog's answer was a new name: refuse one that appeared since rather than replace it
    const exists = await fs.lstat(dest).then(() => true, () => false);
    if (exists) throw Object.assign(new Error(`${path.basename(dest)} is already there.`), { code: 'EEXIST' });
  }
  const part = partName(dest);
  // a part file is only ever a copy cut short (ours, by its name): the next copy starts over
  await fs.rm(part, { force: true });
  try {
    await fs.copyFile(src, part, fsConstants.COPYFILE_EXCL);
    const h = await fs.open(part, 'r+');
    try { await h.sync(); } finally { await h.close(); }
    await fs.rename(part, dest);
  } catch (err) {
    await fs.rm(part, { force: true });
    throw err;
  }
  // the rename itself reaches the disk only with its folder (not possible on Windows, where rename is durable enough)
  try {
    const d = await fs.open(path.dirname(dest), 'r');
    try { await d.sync(); } finally { await d.close(); }
  } catch { /* a folder cannot be opened for sync here */ }
}
