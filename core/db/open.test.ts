import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { APPLICATION_ID, loadMigrations, openLedger } from './open';
import { newId, ownerSession, tempDir } from '../../test/support/tempApp';
import { migrationsUpTo } from '../../test/support/olderSchema';
import { createApp } from '../app';
import { PassbookError } from '../errors';

const code = (f: () => unknown) => {
  try { f(); return 'opened'; } catch (e) { return `${(e as { code: string }).code}:${((e as { details?: { reason?: string } }).details?.reason) ?? ''}`; }
};

describe('openLedger', () => {
  it('creates a ledger with WAL, synchronous=FULL, foreign keys, our application id and the latest schema', () => {
    const file = path.join(tempDir(), 'ledger.sqlite');
    const db = openLedger(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    db.close();
  });

  it('migrates an older ledger in one transaction after backing the file up', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const old = new Database(file);
    old.exec(loadMigrations()[0]!.sql);
    old.pragma(`application_id = ${APPLICATION_ID}`);
    old.pragma('user_version = 1');
    old.close();
    const db = openLedger(file);
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    db.close();
    const backups = fs.readdirSync(dir).filter((f) => f.includes('.before-v'));
    expect(backups).toHaveLength(1);
    const b = new Database(path.join(dir, backups[0]!), { readonly: true });
    expect(b.pragma('user_version', { simple: true })).toBe(1);
    b.close();
  });

  it('a migration that fails leaves the file at its old version', () => {
    const dir = tempDir();
    const migrations = path.join(dir, 'migrations');
    fs.mkdirSync(migrations);
    fs.writeFileSync(path.join(migrations, '001_a.sql'), 'CREATE TABLE a (x);');
    fs.writeFileSync(path.join(migrations, '002_b.sql'), 'CREATE TABLE b (x); CREATE TABLE a (y);'); // fails half-way
    const file = path.join(dir, 'ledger.sqlite');
    expect(() => openLedger(file, { migrationsDir: migrations })).toThrow();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name IN ('a', 'b')").get()).toEqual({ n: 0 });
    db.close();
  });

  it('an older ledger whose migration fails is refused in words, left as it was, with no copy left per attempt', () => {
    const dir = tempDir();
    const migrations = path.join(dir, 'migrations');
    fs.mkdirSync(migrations);
    fs.writeFileSync(path.join(migrations, '001_a.sql'), 'CREATE TABLE a (x); INSERT INTO a VALUES (1);');
    const file = path.join(dir, 'ledger.sqlite');
    openLedger(file, { migrationsDir: migrations }).close();
    // a step that meets a schema it did not expect (a column a later text of an earlier migration added)
    fs.writeFileSync(path.join(migrations, '002_b.sql'), 'CREATE TABLE b (x);');
    fs.writeFileSync(path.join(migrations, '003_c.sql'), 'INSERT INTO a (y) VALUES (2);');
    for (let attempt = 0; attempt < 3; attempt++) {
      let err: unknown;
      try { openLedger(file, { migrationsDir: migrations }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(PassbookError);
      expect((err as PassbookError).details).toMatchObject({ reason: 'MIGRATION_FAILED', schema: 1, known: 3, step: 3 });
      expect((err as PassbookError).message).toMatch(/^ledger\.sqlite could not be brought up to date for this Passbook \(schema 1 to 3; step 3 failed: .*no column named y.*\)\. The file was left as it was\. Open it with the Passbook that last used it, or restore a backup\.$/);
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT x FROM a').all()).toEqual([{ x: 1 }]);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
    // another program holding the file is said as such, not as a step this Passbook cannot take
    fs.writeFileSync(path.join(migrations, '003_c.sql'), 'CREATE TABLE c (x);');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      let err: unknown;
      try { openLedger(file, { migrationsDir: migrations }); } catch (e) { err = e; }
      expect((err as PassbookError).details).toMatchObject({ reason: 'BUSY', schema: 1, known: 3 });
      expect((err as PassbookError).message).toBe('ledger.sqlite is in use by another program, so it could not be brought up to date for this Passbook. Close that program (or wait for it to finish), then start again. The file was left as it was.');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
    openLedger(file, { migrationsDir: migrations }).close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.bak'))).toHaveLength(1); // the copy of the run that worked
  });

  it('refuses a ledger from a newer Passbook, a foreign database, a corrupt file and a non-database, touching none', () => {
    const dir = tempDir();
    const newer = path.join(dir, 'newer.sqlite');
    openLedger(newer).close();
    const w = new Database(newer);
    w.pragma('user_version = 99');
    w.close();
    const foreign = path.join(dir, 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE photos (id)');
    f.close();
    const text = path.join(dir, 'notes.sqlite');
    fs.writeFileSync(text, 'not a database at all, just words '.repeat(200));
    const corrupt = path.join(dir, 'corrupt.sqlite');
    const c = openLedger(corrupt);
    c.exec("CREATE TABLE filler (x); INSERT INTO filler SELECT randomblob(500) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n);");
    c.pragma('wal_checkpoint(TRUNCATE)');
    c.close();
    const bytes = fs.readFileSync(corrupt);
    for (let i = 4096 * 2; i < bytes.length; i += 61) bytes[i] = 0x5a;
    fs.writeFileSync(corrupt, bytes);

    const before = [newer, foreign, text, corrupt].map((p) => fs.readFileSync(p));
    expect(code(() => openLedger(newer))).toBe('DATABASE:NEWER_SCHEMA');
    expect(code(() => openLedger(foreign))).toBe('DATABASE:FOREIGN');
    expect(code(() => openLedger(text))).toBe('DATABASE:NOT_SQLITE');
    expect(code(() => openLedger(corrupt))).toMatch(/^DATABASE:(CORRUPT|NOT_SQLITE)$/);
    [newer, foreign, text, corrupt].forEach((p, i) => expect(fs.readFileSync(p).equals(before[i]!), p).toBe(true));
  });

  it.skipIf(process.platform === 'win32')('keeps the ledger, its WAL, its backups and its pre-migration copy readable by the shop\'s account only', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'shop.sqlite');
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    const app = createApp(file);
    app.call('shop.setup', { clientId: newId(), name: 'Private', currency: 'USD', timeZone: 'UTC', pin: '2468' });
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    // and the lock file beside it, which keeps the count of wrong PINs
    expect([mode(`${file}.lock`), mode(`${file}.lock-journal`)]).toEqual([0o600, 0o600]);
    const owner = ownerSession(app, '2468');
    const b = await app.callAsync('backup.create', {}, owner);
    expect(mode(path.join(app.ledger.backupsDir, b.fileName))).toBe(0o600);
    expect(mode(app.ledger.backupsDir) & 0o077).toBe(0);
    app.close();
    // a ledger left readable by everyone (an older Passbook) is made private when opened, and so are the folders,
    // backups and pre-migration copies an older Passbook made
    fs.chmodSync(file, 0o644);
    openLedger(file).close();
    expect(mode(file)).toBe(0o600);
    fs.chmodSync(app.ledger.backupsDir, 0o755);
    fs.chmodSync(path.join(app.ledger.backupsDir, b.fileName), 0o644);
    fs.writeFileSync(`${file}.before-v8-1767225600000.bak`, 'old copy', { mode: 0o644 });
    createApp(file).close();
    expect([mode(app.ledger.backupsDir), mode(path.join(app.ledger.backupsDir, b.fileName)), mode(`${file}.before-v8-1767225600000.bak`)]).toEqual([0o700, 0o600, 0o600]);
    // the copy made before a migration, written whole under its own name
    const older = path.join(dir, 'older.sqlite');
    openLedger(older, { migrationsDir: migrationsUpTo(dir, 8) }).close();
    fs.chmodSync(older, 0o644);
    openLedger(older).close();
    const copies = fs.readdirSync(dir).filter((f) => f.startsWith('older.sqlite.before-'));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatch(/\.bak$/);
    expect(mode(path.join(dir, copies[0]!))).toBe(0o600);
  });

  it('refuses a ledger it may not write, or one in a folder it may not write, in words, and leaves the file as it was', () => {
    // root may write anything: as root each open runs in a child without the capabilities that override file
    // permissions (setpriv, util-linux), so the owner's permission bits apply to it as to a shop's user. (A child
    // as the user "nobody" cannot even reach a checkout under a private folder such as CI's mktemp -d.)
    const child = fileURLToPath(new URL('../../test/support/open-child.ts', import.meta.url));
    const asRoot = process.getuid?.() === 0;
    const node = [process.execPath, '--import', 'tsx', child];
    const cmd = asRoot ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--', ...node] : node;
    const openAsUser = (file: string) => {
      const run = spawnSync(cmd[0]!, [...cmd.slice(1), file], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8', env: { ...process.env, TSX_DISABLE_CACHE: '1' },
      });
      expect(run.error, 'setpriv (util-linux) runs the child without root\'s override of file permissions').toBeUndefined();
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout.trim().split('\n').pop()!) as { opened: boolean; code?: string; reason?: string; message?: string };
    };
    const ledgerIn = (folderMode: number, fileMode: number) => {
      const dir = tempDir();
      const file = path.join(dir, 'shop.sqlite');
      openLedger(file).close();
      fs.chmodSync(file, fileMode);
      fs.chmodSync(dir, folderMode);
      return { file, before: fs.readFileSync(file) };
    };

    // the file is read-only (copied from read-only media), its folder is writable
    const readOnlyFile = ledgerIn(0o777, 0o444);
    expect(openAsUser(readOnlyFile.file)).toEqual({ opened: false, code: 'DATABASE', reason: 'READONLY',
      message: 'shop.sqlite is read-only. Passbook needs to write to it: allow writing to the file, then start again.' });
    // the folder may not be written (the file stays a WAL ledger that needs its -shm beside it): not "not a ledger"
    const readOnlyFolder = ledgerIn(0o555, 0o644);
    expect(openAsUser(readOnlyFolder.file)).toEqual({ opened: false, code: 'DATABASE', reason: 'READONLY',
      message: 'shop.sqlite is in a folder Passbook may not write to. Passbook needs to write beside it: allow writing to the folder (or copy the file to one you can write), then start again.' });
    for (const { file, before } of [readOnlyFile, readOnlyFolder]) {
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      // reading a WAL ledger may leave an empty -wal beside it, never a written one
      expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
    }
  });

  it('a ledger whose folder is not there (a USB stick not plugged in): said in words, and no folder or ledger made', () => {
    const stick = path.join(tempDir(), 'USB STICK');
    const file = path.join(stick, 'shop.sqlite');
    let err: unknown;
    try { createApp(file).close(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PassbookError);
    expect((err as PassbookError).details).toEqual({ reason: 'NO_FOLDER' });
    expect((err as PassbookError).message).toBe('The folder of shop.sqlite is not there: a USB stick or network drive not connected, or a folder renamed or moved? Connect it or put it back, then start Passbook again. Nothing was made in its place.');
    expect(fs.existsSync(stick)).toBe(false);
  });

  it('a ledger another program holds locked at start: said as such, never as "not a Passbook ledger"', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    createApp(file).close();
    const before = fs.readFileSync(file);
    // a database tool that keeps the file to itself (exclusive locking mode, in a write)
    const other = new Database(file);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    let err: unknown;
    try {
      try { openLedger(file, { backupBeforeMigrate: false }).close(); } catch (e) { err = e; }
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((err as PassbookError).details).toEqual({ reason: 'BUSY', sqlite: 'SQLITE_BUSY' });
    expect((err as PassbookError).message).toBe('ledger.sqlite is in use by another program, so Passbook cannot open it. Close that program (a database viewer, a sync or backup tool) or wait for it to finish, then start Passbook again. The file was left untouched.');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    openLedger(file).close(); // let go: it opens
  });
});

