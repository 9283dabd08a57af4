// Exports for the owner and the accountant: CSV of customers, passes and lots, ledger entries, the journal
// and statements; the journal as hledger and beancount text. Every export reads with iterating statements
// and writes record by record (core/books), to a Writable (async, with backpressure) or to a new file.
//
// A note on the async form: better-sqlite3 keeps the connection busy while an iterator is open, so an
// async export should read from its own read-only connection (openExportReader) — WAL gives it a stable
// snapshot and the counter keeps working on the main connection meanwhile.
import { openSqlite } from '../db/sqlite';
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { makePrivateDir, type Db } from '../db/open';
import { booksBegin, requireShop, type ShopRow } from '../shop/settings';
import { PassbookError } from '../errors';
import { creditsToString, moneyToString } from '../money/decimal';
import { localDate, localDateTime, localFormatter } from '../periods/calendar';
import { beancountLines } from '../books/beancount';
import { journalTransactions, type BookOptions } from '../books/book';
import { ACCOUNTS, BOOK_ORDER_SQL, bookTime } from '../journal/journal';
import { LOT_KIND_SQL } from '../lots/lots';
import { endedSql } from '../passes/passes';
import { csvChunks, type CsvColumn, type CsvCounter } from '../books/csv';
import { hledgerLines } from '../books/hledger';
import { LOT_REVENUE_COLUMNS, lotRevenue, type LotRevenue } from '../books/lotRevenue';
import { pumpToFile, pumpToWritable } from '../books/stream';
import { ACCOUNT_DESCRIPTIONS, type AccountsMonth } from '../reports/accounts';
import { correctionsInRange, type CorrectionRow } from '../reports/corrections';
import { allEntries, buildStatement, deferredValue, RESTORED_INTO_SQL, UNGRANTED_REFUNDS_SQL, type StatementQuery } from '../statements/statement';

export const EXPORT_KINDS = ['customers', 'passes', 'entries', 'journal'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'hledger', 'beancount'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];



const iso = (t: number | null) => (t === null ? '' : new Date(t).toISOString());

/**
 * A statement's rows, read only once something iterates them: an export that fails before its first row (its name
 * taken, a full disk) then holds no open iterator, which would keep its reader from committing and closing.
 */
function rowsOf<T>(stmt: { iterate(): IterableIterator<unknown> }): Iterable<T> {
  return { [Symbol.iterator]: () => stmt.iterate()[Symbol.iterator]() as Iterator<T> };
}

// ---------------------------------------------------------------- the CSV tables

interface CustomerRow { id: number; code: string; name: string; phone: string | null; email: string | null; notes: string | null; created_at: number }
function customersCsv(db: Db, shop: ShopRow, counter: CsvCounter): Iterable<string> {
  const fmt = localFormatter(shop.time_zone);
  const rows = rowsOf<CustomerRow>(db.prepare('SELECT id, code, name, phone, email, notes, created_at FROM customers ORDER BY id'));
  const cols: CsvColumn<CustomerRow>[] = [
    { header: 'customer_id', value: (r) => r.id },
    { header: 'code', value: (r) => r.code },
    { header: 'name', value: (r) => r.name, text: true },
    { header: 'phone', value: (r) => r.phone, text: true },
    { header: 'email', value: (r) => r.email, text: true },
    { header: 'notes', value: (r) => r.notes, text: true },
    { header: 'created_at', value: (r) => iso(r.created_at) },
    { header: 'created_local', value: (r) => fmt.dateTime(r.created_at) },
  ];
  return csvChunks(rows, cols, counter);
}

interface LotRow {
  pass_id: number; customer_id: number; customer_name: string; plan_name: string; credit_unit: string; sold_at: number; status: string;
  lot_id: number; source: string; amount_units: number; paid_minor: number; granted_at: number; expires_at: number | null; parent_lot_id: number | null;
  rolled_times: number; period_index: number; remaining_units: number; recognized_minor: number; released_minor: number;
  recognised_minor: number; written_off_minor: number;
}
const PASSES_PER_BATCH = 500;
/** The passes CSV's row for money paid for periods not granted yet (a multi-period pass): no lot holds it yet. */
const FUTURE_PERIODS = 'future_periods';

/**
 * Every lot of every pass, and for a multi-period pass one more row holding the money paid for the periods not
 * granted yet (refund.ts `unallocatedDeferred`, in SQL), so that Σ unused_value is the deferred revenue balance.
 */
function passesCsv(db: Db, shop: ShopRow, counter: CsvCounter, at: number): Iterable<string> {
  const fmt = localFormatter(shop.time_zone);
  // the pass's status as passStatus says it at the export's time: a pass whose term is over with nothing left has
  // ended, though no close wrote it so
  const status = `CASE WHEN coalesce(s.status, 'active') <> 'active' THEN s.status
      WHEN ${endedSql('p', `(SELECT coalesce(sum(lb.remaining_units), 0) FROM lot_balances lb WHERE lb.pass_id = p.id AND lb.remaining_units > 0 AND (lb.expires_at IS NULL OR lb.expires_at > @at))`, '@at')} THEN 'ended'
      ELSE 'active' END`;
  const batch = db.prepare(`SELECT * FROM (
      SELECT p.id AS pass_id, p.customer_id, c.name AS customer_name, p.plan_name, p.credit_unit, p.sold_at, ${status} AS status,
        l.id AS lot_id, ${LOT_KIND_SQL} AS source, l.amount_units, l.paid_minor, l.granted_at, b.expires_at, l.parent_lot_id, l.rolled_times, l.period_index,
        b.remaining_units, b.recognized_minor, b.released_minor, ${LOT_REVENUE_COLUMNS}
      FROM lots l JOIN passes p ON p.id = l.pass_id JOIN customers c ON c.id = p.customer_id JOIN lot_balances b ON b.lot_id = l.id
      LEFT JOIN pass_status s ON s.pass_id = p.id
      WHERE l.pass_id BETWEEN @lo AND @hi
      UNION ALL
      SELECT p.id, p.customer_id, c.name, p.plan_name, p.credit_unit, p.sold_at, ${status},
        NULL, '${FUTURE_PERIODS}', NULL,
        -(SELECT coalesce(sum(j.amount_minor), 0) FROM journal_lines j WHERE j.pass_id = p.id AND j.account = '${ACCOUNTS.deferred}')
          - (SELECT coalesce(sum(l.paid_minor - b.recognized_minor - b.released_minor), 0) FROM lots l JOIN lot_balances b ON b.lot_id = l.id WHERE l.pass_id = p.id) AS future,
        NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0
      FROM passes p JOIN customers c ON c.id = p.customer_id LEFT JOIN pass_status s ON s.pass_id = p.id
      WHERE p.id BETWEEN @lo AND @hi AND p.periods > 1 AND future <> 0
    ) ORDER BY pass_id, lot_id IS NULL, lot_id`);
  // a range of passes at a time: sorted whole, the first row waited for every lot of the ledger to be sorted
  // (0.65 s in one piece on 100k passes, with the counter waiting); each range is a small sort, a slice of its own
  const span = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM passes').get() as { lo: number | null; hi: number | null };
  const lotRows = (function* (): Generator<LotRow> {
    if (span.lo === null || span.hi === null) return;
    for (let lo = span.lo; lo <= span.hi; lo += PASSES_PER_BATCH) yield* batch.all({ lo, hi: lo + PASSES_PER_BATCH - 1, at }) as LotRow[];
  })();
  // what each lot earned by account, as the journal books it (core/books/lotRevenue.ts)
  const rows = (function* (): Generator<LotRow & LotRevenue> { for (const r of lotRows) yield { ...r, ...lotRevenue(r) }; })();
  const m = (n: number) => moneyToString(n, shop.minor_digits);
  const lot = <T>(f: (r: LotRow) => T) => (r: LotRow): T | null => (r.source === FUTURE_PERIODS ? null : f(r));
  const cols: CsvColumn<LotRow & LotRevenue>[] = [
    { header: 'pass_id', value: (r) => r.pass_id },
    { header: 'customer_id', value: (r) => r.customer_id },
    { header: 'customer_name', value: (r) => r.customer_name, text: true },
    { header: 'plan', value: (r) => r.plan_name, text: true },
    { header: 'credit_unit', value: (r) => r.credit_unit, text: true },
    { header: 'pass_status', value: (r) => r.status },
    { header: 'sold_at', value: (r) => iso(r.sold_at) },
    { header: 'lot_id', value: (r) => r.lot_id },
    { header: 'source', value: (r) => r.source },
    { header: 'amount', value: lot((r) => creditsToString(r.amount_units)) },
    { header: 'remaining', value: lot((r) => creditsToString(r.remaining_units)) },
    { header: 'paid', value: (r) => m(r.paid_minor) },
    // revenue:redemptions of the lot; owner write-offs (revenue:breakage); the rest that left it (expiry, refund, rollover)
    { header: 'recognised', value: (r) => m(r.recognisedMinor) },
    { header: 'written_off', value: (r) => m(r.writtenOffMinor) },
    { header: 'released', value: (r) => m(r.releasedMinor) },
    { header: 'unused_value', value: (r) => m(r.paid_minor - r.recognized_minor - r.released_minor) },
    { header: 'granted_at', value: lot((r) => iso(r.granted_at)) },
    { header: 'expires_at', value: lot((r) => iso(r.expires_at)) },
    { header: 'parent_lot_id', value: (r) => r.parent_lot_id },
    { header: 'rolled_times', value: (r) => r.rolled_times },
    { header: 'period_index', value: (r) => r.period_index },
    // added later, so last: the shop's own clock for the instants above, and a lot's last day to use it (an end at a
    // local midnight is the end of the day before), as statements and the other CSVs read them
    { header: 'sold_local', value: (r) => fmt.dateTime(r.sold_at) },
    { header: 'granted_local', value: lot((r) => fmt.dateTime(r.granted_at)) },
    { header: 'valid_through', value: lot((r) => (r.expires_at === null ? '' : fmt.date(r.expires_at - 1))) },
  ];
  return csvChunks(rows, cols, counter);
}

interface EntryRow {
  id: number | null; occurred_at: number; pass_id: number; customer_id: number; customer_name: string; lot_id: number | null; source: string; kind: string;
  credits_units: number; money_minor: number; redemption_id: number | null; correction_id: number | null; journal_tx_id: number | null; credit_unit: string;
  restored_paid: number | null;
}
/**
 * Every lot entry, in entry order, and the refunds of a multi-period pass's periods not granted yet (no lot, no
 * entry: the statement's rule, UNGRANTED_REFUNDS_SQL), each after the last entry of its pass at or before it, so
 * that Σ value is what left deferred revenue per the journal.
 */
function entriesCsv(db: Db, shop: ShopRow, counter: CsvCounter): Iterable<string> {
  const fmt = localFormatter(shop.time_zone);
  // a handful of rows (one per such refund), read first: one iterator at a time on the connection
  const ungranted = db.prepare(`SELECT coalesce((SELECT max(x.id) FROM lot_entries x WHERE x.pass_id = u.pass_id AND x.occurred_at <= u.at), 0) AS after_id,
      NULL AS id, u.at AS occurred_at, u.pass_id, p.customer_id, c.name AS customer_name, NULL AS lot_id, '${FUTURE_PERIODS}' AS source, 'refund' AS kind,
      0 AS credits_units, u.value AS money_minor, NULL AS redemption_id, u.correction_id, u.journal_tx_id, p.credit_unit, NULL AS restored_paid
      FROM (${UNGRANTED_REFUNDS_SQL}) u JOIN passes p ON p.id = u.pass_id JOIN customers c ON c.id = p.customer_id
      ORDER BY after_id, u.correction_id`).all() as (EntryRow & { after_id: number })[];
  const entries = db.prepare(`SELECT e.id, e.occurred_at, e.pass_id, p.customer_id, c.name AS customer_name, e.lot_id, ${LOT_KIND_SQL} AS source, e.kind, e.credits_units,
      e.money_minor, e.redemption_id, e.correction_id, e.journal_tx_id, p.credit_unit, CASE WHEN ${RESTORED_INTO_SQL} THEN l.paid_minor END AS restored_paid
      FROM lot_entries e JOIN lots l ON l.id = e.lot_id JOIN passes p ON p.id = e.pass_id JOIN customers c ON c.id = p.customer_id
      ORDER BY e.id`);
  const rows = (function* (): Generator<EntryRow> {
    let i = 0;
    for (const e of entries.iterate() as Iterable<EntryRow>) {
      while (i < ungranted.length && ungranted[i]!.after_id < e.id!) yield ungranted[i++]!;
      yield e;
    }
    while (i < ungranted.length) yield ungranted[i++]!;
  })();
  const cols: CsvColumn<EntryRow>[] = [
    { header: 'entry_id', value: (r) => r.id },
    { header: 'occurred_at', value: (r) => iso(r.occurred_at) },
    { header: 'local_time', value: (r) => fmt.dateTime(r.occurred_at) },
    { header: 'customer_id', value: (r) => r.customer_id },
    { header: 'customer_name', value: (r) => r.customer_name, text: true },
    { header: 'pass_id', value: (r) => r.pass_id },
    { header: 'lot_id', value: (r) => r.lot_id },
    { header: 'lot_source', value: (r) => r.source },
    { header: 'kind', value: (r) => r.kind },
    { header: 'credits', value: (r) => creditsToString(r.credits_units) },
    { header: 'credit_unit', value: (r) => r.credit_unit, text: true },
    // what left (+) or came back into (−) deferred revenue, as on statements (a refund of periods not granted yet: its journal line)
    { header: 'value', value: (r) => moneyToString(deferredValue(r.kind, r.money_minor, r.restored_paid), shop.minor_digits) },
    { header: 'redemption_id', value: (r) => r.redemption_id },
    { header: 'correction_id', value: (r) => r.correction_id },
    { header: 'journal_tx_id', value: (r) => r.journal_tx_id },
    // the books' date, as the journal's: an expiry at the boundary is its last valid day's, so the rows of a month sum
    // to that month's journal (by local_time, March's expiries fell on 1 April). Last, so the columns before keep their places.
    { header: 'book_date', value: (r) => fmt.date(bookTime(r.kind, r.occurred_at)) },
  ];
  return csvChunks(rows, cols, counter);
}

interface JournalRow { tx_id: number; occurred_at: number; kind: string; memo: string; pass_id: number | null; customer_id: number | null; line_id: number; account: string; amount_minor: number; lot_id: number | null }
function journalCsv(db: Db, shop: ShopRow, counter: CsvCounter): Iterable<string> {
  const fmt = localFormatter(shop.time_zone);
  // the line's pass and customer: a transfer between passes moves money between two passes in one transaction
  const rows = rowsOf<JournalRow>(db.prepare(`SELECT t.id AS tx_id, t.occurred_at, t.kind, t.memo, coalesce(l.pass_id, t.pass_id) AS pass_id,
      coalesce(l.customer_id, t.customer_id) AS customer_id, l.id AS line_id, l.account, l.amount_minor, l.lot_id
      FROM journal_tx t JOIN journal_lines l ON l.tx_id = t.id ORDER BY ${BOOK_ORDER_SQL}, l.id`));
  const m = (n: number) => moneyToString(n, shop.minor_digits);
  const cols: CsvColumn<JournalRow>[] = [
    { header: 'tx_id', value: (r) => r.tx_id },
    { header: 'date', value: (r) => fmt.date(bookTime(r.kind, r.occurred_at)) }, // the books' date: an expiry on its last valid day
    { header: 'occurred_at', value: (r) => iso(r.occurred_at) },
    { header: 'kind', value: (r) => r.kind },
    { header: 'memo', value: (r) => r.memo, text: true },
    { header: 'account', value: (r) => r.account },
    { header: 'debit', value: (r) => (r.amount_minor > 0 ? m(r.amount_minor) : '') },
    { header: 'credit', value: (r) => (r.amount_minor < 0 ? m(-r.amount_minor) : '') },
    { header: 'amount', value: (r) => m(r.amount_minor) },
    { header: 'currency', value: () => shop.currency },
    { header: 'pass_id', value: (r) => r.pass_id },
    { header: 'customer_id', value: (r) => r.customer_id },
    { header: 'lot_id', value: (r) => r.lot_id },
  ];
  return csvChunks(rows, cols, counter);
}

/** Options of the accountant's text formats for this shop. */
export function bookOptions(db: Db): BookOptions {
  const shop = requireShop(db);
  return { currency: shop.currency, minorDigits: shop.minor_digits, timeZone: shop.time_zone, title: shop.name, openDate: localDate(booksBegin(db, shop), shop.time_zone) };
}

function countTx(counter: CsvCounter, txns: Iterable<import('../books/book').BookTransaction>): Iterable<import('../books/book').BookTransaction> {
  return (function* () { for (const t of txns) { counter.rows += 1; yield t; } })();
}

/** The chunks of an export and a counter of its records (rows, or transactions for text journals). */
export function exportChunks(db: Db, kind: ExportKind, format: ExportFormat, at: number): { chunks: Iterable<string>; counter: CsvCounter } {
  const shop = requireShop(db);
  const counter: CsvCounter = { rows: 0 };
  if (format !== 'csv') {
    if (kind !== 'journal') throw new PassbookError('VALIDATION', `format: ${format} is available for the journal only`, { field: 'format' });
    const txns = countTx(counter, journalTransactions(db));
    const opts = bookOptions(db);
    return { chunks: format === 'hledger' ? hledgerLines(txns, opts) : beancountLines(txns, opts), counter };
  }
  switch (kind) {
    case 'customers': return { chunks: customersCsv(db, shop, counter), counter };
    case 'passes': return { chunks: passesCsv(db, shop, counter, at), counter };
    case 'entries': return { chunks: entriesCsv(db, shop, counter), counter };
    case 'journal': return { chunks: journalCsv(db, shop, counter), counter };
  }
}

/** Stream an export to `out` (not ended), with backpressure. Use a reader connection (openExportReader). */
export async function writeExport(db: Db, kind: ExportKind, format: ExportFormat, out: Writable, at: number): Promise<{ rows: number; bytes: number }> {
  const { chunks, counter } = exportChunks(db, kind, format, at);
  const { bytes } = await pumpToWritable(chunks, out);
  return { rows: counter.rows, bytes };
}

/** A read-only connection to the ledger file for long exports (its own WAL snapshot once a read starts). */
export function openExportReader(file: string): Db {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

// ---------------------------------------------------------------- statements as CSV

/** The statement entry kinds a payment of each kind pays for (a settlement pays the account, not an entry). */
const PAID_FOR: Record<string, string[]> = { sale: ['sale'], topup: ['topup'], overage: ['redeem'], overage_refund: ['undo', 'void'], refund: ['refund'] };

interface StatementCsvRow {
  pass_id: number; plan: string; credit_unit: string; at: number; kind: string; lot: number | null; items: string; credits: number;
  value: number; balance: number; overage_credits: number; overage_amount: number;
  /** a payment row: money taken (+) or paid back (−), and how */
  paid: number | null; payment_method: string | null;
  /** a refund's rows that moved no money: the cancellation fee it kept, the overage owed on account it paid */
  fee_kept: number | null; settled_on_account: number | null;
  /** the closing row: overage still owed on account */
  overage_due: number | null;
  /** an entry's reason, in the owner's words (statement.ts) */
  note: string;
  /** an extension's row: the credits' last day now and before (shop-local dates) */
  valid_through: number | null; was_valid_through: number | null;
}

/**
 * A statement as CSV: one row per entry and per payment (in time order, as the printed statement lists them: what
 * was paid, for what, and how), with an opening and a closing row per pass; the closing row says what is still owed.
 */
export function statementCsvChunks(db: Db, q: StatementQuery, counter: CsvCounter = { rows: 0 }): Iterable<string> {
  const s = buildStatement(db, q);
  const fmt = localFormatter(s.timeZone);
  const none = { paid: null, payment_method: null, fee_kept: null, settled_on_account: null, overage_due: null, note: '', valid_through: null, was_valid_through: null };
  const rows = (function* (): Generator<StatementCsvRow> {
    for (const p of s.passes) {
      const base = { pass_id: p.passId, plan: p.planName, credit_unit: p.creditUnit };
      yield { ...base, ...none, at: s.from, kind: 'opening', lot: null, items: '', credits: 0, value: 0, balance: p.opening, overage_credits: 0, overage_amount: 0 };
      let balance = p.opening;
      const pays = s.payments.filter((y) => y.passId === p.passId);
      let next = 0;
      // a fee kept from a refund and overage paid from one are shown beside the payments, but no money crossed the
      // counter for them: their own columns, so Σ paid is what the till and the payment accounts took and paid back
      const paymentRow = (y: (typeof pays)[number]): StatementCsvRow => ({
        ...base, ...none, at: y.at, kind: 'payment', lot: null, items: y.kind, credits: 0, value: 0, balance,
        overage_credits: 0, overage_amount: 0,
        ...(y.kind === 'refund_fee' ? { fee_kept: y.amountMinor } : y.kind === 'refund_settlement' ? { settled_on_account: y.amountMinor }
          : { paid: y.amountMinor, payment_method: y.method }),
      });
      for (const e of allEntries(db, s, p)) {
        while (next < pays.length && pays[next]!.at < e.at) yield paymentRow(pays[next++]!);
        balance = e.balanceAfter;
        yield {
          ...base, ...none, at: e.at, kind: e.kind, lot: e.lotId || null,
          items: e.items ? e.items.map((i) => `${creditsToString(i.quantity)} × ${i.name} @ ${creditsToString(i.rate)}`).join('; ') : '',
          credits: e.credits, value: e.valueMinor, balance: e.balanceAfter, overage_credits: e.overageUnits, overage_amount: e.overageMinor,
          note: e.note ?? '',
          valid_through: e.extendedTo ?? null, was_valid_through: e.extendedFrom ?? null,
        };
        // the money for this entry right after it (a sale's lot, then what was paid for it), even at the same instant
        while (next < pays.length && pays[next]!.at === e.at && PAID_FOR[pays[next]!.kind]?.includes(e.kind)) yield paymentRow(pays[next++]!);
      }
      while (next < pays.length) yield paymentRow(pays[next++]!);
      yield { ...base, ...none, at: s.to, kind: 'closing', lot: null, items: '', credits: 0, value: 0, balance: p.closing, overage_credits: 0, overage_amount: 0, overage_due: p.overageDueMinor };
    }
  })();
  const m = (n: number) => moneyToString(n, s.minorDigits);
  const cols: CsvColumn<StatementCsvRow>[] = [
    { header: 'pass_id', value: (r) => r.pass_id },
    { header: 'plan', value: (r) => r.plan, text: true },
    { header: 'at', value: (r) => iso(r.at) },
    { header: 'local_time', value: (r) => fmt.dateTime(r.at) },
    { header: 'kind', value: (r) => r.kind },
    { header: 'lot_id', value: (r) => r.lot },
    { header: 'items', value: (r) => r.items, text: true },
    { header: 'credits', value: (r) => creditsToString(r.credits) },
    { header: 'credit_unit', value: (r) => r.credit_unit, text: true },
    { header: 'value', value: (r) => m(r.value) },
    { header: 'balance', value: (r) => creditsToString(r.balance) },
    { header: 'overage_credits', value: (r) => creditsToString(r.overage_credits) },
    { header: 'overage_amount', value: (r) => m(r.overage_amount) },
    { header: 'paid', value: (r) => (r.paid === null ? '' : m(r.paid)) },
    { header: 'payment_method', value: (r) => r.payment_method ?? '' },
    { header: 'overage_due', value: (r) => (r.overage_due === null ? '' : m(r.overage_due)) },
    { header: 'note', value: (r) => r.note, text: true },
    // an extension ends credits at a local midnight: its columns say the last day they can be used
    { header: 'valid_through', value: (r) => (r.valid_through === null ? '' : fmt.date(r.valid_through - 1)) },
    { header: 'was_valid_through', value: (r) => (r.was_valid_through === null ? '' : fmt.date(r.was_valid_through - 1)) },
    // added later, so last: the columns before keep their places in a spreadsheet built on them
    // the books' date, as the journal's (an expiry on its last valid day); the closing row's is the range's last day
    { header: 'book_date', value: (r) => fmt.date(r.kind === 'closing' ? r.at - 1 : bookTime(r.kind, r.at)) },
    { header: 'fee_kept', value: (r) => (r.fee_kept === null ? '' : m(r.fee_kept)) },
    { header: 'settled_on_account', value: (r) => (r.settled_on_account === null ? '' : m(r.settled_on_account)) },
  ];
  return csvChunks(rows, cols, counter);
}

/** Stream a statement as CSV to `out` (not ended), with backpressure. */
export async function writeStatementCsv(db: Db, q: StatementQuery, out: Writable): Promise<{ rows: number; bytes: number }> {
  const counter: CsvCounter = { rows: 0 };
  const { bytes } = await pumpToWritable(statementCsvChunks(db, q, counter), out);
  return { rows: counter.rows, bytes };
}

/**
 * The accounts of a month as CSV (reports.accounts on paper for a spreadsheet): one row per account with its words,
 * its opening, change and closing balances (debit +, credit −), the month's local first and last days, and the
 * instant the closing is for (the month's end, or when the file was written for this month).
 */
export function accountsCsvChunks(a: AccountsMonth, asOf: number, shop: ShopRow, counter: CsvCounter = { rows: 0 }): Iterable<string> {
  const m = (n: bigint) => moneyToString(n, shop.minor_digits);
  const first = localDate(a.from, shop.time_zone);
  const last = localDate(a.to - 1, shop.time_zone);
  const cols: CsvColumn<AccountsMonth['accounts'][number]>[] = [
    { header: 'month', value: () => a.month },
    { header: 'from', value: () => first },
    { header: 'to', value: () => last },
    { header: 'as_of', value: () => iso(asOf) },
    { header: 'account', value: (r) => r.account },
    { header: 'description', value: (r) => ACCOUNT_DESCRIPTIONS[r.account] ?? '' },
    { header: 'opening', value: (r) => m(r.opening) },
    { header: 'change', value: (r) => m(r.change) },
    { header: 'closing', value: (r) => m(r.closing) },
    { header: 'currency', value: () => shop.currency },
  ];
  return csvChunks(a.accounts, cols, counter);
}

/**
 * The shop's corrections of a range as CSV (reports.corrections for a spreadsheet), oldest first: when (UTC and the
 * shop's local time), who (counter or owner), what, for whom, the credits and money it moved, and the reason given.
 */
export function correctionsCsvChunks(db: Db, range: { from: number; to: number }, shop: ShopRow, counter: CsvCounter = { rows: 0 }): Iterable<string> {
  const fmt = localFormatter(shop.time_zone);
  const m = (n: number) => moneyToString(n, shop.minor_digits);
  const cols: CsvColumn<CorrectionRow>[] = [
    { header: 'at', value: (r) => iso(r.at) },
    { header: 'local_time', value: (r) => fmt.dateTime(r.at) },
    { header: 'by', value: (r) => r.by },
    { header: 'kind', value: (r) => r.kind },
    { header: 'customer_id', value: (r) => r.customerId },
    { header: 'customer', value: (r) => r.customerName ?? '', text: true },
    { header: 'pass_id', value: (r) => r.passId },
    { header: 'plan', value: (r) => r.planName ?? '', text: true },
    { header: 'description', value: (r) => r.description, text: true },
    { header: 'credits', value: (r) => (r.creditsUnits === null ? '' : creditsToString(r.creditsUnits)) },
    { header: 'money', value: (r) => (r.moneyMinor === null ? '' : m(r.moneyMinor)) },
    { header: 'currency', value: () => shop.currency },
    { header: 'reason', value: (r) => r.reason ?? '', text: true },
  ];
  return csvChunks(correctionsInRange(db, range), cols, counter);
}

// ---------------------------------------------------------------- files in <ledger dir>/exports/

const EXT: Record<ExportFormat, string> = { csv: 'csv', hledger: 'journal', beancount: 'beancount' };

function stamp(now: number, timeZone: string): string {
  return localDateTime(now, timeZone).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/**
 * Names of exports this process is writing now: two exports of one kind in the same second (two owner windows, a
 * double click) would otherwise both pick the name whose file does not exist yet, and the second fail on the first's
 * part file. Taken by exportFileName, given back by exportToFolder when its file is whole or abandoned.
 */
const writing = new Set<string>();

/** A fresh file name in `dir`: passbook-<kind>-<local stamp>[-n].<ext>, not on disk and not being written. Never a caller's path. */
export function exportFileName(dir: string, kind: string, format: ExportFormat, now: number, timeZone: string): string {
  const base = `passbook-${kind}-${stamp(now, timeZone)}`;
  for (let n = 1; n < 1000; n += 1) {
    const name = `${base}${n === 1 ? '' : `-${n}`}.${EXT[format]}`;
    const file = path.join(dir, name);
    if (!writing.has(file) && !fs.existsSync(file)) return name;
  }
  throw new PassbookError('CONFLICT', 'Too many exports with the same name; try again in a second.');
}

/**
 * What an export cut short by a crash left behind: its hidden part file (core/books/stream.ts names them
 * .<file>.<pid>.part). Another process's, and over an hour old, so never one that is still being written.
 */
export function removeStaleParts(dir: string, now: number): void {
  for (const name of fs.readdirSync(dir)) {
    const m = /^\.passbook-[\w.-]+\.(\d+)\.part$/.exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
    } catch { /* gone meanwhile */ }
  }
}

/** A statement is read from the export's snapshot; the accounts come ready from the ledger's month totals (core/reports/monthTotals.ts, kept warm on its connection). */
export type ExportJob = { kind: ExportKind; format: ExportFormat } | { kind: 'statement'; query: StatementQuery } | { kind: 'accounts'; accounts: AccountsMonth }
  | { kind: 'corrections'; range: { from: number; to: number } };

/** Milliseconds an export works before letting the counter's calls run. */
export const EXPORT_SLICE_MS = 8;

/**
 * Write an export into `dir` (created if needed) from a read-only connection of its own, inside one read
 * transaction: the file is one consistent snapshot, however long it takes, and the ledger's connection stays
 * free. The work goes in slices (pumpToFile), so redemptions keep committing while a large export runs.
 */
export async function exportToFolder(ledgerFile: string, dir: string, job: ExportJob, now: number, sliceMs = EXPORT_SLICE_MS): Promise<{ fileName: string; rows: number; bytes: number }> {
  const reader = openExportReader(ledgerFile);
  try {
    reader.exec('BEGIN'); // the snapshot starts at the first read below and holds until COMMIT
    const shop = requireShop(reader);
    // built (and validated) before any file exists: a statement of an unknown customer leaves nothing behind
    const ownCounter: CsvCounter = { rows: 0 };
    const { chunks, counter } = job.kind === 'statement'
      ? { chunks: statementCsvChunks(reader, job.query, ownCounter), counter: ownCounter }
      : job.kind === 'accounts'
        ? { chunks: accountsCsvChunks(job.accounts, Math.min(job.accounts.to, now), shop, ownCounter), counter: ownCounter }
        : job.kind === 'corrections'
          ? { chunks: correctionsCsvChunks(reader, job.range, shop, ownCounter), counter: ownCounter }
          : exportChunks(reader, job.kind, job.format, now);
    makePrivateDir(dir);
    removeStaleParts(dir, now);
    const fileName = job.kind === 'statement'
      ? exportFileName(dir, `statement-${job.query.customerId}`, 'csv', now, shop.time_zone)
      : job.kind === 'accounts'
        ? exportFileName(dir, `accounts-${job.accounts.month}`, 'csv', now, shop.time_zone)
        : job.kind === 'corrections'
          ? exportFileName(dir, `corrections-${localDate(job.range.from, shop.time_zone)}-to-${localDate(job.range.to - 1, shop.time_zone)}`, 'csv', now, shop.time_zone)
          : exportFileName(dir, job.kind, job.format, now, shop.time_zone);
    const file = path.join(dir, fileName);
    writing.add(file);
    try {
      const { bytes } = await pumpToFile(chunks, file, sliceMs);
      return { fileName, rows: counter.rows, bytes };
    } finally {
      writing.delete(file);
    }
  } finally {
    // closed whatever happened: a reader left open would hold its snapshot, and no checkpoint could pass it
    try {
      if (reader.inTransaction) reader.exec('COMMIT');
    } finally {
      reader.close();
    }
  }
}
