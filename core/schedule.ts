// Background work of a running Passbook (Electron main and the headless host both start it):
// period close at start-up and at every boundary that passes (also after the app was closed for
// months: runDueCloses catches up in order), and a daily backup.
import type { PassbookApp } from './app';
import { scheduleDailyBackups } from './backup/daily';
import { nextCloseAt, runDueCloses } from './periods/close';
import { findShop } from './shop/settings';

/** Re-check at least this often, so a sleeping laptop or a changed system clock cannot delay a close for long. */
const MAX_WAIT_MS = 15 * 60_000;

export interface Schedule { stop(): void; closeNow(): void }

export function startSchedule(app: PassbookApp, opts: { backups?: boolean; timers?: boolean; onError?: (e: unknown) => void } = {}): Schedule {
  const onError = opts.onError ?? ((e: unknown) => console.error('passbook background work failed:', (e as Error)?.message ?? e));
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const closeNow = () => {
    try {
      if (findShop(app.db)) runDueCloses(app.db, app.clock.now().getTime());
    } catch (e) {
      onError(e);
    }
  };
  const arm = () => {
    if (stopped || opts.timers === false) return;
    const now = app.clock.now().getTime();
    let wait = MAX_WAIT_MS;
    try {
      wait = Math.min(MAX_WAIT_MS, Math.max(1_000, nextCloseAt(app.db, now) - now));
    } catch (e) {
      onError(e);
    }
    timer = setTimeout(() => { closeNow(); arm(); }, wait);
    timer.unref?.();
  };

  closeNow();
  arm();
  const stopBackups = opts.backups === false ? () => {} : scheduleDailyBackups(app, onError);
  return {
    stop() { stopped = true; if (timer) clearTimeout(timer); stopBackups(); },
    closeNow,
  };
}
