// The whole-list statement builder that core/statements/statement.ts replaced with pages: kept as the
// oracle the paged statements are compared with (core/periods/properties.test.ts).
//
// Customer statements: per pass, the opening balance, every credit movement in shop-local time (with the
// items of each redemption, the lot it touched, its value), top-ups, rollovers, expiries, the closing
// balance, overage due and the payments taken.
//
// The range is [from, to) in statement time: an entry that ends a lot at t (expire, rollover out) counts at
// t - 1 ms, every other entry at its instant; a pending expiry (a lot that ended, its close not run yet) counts
// at its end - 1 ms. Written here as a plain filter over every entry, independently of the SQL range of the
// paged builder. A rollover moves no value out of deferred revenue: its value is 0.
import type { Db } from '../../core/db/open';
import { PassbookError } from '../../core/errors';
import { creditsToString, moneyToString } from '../../core/money/decimal';
import { localFormatter } from '../../core/periods/calendar';
import { sql } from '../../core/lots/lots';

import type { EntryKind, StatementEntry, StatementItem, StatementPayment } from '../../core/statements/statement';

export interface PassStatement {
  passId: number;
  planName: string;
  creditUnit: string;
  opening: number;
  closing: number;
  entries: StatementEntry[];
  totals: {
    granted: number; topUps: number; rolledIn: number; rolledOut: number; redeemed: number; restored: number;
    adjusted: number; refunded: number; expired: number; overageUnits: number; overageMinor: number;
  };
  overageDueMinor: number;
}

export interface Statement {
  customer: { id: number; name: string; code: string };
  from: number;
  to: number;
  timeZone: string;
  minorDigits: number;
  currency: string;
  passes: PassStatement[];
  payments: StatementPayment[];
  overageDueMinor: number;
}

interface EntryRow {
  id: number; lot_id: number; kind: string; credits_units: number; money_minor: number; redemption_id: number | null; occurred_at: number;
  source: string; note: string | null;
}

const GRANT_KIND: Record<string, EntryKind> = {
  sale: 'sale', topup: 'topup', allocation: 'allocation', rollover: 'rollover_in', promo: 'promo', adjustment: 'adjustment',
};

function entryKind(r: EntryRow): EntryKind {
  if (r.kind === 'grant') return GRANT_KIND[r.source] ?? 'adjustment';
  if (r.kind === 'rollover') return 'rollover_out';
  return r.kind as EntryKind;
}

/** When an entry counts: the close's entries that end a lot at t count just before t. */
const statementTime = (kind: string, at: number): number => (kind === 'expire' || kind === 'rollover' ? at - 1 : at);

/** Credits of a pass before instant T in statement time (pending expiries of lots ending at or before T). */
export function balanceBefore(db: Db, passId: number, t: number): number {
  const all = sql(db, 'SELECT kind, occurred_at, credits_units FROM lot_entries WHERE pass_id = ?').all(passId) as { kind: string; occurred_at: number; credits_units: number }[];
  const e = all.filter((r) => statementTime(r.kind, r.occurred_at) < t).reduce((n, r) => n + r.credits_units, 0);
  return e - pendingBefore(db, passId, t).reduce((s, l) => s + l.remaining_units, 0);
}

interface PendingLot { lot_id: number; remaining_units: number; expires_at: number; source: string; unused: number }

/** Lots that ended at or before T and still hold credits: their close has not run yet. */
function pendingBefore(db: Db, passId: number, t: number): PendingLot[] {
  return sql(db, `SELECT b.lot_id, b.remaining_units, b.expires_at, l.source, l.paid_minor - b.recognized_minor - b.released_minor AS unused
      FROM lot_balances b JOIN lots l ON l.id = b.lot_id
      WHERE b.pass_id = ? AND b.remaining_units > 0 AND +b.expires_at <= ?
      ORDER BY b.expires_at, b.lot_id`).all(passId, t) as PendingLot[];
}

export interface StatementQuery { customerId: number; passId?: number | undefined; from: number; to: number }

export function buildStatement(db: Db, q: StatementQuery): Statement {
  const shop = sql(db, 'SELECT currency, minor_digits, time_zone FROM shop WHERE id = 1').get() as { currency: string; minor_digits: number; time_zone: string } | undefined;
  if (!shop) throw new PassbookError('NOT_SET_UP', 'The shop is not set up yet.');
  const customer = sql(db, 'SELECT id, name, code FROM customers WHERE id = ?').get(q.customerId) as Statement['customer'] | undefined;
  if (!customer) throw new PassbookError('NOT_FOUND', `There is no customer ${q.customerId}.`, { customerId: q.customerId });
  if (q.to < q.from) throw new PassbookError('VALIDATION', 'to: must not be before from.', { field: 'to' });
  const passes = (q.passId === undefined
    ? sql(db, 'SELECT id, plan_name, credit_unit FROM passes WHERE customer_id = ? AND sold_at < ? ORDER BY sold_at, id').all(customer.id, q.to)
    : sql(db, 'SELECT id, plan_name, credit_unit FROM passes WHERE customer_id = ? AND id = ?').all(customer.id, q.passId)) as { id: number; plan_name: string; credit_unit: string }[];
  if (q.passId !== undefined && passes.length === 0) {
    throw new PassbookError('NOT_FOUND', `Pass ${q.passId} does not belong to this customer.`, { passId: q.passId });
  }
  const out: PassStatement[] = passes.map((p) => passStatement(db, p, q.from, q.to));
  // payments by pass (payments_pass index): a customer's few passes, never a scan of the shop's payments
  // each under its way as the owner last corrected it (payment_method_changes, migration 023), else as written
  const payStmt = sql(db, `SELECT y.occurred_at AS at, y.kind,
        coalesce((SELECT c.to_method FROM payment_method_changes c WHERE c.payment_id = y.id ORDER BY c.id DESC LIMIT 1), y.method) AS method,
        y.amount_minor AS amountMinor, y.pass_id AS passId, y.id FROM payments y
      WHERE y.pass_id = ? AND y.occurred_at >= ? AND y.occurred_at < ?`);
  const fromRefund = sql(db, `SELECT c.occurred_at AS at, 'refund_settlement' AS kind, '' AS method, -l.amount_minor AS amountMinor,
        c.pass_id AS passId, ${2 ** 52} + c.id AS id
      FROM corrections c JOIN journal_lines l ON l.tx_id = c.journal_tx_id AND l.account = 'assets:receivable:overage'
      WHERE c.pass_id = ? AND c.kind = 'refund' AND c.occurred_at >= ? AND c.occurred_at < ? AND l.amount_minor <> 0`);
  // a refund's cancellation fee: its fee lines added up (one per lot it was taken from; revenue:breakage before the fee had its own account)
  const fees = sql(db, `SELECT c.id, c.occurred_at AS at, c.pass_id AS passId, l.amount_minor AS m
      FROM corrections c JOIN journal_lines l ON l.tx_id = c.journal_tx_id AND l.account IN ('revenue:cancellation-fees', 'revenue:breakage')
      WHERE c.pass_id = ? AND c.kind = 'refund' AND c.occurred_at >= ? AND c.occurred_at < ?`);
  const feeRows = (passId: number) => {
    const byRefund = new Map<number, StatementPayment & { id: number }>();
    for (const f of fees.all(passId, q.from, q.to) as { id: number; at: number; passId: number; m: number }[]) {
      const row = byRefund.get(f.id) ?? { at: f.at, kind: 'refund_fee', method: '', amountMinor: 0, passId: f.passId, id: 2 ** 52 + 2 ** 40 + f.id };
      row.amountMinor -= f.m;
      byRefund.set(f.id, row);
    }
    return [...byRefund.values()].filter((r) => r.amountMinor !== 0);
  };
  const payments = passes
    .flatMap((p) => [...payStmt.all(p.id, q.from, q.to), ...fromRefund.all(p.id, q.from, q.to), ...feeRows(p.id)] as (StatementPayment & { id: number })[])
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map(({ id: _id, ...rest }) => rest);
  return {
    customer, from: q.from, to: q.to, timeZone: shop.time_zone, minorDigits: shop.minor_digits, currency: shop.currency,
    passes: out, payments, overageDueMinor: out.reduce((s, p) => s + p.overageDueMinor, 0),
  };
}

/** Entries without a lot come after the lot entries of their instant: redemptions by id, refunds between them. */
const NO_LOT = 2 ** 50;

function passStatement(db: Db, p: { id: number; plan_name: string; credit_unit: string }, from: number, to: number): PassStatement {
  const opening = balanceBefore(db, p.id, from);
  // entries alone (index + table); lot sources from the pass's few lots; overage from the redemptions below
  const sources = new Map((sql(db, 'SELECT id, source FROM lots WHERE pass_id = ?').all(p.id) as { id: number; source: string }[]).map((l) => [l.id, l.source]));
  // a lot an undo or void opened (the credits' own lot had expired): its grant gives credits and their paid value back
  const reopened = new Map((sql(db, `SELECT id, paid_minor FROM lots WHERE pass_id = ? AND source = 'adjustment'
      AND created_by IN ('counter.undo', 'redemptions.void')`).all(p.id) as { id: number; paid_minor: number }[]).map((l) => [l.id, l.paid_minor]));
  // the note: the entry's correction's reason; else a gift's, bonus's or adjustment's grant says its lot's reason
  // (a moved-in lot names the pass it came from); a lot reopened by an undo or void says the reason of the void that
  // reopened it (the correction at the lot's instant whose redemption took from the lot it replaces)
  const rows = sql(db, `SELECT e.id, e.lot_id, e.kind, e.credits_units, e.money_minor, e.redemption_id, e.occurred_at,
        coalesce(c.reason, CASE WHEN e.kind = 'grant' AND l.source IN ('promo', 'adjustment') AND l.created_by NOT IN ('counter.undo', 'redemptions.void')
          THEN CASE WHEN l.created_by = 'passes.transfer' THEN 'Moved from pass ' || pl.pass_id || ': ' || l.reason ELSE l.reason END
          WHEN e.kind = 'grant' AND l.source = 'adjustment' AND l.created_by IN ('counter.undo', 'redemptions.void')
          THEN (SELECT rc.reason FROM corrections rc JOIN redemptions rr ON rr.id = rc.redemption_id
                 WHERE rc.pass_id = l.pass_id AND rc.occurred_at = l.granted_at AND rc.kind IN ('undo', 'void')
                   AND EXISTS (SELECT 1 FROM lot_entries pe WHERE pe.redemption_id = rr.id AND pe.lot_id = l.parent_lot_id)) END) AS note
      FROM lot_entries e JOIN lots l ON l.id = e.lot_id LEFT JOIN lots pl ON pl.id = l.parent_lot_id LEFT JOIN corrections c ON c.id = e.correction_id
      WHERE e.pass_id = ? ORDER BY e.occurred_at, e.id`).all(p.id) as EntryRow[];
  const inRange = rows.filter((r) => statementTime(r.kind, r.occurred_at) >= from && statementTime(r.kind, r.occurred_at) < to);
  // the items of the redemptions in range, in one pass over the pass's redemptions (id order = line order)
  const items = new Map<number, StatementItem[]>();
  const redemptionAt = new Map<number, { at: number; overage_units: number; overage_minor: number; overage_settlement: 'now' | 'account' | null }>();
  for (const l of sql(db, `SELECT r.id AS redemption_id, r.occurred_at, r.overage_units AS r_overage_units, r.overage_minor, r.overage_settlement,
        rl.item_name, rl.usage_unit, rl.quantity_units, rl.rate_units, rl.credits_units, rl.overage_units
      FROM redemptions r JOIN redemption_lines rl ON rl.redemption_id = r.id
      WHERE r.pass_id = ? AND r.occurred_at >= ? AND r.occurred_at < ? ORDER BY r.id, rl.line_no`).iterate(p.id, from, to) as Iterable<{
      redemption_id: number; occurred_at: number; r_overage_units: number; overage_minor: number; overage_settlement: 'now' | 'account' | null;
      item_name: string; usage_unit: string; quantity_units: number; rate_units: number; credits_units: number; overage_units: number }>) {
    let list = items.get(l.redemption_id);
    if (!list) {
      list = [];
      items.set(l.redemption_id, list);
      redemptionAt.set(l.redemption_id, { at: l.occurred_at, overage_units: l.r_overage_units, overage_minor: l.overage_minor, overage_settlement: l.overage_settlement });
    }
    list.push({ name: l.item_name, usageUnit: l.usage_unit, quantity: l.quantity_units, rate: l.rate_units, credits: l.credits_units, overage: l.overage_units });
  }
  type Draft = StatementEntry & { order: number };
  const drafts: Draft[] = [];
  const seenRedemption = new Set<number>();
  for (const r of inRange) {
    r.source = sources.get(r.lot_id) ?? '';
    const isRedeem = r.redemption_id !== null && r.kind === 'redeem';
    const first = isRedeem && !seenRedemption.has(r.redemption_id!);
    if (first) seenRedemption.add(r.redemption_id!);
    const red = first ? redemptionAt.get(r.redemption_id!) : undefined;
    drafts.push({
      ...(r.kind === 'grant' && reopened.has(r.lot_id)
        ? { at: r.occurred_at, kind: 'restore' as const, lotId: r.lot_id, lotSource: r.source, credits: r.credits_units, valueMinor: -reopened.get(r.lot_id)! }
        : { at: r.occurred_at, kind: entryKind(r), lotId: r.lot_id, lotSource: r.source, credits: r.credits_units, valueMinor: r.kind === 'rollover' ? 0 : r.money_minor }),
      redemptionId: r.redemption_id, items: first ? items.get(r.redemption_id!) ?? [] : null,
      overageUnits: red?.overage_units ?? 0, overageMinor: red?.overage_minor ?? 0,
      overageSettlement: red?.overage_settlement ?? null, order: r.id, balanceAfter: 0, note: r.note,
    });
  }
  // redemptions entirely in overage touched no lot: they still appear
  for (const [id, red] of redemptionAt) {
    if (seenRedemption.has(id)) continue;
    drafts.push({
      at: red.at, kind: 'redeem', lotId: 0, lotSource: '', credits: 0, valueMinor: 0, redemptionId: id, items: items.get(id) ?? [],
      overageUnits: red.overage_units, overageMinor: red.overage_minor, overageSettlement: red.overage_settlement, order: NO_LOT + 2 * id, balanceAfter: 0, note: null,
    });
  }
  // a refund pays back the money of periods not granted yet with no lot: an entry of its own, worth that money
  for (const c of sql(db, `SELECT c.id, c.occurred_at, l.amount_minor, c.reason FROM corrections c JOIN journal_lines l ON l.tx_id = c.journal_tx_id
      WHERE c.pass_id = ? AND c.kind = 'refund' AND l.lot_id IS NULL AND l.account = 'liabilities:deferred-revenue' AND l.amount_minor <> 0`).all(p.id) as { id: number; occurred_at: number; amount_minor: number; reason: string | null }[]) {
    if (c.occurred_at < from || c.occurred_at >= to) continue;
    drafts.push({
      at: c.occurred_at, kind: 'refund', lotId: 0, lotSource: '', credits: 0, valueMinor: c.amount_minor, redemptionId: null, items: null,
      overageUnits: 0, overageMinor: 0, overageSettlement: null, order: NO_LOT + 2 * c.id + 1, balanceAfter: 0, note: c.reason,
    });
  }
  for (const l of pendingBefore(db, p.id, to)) {
    if (l.expires_at <= from) continue; // already inside the opening balance
    drafts.push({
      at: l.expires_at, kind: 'expire_pending', lotId: l.lot_id, lotSource: l.source, credits: -l.remaining_units, valueMinor: l.unused,
      redemptionId: null, items: null, overageUnits: 0, overageMinor: 0, overageSettlement: null, order: Number.MAX_SAFE_INTEGER, balanceAfter: 0, note: null,
    });
  }
  let sorted = true;
  for (let i = 1; i < drafts.length && sorted; i += 1) sorted = drafts[i - 1]!.at < drafts[i]!.at || (drafts[i - 1]!.at === drafts[i]!.at && drafts[i - 1]!.order <= drafts[i]!.order);
  if (!sorted) drafts.sort((a, b) => a.at - b.at || a.order - b.order);
  let bal = opening;
  const totals = { granted: 0, topUps: 0, rolledIn: 0, rolledOut: 0, redeemed: 0, restored: 0, adjusted: 0, refunded: 0, expired: 0, overageUnits: 0, overageMinor: 0 };
  const entries: StatementEntry[] = drafts;
  const correctedBy = new Set((sql(db, 'SELECT redemption_id AS id FROM corrections WHERE pass_id = ? AND redemption_id IS NOT NULL AND occurred_at < ?')
    .all(p.id, to) as { id: number }[]).map((r) => r.id));
  for (const d of entries) {
    bal += d.credits;
    switch (d.kind) {
      case 'sale': case 'allocation': case 'promo': totals.granted += d.credits; break;
      case 'topup': totals.topUps += d.credits; break;
      case 'rollover_in': totals.rolledIn += d.credits; break;
      case 'rollover_out': totals.rolledOut -= d.credits; break;
      case 'redeem': totals.redeemed -= d.credits; break;
      case 'restore': totals.restored += d.credits; break;
      case 'adjust': case 'adjustment': totals.adjusted += d.credits; break;
      case 'refund': totals.refunded -= d.credits; break;
      case 'expire': case 'expire_pending': totals.expired -= d.credits; break;
    }
    // overage totals leave out redemptions undone or voided by the statement's end (their overage was reversed)
    if (d.redemptionId === null || !correctedBy.has(d.redemptionId)) {
      totals.overageUnits += d.overageUnits;
      totals.overageMinor += d.overageMinor;
    }
    d.balanceAfter = bal;
    delete (d as { order?: number }).order;
  }
  const due = sql(db, `SELECT coalesce(sum(l.amount_minor), 0) AS n FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE l.pass_id = ? AND l.account = 'assets:receivable:overage' AND t.occurred_at < ?`).get(p.id, to) as { n: number };
  return { passId: p.id, planName: p.plan_name, creditUnit: p.credit_unit, opening, closing: bal, entries, totals, overageDueMinor: due.n };
}

/** The statement in wire form: decimal strings, ISO instants and shop-local times. */
export function statementView(s: Statement) {
  const d = s.minorDigits;
  const m = (n: number) => moneyToString(n, d);
  const c = creditsToString;
  const fmt = localFormatter(s.timeZone);
  const local = (t: number) => fmt.dateTime(t);
  return {
    customer: s.customer,
    from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString(), timeZone: s.timeZone, currency: s.currency,
    passes: s.passes.map((p) => ({
      passId: p.passId, planName: p.planName, creditUnit: p.creditUnit,
      opening: c(p.opening), closing: c(p.closing), overageDue: m(p.overageDueMinor),
      totals: {
        granted: c(p.totals.granted), topUps: c(p.totals.topUps), rolledIn: c(p.totals.rolledIn), rolledOut: c(p.totals.rolledOut),
        redeemed: c(p.totals.redeemed), restored: c(p.totals.restored), adjusted: c(p.totals.adjusted), refunded: c(p.totals.refunded),
        expired: c(p.totals.expired), overageCredits: c(p.totals.overageUnits), overageAmount: m(p.totals.overageMinor),
      },
      entries: p.entries.map((e) => ({
        at: new Date(e.at).toISOString(), localTime: local(e.at), kind: e.kind, lotId: e.lotId === 0 ? null : e.lotId,
        credits: c(e.credits), value: m(e.valueMinor), balanceAfter: c(e.balanceAfter), redemptionId: e.redemptionId,
        items: e.items === null ? null : e.items.map((i) => ({ name: i.name, usageUnit: i.usageUnit, quantity: c(i.quantity), rate: c(i.rate), credits: c(i.credits), overage: c(i.overage) })),
        overage: e.overageUnits > 0 || e.overageMinor !== 0 ? { credits: c(e.overageUnits), amount: m(e.overageMinor), settlement: e.overageSettlement } : null,
        note: e.note,
      })),
    })),
    payments: s.payments.map((p) => ({ at: new Date(p.at).toISOString(), localTime: local(p.at), kind: p.kind, method: p.method, amount: m(p.amountMinor), passId: p.passId })),
    overageDue: m(s.overageDueMinor),
  };
}
