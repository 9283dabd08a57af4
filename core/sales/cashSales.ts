// Cash sales: items sold at their cash price to someone without a pass (a walk-in), paid at the counter by cash,
// card or other. Each line is quantity × cash price, exact in Decimal and rounded once to the currency's minor
// unit (Rounding.money); the total is the sum of the lines, as the receipt shows them. The money is revenue at
// once: cash ↑, revenue:cash-sales ↑ (no pass, no lot, nothing deferred). A sale rung up by mistake is undone at
// the counter within the shop's undo window, or voided by the owner later (an item brought back): a reversal of
// its own, all of it back the way it was paid.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { requireItem } from '../catalog/items';
import { ACCOUNTS, paymentAccount, postJournal, type PaymentMethod } from '../journal/journal';
import { checkShownMoney, iso, parseCreditsIn } from '../lots/amounts';
import { shopWords } from '../shop/words';
import { sql } from '../lots/lots';
import { cutText } from '../books/text';
import { CREDIT_FACTOR, Decimal, MAX_CREDIT_UNITS, MAX_MONEY_MINOR, Rounding, toUnits } from '../money/decimal';
import { undoWindowOpen } from '../drawdown/recent';
import type { ShopRow } from '../shop/settings';
import { cashSaleMethodSql, methodChangesOf, type WayChange } from '../corrections/paymentMethod';

export interface CashSaleArgs {
  items: { itemId: number; quantity: string }[]; paymentMethod: PaymentMethod; at: number; clientId?: string | null;
  /** the shop's minor digits, and the total the screen asked for (a decimal string) */
  digits: number; expectedTotal?: string | undefined;
}

export interface CashSaleLine { itemId: number; name: string; quantityUnits: number; priceMinor: number; amountMinor: number }
export interface CashSale {
  id: number; at: number; paymentMethod: PaymentMethod; totalMinor: number; lines: CashSaleLine[];
  reversed: { kind: 'undo' | 'void'; at: number; reason: string | null } | null;
  /** the way the counter tapped, and the owner's corrections of it (paymentMethod is the way as corrected) */
  recordedMethod: PaymentMethod; changes: WayChange[];
}

/**
 * quantity (millionths of a usage unit) × cash price (minor units of one usage unit), rounded once; VALIDATION on
 * `field` when it is beyond what Passbook stores (checked on the exact value, before it becomes an integer)
 */
export function lineAmount(quantityUnits: number, priceMinor: number, field: string): number {
  const exact = new Decimal(quantityUnits).mul(priceMinor).div(CREDIT_FACTOR);
  if (exact.gt(MAX_MONEY_MINOR)) throw new PassbookError('VALIDATION', `${field}: the amount is too large.`, { field });
  return toUnits(exact, 0, Rounding.money);
}

export function sellAtCashPrice(db: Db, a: CashSaleArgs): CashSale {
  const lines: CashSaleLine[] = a.items.map((it, i) => {
    const field = `items.${i}`;
    const item = requireItem(db, it.itemId);
    if (item.archived) throw new PassbookError('VALIDATION', `${field}.itemId: "${item.name}" is archived.`, { field: `${field}.itemId` });
    const quantityUnits = parseCreditsIn(it.quantity, `${field}.quantity`, 'positive');
    if (quantityUnits > MAX_CREDIT_UNITS) throw new PassbookError('VALIDATION', `${field}.quantity: is too large.`, { field: `${field}.quantity` });
    const amountMinor = lineAmount(quantityUnits, item.cash_price_minor, `${field}.quantity`);
    // a priced item is never given away by rounding: 0.001 of a $4.50 cappuccino rounds to 0.00
    if (amountMinor === 0 && item.cash_price_minor > 0) {
      throw new PassbookError('VALIDATION', `${field}.quantity: too small to charge anything for "${item.name}".`, { field: `${field}.quantity` });
    }
    return { itemId: item.id, name: item.name, quantityUnits, priceMinor: item.cash_price_minor, amountMinor };
  });
  const totalMinor = lines.reduce((s, l) => s + l.amountMinor, 0);
  if (totalMinor > MAX_MONEY_MINOR) throw new PassbookError('VALIDATION', 'items: the total is too large for one sale.', { field: 'items' });
  if (totalMinor === 0) {
    throw new PassbookError('VALIDATION', `items: ${lines.length === 1 ? `"${lines[0]!.name}" has` : 'these items have'} no cash price, so there is nothing to charge; the owner sets cash prices under Plans & items.`, { field: 'items' });
  }
  // the total as the screen asked for it: a price the owner changed since the counter read its catalog is not charged
  checkShownMoney(a.expectedTotal, totalMinor, a.digits, 'expectedTotal', 'total', shopWords(db).money,
    (now, was) => `These items now cost ${now}, not ${was} as the screen said: a price was changed meanwhile. Nothing was written.`);
  const names = lines.map((l) => l.name).join(', ');
  const txId = postJournal(db, {
    kind: 'cash_sale', memo: cutText(`Sold without a pass: ${names}`, 200), passId: null, customerId: null, at: a.at, clientId: a.clientId ?? null,
    lines: [{ account: paymentAccount(a.paymentMethod), amount: totalMinor }, { account: ACCOUNTS.cashSales, amount: -totalMinor }],
  });
  const r = sql(db, 'INSERT INTO cash_sales (occurred_at, payment_method, total_minor, journal_tx_id, client_id) VALUES (?, ?, ?, ?, ?)')
    .run(a.at, a.paymentMethod, totalMinor, txId, a.clientId ?? null);
  const id = Number(r.lastInsertRowid);
  const ins = sql(db, `INSERT INTO cash_sale_lines (sale_id, line_no, item_id, item_name, quantity_units, price_minor, amount_minor)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
  lines.forEach((l, i) => ins.run(id, i + 1, l.itemId, l.name, l.quantityUnits, l.priceMinor, l.amountMinor));
  return { id, at: a.at, paymentMethod: a.paymentMethod, totalMinor, lines, reversed: null, recordedMethod: a.paymentMethod, changes: [] };
}

export function findCashSale(db: Db, id: number): CashSale | undefined {
  // its way as the owner may have corrected it: a void pays back that way
  const s = sql(db, `SELECT s.id, s.occurred_at, ${cashSaleMethodSql('s')} AS payment_method, s.payment_method AS recorded, s.total_minor, r.kind, r.occurred_at AS reversed_at, r.reason
      FROM cash_sales s LEFT JOIN cash_sale_reversals r ON r.sale_id = s.id WHERE s.id = ?`).get(id) as
    { id: number; occurred_at: number; payment_method: PaymentMethod; recorded: PaymentMethod; total_minor: number; kind: 'undo' | 'void' | null; reversed_at: number | null; reason: string | null } | undefined;
  if (!s) return undefined;
  const lines = (sql(db, `SELECT item_id, item_name, quantity_units, price_minor, amount_minor FROM cash_sale_lines WHERE sale_id = ? ORDER BY line_no`)
    .all(id) as { item_id: number; item_name: string; quantity_units: number; price_minor: number; amount_minor: number }[])
    .map((l) => ({ itemId: l.item_id, name: l.item_name, quantityUnits: l.quantity_units, priceMinor: l.price_minor, amountMinor: l.amount_minor }));
  const reversed = s.kind === null || s.reversed_at === null ? null : { kind: s.kind, at: s.reversed_at, reason: s.reason };
  return { id: s.id, at: s.occurred_at, paymentMethod: s.payment_method, totalMinor: s.total_minor, lines, reversed, recordedMethod: s.recorded, changes: methodChangesOf(db, { cashSaleId: id }) };
}

/**
 * Reverse a cash sale: undone at the counter inside the shop's undo window (no PIN), or voided by the owner at any
 * time with a reason. All its money goes back the way it was paid; the day of the reversal carries it.
 */
export function reverseCashSale(db: Db, shop: ShopRow, a: { saleId: number; kind: 'undo' | 'void'; reason?: string | null; at: number; clientId?: string | null }): CashSale {
  const sale = findCashSale(db, a.saleId);
  if (!sale) throw new PassbookError('NOT_FOUND', `There is no cash sale ${a.saleId}.`, { saleId: a.saleId });
  if (sale.reversed) {
    throw new PassbookError('ALREADY_VOIDED', `This sale was already ${sale.reversed.kind === 'undo' ? 'undone' : 'voided'}.`, { saleId: sale.id, kind: sale.reversed.kind });
  }
  if (a.kind === 'undo' && !undoWindowOpen(a.at, sale.at, shop.undo_window_seconds)) {
    throw new PassbookError('UNDO_WINDOW_PASSED', `The undo window (${shop.undo_window_seconds} s) has passed; the owner can void it.`, {
      saleId: sale.id, reason: 'EXPIRED', undoUntil: iso(sale.at + shop.undo_window_seconds * 1000),
    });
  }
  const what = a.kind === 'undo' ? 'undone' : 'voided';
  const txId = postJournal(db, {
    kind: a.kind === 'undo' ? 'cash_sale_undo' : 'cash_sale_void', memo: cutText(`Sale without a pass ${what}: ${sale.lines.map((l) => l.name).join(', ')}`, 200),
    passId: null, customerId: null, at: a.at, clientId: a.clientId ?? null,
    lines: [{ account: ACCOUNTS.cashSales, amount: sale.totalMinor }, { account: paymentAccount(sale.paymentMethod), amount: -sale.totalMinor }],
  });
  sql(db, 'INSERT INTO cash_sale_reversals (sale_id, kind, reason, occurred_at, journal_tx_id, client_id) VALUES (?, ?, ?, ?, ?, ?)')
    .run(sale.id, a.kind, a.reason ?? null, a.at, txId, a.clientId ?? null);
  return { ...sale, reversed: { kind: a.kind, at: a.at, reason: a.reason ?? null } };
}

/** The cash sales of [from, to) (ledger instants), newest first, each with its reversal if any. */
export function cashSalesBetween(db: Db, from: number, to: number, limit: number): CashSale[] {
  const ids = sql(db, 'SELECT id FROM cash_sales WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at DESC, id DESC LIMIT ?').all(from, to, limit) as { id: number }[];
  return ids.map((r) => findCashSale(db, r.id)!);
}
