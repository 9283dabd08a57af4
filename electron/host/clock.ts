// The host's clock: real time, or — only when started with --test — a time the tests set.
import type { Clock } from '../../core/api/context';

export interface SettableClock extends Clock { set(iso: string | null): void; fixed(): boolean }

export function settableClock(): SettableClock {
  let fixedAt: number | null = null;
  return {
    now: () => (fixedAt === null ? new Date() : new Date(fixedAt)),
    set: (iso) => {
      if (iso === null) { fixedAt = null; return; }
      const t = Date.parse(iso);
      if (Number.isNaN(t)) throw new Error('clock: not an ISO instant');
      fixedAt = t;
    },
    fixed: () => fixedAt !== null,
  };
}
