// Shown in the Owner area until renderer/src/owner/ lands: unlock with the PIN, lock again.
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useApp } from '../store/app';
import { plain } from '../store/counter';

export function OwnerPlaceholder() {
  const ownerActive = useApp((s) => s.ownerActive);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function unlock(e: FormEvent) {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      await api.owner.unlock({ pin });
      useApp.getState().setOwnerActive(true);
      setPin('');
    } catch (err) {
      setError(err instanceof ApiError ? plain(err) : String(err));
    } finally { setBusy(false); }
  }
  async function lock() {
    await api.owner.lock({}).catch(() => undefined);
    useApp.getState().setOwnerActive(false);
  }

  return (
    <main className="owner-placeholder card" aria-labelledby="owner-title">
      <h2 id="owner-title">Owner</h2>
      {ownerActive ? (
        <>
          <p>The owner session is open. Reports, plans and settings appear here.</p>
          <button className="btn" type="button" onClick={() => void lock()}>Lock the owner area</button>
        </>
      ) : (
        <form onSubmit={unlock}>
          <div className="field">
            <label htmlFor="owner-pin">Owner PIN</label>
            <input id="owner-pin" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} aria-describedby={error ? 'owner-pin-error' : undefined} />
          </div>
          {error && <p id="owner-pin-error" role="alert" className="error">{error}</p>}
          <button className="btn btn-primary" type="submit" disabled={busy || !pin}>Unlock</button>
        </form>
      )}
    </main>
  );
}
