// Owner refund / cancel of a pass (and, further down, of one top-up): pays back exactly the unused paid value of every live lot
// (paid − recognised − released, so cumulative rounding never loses or adds a cent), plus any money for
// future periods not yet granted as lots (multi-period passes). Deferred ↓, cash (by method) ↓.
// The pass becomes 'cancelled'; later redemptions get PASS_CLOSED. Lots that already expired but were not
// yet closed are left to period close (their value is breakage, not the customer's). Overage the customer
// still owes on account is settled from the refund first (receivable ↓), so the shop pays back only the rest
// and the customer leaves owing nothing, or owing only what the refund could not cover. No money crosses the
// counter for that part: the payments hold one refund row of what is handed back (the correction's money too).
// The owner may keep part of what would be handed back as a cancellation fee: that part of the unused value is
// the shop's (revenue:cancellation-fees), and only the rest leaves the till.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { ACCOUNTS, overageDue, paymentAccount, postJournal, type JournalLine, type PaymentMethod } from '../journal/journal';
import { liveLots, lotById, sql, unusedValue, writeEntry, type LiveLot } from '../lots/lots';
import { rolledBack } from '../db/statements';
import { requireOpenPass, setPassStatus, type PassRow } from '../passes/passes';
import { shopWords } from '../shop/words';
import { requireShop } from '../shop/settings';
import { money } from '../lots/amounts';
import { liveBonusLots } from '../passes/promo';

export interface RefundArgs {
  passId: number; reason: string; paymentMethod: PaymentMethod; at: number; clientId?: string | null;
  /** minor units kept from what would be handed back, as a cancellation fee (default none) */
  feeMinor?: number;
}

export interface Refund { correctionId: number; credits: number; refundedMinor: number; settledMinor: number; feeMinor: number }

/**
 * Deferred revenue of a pass not attached to any lot yet (money for periods still to come): the pass's
 * deferred balance minus the unused value of all its lots. Works whether or not granting an allocation
 * lot posts a journal line, since the lots' own paid/recognised/released values are the reference.
 */
export function unallocatedDeferred(db: Db, passId: number): number {
  const j = sql(db, 'SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE pass_id = ? AND account = ?')
    .get(passId, ACCOUNTS.deferred) as { n: number };
  const l = sql(db, `SELECT coalesce(sum(l.paid_minor - b.recognized_minor - b.released_minor), 0) AS n
      FROM lots l JOIN lot_balances b ON b.lot_id = l.id WHERE l.pass_id = ?`).get(passId) as { n: number };
  return -j.n - l.n;
}

export function refundPass(db: Db, a: RefundArgs): Refund {
  const pass = requireOpenPass(db, a.passId, a.at);
  const lots = liveLots(db, pass.id, a.at, pass.consumption_order);
  const parts = lots.map((l) => ({ lot: l, money: unusedValue(l) }));
  const future = unallocatedDeferred(db, pass.id);
  const total = parts.reduce((s, p) => s + p.money, 0) + future;
  const jl: JournalLine[] = parts.map((p) => ({ account: ACCOUNTS.deferred, amount: p.money, lotId: p.lot.id }));
  jl.push({ account: ACCOUNTS.deferred, amount: future, lotId: null });
  // what is owed on account comes out of the refund: a settlement taken from it, then the rest paid back
  const settled = Math.max(0, Math.min(overageDue(db, pass.id), total));
  if (settled > 0) jl.push({ account: ACCOUNTS.receivable, amount: -settled });
  const fee = a.feeMinor ?? 0;
  const back = total - settled - fee;
  jl.push({ account: paymentAccount(a.paymentMethod), amount: -back }, ...feeLines(db, parts, fee, total - settled));
  const memo = `Refund and cancel: ${a.reason}${fee > 0 ? ` (cancellation fee kept)` : ''}`;
  const txId = postJournal(db, { kind: 'refund', memo: memo.slice(0, 300), passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null, lines: jl });
  const creditsOut = lots.reduce((s, l) => s + l.remaining_units, 0);
  const c = sql(db, `INSERT INTO corrections (kind, pass_id, credits_units, money_minor, payment_method, reason, journal_tx_id, occurred_at, client_id)
      VALUES ('refund', ?, ?, ?, ?, ?, ?, ?, ?)`).run(pass.id, -creditsOut, back, a.paymentMethod, a.reason, txId, a.at, a.clientId ?? null);
  const correctionId = Number(c.lastInsertRowid);
  for (const p of parts) {
    writeEntry(db, {
      lotId: p.lot.id, passId: pass.id, kind: 'refund', credits: -p.lot.remaining_units, money: p.money, consumedDelta: 0, bucket: 'released',
      correctionId, journalTxId: txId, at: a.at,
    });
  }
  // the payments say what the journal's payment line says: the money handed back
  if (back !== 0) {
    sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, journal_tx_id, occurred_at) VALUES ('refund', ?, ?, ?, ?, ?, ?)`)
      .run(pass.id, pass.customer_id, a.paymentMethod, -back, txId, a.at);
  }
  setPassStatus(db, pass.id, 'cancelled', a.at);
  return { correctionId, credits: creditsOut, refundedMinor: back, settledMinor: settled, feeMinor: fee };
}

/**
 * The journal lines of a cancellation fee kept from a refund, after checking it: it comes out of what would be handed
 * back (`refundable`), never more, since the customer is not asked to pay to be refunded. It is taken from the lots'
 * value in the order given (the pass's consumption order), one line per lot, so each lot's figures say what of it the
 * shop kept (written off) and what left it; what the lots do not cover (periods not granted yet) has no lot.
 */
export function feeLines(db: Db, parts: Array<{ lot: { id: number }; money: number }>, fee: number, refundable: number): JournalLine[] {
  if (fee > refundable) {
    const say = shopWords(db);
    const digits = requireShop(db).minor_digits;
    throw new PassbookError('VALIDATION', `fee: ${say.money(fee)} is more than the ${say.money(refundable)} the refund would pay back.`, {
      field: 'fee', fee: money(fee, digits), refundable: money(refundable, digits),
    });
  }
  const lines: JournalLine[] = [];
  let feeLeft = fee;
  for (const p of parts) {
    const take = Math.min(feeLeft, p.money);
    if (take > 0) lines.push({ account: ACCOUNTS.fees, amount: -take, lotId: p.lot.id });
    feeLeft -= take;
  }
  if (feeLeft > 0) lines.push({ account: ACCOUNTS.fees, amount: -feeLeft, lotId: null });
  return lines;
}

/**
 * What refunding the pass now would do: the refund itself (the close due on the pass included) run and rolled
 * back, so the owner sees the sum before the money leaves the till and it is the same sum.
 */
export function quoteRefund(db: Db, passId: number, at: number): Refund {
  return rolledBack(db, () => refundPass(db, { passId, reason: 'quote', paymentMethod: 'cash', at }));
}

/**
 * Pay back what is left of one lot and take its credits off, the pass staying open: a top-up the customer no
 * longer wants (passes.refundTopUp), or one rung up by mistake (core/corrections/purchaseUndo.ts). The lot's
 * whole unused paid value leaves deferred revenue, so the lot is done: nothing later can recognise it twice.
 * `settleFirst`: overage owed on account is paid from it first, as a pass's refund does (receivable ↓), and only
 * the rest is handed back; an undo of a mis-rung top-up gives back all it took instead.
 */
export function refundLot(db: Db, pass: PassRow, lot: LiveLot, a: { paymentMethod: PaymentMethod; reason: string; memo: string; at: number; clientId?: string | null; settleFirst?: boolean }): Refund {
  const value = unusedValue(lot);
  // the bonus that came with it goes with it (what of it is left: it is used first, so mostly none once the lot is touched)
  const bonus = liveBonusLots(db, lot.id, a.at);
  const creditsOut = lot.remaining_units + bonus.reduce((n, b) => n + b.remaining_units, 0);
  const settled = a.settleFirst ? Math.max(0, Math.min(overageDue(db, pass.id), value)) : 0;
  const back = value - settled;
  const lines: JournalLine[] = [{ account: ACCOUNTS.deferred, amount: value, lotId: lot.id }, { account: paymentAccount(a.paymentMethod), amount: -back }];
  if (settled > 0) lines.push({ account: ACCOUNTS.receivable, amount: -settled });
  const txId = postJournal(db, {
    kind: 'refund', memo: a.memo.slice(0, 300), passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null, lines,
  });
  const c = sql(db, `INSERT INTO corrections (kind, pass_id, credits_units, money_minor, payment_method, reason, journal_tx_id, occurred_at, client_id)
      VALUES ('refund', ?, ?, ?, ?, ?, ?, ?, ?)`).run(pass.id, -creditsOut, back, a.paymentMethod, a.reason, txId, a.at, a.clientId ?? null);
  const correctionId = Number(c.lastInsertRowid);
  writeEntry(db, {
    lotId: lot.id, passId: pass.id, kind: 'refund', credits: -lot.remaining_units, money: value, consumedDelta: 0, bucket: 'released',
    correctionId, journalTxId: txId, at: a.at,
  });
  for (const b of bonus) {
    writeEntry(db, {
      lotId: b.id, passId: pass.id, kind: 'refund', credits: -b.remaining_units, money: 0, consumedDelta: 0, bucket: 'released',
      correctionId, journalTxId: txId, at: a.at,
    });
  }
  if (back !== 0) {
    sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, journal_tx_id, occurred_at) VALUES ('refund', ?, ?, ?, ?, ?, ?)`)
      .run(pass.id, pass.customer_id, a.paymentMethod, -back, txId, a.at);
  }
  return { correctionId, credits: creditsOut, refundedMinor: back, settledMinor: settled, feeMinor: 0 };
}

/** The journal memos of one top-up paid back (the owner's history tells them apart by these). */
export const TOP_UP_REFUNDED = 'Top-up refunded';
export const TOP_UP_UNDONE = 'Top-up undone';
/** The journal memo's start of a refund of some credits (core/corrections/refundCredits.ts). */
export const CREDITS_REFUNDED = 'Credits refunded';
/** The refunds that leave their pass open, by their journal memo's start (every other refund cancels its pass). */
export const STAYS_OPEN_MEMOS = [TOP_UP_REFUNDED, TOP_UP_UNDONE, CREDITS_REFUNDED] as const;

export interface TopUpRefundArgs { passId: number; lotId: number; reason: string; paymentMethod: PaymentMethod; at: number; clientId?: string | null }

/**
 * Owner: pay back what is left of one top-up of an open pass (its unused paid value), less the overage the customer
 * still owes on account, which it pays first; the rest of the pass stays.
 */
export function refundTopUp(db: Db, a: TopUpRefundArgs): Refund {
  const pass = requireOpenPass(db, a.passId, a.at);
  const lot = lotById(db, a.lotId);
  if (!lot || lot.pass_id !== pass.id || lot.source !== 'topup') {
    throw new PassbookError('NOT_FOUND', `Pass ${pass.id} has no top-up ${a.lotId}.`, { passId: pass.id, lotId: a.lotId });
  }
  // what the close of its period has taken (expired, rolled over) is no longer the customer's to take back
  if (lot.remaining_units === 0 || (lot.expires_at !== null && lot.expires_at <= a.at)) {
    throw new PassbookError('VALIDATION', `lotId: this top-up has nothing left to pay back (used up, expired or refunded).`, { field: 'lotId', passId: pass.id, lotId: lot.id });
  }
  return refundLot(db, pass, lot, { paymentMethod: a.paymentMethod, reason: a.reason, memo: `${TOP_UP_REFUNDED}: ${a.reason}`, at: a.at, clientId: a.clientId, settleFirst: true });
}
