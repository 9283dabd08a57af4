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
