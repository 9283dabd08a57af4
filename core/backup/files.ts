// Backup file names: made here, checked here. Callers name a file inside a known folder,
// never a path, so the untrusted renderer cannot point Passbook at an arbitrary file.
import fs from 'node:fs';
import path from 'node:path';
import { PassbookError } from '../errors';

export const BACKUP_PREFIX = 'passbook-';

export function backupFileName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15); // 20260301-150000
  return `${BACKUP_PREFIX}${stamp}.sqlite`;
}

/** The day a backup file was made (UTC, YYYYMMDD), or null when the name is not ours. */
export function backupDay(fileName: string): string | null {
  const m = /^passbook-(\d{8})-\d{6}(?:-[a-z0-9]+)?\.sqlite$/.exec(fileName);
  return m ? m[1]! : null;
}

export function safeJoin(dir: string, fileName: string): string {
  if (!/^[\w][\w.-]{0,120}$/.test(fileName) || fileName.includes('..')) {
    throw new PassbookError('VALIDATION', 'fileName: must be a plain file name', { field: 'fileName' });
  }
  return path.join(dir, fileName);
}

/** The instant a backup was made, from its name (the app clock at the time), or null. */
export function backupInstant(fileName: string): string | null {
  const m = /^passbook-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})/.exec(fileName);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : null;
}

export interface BackupFile { fileName: string; path: string; bytes: number }

/**
 * A backup in the backups folder, found by its name alone: how the desktop shell (save dialog, then a copy) and the
 * browser host (a download) hand a copy to the owner for a USB stick or another drive. Only names backups are made
 * under: never an upload, a part file still being written, or the ledger itself.
 */
export function findBackupFile(backupsDir: string, fileName: string): BackupFile {
  const file = safeJoin(backupsDir, typeof fileName === 'string' ? fileName : '');
  let stat: fs.Stats | undefined;
  try { stat = fs.statSync(file); } catch { stat = undefined; }
  if (backupDay(fileName) === null || !stat?.isFile()) throw new PassbookError('NOT_FOUND', `There is no backup named ${fileName}.`, { fileName });
  return { fileName, path: file, bytes: stat.size };
}
