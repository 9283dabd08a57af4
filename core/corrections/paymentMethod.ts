// A payment's way corrected: the cashier tapped Cash for money that came by card (or the other way round). The
// payment stays as written; a correction is a row of its own (payment_method_changes, migration 023) and a journal
// transaction of its own on the day it is made: the right way's account up by the payment's amount, the wrong way's
// down (a refund paid back the wrong way moves the other way, its amount being negative). The day's till counts it
// on that day. Whatever is paid back later goes back the corrected way: paymentMethodSql and cashSaleMethodSql are
// the one rule every reader of a payment's way uses.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { paymentAccount, postJournal, type PaymentMethod } from '../journal/journal';
import { sql } from '../lots/lots';
import { cutText } from '../books/text';

/** A payment's way as corrected: its newest change's, else its own. `y` is an alias of payments. */
export const paymentMethodSql = (y: string): string =>
  `coalesce((SELECT pc.to_method FROM payment_method_changes pc WHERE pc.payment_id = ${y}.id ORDER BY pc.id DESC LIMIT 1), ${y}.method)`;
/** A sale without a pass's way as corrected. `s` is an alias of cash_sales. */
export const cashSaleMethodSql = (s: string): string =>
  `coalesce((SELECT pc.to_method FROM payment_method_changes pc WHERE pc.cash_sale_id = ${s}.id ORDER BY pc.id DESC LIMIT 1), ${s}.payment_method)`;
/** How a pass's sale was paid, as corrected (its sale payment; a pass without one, brought over, says its own). `p` is passes. */
export const passSaleMethodSql = (p: string): string =>
  `coalesce((SELECT ${paymentMethodSql('ps')} FROM payments ps WHERE ps.pass_id = ${p}.id AND ps.kind = 'sale' ORDER BY ps.id LIMIT 1), ${p}.payment_method)`;

/** What a payment was, in a correction's words: "Paid by card, not cash: $20.00 (pass sold)" */
const PAID_WHAT: Record<string, string> = {
  sale: 'pass sold', topup: 'top-up', overage: 'overage', settlement: 'overage settled', refund: 'refund', overage_refund: 'overage refund', cash_sale: 'sale without a pass',
};
/** The SQL text a reader hands to methodChangeWords: "cash card 2000 sale" (`pc` payment_method_changes, `kind` the payment's) */
export const methodChangeWordsSql = (pc: string, kind: string): string =>
  `${pc}.from_method || ' ' || ${pc}.to_method || ' ' || ${pc}.amount_minor || ' ' || ${kind}`;
/** A correction of a payment's way as the owner reads it, in the corrections report and the customer's history. */
export function methodChangeWords(say: { money(minor: number): string }, w: string, items: string | null = null): string {
  const [from, to, amount, what] = w.split(' ') as [string, string, string, string];
  const minor = Number(amount);
  return `${minor < 0 ? 'Paid back' : 'Paid'} by ${to}, not ${from}: ${say.money(Math.abs(minor))} (${PAID_WHAT[what] ?? what}${items ? `: ${items}` : ''})`;
}

export type PaidWith = { paymentId: number; cashSaleId?: undefined } | { cashSaleId: number; paymentId?: undefined };

export interface MethodChange {
  changeId: number; from: PaymentMethod; to: PaymentMethod; amountMinor: number; at: number;
  paymentId: number | null; cashSaleId: number | null; passId: number | null; customerId: number | null;
}

const KIND_WORDS: Record<string, string> = {
  sale: 'Pass sold', topup: 'Top-up', overage: 'Overage paid', settlement: 'Overage settled', refund: 'Paid back', overage_refund: 'Overage paid back',
};

interface Target { from: PaymentMethod; amount: number; passId: number | null; customerId: number | null; what: string }

function targetOf(db: Db, w: PaidWith): Target {
  if (w.paymentId !== undefined) {
    const y = sql(db, `SELECT y.id, y.kind, y.pass_id, y.customer_id, y.amount_minor, ${paymentMethodSql('y')} AS method FROM payments y WHERE y.id = ?`)
      .get(w.paymentId) as { id: number; kind: string; pass_id: number; customer_id: number; amount_minor: number; method: PaymentMethod } | undefined;
    if (!y) throw new PassbookError('NOT_FOUND', `There is no payment ${w.paymentId}.`, { paymentId: w.paymentId });
    return { from: y.method, amount: y.amount_minor, passId: y.pass_id, customerId: y.customer_id, what: KIND_WORDS[y.kind] ?? 'Payment' };
  }
  const s = sql(db, `SELECT s.id, s.total_minor, ${cashSaleMethodSql('s')} AS method, r.kind AS reversed
      FROM cash_sales s LEFT JOIN cash_sale_reversals r ON r.sale_id = s.id WHERE s.id = ?`)
    .get(w.cashSaleId) as { id: number; total_minor: number; method: PaymentMethod; reversed: 'undo' | 'void' | null } | undefined;
  if (!s) throw new PassbookError('NOT_FOUND', `There is no cash sale ${w.cashSaleId}.`, { saleId: w.cashSaleId });
  // its money went back already, the way it was recorded: correcting the way now would move money that is not there
  if (s.reversed) {
    throw new PassbookError('ALREADY_VOIDED', `This sale was ${s.reversed === 'undo' ? 'undone' : 'voided'}: its money went back already, so how it was paid is not changed now.`, { saleId: s.id, kind: s.reversed });
  }
  return { from: s.method, amount: s.total_minor, passId: null, customerId: null, what: 'Sale without a pass' };
}

/**
 * Correct how a payment (or a sale without a pass) was made. VALIDATION when it already says that way or moved no
 * money; NOT_FOUND when there is no such payment; ALREADY_VOIDED for a sale without a pass undone or voided (its
 * money went back already, by the way it had then).
 */
export function changePaymentMethod(db: Db, a: PaidWith & { to: PaymentMethod; reason: string; at: number; clientId?: string | null }): MethodChange {
  const t = targetOf(db, a);
  if (t.from === a.to) throw new PassbookError('VALIDATION', `paymentMethod: it already says ${a.to}.`, { field: 'paymentMethod' });
  if (t.amount === 0) throw new PassbookError('VALIDATION', 'No money moved in this payment, so there is no way to correct.', { field: 'paymentId' });
  const txId = postJournal(db, {
    kind: 'payment_method', memo: cutText(`${t.what}: paid by ${a.to}, not ${t.from}: ${a.reason}`, 300),
    passId: t.passId, customerId: t.customerId, at: a.at, clientId: a.clientId ?? null,
    lines: [{ account: paymentAccount(a.to), amount: t.amount }, { account: paymentAccount(t.from), amount: -t.amount }],
  })!;
  const r = sql(db, `INSERT INTO payment_method_changes (payment_id, cash_sale_id, from_method, to_method, amount_minor, reason, occurred_at, journal_tx_id, client_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(a.paymentId ?? null, a.cashSaleId ?? null, t.from, a.to, t.amount, a.reason, a.at, txId, a.clientId ?? null);
  return {
    changeId: Number(r.lastInsertRowid), from: t.from, to: a.to, amountMinor: t.amount, at: a.at,
    paymentId: a.paymentId ?? null, cashSaleId: a.cashSaleId ?? null, passId: t.passId, customerId: t.customerId,
  };
}

export interface DayPayment {
  paymentId: number; at: number; kind: string; passId: number; planName: string; customerId: number; customerName: string;
  amountMinor: number; method: PaymentMethod; recordedMethod: PaymentMethod;
  changes: WayChange[];
}

/** The payments of passes in [from, to), oldest first: each with its way as corrected and its corrections. */
export function paymentsBetween(db: Db, from: number, to: number, limit: number): DayPayment[] {
  const rows = sql(db, `SELECT y.id, y.occurred_at, y.kind, y.pass_id, p.plan_name, c.id AS customer_id, c.name AS customer_name, y.amount_minor,
        y.method AS recorded, ${paymentMethodSql('y')} AS method
      FROM payments y JOIN passes p ON p.id = y.pass_id JOIN customers c ON c.id = y.customer_id
      WHERE y.occurred_at >= ? AND y.occurred_at < ? AND y.amount_minor <> 0 ORDER BY y.occurred_at, y.id LIMIT ?`).all(from, to, limit) as
    { id: number; occurred_at: number; kind: string; pass_id: number; plan_name: string; customer_id: number; customer_name: string; amount_minor: number; recorded: PaymentMethod; method: PaymentMethod }[];
  return rows.map((r) => ({
    paymentId: r.id, at: r.occurred_at, kind: r.kind, passId: r.pass_id, planName: r.plan_name, customerId: r.customer_id, customerName: r.customer_name,
    amountMinor: r.amount_minor, method: r.method, recordedMethod: r.recorded, changes: methodChangesOf(db, { paymentId: r.id }),
  }));
}

export type WayChange = { at: number; from: PaymentMethod; to: PaymentMethod; reason: string };
/** The corrections of a payment's (or a sale without a pass's) way, oldest first. */
export function methodChangesOf(db: Db, w: PaidWith): WayChange[] {
  const rows = (w.paymentId !== undefined
    ? sql(db, 'SELECT occurred_at, from_method, to_method, reason FROM payment_method_changes WHERE payment_id = ? ORDER BY id').all(w.paymentId)
    : sql(db, 'SELECT occurred_at, from_method, to_method, reason FROM payment_method_changes WHERE cash_sale_id = ? ORDER BY id').all(w.cashSaleId)) as
    { occurred_at: number; from_method: PaymentMethod; to_method: PaymentMethod; reason: string }[];
  return rows.map((c) => ({ at: c.occurred_at, from: c.from_method, to: c.to_method, reason: c.reason }));
}

/** The changes of ways made in [from, to), per way: what each way's till gained (+) or lost (−) by them. */
export function methodMovesBetween(db: Db, from: number, to: number): Map<PaymentMethod, bigint> {
  const out = new Map<PaymentMethod, bigint>();
  const rows = sql(db, 'SELECT from_method, to_method, amount_minor FROM payment_method_changes WHERE occurred_at >= ? AND occurred_at < ?')
    .safeIntegers(true).all(from, to) as { from_method: PaymentMethod; to_method: PaymentMethod; amount_minor: bigint }[];
  for (const r of rows) {
    out.set(r.to_method, (out.get(r.to_method) ?? 0n) + r.amount_minor);
    out.set(r.from_method, (out.get(r.from_method) ?? 0n) - r.amount_minor);
  }
  return out;
}
