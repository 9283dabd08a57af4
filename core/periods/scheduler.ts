// Running period closes by themselves: once at start-up (catching up every boundary missed while the app
// was closed, in order) and again at the next local midnight or lot end (nextCloseAt). Electron main and the
// headless host start one of these; a failed run is reported and retried at the next wake-up.
import type { Db } from '../db/open';
import { nextCloseAt, runDueCloses, type CloseSummary } from './close';
import { clockAhead } from '../db/ledgerTime';

export interface CloseSchedulerOptions {
  /** the open ledger (a function: a restore swaps the handle) */
  db: () => Db;
  /** the app clock, epoch ms */
  now: () => number;
  onRun?: (summary: CloseSummary) => void;
  onError?: (err: unknown) => void;
  /** a try went through (whether or not anything was due) */
  onOk?: () => void;
  /** wake up at least this often even if nothing is due (sleep, clock or time-zone changes); default 1 h */
  maxSleepMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface CloseScheduler {
  /** run what is due now and re-arm the timer */
  runNow(): CloseSummary | null;
  /** when the timer will wake up next (epoch ms), null when stopped */
  nextWakeAt(): number | null;
  stop(): void;
}

/** The pause after the n-th failed close in a row: 5 s, doubling, at most 15 minutes. */
export const retryAfterMs = (failures: number): number => Math.min(5_000 * 2 ** Math.min(failures - 1, 20), 15 * 60_000);

export function startCloseScheduler(o: CloseSchedulerOptions): CloseScheduler {
  const setTimer = o.setTimer ?? ((fn, ms) => { const t = setTimeout(fn, ms); (t as { unref?: () => void }).unref?.(); return t; });
  const clearTimer = o.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const maxSleep = o.maxSleepMs ?? 3_600_000;
  let handle: unknown = null;
  let wakeAt: number | null = null;
  let stopped = false;
  // a close that fails (a full disk) is due again at once: without a pause it would redo the whole shop's close,
  // blocking the counter each time, every second
  let failures = 0;

  const arm = () => {
    if (stopped) return;
    const now = o.now();
    let at = now + maxSleep;
    try {
      const db = o.db();
      if (db.open && !clockAhead(db, now)) at = Math.min(at, Math.max(nextCloseAt(db, now), now + 1000));
    } catch (err) {
      o.onError?.(err);
    }
    if (failures > 0) at = Math.max(at, now + retryAfterMs(failures));
    wakeAt = at;
    handle = setTimer(tick, Math.max(0, at - now));
  };

  const run = (): CloseSummary | null => {
    try {
      const db = o.db();
      if (!db.open) return null;
      // a clock far past the ledger's last entry waits for the owner to confirm the date (periods.close)
      if (clockAhead(db, o.now())) return null;
      const s = runDueCloses(db, o.now());
      failures = 0;
      o.onOk?.();
      if (s.runId !== null) o.onRun?.(s);
      return s;
    } catch (err) {
      failures += 1;
      o.onError?.(err);
      return null;
    }
  };

  function tick(): void {
    handle = null;
    run();
    arm();
  }

  const first = run();
  void first;
  arm();
  return {
    runNow() {
      if (handle !== null) clearTimer(handle);
      handle = null;
      const s = run();
      arm();
      return s;
    },
    nextWakeAt: () => (stopped ? null : wakeAt),
    stop() {
      stopped = true;
      if (handle !== null) clearTimer(handle);
      handle = null;
      wakeAt = null;
    },
  };
}
