// Where a save-dialog answer is written. The dialog confirms overwriting only the path the owner typed; when
// main adds the extension ("report" -> "report.csv") that is another file, which the owner never agreed to
// replace. So: the typed path with its extension may be overwritten; an extended one must be new.
import fs from 'node:fs';
import path from 'node:path';

export type SavePath =
  | { file: string; overwrite: boolean }
  | { taken: string };

export function savePath(chosen: string, ext: string): SavePath {
  if (path.extname(chosen).toLowerCase() === ext) return { file: chosen, overwrite: true };
  const file = `${chosen}${ext}`;
  return fs.existsSync(file) ? { taken: file } : { file, overwrite: false };
}
