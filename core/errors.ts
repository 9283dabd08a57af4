// Every failure that crosses the API boundary is a PassbookError with a stable code.
// The renderer sees only { code, message, details? }; codes never change meaning.

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'INSUFFICIENT_CREDITS',
  'OVERDRAFT_LIMIT',
  'UNDO_WINDOW_PASSED',
  'ALREADY_VOIDED',
  'PASS_CLOSED',
  'CARD_REPLACED',
  'LOCKED_OUT',
  'CLOCK_BEHIND',
  'CLOCK_AHEAD',
  'NOT_SET_UP',
  'ALREADY_SET_UP',
  'DATABASE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** What each code means to a caller (docs/API.md lists them with their HTTP status). */
export const ERROR_MEANINGS: Record<ErrorCode, string> = {
  VALIDATION: 'the input is wrong; `details.field` or `details.issues` name the fields. Nothing was written.',
  NOT_FOUND: 'no such method, customer, pass, item, plan, redemption or file.',
  FORBIDDEN: 'an owner method without an owner session, or a wrong PIN (`details.attemptsLeft`).',
  CONFLICT: 'a `clientId` already used for another request, or a change the ledger\'s state no longer allows (the time zone after a sale, a ledger in use, an undo or void of a redemption whose lot credits were moved from since, or paid back from since: `details.reason` `MOVED_SINCE`, `REFUNDED_SINCE`; a customer merge the ledger cannot carry: `FORGOTTEN`, `ALREADY_MERGED`, `NO_PASS_TO_RECEIVE`, `PERIODS_TO_COME`, `OWED_ON_CLOSED_PASS`; a sale or edit for a customer merged into another, or an undo or void of a redemption on a pass of theirs: `MERGED`).',
  INSUFFICIENT_CREDITS: 'the pass has too few credits (`details.has`, `needs`, `overagePolicy`; with overage allowed, `overageCredits`, `overageAmount`, `accountAllowed`): ask again with `overageSettlement`.',
  OVERDRAFT_LIMIT: 'putting the overage on account would pass the pass\'s overdraft limit; charge it now instead.',
  UNDO_WINDOW_PASSED: 'the counter may no longer undo this redemption (`details.reason`: `EXPIRED` or `NOT_LATEST`; the owner can void it) or this sale or top-up (`EXPIRED`, `USED` or `UNDONE`; the owner can refund it), or this sale without a pass (`EXPIRED`; the owner can void it).',
  ALREADY_VOIDED: 'the redemption, or the sale without a pass, was undone or voided already.',
  PASS_CLOSED: 'the pass is cancelled (refunded) or has ended.',
  CARD_REPLACED: 'the card code was on a card since replaced (lost, stolen, damaged): it opens no one (`details.customerId`, `reason`, `replacedAt`).',
  LOCKED_OUT: 'too many wrong PINs; `details.retryAfterSeconds`.',
  CLOCK_BEHIND: 'this computer\'s clock is more than 5 minutes behind the ledger\'s last entry; set the clock right.',
  CLOCK_AHEAD: 'this computer\'s clock is more than 35 days past the ledger\'s last entry; set the clock right, or the owner confirms the date with a period close.',
  NOT_SET_UP: 'the shop is not set up yet (`shop.setup`).',
  ALREADY_SET_UP: 'the shop is set up already.',
  DATABASE: 'the ledger file refused the write (disk full, read-only, busy); nothing was saved, try again.',
  INTERNAL: 'a fault in Passbook; nothing was saved.',
};

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class PassbookError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'PassbookError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
  toJSON(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const fail = (code: ErrorCode, message: string, details?: unknown): never => {
  throw new PassbookError(code, message, details);
};

/** Turn anything thrown into the wire shape; unknown errors never leak internals. */
export function toApiError(err: unknown): ApiErrorShape {
  if (err instanceof PassbookError) return err.toJSON();
  const e = err as { code?: string; message?: string };
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
    return { code: 'DATABASE', message: databaseWords(e.code), details: { sqlite: e.code } };
  }
  // the files beside the ledger (backups, exports, a restore's copy): the disk, not Passbook, refused them
  const words = typeof e?.code === 'string' ? fileWords(e.code) : null;
  if (words) return { code: 'DATABASE', message: words, details: { fs: e.code } };
  return { code: 'INTERNAL', message: 'Something went wrong inside Passbook.' };
}

/** What a file system failure of a backup, export or restore means for the person at the screen; null: not one of those. */
export function fileWords(fsCode: string): string | null {
  if (fsCode === 'ENOSPC' || fsCode === 'EDQUOT') return 'The disk is full, so this was not done. Free some space on this computer, then try again.';
  if (fsCode === 'EACCES' || fsCode === 'EPERM' || fsCode === 'EROFS') return 'Passbook may not write to the folders beside the ledger (backups, exports), so this was not done. Allow writing to them, then try again.';
  if (fsCode === 'ENOTDIR' || fsCode === 'EEXIST') return 'A file is in the way of a folder Passbook writes to beside the ledger (backups, exports), so this was not done. Move it away, then try again.';
  if (fsCode === 'EIO') return 'The disk could not be written, so this was not done. Check the disk (or the drive the data is on), then try again.';
  return null;
}

/** What a SQLite failure means for the person at the screen: nothing was saved, and what to do. */
export function databaseWords(sqliteCode: string): string {
  if (sqliteCode === 'SQLITE_FULL' || sqliteCode === 'SQLITE_IOERR_SHMSIZE') return 'The disk is full, so this was not saved. Free some space on this computer, then try again.';
  // a failed fsync may leave the write in the ledger after a restart: never promise it was not saved
  if (sqliteCode.startsWith('SQLITE_IOERR')) return 'The disk could not be written, so this may not have been saved. Check the disk (or the drive the data is on), and look whether it was before doing it again.';
  if (sqliteCode.startsWith('SQLITE_READONLY') || sqliteCode.startsWith('SQLITE_PERM')) return 'The ledger file cannot be written right now, so this was not saved. Check that the file and its folder may be written.';
  // one Passbook at a time holds a ledger (its .lock file), and its own writes take turns: the lock was held, past the
  // 5 s wait, by another program (a database viewer, a sync or backup tool), so "try again" alone meets it again
  if (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED')) return 'The ledger file is in use by another program, so this was not saved. Close that program (a database viewer, a sync or backup tool) or wait for it to finish, then try again.';
  if (sqliteCode.startsWith('SQLITE_CORRUPT') || sqliteCode === 'SQLITE_NOTADB') return 'The ledger file is damaged, so this was not saved. Restore a backup (Settings → Data).';
  return 'The database refused the change, so this was not saved.';
}

/** HTTP status for an error code (the headless host). */
export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION': return 400;
    case 'FORBIDDEN': return 403;
    case 'LOCKED_OUT': return 429;
    case 'NOT_FOUND': return 404;
    case 'CONFLICT': case 'ALREADY_VOIDED': case 'ALREADY_SET_UP': return 409;
    case 'INSUFFICIENT_CREDITS': case 'OVERDRAFT_LIMIT': case 'UNDO_WINDOW_PASSED':
    case 'PASS_CLOSED': case 'NOT_SET_UP': return 422;
    case 'CLOCK_BEHIND': case 'CLOCK_AHEAD': return 409;
    case 'CARD_REPLACED': return 410;
    default: return 500;
  }
}

/**
 * Run the checks of several fields and report every field that fails, not only the first: VALIDATION errors that
 * name their field become one error listing them all (details.issues), so a form marks each wrong field at once.
 */
export function validateFields<T extends readonly (() => unknown)[]>(...checks: T): { [K in keyof T]: ReturnType<T[K] extends () => unknown ? T[K] : never> } {
  const out: unknown[] = [];
  const failed: PassbookError[] = [];
  for (const check of checks) {
    try { out.push(check()); } catch (e) {
      if (e instanceof PassbookError && e.code === 'VALIDATION' && typeof (e.details as { field?: unknown } | undefined)?.field === 'string') { failed.push(e); out.push(undefined); } else throw e;
    }
  }
  if (failed.length === 1) throw failed[0]!;
  if (failed.length > 1) {
    const issues = failed.map((e) => ({ path: (e.details as { field: string }).field, message: e.message }));
    throw new PassbookError('VALIDATION', failed[0]!.message, { field: issues[0]!.path, issues });
  }
  return out as never;
}

