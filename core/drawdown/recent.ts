// Recent redemptions of a pass or a customer, with voided / undoable flags for the counter.
import type { Db } from '../db/open';
import type { RedemptionSummary } from '../contract/ledger';
import { credits, iso, money } from '../lots/amounts';
import { sql } from '../lots/lots';
import type { ShopRow } from '../shop/settings';
import { CLOCK_SLACK_MS } from '../db/ledgerTime';

/**
 * Whether a redemption made at `occurredAt` may still be undone at `at`. A clock behind the redemption by more
 * than a write may be (CLOCK_SLACK_MS) measures no time passed: the window is not open then.
 */
export function undoWindowOpen(at: number, occurredAt: number, windowSeconds: number): boolean {
  const elapsed = at - occurredAt;
  return elapsed >= -CLOCK_SLACK_MS && elapsed <= windowSeconds * 1000;
}

export interface RedemptionRow {
  id: number; pass_id: number; customer_id: number; occurred_at: number; credits_units: number; covered_units: number;
  overage_units: number; overage_minor: number; overage_settlement: 'now' | 'account' | null; payment_method: string | null;
  balance_before_units: number; balance_after_units: number; journal_tx_id: number | null; client_id: string | null;
}

export function findRedemption(db: Db, id: number): RedemptionRow | undefined {
  return sql(db, 'SELECT * FROM redemptions WHERE id = ?').get(id) as RedemptionRow | undefined;
}

/** The newest redemption of a pass that is not undone or voided. */
export function latestLiveRedemptionId(db: Db, passId: number): number | null {
  const r = sql(db, `SELECT max(r.id) AS id FROM redemptions r WHERE r.pass_id = ?
      AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.redemption_id = r.id)`).get(passId) as { id: number | null };
  return r.id;
}

export function correctionOf(db: Db, redemptionId: number): { kind: 'undo' | 'void' } | undefined {
  return sql(db, 'SELECT kind FROM corrections WHERE redemption_id = ?').get(redemptionId) as { kind: 'undo' | 'void' } | undefined;
}

function summarize(db: Db, rows: RedemptionRow[], shop: ShopRow, at: number, passOpen: (passId: number) => boolean): RedemptionSummary[] {
  const latest = new Map<number, number | null>();
  const linesOf = sql(db, 'SELECT item_id, item_name, quantity_units, credits_units FROM redemption_lines WHERE redemption_id = ? ORDER BY line_no');
  return rows.map((r) => {
    if (!latest.has(r.pass_id)) latest.set(r.pass_id, latestLiveRedemptionId(db, r.pass_id));
    const corr = correctionOf(db, r.id);
    const lines = linesOf.all(r.id) as { item_id: number; item_name: string; quantity_units: number; credits_units: number }[];
    return {
      redemptionId: r.id, passId: r.pass_id, occurredAt: iso(r.occurred_at), creditsUsed: credits(r.credits_units),
      lines: lines.map((l) => ({ itemId: l.item_id, name: l.item_name, quantity: credits(l.quantity_units), credits: credits(l.credits_units) })),
      overage: r.overage_settlement && r.overage_units > 0
        ? { credits: credits(r.overage_units), amount: money(r.overage_minor, shop.minor_digits), settlement: r.overage_settlement } : null,
      voided: corr !== undefined,
      voidKind: corr?.kind ?? null,
      undoable: corr === undefined && latest.get(r.pass_id) === r.id && undoWindowOpen(at, r.occurred_at, shop.undo_window_seconds) && passOpen(r.pass_id),
    };
  });
}

export function recentForPass(db: Db, passId: number, limit: number, shop: ShopRow, at: number, passOpen: (passId: number) => boolean): RedemptionSummary[] {
  const rows = sql(db, 'SELECT * FROM redemptions WHERE pass_id = ? ORDER BY id DESC LIMIT ?').all(passId, limit) as RedemptionRow[];
  return summarize(db, rows, shop, at, passOpen);
}

export function recentForCustomer(db: Db, customerId: number, limit: number, shop: ShopRow, at: number, passOpen: (passId: number) => boolean): RedemptionSummary[] {
  const rows = sql(db, `SELECT r.* FROM redemptions r JOIN passes p ON p.id = r.pass_id WHERE p.customer_id = ? ORDER BY r.id DESC LIMIT ?`)
    .all(customerId, limit) as RedemptionRow[];
  return summarize(db, rows, shop, at, passOpen);
}
