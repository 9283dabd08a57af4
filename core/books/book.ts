// What the accountant exports are made of: journal transactions in shop-local dates, lines in signed
// integer minor units (debit +, credit −), one currency. Both text writers (hledger, beancount) read this.
import type { Db } from '../db/open';
import { localFormatter } from '../periods/calendar';
import { BOOK_ORDER_SQL, BOOK_TIME_SQL } from '../journal/journal';
import { cutText } from './text';

export interface BookLine {
  /** Passbook account name: "assets:cash", "liabilities:deferred-revenue", "revenue:breakage", ... */
  account: string;
  /** signed minor units of the shop currency */
  amountMinor: number;
}

export interface BookTransaction {
  id: number;
  /** epoch ms; written as the shop-local date */
  at: number;
  kind: string;
  description: string;
  lines: BookLine[];
  /** the pass and customer the transaction is about (null: a sale without a pass), so the accountant can tell whose it is */
  passId?: number | null;
  customerId?: number | null;
}

export interface BookOptions {
  currency: string;
  minorDigits: number;
  timeZone: string;
  /** shop name for the header */
  title?: string;
  /** local date "YYYY-MM-DD" on which the accounts are opened (beancount); default 2000-01-01 */
  openDate?: string;
  /** accounts to declare; lines on other accounts are an error (beancount needs them opened first) */
  accounts?: readonly string[];
}

/** The chart of accounts of the money journal (core/db/migrations/002_ledger.sql). */
export const CHART: readonly string[] = [
  'assets:cash',
  'assets:card',
  'assets:other',
  'assets:receivable:overage',
  'liabilities:deferred-revenue',
  'revenue:redemptions',
  'revenue:breakage',
  'revenue:overage',
  'revenue:cancellation-fees',
  'revenue:cash-sales',
  'equity:opening-balances',
];

/** Text for a one-line field: no control characters, no line breaks, bounded (cut on a whole code point). */
export function oneLine(s: string, max = 200): string {
  return cutText(s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim(), max);
}

/**
 * The journal as BookTransactions in date order (then id: a close run late is booked at its earlier
 * boundary, so id order is not date order, and `hledger check ordereddates` wants dates ascending), read
 * with one iterating statement and grouped as lines arrive: memory stays one transaction deep.
 */
export function* journalTransactions(db: Db, opts: { from?: number; to?: number } = {}): Generator<BookTransaction> {
  const stmt = db.prepare(
    // dated by their book time (an expiry counts on the last day its credits were valid), in that order
    `SELECT t.id AS id, ${BOOK_TIME_SQL} AS at, t.kind AS kind, t.memo AS memo, t.pass_id AS passId, t.customer_id AS customerId, l.account AS account, l.amount_minor AS amount
       FROM journal_tx t JOIN journal_lines l ON l.tx_id = t.id
      WHERE t.occurred_at >= ? AND t.occurred_at <= ? AND ${BOOK_TIME_SQL} >= ? AND ${BOOK_TIME_SQL} < ?
      ORDER BY ${BOOK_ORDER_SQL}, l.id`,
  );
  let cur: BookTransaction | null = null;
  const from = opts.from ?? -8.64e15;
  const to = opts.to ?? 8.64e15;
  for (const r of stmt.iterate(from, to, from, to) as Iterable<{ id: number; at: number; kind: string; memo: string; passId: number | null; customerId: number | null; account: string; amount: number }>) {
    if (!cur || cur.id !== r.id) {
      if (cur) yield cur;
      cur = { id: r.id, at: r.at, kind: r.kind, description: r.memo, passId: r.passId, customerId: r.customerId, lines: [] };
    }
    cur.lines.push({ account: r.account, amountMinor: r.amount });
  }
  if (cur) yield cur;
}

export function checkBalanced(t: BookTransaction): void {
  const sum = t.lines.reduce((s, l) => s + l.amountMinor, 0);
  if (sum !== 0) throw new Error(`journal transaction ${t.id} does not balance (${sum})`);
}

/** Shop-local dates of transactions, for a run of them in time order. */
export function txDates(timeZone: string): (t: BookTransaction) => string {
  const f = localFormatter(timeZone);
  return (t) => f.date(t.at);
}
