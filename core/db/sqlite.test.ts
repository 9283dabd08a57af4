// Every SQLite connection in core and the shells opens through openSqlite, so Electron's own native module
// (nativeBinding) serves exports, backup inspection and restore staging too, not only the ledger.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configureSqlite, openSqlite } from './sqlite';
import { tempDir } from '../../test/support/tempApp';

const root = path.resolve(__dirname, '../..');
const sources = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const p = path.join(dir, e.name);
  if (e.isDirectory()) return sources(p);
  return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
});

describe('openSqlite', () => {
  it('is the only place that constructs a better-sqlite3 Database in core and electron', () => {
    const offenders = [...sources(path.join(root, 'core')), ...sources(path.join(root, 'electron'))]
      .filter((f) => !f.endsWith(path.join('core', 'db', 'sqlite.ts')) && /new Database\(/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('loads the configured native module for every connection', () => {
    const file = path.join(tempDir(), 'x.sqlite');
    configureSqlite({ nativeBinding: path.join(tempDir(), 'no-such-module.node') });
    expect(() => openSqlite(file)).toThrow(/no-such-module/);
    configureSqlite({ nativeBinding: path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node') });
    const db = openSqlite(file);
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });
});
