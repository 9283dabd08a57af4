// A running Passbook: one ledger file, its dispatcher, its clock. Used by Electron main,
// the headless host, the bench and the tests alike.
import fs from 'node:fs';
import path from 'node:path';
import { canWrite, makePrivateDir, openLedger, tightenMode, type Db, type OpenOptions } from './db/open';
import { lockFileOf, lockLedger, type LedgerLock } from './db/ledgerLock';
import type { BackgroundProblem, BackgroundState, BackgroundWork } from './api/context';
import { configureSqlite } from './db/sqlite';
import { sweepLeftovers } from './backup/backup';
import { backupDay } from './backup/files';
import { findShop } from './shop/settings';
import { createDispatcher, isMethodName, type CallResult, type CallerState } from './api/dispatch';
import { systemClock, type Clock, type LedgerHandle } from './api/context';
import { OwnerSessions } from './shop/sessions';
import type { InputOf, MethodName, OutputOf } from './contract';
import { databaseWords, PassbookError, toApiError } from './errors';
import { filesState, openedFiles, writeLedgerTo, type OpenedFiles } from './db/inPlace';
import { contract } from './contract';
import type { MethodSpec } from './api/method';

export interface AppOptions extends OpenOptions {
  clock?: Clock;
  checkOutput?: boolean;
}

export interface PassbookApp {
  /** the open ledger (a new handle after a restore) */
  readonly db: Db;
  file: string;
  clock: Clock;
  sessions: OwnerSessions;
  ledger: LedgerHandle;
  dispatch(name: string, input: unknown, caller?: CallerState): CallResult;
  /** every method, including async long work (backup, restore): what IPC and HTTP use */
  dispatchAsync(name: string, input: unknown, caller?: CallerState): Promise<CallResult>;
  /** typed call for Node code and tests: throws PassbookError on failure */
  call<N extends MethodName>(name: N, input: InputOf<N>, caller?: CallerState): OutputOf<N>;
  /** the same for every method, async long work included */
  callAsync<N extends MethodName>(name: N, input: InputOf<N>, caller?: CallerState): Promise<OutputOf<N>>;
  /** the ledger's files are still those opened, or are made so (core/db/inPlace.ts); background work calls it now and then */
  keepInPlace(): void;
  close(): void;
}

export function createApp(given: string, opts: AppOptions = {}): PassbookApp {
  // one name per file: a symlink to the ledger (or to its folder) must meet the same lock, or two Passbooks write it
  const file = canonicalPath(given);
  const clock = opts.clock ?? systemClock;
  const dir = path.dirname(path.resolve(file));
  const checkOutput = opts.checkOutput ?? process.env.NODE_ENV !== 'production';

  let db: Db;
  let dispatcher: ReturnType<typeof createDispatcher>;
  // Exports read through connections of their own, and backups step through this one over many ticks.
  // Swapping the file under either would leave it reading the old file (or closed half-way), and an export's
  // connection could tidy away the new file's WAL by name on closing: restore is refused while they run.
  let readers = 0;
  const idle: Array<(db: Db) => void> = [];
  // best effort: what waits for the readers (an erasure's checkpoint) never fails the call that asked for it
  const runIdle = (task: (db: Db) => void) => {
    try { if (db.open) task(db); } catch (err) { if (process.env.PASSBOOK_DEBUG) console.error(err); }
  };
  const ledger: LedgerHandle = {
    file,
    checkReplaceable() {
      if (readers > 0) throw new PassbookError('CONFLICT', 'A backup or export is still being written. Restore once it has finished.', { running: readers });
    },
    async reading(work) {
      readers += 1;
      try { return await work(); } finally {
        readers -= 1;
        if (readers === 0) for (const task of idle.splice(0)) runIdle(task);
      }
    },
    whenIdle(task) {
      if (readers === 0) runIdle(task); else idle.push(task);
    },
    background: backgroundState(),
    backupsDir: path.join(dir, 'backups'),
    exportsDir: path.join(dir, 'exports'),
    incomingDir: path.join(dir, 'incoming'),
    replace(swap) {
      ledger.checkReplaceable();
      if (db.open) db.close();
      try {
        swap();
      } finally {
        open();
        sessions.lockAll();
      }
    },
  };
  let opened: OpenedFiles | null = null;
  let rescued: string | null = null;
  const open = () => {
    db = openLedger(file, opts);
    // Windows does not let an open ledger be deleted or moved, and some of its drives give no stable file ids: no check there
    opened = file === ':memory:' || process.platform === 'win32' ? null : openedFiles(file);
    dispatcher = createDispatcher({ db, ledger, clock, sessions, checkOutput });
  };
  const reopen = () => { if (db.open) db.close(); open(); };
  /**
   * The ledger's files are still those opened (core/db/inPlace.ts), or are made so: a -wal deleted is emptied into the
   * ledger, a ledger deleted or moved away is written again in its place, from this connection, with everything. Another
   * file put in its place is never overwritten: what this connection holds is saved beside it and writes are refused.
   */
  const keepInPlace = (): void => {
    if (!opened || !db.open) return;
    const state = filesState(file, opened);
    if (state === 'ok') return;
    const at = clock.now().getTime();
    const told = (message: string) => ledger.background.report('ledger', { ok: false, at, error: new PassbookError('DATABASE', message) });
    if (state === 'replaced') {
      if (!rescued) {
        const target = `${file}.rescued-${new Date(at).toISOString().replace(/[:.]/g, '-')}.sqlite`;
        try { writeLedgerTo(db, target); rescued = target; } catch { /* said below */ }
      }
      const words = `Another file was put where the ledger (${path.basename(file)}) was while Passbook was running, so nothing more can be saved.`
        + (rescued ? ` Everything up to then is in ${path.basename(rescued)} beside it: quit Passbook, put that file in the ledger's place under its name, and start Passbook again.` : ' Quit Passbook, and do not delete anything in its folder.');
      told(words);
      throw new PassbookError('DATABASE', words, { reason: 'LEDGER_MOVED' });
    }
    // a backup steps through this connection, an export reads beside it: the swap waits until they are done
    if (readers > 0) {
      throw new PassbookError('DATABASE', 'The ledger file was moved or deleted while Passbook was running. It is written again in its place once the backup or export being written has finished: nothing was saved, try again in a moment.', { reason: 'LEDGER_MOVED' });
    }
    if (state === 'wal') {
      // its pages are still readable through this connection: into the ledger with them, then a new -wal
      try {
        db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (err) {
        // the ledger must grow to take them (a full disk): until it can, they are only in the deleted -wal this
        // connection holds open, and quitting would lose them. Said on every screen, as the refused sale says it
        const code = String((err as { code?: string }).code ?? 'SQLITE_IOERR');
        const words = (why: string) => `The ledger's journal file (the -wal beside it) was deleted while Passbook was running, and what it held could not be written into the ledger. ${why} Do not quit Passbook before then: until it is written, the latest sales are only in the file Passbook holds open. It writes them by itself at the next sale.`;
        told(words(databaseWords(code).replace(NOT_SAVED, '.')));
        throw new PassbookError('DATABASE', words(databaseWords(code)), { reason: 'LEDGER_MOVED' });
      }
      reopen();
      told('The ledger\'s journal file (the -wal beside it) was deleted while Passbook was running. Nothing was lost: Passbook wrote what it held into the ledger and carries on. Something deletes files in the ledger\'s folder (a cleaner, a sync tool): stop it.');
      return;
    }
    // the folder went with the ledger: its lock file too, so the folder made again must be claimed again before a
    // second Passbook could open it (taken meanwhile: refused, never written twice)
    if (!fs.existsSync(lockFileOf(file))) {
      makePrivateDir(path.dirname(file));
      const fresh = lockLedger(file);
      lock.release();
      lock = fresh;
      shopMarked = false; // the new lock file is told after the write-back below
    }
    try {
      writeLedgerTo(db, file);
    } catch (err) {
      // until it is written back, everything is only in the file this connection still holds open: quitting loses it.
      // Said on every screen (shop.status), not only to the cashier whose sale was refused
      const code = String((err as { code?: string }).code ?? 'SQLITE_IOERR');
      const words = (why: string) => `The ledger file was moved or deleted while Passbook was running, and could not be written again in its place. ${why} Do not quit Passbook before it is back: until then everything is only in the copy Passbook holds open. It writes the ledger back by itself, with everything, at the next sale.`;
      told(words(databaseWords(code).replace(NOT_SAVED, '.')));
      throw new PassbookError('DATABASE', words(databaseWords(code)), { reason: 'LEDGER_MOVED' });
    }
    reopen();
    markShop();
    told('The ledger file was deleted or moved away while Passbook was running. Passbook wrote it again in its place with everything up to then, and carries on. A copy moved elsewhere is older than this one: do not use it.');
  };
  /**
   * Before a write, and before long work (a backup, an export opens its own connection, which must not meet a -wal other
   * than this connection's): the ledger is where it was opened. A plain read of a moved ledger still reads it right.
   * Two stat calls, about 3 µs against a durable redemption's 1 ms.
   */
  const beforeCall = (name: string): CallResult | null => {
    if (!opened || !isMethodName(name)) return null;
    const spec = contract[name] as MethodSpec;
    if (!spec.write && !spec.async) return null;
    try { keepInPlace(); return null; } catch (err) { return { ok: false, error: toApiError(err) }; }
  };
  // the process's claim on the file, held across restores (which swap the file, not the lock) until close
  configureSqlite({ nativeBinding: opts.nativeBinding });
  let lock: LedgerLock;
  try {
    lock = lockLedger(file);
  } catch (err) {
    if (err instanceof PassbookError) throw err; // open elsewhere
    // a folder Passbook may not write: the ledger's own opening says so in words (it cannot write there either)
    if (!canWrite(dir)) openLedger(file, opts).close();
    // the disk full or failing: that is the trouble, not the lock file (deleting files on a failing disk helps nobody)
    const sqliteCode = String((err as { code?: string }).code ?? '');
    if (/^SQLITE_(FULL|IOERR|READONLY)/.test(sqliteCode)) {
      throw new PassbookError('DATABASE', `Passbook cannot open ${path.basename(file)}. ${databaseWords(sqliteCode).replace(NOT_SAVED, '.')}`, { reason: 'DISK', sqlite: sqliteCode });
    }
    // the lock file itself is in the way (left by another user, or a folder of that name): never open without it
    throw new PassbookError('DATABASE', `Passbook cannot use ${path.basename(lockFileOf(file))} beside ${path.basename(file)} (${String((err as { code?: string }).code ?? 'error')}). Allow writing to it, or delete it (it holds no sales), then start again.`, { reason: 'LOCK' });
  }
  if (file !== ':memory:') {
    const missing = missingLedger(file, lock.shop.seenAt() !== null, ledger.backupsDir);
    if (missing) { lock.release(); throw missing; }
    // tidy what interrupted work left (others' work in a shared folder is left alone: backup.ts)
    const swept = sweepLeftovers(file, { backupsDir: ledger.backupsDir, incomingDir: ledger.incomingDir, exportsDir: ledger.exportsDir });
    // a restore's staged copy left behind: Passbook stopped before the swap, and the owner never saw an answer
    if (swept.some((n) => n.startsWith(`${path.basename(file)}.restoring-`) && !/-(wal|shm|journal)$/.test(n))) {
      ledger.background.report('ledger', { ok: false, at: clock.now().getTime(), error: new PassbookError('DATABASE', RESTORE_CUT_SHORT) });
    }
    keepPrivate(file, [ledger.backupsDir, ledger.incomingDir, ledger.exportsDir]);
  }
  // the PIN gate's wrong PINs and lockout live in the lock file: a restart keeps them
  // through the lock held now (a ledger written again in a folder made again takes a new one)
  const guard = { load: () => lock.guard.load(), save: (s: Parameters<LedgerLock['guard']['save']>[0]) => lock.guard.save(s) };
  const sessions = new OwnerSessions(clock.monotonicMs ? () => clock.monotonicMs!() : undefined, guard, () => clock.now().getTime());
  try {
    open();
  } catch (err) {
    lock.release();
    throw err;
  }
  // once the ledger holds a shop, the lock file beside it says so: the ledger missing at a later start was moved or deleted
  let shopMarked = false;
  const markShop = (): void => {
    if (shopMarked || !db.open) return;
    try {
      if (!findShop(db)) return;
      lock.shop.mark(clock.now().getTime());
      shopMarked = true;
    } catch { /* a full disk: marked at a later call */ }
  };
  markShop();
  const marked = <R extends CallResult>(r: R): R => { if (r.ok && !shopMarked) markShop(); return r; };

  return {
    get db() { return db; },
    file, clock, sessions, ledger,
    dispatch: (name, input, caller) => beforeCall(name) ?? marked(dispatcher.dispatch(name, input, caller)),
    dispatchAsync: async (name, input, caller) => beforeCall(name) ?? marked(await dispatcher.dispatchAsync(name, input, caller)),
    keepInPlace() { try { keepInPlace(); } catch { /* told in shop.status */ } },
    call(name, input, caller) {
      const r = beforeCall(name) ?? marked(dispatcher.dispatch(name, input, caller));
      if (!r.ok) throw new PassbookError(r.error.code, r.error.message, r.error.details);
      return r.value as never;
    },
    async callAsync(name, input, caller) {
      const r = beforeCall(name) ?? marked(await dispatcher.dispatchAsync(name, input, caller));
      if (!r.ok) throw new PassbookError(r.error.code, r.error.message, r.error.details);
      return r.value as never;
    },
    close() {
      // a ledger deleted since the last check is written back first: closing would otherwise drop everything
      try { keepInPlace(); } catch { /* refused: what it could save is beside it, and the banner said so */ }
      if (db.open) db.close();
      lock.release();
    },
  };
}

/**
 * A ledger that held a shop (its lock file says so) and is missing or empty now: it was moved, renamed or deleted while
 * Passbook was closed, or emptied. Opening would make a new, empty ledger in its place and greet the shop with the first
 * run's setup, as if it had never existed: refused, with what to do, and the newest backup beside it named. Deleting
 * the lock file (it holds no sales) is the way to start a new shop there on purpose.
 */
function missingLedger(file: string, heldShop: boolean, backupsDir: string): PassbookError | null {
  if (!heldShop) return null;
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size !== undefined && size > 0) return null;
  const base = path.basename(file);
  let newest: string | undefined;
  try { newest = fs.readdirSync(backupsDir).filter((n) => backupDay(n) !== null).sort().pop(); } catch { /* no backups folder */ }
  const what = size === undefined
    ? `${base} is not in its folder, yet it held the shop when Passbook last used it: it was moved, renamed or deleted while Passbook was closed.`
    : `${base} is empty, yet it held the shop when Passbook last used it: something emptied it while Passbook was closed.`;
  return new PassbookError('DATABASE', `${what} Passbook made no new, empty ledger in its place. Put the file back (look in the trash or recycle bin, or where it was moved to)${newest ? `, or copy the newest backup, ${newest} in the backups folder beside it, to ${base}` : ''}, then start Passbook again. To set up a new shop there instead, delete ${base}.lock beside it (it holds no sales).`, {
    reason: 'MISSING', ...(newest ? { newestBackup: newest } : {}),
  });
}

/** The clause of databaseWords that says what a call did not do: left out where nothing was being saved. */
const NOT_SAVED = /, so this (was not|may not have been) saved\./;

/** The file's own path, links resolved (its folder's, when the file is not made yet). */
function canonicalPath(file: string): string {
  if (file === ':memory:') return file;
  const abs = path.resolve(file);
  try { return fs.realpathSync(abs); } catch { /* not made yet */ }
  try { return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs)); } catch { return abs; }
}

/**
 * The folders beside the ledger, the backups and the pre-migration copies, for the shop's account only. Done at every
 * open, since folders and files an older Passbook made keep their modes otherwise. A file not ours is left as it is.
 */
function keepPrivate(file: string, dirs: string[]): void {
  if (process.platform === 'win32') return;
  for (const d of dirs) {
    tightenMode(d, 0o700);
    if (d.endsWith('backups')) {
      let names: string[] = [];
      try { names = fs.readdirSync(d); } catch { /* none yet */ }
      for (const n of names) if (n.endsWith('.sqlite')) tightenMode(path.join(d, n), 0o600);
    }
  }
  const base = path.basename(file);
  for (const n of fs.readdirSync(path.dirname(file))) if (n.startsWith(`${base}.before-v`) && n.endsWith('.bak')) tightenMode(path.join(path.dirname(file), n), 0o600);
}

const RESTORE_CUT_SHORT = 'A restore from a backup was cut short when Passbook last stopped. The ledger is as it was before it: nothing was restored. Restore again if it is still wanted.';

/** Failures of unwatched work, in words: the first failure of a streak is kept until a run goes through. */
function backgroundState(): BackgroundState {
  const problems = new Map<BackgroundWork, BackgroundProblem>();
  return {
    problems,
    report(work, outcome) {
      if (outcome.ok) { problems.delete(work); return; }
      const message = backgroundWords(outcome.error);
      const since = problems.get(work)?.since ?? outcome.at;
      problems.set(work, { work, since, message });
    },
  };
}

/** What went wrong, for the owner: SQLite's and the file system's codes in words, never raw text (paths). */
function backgroundWords(err: unknown): string {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (code.startsWith('SQLITE_')) return databaseWords(code).replace(NOT_SAVED, '.');
  if (code === 'ENOSPC') return 'The disk is full. Free some space on this computer.';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'Passbook may not write to its backups folder. Allow writing to it.';
  if (code === 'ENOTDIR' || code === 'EEXIST') return 'Passbook cannot make its backups folder: a file of that name is in the way.';
  if (err instanceof PassbookError) return err.message;
  return 'Something went wrong inside Passbook.';
}
