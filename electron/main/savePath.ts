// Where a save-dialog answer is written. The dialog confirms overwriting only the path the owner typed; when
// main adds the extension ("report" -> "report.csv") that is another file, which the owner never agreed to
// replace. So: the typed path with its extension may be overwritten; an extended one must be new.
import fs from 'node:fs';
import path from 'node:path';

export type SavePath =
  | { file: string; overwrite: boolean }
  | { taken: string };

export function savePath(chosen: string, ext: string): SavePath {
  // a link at the chosen name would have the save write through it to some other file (planted in a shared folder)
  if (isLink(chosen)) return { taken: chosen };
  if (path.extname(chosen).toLowerCase() === ext) return { file: chosen, overwrite: true };
  const file = `${chosen}${ext}`;
  return fs.existsSync(file) || isLink(file) ? { taken: file } : { file, overwrite: false };
}

function isLink(file: string): boolean {
  try { return fs.lstatSync(file).isSymbolicLink(); } catch { return false; }
}
