// Owner reports: the deferred revenue roll-forward per month, sales and redemptions per day, passes low on
// credits, credits expiring soon. Months and days are the shop's local calendar (core/periods/calendar.ts).
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { Decimal } from '../money/decimal';
import { localDate, localMonth, nextLocalMidnight, startOfLocalDate } from '../periods/calendar';
import { LOT_KIND_SQL, sql } from '../lots/lots';
import { endedSql, lowBalanceOf, lowBalanceSql, passStatus, type PassRow } from '../passes/passes';
import { booksBegin } from '../shop/settings';
import { previewCloses } from '../periods/close';
import { ACCOUNTS, BOOK_TIME_SQL } from '../journal/journal';
import { monthTotals, nextMonth } from './monthTotals';
import { cashSaleMethodSql, methodMovesBetween } from '../corrections/paymentMethod';

const { deferred: DEFERRED, redemptions: REDEMPTIONS, breakage: BREAKAGE, fees: FEES } = ACCOUNTS;

export interface ShopInfo { currency: string; minor_digits: number; time_zone: string; created_at: number }

export function shopInfo(db: Db): ShopInfo {
  const s = sql(db, 'SELECT currency, minor_digits, time_zone, created_at FROM shop WHERE id = 1').get() as ShopInfo | undefined;
  if (!s) throw new PassbookError('NOT_SET_UP', 'The shop is not set up yet.');
  return s;
}

/**
 * Roll-forward bucket of a journal transaction kind (how it moves deferred revenue). The kinds that move it into or
 * out of revenue are counted from the revenue accounts instead ('revenue'): a void splits what it gives back between
 * redemption revenue and a write-off's breakage, which its kind cannot say. A balance brought over from before
 * Passbook (brought_over) is 'other': the only kind that moves deferred revenue in from outside the shop's own sales.
 */
export function rollForwardBucket(kind: string): 'sold' | 'refunds' | 'revenue' | 'other' {
  switch (kind) {
    case 'sale': case 'topup': return 'sold';
    case 'redeem': case 'undo': case 'void': case 'expire': case 'adjust': return 'revenue';
    case 'refund': return 'refunds';
    case 'brought_over': return 'other';
    default: return 'other';
  }
}

/**
 * Report money and credit sums are BigInt: one value is at most MAX_MONEY_MINOR (MAX_CREDIT_UNITS), but a sum over
 * the ledger can pass 2^53, so SQLite's sums are read with safeIntegers and added exactly (never INTERNAL).
 */
export interface DeferredMonth {
  month: string; from: number; to: number;
  opening: bigint; sold: bigint; recognised: bigint; breakage: bigint;
  /** cancellation fees kept from refunds (revenue:cancellation-fees) */
  fees: bigint;
  refunds: bigint; other: bigint; closing: bigint;
  /** the journal's deferred-revenue balance at the end of the month (must equal closing) */
  journalClosing: bigint;
}

/** Local months "YYYY-MM" from `fromMonth` to `toMonth` inclusive. */
function monthsBetween(fromMonth: string, toMonth: string): string[] {
  const out: string[] = [];
  let [y, m] = fromMonth.split('-').map(Number) as [number, number];
  const [ty, tm] = toMonth.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m === 13) { m = 1; y += 1; }
    if (out.length > 1200) break;
  }
  return out;
}

/**
 * Deferred revenue roll-forward per local month: opening + sold − recognised − breakage − fees − refunds (+ other)
 * = closing, all as positive liability amounts, and the journal's own deferred balance at each month end.
 * Refunds are what left deferred revenue because a pass was paid back; a cancellation fee kept from a refund is
 * counted once, in fees (or in breakage, for refunds written before the fee had its own account); "other" collects any other kind
 * (expected to be zero; it keeps the identity exact whatever new kinds appear).
 */
export function deferredRollForward(db: Db, fromMonth: string | null, toMonth: string | null, now: number): DeferredMonth[] {
  const shop = shopInfo(db);
  const tz = shop.time_zone;
  const first = fromMonth ?? localMonth(booksBegin(db, shop), tz);
  const last = toMonth ?? localMonth(now, tz);
  if (!/^\d{4}-\d{2}$/.test(first) || !/^\d{4}-\d{2}$/.test(last)) throw new PassbookError('VALIDATION', 'months must be written YYYY-MM', { field: 'from' });
  const months = monthsBetween(first, last);
  if (months.length === 0) throw new PassbookError('VALIDATION', 'to: must not be before from', { field: 'to' });
  if (months.length > 600) throw new PassbookError('VALIDATION', 'at most 600 months at a time', { field: 'from' });
  // by book time (core/journal/journal.ts): the breakage of credits that expired at a month end is that month's.
  // From the month totals (core/reports/monthTotals.ts), which add only what was written since the last report:
  // reading the journal for each call took 1.6 s on a million entries, on the thread the counter waits on.
  const totals = monthTotals(db, tz).money;
  const out: DeferredMonth[] = [];
  // the rise of the liability (deferred), or the revenue taken (revenue accounts), per "account|kind"
  const rises = (month: string) => [...(totals.get(month) ?? new Map<string, bigint>())]
    .map(([key, n]) => { const [account, kind] = key.split('|') as [string, string]; return { account, kind, n: -n }; });
  let opening = 0n;
  for (const [month] of totals) {
    if (month < months[0]!) for (const r of rises(month)) if (r.account === DEFERRED) opening += r.n;
  }
  let journalBalance = opening;
  for (const month of months) {
    const from = startOfLocalDate(`${month}-01`, tz);
    const to = startOfLocalDate(`${nextMonth(month)}-01`, tz);
    const row: DeferredMonth = { month, from, to, opening, sold: 0n, recognised: 0n, breakage: 0n, fees: 0n, refunds: 0n, other: 0n, closing: 0n, journalClosing: 0n };
    for (const r of rises(month)) {
      if (r.account === DEFERRED) {
        journalBalance += r.n;
        const b = rollForwardBucket(r.kind);
        if (b === 'sold') row.sold += r.n;
        else if (b === 'other') row.other += r.n;
        else if (b === 'refunds') row.refunds -= r.n;
      } else if (r.account === REDEMPTIONS) {
        // recognised and breakage are what the revenue accounts took: a void splits what it gives back to deferred
        // revenue between redemption revenue and the breakage of a write-off (core/corrections/restore.ts), so the
        // kind of its transaction cannot say which (those transactions move deferred revenue by exactly that much)
        row.recognised += r.n;
      } else if (r.account === FEES || r.account === BREAKAGE) {
        if (r.account === FEES) row.fees += r.n; else row.breakage += r.n;
        // a refund's cancellation fee leaves deferred revenue in the refund and lands in its revenue account: counted once, there
        if (rollForwardBucket(r.kind) === 'refunds') row.refunds -= r.n;
      }
    }
    row.closing = row.opening + row.sold - row.recognised - row.breakage - row.fees - row.refunds + row.other;
    row.journalClosing = journalBalance;
    out.push(row);
    opening = row.closing;
  }
  return out;
}

export interface DailyRow {
  date: string; from: number; to: number;
  sales: number; salesMinor: bigint; topUps: number; topUpsMinor: bigint;
  /** redemptions made this day, whatever happens to them later */
  redemptions: number;
  /** redemptions undone or voided this day (made this day or earlier): their reversal is this day's */
  voided: number;
  /** credits taken from lots this day, less those given back this day by undos and voids (as recognised is net of them) */
  creditsRedeemed: bigint;
  recognisedMinor: bigint; overageMinor: bigint; breakageMinor: bigint; feesMinor: bigint;
  paymentsMinor: bigint; refundsMinor: bigint;
  /** items sold without a pass (at their cash price) this day, and the money taken for them */
  cashSales: number; cashSalesMinor: bigint;
  /** revenue:cash-sales this day: what was taken for them less the undos and voids of this day */
  cashSalesRevenueMinor: bigint;
  /** per payment method: taken less paid back */
  tillMinor: { cash: bigint; card: bigint; other: bigint };
}

/** A range's figures: every day's summed (what the daily report's total row says; counts and BigInt sums, exact). */
export type DailyTotals = Omit<DailyRow, 'date' | 'from' | 'to'>;

export function dailyTotals(days: DailyRow[]): DailyTotals {
  const t: DailyTotals = {
    sales: 0, salesMinor: 0n, topUps: 0, topUpsMinor: 0n, redemptions: 0, voided: 0, creditsRedeemed: 0n,
    recognisedMinor: 0n, overageMinor: 0n, breakageMinor: 0n, feesMinor: 0n, paymentsMinor: 0n, refundsMinor: 0n,
    cashSales: 0, cashSalesMinor: 0n, cashSalesRevenueMinor: 0n, tillMinor: { cash: 0n, card: 0n, other: 0n },
  };
  for (const d of days) {
    t.sales += d.sales; t.salesMinor += d.salesMinor; t.topUps += d.topUps; t.topUpsMinor += d.topUpsMinor;
    t.redemptions += d.redemptions; t.voided += d.voided; t.creditsRedeemed += d.creditsRedeemed;
    t.recognisedMinor += d.recognisedMinor; t.overageMinor += d.overageMinor; t.breakageMinor += d.breakageMinor; t.feesMinor += d.feesMinor;
    t.paymentsMinor += d.paymentsMinor; t.refundsMinor += d.refundsMinor;
    t.cashSales += d.cashSales; t.cashSalesMinor += d.cashSalesMinor; t.cashSalesRevenueMinor += d.cashSalesRevenueMinor;
    t.tillMinor.cash += d.tillMinor.cash; t.tillMinor.card += d.tillMinor.card; t.tillMinor.other += d.tillMinor.other;
  }
  return t;
}

/**
 * Sales and redemptions per local day for the local dates from..to (inclusive, at most 400 days). Everything is
 * dated by when it happened, as the journal does: a redemption counts on its day, and an undo or void later is a
 * reversal on its own day (voided, and its credits out of that day's creditsRedeemed, its revenue out of that
 * day's recognised), so a day's figures never change once it has passed.
 */
export function dailyReport(db: Db, fromDate: string, toDate: string): DailyRow[] {
  const tz = shopInfo(db).time_zone;
  let start = startOfLocalDate(fromDate, tz);
  const end = startOfLocalDate(toDate, tz);
  if (end < start) throw new PassbookError('VALIDATION', 'to: must not be before from', { field: 'to' });
  // sums as BigInt (DeferredMonth); counts as numbers
  const pay = sql(db, `SELECT kind, method, count(*) AS n, coalesce(sum(amount_minor), 0) AS m FROM payments WHERE occurred_at >= ? AND occurred_at < ? GROUP BY kind, method`).safeIntegers(true);
  const red = sql(db, `SELECT count(*) AS n, coalesce(sum(covered_units), 0) AS c FROM redemptions WHERE occurred_at >= ? AND occurred_at < ?`).safeIntegers(true);
  // undos and voids of the whole range in one read (corrections are few; the credits they gave back, signed +)
  const reversals = sql(db, `SELECT occurred_at AS at, credits_units AS c FROM corrections
      WHERE kind IN ('undo', 'void') AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at`).safeIntegers(true)
    .all(start, nextLocalMidnight(end, tz)).map((r) => ({ at: Number((r as { at: bigint }).at), c: (r as { c: bigint }).c }));
  // sales without a pass, by how they were paid; and those undone or voided, on the day of their reversal
  const cash = sql(db, `SELECT payment_method AS method, count(*) AS n, coalesce(sum(total_minor), 0) AS m FROM cash_sales
      WHERE occurred_at >= ? AND occurred_at < ? GROUP BY payment_method`).safeIntegers(true);
  // (back the way it was paid as it stood then: a way is not corrected after the money went back)
  const cashBack = sql(db, `SELECT ${cashSaleMethodSql('s')} AS method, coalesce(sum(s.total_minor), 0) AS m FROM cash_sale_reversals r JOIN cash_sales s ON s.id = r.sale_id
      WHERE r.occurred_at >= ? AND r.occurred_at < ? GROUP BY 1`).safeIntegers(true);
  let k = 0;
  const rev = sql(db, `SELECT l.account AS account, coalesce(-sum(l.amount_minor), 0) AS m FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE t.occurred_at >= @from AND t.occurred_at <= @to AND ${BOOK_TIME_SQL} >= @from AND ${BOOK_TIME_SQL} < @to AND l.account LIKE 'revenue:%' GROUP BY l.account`).safeIntegers(true);
  const out: DailyRow[] = [];
  for (let guard = 0; start <= end && guard < 400; guard += 1) {
    const date = localDate(start, tz);
    const next = nextLocalMidnight(start, tz);
    const row: DailyRow = { date, from: start, to: next, sales: 0, salesMinor: 0n, topUps: 0, topUpsMinor: 0n, redemptions: 0, voided: 0, creditsRedeemed: 0n,
      recognisedMinor: 0n, overageMinor: 0n, breakageMinor: 0n, feesMinor: 0n, paymentsMinor: 0n, refundsMinor: 0n,
      cashSales: 0, cashSalesMinor: 0n, cashSalesRevenueMinor: 0n, tillMinor: { cash: 0n, card: 0n, other: 0n } };
    for (const p of pay.all(start, next) as { kind: string; method: string; n: bigint; m: bigint }[]) {
      if (p.kind === 'sale') { row.sales += Number(p.n); row.salesMinor += p.m; }
      if (p.kind === 'topup') { row.topUps += Number(p.n); row.topUpsMinor += p.m; }
      if (p.m < 0) row.refundsMinor -= p.m; else row.paymentsMinor += p.m;
      const till = p.method === 'cash' || p.method === 'card' ? p.method : 'other';
      row.tillMinor[till] += p.m;
    }
    for (const c of cash.all(start, next) as { method: string; n: bigint; m: bigint }[]) {
      row.cashSales += Number(c.n); row.cashSalesMinor += c.m; row.paymentsMinor += c.m;
      row.tillMinor[c.method === 'cash' || c.method === 'card' ? c.method : 'other'] += c.m;
    }
    for (const c of cashBack.all(start, next) as { method: string; m: bigint }[]) {
      row.refundsMinor += c.m;
      row.tillMinor[c.method === 'cash' || c.method === 'card' ? c.method : 'other'] -= c.m;
    }
    // a payment's way corrected this day (core/corrections/paymentMethod.ts): the till counts it on the day it was
    // corrected, as the books do, so a day already counted and closed keeps its figures
    for (const [method, m] of methodMovesBetween(db, start, next)) row.tillMinor[method] += m;
    const r = red.get(start, next) as { n: bigint; c: bigint };
    row.redemptions = Number(r.n);
    row.creditsRedeemed = r.c;
    for (; k < reversals.length && reversals[k]!.at < next; k += 1) {
      row.voided += 1;
      row.creditsRedeemed -= reversals[k]!.c;
    }
    for (const v of rev.all({ from: start, to: next }) as { account: string; m: bigint }[]) {
      if (v.account === 'revenue:redemptions') row.recognisedMinor = v.m;
      if (v.account === 'revenue:overage') row.overageMinor = v.m;
      if (v.account === BREAKAGE) row.breakageMinor = v.m;
      if (v.account === FEES) row.feesMinor = v.m;
      if (v.account === ACCOUNTS.cashSales) row.cashSalesRevenueMinor = v.m;
    }
    out.push(row);
    start = next;
  }
  return out;
}

export interface LowBalanceRow {
  passId: number; customerId: number; customerName: string; planName: string; creditUnit: string; balance: number;
  thresholdUnits: number | null; thresholdPercentUnits: number | null;
}

/** Active passes whose live balance is at or under their plan's low-balance threshold. */
export function lowBalancePasses(db: Db, now: number): LowBalanceRow[] {
  // the low ones are found in SQL (100k passes read into objects and checked one by one took seconds and 250 MB);
  // each is then held to the counter's own rule. The passes are read in their own order, against the live
  // balances summed in one pass over the live lots, and only the low ones are joined to their customers and sorted
  // (walking every pass in customer order, with a subquery per pass, took 0.4 s on 100k passes: the counter waits)
  const rows = sql(db, `WITH live AS MATERIALIZED (
        SELECT pass_id, sum(remaining_units) AS balance FROM lot_balances
        WHERE remaining_units > 0 AND (expires_at IS NULL OR expires_at > :now) GROUP BY pass_id),
      low AS MATERIALIZED (
        SELECT p.id, coalesce(live.balance, 0) AS balance
        FROM passes p LEFT JOIN live ON live.pass_id = p.id LEFT JOIN pass_status s ON s.pass_id = p.id
        WHERE coalesce(s.status, 'active') = 'active'
          AND ${lowBalanceSql('p', 'coalesce(live.balance, 0)')} AND NOT ${endedSql('p', 'coalesce(live.balance, 0)', ':now')})
      SELECT p.*, c.name AS customer_name, low.balance
      FROM low JOIN passes p ON p.id = low.id JOIN customers c ON c.id = p.customer_id
      ORDER BY c.sort_key, p.id`).all({ now }) as (PassRow & { customer_name: string; balance: number })[];
  const out: LowBalanceRow[] = [];
  for (const p of rows) {
    if (passStatus(db, p, now) !== 'active') continue;
    if (!lowBalanceOf(p, p.balance).low) continue;
    out.push({ passId: p.id, customerId: p.customer_id, customerName: p.customer_name, planName: p.plan_name, creditUnit: p.credit_unit,
      balance: p.balance, thresholdUnits: p.low_balance_units, thresholdPercentUnits: p.low_balance_percent_units });
  }
  return out;
}

export interface ExpiringRow {
  passId: number; customerId: number; customerName: string; planName: string; creditUnit: string;
  lotId: number; source: string; credits: number; expiresAt: number;
  /** of `credits`: what the close would roll over, and the paid value of the rest that would become breakage */
  rollsOver: number; valueMinor: number;
}

/**
 * Live lots whose credits end within the next `days` days (after now, at or before now + days), with what
 * their close would do: the close itself is previewed for those passes (rolled back), so the report follows
 * each plan's rollover policy, caps and limits exactly as the month end will.
 */
export function expiringLots(db: Db, now: number, days: number): ExpiringRow[] {
  const until = now + days * 86_400_000;
  const rows = lotsEndingBetween(db, now, until);
  if (rows.length === 0) return rows;
  const outcome = new Map<number, { rolled: number; breakage: number }>();
  for (const e of previewCloses(db, until, [...new Set(rows.map((r) => r.passId))]).events) {
    if (e.kind === 'allocation') continue;
    const o = outcome.get(e.lotId) ?? { rolled: 0, breakage: 0 };
    if (e.kind === 'rollover') o.rolled += e.credits; else o.breakage += e.valueMinor;
    outcome.set(e.lotId, o);
  }
  return rows.map((r) => {
    const o = outcome.get(r.lotId);
    return o ? { ...r, rollsOver: o.rolled, valueMinor: o.breakage } : r;
  });
}

function lotsEndingBetween(db: Db, now: number, until: number): ExpiringRow[] {
  return (sql(db, `SELECT b.pass_id, p.customer_id, c.name AS customer_name, p.plan_name, p.credit_unit, b.lot_id, ${LOT_KIND_SQL} AS source, b.remaining_units, b.expires_at,
        l.paid_minor - b.recognized_minor - b.released_minor AS value_minor
      FROM lot_balances b JOIN lots l ON l.id = b.lot_id JOIN passes p ON p.id = b.pass_id JOIN customers c ON c.id = p.customer_id
      WHERE b.remaining_units > 0 AND b.expires_at IS NOT NULL AND b.expires_at + 0 > ? AND b.expires_at + 0 <= ?
      ORDER BY b.expires_at, c.name, b.lot_id`).all(now, until) as {
        pass_id: number; customer_id: number; customer_name: string; plan_name: string; credit_unit: string; lot_id: number; source: string;
        remaining_units: number; expires_at: number; value_minor: number }[])
    .map((r) => ({ passId: r.pass_id, customerId: r.customer_id, customerName: r.customer_name, planName: r.plan_name, creditUnit: r.credit_unit,
      lotId: r.lot_id, source: r.source, credits: r.remaining_units, expiresAt: r.expires_at, rollsOver: 0, valueMinor: r.value_minor }));
}

/** Percent threshold as a string: millionths → "12.5". */
export const percentText = (units: number | null): string | null => (units === null ? null : new Decimal(units).div(1_000_000).toString());
