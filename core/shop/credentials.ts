// The owner's PIN and recovery code across a restore.
import type { Db } from '../db/open';
import { DEMO_PIN } from '../demo/beanAndBrew';
import { verifyPin } from './pin';

/**
 * A restore brings back the shop's books, not its keys: the ledger that arrives takes the PIN and recovery code of
 * the one it replaces. The owner restoring has just proved that PIN; the backup's may be one since changed because
 * somebody learned it, or the very PIN that was forgotten (a backup from before a recovery), with a recovery code
 * already used up. A shop set up afresh on a new computer and then restored keeps the PIN set up there.
 */
export function carryOwnerCredentials(from: Db, into: Db): void {
  // except the demo's own PIN, printed on the first screen: a shop brought back over the demo keeps its own
  if (publicDemoPin(from)) return;
  const keys = from.prepare('SELECT pin_hash, recovery_hash, recovery_made_at, recovery_used_at FROM shop WHERE id = 1').get() as
    { pin_hash: string; recovery_hash: string | null; recovery_made_at: number | null; recovery_used_at: number | null } | undefined;
  if (!keys) return; // no shop here to carry from (a restore needs an owner session, so there always is one)
  into.prepare('UPDATE shop SET pin_hash = ?, recovery_hash = ?, recovery_made_at = ?, recovery_used_at = ? WHERE id = 1')
    .run(keys.pin_hash, keys.recovery_hash, keys.recovery_made_at, keys.recovery_used_at);
}

/**
 * The ledger is the demo shop (shop.loadDemo made it) and still opens with the demo's PIN, which everyone can read.
 * A demo whose PIN was changed is kept like any shop's; so is a real shop's PIN after a demo backup was restored by mistake.
 */
export function publicDemoPin(db: Db): boolean {
  // the PIN first (one scrypt): finding the demo's request reads every request (0.36 s at a million), so only a shop
  // that opens with 1234 pays for it
  const row = db.prepare('SELECT pin_hash FROM shop WHERE id = 1').get() as { pin_hash: string } | undefined;
  if (row === undefined || !verifyPin(DEMO_PIN, row.pin_hash)) return false;
  return db.prepare("SELECT 1 FROM operations WHERE method = 'shop.loadDemo'").get() !== undefined;
}
