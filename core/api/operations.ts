// The operations table: one row per accepted write, keyed by the caller's id. The dispatcher writes it in the
// write's own transaction; a long write (restore) writes it where its work lands.
import type { Db } from '../db/open';
import type { PendingOperation } from './context';

export const INSERT_OPERATION_SQL = 'INSERT INTO operations (client_id, method, payload_hash, result, occurred_at) VALUES (?, ?, ?, ?, ?)';

export function recordOperation(db: Db, op: PendingOperation, result: unknown): void {
  db.prepare(INSERT_OPERATION_SQL).run(op.clientId, op.method, op.payloadHash, JSON.stringify(result), op.at);
}
