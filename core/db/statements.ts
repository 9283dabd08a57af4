// Prepared statements, cached per connection: preparing costs more than running most of our queries.
import type Database from 'better-sqlite3';
import type { Db } from './open';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Stmt = Database.Statement<any[], unknown>;
const stmtCache = new WeakMap<Db, Map<string, Stmt>>();

export function sql(db: Db, text: string): Stmt {
  let m = stmtCache.get(db);
  if (!m) { m = new Map(); stmtCache.set(db, m); }
  let s = m.get(text);
  if (!s) { s = db.prepare(text) as Stmt; m.set(text, s); }
  return s;
}

/** The SQL of every statement this connection has prepared through sql() (test/queryPlans.test.ts reads their plans). */
export function cachedStatements(db: Db): string[] {
  return [...(stmtCache.get(db)?.keys() ?? [])];
}

class RolledBack extends Error {}

/**
 * Run fn in a transaction (a savepoint inside one already open) and roll it back whatever it wrote: what a write
 * would do, worked out by the write itself (the month-end preview, a refund's quote), without writing it.
 */
export function rolledBack<T>(db: Db, fn: () => T): T {
  let out: { value: T } | null = null;
  const run = db.transaction(() => { out = { value: fn() }; throw new RolledBack(); });
  try { run.deferred(); } catch (err) { if (!(err instanceof RolledBack)) throw err; }
  if (!out) throw new Error('rolledBack: fn did not run');
  return (out as { value: T }).value;
}
