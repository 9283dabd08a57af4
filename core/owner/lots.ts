// owner.lots: every lot of a pass with where its credits and money went.
import type { Handler } from '../api/context';
import { PassbookError } from '../errors';
import { LOT_REVENUE_COLUMNS, lotRevenue } from '../books/lotRevenue';
import { LOT_KIND_SQL } from '../lots/lots';
import { endTakenBack, standingExtension } from '../corrections/extend';
import { nextLocalMidnight } from '../periods/calendar';
import { costBasisStr, creditsStr, isoOf, moneyStr, shopNumbers } from './common';
import { passSaleMethodSql, paymentMethodSql } from '../corrections/paymentMethod';

interface Row {
  id: number; source: string; amount_units: number; paid_minor: number; granted_at: number; expires_at: number | null; granted_expires_at: number | null;
  rolled_times: number; parent_lot_id: number | null; reason: string | null; standing_previous: number | null;
  remaining_units: number | null; consumed_units: number | null; recognized_minor: number | null; released_minor: number | null;
  expired_units: number; closed_units: number; recognised_minor: number; written_off_minor: number; paid_by: 'cash' | 'card' | 'other' | null;
}

export const ownerLots: Handler<'owner.lots'> = (ctx, input) => {
  const { digits } = shopNumbers(ctx.db);
  const pass = ctx.db.prepare('SELECT time_zone FROM passes WHERE id = ?').get(input.passId) as { time_zone: string } | undefined;
  if (!pass) throw new PassbookError('NOT_FOUND', 'There is no such pass.', { passId: input.passId });
  const endOfToday = nextLocalMidnight(ctx.nowMs, pass.time_zone);
  const rows = ctx.db.prepare(`
    SELECT l.id, ${LOT_KIND_SQL} AS source, l.amount_units, l.paid_minor, l.granted_at, b.expires_at, l.expires_at AS granted_expires_at, l.rolled_times, l.parent_lot_id, l.reason,
           (SELECT x.previous_expires_at FROM lot_extensions x WHERE x.id = ${standingExtension('l.id')}) AS standing_previous,
           b.remaining_units, b.consumed_units, b.recognized_minor, b.released_minor,
           coalesce(c.expired_units, 0) AS expired_units, coalesce(c.closed_units, 0) AS closed_units, ${LOT_REVENUE_COLUMNS},
           -- how its money was taken (a refund's default way back): a top-up's own payment, the one whose journal
           -- entry put this lot's money into deferred revenue (instants are not unique: two top-ups can share one)
           -- (as the owner may have corrected it: core/corrections/paymentMethod.ts)
           CASE ${LOT_KIND_SQL} WHEN 'sale' THEN ${passSaleMethodSql('p')} WHEN 'allocation' THEN ${passSaleMethodSql('p')}
             WHEN 'topup' THEN (SELECT ${paymentMethodSql('y')} FROM payments y JOIN journal_lines j ON j.tx_id = y.journal_tx_id
               WHERE y.pass_id = l.pass_id AND y.kind = 'topup' AND j.lot_id = l.id LIMIT 1)
           END AS paid_by
    FROM lots l JOIN passes p ON p.id = l.pass_id LEFT JOIN lot_balances b ON b.lot_id = l.id
    LEFT JOIN (
      -- what left each lot other than by use, from the pass's entries (lot_entries_pass; no index by lot)
      SELECT lot_id, sum(CASE WHEN kind = 'expire' THEN -credits_units ELSE 0 END) AS expired_units,
             sum(CASE WHEN kind IN ('refund', 'rollover') THEN -credits_units ELSE 0 END) AS closed_units
      FROM lot_entries WHERE pass_id = @passId AND kind IN ('expire', 'refund', 'rollover') GROUP BY lot_id
    ) c ON c.lot_id = l.id
    WHERE l.pass_id = @passId ORDER BY l.granted_at, l.id`).all({ passId: input.passId }) as Row[];
  return {
    passId: input.passId,
    lots: rows.map((r) => {
      const remaining = r.remaining_units ?? 0;
      const earned = lotRevenue(r); // by account, as the journal books it
      const expiredByClock = r.expires_at !== null && r.expires_at <= ctx.nowMs;
      const state = remaining > 0 ? (expiredByClock ? 'expired' : 'live')
        : r.expired_units > 0 ? 'expired' : r.closed_units > 0 ? 'closed' : 'used';
      return {
        id: r.id, source: r.source as never, state: state as 'live' | 'used' | 'expired' | 'closed',
        amount: creditsStr(r.amount_units), remaining: creditsStr(remaining), consumed: creditsStr(r.consumed_units ?? 0),
        grantedAt: isoOf(r.granted_at), expiresAt: r.expires_at === null ? null : isoOf(r.expires_at),
        // an owner's extension moved its end (core/corrections/extend.ts): the end it was granted with
        extendedFrom: r.granted_expires_at !== null && r.granted_expires_at !== r.expires_at ? isoOf(r.granted_expires_at) : null,
        // what passes.undoExtension would move: a live lot whose standing extension can still go back before its end
        extensionUndoable: state === 'live' && r.standing_previous !== null && r.expires_at !== null
          && endTakenBack(r.standing_previous, endOfToday) < r.expires_at,
        costBasis: costBasisStr(r.paid_minor, r.amount_units, digits),
        paid: moneyStr(r.paid_minor, digits), recognised: moneyStr(earned.recognisedMinor, digits),
        writtenOff: moneyStr(earned.writtenOffMinor, digits), released: moneyStr(earned.releasedMinor, digits),
        rolledTimes: r.rolled_times, parentLotId: r.parent_lot_id, reason: r.reason, paidBy: r.paid_by,
      };
    }),
  };
};
