// Passes: a customer's holding of a plan, with the plan's terms copied at the sale. Selling writes the
// pass, its first lot, the payment and the journal (cash ↑, deferred revenue ↑) in the caller's transaction.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { carriedValue, closeDue, closeDueForPass, endsIndexAt, splitAtEnd } from '../periods/close';
import type { LowBalance, NextEnd, PassView } from '../contract/ledger';
import { bonusOf, requirePlan, salePriceMinor, type PlanRow } from '../catalog/plans';
import { requireCustomer, requireRememberedCustomer } from '../customers/customers';
import { ACCOUNTS, overageDue, paymentAccount, postJournal, type PaymentMethod } from '../journal/journal';
import { checkShownMoney, costBasis, credits, iso, money, optCredits, optPercent } from '../lots/amounts';
import { shopWords } from '../shop/words';
import { periodIndexAt, saleLotExpiry, termEnd, topUpLotExpiry } from '../lots/expiry';
import { grantLot, liveLots, passBalance, sql, unusedValue, type ConsumptionOrder, type LiveLot } from '../lots/lots';
import type { ShopRow } from '../shop/settings';
import { fitsUnit } from '../catalog/units';
import { grantBonus } from './promo';

export interface PassRow {
  id: number; customer_id: number; plan_id: number; plan_name: string; credit_unit: string; credits_units: number; price_minor: number;
  validity: string; validity_days: number | null; periods: number; rollover_policy: string; rollover_cap_units: number | null;
  rollover_cap_percent_units: number | null; rollover_expires_after_periods: number | null; rollover_max_times: number | null;
  consumption_order: ConsumptionOrder; overage_policy: 'block' | 'allow'; overage_price_micros: number | null;
  overdraft_limit_units: number | null; low_balance_units: number | null; low_balance_percent_units: number | null;
  time_zone: string; sold_at: number; payment_method: PaymentMethod; client_id: string | null;
}

export type PassStatus = 'active' | 'cancelled' | 'ended';

export function findPass(db: Db, id: number): PassRow | undefined {
  return sql(db, 'SELECT * FROM passes WHERE id = ?').get(id) as PassRow | undefined;
}

export function requirePass(db: Db, id: number): PassRow {
  const r = findPass(db, id);
  if (!r) throw new PassbookError('NOT_FOUND', `There is no pass ${id}.`, { passId: id });
  return r;
}

/** Stored status (projection) refined by time: an active pass whose term is over and has no live lot has ended. */
export function passStatus(db: Db, pass: PassRow, at: number): PassStatus {
  const row = sql(db, 'SELECT status FROM pass_status WHERE pass_id = ?').get(pass.id) as { status: PassStatus } | undefined;
  const stored = row?.status ?? 'active';
  if (stored !== 'active') return stored;
  const end = termEnd(pass);
  if (end !== null && at >= end && liveLots(db, pass.id, at).length === 0) return 'ended';
  return 'active';
}

/**
 * passStatus's 'ended' in SQL, for lists that cannot ask pass by pass: the pass `p` (an alias) whose stored status
 * is active has ended by `at` (a parameter) when its term is over (pass_term_ends, migration 020) and `liveBalance`,
 * its credits left on live lots, is 0. ended.test.ts holds the two to the same answers.
 */
export const endedSql = (p: string, liveBalance: string, at: string): string =>
  // the term first: a key probe, so a pass still in its term never sums its lots here
  `(EXISTS (SELECT 1 FROM pass_term_ends te WHERE te.pass_id = ${p}.id AND te.ends_at <= ${at}) AND ${liveBalance} = 0)`;

export function setPassStatus(db: Db, passId: number, status: PassStatus, at: number): void {
  sql(db, `INSERT INTO pass_status (pass_id, status, changed_at) VALUES (?, ?, ?)
      ON CONFLICT (pass_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at`).run(passId, status, at);
}

/** A pass the counter may draw from, or PASS_CLOSED. */
export function requireOpenPass(db: Db, passId: number, at: number): PassRow {
  // Every write on a pass first books what period close owes it up to now (expiry, rollover, the next
  // allocation), so the counter never works on a stale balance in the moments before the timer runs.
  const pass = requirePass(db, passId); // a pass row never changes (append-only), so one read serves before and after
  closeDueForPass(db, passId, at);
  const status = passStatus(db, pass, at);
  if (status !== 'active') {
    throw new PassbookError('PASS_CLOSED', status === 'cancelled' ? 'This pass was cancelled.' : 'This pass has ended.', { passId, status });
  }
  return pass;
}

/** Book what period close owes every pass of a customer up to `at` (call inside a write transaction). */
export function closeDueForCustomer(db: Db, customerId: number, at: number): void {
  const ids = (sql(db, 'SELECT id FROM passes WHERE customer_id = ?').all(customerId) as { id: number }[]).map((r) => r.id);
  if (ids.length) closeDue(db, at, { trigger: 'auto', ranAt: at, passIds: ids });
}

/** Active passes of a customer, newest first. */
export function activePasses(db: Db, customerId: number, at: number): PassRow[] {
  const rows = sql(db, `SELECT p.* FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id
      WHERE p.customer_id = ? AND coalesce(s.status, 'active') = 'active' ORDER BY p.sold_at DESC, p.id DESC`).all(customerId) as PassRow[];
  return rows.filter((p) => passStatus(db, p, at) === 'active');
}

/**
 * The pass the counter draws from when the cashier does not choose: of the active passes that hold credits, the one
 * whose credits end soonest (credits that never end come last; the newest first among equals), else the newest
 * active pass. A customer whose new pass is spent while an older one still holds 15 drinks is not shown "0 left",
 * and one with a credit ending on 1 June and a new pass running to July uses the June credit first, as the lots of
 * one pass are used. The search row and the opened customer both follow it.
 */
export function passToDrawFrom(db: Db, customerId: number, at: number): PassRow | undefined {
  const active = activePasses(db, customerId, at);
  let best: { pass: PassRow; ends: number } | undefined;
  for (const p of active) {
    const lots = liveLots(db, p.id, at);
    if (lots.reduce((n, l) => n + l.remaining_units, 0) <= 0) continue;
    const ends = Math.min(...lots.filter((l) => l.remaining_units > 0).map((l) => l.expires_at ?? Number.POSITIVE_INFINITY));
    if (!best || ends < best.ends) best = { pass: p, ends }; // active is newest first: a tie keeps the newer
  }
  return best?.pass ?? active[0];
}

/**
 * The percent threshold in credit units in SQL, floor(percent_units × credits / 10^8), for a row `alias` with
 * low_balance_percent_units and credits_units, in integer arithmetic that cannot overflow (percent_units <= 10^8,
 * credits < 10^15: credits split at 10^8). A balance is low when it is <= this: the quantity lowBalanceOf compares
 * (a pass's last sale or allocation grants its credits_units), for the owner's lists that filter in SQL.
 */
export const percentThresholdSql = (alias: string): string => `(${alias}.low_balance_percent_units * (${alias}.credits_units / 100000000)
  + (${alias}.low_balance_percent_units * (${alias}.credits_units % 100000000)) / 100000000)`;

/**
 * lowBalanceOf for the owner's lists, in SQL: `p` the passes row's alias, `bal` the expression of its live balance.
 * The same three tests, in the same order; a test here keeps them together.
 */
export const lowBalanceSql = (p: string, bal: string): string => `(${bal} <= 0
  OR (${p}.low_balance_units IS NOT NULL AND ${bal} <= ${p}.low_balance_units)
  OR (${p}.low_balance_percent_units IS NOT NULL AND ${bal} <= ${percentThresholdSql(p)}))`;

/**
 * Is the pass low: used up (nothing left, whatever the plan says: the counter offers a top-up then too), or at or under
 * the plan's threshold, in credits or in percent of what a period grants.
 */
export function lowBalanceOf(pass: PassRow, balance: number): LowBalance {
  let low = balance <= 0;
  if (pass.low_balance_units !== null && balance <= pass.low_balance_units) low = true;
  if (pass.low_balance_percent_units !== null) {
    // measured against the credits a period grants (a sale's or an allocation's lot; not a balance brought over,
    // which is what was left of one), as percentThresholdSql does for the owner's lists
    const base = pass.credits_units;
    // balance / base <= percent / 100, compared exactly in integers
    if (BigInt(balance) * 100n * 1_000_000n <= BigInt(pass.low_balance_percent_units) * BigInt(base)) low = true;
  }
  return { low, thresholdCredits: optCredits(pass.low_balance_units), thresholdPercent: optPercent(pass.low_balance_percent_units) };
}

/** What the period close does with a lot's remaining credits at its end (credits in millionths, value in minor units). */
export interface LotEnd { rolled: number; expired: number; breakage: number }

/**
 * What the period close will do at the end of each live lot if no more credits are used before: the close's own
 * rule (periods/close splitAtEnd: policy, cap, roll limit, fresh credits first), applied to the lots ending
 * together at each end. Reads only: a read must not write (a preview of the close inside a read transaction
 * would leave its rolled-back pages to be committed, and synced, on every passes.get). Exact for the next end,
 * the one the counter shows; at a later end a capped rollover is also shared with credits that roll into it
 * meanwhile, which this leaves out. Lots without an end are not in the map.
 */
export function lotEnds(pass: PassRow, lots: LiveLot[]): Map<number, LotEnd> {
  const ends = new Map<number, LotEnd>();
  const byEnd = new Map<number, LiveLot[]>();
  for (const l of lots) if (l.expires_at !== null) byEnd.set(l.expires_at, [...(byEnd.get(l.expires_at) ?? []), l]);
  for (const [t, group] of byEnd) {
    for (const { lot, rolled, expired } of splitAtEnd(pass, endsIndexAt(pass, t), group)) {
      const unused = unusedValue(lot);
      ends.set(lot.id, { rolled, expired, breakage: unused - carriedValue(unused, rolled, lot.remaining_units) });
    }
  }
  return ends;
}

export function lotViews(lots: LiveLot[], digits: number, ends: Map<number, LotEnd> = new Map()): PassView['lots'] {
  return lots.map((l) => {
    const end = l.expires_at === null ? undefined : ends.get(l.id);
    return {
      id: l.id, source: l.source, amount: credits(l.amount_units), remaining: credits(l.remaining_units), grantedAt: iso(l.granted_at),
      expiresAt: l.expires_at === null ? null : iso(l.expires_at), costBasis: costBasis(l.paid_minor, l.amount_units, digits), rolledTimes: l.rolled_times,
      atEnd: end ? { rollsOver: credits(end.rolled), expires: credits(end.expired) } : null,
    };
  });
}

export function passView(db: Db, passId: number, at: number, shop: Pick<ShopRow, 'minor_digits'>): PassView {
  const pass = requirePass(db, passId);
  const customer = requireCustomer(db, pass.customer_id);
  const lots = liveLots(db, pass.id, at, pass.consumption_order);
  const balance = lots.reduce((s, l) => s + l.remaining_units, 0);
  let nextExpiry: PassView['nextExpiry'] = null;
  let nextEnd: NextEnd | null = null;
  const expiring = lots.filter((l) => l.expires_at !== null);
  const ends = lotEnds(pass, expiring);
  if (expiring.length) {
    const first = Math.min(...expiring.map((l) => l.expires_at as number));
    const atFirst = expiring.filter((l) => l.expires_at === first);
    const c = atFirst.reduce((s, l) => s + l.remaining_units, 0);
    nextExpiry = { credits: credits(c), expiresAt: iso(first) };
    const sum = (k: keyof LotEnd) => atFirst.reduce((s, l) => s + (ends.get(l.id)?.[k] ?? 0), 0);
    if (atFirst.every((l) => ends.has(l.id))) {
      nextEnd = { at: iso(first), credits: credits(c), rollsOver: credits(sum('rolled')), expires: credits(sum('expired')),
        expiringValue: money(sum('breakage'), shop.minor_digits) };
    }
  }
  const status = passStatus(db, pass, at);
  const low = lowBalanceOf(pass, balance);
  return {
    id: pass.id, customerId: pass.customer_id, customerName: customer.name, planId: pass.plan_id, planName: pass.plan_name,
    creditUnit: pass.credit_unit, status, balance: credits(balance), lots: lotViews(lots, shop.minor_digits, ends),
    // "low" means "offer a top-up": only an active pass can take one
    nextExpiry, nextEnd, overageDue: money(overageDue(db, pass.id), shop.minor_digits), lowBalance: status === 'active' ? low : { ...low, low: false },
    overagePolicy: pass.overage_policy, consumptionOrder: pass.consumption_order, validity: pass.validity as PassView['validity'],
    periods: pass.periods, soldAt: iso(pass.sold_at),
  };
}

export interface SaleArgs {
  customerId: number; planId: number; paymentMethod: PaymentMethod; at: number; clientId?: string | null;
  /** the price the screen asked for (a decimal string): refused when the plan costs another now */
  expectedPrice?: string | undefined;
}

/** The price as the screen said it (checkShownMoney): the owner may have changed it since the counter read its catalog. */
function checkShownPrice(db: Db, shop: ShopRow, shown: string | undefined, priceMinor: number, name: string): void {
  checkShownMoney(shown, priceMinor, shop.minor_digits, 'expectedPrice', 'price', shopWords(db).money,
    (now, was) => `${name} now costs ${now}, not ${was} as the screen said: its price was changed meanwhile. Nothing was written.`);
}

/** What a sale or top-up took and gave, for the customer's receipt: the values it wrote into the lot, payment and journal. */
export interface Purchase {
  passId: number; lotId: number; name: string; creditsUnits: number; paidMinor: number; periods: number; expiresAt: number | null;
  /** the plan's or pack's free credits given with it (0: none), in their own promo lot */
  bonusUnits: number;
}

/**
 * Sell a plan. The price is per period and all periods are paid at the sale (price × periods); the first
 * period's credits become the sale lot with paid = price. For periods > 1 the rest of the money waits in
 * deferred revenue (journal lines with this pass and no lot) until period close grants each allocation
 * lot with paid = price.
 */
export function sellPass(db: Db, shop: ShopRow, a: SaleArgs): Purchase {
  const customer = requireRememberedCustomer(db, a.customerId);
  const plan: PlanRow = requirePlan(db, a.planId);
  if (plan.kind !== 'plan') throw new PassbookError('VALIDATION', `planId: "${plan.name}" is a top-up pack; sell it with passes.topUp.`, { field: 'planId' });
  if (plan.archived) throw new PassbookError('VALIDATION', `planId: "${plan.name}" is archived and no longer sold.`, { field: 'planId' });
  checkShownPrice(db, shop, a.expectedPrice, salePriceMinor(plan), plan.name);
  const passId = insertPass(db, shop, customer.id, plan, { at: a.at, paymentMethod: a.paymentMethod, periods: plan.periods, clientId: a.clientId ?? null });
  const pass = requirePass(db, passId);
  const total = salePriceMinor(plan);
  const lotId = grantLot(db, {
    passId, source: 'sale', planId: plan.id, amountUnits: plan.credits_units, paidMinor: plan.price_minor, grantedAt: a.at,
    expiresAt: saleLotExpiry(pass), periodIndex: 0, createdBy: 'passes.sell', clientId: a.clientId ?? null,
  });
  grantBonus(db, {
    passId, planId: plan.id, bonusUnits: bonusOf(plan), parentLotId: lotId, expiresAt: saleLotExpiry(pass), periodIndex: 0, at: a.at,
    createdBy: 'passes.sell', clientId: a.clientId ?? null, name: plan.name,
  });
  const txId = postJournal(db, {
    kind: 'sale', memo: `Sold ${plan.name}`, passId, customerId: customer.id, at: a.at, clientId: a.clientId ?? null,
    lines: [
      { account: paymentAccount(a.paymentMethod), amount: total },
      { account: ACCOUNTS.deferred, amount: -plan.price_minor, lotId },
      { account: ACCOUNTS.deferred, amount: -(total - plan.price_minor), lotId: null },
    ],
  });
  if (total > 0) {
    sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, journal_tx_id, occurred_at) VALUES ('sale', ?, ?, ?, ?, ?, ?)`)
      .run(passId, customer.id, a.paymentMethod, total, txId, a.at);
  }
  return { passId, lotId, name: plan.name, creditsUnits: plan.credits_units, paidMinor: total, periods: plan.periods, expiresAt: saleLotExpiry(pass), bonusUnits: bonusOf(plan) };
}

/** A new active pass holding a copy of the plan's terms (plans can be edited later; a pass keeps what it was sold with). */
export function insertPass(db: Db, shop: ShopRow, customerId: number, plan: PlanRow, a: {
  at: number; paymentMethod: PaymentMethod; periods: number; clientId: string | null;
  /** the price of one period as paid (a balance brought over: what was paid for it); default the plan's */
  priceMinor?: number;
}): number {
  const r = sql(db, `INSERT INTO passes (customer_id, plan_id, plan_name, credit_unit, credits_units, price_minor, validity, validity_days, periods,
      rollover_policy, rollover_cap_units, rollover_cap_percent_units, rollover_expires_after_periods, rollover_max_times, consumption_order,
      overage_policy, overage_price_micros, overdraft_limit_units, low_balance_units, low_balance_percent_units, time_zone, sold_at,
      payment_method, client_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(customerId, plan.id, plan.name, plan.credit_unit, plan.credits_units, a.priceMinor ?? plan.price_minor, plan.validity, plan.validity_days,
      a.periods, plan.rollover_policy, plan.rollover_cap_units, plan.rollover_cap_percent_units, plan.rollover_expires_after_periods,
      plan.rollover_max_times, plan.consumption_order, plan.overage_policy, plan.overage_price_micros, plan.overdraft_limit_units,
      plan.low_balance_units, plan.low_balance_percent_units, shop.time_zone, a.at, a.paymentMethod, a.clientId);
  const passId = Number(r.lastInsertRowid);
  setPassStatus(db, passId, 'active', a.at);
  return passId;
}

export interface TopUpArgs {
  passId: number; packId: number; paymentMethod: PaymentMethod; at: number; clientId?: string | null;
  /** the price the screen asked for (a decimal string): refused when the pack costs another now */
  expectedPrice?: string | undefined;
}

/** Sell a top-up pack to a pass: a new lot with the pack's credits, price and own expiry. */
export function topUpPass(db: Db, shop: ShopRow, a: TopUpArgs): Purchase {
  const pass = requireOpenPass(db, a.passId, a.at);
  const pack = requirePlan(db, a.packId);
  if (pack.kind !== 'topup') throw new PassbookError('VALIDATION', `packId: "${pack.name}" is a plan, not a top-up pack.`, { field: 'packId' });
  if (pack.archived) throw new PassbookError('VALIDATION', `packId: "${pack.name}" is archived and no longer sold.`, { field: 'packId' });
  if (!fitsUnit(pack.credit_unit, pass.credit_unit)) {
    throw new PassbookError('VALIDATION', `packId: "${pack.name}" adds ${pack.credit_unit} credits; this pass holds ${pass.credit_unit}.`, { field: 'packId' });
  }
  checkShownPrice(db, shop, a.expectedPrice, pack.price_minor, pack.name);
  const expiresAt = topUpLotExpiry(pack.validity, pack.validity_days, a.at, pass.time_zone);
  const lotId = grantLot(db, {
    passId: pass.id, source: 'topup', planId: pack.id, packName: pack.name, amountUnits: pack.credits_units, paidMinor: pack.price_minor, grantedAt: a.at,
    expiresAt, periodIndex: periodIndexAt(pass, a.at),
    createdBy: 'passes.topUp', clientId: a.clientId ?? null,
  });
  grantBonus(db, {
    passId: pass.id, planId: pack.id, bonusUnits: bonusOf(pack), parentLotId: lotId, expiresAt, periodIndex: periodIndexAt(pass, a.at), at: a.at,
    createdBy: 'passes.topUp', clientId: a.clientId ?? null, name: pack.name,
  });
  const txId = postJournal(db, {
    kind: 'topup', memo: `Top-up ${pack.name}`, passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null,
    lines: [
      { account: paymentAccount(a.paymentMethod), amount: pack.price_minor },
      { account: ACCOUNTS.deferred, amount: -pack.price_minor, lotId },
    ],
  });
  if (pack.price_minor > 0) {
    sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, journal_tx_id, occurred_at) VALUES ('topup', ?, ?, ?, ?, ?, ?)`)
      .run(pass.id, pass.customer_id, a.paymentMethod, pack.price_minor, txId, a.at);
  }
  return { passId: pass.id, lotId, name: pack.name, creditsUnits: pack.credits_units, paidMinor: pack.price_minor, periods: 1, expiresAt, bonusUnits: bonusOf(pack) };
}
