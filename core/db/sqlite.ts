// Every SQLite connection in core opens here. An unpackaged Electron run loads its own copy of the native module
// (better-sqlite3's nativeBinding); a connection opened any other way (an export reader, a backup inspected before
// a restore) would load Node's copy and fail inside Electron.
import Database from 'better-sqlite3';

export interface SqliteRuntime {
  /** better-sqlite3 native module path (Electron passes its own ABI build) */
  nativeBinding?: string;
}

let runtime: SqliteRuntime = {};

/** Set once per process by whoever opens the ledger (createApp via openLedger). */
export function configureSqlite(r: SqliteRuntime): void {
  runtime = { ...runtime, ...Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) };
}

export function sqliteRuntime(): Readonly<SqliteRuntime> {
  return runtime;
}

export function openSqlite(file: string, options: Database.Options = {}): Database.Database {
  return new Database(file, runtime.nativeBinding ? { ...options, nativeBinding: runtime.nativeBinding } : options);
}
