// owner.history: a customer's whole story, newest first and paged: what was sold, drawn down, corrected,
// rolled over, expired and paid. One UNION over the append-only ledger tables.
import type { Handler } from '../api/context';
import { PassbookError } from '../errors';
import { creditsStr, isoOf, moneyStr, shopNumbers } from './common';
import { shopWords } from '../shop/words';
import { LOT_KIND_SQL, OPENING_LOT_SQL } from '../lots/lots';
import { correctionWords, extensionWordsSql, quantitySql, REFUNDED_AND_CANCELLED } from './correctionWords';
import { takenSince } from '../corrections/restore';
import { methodChangeWords, methodChangeWordsSql, paymentMethodSql } from '../corrections/paymentMethod';
import { mergeWords } from './correctionWords';
import { hasMerges } from '../customers/customers';

interface Row {
  kind: string; id: number; at: number; pass_id: number | null; plan_name: string; description: string | null;
  credits: number; money: number | null; redemption_id: number | null; voided: number; reason: string | null;
  overage_units: number | null; overage_minor: number | null; overage_settlement: 'now' | 'account' | null; payment_method: string | null;
}

// Columns of the redemption branch only (the others have none): a redemption's overage, how it was settled and paid.
const NO_OVERAGE = 'NULL AS overage_units, NULL AS overage_minor, NULL AS overage_settlement, NULL AS payment_method';

// A redemption line's quantity as decimal text: "Cappuccino × 1.5"
const QUANTITY = quantitySql('rl.quantity_units');

const PASS_UNION = `
  SELECT ${LOT_KIND_SQL} AS kind, l.id AS id, l.granted_at AS at, l.pass_id, p.plan_name,
         -- as sold: the pass's copied plan name, a top-up's pack name (plans can be renamed since); free credits: a bonus names its purchase, a gift is the owner's
         CASE WHEN l.source = 'topup' THEN coalesce(l.pack_name, pl.name) WHEN l.source = 'promo' THEN CASE WHEN l.parent_lot_id IS NULL THEN 'Given by the owner' ELSE l.reason END ELSE p.plan_name END AS description, l.amount_units AS credits,
         -- what was taken: a sale takes every period's price at once (the sale lot holds the first period's)
         -- a balance brought over was paid for before Passbook: no money was taken here
         CASE WHEN ${OPENING_LOT_SQL} THEN NULL WHEN l.source = 'sale' THEN p.price_minor * p.periods WHEN l.source = 'topup' THEN l.paid_minor ELSE NULL END AS money,
         -- a gift's reason is the owner's words; a bonus says its purchase in the description already
         NULL AS redemption_id, 0 AS voided, CASE WHEN l.source = 'promo' AND l.parent_lot_id IS NOT NULL THEN NULL ELSE l.reason END AS reason, 1 AS ord, ${NO_OVERAGE}
  FROM lots l JOIN passes p ON p.id = l.pass_id LEFT JOIN plans pl ON pl.id = l.plan_id
  WHERE p.customer_id = :customer AND (:pass IS NULL OR p.id = :pass)
    AND l.source IN ('sale', 'topup', 'allocation', 'rollover', 'promo')
  UNION ALL
  SELECT 'redeem', r.id, r.occurred_at, r.pass_id, p.plan_name,
         (SELECT group_concat(rl.item_name || ' × ' || ${QUANTITY}, ', ')
            FROM redemption_lines rl WHERE rl.redemption_id = r.id),
         -- money is what was taken: overage charged now; overage on account is owed, not paid
         -r.covered_units, CASE WHEN r.overage_minor > 0 AND r.overage_settlement = 'now' THEN r.overage_minor ELSE NULL END,
         r.id, EXISTS (SELECT 1 FROM corrections c WHERE c.redemption_id = r.id), NULL, 2,
         CASE WHEN r.overage_units > 0 THEN r.overage_units END, r.overage_minor, r.overage_settlement,
         -- the way the overage was paid, as the owner may have corrected it (found by its pass: payments_pass)
         CASE WHEN r.overage_settlement = 'now' THEN coalesce((SELECT ${paymentMethodSql('y')} FROM payments y WHERE y.pass_id = r.pass_id AND y.redemption_id = r.id AND y.kind = 'overage' LIMIT 1), r.payment_method) ELSE r.payment_method END
  -- by the customer's passes (passes_customer, then redemptions_pass): redemptions have no index by customer
  FROM passes p JOIN redemptions r ON r.pass_id = p.id
  WHERE p.customer_id = :customer AND (:pass IS NULL OR p.id = :pass)
  UNION ALL
  SELECT c.kind, c.id, c.occurred_at, c.pass_id, p.plan_name,
         CASE WHEN c.redemption_id IS NULL THEN NULL ELSE (SELECT group_concat(rl.item_name || ' × ' || ${QUANTITY}, ', ')
            FROM redemption_lines rl WHERE rl.redemption_id = c.redemption_id) END, c.credits_units,
         CASE WHEN c.money_minor <> 0 THEN -c.money_minor ELSE NULL END,
         c.redemption_id, 0, c.reason, 3,
         -- a refund that paid overage owed on account: how much of it did (its receivable line)
         NULL AS overage_units, CASE WHEN c.kind = 'refund' THEN (SELECT -sum(l.amount_minor) FROM journal_lines l
           WHERE l.tx_id = c.journal_tx_id AND l.account = 'assets:receivable:overage') END AS overage_minor, NULL AS overage_settlement, NULL AS payment_method
  FROM corrections c JOIN passes p ON p.id = c.pass_id
  WHERE p.customer_id = :customer AND (:pass IS NULL OR p.id = :pass)
  UNION ALL
  SELECT 'expire', min(e.id), e.occurred_at, e.pass_id, p.plan_name, NULL, sum(e.credits_units), sum(-e.money_minor),
         NULL, 0, NULL, 4, ${NO_OVERAGE}
  FROM lot_entries e JOIN passes p ON p.id = e.pass_id
  WHERE e.kind = 'expire' AND p.customer_id = :customer AND (:pass IS NULL OR p.id = :pass)
  GROUP BY e.pass_id, e.occurred_at
  UNION ALL
  -- an owner's extension (core/corrections/extend.ts), or one taken back: no credits or money move; the description
  -- carries its days and credits for the words (correctionWords.ts)
  SELECT CASE WHEN x.undoes IS NULL THEN 'extend' ELSE 'extend_undo' END, min(x.id), x.occurred_at, x.pass_id, p.plan_name, ${extensionWordsSql('p.credit_unit')},
         0, NULL, NULL, 0, max(x.reason), 6, ${NO_OVERAGE}
  FROM lot_extensions x JOIN passes p ON p.id = x.pass_id
  WHERE p.customer_id = :customer AND (:pass IS NULL OR p.id = :pass)
  GROUP BY x.pass_id, x.occurred_at, x.client_id, x.undoes IS NULL
  UNION ALL
  SELECT 'settlement', y.id, y.occurred_at, y.pass_id, p.plan_name, ${paymentMethodSql('y')}, 0, y.amount_minor, NULL, 0, NULL, 5, ${NO_OVERAGE}
  FROM passes p JOIN payments y ON y.pass_id = p.id
  WHERE y.kind = 'settlement' AND p.customer_id = :customer AND (:pass IS NULL OR p.id = :pass)
  UNION ALL
  -- a payment's way corrected by the owner (core/corrections/paymentMethod.ts): no credits or money move for the
  -- customer; the description carries the two ways, the amount and what was paid, for the words
  SELECT 'method', pc.id, pc.occurred_at, y.pass_id, p.plan_name, ${methodChangeWordsSql('pc', 'y.kind')}, 0, NULL, NULL, 0, pc.reason, 7, ${NO_OVERAGE}
  FROM passes p JOIN payments y ON y.pass_id = p.id JOIN payment_method_changes pc ON pc.payment_id = y.id
  WHERE p.customer_id = :customer AND (:pass IS NULL OR p.id = :pass)
`;

// A duplicate merged into the customer, or this customer merged into another (core/customers/merge.ts), on ledgers that
// have merges (migration 024): no pass of its own (what moved is in the transfers and refunds it wrote); its words, with
// both names as they are now, are made below. A pass's own history has it too when the merge moved credits or overage
// into or out of that pass (its transfer, refund or overage rows carry the merge's client id).
const MERGES = `UNION ALL
  SELECT 'merge', m.id, m.merged_at, :pass, '', NULL, 0, NULL, NULL, 0, m.reason, 8, ${NO_OVERAGE}
  FROM customer_merges m
  WHERE (m.kept_id = :customer OR m.duplicate_id = :customer)
    AND (:pass IS NULL OR EXISTS (SELECT 1 FROM corrections c WHERE c.client_id = m.client_id AND c.pass_id = :pass)
      OR EXISTS (SELECT 1 FROM journal_tx t JOIN journal_lines l ON l.tx_id = t.id WHERE t.client_id = m.client_id AND t.kind = 'merge' AND l.pass_id = :pass))`;

const LABEL: Record<string, string> = { undo: 'Undone at the counter', void: 'Voided by the owner', adjust: 'Owner adjustment', refund: REFUNDED_AND_CANCELLED };

export const ownerHistory: Handler<'owner.history'> = (ctx, input) => {
  const { digits } = shopNumbers(ctx.db);
  const say = shopWords(ctx.db);
  const exists = ctx.db.prepare('SELECT 1 FROM customers WHERE id = ?').get(input.customerId);
  if (!exists) throw new PassbookError('NOT_FOUND', 'There is no such customer.', { customerId: input.customerId });
  // a pass of another customer (or none) is a wrong request, not an empty history
  if (input.passId !== undefined && !ctx.db.prepare('SELECT 1 FROM passes WHERE id = ? AND customer_id = ?').get(input.passId, input.customerId)) {
    throw new PassbookError('NOT_FOUND', 'This customer has no such pass.', { customerId: input.customerId, passId: input.passId });
  }
  const params = { customer: input.customerId, pass: input.passId ?? null };
  const UNION = hasMerges(ctx.db) ? `${PASS_UNION}\n${MERGES}` : PASS_UNION;
  const total = (ctx.db.prepare(`SELECT count(*) AS n FROM (${UNION})`).get(params) as { n: number }).n;
  const rows = ctx.db.prepare(`SELECT * FROM (${UNION}) ORDER BY at DESC, ord DESC, id DESC LIMIT :limit OFFSET :offset`)
    .all({ ...params, limit: input.limit, offset: input.offset }) as Row[];
  const lines = ctx.db.prepare('SELECT item_name AS name, quantity_units AS q FROM redemption_lines WHERE redemption_id = ? ORDER BY line_no');
  // a refund, a move and an extension said as the corrections report says them
  const words = correctionWords(ctx.db);
  // a rollover moves credits from the lot that ended into a new one: the balance does not change, so its count is
  // said in words and its change is 0 (listed as +N, the history added up to more than the pass held)
  const unitOf = ctx.db.prepare('SELECT credit_unit AS unit FROM passes WHERE id = ?').pluck();
  const merge = mergeWords(ctx.db);
  const carried = (r: Row) => `${say.credits(r.credits, unitOf.get(r.pass_id) as string)} carried into the next period`;
  const itemsOf = (r: Row) => (r.redemption_id !== null && (r.kind === 'redeem' || r.kind === 'undo' || r.kind === 'void')
    ? (lines.all(r.redemption_id) as { name: string; q: number }[]).map((l) => ({ name: l.name, quantity: creditsStr(l.q) }))
    : null);
  return {
    total,
    offset: input.offset,
    entries: rows.map((r) => ({
      key: `${r.kind}-${r.id}`,
      kind: r.kind as never,
      at: isoOf(r.at),
      passId: r.pass_id,
      planName: r.plan_name,
      description: r.kind === 'settlement' ? `Overage paid (${r.description ?? 'cash'})`
        // what expired was worth is breakage, not money taken or paid back: said here, not in money
        : r.kind === 'expire' ? `Unused credits expired${r.money ? `: ${say.money(-r.money)} of unused value becomes breakage` : ''}`
        : r.kind === 'refund' ? words.refund(r.id, r.reason)
        : r.kind === 'rollover' ? carried(r)
        : r.kind === 'extend' || r.kind === 'extend_undo' ? words.extension(r.description ?? '', r.kind === 'extend_undo')
        : r.kind === 'method' ? methodChangeWords(say, r.description ?? '')
        : r.kind === 'merge' ? merge(r.id)
        // a transfer between passes is two adjustments, one on each pass (core/corrections/transfer.ts)
        : (r.kind === 'adjust' ? words.move(r.id, r.credits) : null) ?? r.description ?? LABEL[r.kind] ?? '',
      items: itemsOf(r),
      credits: creditsStr(r.kind === 'rollover' ? 0 : r.credits),
      money: r.money === null || r.kind === 'expire' ? null : moneyStr(r.money, digits),
      accountSettled: r.kind === 'refund' && (r.overage_minor ?? 0) > 0 ? moneyStr(r.overage_minor!, digits) : null,
      redemptionId: r.redemption_id,
      voided: r.voided === 1,
      voidRefused: r.kind === 'redeem' && r.voided !== 1 && r.redemption_id !== null ? takenSince(ctx.db, { id: r.redemption_id, pass_id: r.pass_id!, occurred_at: r.at }) : null,
      reason: r.reason,
      overage: r.overage_units === null || r.overage_settlement === null ? null : {
        credits: creditsStr(r.overage_units), amount: moneyStr(r.overage_minor ?? 0, digits), settlement: r.overage_settlement,
        method: r.overage_settlement === 'now' ? ((r.payment_method ?? 'cash') as 'cash' | 'card' | 'other') : null,
      },
    })),
  };
};
