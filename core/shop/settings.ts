// The shop row: read once per call, mapped to the API shape.
import type { Db } from '../db/open';
import { sql } from '../db/statements';
import { PassbookError } from '../errors';
import type { ShopView } from '../contract/common';

export interface ShopRow {
  name: string; currency: string; minor_digits: number; time_zone: string; locale: string;
  credit_unit: string; receipt_footer: string; pin_hash: string; undo_window_seconds: number;
  backup_keep_days: number; created_at: number; updated_at: number;
  recovery_hash: string | null; recovery_made_at: number | null; recovery_used_at: number | null;
}

export function findShop(db: Db): ShopRow | undefined {
  return sql(db, 'SELECT * FROM shop WHERE id = 1').get() as ShopRow | undefined;
}

export function requireShop(db: Db): ShopRow {
  const row = findShop(db);
  if (!row) throw new PassbookError('NOT_SET_UP', 'The shop is not set up yet.');
  return row;
}

/**
 * When the shop's books begin: its set-up, or its first journal entry if that is earlier (the demo writes a
 * history from before its set-up; a computer clock corrected backwards does the same). Beancount opens
 * every account on this day, and reports start from its month.
 */
export function booksBegin(db: Db, shop: Pick<ShopRow, 'created_at'>): number {
  const r = sql(db, 'SELECT min(occurred_at) AS t FROM journal_tx').get() as { t: number | null };
  return r.t === null ? shop.created_at : Math.min(shop.created_at, r.t);
}

export function shopView(row: ShopRow): ShopView {
  return {
    name: row.name,
    currency: row.currency,
    minorDigits: row.minor_digits,
    timeZone: row.time_zone,
    locale: row.locale,
    creditUnit: row.credit_unit,
    receiptFooter: row.receipt_footer,
    undoWindowSeconds: row.undo_window_seconds,
    backupKeepDays: row.backup_keep_days,
  };
}
