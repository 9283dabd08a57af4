// One process at a time on a ledger file. Two processes (the app and a headless host, or two hosts) would each
// take turns writing through SQLite's own locks, but a restore in one swaps the file under the other, which then
// confirms sales into the old, unlinked file: they are lost without a word. So whoever opens the ledger holds an
// exclusive lock on a small SQLite file beside it (`<ledger>.lock`) for as long as it is open. The lock is SQLite's
// own file lock (fcntl, LockFileEx) in exclusive locking mode: the operating system drops it when the process ends,
// however it ends, so a crash never leaves the shop locked out. A second connection in the same process is refused too.
//
// The same file keeps the PIN gate's count of wrong PINs, so quitting and starting again does not hand out five
// fresh guesses. It is not part of the ledger: backups leave it out, and a restore keeps it.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { PassbookError } from '../errors';
import { openSqlite } from './sqlite';
import { tightenMode } from './open';

/** The PIN gate as it was when last written: wrong PINs since the last right one, lockouts, the running lockout. */
export interface PinGuardState { failures: number; lockouts: number; lockedAt: number | null; lockedMs: number | null }

export interface PinGuardStore { load(): PinGuardState; save(s: PinGuardState): void }

/**
 * Whether this ledger held a shop when a Passbook last had it open: a ledger missing (or empty) at the next start was
 * then moved or deleted, not never made, and no new, empty one is made in its place (core/app.ts).
 */
export interface ShopSeen { seenAt(): number | null; mark(at: number): void }

export interface LedgerLock { guard: PinGuardStore; shop: ShopSeen; release(): void }

export const lockFileOf = (ledgerFile: string): string => `${ledgerFile}.lock`;

const IN_USE = 'This ledger is already open in another Passbook (the app, or a host started with npm run serve). Close that one first: two at once could lose sales.';

function claim(file: string): Database.Database {
  const db = openSqlite(file, { timeout: 0 });
  try {
    // exclusive locking mode: the first write takes the file's exclusive lock and keeps it until the connection closes
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = TRUNCATE');
    db.pragma('synchronous = FULL');
    db.exec(`BEGIN EXCLUSIVE;
      CREATE TABLE IF NOT EXISTS pin_guard (
        id INTEGER PRIMARY KEY CHECK (id = 1), failures INTEGER NOT NULL, lockouts INTEGER NOT NULL, locked_at INTEGER, locked_ms INTEGER);
      INSERT OR IGNORE INTO pin_guard (id, failures, lockouts) VALUES (1, 0, 0);
      CREATE TABLE IF NOT EXISTS shop_seen (id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);
      COMMIT;`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** A ledger in memory (tests, tools) has no file to guard: its PIN gate's state lives as long as it does. */
export function memoryLock(): LedgerLock {
  let state: PinGuardState = { failures: 0, lockouts: 0, lockedAt: null, lockedMs: null };
  let seen: number | null = null;
  return { guard: { load: () => ({ ...state }), save: (s) => { state = { ...s }; } }, shop: { seenAt: () => seen, mark: (at) => { seen ??= at; } }, release() {} };
}

export function lockLedger(ledgerFile: string): LedgerLock {
  if (ledgerFile === ':memory:') return memoryLock();
  const file = lockFileOf(ledgerFile);
  let db: Database.Database;
  try {
    db = claim(file);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new PassbookError('CONFLICT', IN_USE, { reason: 'LEDGER_IN_USE' });
    if (code !== 'SQLITE_NOTADB' && code !== 'SQLITE_CORRUPT') throw err;
    // a damaged lock file holds nothing of the ledger's: start it again
    for (const ext of ['', '-journal']) fs.rmSync(file + ext, { force: true });
    db = claim(file);
  }
  // the count of wrong PINs is the shop's business: kept like the ledger beside it (the journal takes the file's mode)
  for (const ext of ['', '-journal']) tightenMode(file + ext, 0o600);
  const read = db.prepare('SELECT failures, lockouts, locked_at AS lockedAt, locked_ms AS lockedMs FROM pin_guard WHERE id = 1');
  const write = db.prepare('UPDATE pin_guard SET failures = ?, lockouts = ?, locked_at = ?, locked_ms = ? WHERE id = 1');
  const seenAt = db.prepare('SELECT at FROM shop_seen WHERE id = 1').pluck();
  const markSeen = db.prepare('INSERT OR IGNORE INTO shop_seen (id, at) VALUES (1, ?)');
  return {
    guard: {
      load: () => read.get() as PinGuardState,
      save: (s) => { write.run(s.failures, s.lockouts, s.lockedAt, s.lockedMs); },
    },
    shop: {
      seenAt: () => (seenAt.get() as number | undefined) ?? null,
      mark: (at) => { markSeen.run(at); },
    },
    release() {
      if (db.open) db.close();
    },
  };
}
