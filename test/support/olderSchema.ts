// A ledger at an older schema, for migration tests: a folder holding only the first `upTo` migrations, to
// open (createApp/openLedger `migrationsDir`) before reopening with all of them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS = fileURLToPath(new URL('../../core/db/migrations/', import.meta.url));

export function migrationsUpTo(dir: string, upTo: number): string {
  const out = path.join(dir, `migrations-${upTo}`);
  fs.mkdirSync(out);
  const all = fs.readdirSync(MIGRATIONS).filter((f) => /^\d{3}_.*\.sql$/.test(f)).sort();
  for (const f of all.slice(0, upTo)) fs.copyFileSync(path.join(MIGRATIONS, f), path.join(out, f));
  return out;
}

/**
 * A customer as an older Passbook wrote one: today's customers.create also checks the card codes of replaced cards,
 * a table the older schema does not have yet.
 */
export function oldCustomer(db: { prepare(sql: string): { run(...args: unknown[]): { lastInsertRowid: number | bigint } } }, name: string, code: string, at = Date.parse('2026-03-01T15:00:00.000Z')): number {
  return Number(db.prepare('INSERT INTO customers (code, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(code, name, at, at).lastInsertRowid);
}
