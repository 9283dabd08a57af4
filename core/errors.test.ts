// What a SQLite failure tells the person at the screen: nothing was saved, and what to do about it.
import { describe, expect, it } from 'vitest';
import { toApiError } from './errors';

const sqliteError = (code: string) => Object.assign(new Error(`raw ${code} text with /a/path`), { code });

describe('database failures in words', () => {
  it('says the disk is full, not "the database refused the change"', () => {
    expect(toApiError(sqliteError('SQLITE_FULL'))).toEqual({
      code: 'DATABASE', message: 'The disk is full, so this was not saved. Free some space on this computer, then try again.', details: { sqlite: 'SQLITE_FULL' },
    });
    expect(toApiError(sqliteError('SQLITE_IOERR_WRITE')).message).toMatch(/^The disk could not be written, so this may not have been saved\./);
    expect(toApiError(sqliteError('SQLITE_READONLY_DBMOVED')).message).toMatch(/^The ledger file cannot be written right now/);
    expect(toApiError(sqliteError('SQLITE_BUSY')).message).toBe('The ledger file is in use by another program, so this was not saved. Close that program (a database viewer, a sync or backup tool) or wait for it to finish, then try again.');
    expect(toApiError(sqliteError('SQLITE_CORRUPT')).message).toMatch(/damaged.*Restore a backup/);
    expect(toApiError(sqliteError('SQLITE_CONSTRAINT_CHECK')).message).toBe('The database refused the change, so this was not saved.');
    // the raw text (SQL, paths) never reaches the caller
    for (const c of ['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CONSTRAINT']) expect(JSON.stringify(toApiError(sqliteError(c)))).not.toContain('/a/path');
  });
});

describe('file system failures of backups, exports and restores in words', () => {
  it('says the disk is full or a file is in the way, with no path, instead of "something went wrong"', () => {
    const fsError = (code: string) => Object.assign(new Error(`${code}: no luck, open '/home/shop/exports/.x.part'`), { code });
    expect(toApiError(fsError('ENOSPC'))).toEqual({
      code: 'DATABASE', message: 'The disk is full, so this was not done. Free some space on this computer, then try again.', details: { fs: 'ENOSPC' },
    });
    expect(toApiError(fsError('EEXIST')).message).toMatch(/^A file is in the way of a folder Passbook writes to/);
    expect(toApiError(fsError('EROFS')).message).toMatch(/^Passbook may not write to the folders beside the ledger/);
    for (const c of ['ENOSPC', 'EEXIST', 'EACCES', 'EIO']) expect(JSON.stringify(toApiError(fsError(c)))).not.toContain('/home/shop');
    // anything else stays an internal error, in the same few words
    expect(toApiError(fsError('ECONNRESET'))).toEqual({ code: 'INTERNAL', message: 'Something went wrong inside Passbook.' });
  });
});
