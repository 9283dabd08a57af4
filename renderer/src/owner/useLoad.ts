// Reading a report or list for an owner screen: run again whenever its input changes, errors in words, progress shown.
import { useCallback, useEffect, useState } from 'react';
import { notThereYet } from './later';
import { errorText, useOwner } from './store';

/**
 * Run a report whenever its input changes; errors in words. While it runs (seconds on a big ledger) the owner's
 * progress bar says so and the last figures stay, outlined and marked busy, never passed off as the new ones.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setError(null);
    setLoading(true);
    const progress = useOwner.getState().setProgress;
    progress({ label: 'Working out the report…', value: null });
    run().then((d) => { if (live) setData(d); }, (err) => { if (live) { setData(null); setError(notThereYet(err) ? 'This report is not available in this build yet.' : errorText(err)); } })
      .finally(() => { if (live) { setLoading(false); progress(null); } });
    return () => { live = false; progress(null); };
  }, [run]);
  return { data, error, loading };
}

