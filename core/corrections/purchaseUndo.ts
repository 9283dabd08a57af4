// Undo at the counter of a sale or top-up just rung up by mistake (the wrong plan, the wrong customer, paid the
// other way), without the owner's PIN: only within the shop's undo window, and only while it is still the last
// thing on its pass (nothing redeemed, topped up, adjusted, closed or paid since). Its money goes back in full,
// the way it was paid. A sale is refunded and its pass cancelled (passes.refund with no fee: one rule for paying
// a pass back); a top-up takes back its own lot and leaves the pass as it was before. Nothing is updated or
// deleted: these are new entries, and the day's books show the sale and its refund.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import type { PaymentMethod } from '../journal/journal';
import { iso } from '../lots/amounts';
import { lotById, sql } from '../lots/lots';
import { requireOpenPass, requirePass } from '../passes/passes';
import { undoWindowOpen } from '../drawdown/recent';
import type { ShopRow } from '../shop/settings';
import type { UndoPurchaseDetails } from '../contract/passes';
import { refundLot, refundPass, TOP_UP_UNDONE } from './refund';
import { liveBonusLots } from '../passes/promo';
import { passSaleMethodSql, paymentMethodSql } from './paymentMethod';
import { MERGE_KIND } from '../customers/merge';

export interface PurchaseUndoArgs { passId: number; lotId: number; at: number; clientId?: string | null }
export interface PurchaseUndone { kind: 'sale' | 'topup'; creditsUnits: number; refundedMinor: number; paymentMethod: PaymentMethod }

/** The reason a sale or top-up cannot be undone at the counter (defined once, in the contract's error details). */
type PurchaseUndoRefusal = UndoPurchaseDetails['reason'];

export const PURCHASE_UNDO_REASON = 'Rung up by mistake: undone at the counter';

function refuse(reason: PurchaseUndoRefusal, message: string, details: Record<string, unknown>): never {
  throw new PassbookError('UNDO_WINDOW_PASSED', message, { ...details, reason });
}

export function undoPurchase(db: Db, shop: ShopRow, a: PurchaseUndoArgs): PurchaseUndone {
  const pass = requirePass(db, a.passId);
  const lot = lotById(db, a.lotId);
  if (!lot || lot.pass_id !== pass.id || (lot.source !== 'sale' && lot.source !== 'topup')) {
    throw new PassbookError('NOT_FOUND', `Pass ${pass.id} has no sale or top-up ${a.lotId}.`, { passId: pass.id, lotId: a.lotId });
  }
  const kind = lot.source;
  const what = kind === 'sale' ? 'sale' : 'top-up';
  const ids = { passId: pass.id, lotId: lot.id };
  const refunded = sql(db, `SELECT 1 FROM lot_entries WHERE pass_id = ? AND lot_id = ? AND kind = 'refund' LIMIT 1`).get(pass.id, lot.id);
  if (refunded) refuse('UNDONE', `This ${what} was already undone or refunded.`, ids);
  if (!undoWindowOpen(a.at, lot.granted_at, shop.undo_window_seconds)) {
    refuse('EXPIRED', `The undo window (${shop.undo_window_seconds} s) has passed; the owner can refund it.`, { ...ids, undoUntil: iso(lot.granted_at + shop.undo_window_seconds * 1000) });
  }
  // books what period close owes the pass first (a boundary may have passed since): that is something since, too
  requireOpenPass(db, pass.id, a.at);
  const last = sql(db, 'SELECT lot_id, kind FROM lot_entries WHERE pass_id = ? ORDER BY occurred_at DESC, id DESC LIMIT 1').get(pass.id) as { lot_id: number; kind: string };
  // money taken or paid back on the pass after this purchase's own payment (by row: writes can share an instant)
  const own = (sql(db, `SELECT max(id) AS id FROM payments WHERE pass_id = ? AND kind = ? AND occurred_at = ?`).get(pass.id, kind, lot.granted_at) as { id: number | null }).id;
  const paidSince = own !== null
    ? sql(db, 'SELECT 1 FROM payments WHERE pass_id = ? AND id > ? LIMIT 1').get(pass.id, own)
    : sql(db, 'SELECT 1 FROM payments WHERE pass_id = ? AND occurred_at > ? LIMIT 1').get(pass.id, lot.granted_at);
  // its own grant, or its bonus's (written with it, after it)
  const ownGrant = last.kind === 'grant' && (last.lot_id === lot.id || liveBonusLots(db, lot.id, a.at).some((b) => b.id === last.lot_id));
  if (!ownGrant || paidSince) {
    refuse('USED', `The pass was used after this ${what}, so the counter cannot undo it; the owner can refund it.`, ids);
  }
  // overage a duplicate customer owed, moved onto the pass by a merge since (core/customers/merge.ts): no lot entry or
  // payment says so, and the sale's refund would settle it first, handing back less than the sale took
  const mergedOnto = sql(db, `SELECT 1 FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE l.pass_id = ? AND t.kind = ? AND t.occurred_at >= ? LIMIT 1`).get(pass.id, MERGE_KIND, lot.granted_at);
  if (mergedOnto) {
    refuse('USED', `Overage owed by a customer merged into this one was moved onto the pass after this ${what}, so the counter cannot undo it; the owner can refund it.`, ids);
  }

  if (kind === 'sale') {
    // back the way it was paid, as the owner may have corrected it (core/corrections/paymentMethod.ts)
    const method = (sql(db, `SELECT ${passSaleMethodSql('p')} AS method FROM passes p WHERE p.id = ?`).get(pass.id) as { method: PaymentMethod }).method;
    const r = refundPass(db, { passId: pass.id, reason: PURCHASE_UNDO_REASON, paymentMethod: method, at: a.at, clientId: a.clientId ?? null });
    return { kind, creditsUnits: r.credits, refundedMinor: r.refundedMinor, paymentMethod: method };
  }
  // a top-up: its lot alone, all of it, back to the customer the way it was paid
  const paid = sql(db, `SELECT ${paymentMethodSql('y')} AS method FROM payments y WHERE y.pass_id = ? AND y.kind = 'topup' AND y.occurred_at = ? ORDER BY y.id DESC LIMIT 1`)
    .get(pass.id, lot.granted_at) as { method: PaymentMethod } | undefined;
  const method: PaymentMethod = paid?.method ?? 'cash';
  const r = refundLot(db, pass, lot, { paymentMethod: method, reason: PURCHASE_UNDO_REASON, memo: `${TOP_UP_UNDONE}: ${PURCHASE_UNDO_REASON}`, at: a.at, clientId: a.clientId });
  return { kind, creditsUnits: r.credits, refundedMinor: r.refundedMinor, paymentMethod: method };
}
