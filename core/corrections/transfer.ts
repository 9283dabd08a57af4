// Owner: move credits from one pass to another (two passes of one customer merged, a gift to a family member).
// The credits are taken from the source pass in its consumption order, as an owner's −N adjustment takes them (the
// same lot entries, so each lot stays on its revenue schedule and a lot used up still recognises exactly its price),
// and each part arrives as a new lot on the target pass carrying the paid value it took: the same cost basis, the
// same end (its own validity: it does not roll over), parent_lot_id the lot it came from. No money enters or leaves:
// one journal transaction moves deferred revenue from the source lots to the new lots, a line per lot on its own pass.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { ACCOUNTS, postJournal, type JournalLine } from '../journal/journal';
import { credits, parseCreditsIn } from '../lots/amounts';
import { grantLot, liveLots, planTakes, recognitionFor, sql, writeEntry } from '../lots/lots';
import { MAX_CREDIT_UNITS } from '../money/decimal';
import { fitsUnit } from '../catalog/units';
import { requireOpenPass } from '../passes/passes';
import { shopWords } from '../shop/words';

export interface TransferArgs { fromPassId: number; toPassId: number; credits: string; reason: string; at: number; clientId?: string | null }
export interface Transfer { creditsUnits: number; valueMinor: number; lots: Array<{ fromLotId: number; toLotId: number; creditsUnits: number; valueMinor: number }> }

/** The journal memo's start: the owner's history tells a transfer's adjustments apart by it. */
export const TRANSFER_MEMO = 'Transfer';
/** Its journal transaction's kind (a void refuses to restore into a lot credits were moved from since). */
export const TRANSFER_KIND = 'transfer';

/** What each pass's correction says of a move (the history and the customer's statement read it). */
export const movedTo = (passId: number, reason: string): string => `Moved to pass ${passId}: ${reason}`.slice(0, 300);
export const movedFrom = (passId: number, reason: string): string => `Moved from pass ${passId}: ${reason}`.slice(0, 300);

export function transferCredits(db: Db, digits: number, a: TransferArgs): Transfer {
  if (a.fromPassId === a.toPassId) throw new PassbookError('VALIDATION', 'toPassId: credits move to another pass, not to the same one.', { field: 'toPassId' });
  const from = requireOpenPass(db, a.fromPassId, a.at);
  const to = requireOpenPass(db, a.toPassId, a.at);
  if (!fitsUnit(from.credit_unit, to.credit_unit)) {
    throw new PassbookError('VALIDATION', `toPassId: that pass holds ${to.credit_unit} credits; these are ${from.credit_unit}.`, { field: 'toPassId' });
  }
  const want = parseCreditsIn(a.credits, 'credits', 'positive');
  if (want > MAX_CREDIT_UNITS) throw new PassbookError('VALIDATION', 'credits: is too large.', { field: 'credits' });
  const lots = liveLots(db, from.id, a.at, from.consumption_order);
  const { takes, uncovered } = planTakes(lots, want);
  if (uncovered > 0) {
    const say = shopWords(db);
    const has = lots.reduce((s, l) => s + l.remaining_units, 0);
    throw new PassbookError('INSUFFICIENT_CREDITS', `This pass has ${say.credits(has, from.credit_unit)}, cannot move ${say.credits(want)}.`, {
      has: credits(has), needs: credits(want),
    });
  }
  // each part's paid value, on its lot's schedule (a lot emptied by the move gives all that is left of its price)
  const parts = takes.map((t) => ({ ...t, money: recognitionFor(t.lot, t.credits, digits) }));
  const newLots = parts.map((p) => grantLot(db, {
    passId: to.id, source: 'adjustment', planId: null, amountUnits: p.credits, paidMinor: p.money, grantedAt: a.at, expiresAt: p.lot.expires_at,
    parentLotId: p.lot.id, reason: a.reason, createdBy: 'passes.transfer', clientId: a.clientId ?? null,
  }));
  const lines: JournalLine[] = [];
  parts.forEach((p, i) => {
    lines.push({ account: ACCOUNTS.deferred, amount: p.money, lotId: p.lot.id });
    lines.push({ account: ACCOUNTS.deferred, amount: -p.money, lotId: newLots[i]!, passId: to.id, customerId: to.customer_id });
  });
  const memo = `${TRANSFER_MEMO} of ${credits(want)} from pass ${from.id} to pass ${to.id}: ${a.reason}`;
  const txId = postJournal(db, { kind: TRANSFER_KIND, memo: memo.slice(0, 300), passId: from.id, customerId: from.customer_id, at: a.at, clientId: a.clientId ?? null, lines });
  const correction = sql(db, `INSERT INTO corrections (kind, pass_id, credits_units, reason, journal_tx_id, occurred_at, client_id) VALUES ('adjust', ?, ?, ?, ?, ?, ?)`);
  const out = Number(correction.run(from.id, -want, movedTo(to.id, a.reason), txId, a.at, a.clientId ?? null).lastInsertRowid);
  correction.run(to.id, want, movedFrom(from.id, a.reason), txId, a.at, a.clientId ?? null);
  for (const p of parts) {
    writeEntry(db, {
      lotId: p.lot.id, passId: from.id, kind: 'adjust', credits: -p.credits, money: p.money, consumedDelta: p.credits, bucket: 'recognized',
      correctionId: out, journalTxId: txId, at: a.at,
    });
  }
  return {
    creditsUnits: want, valueMinor: parts.reduce((s, p) => s + p.money, 0),
    lots: parts.map((p, i) => ({ fromLotId: p.lot.id, toLotId: newLots[i]!, creditsUnits: p.credits, valueMinor: p.money })),
  };
}
