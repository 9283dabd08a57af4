// The automatic daily backup: at start-up and then every hour, make today's backup if there is
// none yet, and prune the ones older than the shop's "keep N days". Today is the shop's day: its first backup holds
// the whole of yesterday (made at the shop's midnight, or when Passbook starts in the morning). By UTC's day it was
// made at 7 or 8 pm in New York, before the evening's sales, and in the middle of the morning in Sydney.
import type { PassbookApp } from '../app';
import { findShop } from '../shop/settings';
import { backupDay } from './files';
import { localDate } from '../periods/calendar';
import { createBackup, listBackups, pruneBackups } from './backup';

export async function runDailyBackup(app: PassbookApp): Promise<string | null> {
  const shop = findShop(app.db);
  if (!shop) return null; // nothing to protect before setup
  const now = app.clock.now();
  const today = localDate(now.getTime(), shop.time_zone);
  // backups past the days kept go first, whatever comes of today's: on a full disk, today's failed every hour while
  // they kept the room it needed (and the sales' room too). The newest ones are always kept (ALWAYS_KEEP_NEWEST)
  pruneBackups(app.ledger, now, shop.backup_keep_days);
  let made: string | null = null;
  if (!listBackups(app.ledger).some((b) => backupDay(b.fileName) !== null && localDate(Date.parse(b.createdAt), shop.time_zone) === today)) {
    made = (await createBackup(app.db, app.ledger, now)).fileName;
  }
  return made;
}

export function scheduleDailyBackups(app: PassbookApp, onError: (e: unknown) => void = () => {}): () => void {
  // a failure is also kept for the screens (shop.status): a packaged app has no console anyone reads
  const tick = () => {
    runDailyBackup(app).then(
      () => app.ledger.background.report('backup', { ok: true }),
      (e: unknown) => { app.ledger.background.report('backup', { ok: false, at: app.clock.now().getTime(), error: e }); onError(e); },
    );
  };
  tick();
  const timer = setInterval(tick, 60 * 60_000);
  timer.unref?.();
  return () => clearInterval(timer);
}
