// The shop's corrections, newest first: every undo, void, adjustment, move, refund, gift of free credits, extension
// (and one taken back) and sale without a pass reversed, between two local days, with who made it (the counter or the
// owner), the customer, and the reason given. What an owner checks after a busy week and an accountant asks for beside
// the books: why money went back and credits changed outside a sale or a redemption. One UNION over append-only tables,
// each branch on a time index (migration 018), so a long ledger does not slow it.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { nextLocalMidnight, startOfLocalDate } from '../periods/calendar';
import { correctionWords, extensionWordsSql, quantitySql } from '../owner/correctionWords';
import { requireShop } from '../shop/settings';
import { shopWords } from '../shop/words';
import { methodChangeWords, methodChangeWordsSql } from '../corrections/paymentMethod';

export type CorrectionKind = 'undo' | 'void' | 'adjust' | 'move' | 'refund' | 'gift' | 'extend' | 'extend_undo' | 'cash_undo' | 'cash_void' | 'method';

export interface CorrectionRow {
  kind: CorrectionKind; id: number; at: number; by: 'counter' | 'owner';
  customerId: number | null; customerName: string | null; passId: number | null; planName: string | null;
  description: string; creditsUnits: number | null; moneyMinor: number | null; reason: string | null;
}

interface Raw {
  kind: string; id: number; at: number; pass_id: number | null; plan_name: string | null; customer_id: number | null; customer_name: string | null;
  credits: number | null; money: number | null; items: string | null; reason: string | null; words: string | null;
}


const UNION = `
  SELECT c.kind AS kind, c.id AS id, c.occurred_at AS at, c.pass_id, p.plan_name, cu.id AS customer_id, cu.name AS customer_name,
         c.credits_units AS credits, CASE WHEN c.money_minor <> 0 THEN -c.money_minor END AS money,
         CASE WHEN c.redemption_id IS NOT NULL THEN (SELECT group_concat(rl.item_name || ' × ' || ${quantitySql('rl.quantity_units')}, ', ')
           FROM redemption_lines rl WHERE rl.redemption_id = c.redemption_id) END AS items, c.reason, NULL AS words
  FROM corrections c JOIN passes p ON p.id = c.pass_id JOIN customers cu ON cu.id = p.customer_id
  WHERE c.occurred_at >= :from AND c.occurred_at < :to
  UNION ALL
  -- an extension or one taken back: one per request and pass (its rows share the pass, the instant and the client id:
  -- two requests at one instant, while the clock was behind, are two rows)
  SELECT CASE WHEN x.undoes IS NULL THEN 'extend' ELSE 'extend_undo' END, min(x.id), x.occurred_at, x.pass_id, p.plan_name, cu.id, cu.name,
         NULL, NULL, NULL, max(x.reason), ${extensionWordsSql('p.credit_unit')}
  FROM lot_extensions x JOIN passes p ON p.id = x.pass_id JOIN customers cu ON cu.id = p.customer_id
  WHERE x.occurred_at >= :from AND x.occurred_at < :to
  GROUP BY x.pass_id, x.occurred_at, x.client_id, x.undoes IS NULL
  UNION ALL
  -- free credits the owner gave (a bonus that came with a purchase is the plan's, not a correction)
  SELECT 'gift', l.id, l.granted_at, l.pass_id, p.plan_name, cu.id, cu.name, l.amount_units, NULL, NULL, l.reason, NULL
  FROM lots l JOIN passes p ON p.id = l.pass_id JOIN customers cu ON cu.id = p.customer_id
  WHERE l.source = 'promo' AND l.parent_lot_id IS NULL AND l.granted_at >= :from AND l.granted_at < :to
  UNION ALL
  -- a sale without a pass undone at the counter or voided by the owner: its money went back
  SELECT 'cash_' || r.kind, r.id, r.occurred_at, NULL, NULL, NULL, NULL, NULL, -s.total_minor,
         (SELECT group_concat(sl.item_name || ' × ' || ${quantitySql('sl.quantity_units')}, ', ') FROM cash_sale_lines sl WHERE sl.sale_id = s.id), r.reason, NULL
  FROM cash_sale_reversals r JOIN cash_sales s ON s.id = r.sale_id
  WHERE r.occurred_at >= :from AND r.occurred_at < :to
  UNION ALL
  -- a payment's way corrected (core/corrections/paymentMethod.ts): no money went back, it is counted under another way;
  -- its words carry the two ways, the amount and what was paid ("cash card 5000 sale")
  SELECT 'method', pc.id, pc.occurred_at, y.pass_id, p.plan_name, cu.id, cu.name, NULL, NULL,
         CASE WHEN pc.cash_sale_id IS NOT NULL THEN (SELECT group_concat(sl.item_name || ' × ' || ${quantitySql('sl.quantity_units')}, ', ') FROM cash_sale_lines sl WHERE sl.sale_id = pc.cash_sale_id) END,
         pc.reason, ${methodChangeWordsSql('pc', "coalesce(y.kind, 'cash_sale')")}
  FROM payment_method_changes pc LEFT JOIN payments y ON y.id = pc.payment_id LEFT JOIN passes p ON p.id = y.pass_id LEFT JOIN customers cu ON cu.id = y.customer_id
  WHERE pc.occurred_at >= :from AND pc.occurred_at < :to`;

// Newest first on screen, oldest first in a file; at the same instant, a stable order by kind and id so pages never
// repeat or skip a row
const NEWEST_FIRST = 'ORDER BY at DESC, kind, id DESC';
const OLDEST_FIRST = 'ORDER BY at, kind, id';

/** The longest range read at once: 400 local days (a DST day is 23 or 25 hours, so an hour of slack). */
export const CORRECTIONS_MAX_MS = 400 * 86_400_000 + 3_600_000;

/** The instants of local days `fromDate` (its start) to `toDate` (its end), refused when upside down. */
export function correctionsRange(db: Db, fromDate: string, toDate: string): { from: number; to: number } {
  if (toDate < fromDate) throw new PassbookError('VALIDATION', 'to: the range ends before it begins.', { field: 'to' });
  const tz = requireShop(db).time_zone;
  return { from: startOfLocalDate(fromDate, tz), to: nextLocalMidnight(startOfLocalDate(toDate, tz), tz) }; // the end of that local day (DST-safe)
}

export interface CorrectionsPage { from: number; to: number; total: number; paidBackMinor: number; rows: CorrectionRow[] }

/** The corrections made in [from, to), newest first, a page at a time, with the count and the money paid back of the whole range. */
export function correctionsPage(db: Db, range: { from: number; to: number }, offset: number, limit: number): CorrectionsPage {
  const sums = db.prepare(`SELECT count(*) AS n, coalesce(sum(CASE WHEN money < 0 THEN -money END), 0) AS back FROM (${UNION})`).get(range) as { n: number; back: number };
  const raws = db.prepare(`SELECT * FROM (${UNION}) ${NEWEST_FIRST} LIMIT :limit OFFSET :offset`).all({ ...range, limit, offset }) as Raw[];
  const say = describer(db);
  return { ...range, total: sums.n, paidBackMinor: sums.back, rows: raws.map(say) };
}

/** Every correction in [from, to), oldest first, read as they are written out (the CSV export). */
export function* correctionsInRange(db: Db, range: { from: number; to: number }): Iterable<CorrectionRow> {
  const say = describer(db);
  for (const r of db.prepare(`SELECT * FROM (${UNION}) ${OLDEST_FIRST}`).iterate(range) as Iterable<Raw>) yield say(r);
}

/** A row of the UNION as the owner reads it: its kind (a move is an adjustment's), who made it, and its words. */
function describer(db: Db): (r: Raw) => CorrectionRow {
  const words = correctionWords(db);
  const say = shopWords(db);
  const method = (w: string, items: string | null) => methodChangeWords(say, w, items);
  return (r) => {
    const moved = r.kind === 'adjust' ? words.move(r.id, r.credits ?? 0) : null;
    const kind = (moved ? 'move' : r.kind) as CorrectionKind;
    const by = kind === 'undo' || kind === 'cash_undo' || (kind === 'refund' && words.byCounter(r.id, r.reason)) ? 'counter' : 'owner';
    const description = kind === 'undo' ? `Redemption undone at the counter${r.items ? `: ${r.items}` : ''}`
      : kind === 'void' ? `Redemption voided${r.items ? `: ${r.items}` : ''}`
      : kind === 'move' ? moved!
      : kind === 'adjust' ? ((r.credits ?? 0) < 0 ? 'Credits taken off' : 'Credits added')
      : kind === 'refund' ? words.refund(r.id, r.reason)
      : kind === 'gift' ? 'Free credits given'
      : kind === 'extend' || kind === 'extend_undo' ? words.extension(r.words ?? '', kind === 'extend_undo')
      : kind === 'method' ? method(r.words ?? '', r.items)
      : `Sale without a pass ${kind === 'cash_undo' ? 'undone at the counter' : 'voided'}${r.items ? `: ${r.items}` : ''}`;
    return {
      kind, id: r.id, at: r.at, by, customerId: r.customer_id, customerName: r.customer_name, passId: r.pass_id, planName: r.plan_name,
      description, creditsUnits: kind === 'extend' || kind === 'extend_undo' ? null : r.credits, moneyMinor: r.money,
      // the counter's undo of a sale or top-up carries a fixed reason of the ledger's, not words someone typed
      reason: kind === 'refund' && by === 'counter' ? null : r.reason,
    };
  };
}
