// One process at a time on a ledger file. Two processes (the app and a headless host, or two hosts) would each
// take turns writing through SQLite's own locks, but a restore in one swaps the file under the other, which then
// confirms sales into the old, unlinked file: they are lost without a word. So whoever opens the ledger holds an
// exclusive lock on a small file beside it for as long as it is open. The lock is SQLite's own file lock (fcntl,
// LockFileEx): the operating system drops it when the process ends, however it ends, so a crash never leaves the
// shop locked out. A second connection in the same process is refused too.
import { PassbookError } from '../errors';
import { openSqlite } from './sqlite';

export interface LedgerLock { release(): void }

export const lockFileOf = (ledgerFile: string): string => `${ledgerFile}.lock`;

export function lockLedger(ledgerFile: string): LedgerLock {
  const file = lockFileOf(ledgerFile);
  const db = openSqlite(file, { timeout: 0 });
  try {
    db.pragma('journal_mode = MEMORY'); // no journal file beside the lock: it only ever holds an empty transaction
    db.exec('BEGIN EXCLUSIVE');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') {
      throw new PassbookError('CONFLICT', 'This ledger is already open in another Passbook (the app, or a host started with npm run serve). Close that one first: two at once could lose sales.', { reason: 'LEDGER_IN_USE' });
    }
    throw err;
  }
  return {
    release() {
      if (!db.open) return;
      try { db.exec('ROLLBACK'); } finally { db.close(); }
    },
  };
}
