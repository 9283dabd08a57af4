// The ledger's mark: which restore it came from. A restore brings back a file whose ids go on from the backup's, so
// after it customer 2, pass 2 or redemption 1 may be someone else than on a screen read from the ledger before.
// The screens learn the mark from shop.status and send it with their writes (the host: the x-passbook-ledger
// header); the dispatcher refuses a write from a screen of another ledger (CONFLICT, reason LEDGER_REPLACED).
import type { Db } from '../db/open';

/** A ledger that was never restored. */
export const ORIGINAL_LEDGER = 'original';

/** The request id of the last restore the ledger went through (migration 021 indexes them), or ORIGINAL_LEDGER. */
export function ledgerMark(db: Db): string {
  const r = db.prepare("SELECT client_id FROM operations WHERE method = 'backup.restore' ORDER BY occurred_at DESC, client_id DESC LIMIT 1")
    .get() as { client_id: string } | undefined;
  return r ? `restored-${r.client_id}` : ORIGINAL_LEDGER;
}
