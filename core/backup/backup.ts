// Backups with SQLite's online backup API (better-sqlite3 db.backup), restore with a preview
// and a safety copy of the current file first. Nothing here overwrites a file it has not checked.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerHandle } from '../api/context';
import { APPLICATION_ID, loadMigrations, makePrivateDir, openLedger, type Db } from '../db/open';
import { openSqlite } from '../db/sqlite';
import { nameWhenWhole } from '../wholeFile';
import { schemaDifferences, schemaDifferencesAt } from '../db/schema';
import { fileWords, PassbookError } from '../errors';
import { moneyToString } from '../money/decimal';
import { OPENING_LOT_SQL } from '../lots/lots';
import { backupDay, backupFileName, backupInstant, findBackupFile, safeJoin, type BackupFile } from './files';
import { findShop } from '../shop/settings';
import { localDateTime } from '../periods/calendar';

export interface BackupInfo { fileName: string; bytes: number; createdAt: string }

export interface LedgerSummary {
  shopName: string | null;
  currency: string | null;
  schemaVersion: number;
  customers: number;
  passes: number;
  redemptions: number;
  journalTransactions: number;
  lastActivityAt: string | null;
  bytes: number;
}

/**
 * Copy the open ledger to `dest` page by page while the shop keeps working. The copy is written under a
 * name of its own (two backups at once never share one) and linked to `dest` only when whole: a backup is
 * either whole or absent, and never replaces a file already there.
 */
export async function backupTo(db: Db, dest: string, onProgress?: (fraction: number) => void): Promise<number> {
  // customers' names and phones, and the PIN's hash: for the shop's own account only, like the ledger
  makePrivateDir(path.dirname(dest));
  const tmp = `${dest}.${process.pid}-${crypto.randomUUID().slice(0, 8)}.partial`;
  try {
    await db.backup(tmp, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages ? (totalPages - remainingPages) / totalPages : 1);
        return 256; // pages per step: small steps keep the counter responsive
      },
    }).catch((err: unknown) => {
      // SQLite could not make the file: the folder, not the ledger, refused ("the database refused the change" misled)
      if ((err as { code?: string }).code === 'SQLITE_CANTOPEN') throw new PassbookError('DATABASE', fileWords('EACCES')!, { sqlite: 'SQLITE_CANTOPEN' });
      throw err;
    });
    // a copy in WAL mode needs a -shm file written beside it just to be read, so it could not be read from a full
    // disk or a read-only stick; a backup is never written in place, so it keeps a rollback journal instead
    const copy = openSqlite(tmp);
    try { copy.pragma('journal_mode = DELETE'); } finally { copy.close(); }
    fs.chmodSync(tmp, 0o600);
    nameWhenWhole(tmp, dest);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return fs.statSync(dest).size;
}

/** Backup names taken by backups still being written in this process (two in the same second get two names). */
const writing = new Set<string>();

export async function createBackup(db: Db, ledger: LedgerHandle, now: Date, onProgress?: (f: number) => void): Promise<BackupInfo> {
  const base = backupFileName(now);
  let name = base;
  for (let n = 1; fs.existsSync(path.join(ledger.backupsDir, name)) || writing.has(path.join(ledger.backupsDir, name)); n += 1) {
    name = base.replace('.sqlite', `-${n.toString(36)}.sqlite`);
  }
  const dest = path.join(ledger.backupsDir, name);
  writing.add(dest);
  try {
    // the copy steps through this connection over many ticks: a restore must not close it half-way
    const bytes = await ledger.reading(() => backupTo(db, dest, onProgress));
    return { fileName: name, bytes, createdAt: now.toISOString() };
  } finally {
    writing.delete(dest);
  }
}

/**
 * A backup the owner copies elsewhere (a USB stick), and the name its copy is offered under: the shop's local time of
 * the backup, as exports are named (passbook-backup-20260320-110500.sqlite for the backup of 15:05 UTC in New York),
 * so the copy's name agrees with the time the backups list shows.
 */
export function backupToCopy(db: Db, ledger: LedgerHandle, fileName: string): BackupFile & { copyName: string } {
  const file = findBackupFile(ledger.backupsDir, fileName);
  const at = Date.parse(backupInstant(fileName)!);
  const local = localDateTime(at, findShop(db)?.time_zone ?? 'UTC').slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const suffix = fileName.slice('passbook-20260320-150500'.length, -'.sqlite'.length); // "-2" of a second backup in one second
  return { ...file, copyName: `passbook-backup-${local}${suffix}.sqlite` };
}

/** A copy saved elsewhere is asked for when the last one is this old, */
export const COPY_DUE_AFTER_DAYS = 30;
/** or, with none ever saved, once the shop has been set up this long (its first week is left in peace). */
export const FIRST_COPY_DUE_AFTER_DAYS = 7;

export interface OffsiteCopies { lastAt: string | null; lastFileName: string | null; due: boolean }

/** Record a copy of a backup saved off this computer (backup.copied): the shell or the browser made it, outside the ledger. */
export function recordCopy(db: Db, ledger: LedgerHandle, fileName: string, at: Date, clientId: string | null): { fileName: string; copiedAt: string } {
  const file = findBackupFile(ledger.backupsDir, fileName);
  db.prepare('INSERT INTO backup_copies (file_name, copied_at, client_id) VALUES (?, ?, ?)').run(file.fileName, at.getTime(), clientId);
  return { fileName: file.fileName, copiedAt: at.toISOString() };
}

/**
 * The last copy of a backup saved off this computer, and whether another is due: 30 days after it, or, with none
 * ever, once the shop has been set up for a week. A restore of an older ledger forgets copies recorded since.
 */
export function offsiteCopies(db: Db, now: Date): OffsiteCopies {
  const last = db.prepare('SELECT file_name, copied_at FROM backup_copies ORDER BY id DESC LIMIT 1').get() as { file_name: string; copied_at: number } | undefined;
  const day = 86_400_000;
  if (last) return { lastAt: new Date(last.copied_at).toISOString(), lastFileName: last.file_name, due: now.getTime() - last.copied_at >= COPY_DUE_AFTER_DAYS * day };
  const since = findShop(db)?.created_at ?? null;
  return { lastAt: null, lastFileName: null, due: since !== null && now.getTime() - since >= FIRST_COPY_DUE_AFTER_DAYS * day };
}

export function listBackups(ledger: LedgerHandle): BackupInfo[] {
  if (!fs.existsSync(ledger.backupsDir)) return [];
  return fs
    .readdirSync(ledger.backupsDir)
    .filter((f) => backupDay(f) !== null)
    .map((f) => {
      const st = fs.statSync(path.join(ledger.backupsDir, f));
      return { fileName: f, bytes: st.size, createdAt: backupInstant(f) ?? st.mtime.toISOString() };
    })
    .sort((a, b) => b.fileName.localeCompare(a.fileName));
}

/** However old they look, the newest backups stay: a clock that jumps ahead must not clear the folder. */
export const ALWAYS_KEEP_NEWEST = 7;

/** Delete backups older than `keepDays` (by the day in their name), except the newest few. Returns what was removed. */
export function pruneBackups(ledger: LedgerHandle, now: Date, keepDays: number): string[] {
  const cutoff = new Date(now.getTime() - keepDays * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const removed: string[] = [];
  for (const b of listBackups(ledger).slice(ALWAYS_KEEP_NEWEST)) { // newest first
    const day = backupDay(b.fileName);
    if (day && day < cutoff) {
      fs.rmSync(path.join(ledger.backupsDir, b.fileName));
      for (const ext of SIDE_FILES) fs.rmSync(path.join(ledger.backupsDir, b.fileName + ext), { force: true });
      removed.push(b.fileName);
    }
  }
  return removed;
}

const count = (db: Db, table: string): number => {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
  return exists ? (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n : 0;
};

/** A ledger's last activity: its newest request, not counting the restores that brought it back or a backup's copy (not the shop's doing). */
function lastActivity(db: Db): string | null {
  const t = (db.prepare("SELECT max(occurred_at) AS t FROM operations WHERE method NOT IN ('backup.restore', 'backup.restoreForSetup', 'backup.copied')").get() as { t: number | null }).t;
  return t === null ? null : new Date(t).toISOString();
}

/** The newest row of each ledger table a restore preview compares, by id (rows are only ever appended). */
export interface LedgerMarks {
  customers: number; passes: number; redemptions: number; corrections: number; payments: number; period_close_runs: number; card_replacements: number;
  cash_sales: number; cash_sale_reversals: number; lots: number; lot_extensions: number; customer_erasures: number; payment_method_changes: number;
}
const MARKED = ['customers', 'passes', 'redemptions', 'corrections', 'payments', 'period_close_runs', 'card_replacements', 'cash_sales', 'cash_sale_reversals', 'lots', 'lot_extensions', 'customer_erasures', 'payment_method_changes'] as const;

const SIDE_FILES = ['-wal', '-shm'] as const;

/**
 * Open a file that is not the ledger (a backup, an upload) read-only. A copy of a WAL ledger is itself in WAL mode,
 * and SQLite opens a -wal and a -shm beside it even to read; the ones this look made (the -wal empty) are removed after,
 * so looking leaves the folder as it was.
 */
function readOnlyOpen(file: string): { db: Db; close(): void } {
  const had = SIDE_FILES.filter((ext) => fs.existsSync(file + ext));
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  return {
    db,
    close() {
      db.close();
      const wal = file + '-wal';
      if (had.includes('-wal') || (fs.existsSync(wal) && fs.statSync(wal).size > 0)) return;
      for (const ext of SIDE_FILES) if (!had.includes(ext)) fs.rmSync(file + ext, { force: true });
    },
  };
}

/** The marks of a ledger file (a backup), read without changing it. */
export function ledgerMarks(file: string): LedgerMarks {
  const { db, close } = readOnlyOpen(file);
  try {
    // a backup from before a table existed (card_replacements: schema 12; cash sales: 13; lot_extensions: 16; customer_erasures: 19;
    // payment_method_changes: 23) holds none of its rows
    const has = (t: string) => db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(t) !== undefined;
    return Object.fromEntries(MARKED.map((t) => [t, has(t) ? (db.prepare(`SELECT coalesce(max(id), 0) AS n FROM "${t}"`).get() as { n: number }).n : 0])) as unknown as LedgerMarks;
  } finally {
    close();
  }
}

/**
 * What the open ledger holds beyond a backup's marks: what restoring that backup takes away. By row, not by time:
 * a write after the backup can carry the backup's own last instant (a clock a little behind is dated at the
 * ledger's last entry). For a backup of another shop the counts are only a guide.
 */
export function newerThan(db: Db, marks: LedgerMarks) {
  const n = (table: string, mark: number) => (db.prepare(`SELECT count(*) AS n FROM "${table}" WHERE id > ?`).get(mark) as { n: number }).n;
  const shop = db.prepare('SELECT minor_digits FROM shop WHERE id = 1').get() as { minor_digits: number } | undefined;
  const money = db.prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM payments WHERE id > ?').safeIntegers(true).get(marks.payments) as { n: bigint };
  // and sales without a pass since, less the reversals since (of any sale: the money went back after the backup)
  const sold = db.prepare('SELECT coalesce(sum(total_minor), 0) AS n FROM cash_sales WHERE id > ?').safeIntegers(true).get(marks.cash_sales) as { n: bigint };
  const back = db.prepare(`SELECT coalesce(sum(s.total_minor), 0) AS n FROM cash_sale_reversals r JOIN cash_sales s ON s.id = r.sale_id WHERE r.id > ?`)
    .safeIntegers(true).get(marks.cash_sale_reversals) as { n: bigint };
  const last = lastActivity(db);
  return {
    customers: n('customers', marks.customers),
    // a balance brought over from before Passbook (imports) opens a pass that was not sold here
    passesSold: (db.prepare(`SELECT count(*) AS n FROM passes p WHERE p.id > ? AND NOT EXISTS (SELECT 1 FROM lots l WHERE l.pass_id = p.id AND ${OPENING_LOT_SQL})`).get(marks.passes) as { n: number }).n,
    balancesBroughtOver: (db.prepare(`SELECT count(*) AS n FROM lots l WHERE l.pass_id > ? AND ${OPENING_LOT_SQL}`).get(marks.passes) as { n: number }).n,
    redemptions: n('redemptions', marks.redemptions),
    // and the owner's extensions of credits' ends since, one per request (a row per lot it moved)
    corrections: n('corrections', marks.corrections)
      + (db.prepare('SELECT count(*) AS n FROM (SELECT DISTINCT pass_id, occurred_at, client_id, undoes IS NULL FROM lot_extensions WHERE id > ?)').get(marks.lot_extensions) as { n: number }).n
      // and the ways of payments corrected since (a backup without the table has none: its mark is 0)
      + n('payment_method_changes', marks.payment_method_changes ?? 0),
    closes: n('period_close_runs', marks.period_close_runs),
    // a card replaced since: restored, its old card (lost, stolen) would open the customer again
    cardsReplaced: n('card_replacements', marks.card_replacements),
    // a customer forgotten since: the backup still holds who they were, and restoring it brings that back
    customersForgotten: n('customer_erasures', marks.customer_erasures),
    cashSales: n('cash_sales', marks.cash_sales),
    // the owner's gifts of free credits (a purchase's bonus goes with its purchase, counted above)
    gifts: (db.prepare(`SELECT count(*) AS n FROM lots WHERE id > ? AND source = 'promo' AND created_by IN ('passes.givePromo', 'plans.gift')`).get(marks.lots) as { n: number }).n,
    moneyIn: moneyToString(money.n + sold.n - back.n, shop?.minor_digits ?? 2),
    lastActivityAt: last,
  };
}

/** Rows whose foreign keys name no row (PRAGMA foreign_key_check): how many, and the first three as "lots row 5 → passes". */
function brokenLinks(db: Db): { count: number; examples: string[] } {
  let count = 0;
  const examples: string[] = [];
  for (const r of db.prepare('PRAGMA foreign_key_check').iterate() as IterableIterator<{ table: string; rowid: number | null; parent: string }>) {
    count += 1;
    if (examples.length < 3) examples.push(`${r.table} row ${r.rowid ?? '?'} → ${r.parent}`);
  }
  return { count, examples };
}

/** A ledger whose tables or rules are not the ones Passbook's migrations make: never restored. */
function alteredError(altered: { extra: string[]; missing: string[] }): PassbookError {
  const what = [...altered.missing.map((n) => `no ${n}`), ...altered.extra.map((n) => `an added ${n}`)];
  return new PassbookError('VALIDATION', `That file's tables or rules are not a Passbook ledger's: someone changed it by hand (${what.slice(0, 4).join(', ')}${what.length > 4 ? `, and ${what.length - 4} more` : ''}). Nothing was restored.`, {
    reason: 'ALTERED', ...altered,
  });
}

/**
 * A good backup that cannot be read where it lies: a full disk or a read-only folder (an older backup in WAL mode needs a
 * small file written beside it to be read). Said as that, never as "not a database", which invites deleting it.
 */
function unreadableHere(err: unknown): void {
  const code = String((err as { code?: unknown })?.code ?? '');
  // writing the -shm (or the disk) refused; a read error proper (a folder under that name, a damaged file) is not this
  if (!/^SQLITE_(FULL|READONLY|CANTOPEN|PERM|IOERR_SHM)/.test(code)) return;
  throw new PassbookError('DATABASE', 'That backup could not be read where it is: the disk is full, or its folder cannot be written (reading a backup may write a small file beside it). Free some space, or copy the backup onto this computer, then try again.', { reason: 'UNREADABLE_HERE', sqlite: code });
}

/** Look inside a candidate file without changing it: is it a Passbook ledger we can open, and what does it hold? */
export function inspectLedgerFile(file: string): LedgerSummary {
  if (!fs.existsSync(file)) throw new PassbookError('NOT_FOUND', 'That file does not exist.');
  const bytes = fs.statSync(file).size;
  let db: Db;
  let close: () => void;
  try {
    ({ db, close } = readOnlyOpen(file));
  } catch (err) {
    unreadableHere(err);
    throw new PassbookError('VALIDATION', 'That file cannot be opened as a database.', { reason: 'NOT_SQLITE' });
  }
  try {
    let check: string;
    try {
      check = db.pragma('quick_check', { simple: true }) as string;
    } catch (err) {
      unreadableHere(err);
      throw new PassbookError('VALIDATION', 'That file is not a Passbook backup (it is not a SQLite database).', { reason: 'NOT_SQLITE' });
    }
    if (check !== 'ok') throw new PassbookError('VALIDATION', `That file is damaged (integrity check: ${check}).`, { reason: 'CORRUPT' });
    if ((db.pragma('application_id', { simple: true }) as number) !== APPLICATION_ID) {
      throw new PassbookError('VALIDATION', 'That file is a database, but not a Passbook ledger.', { reason: 'FOREIGN' });
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const known = loadMigrations().length;
    if (schemaVersion > known) {
      throw new PassbookError('VALIDATION', `That backup comes from a newer Passbook (schema ${schemaVersion}; this one knows ${known}).`, { reason: 'NEWER_SCHEMA' });
    }
    // a file marked as a ledger but without a ledger's tables (damaged by hand, or not ours after all)
    const missing = ['shop', 'operations', 'passes', 'lots', 'journal_tx'].filter((t) => !db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(t));
    if (schemaVersion > 0 && missing.length > 0) {
      throw new PassbookError('VALIDATION', `That file is marked as a Passbook ledger, but it has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'}.`, { reason: 'FOREIGN', missing });
    }
    // its rules must be those its own version's migrations make: a trigger dropped or added by hand shows here,
    // in the preview, and not only when the owner presses Restore
    if (schemaVersion > 0) {
      const altered = schemaDifferencesAt(db, schemaVersion);
      if (altered.extra.length > 0 || altered.missing.length > 0) throw alteredError(altered);
    }
    // quick_check does not follow references: a row written by hand with foreign keys off (a lot of a pass the file
    // does not hold) opens, migrates and restores, and breaks later, at a statement or a close. About a second at 1M entries.
    const broken = brokenLinks(db);
    if (broken.count > 0) {
      throw new PassbookError('VALIDATION', `That file's rows point at rows it does not hold (${broken.count} broken link${broken.count === 1 ? '' : 's'}: ${broken.examples.join(', ')}): someone changed it by hand. Nothing was restored.`, {
        reason: 'BROKEN_LINKS', count: broken.count, examples: broken.examples,
      });
    }
    const shop = db.prepare('SELECT name, currency FROM shop WHERE id = 1').get() as { name: string; currency: string } | undefined;
    const last = lastActivity(db);
    return {
      shopName: shop?.name ?? null,
      currency: shop?.currency ?? null,
      schemaVersion,
      customers: count(db, 'customers'),
      passes: count(db, 'passes'),
      redemptions: count(db, 'redemptions'),
      journalTransactions: count(db, 'journal_tx'),
      lastActivityAt: last,
      bytes,
    };
  } finally {
    close();
  }
}

export function sourcePath(ledger: LedgerHandle, source: 'backups' | 'incoming', fileName: string): string {
  return safeJoin(source === 'backups' ? ledger.backupsDir : ledger.incomingDir, fileName);
}

/**
 * Replace the open ledger with a checked backup: inspect it, save a safety backup of the current
 * file, then swap the files while the ledger is closed. The current file is untouched if any check fails.
 */
export async function restoreFrom(
  db: Db, ledger: LedgerHandle, candidate: string, now: Date,
  /** runs on the staged copy just before the swap, in one transaction: the restored ledger arrives with it or not at all */
  onStaged?: (staged: Db, done: { summary: LedgerSummary; safetyBackup: BackupInfo | null }) => void,
  /** runs on the staged copy before the safety backup is made: a refusal here leaves no file behind */
  check?: (staged: Db) => void,
  /** false: no safety backup of the ledger replaced (one with no shop in it holds nothing to keep) */
  safety = true,
): Promise<{ summary: LedgerSummary; safetyBackup: BackupInfo | null }> {
  ledger.checkReplaceable(); // before any copying: an export still reading would keep the old file
  // one restore at a time: a second one would swap its file in under the first (which then reports the wrong source)
  if (restoring.has(ledger)) throw new PassbookError('CONFLICT', 'A restore is already running. Wait for it to finish.');
  restoring.add(ledger);
  // copy the candidate first, so a failure half-way cannot leave a half-copied ledger in place
  const staged = `${ledger.file}.restoring-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const summary = inspectLedgerFile(candidate);
    fs.copyFileSync(candidate, staged);
    // the copy keeps the source's permissions: a backup from a read-only stick must still become a writable ledger
    fs.chmodSync(staged, 0o600);
    // the staged copy is opened as the ledger will be (integrity check, migrations to this Passbook's schema) before
    // anything else happens: a backup this Passbook cannot bring up to date is refused while the shop's file is untouched
    let staging: Db;
    try {
      staging = openLedger(staged, { backupBeforeMigrate: false });
    } catch (err) {
      // said of the backup, not of the staged copy the open names (a restore's own temporary file)
      const d = (err instanceof PassbookError ? err.details : undefined) as { reason?: string; schema?: number; known?: number; error?: string } | undefined;
      const why = d?.reason === 'MIGRATION_FAILED' ? `its schema ${d.schema} could not be brought up to date to ${d.known}: ${d.error}`
        : d?.reason === 'DISK' ? 'the disk is full or could not be written while bringing it up to date'
        : err instanceof PassbookError ? err.message : 'its schema could not be brought up to date';
      throw new PassbookError('VALIDATION', `That backup cannot be opened by this Passbook (${why}). Nothing was restored.`, { reason: 'UNUSABLE' });
    }
    // its rules must be a ledger's own: a file with a trigger dropped or added by hand is not restored
    // (inspectLedgerFile held it to its own version's rules already; this holds the result of the migrations)
    const altered = schemaDifferences(staging);
    if (altered.extra.length > 0 || altered.missing.length > 0) {
      staging.close();
      throw alteredError(altered);
    }
    let safetyBackup: BackupInfo | null;
    try {
      check?.(staging);
      safetyBackup = safety ? await createBackup(db, ledger, now) : null;
      if (onStaged) staging.transaction(() => onStaged(staging, { summary, safetyBackup })).immediate();
    } finally {
      staging.close(); // the last connection checkpoints and removes the staged WAL
    }
    ledger.replace(() => {
      for (const ext of ['-wal', '-shm']) fs.rmSync(ledger.file + ext, { force: true });
      fs.renameSync(staged, ledger.file);
    });
    return { summary, safetyBackup };
  } finally {
    for (const ext of ['', '-wal', '-shm']) fs.rmSync(staged + ext, { force: true });
    restoring.delete(ledger);
  }
}

const restoring = new WeakSet<LedgerHandle>();

/**
 * What interrupted work leaves (a backup copy, a restore's staged file, a pre-migration copy, an upload cut short by
 * a crash or a full disk), removed when the ledger is opened. Only names such work makes are touched, never a whole
 * backup. The ledger's own staged restore and pre-migration copy carry its name, and the lock makes this process the
 * only one at work on them. The backups and uploads folders may be shared with another ledger in the same folder,
 * open in another process: a backup copy goes only when the process named in it has ended, an upload only when it
 * has not been written to for a day.
 */
export function sweepLeftovers(ledgerFile: string, dirs: { backupsDir: string; incomingDir: string; exportsDir?: string }, now = Date.now()): string[] {
  const removed: string[] = [];
  const sweep = (dir: string, match: (name: string) => boolean) => {
    let names: string[];
    try { names = fs.readdirSync(dir); } catch { return; }
    for (const name of names) {
      if (!match(name)) continue;
      try { fs.rmSync(path.join(dir, name), { force: true }); removed.push(name); } catch { /* next time */ }
    }
  };
  const base = path.basename(ledgerFile);
  const partialBackup = /\.sqlite\.(\d+)-[0-9a-f]{8}\.partial(-journal|-wal|-shm)?$/;
  sweep(dirs.backupsDir, (n) => { const m = partialBackup.exec(n); return m !== null && !processAlive(Number(m[1])); });
  sweep(path.dirname(ledgerFile), (n) => n.startsWith(`${base}.restoring-`) || (n.startsWith(`${base}.before-v`) && /\.bak\.partial(-journal)?$/.test(n))
    // a ledger (or its rescued copy) being written back in place when its process ended (core/db/inPlace.ts)
    || (n.startsWith(`${base}.`) && ((m) => m !== null && !processAlive(Number(m[1])))(/\.(\d+)-[0-9a-f]{8}\.partial$/.exec(n))));
  sweep(dirs.incomingDir, (n) => n.endsWith('.part') && olderThan(path.join(dirs.incomingDir, n), now - 86_400_000));
  // an export a crash cut off (.passbook-<name>.<pid>.part, core/exports/exports.ts): its process is gone
  if (dirs.exportsDir) sweep(dirs.exportsDir, (n) => { const m = /^\.passbook-[\w.-]+\.(\d+)\.part$/.exec(n); return m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1])); });
  return removed;
}

function processAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as { code?: string }).code === 'EPERM'; }
}

function olderThan(file: string, before: number): boolean {
  try { return fs.statSync(file).mtimeMs < before; } catch { return false; }
}
