// The PIN gate in front of the owner area. The core decides (wrong PINs counted, the gate locked for a while
// after five); this screen says what happened in plain words.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useApp } from '../store/app';
import { useOwner } from './store';

export function Gate() {
  const notice = useOwner((s) => s.gateNotice);
  const shop = useApp((s) => s.shop);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => { input.current?.focus(); }, []);

  async function unlock(e: FormEvent) {
    e.preventDefault();
    if (!pin || busy) return;
    setBusy(true); setError(null);
    try {
      await api.owner.unlock({ pin });
      setPin(''); setLockedUntil(null);
      useOwner.setState({ gateNotice: null, lastActivity: Date.now() });
      useApp.getState().setOwnerActive(true);
      // refresh the shop and the server clock (the owner may come back days later, or after a restore)
      void useApp.getState().load();
    } catch (err) {
      setPin('');
      const e2 = err instanceof ApiError ? err : new ApiError('INTERNAL', String(err));
      const d = (e2.details ?? {}) as { attemptsLeft?: number; retryAfterSeconds?: number };
      if (e2.code === 'LOCKED_OUT') {
        const until = useApp.getState().now() + (d.retryAfterSeconds ?? 300) * 1000;
        setLockedUntil(until);
        const at = new Intl.DateTimeFormat(shop?.locale ?? 'en-US', { hour: '2-digit', minute: '2-digit', timeZone: shop?.timeZone }).format(until);
        const mins = Math.max(1, Math.ceil((d.retryAfterSeconds ?? 300) / 60));
        setError(`Too many wrong PINs. Owner mode is locked until ${at} (about ${mins} minute${mins === 1 ? '' : 's'}).`);
      } else if (e2.code === 'FORBIDDEN') {
        const left = d.attemptsLeft;
        setError(left === undefined ? 'That PIN is not right.' : `That PIN is not right. ${left} attempt${left === 1 ? '' : 's'} left before owner mode locks for a while.`);
      } else {
        setError(e2.message);
      }
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="ogate" aria-labelledby="ogate-title">
      <form className="card" onSubmit={unlock}>
        <h2 id="ogate-title">Owner area</h2>
        <p className="muted">Plans, customers, month end, statements, reports and settings. Enter the owner PIN.</p>
        {notice && <p className="onotice" role="status">{notice}</p>}
        <div className="field">
          <label htmlFor="owner-pin">Owner PIN</label>
          <input
            ref={input} id="owner-pin" type="password" inputMode="numeric" autoComplete="off" maxLength={12} value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            aria-invalid={error ? true : undefined} aria-describedby={error ? 'owner-pin-error' : undefined}
          />
        </div>
        {error && <p id="owner-pin-error" role="alert" className="error" data-testid="gate-error">{error}</p>}
        <div className="dialog-actions">
          <button className="btn btn-primary" type="submit" disabled={!pin} aria-disabled={busy || undefined}>{busy ? 'Checking…' : 'Unlock'}</button>
        </div>
        {lockedUntil !== null && <p className="muted small">You can still use the counter while owner mode is locked.</p>}
      </form>
    </main>
  );
}
