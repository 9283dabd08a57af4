// Merging a duplicate customer into the one the shop keeps: one person who ended up as two records (a second card made
// at the counter, an import). One owner action in one transaction does what three dialogs did (move credits, refund
// and cancel at $0.00, forget), without the erasure, which is for a privacy request and would redact a real person:
//  - every live credit of the duplicate's open passes moves to a kept customer's open pass of the same credit unit by
//    the transfer rule (core/corrections/transfer.ts): each part keeps its lot's end and paid value, no money moves;
//  - overage the duplicate owes on account moves with it, receivable to receivable, so it is owed once, by the kept one;
//  - each emptied pass is refunded and cancelled at $0.00 (the refund rule, so 'cancelled' still means a refund row); one
//    past its term that only the moved credits held open has ended with them, and is left ended;
//  - a customer_merges row (migration 024) says who went into whom: the duplicate's card then opens the kept customer,
//    searches and the owner's list leave the duplicate out, and the kept customer's history shows the merge.
// Nothing already written changes. What cannot be carried exactly is refused, in words, with nothing written.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { ACCOUNTS, overageDue, postJournal } from '../journal/journal';
import { credits as creditsText } from '../lots/amounts';
import { liveLots, sql } from '../lots/lots';
import { activePasses, closeDueForCustomer, passStatus, passToDrawFrom, type PassRow } from '../passes/passes';
import { refundPass, unallocatedDeferred } from '../corrections/refund';
import { transferCredits } from '../corrections/transfer';
import { fitsUnit } from '../catalog/units';
import { shopWords } from '../shop/words';
import { iso } from '../lots/amounts';
import { hasMerges, requireCustomer, type CustomerRow } from './customers';

/** The journal kind of overage owed moved from the duplicate's pass to the kept customer's (no other account moves). */
export const MERGE_KIND = 'merge';
/** The start of every reason the merge writes on the rows it makes (transfers, refunds): the history tells them apart by it. */
export const MERGE_REASON = 'Customer merge';

export interface MergeRow { id: number; duplicate_id: number; kept_id: number; reason: string; credits_moved_units: number; overage_moved_minor: number; merged_at: number; client_id: string | null }

export interface Merge {
  mergeId: number; duplicate: CustomerRow; kept: CustomerRow; at: number;
  moved: Array<{ fromPassId: number; toPassId: number; creditsUnits: number; valueMinor: number }>;
  overage: Array<{ fromPassId: number; toPassId: number; amountMinor: number }>;
  cancelledPassIds: number[];
}

/** The merge that took this customer away (they are a duplicate since), if any. */
export function mergeOf(db: Db, customerId: number): MergeRow | undefined {
  if (!hasMerges(db)) return undefined;
  return sql(db, 'SELECT * FROM customer_merges WHERE duplicate_id = ?').get(customerId) as MergeRow | undefined;
}

/**
 * The customer who stands for this one now: itself, or the one it was merged into (followed through later merges: a
 * kept customer may be merged into a third one later; a merge never goes into a merged customer, so there is no loop).
 */
export function currentCustomer(db: Db, c: CustomerRow): CustomerRow {
  let at = c;
  for (let hops = 0; hops < 64; hops += 1) {
    const m = mergeOf(db, at.id);
    if (!m) return at;
    at = requireCustomer(db, m.kept_id);
  }
  return at;
}

/** SQL: the customer `c` (an alias of customers) is not a merged duplicate. */
export const notMergedSql = (c: string): string => `NOT EXISTS (SELECT 1 FROM customer_merges m WHERE m.duplicate_id = ${c}.id)`;

function refuse(reason: string, message: string, details: Record<string, unknown> = {}): PassbookError {
  return new PassbookError('CONFLICT', message, { reason, ...details });
}

function mustBeMergeable(db: Db, c: CustomerRow, role: 'duplicate' | 'kept'): void {
  if (c.forgotten_at != null) {
    throw refuse('FORGOTTEN', role === 'kept'
      ? 'That customer was forgotten at their request: nobody can be merged into a forgotten customer.'
      : 'This customer was forgotten at their request: there is nobody left to merge.', { customerId: c.id });
  }
  const m = mergeOf(db, c.id);
  if (m) {
    const into = currentCustomer(db, c);
    throw refuse('ALREADY_MERGED', role === 'kept'
      ? `${c.name} was merged into ${into.name} on ${shopWords(db).date(m.merged_at)}: merge into ${into.name} instead.`
      : `${c.name} was merged into ${into.name} already, on ${shopWords(db).date(m.merged_at)}.`, { customerId: c.id, mergedInto: into.id });
  }
}

/**
 * Merge customer `duplicateId` into `intoId` (inside the caller's transaction). Refusals (nothing written):
 * VALIDATION for the same customer twice; NOT_FOUND; CONFLICT with details.reason FORGOTTEN, ALREADY_MERGED,
 * NO_PASS_TO_RECEIVE (the kept customer has no open pass of that credit unit), PERIODS_TO_COME (a pass of several
 * periods still to be granted: that money is for the future, not credits to move), OWED_ON_CLOSED_PASS (overage owed
 * on a pass that has ended: a void there could still change it, so it is settled first, not carried).
 */
export function mergeCustomers(db: Db, digits: number, a: { duplicateId: number; intoId: number; reason: string; at: number; clientId?: string | null }): Merge {
  if (a.duplicateId === a.intoId) {
    throw new PassbookError('VALIDATION', 'intoId: a customer is merged into another customer, not into themselves.', { field: 'intoId' });
  }
  const dup = requireCustomer(db, a.duplicateId);
  const kept = requireCustomer(db, a.intoId);
  mustBeMergeable(db, dup, 'duplicate');
  mustBeMergeable(db, kept, 'kept');
  // what period close owes either one's passes first, so an ended credit is not moved and an ended pass is not open
  closeDueForCustomer(db, dup.id, a.at);
  closeDueForCustomer(db, kept.id, a.at);
  const say = shopWords(db);

  const keptOpen = activePasses(db, kept.id, a.at);
  const drawn = passToDrawFrom(db, kept.id, a.at);
  // the pass the counter draws from, when it holds this unit; else the newest open pass of the unit. A kept customer
  // without one is refused rather than given a pass: passes are sold (a plan, a price, a term), and a pass row never
  // changes owner, so the owner sells one (or merges the other way round) and merges then.
  const receiverFor = (unit: string): PassRow | undefined =>
    (drawn && fitsUnit(unit, drawn.credit_unit) ? drawn : keptOpen.find((p) => fitsUnit(unit, p.credit_unit)));

  const dupPasses = sql(db, 'SELECT * FROM passes WHERE customer_id = ? ORDER BY id').all(dup.id) as PassRow[];
  const plan: Array<{ pass: PassRow; creditsUnits: number; owed: number; to: PassRow | undefined }> = [];
  const problems: Array<{ reason: string; words: string; passId: number }> = [];
  for (const p of dupPasses) {
    const owed = overageDue(db, p.id);
    const status = passStatus(db, p, a.at);
    if (status !== 'active') {
      if (owed !== 0) {
        problems.push({ reason: 'OWED_ON_CLOSED_PASS', passId: p.id, words: `${owed > 0 ? `${say.money(owed)} of overage is still owed` : `the shop still owes ${say.money(-owed)} of overage`} on ${dup.name}'s ${status} pass ${p.plan_name} #${p.id} (settle it there first)` });
      }
      continue;
    }
    if (unallocatedDeferred(db, p.id) > 0) {
      problems.push({ reason: 'PERIODS_TO_COME', passId: p.id, words: `${dup.name}'s pass ${p.plan_name} #${p.id} still has periods to come that were paid for and not granted yet (refund it first, or merge when its term is over)` });
      continue;
    }
    if (owed < 0) {
      problems.push({ reason: 'OWED_ON_CLOSED_PASS', passId: p.id, words: `the shop still owes ${say.money(-owed)} of overage on ${dup.name}'s pass ${p.plan_name} #${p.id} (pay it back first)` });
      continue;
    }
    const creditsUnits = liveLots(db, p.id, a.at).reduce((n, l) => n + l.remaining_units, 0);
    // credits go to a pass of their unit; overage owed alone is money and may go to any open pass of the kept customer
    const to = creditsUnits > 0 ? receiverFor(p.credit_unit) : owed > 0 ? (drawn ?? keptOpen[0]) : undefined;
    if (creditsUnits > 0 && !to) {
      problems.push({ reason: 'NO_PASS_TO_RECEIVE', passId: p.id, words: `${kept.name} has no open pass of ${p.credit_unit} credits to receive ${dup.name}'s ${say.credits(creditsUnits, p.credit_unit)} (sell ${kept.name} a pass first, or merge the other way round)` });
      continue;
    }
    if (owed > 0 && !to) {
      problems.push({ reason: 'NO_PASS_TO_RECEIVE', passId: p.id, words: `${kept.name} has no open pass to carry the ${say.money(owed)} of overage ${dup.name} owes (take the payment first)` });
      continue;
    }
    plan.push({ pass: p, creditsUnits, owed, to });
  }
  if (problems.length > 0) {
    throw refuse(problems[0]!.reason, `${dup.name} cannot be merged into ${kept.name} yet: ${problems.map((p) => p.words).join('; and ')}.`, {
      customerId: dup.id, intoId: kept.id, problems: problems.map((p) => ({ reason: p.reason, passId: p.passId })),
    });
  }

  const why = `${MERGE_REASON}: ${a.reason}`.slice(0, 200);
  const out: Merge = { mergeId: 0, duplicate: dup, kept, at: a.at, moved: [], overage: [], cancelledPassIds: [] };
  for (const { pass, creditsUnits, owed, to } of plan) {
    if (creditsUnits > 0) {
      const t = transferCredits(db, digits, { fromPassId: pass.id, toPassId: to!.id, credits: creditsText(creditsUnits), reason: why, at: a.at, clientId: a.clientId ?? null });
      out.moved.push({ fromPassId: pass.id, toPassId: to!.id, creditsUnits: t.creditsUnits, valueMinor: t.valueMinor });
    }
    if (owed > 0) {
      // owed once, by the kept customer: the receivable leaves the duplicate's pass and arrives on the kept one's
      postJournal(db, {
        kind: MERGE_KIND, memo: `Overage owed moved from pass ${pass.id} to pass ${to!.id}: ${why}`.slice(0, 300), passId: pass.id, customerId: dup.id,
        at: a.at, clientId: a.clientId ?? null,
        lines: [
          { account: ACCOUNTS.receivable, amount: owed, passId: to!.id, customerId: kept.id },
          { account: ACCOUNTS.receivable, amount: -owed, passId: pass.id, customerId: dup.id },
        ],
      });
      out.overage.push({ fromPassId: pass.id, toPassId: to!.id, amountMinor: owed });
    }
    // a pass past its term that only these credits held open has ended with them gone: nothing is left to cancel, and
    // the refund rule (an open pass only) refused the whole merge with 'This pass has ended'
    if (passStatus(db, pass, a.at) !== 'active') continue;
    // emptied and owing nothing: cancelled at $0.00 by the refund rule, so no money can leave here
    const r = refundPass(db, { passId: pass.id, reason: why, paymentMethod: 'cash', at: a.at, clientId: a.clientId ?? null });
    if (r.refundedMinor !== 0 || r.settledMinor !== 0) {
      throw new PassbookError('INTERNAL', `Pass ${pass.id} still held ${say.money(r.refundedMinor)} after its credits moved: nothing was merged.`, { passId: pass.id });
    }
    out.cancelledPassIds.push(pass.id);
  }
  const m = sql(db, `INSERT INTO customer_merges (duplicate_id, kept_id, reason, credits_moved_units, overage_moved_minor, merged_at, client_id)
      VALUES (?, ?, ?, ?, ?, ?, ?)`).run(dup.id, kept.id, a.reason, out.moved.reduce((n, x) => n + x.creditsUnits, 0),
    out.overage.reduce((n, x) => n + x.amountMinor, 0), a.at, a.clientId ?? null);
  out.mergeId = Number(m.lastInsertRowid);
  return out;
}

/** The customers merged into this one (directly), oldest first: for the customer's page. */
export function mergedInto(db: Db, keptId: number): Array<{ id: number; name: string; code: string; at: string }> {
  if (!hasMerges(db)) return [];
  return (sql(db, `SELECT c.id, c.name, c.code, m.merged_at FROM customer_merges m JOIN customers c ON c.id = m.duplicate_id
      WHERE m.kept_id = ? ORDER BY m.merged_at, m.id`).all(keptId) as { id: number; name: string; code: string; merged_at: number }[])
    .map((r) => ({ id: r.id, name: r.name, code: r.code, at: iso(r.merged_at) }));
}
