// Background work of a running Passbook (Electron main and the headless host both start it):
// period close at start-up and at every boundary that passes (core/periods/scheduler.ts; also
// after the app was closed for months, in order), and a daily backup (core/backup/daily.ts).
import type { PassbookApp } from './app';
import { scheduleDailyBackups } from './backup/daily';
import { startCloseScheduler } from './periods/scheduler';
import { PassbookError } from './errors';
import { spanWords } from './db/ledgerTime';

export interface Schedule { stop(): void; closeNow(): void }

export function startSchedule(app: PassbookApp, opts: { backups?: boolean; timers?: boolean; onError?: (e: unknown) => void; uptime?: () => number } = {}): Schedule {
  const onError = opts.onError ?? ((e: unknown) => console.error('passbook background work failed:', (e as Error)?.message ?? e));
  const closes = startCloseScheduler({
    db: () => app.db, // a restore swaps the handle
    now: () => app.clock.now().getTime(),
    ...(opts.uptime ? { uptime: opts.uptime } : {}),
    onError: (e) => { app.ledger.background.report('close', { ok: false, at: app.clock.now().getTime(), error: e }); onError(e); },
    onOk: () => app.ledger.background.report('close', { ok: true }),
    onHeld: (jump) => app.ledger.background.report('close', jump === null ? { ok: true } : {
      ok: false, at: app.clock.now().getTime(),
      error: new PassbookError('CLOCK_AHEAD', `The computer's clock moved ahead by ${spanWords(jump)} while Passbook was running, so no month end is closed by it. If the date was set wrong, set it right; if it is right, the owner confirms it by closing the periods in Month end.`),
    }),
    // without timers (test mode) only the start-up catch-up runs; the owner closes from the review
    ...(opts.timers === false ? { setTimer: () => null, clearTimer: () => {} } : {}),
  });
  const stopBackups = opts.backups === false ? () => {} : scheduleDailyBackups(app, onError);
  return {
    stop() { closes.stop(); stopBackups(); },
    closeNow() { closes.runNow(); },
  };
}
