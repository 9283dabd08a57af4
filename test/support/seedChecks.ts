// Ledger invariants and a full logical dump, shared by the property, crash and bad-input tests.
// Everything here reads the database with plain SQL (not the services under test), so a bug in a
// service cannot hide itself; the pass balance is additionally read through the contract (passes.get).
import type { Db } from '../../core/db/open';
import type { PassbookApp } from '../../core/app';
import { unitsToTrimmed } from '../../core/money/decimal';
import { cashSaleMethodSql, paymentMethodSql } from '../../core/corrections/paymentMethod';

/**
 * What a lot has recognised after `consumed` of its `amount` credits: paid × consumed / amount in minor units, rounded
 * half up (the money rounding), all of it once used up. Worked out here in BigInt, apart from the services' own
 * function (core/lots/lots.ts scheduledRecognition), so a wrong rule there cannot agree with itself.
 */
function scheduleOf(paid: number, amount: number, consumed: number): number {
  if (consumed >= amount) return paid;
  if (consumed <= 0) return 0;
  const [p, a, c] = [BigInt(paid), BigInt(amount), BigInt(consumed)];
  return Number((2n * p * c + a) / (2n * a));
}

export const DEFERRED = 'liabilities:deferred-revenue';
export const RECEIVABLE = 'assets:receivable:overage';
export const PAYMENT_ACCOUNTS = ['assets:cash', 'assets:card', 'assets:other'];

/** Every row of every table (FTS shadow tables included), in storage order: equal dumps = equal data. */
export function dumpAll(db: Db): Record<string, string[]> {
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all() as { name: string; sql: string | null }[];
  const out: Record<string, string[]> = {};
  for (const { name, sql } of tables) {
    // a virtual table's rows are its shadow tables' rows (dumped themselves); reading it again is slow
    if (sql?.startsWith('CREATE VIRTUAL TABLE')) continue;
    const rows = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).raw().all() as unknown[][];
    out[name] = rows.map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : typeof v === 'bigint' ? `big:${v}` : v)));
  }
  out['#schema'] = (db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  out['#user_version'] = [String(db.pragma('user_version', { simple: true }))];
  return out;
}

export interface LedgerStats {
  passes: number;
  lots: number;
  entries: number;
  redemptions: number;
  journalTx: number;
}

/**
 * The ledger's invariants at instant `nowMs`. Returns a list of violations (empty when all hold).
 *  1. every lot: remaining (projection) = Σ its entries' credits, remaining ≥ 0, consumed ≥ 0;
 *  2. every lot: recognised + released (projection) = Σ its entries' money, and never more than paid;
 *     a lot with nothing left (and not expired early) has recognised + released = paid exactly;
 *  3. every journal transaction has lines and sums to zero; every line belongs to a transaction;
 *  4. deferred revenue (credit balance of liabilities:deferred-revenue) = Σ over all lots of (paid − recognised − released)
 *     + money paid for periods not yet allocated; per pass and in total;
 *  5. money taken = Σ payments + Σ sales without a pass not reversed = Σ payment-account lines, and so per way
 *     (each payment under its way as corrected);
 *  6. every pass: passes.get balance = Σ remaining of live lots = Σ entries of its live lots;
 *     receivable per pass = passes.get overageDue;
 *  7. redemptions: covered + overage = credits, Σ lines = credits, Σ redeem entries = −covered.
 */
export function ledgerViolations(app: PassbookApp, nowMs: number, opts: { viaApi?: boolean; digits?: number } = {}): string[] {
  const db = app.db;
  const v: string[] = [];
  const digits = opts.digits ?? 2;

  const lots = db.prepare(`
    SELECT l.id, l.pass_id, l.amount_units, l.paid_minor,
           -- the lot's end: the last an owner extended it to, else the one it was granted with
           coalesce((SELECT x.expires_at FROM lot_extensions x WHERE x.lot_id = l.id ORDER BY x.id DESC LIMIT 1), l.expires_at) AS expires_at,
           b.remaining_units, b.consumed_units, b.recognized_minor, b.released_minor, b.expires_at AS b_expires,
           (SELECT coalesce(sum(e.credits_units), 0) FROM lot_entries e WHERE e.lot_id = l.id) AS entry_credits,
           (SELECT coalesce(sum(e.money_minor), 0) FROM lot_entries e WHERE e.lot_id = l.id) AS entry_money,
           (SELECT count(*) FROM lot_entries e WHERE e.lot_id = l.id AND e.kind = 'grant') AS grants
      FROM lots l LEFT JOIN lot_balances b ON b.lot_id = l.id`).all() as Array<{
    id: number; pass_id: number; amount_units: number; paid_minor: number; expires_at: number | null;
    remaining_units: number | null; consumed_units: number | null; recognized_minor: number | null; released_minor: number | null;
    b_expires: number | null; entry_credits: number; entry_money: number; grants: number;
  }>;
  let unused = 0;
  for (const l of lots) {
    if (l.remaining_units === null) { v.push(`lot ${l.id} has no lot_balances row`); continue; }
    if (l.grants !== 1) v.push(`lot ${l.id} has ${l.grants} grant entries`);
    if (l.remaining_units !== l.entry_credits) v.push(`lot ${l.id}: remaining ${l.remaining_units} ≠ Σ entries ${l.entry_credits}`);
    if (l.remaining_units < 0) v.push(`lot ${l.id}: remaining ${l.remaining_units} < 0`);
    if (l.remaining_units > l.amount_units) v.push(`lot ${l.id}: remaining ${l.remaining_units} > amount ${l.amount_units}`);
    if ((l.consumed_units ?? 0) < 0) v.push(`lot ${l.id}: consumed ${l.consumed_units} < 0`);
    const out = (l.recognized_minor ?? 0) + (l.released_minor ?? 0);
    if (out !== l.entry_money) v.push(`lot ${l.id}: recognised+released ${out} ≠ Σ entry money ${l.entry_money}`);
    if (out > l.paid_minor) v.push(`lot ${l.id}: recognised+released ${out} > paid ${l.paid_minor}`);
    if (out < 0) v.push(`lot ${l.id}: recognised+released ${out} < 0`);
    if (l.remaining_units === 0 && out !== l.paid_minor) v.push(`lot ${l.id}: used up but recognised+released ${out} ≠ paid ${l.paid_minor}`);
    if (l.b_expires !== l.expires_at) v.push(`lot ${l.id}: projection expires_at ${l.b_expires} ≠ lot ${l.expires_at}`);
    // revenue follows the lot's schedule: what it recognised depends on its consumed credits only (voids included)
    const scheduled = scheduleOf(l.paid_minor, l.amount_units, l.consumed_units ?? 0);
    if ((l.recognized_minor ?? 0) !== scheduled) v.push(`lot ${l.id}: recognised ${l.recognized_minor} ≠ scheduled ${scheduled} for ${l.consumed_units} consumed`);
    unused += l.paid_minor - l.entry_money;
  }

  const unbalanced = db.prepare(`SELECT t.id, t.kind, coalesce(sum(jl.amount_minor), 0) AS s, count(jl.id) AS n
      FROM journal_tx t LEFT JOIN journal_lines jl ON jl.tx_id = t.id GROUP BY t.id HAVING s <> 0 OR n = 0`).all() as Array<{ id: number; kind: string; s: number; n: number }>;
  for (const t of unbalanced) v.push(`journal tx ${t.id} (${t.kind}) sums to ${t.s} over ${t.n} lines`);
  const orphan = db.prepare('SELECT count(*) AS n FROM journal_lines WHERE tx_id NOT IN (SELECT id FROM journal_tx)').get() as { n: number };
  if (orphan.n) v.push(`${orphan.n} journal lines without a transaction`);

  // Deferred revenue = unused paid value of the lots + money paid for periods not yet allocated (multi-period
  // passes: price × periods − Σ paid of the sale and allocation lots; nothing once the pass is cancelled).
  // Checked per pass and in total.
  const perPass = db.prepare(`SELECT p.id, p.price_minor * p.periods AS total, coalesce(s.status, 'active') AS status,
      (SELECT coalesce(sum(l.paid_minor), 0) FROM lots l WHERE l.pass_id = p.id AND l.source IN ('sale', 'allocation')) AS allocated,
      (SELECT coalesce(sum(l.paid_minor), 0) - coalesce(sum((SELECT coalesce(sum(e.money_minor), 0) FROM lot_entries e WHERE e.lot_id = l.id)), 0)
         FROM lots l WHERE l.pass_id = p.id) AS unused,
      (SELECT -coalesce(sum(jl.amount_minor), 0) FROM journal_lines jl WHERE jl.pass_id = p.id AND jl.account = @deferred) AS deferred
      FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id`).all({ deferred: DEFERRED }) as Array<{
    id: number; total: number; status: string; allocated: number; unused: number; deferred: number;
  }>;
  let future = 0;
  for (const p of perPass) {
    const f = p.status === 'cancelled' ? 0 : p.total - p.allocated;
    if (f < 0) v.push(`pass ${p.id}: sale and allocation lots hold ${p.allocated}, more than the ${p.total} paid`);
    future += f;
    if (p.deferred !== p.unused + f) v.push(`pass ${p.id}: deferred ${p.deferred} ≠ unused value of its lots ${p.unused} + future periods ${f}`);
  }
  const deferred = -(db.prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE account = ?').get(DEFERRED) as { n: number }).n;
  if (deferred !== unused + future) v.push(`deferred revenue ${deferred} ≠ unused paid value of lots ${unused} + future periods ${future}`);

  // money at the counter: the payments of passes, and sales without a pass less those reversed (no pass, no payments row)
  const passMoney = (db.prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM payments').get() as { n: number }).n;
  const cashSales = (db.prepare(`SELECT coalesce(sum(s.total_minor), 0) - coalesce(sum(CASE WHEN r.id IS NULL THEN 0 ELSE s.total_minor END), 0) AS n
      FROM cash_sales s LEFT JOIN cash_sale_reversals r ON r.sale_id = s.id`).get() as { n: number }).n;
  const paid = passMoney + cashSales;
  const cash = (db.prepare(`SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE account IN (${PAYMENT_ACCOUNTS.map(() => '?').join(',')})`)
    .get(...PAYMENT_ACCOUNTS) as { n: number }).n;
  if (paid !== cash) v.push(`payments ${paid} ≠ payment-account lines ${cash}`);
  // and per way, each payment under its way as corrected (core/corrections/paymentMethod.ts): a correction moves its
  // amount from one account to the other, so each account holds what its payments say, not what the counter tapped
  const hasChanges = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'payment_method_changes'").get() !== undefined;
  if (hasChanges) {
    for (const way of ['cash', 'card', 'other'] as const) {
      const byWay = (db.prepare(`SELECT coalesce(sum(y.amount_minor), 0) AS n FROM payments y WHERE ${paymentMethodSql('y')} = ?`).get(way) as { n: number }).n
        + (db.prepare(`SELECT coalesce(sum(s.total_minor), 0) AS n FROM cash_sales s WHERE ${cashSaleMethodSql('s')} = ?
            AND NOT EXISTS (SELECT 1 FROM cash_sale_reversals r WHERE r.sale_id = s.id)`).get(way) as { n: number }).n;
      const lines = (db.prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE account = ?').get(`assets:${way}`) as { n: number }).n;
      if (byWay !== lines) v.push(`${way} payments ${byWay} ≠ assets:${way} lines ${lines}`);
    }
  }

  const reds = db.prepare(`SELECT r.id, r.credits_units, r.covered_units, r.overage_units,
      (SELECT coalesce(sum(credits_units), 0) FROM redemption_lines WHERE redemption_id = r.id) AS line_credits,
      (SELECT coalesce(sum(credits_units), 0) FROM lot_entries WHERE redemption_id = r.id AND kind = 'redeem') AS taken
      FROM redemptions r`).all() as Array<{ id: number; credits_units: number; covered_units: number; overage_units: number; line_credits: number; taken: number }>;
  for (const r of reds) {
    if (r.covered_units + r.overage_units !== r.credits_units) v.push(`redemption ${r.id}: covered ${r.covered_units} + overage ${r.overage_units} ≠ credits ${r.credits_units}`);
    if (r.line_credits !== r.credits_units) v.push(`redemption ${r.id}: Σ lines ${r.line_credits} ≠ credits ${r.credits_units}`);
    if (-r.taken !== r.covered_units) v.push(`redemption ${r.id}: Σ redeem entries ${r.taken} ≠ −covered ${r.covered_units}`);
  }

  // a lot none of whose redemptions still stands has earned no redemption revenue (a void's rounding cent is not left there)
  const orphanRevenue = db.prepare(`SELECT jl.lot_id, sum(jl.amount_minor) AS n FROM journal_lines jl
      WHERE jl.account = 'revenue:redemptions' AND jl.lot_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM lot_entries e WHERE e.lot_id = jl.lot_id AND e.kind = 'redeem'
          AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.redemption_id = e.redemption_id))
      GROUP BY jl.lot_id HAVING n <> 0`).all() as Array<{ lot_id: number; n: number }>;
  for (const o of orphanRevenue) v.push(`lot ${o.lot_id}: redemption revenue ${-o.n} though none of its redemptions stands`);
  // no lot earns less than nothing from its redemptions or its owner write-offs
  const negative = db.prepare(`SELECT l.lot_id, l.account, sum(l.amount_minor) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE l.lot_id IS NOT NULL AND (l.account IN ('revenue:redemptions', 'revenue:cancellation-fees') OR (l.account = 'revenue:breakage' AND t.kind <> 'expire'))
      GROUP BY l.lot_id, l.account HAVING n > 0`).all() as Array<{ lot_id: number; account: string; n: number }>;
  for (const o of negative) v.push(`lot ${o.lot_id}: ${o.account} ${-o.n} < 0`);

  const passes = db.prepare(`SELECT p.id,
      (SELECT coalesce(sum(b.remaining_units), 0) FROM lot_balances b WHERE b.pass_id = p.id AND (b.expires_at IS NULL OR b.expires_at > @now)) AS live,
      (SELECT coalesce(sum(e.credits_units), 0) FROM lot_entries e JOIN lots l ON l.id = e.lot_id
         WHERE l.pass_id = p.id AND (l.expires_at IS NULL OR coalesce((SELECT x.expires_at FROM lot_extensions x WHERE x.lot_id = l.id ORDER BY x.id DESC LIMIT 1), l.expires_at) > @now)) AS live_entries,
      (SELECT coalesce(sum(jl.amount_minor), 0) FROM journal_lines jl WHERE jl.pass_id = p.id AND jl.account = @rec) AS due
      FROM passes p`).all({ now: nowMs, rec: RECEIVABLE }) as Array<{ id: number; live: number; live_entries: number; due: number }>;
  for (const p of passes) {
    if (p.live !== p.live_entries) v.push(`pass ${p.id}: Σ live lots ${p.live} ≠ Σ entries of live lots ${p.live_entries}`);
    if (p.due < 0) v.push(`pass ${p.id}: receivable ${p.due} < 0`);
    if (opts.viaApi !== false) {
      const r = app.dispatch('passes.get', { passId: p.id });
      if (!r.ok) { v.push(`pass ${p.id}: passes.get failed ${r.error.code} ${r.error.message}`); continue; }
      const view = r.value as { balance: string; overageDue: string; lots: Array<{ id: number; remaining: string }> };
      const status = (db.prepare('SELECT status FROM pass_status WHERE pass_id = ?').get(p.id) as { status?: string } | undefined)?.status;
      const expected = status === 'cancelled' ? 0 : p.live;
      if (view.balance !== unitsToTrimmed(expected, 6)) v.push(`pass ${p.id}: passes.get balance ${view.balance} ≠ Σ live lots ${unitsToTrimmed(expected, 6)}`);
      const lotSum = view.lots.reduce((s, l) => s + unitsFrom(l.remaining), 0);
      if (unitsToTrimmed(lotSum, 6) !== view.balance) v.push(`pass ${p.id}: Σ lots in view ${unitsToTrimmed(lotSum, 6)} ≠ balance ${view.balance}`);
      if (view.overageDue !== unitsToFixed2(p.due, digits)) v.push(`pass ${p.id}: overageDue ${view.overageDue} ≠ receivable ${unitsToFixed2(p.due, digits)}`);
    }
  }
  return v;
}

/** A canonical credits string ("1.5") back to millionths, without floating point. */
export function unitsFrom(s: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(s);
  if (!m) throw new Error(`not a canonical credits string: ${s}`);
  const n = Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -n : n;
}

function unitsToFixed2(minor: number, digits: number): string {
  const neg = minor < 0;
  const d = Math.abs(minor).toString().padStart(digits + 1, '0');
  const body = digits ? `${d.slice(0, -digits)}.${d.slice(-digits)}` : d;
  return neg ? `-${body}` : body;
}

export function ledgerStats(db: Db): LedgerStats {
  const n = (t: string) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { passes: n('passes'), lots: n('lots'), entries: n('lot_entries'), redemptions: n('redemptions'), journalTx: n('journal_tx') };
}
