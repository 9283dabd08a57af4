// The ledger file staying where it was opened. SQLite writes through the handles it opened, so a ledger deleted or
// moved away while Passbook runs (a sync tool, a cleaner, a hand tidying a folder) took every sale after it into a file
// nobody could open again: each answered OK, and the next start found no shop. Likewise a deleted -wal took the
// acknowledged work of a crash with it. Before a write (and now and then in the background) the files are compared
// with those opened; when they went, the ledger as this connection sees it, everything included, is written again in
// its place and opened, and the owner is told.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, tightenMode, type Db } from './open';
import { nameWhenWhole } from '../wholeFile';

export interface FileIdentity { dev: number; ino: number }

export function identityOf(file: string): FileIdentity | null {
  const s = fs.statSync(file, { throwIfNoEntry: false });
  return s ? { dev: s.dev, ino: s.ino } : null;
}

const same = (a: FileIdentity | null, b: FileIdentity | null) => a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;

export interface OpenedFiles { ledger: FileIdentity | null; wal: FileIdentity | null }

export const openedFiles = (file: string): OpenedFiles => ({ ledger: identityOf(file), wal: identityOf(`${file}-wal`) });

/**
 * How the files stand against those opened: 'ok'; 'wal' (the -wal went: its pages are still readable through this
 * connection); 'gone' (no file at the ledger's path: deleted, moved or its folder removed); 'replaced' (another file
 * is there now).
 */
export function filesState(file: string, opened: OpenedFiles): 'ok' | 'wal' | 'gone' | 'replaced' {
  const now = identityOf(file);
  if (!same(now, opened.ledger)) return now === null ? 'gone' : 'replaced';
  // a -wal that was not there at opening is not a loss (SQLite makes it when it needs it)
  if (opened.wal !== null && !same(identityOf(`${file}-wal`), opened.wal)) return 'wal';
  return 'ok';
}

/**
 * Write the ledger as `db` sees it (its -wal included) to `target` in one go (VACUUM INTO: a whole, consistent copy,
 * user_version and application_id kept). Its folder is made again if it was removed. Throws what SQLite throws.
 * The copy is written under a name of its own and given `target`'s name only when whole and synced: one cut short (a
 * full disk) left at the ledger's name read as another file put there, so freeing space could not bring the ledger
 * back, and the next start opened it as a new, empty ledger.
 */
export function writeLedgerTo(db: Db, target: string): void {
  makePrivateDir(path.dirname(target));
  const part = `${target}.${process.pid}-${crypto.randomUUID().slice(0, 8)}.partial`;
  try {
    db.prepare('VACUUM INTO ?').run(part);
    // VACUUM INTO does not sync what it wrote, and this copy is now the only one: to the disk before anything goes on
    const fd = fs.openSync(part, 'r+');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
    tightenMode(part, 0o600); // customers, and the PIN's hash: the shop's account only, like the ledger
    nameWhenWhole(part, target); // never over a file put there meanwhile
  } finally {
    fs.rmSync(part, { force: true });
  }
  if (process.platform !== 'win32') {
    const dir = fs.openSync(path.dirname(target), 'r');
    try { fs.fsyncSync(dir); } finally { fs.closeSync(dir); }
  }
}
