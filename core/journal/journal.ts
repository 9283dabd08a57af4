// The double-entry money journal. Lines carry signed minor units (debit +, credit −); every transaction
// sums to zero, checked here before anything is written.
import type { Db } from '../db/open';
import { sql } from '../lots/lots';

export const ACCOUNTS = {
  cash: 'assets:cash',
  card: 'assets:card',
  other: 'assets:other',
  deferred: 'liabilities:deferred-revenue',
  redemptions: 'revenue:redemptions',
  breakage: 'revenue:breakage',
  overage: 'revenue:overage',
  /** a refund's cancellation fee: revenue of its own, so the accountant tells it from credits that expired (breakage).
   *  Refunds written before this account existed booked their fee as revenue:breakage; readers take both there. */
  fees: 'revenue:cancellation-fees',
  /** items sold at their cash price without a pass (core/sales/cashSales.ts): revenue at once, nothing deferred */
  cashSales: 'revenue:cash-sales',
  receivable: 'assets:receivable:overage',
  /** the other side of balances customers brought over from before Passbook (imports): paid for before the books began */
  opening: 'equity:opening-balances',
} as const;
/**
 * The accounts a refund's cancellation fee is on, as an SQL list: its own account, and revenue:breakage where a
 * refund was written before that account existed (the ledger is append-only: those lines stay as they were).
 */
export const REFUND_FEE_ACCOUNTS_SQL = `('${ACCOUNTS.fees}', '${ACCOUNTS.breakage}')`;
export type Account = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

/**
 * When a journal transaction counts in the books (the accountant's exports and the reports): at its own
 * instant, except an expiry. Credits expire when their lot ends, at a local midnight (a period boundary, or a
 * top-up pack's last day), and the close books it at that instant, which is already the next day, often the
 * next month. Their breakage belongs to the last day they were valid: an expiry counts one millisecond
 * earlier. The ledger keeps the instant; only the books' date moves. BOOK_TIME_SQL is the same rule for
 * queries over `journal_tx t`.
 */
export const bookTime = (kind: string, at: number): number => (kind === 'expire' ? at - 1 : at);
export const BOOK_TIME_SQL = "(t.occurred_at - (t.kind = 'expire'))";
/**
 * Journal transactions in book-date order without sorting the whole journal: by instant (the time index), and
 * at one instant the expiries first, since they are booked a millisecond earlier. Without this, a redemption at
 * exactly midnight written before a late close's expiry at that midnight came first and dated a day later.
 */
export const BOOK_ORDER_SQL = "t.occurred_at, (t.kind = 'expire') DESC, t.id";

export type PaymentMethod = 'cash' | 'card' | 'other';
export const paymentAccount = (m: PaymentMethod): Account => ACCOUNTS[m];

/** passId / customerId: a line of another pass than its transaction's (a transfer between passes); default the transaction's */
export interface JournalLine { account: Account; amount: number; lotId?: number | null; passId?: number; customerId?: number }

export interface JournalTx {
  kind: string;
  memo: string;
  passId: number | null;
  customerId: number | null;
  at: number;
  clientId?: string | null;
  lines: JournalLine[];
}

export class UnbalancedJournalError extends Error {}

/** Write one balanced transaction; zero lines are dropped; returns null when nothing moved. */
export function postJournal(db: Db, tx: JournalTx): number | null {
  const lines = tx.lines.filter((l) => l.amount !== 0);
  let sum = 0;
  for (const l of lines) {
    if (!Number.isSafeInteger(l.amount)) throw new UnbalancedJournalError(`journal amount ${l.amount} is not a safe integer`);
    sum += l.amount;
  }
  if (sum !== 0) throw new UnbalancedJournalError(`journal transaction "${tx.memo}" does not balance (${sum})`);
  if (lines.length === 0) return null;
  const r = sql(db, 'INSERT INTO journal_tx (kind, memo, pass_id, customer_id, occurred_at, client_id) VALUES (?, ?, ?, ?, ?, ?)')
    .run(tx.kind, tx.memo, tx.passId, tx.customerId, tx.at, tx.clientId ?? null);
  const txId = Number(r.lastInsertRowid);
  const ins = sql(db, 'INSERT INTO journal_lines (tx_id, account, amount_minor, pass_id, customer_id, lot_id) VALUES (?, ?, ?, ?, ?, ?)');
  for (const l of lines) ins.run(txId, l.account, l.amount, l.passId ?? tx.passId, l.customerId ?? tx.customerId, l.lotId ?? null);
  return txId;
}

/** Money the customer owes for overage put on account (Σ receivable lines of the pass). */
export function overageDue(db: Db, passId: number): number {
  const r = sql(db, 'SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE pass_id = ? AND account = ?')
    .get(passId, ACCOUNTS.receivable) as { n: number };
  return r.n;
}
