// The host's clock: real time, or — only when started with --test — a time the tests set. A test setting the
// clock forward means time has passed (owner sessions end, lockouts run out); setting it back does not rewind them.
import type { Clock } from '../../core/api/context';

export interface SettableClock extends Clock { set(iso: string | null): void; fixed(): boolean }

export function settableClock(): SettableClock {
  let fixedAt: number | null = null;
  let skipped = 0; // forward jumps, added to the monotonic clock
  const now = () => (fixedAt === null ? Date.now() : fixedAt);
  return {
    now: () => new Date(now()),
    monotonicMs: () => performance.now() + skipped,
    set: (iso) => {
      const before = now();
      if (iso === null) { fixedAt = null; } else {
        const t = Date.parse(iso);
        if (Number.isNaN(t)) throw new Error('clock: not an ISO instant');
        fixedAt = t;
      }
      skipped += Math.max(0, now() - before);
    },
    fixed: () => fixedAt !== null,
  };
}
