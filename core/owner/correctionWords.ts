// How the owner's screens say a correction, in one place: a customer's history (owner.history) and the shop's
// corrections report (reports.corrections) say a refund, a move, an extension or a line's quantity in the same words.
import type { Db } from '../db/open';
import { REFUND_FEE_ACCOUNTS_SQL } from '../journal/journal';
import { PURCHASE_UNDO_REASON } from '../corrections/purchaseUndo';
import { CREDITS_REFUNDED, TOP_UP_REFUNDED, TOP_UP_UNDONE } from '../corrections/refund';
import { TRANSFER_MEMO } from '../corrections/transfer';
import { shopWords } from '../shop/words';

/**
 * The SQL of an extension event's words (rows of one request on one pass, grouped; `x` is lot_extensions):
 * "<new end>|<credits it reached>|<earliest old end>|<unit>", or taken back (undoes): "<soonest end it went back
 * to>|<credits>|<the extended end>|<unit>". `unit` is the SQL of the pass's credit unit.
 */
export const extensionWordsSql = (unit: string) => `CASE WHEN x.undoes IS NULL THEN max(x.expires_at) ELSE min(x.expires_at) END || '|' || sum(x.credits_units) || '|'
  || CASE WHEN x.undoes IS NULL THEN min(x.previous_expires_at) ELSE max(x.previous_expires_at) END || '|' || ${unit}`;

export const REFUNDED_AND_CANCELLED = 'Refunded and cancelled';

/** A line's quantity (integer millionths in column `col`) as decimal text, in integer arithmetic: 1500000 -> '1.5'. */
export const quantitySql = (col: string) => `(${col} / 1000000) || CASE WHEN ${col} % 1000000 = 0 THEN ''
  ELSE '.' || rtrim(printf('%06d', ${col} % 1000000), '0') END`;

export function correctionWords(db: Db) {
  const say = shopWords(db);
  // a refund's cancellation fee (its fee lines): said with the refund, since it is why less was paid back
  const feeOf = db.prepare(`SELECT coalesce(-sum(l.amount_minor), 0) AS n FROM corrections c
      JOIN journal_lines l ON l.tx_id = c.journal_tx_id AND l.account IN ${REFUND_FEE_ACCOUNTS_SQL} WHERE c.id = ?`);
  // a sale or top-up undone at the counter is a refund too (core/corrections/purchaseUndo.ts), and so is a refund of
  // one top-up (passes.refundTopUp) or of some credits (passes.refundCredits): the pass stays open. Their journal memo says which.
  const memoOf = db.prepare('SELECT t.memo FROM corrections c JOIN journal_tx t ON t.id = c.journal_tx_id WHERE c.id = ?');
  const transferOf = db.prepare(`SELECT EXISTS (SELECT 1 FROM corrections c JOIN operations o ON o.client_id = c.client_id
      WHERE c.id = ? AND o.method IN ('passes.transfer', 'customers.merge')) AS n`);
  const memo = (id: number) => (memoOf.get(id) as { memo: string } | undefined)?.memo ?? '';
  return {
    /** A refund (a corrections row of kind refund), as what it was. */
    refund(id: number, reason: string | null): string {
      const m = memo(id);
      if (m.startsWith(TOP_UP_UNDONE)) return 'Top-up undone at the counter';
      if (m.startsWith(TOP_UP_REFUNDED)) return 'Top-up refunded; the pass stays open';
      if (reason === PURCHASE_UNDO_REASON) return 'Sale undone at the counter; the pass is cancelled';
      const fee = (feeOf.get(id) as { n: number }).n;
      if (m.startsWith(CREDITS_REFUNDED)) return fee > 0 ? `Credits refunded, keeping ${say.money(fee)} as a cancellation fee; the pass stays open` : 'Credits refunded; the pass stays open';
      return fee > 0 ? `${REFUNDED_AND_CANCELLED}, keeping ${say.money(fee)} as a cancellation fee` : REFUNDED_AND_CANCELLED;
    },
    /** A refund the counter made (a sale or top-up undone within its window), not the owner. */
    byCounter(id: number, reason: string | null): boolean {
      return reason === PURCHASE_UNDO_REASON || memo(id).startsWith(TOP_UP_UNDONE);
    },
    /**
     * An adjustment that is one half of a move between passes (core/corrections/transfer.ts), said as a move; else null.
     * A move of free credits carries no money, so no journal memo: the request that wrote it says what it was.
     */
    move(id: number, credits: number): string | null {
      if (!memo(id).startsWith(TRANSFER_MEMO) && !(transferOf.get(id) as { n: number }).n) return null;
      return credits < 0 ? 'Credits moved to another pass' : 'Credits moved from another pass';
    },
    /** An extension, or one taken back, from extensionWordsSql's text. */
    extension(d: string, undone: boolean): string {
      const [to, units, from] = d.split('|', 3).map(Number) as [number, number, number];
      const unit = d.split('|').slice(3).join('|');
      return `${say.credits(units, unit)} ${undone ? 'extension taken back' : 'extended'}: valid through ${say.date(to - 1)} instead of ${say.date(from - 1)}`;
    },
  };
}

/**
 * A merge of two customers (customers_merges, core/customers/merge.ts) in words, with both names as they are now (a
 * customer forgotten since reads "Forgotten customer"): "Anna L. (card P4TR8WNE) merged into Anna Lee: 6 drinks and
 * $3.00 of overage owed moved to Anna Lee's pass".
 */
export function mergeWords(db: Db): (mergeId: number) => string {
  const say = shopWords(db);
  const row = db.prepare(`SELECT d.name AS dup, d.code AS code, k.name AS kept, m.credits_moved_units AS credits, m.overage_moved_minor AS owed,
      (SELECT group_concat(DISTINCT p.credit_unit) FROM corrections c JOIN passes p ON p.id = c.pass_id
        WHERE c.client_id IS m.client_id AND c.kind = 'adjust' AND c.credits_units > 0 AND p.customer_id = m.kept_id) AS unit
      FROM customer_merges m JOIN customers d ON d.id = m.duplicate_id JOIN customers k ON k.id = m.kept_id WHERE m.id = ?`);
  return (mergeId) => {
    const r = row.get(mergeId) as { dup: string; code: string; kept: string; credits: number; owed: number; unit: string | null } | undefined;
    if (!r) return 'Customers merged';
    const what = [
      ...(r.credits > 0 ? [r.unit && !r.unit.includes(',') ? say.credits(r.credits, r.unit) : `${say.credits(r.credits)} credits`] : []),
      ...(r.owed > 0 ? [`${say.money(r.owed)} of overage owed`] : []),
    ];
    return `${r.dup} (card ${r.code}) merged into ${r.kept}${what.length ? `: ${what.join(' and ')} moved to ${r.kept}'s pass` : ''}`;
  };
}
