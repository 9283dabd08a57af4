// The PIN gate in front of the owner area. The core decides (wrong PINs counted, the gate locked for a while
// after five); this screen says what happened in plain words.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, newClientId } from '../api/client';
import { longDateTime } from '../lib/format';
import { useApp } from '../store/app';
import { useOwner } from './store';
import { Field, triesLeftText } from './ui';

/** What the gate says of a lockout, for the PIN and the recovery code alike. */
function lockoutText(e: ApiError, locale: string, timeZone: string | undefined): { until: number; text: string } {
  const d = (e.details ?? {}) as { retryAfterSeconds?: number };
  const until = useApp.getState().now() + (d.retryAfterSeconds ?? 300) * 1000;
  const at = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(until);
  const mins = Math.max(1, Math.ceil((d.retryAfterSeconds ?? 300) / 60));
  return { until, text: `Too many wrong PINs. Owner mode is locked until ${at} (about ${mins} minute${mins === 1 ? '' : 's'}).` };
}

export function Gate() {
  const [recovering, setRecovering] = useState(false);
  const forgot = useRef<HTMLButtonElement>(null);
  if (recovering) return <RecoverForm onBack={() => { setRecovering(false); requestAnimationFrame(() => forgot.current?.focus()); }} />;
  return <PinGate onForgot={() => setRecovering(true)} forgotRef={forgot} />;
}

function PinGate({ onForgot, forgotRef }: { onForgot: () => void; forgotRef: React.RefObject<HTMLButtonElement | null> }) {
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
        const { until, text } = lockoutText(e2, shop?.locale ?? 'en-US', shop?.timeZone);
        setLockedUntil(until);
        setError(text);
      } else if (e2.code === 'FORBIDDEN') {
        const left = d.attemptsLeft;
        setError(triesLeftText('That PIN is not right.', left));
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
        <p className="ogate-forgot"><button ref={forgotRef} type="button" className="btn btn-small" onClick={onForgot}>Forgot the PIN?</button></p>
      </form>
    </main>
  );
}

/**
 * A forgotten PIN: the recovery code (made in Settings, Owner PIN) sets a new one, once, and owner mode opens with it.
 * The core checks the code through the same gate as the PIN: wrong codes count toward the same lockout.
 */
function RecoverForm({ onBack }: { onBack: () => void }) {
  const shop = useApp((s) => s.shop);
  const status = useApp((s) => s.recoveryCode);
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // one request per code and PIN typed: a retry after a lost answer is the same request, answered, not a second try
  const request = useRef<{ key: string; clientId: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // with a code to type, its field takes the focus (autoFocus); without one, the heading that says so
  useEffect(() => { if (!useApp.getState().recoveryCode?.madeAt) heading.current?.focus(); }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const fe: Record<string, string> = {};
    if (!code.trim()) fe.recoveryCode = 'Type the recovery code.';
    if (!/^\d{4,12}$/.test(pin)) fe.newPin = 'The new PIN must be 4 to 12 digits.';
    else if (pin !== again) fe.again = 'The two new PINs are not the same.';
    setErrors(fe);
    if (Object.keys(fe).length) return;
    const key = `${code}\u0000${pin}`;
    if (request.current?.key !== key) request.current = { key, clientId: newClientId() };
    setBusy(true);
    try {
      await api.owner.recover({ clientId: request.current.clientId, recoveryCode: code, newPin: pin });
      await api.owner.unlock({ pin });
      useOwner.setState({ gateNotice: null, lastActivity: Date.now() });
      useOwner.getState().openSettings('pin'); // where the used code is replaced by a new one
      useApp.getState().setOwnerActive(true);
      void useApp.getState().load();
    } catch (err) {
      const e2 = err instanceof ApiError ? err : new ApiError('INTERNAL', String(err));
      const d = (e2.details ?? {}) as { attemptsLeft?: number; field?: string; issues?: Array<{ path: string; message: string }> };
      if (e2.code === 'LOCKED_OUT') setErrors({ form: lockoutText(e2, shop?.locale ?? 'en-US', shop?.timeZone).text });
      else if (e2.code === 'FORBIDDEN' && d.field === 'recoveryCode') {
        setErrors({ recoveryCode: triesLeftText(e2.message, d.attemptsLeft) });
      } else if (e2.code === 'VALIDATION') {
        const issue = d.issues?.[0];
        setErrors({ [d.field ?? issue?.path ?? 'recoveryCode']: d.field ? e2.message : issue?.message ?? e2.message });
      } else setErrors({ form: e2.code === 'NETWORK' ? 'Passbook is not answering. Check that it is still running, then try again.' : e2.message });
    } finally {
      setBusy(false);
    }
  }

  if (!shop) return null;
  return (
    <main className="ogate" aria-labelledby="recover-title">
      {status?.madeAt ? (
        <form className="card" onSubmit={submit} noValidate>
          <h2 id="recover-title" ref={heading} tabIndex={-1}>Set a new owner PIN</h2>
          <p className="muted">Type the recovery code made on {longDateTime(status.madeAt, shop)}. It works once: make a new one afterwards.</p>
          <Field label="Recovery code" name="recoveryCode" value={code} onChange={setCode} error={errors.recoveryCode} autoFocus inputClassName="ogate-code"
            hint="20 letters and digits; dashes and spaces do not matter." />
          <Field label="New PIN (4–12 digits)" name="newPin" type="password" inputMode="numeric" value={pin} onChange={(v) => setPin(v.replace(/\D/g, ''))} error={errors.newPin} />
          <Field label="New PIN again" name="again" type="password" inputMode="numeric" value={again} onChange={(v) => setAgain(v.replace(/\D/g, ''))} error={errors.again} />
          {errors.form && <p role="alert" className="error" data-testid="recover-error">{errors.form}</p>}
          <div className="dialog-actions">
            <button className="btn" type="button" onClick={onBack}>Back to the PIN</button>
            <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Setting…' : 'Set the PIN and open'}</button>
          </div>
        </form>
      ) : (
        <div className="card">
          <h2 id="recover-title" ref={heading} tabIndex={-1}>No recovery code</h2>
          <p data-testid="recover-none">
            {status?.usedAt
              ? `This shop's recovery code was used on ${longDateTime(status.usedAt, shop)}, and no new one was made since.`
              : 'This shop has no recovery code, so a forgotten PIN cannot be set again here.'}
            {' '}Nothing at the counter can change the PIN: that is what keeps refunds and the books safe.
          </p>
          <p className="muted">The counter keeps working, and the ledger is safe. Try the PINs the owner may have used; after five wrong ones owner mode locks for a while.</p>
          <div className="dialog-actions"><button className="btn" type="button" onClick={onBack}>Back to the PIN</button></div>
        </div>
      )}
    </main>
  );
}
