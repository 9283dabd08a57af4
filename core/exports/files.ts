// A file that exports.create wrote into the exports folder, found by its name alone: how the desktop shell
// (save dialog, then a copy) and the browser host (a download) hand it over without its text ever crossing
// IPC or the API, whatever its size. The caller never names a path.
import fs from 'node:fs';
import path from 'node:path';
import { PassbookError } from '../errors';

/** A plain file name as exportFileName makes them: passbook-<kind>-<stamp>[-n].<ext>; no folders, no "..". */
const NAME = /^[\w][\w.-]{0,160}$/;

/** What a file holds, from its extension (the save dialog's filter, the download's Content-Type). */
export type ExportFileKind = 'csv' | 'journal' | 'beancount';
const KINDS: Record<string, ExportFileKind> = { '.csv': 'csv', '.journal': 'journal', '.beancount': 'beancount' };
export const EXPORT_MIME: Record<ExportFileKind, string> = { csv: 'text/csv', journal: 'text/plain', beancount: 'text/plain' };

export interface ExportFile { fileName: string; path: string; bytes: number; kind: ExportFileKind }

export function findExportFile(exportsDir: string, fileName: string): ExportFile {
  if (typeof fileName !== 'string' || !NAME.test(fileName) || fileName.includes('..')) {
    throw new PassbookError('VALIDATION', 'fileName: must be a plain file name', { field: 'fileName' });
  }
  const kind = KINDS[path.extname(fileName).toLowerCase()];
  const file = path.join(exportsDir, fileName);
  let stat: fs.Stats | undefined;
  try { stat = fs.statSync(file); } catch { stat = undefined; }
  if (!kind || !stat?.isFile()) throw new PassbookError('NOT_FOUND', `There is no export named ${fileName}.`, { fileName });
  return { fileName, path: file, bytes: stat.size, kind };
}
