import { useEffect, useState } from 'react';
import { useApp } from '../store/app';

/** The shop's "now" (server clock), ticking every `ms` while `active`. */
export function useNow(active: boolean, ms = 1000): number {
  const now = useApp((s) => s.now);
  const [t, setT] = useState(now);
  useEffect(() => {
    setT(now());
    if (!active) return;
    const id = setInterval(() => setT(now()), ms);
    return () => clearInterval(id);
  }, [active, ms, now]);
  return t;
}

/** Whole seconds left of the shop's undo window that ends at `untilMs` (never more than the window: a clock set back). */
export function secondsLeft(untilMs: number, now: number, windowSeconds: number): number {
  return Math.min(windowSeconds, Math.max(0, Math.floor((untilMs - now) / 1000)));
}

/** An undo's countdown as the counter writes it: 1:59. */
export const countdown = (left: number): string => `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
