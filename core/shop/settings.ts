// The shop row: read once per call, mapped to the API shape.
import type { Db } from '../db/open';
import { sql } from '../db/statements';
import { PassbookError } from '../errors';
import type { ShopView } from '../contract/common';

export interface ShopRow {
  name: string; currency: string; minor_digits: number; time_zone: string; locale: string;
  credit_unit: string; receipt_footer: string; pin_hash: string; undo_window_seconds: number;
  backup_keep_days: number; created_at: number; updated_at: number;
}

export function findShop(db: Db): ShopRow | undefined {
  return sql(db, 'SELECT * FROM shop WHERE id = 1').get() as ShopRow | undefined;
}

export function requireShop(db: Db): ShopRow {
  const row = findShop(db);
  if (!row) throw new PassbookError('NOT_SET_UP', 'The shop is not set up yet.');
  return row;
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
