// Plans (what a pass is) and top-up packs (plans of kind 'topup' that add a lot to an existing pass).
// A plan edit changes this row only; a pass copies the terms at sale (passes.* columns).
import type { z } from 'zod';
import type { Db } from '../db/open';
import { PassbookError, validateFields } from '../errors';
import type { PlanInput, PlanView } from '../contract/catalog';
import {
  costBasis, credits, money, optCredits, optPercent, optPriceFromMicros, parseCreditsIn, parseMoneyIn, parsePercentIn, parsePriceIn,
} from '../lots/amounts';
import { sql } from '../lots/lots';
import { MAX_CREDIT_UNITS, MAX_MONEY_MINOR } from '../money/decimal';
import { shopWords } from '../shop/words';

export interface PlanRow {
  id: number; kind: 'plan' | 'topup'; name: string; credit_unit: string; credits_units: number; price_minor: number;
  validity: string; validity_days: number | null; periods: number; rollover_policy: string; rollover_cap_units: number | null;
  rollover_cap_percent_units: number | null; rollover_expires_after_periods: number | null; rollover_max_times: number | null;
  consumption_order: string; overage_policy: string; overage_price_micros: number | null; overdraft_limit_units: number | null;
  low_balance_units: number | null; low_balance_percent_units: number | null; archived: number; created_at: number; updated_at: number;
  /** free credits given with each purchase, as a promo lot of their own (migration 014; read it with bonusOf) */
  bonus_units?: number;
}

/**
 * A plan's bonus credits. A plan row read from a ledger older than migration 014 (the migration tests build one with
 * today's code) has no such column: no bonus, and savePlan writes the column only when there is one to keep.
 */
export const bonusOf = (p: Pick<PlanRow, 'bonus_units'>): number => p.bonus_units ?? 0;

/** What selling a plan takes: every period's price at once (a pack: its price). passes.sell books this. */
export const salePriceMinor = (p: Pick<PlanRow, 'kind' | 'price_minor' | 'periods'>): number => p.price_minor * (p.kind === 'plan' ? p.periods : 1);

export function planView(r: PlanRow, digits: number): PlanView {
  return {
    id: r.id, kind: r.kind, name: r.name, creditUnit: r.credit_unit, credits: credits(r.credits_units), bonusCredits: credits(bonusOf(r)),
    price: money(r.price_minor, digits),
    salePrice: money(salePriceMinor(r), digits),
    costBasis: costBasis(r.price_minor, r.credits_units, digits),
    validity: r.validity as PlanView['validity'], validityDays: r.validity_days, periods: r.periods,
    rolloverPolicy: r.rollover_policy as PlanView['rolloverPolicy'], rolloverCapCredits: optCredits(r.rollover_cap_units),
    rolloverCapPercent: optPercent(r.rollover_cap_percent_units), rolloverExpiresAfterPeriods: r.rollover_expires_after_periods,
    rolloverMaxTimes: r.rollover_max_times, consumptionOrder: r.consumption_order as PlanView['consumptionOrder'],
    overagePolicy: r.overage_policy as PlanView['overagePolicy'], overagePricePerCredit: optPriceFromMicros(r.overage_price_micros, digits),
    overdraftLimitCredits: optCredits(r.overdraft_limit_units), lowBalanceCredits: optCredits(r.low_balance_units),
    lowBalancePercent: optPercent(r.low_balance_percent_units), archived: r.archived === 1,
  };
}

export function findPlan(db: Db, id: number): PlanRow | undefined {
  return sql(db, 'SELECT * FROM plans WHERE id = ?').get(id) as PlanRow | undefined;
}

export function requirePlan(db: Db, id: number): PlanRow {
  const r = findPlan(db, id);
  if (!r) throw new PassbookError('NOT_FOUND', `There is no plan ${id}.`, { planId: id });
  return r;
}

export function listPlans(db: Db, kind: 'plan' | 'topup' | undefined, includeArchived: boolean): PlanRow[] {
  const where: string[] = [];
  if (kind) where.push(`kind = '${kind === 'plan' ? 'plan' : 'topup'}'`);
  if (!includeArchived) where.push('archived = 0');
  return sql(db, `SELECT * FROM plans ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY kind, passbook_sort_key(name), name, id`).all() as PlanRow[];
}

const opt = <T>(v: T | null | undefined, f: (v: T) => number): number | null => (v === undefined || v === null || v === '' ? null : f(v));

export function savePlan(db: Db, input: z.output<typeof PlanInput>, digits: number, defaultUnit: string, at: number): PlanRow {
  const bad = (field: string, message: string): never => { throw new PassbookError('VALIDATION', `${field}: ${message}`, { field }); };
  // every amount at once: a form marks each wrong field in one go
  const [creditsUnits, priceMinor, capUnits, capPercent, overagePrice, overdraft, lowUnits, lowPercent, bonusUnits] = validateFields(
    () => parseCreditsIn(input.credits, 'credits', 'positive'),
    () => parseMoneyIn(input.price, digits, 'price', 'nonnegative'),
    () => opt(input.rolloverCapCredits, (s) => parseCreditsIn(s, 'rolloverCapCredits', 'nonnegative')),
    () => opt(input.rolloverCapPercent, (s) => parsePercentIn(s, 'rolloverCapPercent')),
    () => opt(input.overagePricePerCredit, (s) => parsePriceIn(s, 'overagePricePerCredit')),
    () => opt(input.overdraftLimitCredits, (s) => parseCreditsIn(s, 'overdraftLimitCredits', 'nonnegative')),
    () => opt(input.lowBalanceCredits, (s) => parseCreditsIn(s, 'lowBalanceCredits', 'nonnegative')),
    () => opt(input.lowBalancePercent, (s) => parsePercentIn(s, 'lowBalancePercent')),
    () => opt(input.bonusCredits, (s) => parseCreditsIn(s, 'bonusCredits', 'nonnegative')) ?? 0,
  );
  // a sale books every period's price at once: that sale price is one amount, under the same limit as any other
  const salePrice = salePriceMinor({ kind: input.kind, price_minor: priceMinor, periods: input.periods });
  if (salePrice > MAX_MONEY_MINOR) {
    bad('price', `${input.periods} periods at this price would take ${shopWords(db).money(salePrice)} at each sale, more than the largest amount accepted (${shopWords(db).money(MAX_MONEY_MINOR)}): lower the price or the number of periods`);
  }
  // and every period's credits can pile up on one pass (rollover), so together they stay within one credit amount
  const allPeriods = BigInt(creditsUnits) * BigInt(input.periods);
  if (input.kind === 'plan' && allPeriods > BigInt(MAX_CREDIT_UNITS)) {
    bad('credits', `${input.periods} periods of these credits could hold ${shopWords(db).credits(allPeriods)} on one pass, more than the largest amount accepted (${shopWords(db).credits(MAX_CREDIT_UNITS)}): lower the credits or the number of periods`);
  }
  // a purchase's credits and its bonus sit on one pass together: within one credit amount, as each is
  if (BigInt(creditsUnits) + BigInt(bonusUnits) > BigInt(MAX_CREDIT_UNITS)) {
    bad('bonusCredits', `with the ${shopWords(db).credits(creditsUnits)} credits bought, this would give more than the largest amount accepted (${shopWords(db).credits(MAX_CREDIT_UNITS)})`);
  }
  if (input.validity === 'days' && !input.validityDays) bad('validityDays', 'is needed when validity is "days"');
  if (input.validity !== 'days' && input.validityDays) bad('validityDays', 'is only for validity "days" (a number of days)');
  const validityDays = input.validity === 'days' ? input.validityDays ?? null : null;
  if (input.kind === 'topup' && input.periods !== 1) bad('periods', 'a top-up pack grants one lot (periods must be 1)');
  if (input.kind === 'topup') refusePassTerms(input, bad);
  if (input.validity === 'none' && input.periods !== 1) bad('periods', 'a pass without validity has one period');
  if (input.rolloverPolicy === 'cap' && capUnits === null && capPercent === null) bad('rolloverCapCredits', 'a cap policy needs a credit or percent cap');
  if (input.kind === 'plan' && lowUnits !== null && lowUnits > creditsUnits) {
    bad('lowBalanceCredits', 'is more than the plan gives: every pass would be low from its sale');
  }
  let unit = input.creditUnit ?? defaultUnit;
  const edited = input.id !== undefined ? requirePlan(db, input.id) : undefined;
  if (edited !== undefined) {
    // sold passes and their top-ups refer to it as what it was
    if (edited.kind !== input.kind) bad('kind', `a ${edited.kind === 'plan' ? 'plan' : 'top-up pack'} stays one: make a new one instead`);
    // an edit that leaves the unit out keeps the plan's, not the shop's unit of today
    unit = input.creditUnit ?? edited.credit_unit;
  }
  // an overage price and an overdraft limit mean something only when overage is allowed: a block plan keeps neither
  const allows = input.overagePolicy === 'allow';
  const values = [
    input.kind, input.name, unit, creditsUnits, priceMinor, input.validity, validityDays, input.periods,
    input.rolloverPolicy, input.rolloverPolicy === 'cap' ? capUnits : null, input.rolloverPolicy === 'cap' ? capPercent : null,
    input.rolloverExpiresAfterPeriods ?? null, input.rolloverMaxTimes ?? null, input.consumptionOrder, input.overagePolicy,
    allows ? overagePrice : null, allows ? overdraft : null, lowUnits, lowPercent,
  ];
  // the bonus column only when there is a bonus to write or one to end: a plan without one writes the row it wrote before 014
  const withBonus = bonusUnits > 0 || (edited !== undefined && bonusOf(edited) > 0);
  if (edited !== undefined) {
    sql(db, `UPDATE plans SET kind = ?, name = ?, credit_unit = ?, credits_units = ?, price_minor = ?, validity = ?, validity_days = ?,
        periods = ?, rollover_policy = ?, rollover_cap_units = ?, rollover_cap_percent_units = ?, rollover_expires_after_periods = ?,
        rollover_max_times = ?, consumption_order = ?, overage_policy = ?, overage_price_micros = ?, overdraft_limit_units = ?,
        low_balance_units = ?, low_balance_percent_units = ?, ${withBonus ? 'bonus_units = ?, ' : ''}updated_at = ? WHERE id = ?`)
      .run(...values, ...(withBonus ? [bonusUnits] : []), at, edited.id);
    return requirePlan(db, edited.id);
  }
  const r = sql(db, `INSERT INTO plans (kind, name, credit_unit, credits_units, price_minor, validity, validity_days, periods,
      rollover_policy, rollover_cap_units, rollover_cap_percent_units, rollover_expires_after_periods, rollover_max_times,
      consumption_order, overage_policy, overage_price_micros, overdraft_limit_units, low_balance_units, low_balance_percent_units,
      ${withBonus ? 'bonus_units, ' : ''}archived, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${withBonus ? '?, ' : ''}0, ?, ?)`)
    .run(...values, ...(withBonus ? [bonusUnits] : []), at, at);
  return requirePlan(db, Number(r.lastInsertRowid));
}

/**
 * A top-up pack adds a lot to a pass whose own plan already has the terms: the pack's credits expire at the pack's
 * end (no rollover, docs/PERIODS.md), and the order credits are used in, overage and low balance are the pass's.
 * A pack saved with any of those would show a rule nothing follows, so it is refused, field by field.
 */
function refusePassTerms(input: z.output<typeof PlanInput>, bad: (field: string, message: string) => never): void {
  const set = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (input.rolloverPolicy !== 'none') bad('rolloverPolicy', "a top-up pack's credits do not roll over: they expire at the pack's end (set its validity, or none to keep them)");
  for (const f of ['rolloverCapCredits', 'rolloverCapPercent', 'rolloverExpiresAfterPeriods', 'rolloverMaxTimes'] as const) {
    if (set(input[f])) bad(f, "a top-up pack's credits do not roll over");
  }
  if (input.consumptionOrder !== 'default') bad('consumptionOrder', "the pass's own plan decides the order its credits are used in");
  if (input.overagePolicy !== 'block' || set(input.overagePricePerCredit) || set(input.overdraftLimitCredits)) {
    bad(input.overagePolicy !== 'block' ? 'overagePolicy' : set(input.overagePricePerCredit) ? 'overagePricePerCredit' : 'overdraftLimitCredits', "the pass's own plan decides overage");
  }
  for (const f of ['lowBalanceCredits', 'lowBalancePercent'] as const) {
    if (set(input[f])) bad(f, "the pass's own plan decides when it is low");
  }
}

export function archivePlan(db: Db, id: number, archived: boolean, at: number): PlanRow {
  requirePlan(db, id);
  sql(db, 'UPDATE plans SET archived = ?, updated_at = ? WHERE id = ?').run(archived ? 1 : 0, at, id);
  return requirePlan(db, id);
}
