// Background work of a running Passbook (Electron main and the headless host both start it):
// period close at start-up and at every boundary that passes (core/periods/scheduler.ts; also
// after the app was closed for months, in order), a daily backup (core/backup/daily.ts), and the month totals
// of the reports kept up in the background (core/reports/monthTotals.ts).
import type { PassbookApp } from './app';
import { scheduleDailyBackups } from './backup/daily';
import { startCloseScheduler } from './periods/scheduler';
import { PassbookError } from './errors';
import { spanWords } from './db/ledgerTime';
import { warmMonthTotals } from './reports/monthTotals';
import { findShop } from './shop/settings';

/**
 * How often the month totals catch up in the background after start-up (a report adds the rest itself). Up to date,
 * a catch-up is two reads of a table's highest id; after a restore (a new handle, no totals) it sums the restored file.
 */
export const MONTH_TOTALS_EVERY_MS = 30_000;

export interface Schedule { stop(): void; closeNow(): void }

export function startSchedule(app: PassbookApp, opts: { backups?: boolean; timers?: boolean; onError?: (e: unknown) => void; uptime?: () => number; monthTotalsEveryMs?: number } = {}): Schedule {
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
  const stopTotals = opts.timers === false ? () => {} : keepMonthTotals(app, onError, opts.monthTotalsEveryMs ?? MONTH_TOTALS_EVERY_MS);
  return {
    stop() { closes.stop(); stopBackups(); stopTotals(); },
    closeNow() { closes.runNow(); },
  };
}

/**
 * Sums the ledger for the month reports a slice at a time, at start-up and then every `everyMs` (a restore swaps the
 * handle, and its totals start again), so opening the owner's reports does not stop the counter.
 */
function keepMonthTotals(app: PassbookApp, onError: (e: unknown) => void, everyMs: number): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = () => {
    timer = null;
    app.keepInPlace(); // a ledger moved away while nobody sells is written back before the day's work is lost
    warmMonthTotals(() => app.db, () => findShop(app.db)?.time_zone ?? null, { stopped: () => stopped })
      .catch(onError)
      .finally(() => { if (!stopped) { timer = setTimeout(run, everyMs); timer.unref?.(); } });
  };
  timer = setTimeout(run, 0);
  timer.unref?.();
  return () => { stopped = true; if (timer) clearTimeout(timer); };
}
