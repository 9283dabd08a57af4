// Redeem: draw items down from a pass. credits = quantity × rate (exact Decimal, rounded once per line to
// millionths with Rounding.credits); lots are consumed in the pass's order, one entry per lot touched;
// what the lots cannot cover is overage, handled by the pass's policy (block / allow within the overdraft
// limit, settled now or on account). Revenue per lot uses cumulative rounding (core/lots/lots.ts).
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import type { RedeemResult } from '../contract/counter';
import type { LowBalance } from '../contract/ledger';
import { itemUnit, requireItem } from '../catalog/items';
import { fitsUnit } from '../catalog/units';
import { ACCOUNTS, overageDue, paymentAccount, postJournal, type JournalLine, type PaymentMethod } from '../journal/journal';
import { credits, iso, money, parseCreditsIn, parseMoneyIn } from '../lots/amounts';
import { liveLots, passBalance, planTakes, recognitionFor, sql, writeEntry } from '../lots/lots';
import { cutText } from '../books/text';
import { CREDIT_FACTOR, Decimal, MAX_CREDIT_UNITS, MAX_MONEY_MINOR } from '../money/decimal';
import { activePasses, closeDueForCustomer, lowBalanceOf, requireOpenPass, type PassRow } from '../passes/passes';
import { requireCustomer } from '../customers/customers';
import type { ShopRow } from '../shop/settings';
import { creditsOf, moneyOrTooLarge } from './pricing';
import { shopWords } from '../shop/words';

export interface RedeemArgs {
  passId?: number | undefined;
  customerId?: number | undefined;
  items: { itemId: number; quantity: string }[];
  overageSettlement?: 'now' | 'account' | undefined;
  paymentMethod?: PaymentMethod | undefined;
  /** what the screen showed: the credits the cart takes, the overage amount agreed (decimal strings) */
  expected?: { credits?: string | undefined; overageAmount?: string | undefined } | undefined;
  at: number;
  clientId?: string | null;
}

/**
 * Which pass a redemption is for: the given one, or the single active pass of the customer that the items fit
 * (`fits`: their credit unit; a customer with a drink pass and a pastry pass redeems a croissant from the pastry one).
 */
export function resolvePass(db: Db, a: { passId?: number | undefined; customerId?: number | undefined }, at: number, fits: (p: PassRow) => boolean = () => true): PassRow {
  if (a.passId !== undefined) return requireOpenPass(db, a.passId, at);
  const customer = requireCustomer(db, a.customerId as number);
  closeDueForCustomer(db, customer.id, at);
  const all = activePasses(db, customer.id, at);
  if (all.length === 0) throw new PassbookError('NOT_FOUND', `${customer.name} has no active pass.`, { customerId: customer.id });
  const fitting = all.filter(fits);
  const active = fitting.length > 0 ? fitting : all;
  if (active.length > 1) {
    throw new PassbookError('VALIDATION', `${customer.name} has ${active.length} active passes: choose one (passId).`, {
      field: 'passId',
      passes: active.map((p) => ({ passId: p.id, planName: p.plan_name, balance: credits(passBalance(db, p.id, at)), soldAt: iso(p.sold_at) })),
    });
  }
  return active[0]!;
}

interface Line {
  itemId: number; name: string; usageUnit: string; quantity: number; rate: number; credits: number; cashMinor: number; overage: number;
}

export function redeem(db: Db, shop: ShopRow, a: RedeemArgs): RedeemResult {
  const digits = shop.minor_digits;
  const items = a.items.map((it) => requireItem(db, it.itemId));
  const units = items.map((item) => itemUnit(item, shop));
  const pass = resolvePass(db, a, a.at, (p) => units.every((u) => fitsUnit(u, p.credit_unit)));

  const lines: Line[] = a.items.map((it, i) => {
    const item = items[i]!;
    if (item.archived) throw new PassbookError('VALIDATION', `items.${i}.itemId: "${item.name}" is archived.`, { field: `items.${i}.itemId` });
    if (!fitsUnit(units[i]!, pass.credit_unit)) {
      throw new PassbookError('VALIDATION', `items.${i}.itemId: "${item.name}" draws ${units[i]} credits; this pass holds ${pass.credit_unit}.`, {
        field: `items.${i}.itemId`, itemUnit: units[i], passUnit: pass.credit_unit,
      });
    }
    const quantity = parseCreditsIn(it.quantity, `items.${i}.quantity`, 'positive');
    const c = creditsOf(quantity, item.rate_units, `items.${i}.quantity`);
    if (c <= 0) throw new PassbookError('VALIDATION', `items.${i}.quantity: too small to draw any credit.`, { field: `items.${i}.quantity` });
    if (c > MAX_CREDIT_UNITS) throw new PassbookError('VALIDATION', `items.${i}.quantity: is too large.`, { field: `items.${i}.quantity` });
    return { itemId: item.id, name: item.name, usageUnit: item.usage_unit, quantity, rate: item.rate_units, credits: c, cashMinor: item.cash_price_minor, overage: 0 };
  });
  const needs = lines.reduce((s, l) => s + l.credits, 0);
  if (needs > MAX_CREDIT_UNITS) throw new PassbookError('VALIDATION', 'items: too many credits in one redemption.', { field: 'items' });
  // the cart as the screen showed it: a rate the owner changed meanwhile would take other credits than the cashier said
  const shownCredits = a.expected?.credits === undefined ? undefined : parseCreditsIn(a.expected.credits, 'expected.credits', 'nonnegative');
  if (shownCredits !== undefined && shownCredits !== needs) {
    const say = shopWords(db);
    throw new PassbookError('CONFLICT', `This cart now takes ${say.credits(needs, pass.credit_unit)}, not ${say.credits(shownCredits, pass.credit_unit)} as the screen said: an item's rate was changed meanwhile. Nothing was written.`, {
      reason: 'CHANGED', needs: credits(needs), shown: credits(shownCredits),
    });
  }

  const lots = liveLots(db, pass.id, a.at, pass.consumption_order);
  const has = lots.reduce((s, l) => s + l.remaining_units, 0);
  const { takes, uncovered } = planTakes(lots, needs);

  let overage: { credits: number; minor: number; settlement: 'now' | 'account'; method: PaymentMethod | null } | null = null;
  if (uncovered > 0) {
    const say = shopWords(db);
    const msg = `This pass has ${say.credits(has, pass.credit_unit)}, needs ${say.credits(needs, pass.credit_unit)}.`;
    if (pass.overage_policy === 'block') {
      throw new PassbookError('INSUFFICIENT_CREDITS', msg, { has: credits(has), needs: credits(needs), overagePolicy: 'block' });
    }
    // the lots cover the dearest credits first (cash price per credit), so what is over is charged at the lowest
    // price in the cart, and the same cart costs the same whichever item was rung up first
    let cover = has;
    for (const l of coverOrder(lines)) {
      const c = Math.min(cover, l.credits);
      cover -= c;
      l.overage = l.credits - c;
    }
    const amount = lines.reduce((s, l) => s.add(overageValue(pass, l, digits)), new Decimal(0));
    const minor = moneyOrTooLarge(amount, digits, 'items');
    // a pass's overage over its life stays within one money amount: what it owes on account, its statements' overage
    // totals and its refund's settlement are sums of it, and each must stay an exact integer (never INTERNAL on a read).
    // Undone and voided redemptions do not count (statements leave them out); the redemptions_overage index holds the rest
    const past = (sql(db, `SELECT coalesce(sum(r.overage_minor), 0) AS n FROM redemptions r
        WHERE r.pass_id = ? AND (r.overage_units <> 0 OR r.overage_minor <> 0)
          AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.redemption_id = r.id)`).get(pass.id) as { n: number }).n;
    if (past + minor > MAX_MONEY_MINOR) {
      throw new PassbookError('VALIDATION', `items: this pass has recorded ${say.money(past)} of overage; ${say.money(minor)} more would pass the largest amount one pass can record (${say.money(MAX_MONEY_MINOR)}).`, {
        field: 'items', overageRecorded: money(past, digits), overageAmount: money(minor, digits), limit: money(MAX_MONEY_MINOR, digits),
      });
    }
    // the overdraft limit caps what a pass owes on account: overage charged now is paid, so it does not count, and a
    // customer over the limit can still pay at the counter
    let accountAllowed = true;
    if (pass.overdraft_limit_units !== null && a.overageSettlement !== 'now') {
      const owed = creditsOnAccount(db, pass.id);
      if (uncovered + owed > pass.overdraft_limit_units) {
        const u = pass.credit_unit;
        const extra = owed > 0 ? ` (plus ${say.credits(owed, u)} still on account)` : '';
        const over = `That is ${say.credits(uncovered, u)} over${extra}, above this pass's overdraft limit of ${say.credits(pass.overdraft_limit_units, u)}`;
        const details = {
          has: credits(has), needs: credits(needs), overageCredits: credits(uncovered), onAccountCredits: credits(owed),
          overdraftLimit: credits(pass.overdraft_limit_units),
        };
        if (a.overageSettlement === 'account') throw new PassbookError('OVERDRAFT_LIMIT', `${msg} ${over}: charge it now instead.`, details);
        accountAllowed = false;
      }
    }
    // the overage as offered: another counter used the pass, or the owner changed a price, since the offer
    const agreed = a.expected?.overageAmount === undefined ? undefined : parseMoneyIn(a.expected.overageAmount, digits, 'expected.overageAmount', 'nonnegative');
    const changed = a.overageSettlement !== undefined && agreed !== undefined && agreed !== minor;
    if (!a.overageSettlement || changed) {
      const u = pass.credit_unit;
      const before = changed ? `Changed since it was offered for ${say.money(agreed)}: nothing was written. ` : '';
      throw new PassbookError('INSUFFICIENT_CREDITS', before + (accountAllowed
        ? `${msg} The ${say.credits(uncovered, u)} over cost ${say.money(minor)}: charge now or put on account.`
        : `${msg} The ${say.credits(uncovered, u)} over cost ${say.money(minor)}: charge now (on account would pass the overdraft limit of ${say.credits(pass.overdraft_limit_units ?? 0, u)}).`), {
        has: credits(has), needs: credits(needs), overageCredits: credits(uncovered), overageAmount: money(minor, digits), overagePolicy: 'allow', accountAllowed,
        ...(changed ? { changed: true } : {}),
      });
    }
    overage = {
      credits: uncovered, minor, settlement: a.overageSettlement,
      method: a.overageSettlement === 'now' ? a.paymentMethod ?? 'cash' : null,
    };
  }

  // money: each lot's recognition, then the overage
  const perLot = takes.map((t) => ({ ...t, money: recognitionFor(t.lot, t.credits, digits) }));
  const jl: JournalLine[] = [];
  for (const t of perLot) {
    jl.push({ account: ACCOUNTS.deferred, amount: t.money, lotId: t.lot.id });
    jl.push({ account: ACCOUNTS.redemptions, amount: -t.money, lotId: t.lot.id });
  }
  if (overage && overage.minor > 0) {
    jl.push({ account: overage.settlement === 'now' ? paymentAccount(overage.method ?? 'cash') : ACCOUNTS.receivable, amount: overage.minor });
    jl.push({ account: ACCOUNTS.overage, amount: -overage.minor });
  }
  const names = lines.map((l) => l.name).join(', ');
  const txId = postJournal(db, { kind: 'redeem', memo: cutText(`Redeemed ${names}`, 200), passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null, lines: jl });

  const covered = needs - uncovered;
  const r = sql(db, `INSERT INTO redemptions (pass_id, customer_id, occurred_at, credits_units, covered_units, overage_units, overage_minor,
      overage_settlement, payment_method, balance_before_units, balance_after_units, journal_tx_id, client_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(pass.id, pass.customer_id, a.at, needs, covered, overage?.credits ?? 0, overage?.minor ?? 0, overage?.settlement ?? null,
      overage?.method ?? null, has, has - covered, txId, a.clientId ?? null);
  const redemptionId = Number(r.lastInsertRowid);
  const insLine = sql(db, `INSERT INTO redemption_lines (redemption_id, line_no, item_id, item_name, usage_unit, quantity_units, rate_units,
      credits_units, cash_price_minor, overage_units) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  lines.forEach((l, i) => insLine.run(redemptionId, i + 1, l.itemId, l.name, l.usageUnit, l.quantity, l.rate, l.credits, l.cashMinor, l.overage));
  for (const t of perLot) {
    writeEntry(db, {
      lotId: t.lot.id, passId: pass.id, kind: 'redeem', credits: -t.credits, money: t.money, consumedDelta: t.credits, bucket: 'recognized',
      redemptionId, journalTxId: txId, at: a.at,
    });
  }
  if (overage && overage.settlement === 'now' && overage.minor > 0) {
    sql(db, `INSERT INTO payments (kind, pass_id, customer_id, method, amount_minor, redemption_id, journal_tx_id, occurred_at)
        VALUES ('overage', ?, ?, ?, ?, ?, ?, ?)`).run(pass.id, pass.customer_id, overage.method ?? 'cash', overage.minor, redemptionId, txId, a.at);
  }

  const after = has - covered;
  const low: LowBalance = lowBalanceOf(pass, after);
  return {
    redemptionId, passId: pass.id, balanceBefore: credits(has), balanceAfter: credits(after), creditsUsed: credits(needs),
    lines: lines.map((l) => ({ itemId: l.itemId, name: l.name, quantity: credits(l.quantity), rate: credits(l.rate), credits: credits(l.credits) })),
    lotsTouched: perLot.map((t) => ({ lotId: t.lot.id, credits: credits(t.credits), expiresAt: t.lot.expires_at === null ? null : iso(t.lot.expires_at) })),
    overage: overage ? {
      credits: credits(overage.credits), amount: money(overage.minor, digits), settlement: overage.settlement,
      paymentMethod: overage.settlement === 'now' ? overage.method ?? 'cash' : null,
    } : null,
    lowBalance: low,
    undoUntil: iso(a.at + shop.undo_window_seconds * 1000),
    at: iso(a.at),
  };
}

/**
 * Overage credits still "in the red" on account: the overage of the live (not undone/voided) redemptions put
 * on account that payments have not yet covered. Payments pay the oldest overage first; a redemption paid in
 * part still counts the share of its credits not paid for (rounded up: the limit never lets more through).
 * The overdraft limit caps this plus a new redemption's overage put on account; overage charged now is paid at
 * once and is not limited (the counter is told accountAllowed: false and offers only to charge it).
 */
export function creditsOnAccount(db: Db, passId: number): number {
  const due = overageDue(db, passId);
  if (due <= 0) return 0;
  const rows = sql(db, `SELECT overage_units AS units, overage_minor AS minor FROM redemptions r WHERE r.pass_id = ? AND r.overage_settlement = 'account'
      AND r.overage_units > 0 AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.redemption_id = r.id) ORDER BY r.occurred_at, r.id`).all(passId) as { units: number; minor: number }[];
  let paid = Math.max(0, rows.reduce((s, r) => s + r.minor, 0) - due);
  let owed = 0;
  for (const r of rows) {
    const cover = Math.min(paid, r.minor);
    paid -= cover;
    const unpaid = r.minor - cover;
    if (unpaid > 0) owed += Number((BigInt(r.units) * BigInt(unpaid) + BigInt(r.minor) - 1n) / BigInt(r.minor));
  }
  return owed;
}

/**
 * The order the lots cover a cart's lines in: dearest cash price per credit first (compared exactly, cross-multiplied
 * in BigInt), then item id, then quantity, so it never depends on the order the lines were rung up in.
 */
function coverOrder(lines: Line[]): Line[] {
  const perCredit = (a: Line, b: Line): bigint => BigInt(b.cashMinor) * BigInt(a.rate) - BigInt(a.cashMinor) * BigInt(b.rate);
  return [...lines].sort((a, b) => {
    const d = perCredit(a, b);
    if (d !== 0n) return d > 0n ? 1 : -1;
    return a.itemId - b.itemId || a.quantity - b.quantity;
  });
}

/**
 * Value of a line's uncovered credits: the plan's overage price per credit, else that share of the line's cash
 * price (quantity × cash price × over ÷ credits). A line wholly over costs exactly quantity × cash price: the credits,
 * rounded to millionths, are never turned back into money (a tiny rate would round twice).
 */
function overageValue(pass: PassRow, l: Line, digits: number): Decimal {
  if (l.overage <= 0) return new Decimal(0);
  if (pass.overage_price_micros !== null) return new Decimal(l.overage).div(CREDIT_FACTOR).mul(pass.overage_price_micros).div(1_000_000);
  const cash = new Decimal(l.cashMinor).div(new Decimal(10).pow(digits));
  const lineCash = cash.mul(new Decimal(l.quantity).div(CREDIT_FACTOR));
  return l.overage === l.credits ? lineCash : lineCash.mul(l.overage).div(l.credits);
}
