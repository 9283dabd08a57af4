// Background work of a running Passbook (Electron main and the headless host both start it):
// period close at start-up and at every boundary that passes (core/periods/scheduler.ts; also
// after the app was closed for months, in order), and a daily backup (core/backup/daily.ts).
import type { PassbookApp } from './app';
import { scheduleDailyBackups } from './backup/daily';
import { startCloseScheduler } from './periods/scheduler';

export interface Schedule { stop(): void; closeNow(): void }

export function startSchedule(app: PassbookApp, opts: { backups?: boolean; timers?: boolean; onError?: (e: unknown) => void } = {}): Schedule {
  const onError = opts.onError ?? ((e: unknown) => console.error('passbook background work failed:', (e as Error)?.message ?? e));
  const closes = startCloseScheduler({
    db: () => app.db, // a restore swaps the handle
    now: () => app.clock.now().getTime(),
    onError: (e) => { app.ledger.background.report('close', { ok: false, at: app.clock.now().getTime(), error: e }); onError(e); },
    onOk: () => app.ledger.background.report('close', { ok: true }),
    // without timers (test mode) only the start-up catch-up runs; the owner closes from the review
    ...(opts.timers === false ? { setTimer: () => null, clearTimer: () => {} } : {}),
  });
  const stopBackups = opts.backups === false ? () => {} : scheduleDailyBackups(app, onError);
  return {
    stop() { closes.stop(); stopBackups(); },
    closeNow() { closes.runNow(); },
  };
}
