// What a lot earned, by account, as the journal books it: one rule for the passes CSV and owner.lots.
//
// The lot ledger (lot_balances) keeps an owner write-off (passes.adjust −N) in recognized_minor, because it is
// consumption on the lot's revenue schedule and the cumulative rounding needs it there; the journal books it as
// revenue:breakage. A void of a redemption whose lot had expired gives its revenue back into a new lot (its
// journal line names the old lot, the lot ledger keeps the old lot's figures). So the per-lot figures the owner
// and the accountant read come from the journal's revenue lines of the lot:
//   recognised  = its revenue:redemptions (redemptions less undos and voids)
//   written off = its revenue:breakage other than an expiry's (owner write-offs, less what voids gave back), and the
//                 part of a refund's cancellation fee taken from it (revenue:cancellation-fees)
//   released    = everything else that left it: expiry (breakage), refund, rolled over, moved by a void into a new lot
// recognised + written off + released = recognized_minor + released_minor, so the unused value is unchanged.

/**
 * SQL select-list columns `recognised_minor` and `written_off_minor` for a lot `l` (l.id, l.pass_id), from the
 * journal lines of its pass (journal_lines_pass index).
 */
export const LOT_REVENUE_COLUMNS = `
    (SELECT coalesce(-sum(j.amount_minor), 0) FROM journal_lines j
      WHERE j.pass_id = l.pass_id AND j.account = 'revenue:redemptions' AND j.lot_id = l.id) AS recognised_minor,
    (SELECT coalesce(-sum(j.amount_minor), 0) FROM journal_lines j JOIN journal_tx t ON t.id = j.tx_id
      WHERE j.pass_id = l.pass_id AND j.account IN ('revenue:breakage', 'revenue:cancellation-fees') AND j.lot_id = l.id
        AND t.kind <> 'expire') AS written_off_minor`;

export interface LotRevenue { recognisedMinor: number; writtenOffMinor: number; releasedMinor: number }

/** A lot's split from its lot-ledger totals and its journal columns (LOT_REVENUE_COLUMNS). */
export function lotRevenue(r: { recognized_minor: number | null; released_minor: number | null; recognised_minor: number; written_off_minor: number }): LotRevenue {
  const left = (r.recognized_minor ?? 0) + (r.released_minor ?? 0);
  return { recognisedMinor: r.recognised_minor, writtenOffMinor: r.written_off_minor, releasedMinor: left - r.recognised_minor - r.written_off_minor };
}
