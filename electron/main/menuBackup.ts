// File → Back up now: a backup into the backups folder beside the ledger, from the menu (no owner PIN: a backup takes
// nothing away). Its failure is said as the owner's screens say it (core/errors.ts), never as the raw error, whose
// text is SQLite's or the file system's ("EACCES: permission denied, mkdir '/home/…'") and names the data folder.
import { createBackup, type BackupInfo } from '../../core/backup/backup';
import { toApiError } from '../../core/errors';
import type { PassbookApp } from '../../core/app';

export async function menuBackup(app: PassbookApp): Promise<{ ok: true; info: BackupInfo } | { ok: false; message: string }> {
  // a ledger moved away meanwhile is written back first: the backup is of the ledger in its place
  app.keepInPlace();
  try {
    return { ok: true, info: await createBackup(app.db, app.ledger, app.clock.now()) };
  } catch (err) {
    return { ok: false, message: toApiError(err).message };
  }
}
