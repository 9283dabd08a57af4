// Undo (counter, short window) and void (owner, any time) of a redemption. Nothing is updated or deleted:
// new entries put back exactly the credits each lot gave (a lot that has expired since restores into a new
// adjustment lot ending with the current period, or the month on a pass without periods (restoredLotExpiry),
// carrying the money it gives back to deferred revenue),
// each live lot goes back onto its revenue schedule (for the lot's latest redemption that is exactly the revenue
// it recognised; for an older one, give or take the rounding later drawdowns took), and the overage is reversed (on account: the
// receivable, any part already settled paid back; charged now: a refund).
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import type { CorrectionResult } from '../contract/ledger';
import { ACCOUNTS, overageDue, paymentAccount, postJournal, type JournalLine, type PaymentMethod } from '../journal/journal';
import { credits, iso, money } from '../lots/amounts';
import { restoredLotExpiry } from '../lots/expiry';
import { closeDueForPass, lotClosed } from '../periods/close';
import { derecognitionFor, grantLot, lotById, scheduledRecognition, sql, writeEntry, type LiveLot } from '../lots/lots';
import { passBalance } from '../lots/lots';
import { passStatus, passView, requirePass } from '../passes/passes';
import { correctionOf, findRedemption, latestLiveRedemptionId, undoWindowOpen, type RedemptionRow } from '../drawdown/recent';
import type { ShopRow } from '../shop/settings';
import { TRANSFER_KIND } from './transfer';
import { paymentMethodSql } from './paymentMethod';
import { currentCustomer, mergeOf } from '../customers/merge';
import { requireCustomer } from '../customers/customers';

/**
 * Lot entries (e, with its journal transaction t) that consumed a lot's credits on its schedule while their money left
 * the pass, neither recognised nor written off: a move to another pass (a 'transfer') and a refund of credits (a
 * 'refund' whose lot entries are consumption, 'adjust'; the other refunds release a whole lot, 'refund').
 */
const TAKEN_AWAY_SQL = `e.kind = 'adjust' AND t.kind IN ('${TRANSFER_KIND}', 'refund')`;

export interface RestoreArgs { redemptionId: number; kind: 'undo' | 'void'; reason?: string | null; at: number; clientId?: string | null }

/**
 * Why a redemption can no longer be undone or voided, if credits left one of its lots after it: moved to another pass
 * (core/corrections/transfer.ts) or paid back to the customer (core/corrections/refundCredits.ts). Either took its paid
 * value along the lot's revenue schedule as it stood, so giving this redemption's credits back could not put the lot
 * back on its schedule to the cent; the owner adds credits with an adjustment instead. (The owner's history asks too,
 * so its Void button is not offered for such a redemption.)
 */
export function takenSince(db: Db, red: Pick<RedemptionRow, 'id' | 'pass_id' | 'occurred_at'>): 'MOVED_SINCE' | 'REFUNDED_SINCE' | null {
  // a redemption's lot entries carry its pass and instant: found in lot_entries_pass without an index of their own; so
  // are the later entries of its lots (a lot's entries carry its pass, and the ledger's time never runs backwards)
  const r = sql(db, `SELECT t.kind FROM lot_entries own JOIN lot_entries e ON e.pass_id = own.pass_id AND e.occurred_at >= own.occurred_at
        AND e.lot_id = own.lot_id AND e.id > own.id
      JOIN journal_tx t ON t.id = e.journal_tx_id
      WHERE own.pass_id = ? AND own.occurred_at = ? AND own.redemption_id = ? AND own.kind = 'redeem' AND ${TAKEN_AWAY_SQL} LIMIT 1`)
    .get(red.pass_id, red.occurred_at, red.id) as { kind: string } | undefined;
  return r === undefined ? null : r.kind === TRANSFER_KIND ? 'MOVED_SINCE' : 'REFUNDED_SINCE';
}

export function requireRedemption(db: Db, id: number): RedemptionRow {
  const r = findRedemption(db, id);
  if (!r) throw new PassbookError('NOT_FOUND', `There is no redemption ${id}.`, { redemptionId: id });
  return r;
}

export function restoreRedemption(db: Db, shop: ShopRow, a: RestoreArgs): CorrectionResult {
  const digits = shop.minor_digits;
  const red = requireRedemption(db, a.redemptionId);
  const prior = correctionOf(db, red.id);
  if (prior) {
    throw new PassbookError('ALREADY_VOIDED', `This redemption was already ${prior.kind === 'undo' ? 'undone' : 'voided'}.`, { redemptionId: red.id, kind: prior.kind });
  }
  const pass = requirePass(db, red.pass_id);
  // like every write on a pass: book what period close owes it first (expiry, rollover, the next allocation)
  closeDueForPass(db, pass.id, a.at);
  if (passStatus(db, pass, a.at) === 'cancelled') throw new PassbookError('PASS_CLOSED', 'This pass was cancelled.', { passId: pass.id, status: 'cancelled' });
  // a pass of a customer merged into another since (core/customers/merge.ts) that the merge left (it had ended): the
  // credits would go back onto it, where no one can use them (the card opens the kept customer, who does not hold it),
  // and expire there as breakage. The owner gives them to the kept customer instead.
  const merged = mergeOf(db, pass.customer_id);
  if (merged) {
    const dup = requireCustomer(db, pass.customer_id);
    const kept = currentCustomer(db, dup);
    throw new PassbookError('CONFLICT', `${dup.name} was merged into ${kept.name} since, so this redemption can no longer be ${a.kind === 'undo' ? 'undone' : 'voided'}: its credits would go back to ${dup.name}'s pass, which no one uses any more. Add them to ${kept.name}'s pass with an adjustment instead.`, {
      redemptionId: red.id, reason: 'MERGED', mergedInto: kept.id,
    });
  }
  if (a.kind === 'undo') {
    const windowMs = shop.undo_window_seconds * 1000;
    if (latestLiveRedemptionId(db, pass.id) !== red.id) {
      throw new PassbookError('UNDO_WINDOW_PASSED', 'Only the last redemption of a pass can be undone at the counter; the owner can void it.', { redemptionId: red.id, reason: 'NOT_LATEST' });
    }
    if (!undoWindowOpen(a.at, red.occurred_at, shop.undo_window_seconds)) {
      throw new PassbookError('UNDO_WINDOW_PASSED', `The undo window (${shop.undo_window_seconds} s) has passed; the owner can void it.`, {
        redemptionId: red.id, reason: 'EXPIRED', undoUntil: iso(red.occurred_at + windowMs),
      });
    }
  }

  // a redemption's lot entries carry its pass and instant: found in lot_entries_pass without an index of their own
  const entries = sql(db, `SELECT id, lot_id, credits_units, money_minor FROM lot_entries
      WHERE pass_id = ? AND occurred_at = ? AND redemption_id = ? AND kind = 'redeem' ORDER BY id`)
    .all(red.pass_id, red.occurred_at, red.id) as { id: number; lot_id: number; credits_units: number; money_minor: number }[];
  const since = takenSince(db, red);
  if (since) {
    const said = since === 'MOVED_SINCE' ? 'Credits were moved from this redemption\'s lot to another pass' : 'Credits of this redemption\'s lot were paid back to the customer';
    throw new PassbookError('CONFLICT', `${said} after it, so it can no longer be ${a.kind === 'undo' ? 'undone' : 'voided'}: add the credits back with an adjustment instead.`, {
      redemptionId: red.id, reason: since,
    });
  }
  // together they are exactly what the lots covered; anything else would restore the wrong amount
  if (entries.reduce((s, e) => s - e.credits_units, 0) !== red.covered_units) {
    throw new Error(`redemption ${red.id}: its lot entries do not add up to the ${red.covered_units} units it covered`);
  }

  // where each entry's credits go back: the same lot while it is live, else a new adjustment lot (written
  // first, so the journal lines can name the lot that now holds the money)
  const targets = entries.map((e) => {
    const lot = lotById(db, e.lot_id);
    if (!lot) throw new Error(`lot ${e.lot_id} vanished`);
    // live: not ended by its date, and not closed by a period close (whatever the clock says now)
    const live = (lot.expires_at === null || lot.expires_at > a.at) && !lotClosed(db, lot.id);
    const split = revenueSplit(db, red, lot, -e.credits_units, e.money_minor, digits, live);
    if (split.live) return { e, lot, into: lot.id, expiresAt: lot.expires_at, fresh: false, money: split.money, fromBreakage: split.fromBreakage };
    const expiresAt = restoredLotExpiry(pass, a.at);
    const into = grantLot(db, {
      passId: pass.id, source: 'adjustment', planId: null, amountUnits: -e.credits_units, paidMinor: split.money, grantedAt: a.at, expiresAt,
      parentLotId: lot.id, rolledTimes: 0, reason: `restored by ${a.kind} of redemption ${red.id} (lot ${lot.id} had expired)`,
      createdBy: a.kind === 'undo' ? 'counter.undo' : 'redemptions.void', clientId: a.clientId ?? null,
    });
    return { e, lot, into, expiresAt, fresh: true, money: split.money, fromBreakage: 0 };
  });

  const jl: JournalLine[] = [];
  let revenue = 0;
  for (const t of targets) {
    revenue += t.money;
    jl.push({ account: ACCOUNTS.deferred, amount: -t.money, lotId: t.into });
    jl.push({ account: ACCOUNTS.redemptions, amount: t.money - t.fromBreakage, lotId: t.lot.id });
    if (t.fromBreakage !== 0) jl.push({ account: ACCOUNTS.breakage, amount: t.fromBreakage, lotId: t.lot.id });
  }
  // Overage reversed: on account, the unpaid part leaves the receivable and any part already settled is
  // paid back by the methods it came in with (newest settlement first); charged now, by the method used.
  let overageBack: { receivable: number; refund: number; refunds: { method: PaymentMethod; amount: number }[] } | null = null;
  if (red.overage_minor > 0 && red.overage_settlement) {
    if (red.overage_settlement === 'account') {
      const due = Math.max(overageDue(db, pass.id), 0);
      const receivable = Math.min(red.overage_minor, due);
      const refund = red.overage_minor - receivable;
      overageBack = { receivable, refund, refunds: settledBy(db, pass.id, refund) };
    } else {
      // the way it was paid, as the owner may have corrected it since (core/corrections/paymentMethod.ts)
      const paid = sql(db, `SELECT ${paymentMethodSql('y')} AS method FROM payments y WHERE y.pass_id = ? AND y.redemption_id = ? AND y.kind = 'overage' ORDER BY y.id LIMIT 1`)
        .get(red.pass_id, red.id) as { method: PaymentMethod } | undefined;
      const method = paid?.method ?? (red.payment_method as PaymentMethod | null) ?? 'cash';
      overageBack = { receivable: 0, refund: red.overage_minor, refunds: [{ method, amount: red.overage_minor }] };
    }
    jl.push({ account: ACCOUNTS.overage, amount: red.overage_minor });
    if (overageBack.receivable) jl.push({ account: ACCOUNTS.receivable, amount: -overageBack.receivable });
    for (const r of overageBack.refunds) jl.push({ account: paymentAccount(r.method), amount: -r.amount });
  }
  const txId = postJournal(db, {
    kind: a.kind, memo: `${a.kind === 'undo' ? 'Undo' : 'Void'} of redemption ${red.id}${a.reason ? `: ${a.reason}` : ''}`.slice(0, 300),
    passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null, lines: jl,
  });
  const restoredCredits = entries.reduce((sum, e) => sum - e.credits_units, 0);
  const c = sql(db, `INSERT INTO corrections (kind, pass_id, redemption_id, credits_units, money_minor, payment_method, reason, journal_tx_id, occurred_at, client_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(a.kind, pass.id, red.id, restoredCredits, overageBack?.refund ?? 0, overageBack && overageBack.refund > 0 ? overageBack.refunds[0]!.method : null,
      a.reason ?? null, txId, a.at, a.clientId ?? null);
  const correctionId = Number(c.lastInsertRowid);

  const lotsRestored: CorrectionResult['lotsRestored'] = [];
  for (const t of targets) {
    const back = -t.e.credits_units;
    if (!t.fresh) {
      writeEntry(db, {
        lotId: t.lot.id, passId: pass.id, kind: 'restore', credits: back, money: -t.money, consumedDelta: -back, bucket: 'recognized',
        redemptionId: red.id, correctionId, journalTxId: txId, at: a.at,
      });
    }
    lotsRestored.push({ lotId: t.lot.id, credits: credits(back), expiresAt: t.expiresAt === null ? null : iso(t.expiresAt), restoredInto: t.into });
  }
  for (const r of overageBack?.refunds ?? []) {
    sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, redemption_id, journal_tx_id, occurred_at)
        VALUES ('overage_refund', ?, ?, ?, ?, ?, ?, ?)`).run(pass.id, pass.customer_id, r.method, -r.amount, red.id, txId, a.at);
  }
  return {
    correctionId, kind: a.kind, redemptionId: red.id, passId: pass.id, creditsRestored: credits(restoredCredits), lotsRestored,
    revenueReversed: money(revenue, digits),
    overageReversed: red.overage_settlement && red.overage_units > 0
      ? { credits: credits(red.overage_units), amount: money(red.overage_minor, digits), settlement: red.overage_settlement } : null,
    moneyBack: (overageBack?.refunds ?? []).map((r) => ({ method: r.method, amount: money(r.amount, digits) })),
    accountCleared: money(overageBack?.receivable ?? 0, digits),
    balanceAfter: credits(passBalance(db, pass.id, a.at)),
    pass: passView(db, pass.id, a.at, shop),
  };
}

/**
 * What a void gives back to deferred revenue from one lot, and how much of it comes out of write-off breakage
 * rather than redemption revenue. The lot's journal says what it earned so far: redemption revenue and the
 * breakage of owner write-offs (adjust −). Afterwards:
 * - a live lot is back on its revenue schedule for the credits still consumed (`derecognitionFor`);
 * - once none of the lot's redemptions stands, its redemption revenue is exactly zero and the write-offs hold
 *   the whole schedule; while some stand, the write-offs keep what they booked (never more than the schedule),
 *   so no account on the lot goes below zero;
 * - an expired lot (its credits go into a new lot) gives back what its redemptions still hold, at most this
 *   redemption's own share while others stand; its expiry breakage is not touched.
 */
function revenueSplit(db: Db, red: RedemptionRow, lot: LiveLot, credits: number, ownMoney: number, digits: number, live: boolean): { live: boolean; money: number; fromBreakage: number } {
  const earned = sql(db, `SELECT
        coalesce(-sum(CASE WHEN l.account = 'revenue:redemptions' THEN l.amount_minor END), 0) AS redemptions,
        coalesce(-sum(CASE WHEN l.account = 'revenue:breakage' AND t.kind <> 'expire' THEN l.amount_minor END), 0) AS writeOffs
      FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE l.pass_id = ? AND l.account IN ('revenue:redemptions', 'revenue:breakage') AND l.lot_id = ?`).get(red.pass_id, lot.id) as { redemptions: number; writeOffs: number };
  const othersStand = sql(db, `SELECT 1 FROM lot_entries e WHERE e.pass_id = ? AND e.lot_id = ? AND e.kind = 'redeem' AND e.redemption_id <> ?
      AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.redemption_id = e.redemption_id) LIMIT 1`).get(red.pass_id, lot.id, red.id) !== undefined;
  if (!live) {
    const money = Math.max(0, othersStand ? Math.min(ownMoney, earned.redemptions) : earned.redemptions);
    return { live, money, fromBreakage: 0 };
  }
  const money = derecognitionFor(lot, credits, digits);
  // credits moved from the lot to another pass or paid back to the customer are consumed on its schedule too, but
  // their money left with them, not as a write-off: what the write-offs hold is the schedule less what left. (A move
  // or a refund of credits after this redemption refuses the void above: then this would not come out to the cent.)
  const moved = (sql(db, `SELECT coalesce(sum(e.money_minor), 0) AS n FROM lot_entries e JOIN journal_tx t ON t.id = e.journal_tx_id
      WHERE e.pass_id = ? AND e.lot_id = ? AND ${TAKEN_AWAY_SQL}`).get(red.pass_id, lot.id) as { n: number }).n;
  const scheduled = scheduledRecognition(lot, lot.consumed_units - credits, digits) - moved;
  const writeOffsAfter = othersStand ? Math.min(Math.max(earned.writeOffs, 0), scheduled) : scheduled;
  return { live, money, fromBreakage: earned.writeOffs - writeOffsAfter };
}

/**
 * Split a refund of settled overage over the methods the settlements came in by, newest first. Earlier voids
 * already paid some settlements back: the pass's settlements and those refunds are replayed in order (each
 * refund taking from the newest settlements of its own method), so a settlement is never paid back twice
 * and the drawer never pays out what came in by card.
 */
function settledBy(db: Db, passId: number, amount: number): { method: PaymentMethod; amount: number }[] {
  if (amount <= 0) return [];
  const rows = sql(db, `SELECT y.kind, ${paymentMethodSql('y')} AS method, y.amount_minor FROM payments y LEFT JOIN redemptions r ON r.id = y.redemption_id
      WHERE y.pass_id = ? AND ((y.kind = 'settlement' AND y.amount_minor > 0) OR (y.kind = 'overage_refund' AND r.overage_settlement = 'account'))
      ORDER BY y.id`).all(passId) as { kind: 'settlement' | 'overage_refund'; method: PaymentMethod; amount_minor: number }[];
  const open: { method: PaymentMethod; left: number }[] = []; // settlements not yet paid back, oldest first
  for (const r of rows) {
    if (r.kind === 'settlement') { open.push({ method: r.method, left: r.amount_minor }); continue; }
    let back = -r.amount_minor;
    for (let i = open.length - 1; i >= 0 && back > 0; i -= 1) {
      if (open[i]!.method !== r.method) continue;
      const take = Math.min(back, open[i]!.left);
      open[i]!.left -= take;
      back -= take;
    }
  }
  const out = new Map<PaymentMethod, number>();
  let left = amount;
  for (let i = open.length - 1; i >= 0 && left > 0; i -= 1) {
    const take = Math.min(left, open[i]!.left);
    if (take <= 0) continue;
    out.set(open[i]!.method, (out.get(open[i]!.method) ?? 0) + take);
    left -= take;
  }
  if (left > 0) out.set('cash', (out.get('cash') ?? 0) + left); // no settlement on record: the drawer pays
  return [...out].map(([method, amt]) => ({ method, amount: amt }));
}
