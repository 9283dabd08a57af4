// Owner: pay back some of a pass's credits, the pass staying open ("I bought 25 drinks, I will only drink 15: give me
// the rest back"). A pass's refund (refund.ts) cancels it; a top-up's refund takes back one whole lot; this takes the
// number of credits the owner names.
//
// Only paid credits are paid back: free ones (a gift, a bonus, an adjustment's +N) are worth nothing and stay on the
// pass. The credits come off the paid lots in the pass's consumption order, as a redemption would use them, at each
// lot's cost basis: the same lot entries as an owner's −N adjustment (kind 'adjust', consumption on the lot's revenue
// schedule), so a lot used up later still recognises exactly what is left of its price, to the cent. The money they
// carried leaves deferred revenue to the customer (cash ↓), less the overage owed on account, which it pays first
// (receivable ↓), as every refund does; the owner may keep part of the rest as a cancellation fee, as from a pass's refund. Its correction is a 'refund' that names the credits; its journal transaction
// is a 'refund' whose memo starts with CREDITS_REFUNDED (the history and the statement say it as a refund).
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { ACCOUNTS, overageDue, paymentAccount, postJournal, type JournalLine, type PaymentMethod } from '../journal/journal';
import { credits, parseCreditsIn } from '../lots/amounts';
import { liveLots, planTakes, recognitionFor, sql, writeEntry } from '../lots/lots';
import { rolledBack } from '../db/statements';
import { MAX_CREDIT_UNITS } from '../money/decimal';
import { requireOpenPass } from '../passes/passes';
import { shopWords } from '../shop/words';
import { CREDITS_REFUNDED, feeLines, type Refund } from './refund';


export interface CreditsRefundArgs {
  passId: number; credits: string; reason: string; paymentMethod: PaymentMethod; at: number; clientId?: string | null;
  /** minor units kept from what would be handed back, as a cancellation fee (default none) */
  feeMinor?: number;
}

export function refundCredits(db: Db, digits: number, a: CreditsRefundArgs): Refund {
  const pass = requireOpenPass(db, a.passId, a.at);
  const want = parseCreditsIn(a.credits, 'credits', 'positive');
  if (want > MAX_CREDIT_UNITS) throw new PassbookError('VALIDATION', 'credits: is too large.', { field: 'credits' });
  // free credits carry no money: paying them back would hand out what was never paid
  const paid = liveLots(db, pass.id, a.at, pass.consumption_order).filter((l) => l.paid_minor > 0);
  const { takes, uncovered } = planTakes(paid, want);
  if (uncovered > 0) {
    const say = shopWords(db);
    const has = paid.reduce((s, l) => s + l.remaining_units, 0);
    throw new PassbookError('INSUFFICIENT_CREDITS', `This pass has ${say.credits(has, pass.credit_unit)} paid for, cannot pay back ${say.credits(want, pass.credit_unit)}.`, {
      has: credits(has), needs: credits(want),
    });
  }
  // each part's paid value on its lot's schedule (a lot emptied by the refund gives all that is left of its price)
  const parts = takes.map((t) => ({ ...t, money: recognitionFor(t.lot, t.credits, digits) }));
  const value = parts.reduce((s, p) => s + p.money, 0);
  const settled = Math.max(0, Math.min(overageDue(db, pass.id), value));
  const fee = a.feeMinor ?? 0;
  const back = value - settled - fee;
  const lines: JournalLine[] = parts.map((p) => ({ account: ACCOUNTS.deferred, amount: p.money, lotId: p.lot.id }));
  if (settled > 0) lines.push({ account: ACCOUNTS.receivable, amount: -settled });
  lines.push({ account: paymentAccount(a.paymentMethod), amount: -back }, ...feeLines(db, parts, fee, value - settled));
  const memo = `${CREDITS_REFUNDED}: ${credits(want)} of pass ${pass.id}: ${a.reason}${fee > 0 ? ' (cancellation fee kept)' : ''}`;
  const txId = postJournal(db, { kind: 'refund', memo: memo.slice(0, 300), passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null, lines });
  const c = sql(db, `INSERT INTO corrections (kind, pass_id, credits_units, money_minor, payment_method, reason, journal_tx_id, occurred_at, client_id)
      VALUES ('refund', ?, ?, ?, ?, ?, ?, ?, ?)`).run(pass.id, -want, back, a.paymentMethod, a.reason, txId, a.at, a.clientId ?? null);
  const correctionId = Number(c.lastInsertRowid);
  for (const p of parts) {
    writeEntry(db, {
      lotId: p.lot.id, passId: pass.id, kind: 'adjust', credits: -p.credits, money: p.money, consumedDelta: p.credits, bucket: 'recognized',
      correctionId, journalTxId: txId, at: a.at,
    });
  }
  if (back !== 0) {
    sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, journal_tx_id, occurred_at) VALUES ('refund', ?, ?, ?, ?, ?, ?)`)
      .run(pass.id, pass.customer_id, a.paymentMethod, -back, txId, a.at);
  }
  return { correctionId, credits: want, refundedMinor: back, settledMinor: settled, feeMinor: fee };
}

/** What paying back these credits now would do: the refund itself, run and rolled back (the same sum it then pays). */
export function quoteCreditsRefund(db: Db, digits: number, passId: number, creditsIn: string, at: number): Refund {
  return rolledBack(db, () => refundCredits(db, digits, { passId, credits: creditsIn, reason: 'quote', paymentMethod: 'cash', at }));
}
