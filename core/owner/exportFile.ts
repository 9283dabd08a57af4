// owner.exportFile: the text of a file exports.create wrote into the exports folder, so the window can offer
// it with a save dialog (Electron) or as a download (browser). Named, never a path; at most 50 MB.
import fs from 'node:fs';
import path from 'node:path';
import type { Handler } from '../api/context';
import { PassbookError } from '../errors';

export const MAX_EXPORT_CHARS = 50 * 1024 * 1024;

export const ownerExportFile: Handler<'owner.exportFile'> = (ctx, input) => {
  const name = input.fileName;
  if (!/^[\w][\w.-]{0,160}$/.test(name) || name.includes('..')) {
    throw new PassbookError('VALIDATION', 'fileName: must be a plain file name', { field: 'fileName' });
  }
  const file = path.join(ctx.ledger.exportsDir, name);
  let stat: fs.Stats;
  try { stat = fs.statSync(file); } catch { throw new PassbookError('NOT_FOUND', `There is no export named ${name}.`, { fileName: name }); }
  if (!stat.isFile()) throw new PassbookError('NOT_FOUND', `There is no export named ${name}.`, { fileName: name });
  if (stat.size > MAX_EXPORT_CHARS) {
    throw new PassbookError('VALIDATION', `The export is too large to hand over here (${stat.size} bytes); find it in the exports folder beside the ledger.`, { bytes: stat.size });
  }
  return { fileName: name, bytes: stat.size, content: fs.readFileSync(file, 'utf8') };
};
