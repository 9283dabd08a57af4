// Catalog items: what the counter sells, with the drawdown rate (credits of a credit unit per usage unit) and cash price.
import type { Db } from '../db/open';
import { PassbookError, validateFields } from '../errors';
import type { ItemView } from '../contract/catalog';
import { credits, money, parseCreditsIn, parseMoneyIn } from '../lots/amounts';
import { sql } from '../lots/lots';
import type { ShopRow } from '../shop/settings';

export interface ItemRow {
  id: number; name: string; usage_unit: string; credit_unit: string | null; rate_units: number; cash_price_minor: number;
  hotkey: string | null; category: string | null; archived: number; created_at: number; updated_at: number;
}

export function itemView(r: ItemRow, shop: Pick<ShopRow, 'minor_digits' | 'credit_unit'>): ItemView {
  const digits = shop.minor_digits;
  return {
    id: r.id, name: r.name, usageUnit: r.usage_unit, creditUnit: itemUnit(r, shop), rate: credits(r.rate_units), cashPrice: money(r.cash_price_minor, digits),
    hotkey: r.hotkey, category: r.category, archived: r.archived === 1,
  };
}

/** The credit unit an item's rate counts in; an item saved before items had one (no shop to take it from when the
 *  ledger was migrated) counts in the shop's credit unit, as a new item does by default. */
export function itemUnit(r: Pick<ItemRow, 'credit_unit'>, shop: Pick<ShopRow, 'credit_unit'>): string {
  return r.credit_unit ?? shop.credit_unit;
}

export function findItem(db: Db, id: number): ItemRow | undefined {
  return sql(db, 'SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
}

export function requireItem(db: Db, id: number): ItemRow {
  const r = findItem(db, id);
  if (!r) throw new PassbookError('NOT_FOUND', `There is no item ${id}.`, { itemId: id });
  return r;
}

export function listItems(db: Db, includeArchived: boolean): ItemRow[] {
  // names in the owner's order, accents and case folded as the customer list sorts them: Éclair with the Es, not after Pain
  return sql(db, `SELECT * FROM items ${includeArchived ? '' : 'WHERE archived = 0'}
      ORDER BY category IS NULL, passbook_sort_key(category), category, passbook_sort_key(name), name, id`).all() as ItemRow[];
}

export interface ItemInput {
  id?: number | undefined; name: string; usageUnit: string; creditUnit?: string | undefined; rate: string; cashPrice: string;
  hotkey?: string | null | undefined; category?: string | null | undefined;
}

function checkHotkey(db: Db, hotkey: string | null, selfId: number | null): void {
  if (hotkey === null) return;
  // the counter reads a key without its case (e and E are one key)
  const other = sql(db, 'SELECT id, name FROM items WHERE lower(hotkey) = lower(?) AND archived = 0 AND id IS NOT ?').get(hotkey, selfId) as { id: number; name: string } | undefined;
  if (other) throw new PassbookError('VALIDATION', `hotkey: "${hotkey}" is already used by ${other.name}.`, { field: 'hotkey', itemId: other.id });
}

/** Create or edit an item. Edits never touch history: redemption lines keep their own copy. */
export function saveItem(db: Db, input: ItemInput, digits: number, defaultUnit: string, at: number): ItemRow {
  const [rate, cash] = validateFields(() => parseCreditsIn(input.rate, 'rate', 'positive'), () => parseMoneyIn(input.cashPrice, digits, 'cashPrice', 'nonnegative'));
  const hotkey = input.hotkey ? input.hotkey : null;
  const category = input.category ? input.category : null;
  if (input.id !== undefined) {
    const prior = requireItem(db, input.id);
    // an edit that leaves the unit out keeps the item's: the shop's unit may have changed since, and the item's
    // passes did not
    const unit = input.creditUnit ?? prior.credit_unit;
    // a hotkey kept as it was is not asked again: a ledger from before keys were compared without case may hold e and E
    if (prior.archived === 0 && hotkey !== prior.hotkey) checkHotkey(db, hotkey, prior.id);
    sql(db, 'UPDATE items SET name = ?, usage_unit = ?, credit_unit = ?, rate_units = ?, cash_price_minor = ?, hotkey = ?, category = ?, updated_at = ? WHERE id = ?')
      .run(input.name, input.usageUnit, unit, rate, cash, hotkey, category, at, prior.id);
    return requireItem(db, prior.id);
  }
  checkHotkey(db, hotkey, null);
  const unit = input.creditUnit ?? defaultUnit;
  const r = sql(db, 'INSERT INTO items (name, usage_unit, credit_unit, rate_units, cash_price_minor, hotkey, category, archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)')
    .run(input.name, input.usageUnit, unit, rate, cash, hotkey, category, at, at);
  return requireItem(db, Number(r.lastInsertRowid));
}

export function archiveItem(db: Db, id: number, archived: boolean, at: number): ItemRow {
  const prior = requireItem(db, id);
  if (!archived && prior.archived === 1) checkHotkey(db, prior.hotkey, prior.id);
  sql(db, 'UPDATE items SET archived = ?, updated_at = ? WHERE id = ?').run(archived ? 1 : 0, at, id);
  return requireItem(db, id);
}
