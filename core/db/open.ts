// Opening the ledger file: pragmas for durability, an integrity check, and numbered migrations.
// A file that is not ours, is corrupt, or comes from a newer Passbook is refused and never touched.
import { sortKey } from '../customers/fold';
import { termEnd } from '../lots/expiry';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassbookError } from '../errors';
import { configureSqlite, openSqlite } from './sqlite';

export type Db = Database.Database;

/** 'PBK1': marks a SQLite file as a Passbook ledger (PRAGMA application_id). */
export const APPLICATION_ID = 0x50424b31;

export interface Migration { version: number; name: string; sql: string }

export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('./migrations/', import.meta.url));
}

export function loadMigrations(dir = defaultMigrationsDir()): Migration[] {
  const list = fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 001, 002, ... without gaps (found ${m.name})`);
  });
  return list;
}

export interface OpenOptions {
  migrationsDir?: string;
  /** back the file up before migrating an existing ledger (default true) */
  backupBeforeMigrate?: boolean;
  /** better-sqlite3 native binding path (Electron passes its own ABI build) */
  nativeBinding?: string;
  readonly?: boolean;
  /** only the first N migrations: the schema an earlier Passbook made (core/db/schema.ts, in memory) */
  migrationsUpTo?: number;
}

function isForeign(db: Db): boolean {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId === APPLICATION_ID) return false;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  return tables.n > 0 || appId !== 0;
}

/** Open (or create) a ledger file, check it, migrate it. Throws PassbookError('DATABASE') with a clear message. */
/** Whether this process may write a file, or make files in a folder. */
export function canWrite(p: string): boolean {
  try { fs.accessSync(p, fs.constants.W_OK); return true; } catch { return false; }
}

/**
 * A folder beside the ledger (backups, exports, incoming), made with its parents, for the shop's account only. Node's
 * recursive mkdir says ENOENT on a read-only disk, which read as "Something went wrong inside Passbook": the real
 * reason (EROFS, EACCES) is asked for with a plain mkdir.
 */
export function makePrivateDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
    // the first missing folder, made alone, says why it cannot be (EROFS, EACCES); made, the rest follow
    let first = path.resolve(dir);
    while (!fs.existsSync(path.dirname(first)) && path.dirname(first) !== first) first = path.dirname(first);
    fs.mkdirSync(first, { mode: 0o700 });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
}

/**
 * Drop the permission bits a path may not keep (`keep` 0o700 or 0o600: the shop's account only). The ledger, its
 * backups and folders hold customers' names and phones and the PIN's hash. A path not ours keeps its mode.
 */
export function tightenMode(p: string, keep: number): void {
  if (p === ':memory:' || process.platform === 'win32') return;
  try {
    const mode = fs.statSync(p).mode & 0o777;
    if (mode & ~keep) fs.chmodSync(p, mode & keep);
  } catch { /* not there, or not ours to change */ }
}

export function openLedger(file: string, opts: OpenOptions = {}): Db {
  configureSqlite({ nativeBinding: opts.nativeBinding });
  const existed = file !== ':memory:' && fs.existsSync(file) && fs.statSync(file).size > 0;
  let db: Db;
  try {
    db = openSqlite(file, { readonly: opts.readonly ?? false });
  } catch (err) {
    // the ledger's folder is not there: a USB stick or network drive not connected, a folder renamed. Nothing is made
    // in its place (a new, empty ledger would greet the shop as a first run)
    if (file !== ':memory:' && !fs.existsSync(path.dirname(path.resolve(file)))) {
      throw new PassbookError('DATABASE', `The folder of ${path.basename(file)} is not there: a USB stick or network drive not connected, or a folder renamed or moved? Connect it or put it back, then start Passbook again. Nothing was made in its place.`, { reason: 'NO_FOLDER' });
    }
    throw new PassbookError('DATABASE', `Cannot open ${path.basename(file)}: ${(err as Error).message}`);
  }
  try {
    // Reading the header first: a non-SQLite file fails here, before any pragma could write to it.
    let check: string;
    try {
      check = db.pragma('quick_check', { simple: true }) as string;
    } catch (err) {
      // a WAL ledger in a folder Passbook may not write (read-only media, another user's folder) cannot even be read:
      // SQLite must create its shared-memory file beside it. That is a permission to fix, not a foreign file.
      if (!opts.readonly && /^SQLITE_(READONLY|CANTOPEN|PERM)/.test(String((err as { code?: string }).code))) {
        throw new PassbookError('DATABASE', `${path.basename(file)} is in a folder Passbook may not write to. Passbook needs to write beside it: allow writing to the folder (or copy the file to one you can write), then start again.`, {
          reason: 'READONLY',
          sqlite: (err as { code?: string }).code,
        });
      }
      // nor is a ledger another program holds (a database viewer, a sync or backup tool with it locked)
      if (/^SQLITE_(BUSY|LOCKED)/.test(String((err as { code?: string }).code))) {
        throw new PassbookError('DATABASE', `${path.basename(file)} is in use by another program, so Passbook cannot open it. Close that program (a database viewer, a sync or backup tool) or wait for it to finish, then start Passbook again. The file was left untouched.`, {
          reason: 'BUSY',
          sqlite: (err as { code?: string }).code,
        });
      }
      // a full or failing disk is not a foreign file: the owner must not give up on (or replace) a good ledger
      if (/^SQLITE_(FULL|IOERR)/.test(String((err as { code?: string }).code))) {
        const full = /^SQLITE_(FULL|IOERR_SHMSIZE)$/.test(String((err as { code?: string }).code));
        throw new PassbookError('DATABASE', `${path.basename(file)} could not be opened: ${full ? 'the disk is full. Free some space on this computer' : 'the disk could not be read or written. Check the disk'}, then start again. The file was left untouched.`, {
          reason: 'DISK',
          sqlite: (err as { code?: string }).code,
        });
      }
      throw new PassbookError('DATABASE', `${path.basename(file)} is not a Passbook ledger (it is not a readable SQLite database).`, {
        reason: 'NOT_SQLITE',
        sqlite: (err as { code?: string }).code,
      });
    }
    if (check !== 'ok') {
      throw new PassbookError('DATABASE', `${path.basename(file)} is damaged (integrity check: ${check}). It was left untouched; restore a backup.`, { reason: 'CORRUPT' });
    }
    if (existed && isForeign(db)) {
      throw new PassbookError('DATABASE', `${path.basename(file)} is a SQLite database, but not a Passbook ledger. It was left untouched.`, { reason: 'FOREIGN' });
    }
    if (opts.readonly) return db;
    // a file the app may not write (a backup copied from read-only media, a read-only flag) would open, then
    // refuse every sale with SQLITE_READONLY: say so now, in words
    if (existed && !canWrite(file)) {
      throw new PassbookError('DATABASE', `${path.basename(file)} is read-only. Passbook needs to write to it: allow writing to the file, then start again.`, { reason: 'READONLY' });
    }
    tightenMode(file, 0o700); // SQLite gives its -wal and -shm the ledger's mode
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // what a write frees is zeroed, in the pages it writes and in whole pages it frees (a long row's overflow): a
    // forgotten customer's details leave no old copies behind in the file (core/customers/erasure.ts). The ledger is
    // appended to, so pages are rarely freed; the bench's redemptions did not move
    db.pragma('secure_delete = ON');
    // the schema's own function: the customers' sort key (migration 011 and its triggers)
    db.function('passbook_sort_key', { deterministic: true }, (name: unknown) => sortKey(String(name ?? '')));
    // a pass's term end, worked out in its shop's zone and calendar (migration 020 and its trigger)
    db.function('passbook_term_end', { deterministic: true }, (validity: unknown, validityDays: unknown, periods: unknown, soldAt: unknown, timeZone: unknown) =>
      termEnd({ validity: String(validity), validity_days: validityDays === null ? null : Number(validityDays), periods: Number(periods), sold_at: Number(soldAt), time_zone: String(timeZone) }));
    migrate(db, file, loadMigrations(opts.migrationsDir).slice(0, opts.migrationsUpTo), opts.backupBeforeMigrate ?? true);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: Db, file: string, migrations: Migration[], backup: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new PassbookError('DATABASE', `This ledger was written by a newer Passbook (schema ${current}; this one knows ${latest}). Update Passbook to open it.`, {
      reason: 'NEWER_SCHEMA', schema: current, known: latest,
    });
  }
  if (current === latest) return;
  let copy: string | undefined;
  if (current > 0 && backup && file !== ':memory:') {
    const target = `${file}.before-v${latest}-${Date.now()}.bak`;
    // written under a name of its own and renamed when whole: a copy cut short (a crash, a full disk) never
    // carries the name of the real pre-migration copy
    const partial = `${target}.partial`;
    try {
      db.exec(`VACUUM INTO '${partial.replace(/'/g, "''")}'`);
      tightenMode(partial, 0o600);
      fs.renameSync(partial, target);
      copy = target;
    } catch (err) {
      // the copy is the size of the whole ledger: a full disk shows here first
      throw notUpdated(file, err, 'the copy made before bringing it up to date could not be written', { schema: current, known: latest });
    } finally {
      fs.rmSync(partial, { force: true });
    }
  }
  let step: number | null = null;
  const apply = db.transaction(() => {
    for (const m of migrations.slice(current)) {
      step = m.version;
      db.exec(m.sql);
    }
    step = null;
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${latest}`);
  });
  try {
    apply.immediate();
  } catch (err) {
    // The transaction rolled back, so the file is as it was and the copy made for this attempt is the same file
    // again: it goes (each start that fails would leave another full-size copy), unless the file says otherwise.
    let unchanged = false;
    try { unchanged = db.pragma('user_version', { simple: true }) === current; } catch { /* keep the copy */ }
    if (copy && unchanged) fs.rmSync(copy, { force: true });
    throw notUpdated(file, err, step === null ? null : `step ${step} failed`, { schema: current, known: latest, step });
  }
}

/**
 * A ledger that could not be brought up to date, in words: the file was left as it was. A disk or another program
 * holding the file is said as such; anything else is a step this Passbook cannot take on this file.
 */
function notUpdated(file: string, err: unknown, what: string | null, at: { schema: number; known: number; step?: number | null }): PassbookError {
  if (err instanceof PassbookError) return err;
  const name = path.basename(file);
  const sqlite = String((err as { code?: string }).code ?? '');
  const details = { ...at, ...(sqlite ? { sqlite } : {}), error: (err as Error).message };
  const left = 'The file was left as it was.';
  if (/^SQLITE_(BUSY|LOCKED)/.test(sqlite)) {
    return new PassbookError('DATABASE', `${name} is in use by another program, so it could not be brought up to date for this Passbook. Close that program (or wait for it to finish), then start again. ${left}`, { reason: 'BUSY', ...details });
  }
  if (/^SQLITE_(FULL|IOERR)/.test(sqlite)) {
    const full = /^SQLITE_(FULL|IOERR_SHMSIZE)$/.test(sqlite);
    return new PassbookError('DATABASE', `${name} could not be brought up to date for this Passbook: ${full ? 'the disk is full. Free some space on this computer' : 'the disk could not be read or written. Check the disk'}, then start again. ${left}`, { reason: 'DISK', ...details });
  }
  return new PassbookError('DATABASE', `${name} could not be brought up to date for this Passbook (schema ${at.schema} to ${at.known}${what ? `; ${what}` : ''}: ${(err as Error).message}). ${left} Open it with the Passbook that last used it, or restore a backup.`, { reason: 'MIGRATION_FAILED', ...details });
}
