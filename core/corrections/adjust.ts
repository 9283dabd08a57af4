// Owner adjustment of a pass's credits, with a reason.
//  +N: a new 'adjustment' lot with cost basis 0 (no money moves), ending with the current period
//      (never, for passes without expiry).
//  −N: credits taken from the live lots in consumption order, one entry per lot; the paid value of what
//      is taken is written off as breakage (deferred ↓, revenue:breakage ↑), computed with the same
//      cumulative rounding as a redemption, so a lot used up this way still releases exactly its price.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { ACCOUNTS, postJournal, type JournalLine } from '../journal/journal';
import { credits, parseCreditsIn } from '../lots/amounts';
import { currentPeriodEnd } from '../lots/expiry';
import { grantLot, liveLots, planTakes, recognitionFor, sql, writeEntry } from '../lots/lots';
import { MAX_CREDIT_UNITS } from '../money/decimal';
import { requireOpenPass } from '../passes/passes';
import { shopWords } from '../shop/words';

export interface AdjustArgs { passId: number; credits: string; reason: string; at: number; clientId?: string | null }

export function adjustPass(db: Db, digits: number, a: AdjustArgs): number {
  const pass = requireOpenPass(db, a.passId, a.at);
  const delta = parseCreditsIn(a.credits, 'credits', 'any');
  if (delta === 0) throw new PassbookError('VALIDATION', 'credits: must not be zero.', { field: 'credits' });
  if (Math.abs(delta) > MAX_CREDIT_UNITS) throw new PassbookError('VALIDATION', 'credits: is too large.', { field: 'credits' });
  if (delta > 0) {
    const c = sql(db, `INSERT INTO corrections (kind, pass_id, credits_units, reason, occurred_at, client_id) VALUES ('adjust', ?, ?, ?, ?, ?)`)
      .run(pass.id, delta, a.reason, a.at, a.clientId ?? null);
    const correctionId = Number(c.lastInsertRowid);
    grantLot(db, {
      passId: pass.id, source: 'adjustment', planId: null, amountUnits: delta, paidMinor: 0, grantedAt: a.at, expiresAt: currentPeriodEnd(pass, a.at),
      reason: a.reason, createdBy: 'passes.adjust', clientId: a.clientId ?? null, correctionId,
    });
    return correctionId;
  }
  const want = -delta;
  const lots = liveLots(db, pass.id, a.at, pass.consumption_order);
  const has = lots.reduce((s, l) => s + l.remaining_units, 0);
  const { takes, uncovered } = planTakes(lots, want);
  if (uncovered > 0) {
    const say = shopWords(db);
    throw new PassbookError('INSUFFICIENT_CREDITS', `This pass has ${say.credits(has, pass.credit_unit)}, cannot take off ${say.credits(want)}.`, {
      has: credits(has), needs: credits(want),
    });
  }
  const perLot = takes.map((t) => ({ ...t, money: recognitionFor(t.lot, t.credits, digits) }));
  const jl: JournalLine[] = [];
  for (const t of perLot) {
    jl.push({ account: ACCOUNTS.deferred, amount: t.money, lotId: t.lot.id });
    jl.push({ account: ACCOUNTS.breakage, amount: -t.money, lotId: t.lot.id });
  }
  const txId = postJournal(db, { kind: 'adjust', memo: `Adjustment ${credits(delta)}: ${a.reason}`.slice(0, 300), passId: pass.id, customerId: pass.customer_id, at: a.at, clientId: a.clientId ?? null, lines: jl });
  const c = sql(db, `INSERT INTO corrections (kind, pass_id, credits_units, reason, journal_tx_id, occurred_at, client_id) VALUES ('adjust', ?, ?, ?, ?, ?, ?)`)
    .run(pass.id, delta, a.reason, txId, a.at, a.clientId ?? null);
  const correctionId = Number(c.lastInsertRowid);
  for (const t of perLot) {
    writeEntry(db, {
      lotId: t.lot.id, passId: pass.id, kind: 'adjust', credits: -t.credits, money: t.money, consumedDelta: t.credits, bucket: 'recognized',
      correctionId, journalTxId: txId, at: a.at,
    });
  }
  return correctionId;
}
