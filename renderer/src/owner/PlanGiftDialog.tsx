// Owner: the same free credits to every open pass of a plan at once (a holiday gift). Says how many passes before
// anything is given; the ledger gives each its own promo lot in one transaction (core/passes/promo.ts giveToPlan).
import { useEffect, useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { PlanRow } from '../api/types';
import { Modal } from '../counter/Modal';
import { credits as fmtCredits, unitLabel } from '../lib/format';
import { fromInput } from '../lib/amountInput';
import { errorText, owner, refusal } from './store';
import { ErrorLine, Field, useShop } from './ui';

export function PlanGiftDialog({ plan, onClose, onDone }: { plan: PlanRow; onClose: () => void; onDone: (message: string) => Promise<void> }) {
  const shop = useShop();
  const [passes, setPasses] = useState<number | null>(null);
  const [amount, setAmount] = useState('');
  const [days, setDays] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(newClientId);
  const unit = (n: string) => unitLabel(n, plan.creditUnit, shop.locale);

  useEffect(() => {
    let live = true;
    owner(api.plans.giftQuote({ planId: plan.id })).then((q) => { if (live) setPasses(q.passes); }, (err) => { if (live) setError(errorText(err)); });
    return () => { live = false; };
  }, [plan.id]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const read = fromInput(amount, shop.locale);
    if (!read.ok) { setErrors({ credits: read.error }); return; }
    const d = days.trim();
    if (d && (!/^\d+$/.test(d) || Number(d) < 1 || Number(d) > 3660)) { setErrors({ days: 'Enter a whole number of days, 1 to 3660.' }); return; }
    setBusy(true); setErrors({}); setError(null);
    try {
      const g = await owner(api.plans.gift({ clientId, planId: plan.id, credits: read.value, reason, ...(d ? { days: Number(d) } : {}) }));
      await onDone(`Gave ${fmtCredits(g.credits, shop.locale)} free ${unit(g.credits)} to each of ${g.passes} ${plan.name} pass${g.passes === 1 ? '' : 'es'}.`);
    } catch (err) {
      const x = refusal(err);
      setErrors(x.errors); setError(x.error);
    } finally { setBusy(false); }
  }

  return (
    <Modal labelledBy="plan-gift-title" onClose={onClose} testId="plan-gift-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="plan-gift-title">Free credits for every {plan.name}</h2>
        <p data-testid="plan-gift-count" aria-live="polite">{passes === null ? 'Counting the open passes…'
          : passes === 0 ? `No open ${plan.name} pass: nobody would get them.`
          : `Each of the ${passes} open ${plan.name} pass${passes === 1 ? '' : 'es'} gets them: no money moves, they are used first and expire unused at their end.`}</p>
        <Field label={`Free ${unit('2')} for each pass`} name="credits" value={amount} onChange={(v) => { setAmount(v); setErrors(({ credits: _c, ...rest }) => rest); }} error={errors.credits} inputMode="decimal" autoFocus placeholder="e.g. 1" />
        <Field label="Valid for (days)" name="days" value={days} onChange={(v) => { setDays(v); setErrors(({ days: _d, ...rest }) => rest); }} error={errors.days} inputMode="numeric"
          hint={days.trim() ? 'today counts as the first day' : 'empty: to the end of each pass’s period'} />
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required placeholder="Shown in each customer’s history" />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" disabled={passes === 0} aria-disabled={busy || undefined}>{busy ? 'Giving…' : passes ? `Give to ${passes} pass${passes === 1 ? '' : 'es'}` : 'Give'}</button>
        </div>
      </form>
    </Modal>
  );
}
