// Owner: give a pass's credits more time (a customer was ill or away). Every live lot that ends before the day picked
// is usable through it instead; nothing else changes and no money moves (core/corrections/extend.ts). What will move is
// said from the pass's own lots before the owner confirms; the ledger decides, and its answer is what the notice says.
import { useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { PassView } from '../api/types';
import { Modal } from '../counter/Modal';
import { credits as fmtCredits, unitLabel, validThrough, validThroughKey } from '../lib/format';
import { Decimal } from '../../../core/money/decimal';
import { useApp } from '../store/app';
import { owner, useSubmit } from './store';
import { ErrorLine, Field, localDay, mediumDay, useShop } from './ui';

export function ExtendDialog({ pass, onClose, onDone }: { pass: PassView; onClose: () => void; onDone: (message: string) => Promise<void> }) {
  const shop = useShop();
  const now = useApp.getState().now();
  const today = localDay(now, shop.timeZone);
  const [through, setThrough] = useState('');
  const [reason, setReason] = useState('');
  const { busy, errors, error, setErrors, setError, run } = useSubmit();
  const [clientId] = useState(newClientId);
  const unit = (n: string) => unitLabel(n, pass.creditUnit, shop.locale);
  const day = (d: string) => mediumDay(d, shop.locale);

  // the lots whose last day is before the one picked: those the ledger will extend
  const ending = pass.lots.filter((l) => l.expiresAt !== null);
  const moving = /^\d{4}-\d{2}-\d{2}$/.test(through) ? ending.filter((l) => validThroughKey(l.expiresAt!, shop.timeZone) < through) : [];
  const movingCredits = moving.reduce((n, l) => n.plus(l.remaining), new Decimal(0)).toFixed();
  const wouldRoll = moving.some((l) => l.atEnd !== null && !new Decimal(l.atEnd.rollsOver).isZero());
  const ends = [...new Set(ending.map((l) => validThrough(l.expiresAt!, shop, now)))];

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(through)) { setErrors({ through: 'Pick the last day the credits can be used.' }); setError(null); return; }
    await run(async () => {
      const r = await owner(api.passes.extend({ clientId, passId: pass.id, through, reason }));
      await onDone(`${fmtCredits(r.extended.credits, shop.locale)} ${unit(r.extended.credits)} are now valid through ${day(r.extended.through)}. No money moved; the balance is ${fmtCredits(r.balance, shop.locale)}.`);
    });
  }

  return (
    <Modal labelledBy="extend-title" onClose={onClose} testId="extend-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="extend-title">Extend the credits’ end</h2>
        <p>Credits of {pass.planName} #{pass.id} that end before the day you pick can be used through that day instead. They keep their price; no money moves,
          and they expire on that day without rolling over. Credits that already expired cannot be brought back (give free credits instead).</p>
        <Field label="Valid through" name="through" type="date" value={through} min={today} onChange={(v) => { setThrough(v); setErrors(({ through: _t, ...rest }) => rest); }}
          error={errors.through} autoFocus required
          hint={ends.length === 0 ? 'no credit of this pass ends' : `they end now: ${ends.join(', ')}`} />
        <p className="quote-line" data-testid="extend-preview" aria-live="polite">
          {!/^\d{4}-\d{2}-\d{2}$/.test(through) ? 'Pick a day.'
            : moving.length === 0 ? `No credits end before ${day(through)}: nothing to extend.`
            : <>{fmtCredits(movingCredits, shop.locale)} {unit(movingCredits)} ending {[...new Set(moving.map((l) => validThrough(l.expiresAt!, shop, now)))].join(', ')} will be valid through <strong>{day(through)}</strong>.
              {wouldRoll && <strong data-testid="extend-no-rollover"> Some of them would roll over at their end now; extended, they expire on that day instead.</strong>}</>}
        </p>
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required placeholder="Shown in the history" />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Working…' : moving.length > 0 ? `Extend to ${day(through)}` : 'Extend'}</button>
        </div>
      </form>
    </Modal>
  );
}
