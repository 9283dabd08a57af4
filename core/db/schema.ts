// A ledger's rules are its schema: the tables, indexes, views and the triggers that keep it append-only. A file made
// by Passbook and brought up to date by its migrations has exactly the schema a new ledger has; one that differs was
// changed by hand (a trigger dropped, one added that rewrites the PIN). Such a file is never restored over the shop's.
import { openLedger, type Db, type OpenOptions } from './open';

/** The schema as sorted lines (SQLite's own objects left out: they come and go with ANALYZE and autoindexes). */
export function schemaOf(db: Db): string[] {
  return (db.prepare(`SELECT type, name, tbl_name AS tbl, coalesce(sql, '') AS sql FROM sqlite_schema
      WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as { type: string; name: string; tbl: string; sql: string }[])
    .map((r) => `${r.type} ${r.name} ${r.tbl} ${r.sql.replace(/\s+/g, ' ').trim()}`);
}

const reference = new Map<string, string[]>();

/** The schema of a new ledger of this Passbook (built once in memory from the migrations). */
export function ledgerSchema(opts: Pick<OpenOptions, 'migrationsDir'> = {}): string[] {
  const key = opts.migrationsDir ?? '';
  let s = reference.get(key);
  if (!s) {
    const db = openLedger(':memory:', opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {});
    try { s = schemaOf(db); } finally { db.close(); }
    reference.set(key, s);
  }
  return s;
}

const atVersion = new Map<string, string[]>();

/**
 * The schema a ledger of an earlier Passbook has: this Passbook's first `version` migrations, run in memory. A backup
 * is held to it before it is brought up to date, so a preview can say what a restore would say.
 */
export function ledgerSchemaAt(version: number, opts: Pick<OpenOptions, 'migrationsDir'> = {}): string[] {
  const key = `${opts.migrationsDir ?? ''}#${version}`;
  let s = atVersion.get(key);
  if (!s) {
    const db = openLedger(':memory:', { ...(opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {}), migrationsUpTo: version });
    try { s = schemaOf(db); } finally { db.close(); }
    atVersion.set(key, s);
  }
  return s;
}

/** The differences between two schemas, by object ("trigger redemptions_no_delete"). */
function differences(have: Set<string>, want: Set<string>): { extra: string[]; missing: string[] } {
  const name = (line: string) => line.split(' ').slice(0, 2).join(' ');
  return { extra: [...have].filter((l) => !want.has(l)).map(name), missing: [...want].filter((l) => !have.has(l)).map(name) };
}

/** What a ledger of schema `version` has or lacks against one that version's migrations make (empty: its own rules). */
export function schemaDifferencesAt(db: Db, version: number, opts: Pick<OpenOptions, 'migrationsDir'> = {}): { extra: string[]; missing: string[] } {
  return differences(new Set(schemaOf(db)), new Set(ledgerSchemaAt(version, opts)));
}

/** What a ledger's schema has that a new one lacks, and lacks that a new one has (empty: the same rules). */
export function schemaDifferences(db: Db, opts: Pick<OpenOptions, 'migrationsDir'> = {}): { extra: string[]; missing: string[] } {
  return differences(new Set(schemaOf(db)), new Set(ledgerSchema(opts)));
}
