// The projections (lot_balances, pass_status) are derivable from the append-only ledger. This recomputes
// them from lot_entries / corrections and reports any row that differs: for tests, the crash suite and a
// "check the books" button. Nothing is written.
import type { Db } from '../db/open';
import { STAYS_OPEN_MEMOS } from '../corrections/refund';

/** Entry kinds that consume credits (money recognised) and those that release money otherwise. */
export const CONSUMING_KINDS = ['redeem', 'adjust', 'restore'] as const;
export const RELEASING_KINDS = ['refund', 'expire', 'rollover'] as const;

export interface ProjectionMismatch { table: 'lot_balances' | 'pass_status'; id: number; stored: unknown; derived: unknown }

export function checkProjections(db: Db): ProjectionMismatch[] {
  const out: ProjectionMismatch[] = [];
  const rows = db.prepare(`
    SELECT l.id,
      -- the lot's end: the last the owner extended it to (lot_extensions), else the one it was granted with
      coalesce((SELECT x.expires_at FROM lot_extensions x WHERE x.lot_id = l.id ORDER BY x.id DESC LIMIT 1), l.expires_at) AS expires_at,
      b.remaining_units, b.consumed_units, b.recognized_minor, b.released_minor, b.expires_at AS b_expires, b.pass_id AS b_pass, l.pass_id,
      coalesce(sum(e.credits_units), 0) AS d_remaining,
      coalesce(-sum(CASE WHEN e.kind IN ('redeem', 'adjust', 'restore') THEN e.credits_units END), 0) AS d_consumed,
      coalesce(sum(CASE WHEN e.kind IN ('redeem', 'adjust', 'restore') THEN e.money_minor END), 0) AS d_recognized,
      coalesce(sum(CASE WHEN e.kind IN ('refund', 'expire', 'rollover') THEN e.money_minor END), 0) AS d_released
    FROM lots l LEFT JOIN lot_balances b ON b.lot_id = l.id LEFT JOIN lot_entries e ON e.lot_id = l.id
    GROUP BY l.id`).all() as Record<string, number | null>[];
  for (const r of rows) {
    const stored = { remaining: r.remaining_units, consumed: r.consumed_units, recognized: r.recognized_minor, released: r.released_minor, expiresAt: r.b_expires, passId: r.b_pass };
    const derived = { remaining: r.d_remaining, consumed: r.d_consumed, recognized: r.d_recognized, released: r.d_released, expiresAt: r.expires_at, passId: r.pass_id };
    if (JSON.stringify(stored) !== JSON.stringify(derived)) out.push({ table: 'lot_balances', id: r.id as number, stored, derived });
  }
  const passes = db.prepare(`
    SELECT p.id, s.status,
      EXISTS (SELECT 1 FROM corrections c JOIN journal_tx t ON t.id = c.journal_tx_id WHERE c.pass_id = p.id AND c.kind = 'refund'
        AND ${STAYS_OPEN_MEMOS.map((m) => `substr(t.memo, 1, ${m.length}) <> '${m}'`).join(' AND ')}) AS refunded
    FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id`).all() as { id: number; status: string | null; refunded: number }[];
  for (const p of passes) {
    // 'ended' is period close's to set; a refund of the pass always means cancelled (a refund of a top-up or of some
    // credits leaves it open: STAYS_OPEN_MEMOS)
    const ok = p.status !== null && (p.refunded ? p.status === 'cancelled' : p.status !== 'cancelled');
    if (!ok) out.push({ table: 'pass_status', id: p.id, stored: p.status, derived: p.refunded ? 'cancelled' : 'active|ended' });
  }
  return out;
}
