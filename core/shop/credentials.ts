// The owner's PIN and recovery code across a restore.
import type { Db } from '../db/open';

/**
 * A restore brings back the shop's books, not its keys: the ledger that arrives takes the PIN and recovery code of
 * the one it replaces. The owner restoring has just proved that PIN; the backup's may be one since changed because
 * somebody learned it, or the very PIN that was forgotten (a backup from before a recovery), with a recovery code
 * already used up. A shop set up afresh on a new computer and then restored keeps the PIN set up there.
 */
export function carryOwnerCredentials(from: Db, into: Db): void {
  // except the demo's: its PIN is printed on the first screen, and a shop brought back over it keeps its own
  if (isDemoShop(from)) return;
  const keys = from.prepare('SELECT pin_hash, recovery_hash, recovery_made_at, recovery_used_at FROM shop WHERE id = 1').get() as
    { pin_hash: string; recovery_hash: string | null; recovery_made_at: number | null; recovery_used_at: number | null } | undefined;
  if (!keys) return; // no shop here to carry from (a restore needs an owner session, so there always is one)
  into.prepare('UPDATE shop SET pin_hash = ?, recovery_hash = ?, recovery_made_at = ?, recovery_used_at = ? WHERE id = 1')
    .run(keys.pin_hash, keys.recovery_hash, keys.recovery_made_at, keys.recovery_used_at);
}

/** The ledger holds the demo shop (shop.loadDemo made it), whose PIN everyone can read. */
export function isDemoShop(db: Db): boolean {
  return db.prepare("SELECT 1 FROM operations WHERE method = 'shop.loadDemo'").get() !== undefined;
}
