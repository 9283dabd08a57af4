// Running period closes by themselves: once at start-up (catching up every boundary missed while the app
// was closed, in order) and again at the next local midnight or lot end (nextCloseAt). Electron main and the
// headless host start one of these; a failed run is reported and retried at the next wake-up.
import os from 'node:os';
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
  /** time since the computer started, counting sleep (ms); default os.uptime(). A clock that moves ahead of it jumped */
  uptime?: () => number;
  /** automatic closes are held (a clock jump: how far, ms), or go again (null) */
  onHeld?: (jumpMs: number | null) => void;
}

/**
 * The wall clock moving ahead of the time that really passed by more than this, while Passbook runs, is a clock
 * set by hand (a wrong date typed near month end), not a sleep: the computer's uptime counts sleep, the wall clock
 * moves with it. A month closed early by a wrong date cannot be taken back (its credits expired, its breakage
 * booked), so automatic closes wait until the clock is put back, or the owner confirms the date (periods.close).
 */
export const CLOCK_JUMP_MS = 10 * 60_000;

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
  const uptime = o.uptime ?? (() => os.uptime() * 1000);
  // wall clock minus uptime: steady while the clock is left alone (sleep included)
  let baseline = o.now() - uptime();
  let heldSince: number | null = null;

  /** How far the clock jumped ahead, when that holds automatic closes; null when closes may run. */
  const jumped = (db: Db, now: number): number | null => {
    const jump = now - uptime() - baseline;
    if (jump <= CLOCK_JUMP_MS) return null;
    heldSince ??= now;
    // the owner closed the periods since the jump: the date is confirmed, and the clock as it reads now is the one
    const owner = db.prepare("SELECT max(ran_at) AS t FROM period_close_runs WHERE trigger = 'owner'").get() as { t: number | null };
    if (owner.t !== null && owner.t >= heldSince) { baseline = now - uptime(); return null; }
    return jump;
  };

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
    if (heldSince !== null) at = Math.max(at, now + 60_000); // held: a boundary already passed would wake it every second
    wakeAt = at;
    handle = setTimer(tick, Math.max(0, at - now));
  };

  const run = (): CloseSummary | null => {
    try {
      const db = o.db();
      if (!db.open) return null;
      const now = o.now();
      // a clock far past the ledger's last entry waits for the owner to confirm the date (periods.close)
      if (clockAhead(db, now)) return null;
      const jump = jumped(db, now);
      if (jump !== null) { o.onHeld?.(jump); return null; }
      if (heldSince !== null) { heldSince = null; o.onHeld?.(null); }
      const s = runDueCloses(db, now);
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
