// Forgetting a customer: a person asks the shop to erase what identifies them (the GDPR's right to erasure, and its
// cousins elsewhere). The shop must still keep its books, so the passes, redemptions, lots and journal lines stay, under
// "Forgotten customer"; what goes is the name, phone, email and notes, here and in the answers `operations` keeps for
// retries. The customer must owe nothing and be owed nothing first: no pass still active, no overage on account.
//
// The old bytes must not linger either: the ledger zeroes what writes free (secure_delete, core/db/open.ts), the search
// index merges its segments, and after the commit, once no export is reading, the WAL is emptied (compactAfterErasure);
// a ledger from before secure_delete is compacted once.
// Reasons the owner typed elsewhere (adjustments, refunds, extensions) are the owner's words and are kept as typed.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { sql } from '../lots/lots';
import { overageDue } from '../journal/journal';
import { closeDueForCustomer, findPass, passStatus } from '../passes/passes';
import { shopWords } from '../shop/words';
import { requireCustomer, requireRememberedCustomer, type CustomerRow, type Erasure } from './customers';

/** The name a forgotten customer keeps in the books, statements and lists. */
export const FORGOTTEN_NAME = 'Forgotten customer';

/** What still ties the shop and the customer: passes active, overage owed. Empty: they may be forgotten. */
export function openDealings(db: Db, customerId: number, at: number): { activePassIds: number[]; overageDueMinor: number } {
  closeDueForCustomer(db, customerId, at); // a pass that ended at a boundary not yet booked is ended, not active
  const ids = (sql(db, 'SELECT id FROM passes WHERE customer_id = ? ORDER BY id').all(customerId) as { id: number }[]).map((r) => r.id);
  const activePassIds = ids.filter((id) => passStatus(db, findPass(db, id)!, at) === 'active');
  const overageDueMinor = ids.reduce((s, id) => s + Math.max(0, overageDue(db, id)), 0);
  return { activePassIds, overageDueMinor };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Redact one stored answer: every object that is this customer (a customer view: its id, code and name) loses name,
 * phone, email and notes; every object about them (`customerId`) loses `customerName`. Null: nothing of theirs in it.
 */
export function redactAnswer(result: string, customerId: number): string | null {
  let changed = false;
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: { [k: string]: Json } = {};
    const isCustomer = v.id === customerId && typeof v.code === 'string' && typeof v.name === 'string' && !('planId' in v);
    const isAbout = v.customerId === customerId;
    for (const [k, x] of Object.entries(v)) {
      if (isCustomer && k === 'name') { out[k] = FORGOTTEN_NAME; changed ||= x !== FORGOTTEN_NAME; continue; }
      if (isCustomer && (k === 'phone' || k === 'email' || k === 'notes')) { out[k] = null; changed ||= x !== null; continue; }
      if (isAbout && k === 'customerName' && typeof x === 'string') { out[k] = FORGOTTEN_NAME; changed ||= x !== FORGOTTEN_NAME; continue; }
      out[k] = walk(x);
    }
    return out;
  };
  const next = JSON.stringify(walk(JSON.parse(result) as Json));
  return changed ? next : null;
}

/** The methods whose request carried the person's details: their stored hash of the request goes too. */
const DETAIL_METHODS = new Set(['customers.create', 'customers.update']);

export function forgetCustomer(db: Db, a: { customerId: number; reason: string; at: number; clientId?: string | null }): Erasure & { customer: CustomerRow } {
  const c = requireRememberedCustomer(db, a.customerId);
  const open = openDealings(db, c.id, a.at);
  if (open.activePassIds.length > 0 || open.overageDueMinor > 0) {
    const say = shopWords(db);
    const parts = [
      ...(open.activePassIds.length ? [`${open.activePassIds.length === 1 ? 'a pass is' : `${open.activePassIds.length} passes are`} still active (refund and cancel ${open.activePassIds.length === 1 ? 'it' : 'them'} first)`] : []),
      ...(open.overageDueMinor > 0 ? [`${say.money(open.overageDueMinor)} of overage is still on account (take the payment first)`] : []),
    ];
    throw new PassbookError('CONFLICT', `${c.name} cannot be forgotten yet: ${parts.join(', and ')}.`, {
      customerId: c.id, activePassIds: open.activePassIds, overageDue: open.overageDueMinor,
    });
  }

  // the same person's records merged into this one (customers.merge) still hold their name, phone and card: they go too
  const duplicates = mergedDuplicates(db, c.id);
  for (const d of duplicates) {
    const o = openDealings(db, d.id, a.at);
    if (o.activePassIds.length > 0 || o.overageDueMinor > 0) {
      throw new PassbookError('CONFLICT', `${c.name} cannot be forgotten yet: ${d.name}, merged into them, still has dealings open (refund or settle them first).`, {
        customerId: c.id, duplicateId: d.id, activePassIds: o.activePassIds, overageDue: o.overageDueMinor,
      });
    }
  }
  const redacted = erase(db, c, a);
  for (const d of duplicates) erase(db, d, a);
  // the search index only marks the old tokens deleted; merging its segments drops them (0.3 s at 100k customers)
  sql(db, "INSERT INTO customer_search (customer_search) VALUES ('optimize')").run();
  return { customerId: c.id, erasedAt: a.at, reason: a.reason, operationsRedacted: redacted, customer: requireCustomer(db, c.id) };
}

/** Every customer merged into this one, and into those, not forgotten yet. */
function mergedDuplicates(db: Db, customerId: number): CustomerRow[] {
  const out: CustomerRow[] = [];
  const next = sql(db, 'SELECT c.* FROM customer_merges m JOIN customers c ON c.id = m.duplicate_id WHERE m.kept_id = ? ORDER BY m.id');
  const walk = (id: number) => {
    for (const d of next.all(id) as CustomerRow[]) {
      if (d.forgotten_at == null) out.push(d);
      walk(d.id);
    }
  };
  walk(customerId);
  return out;
}

/** Erase one customer's details here and in the stored answers, and record it. Says how many answers were rewritten. */
function erase(db: Db, c: CustomerRow, a: { reason: string; at: number; clientId?: string | null }): number {
  // the answers kept for retries: read those that may name the customer (by id), and the imports (their answers hold
  // only ids, but their requests carried the file with the person's details), then rewrite the few that change
  const needles = [`"customerId":${c.id}`, `"id":${c.id}`];
  const rows = sql(db, `SELECT client_id, method, result FROM operations
      WHERE instr(result, ?) > 0 OR instr(result, ?) > 0 OR method = 'imports.apply'`).all(...needles) as { client_id: string; method: string; result: string }[];
  const passIds = new Set((sql(db, 'SELECT id FROM passes WHERE customer_id = ?').all(c.id) as { id: number }[]).map((p) => p.id));
  const rewrites = rows.map((r) => {
    const next = r.method === 'imports.apply' ? null : redactAnswer(r.result, c.id);
    // a create or edit whose answer was this customer carried their details in its request too
    const hash = (DETAIL_METHODS.has(r.method) && next !== null) || (r.method === 'imports.apply' && importCarried(r.result, c.id, passIds));
    return { ...r, next, hash };
  }).filter((r) => r.next !== null || r.hash);

  const e = sql(db, 'INSERT INTO customer_erasures (customer_id, erased_at, reason, operations_redacted, client_id) VALUES (?, ?, ?, ?, ?)')
    .run(c.id, a.at, a.reason, rewrites.length, a.clientId ?? null);
  const erasureId = Number(e.lastInsertRowid);
  const list = sql(db, 'INSERT INTO erased_operations (client_id, erasure_id) VALUES (?, ?)');
  const rewrite = sql(db, 'UPDATE operations SET result = ?, payload_hash = CASE WHEN ? THEN ? ELSE payload_hash END WHERE client_id = ?');
  for (const r of rewrites) {
    list.run(r.client_id, erasureId);
    rewrite.run(r.next ?? r.result, r.hash ? 1 : 0, `erased:${erasureId}`, r.client_id);
  }

  sql(db, `UPDATE customers SET name = ?, phone = NULL, phone_digits = NULL, phone_rev = NULL, phone_search = NULL, email = NULL, notes = NULL,
      updated_at = ?, forgotten_at = ? WHERE id = ?`).run(FORGOTTEN_NAME, a.at, a.at, c.id);
  return rewrites.length;
}

/** An import's answer ({ kind, ids }) that made this customer, or balances on their passes: its file carried them. */
function importCarried(result: string, customerId: number, passIds: ReadonlySet<number>): boolean {
  const r = JSON.parse(result) as { kind?: string; ids?: number[] };
  if (r.kind === 'customers') return (r.ids ?? []).includes(customerId);
  if (r.kind === 'balances') return (r.ids ?? []).some((id) => passIds.has(id));
  return false;
}

/**
 * After an erasure has committed, once no export or backup is reading (a reader's snapshot holds the WAL's old pages,
 * and a checkpoint would wait on it): compact a ledger written before freed space was zeroed, once (VACUUM: about 11 s
 * for the bench's 1.3 GB ledger; a shop's file is far smaller), then empty the WAL of the pages the erasure replaced.
 * It never waits on a lock: a checkpoint the ledger refuses now is left to SQLite's next one. Says whether it finished.
 */
export function compactAfterErasure(db: Db): boolean {
  const wait = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    if (sql(db, "SELECT 1 FROM ledger_flags WHERE name = 'free_space_unscrubbed'").get()) {
      db.exec('VACUUM');
      sql(db, "DELETE FROM ledger_flags WHERE name = 'free_space_unscrubbed'").run();
    }
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return r !== undefined && r.busy === 0 && r.log === r.checkpointed;
  } catch {
    return false; // busy: the erasure stands; the next checkpoint writes its pages over the old ones
  } finally {
    db.pragma(`busy_timeout = ${wait}`);
  }
}
