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
