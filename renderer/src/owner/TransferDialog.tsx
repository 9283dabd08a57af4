// Owner: move credits from a pass to another one, the customer's own (two passes merged) or another customer's (a gift
// to a family member). The target is chosen from the customer's other open passes, or found by name like at the counter.
// The ledger takes the credits in the pass's order and moves their paid value with them (core/corrections/transfer.ts).
import { useEffect, useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { PassView } from '../api/types';
import { Modal } from '../counter/Modal';
import { credits as fmtCredits, money as fmtMoney, unitLabel } from '../lib/format';
import { fromInput } from '../lib/amountInput';
import { Decimal } from '../../../core/money/decimal';
import { owner, refusal } from './store';
import { ErrorLine, Field, useShop } from './ui';

interface Target { passId: number; who: string }
type Hit = { id: number; name: string; code: string };

/** Passes credits of `unit` can move into: open, of the same unit, not the source. */
const intoable = (passes: PassView[], from: PassView) => passes.filter((p) => p.id !== from.id && p.status === 'active' && p.creditUnit === from.creditUnit);

export function TransferDialog({ pass, own, customerName, onClose, onDone }: {
  pass: PassView; own: PassView[]; customerName: string; onClose: () => void; onDone: (message: string) => Promise<void>;
}) {
  const shop = useShop();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState<Target | null>(null);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  // the close would roll some of this pass's credits over; a moved lot has no rollover terms on its new pass (transfer.ts)
  const rollsHere = pass.lots.some((l) => l.atEnd !== null && !new Decimal(l.atEnd.rollsOver).isZero());
  const [other, setOther] = useState<{ name: string; passes: PassView[] } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(newClientId);
  const unit = (n: string) => unitLabel(n, pass.creditUnit, shop.locale);
  const label = (p: PassView, who: string) => `${who}: ${p.planName} #${p.id}, ${fmtCredits(p.balance, shop.locale)} ${unit(p.balance)}`;

  // another customer, found as the counter finds them (name, phone, card code)
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) { setHits([]); return; }
    let live = true;
    api.customers.search({ query: q, limit: 6 }).then((r) => { if (live) setHits(r.customers); }, () => { if (live) setHits([]); });
    return () => { live = false; };
  }, [query]);

  async function pick(h: Hit) {
    const d = await api.customers.get({ id: h.id });
    setOther({ name: d.customer.name, passes: intoable(d.passes, pass) });
    setHits([]); setQuery('');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const read = fromInput(amount, shop.locale);
    if (!read.ok) { setErrors({ credits: read.error }); return; }
    if (!target) { setErrors({ toPassId: 'Choose the pass the credits go to.' }); return; }
    setBusy(true); setErrors({}); setError(null);
    try {
      const r = await owner(api.passes.transfer({ clientId, fromPassId: pass.id, toPassId: target.passId, credits: read.value, reason }));
      await onDone(`Moved ${fmtCredits(r.moved.credits, shop.locale)} ${unit(r.moved.credits)} (${fmtMoney(r.moved.value, shop)} of paid value) to ${target.who}’s ${r.to.planName}. New balance ${fmtCredits(r.from.balance, shop.locale)}; theirs ${fmtCredits(r.to.balance, shop.locale)}.`);
    } catch (err) {
      const x = refusal(err);
      setErrors(x.errors); setError(x.error);
    } finally { setBusy(false); }
  }

  const choices: Array<{ p: PassView; who: string }> = [
    ...intoable(own, pass).map((p) => ({ p, who: customerName })),
    ...(other ? other.passes.map((p) => ({ p, who: other.name })) : []),
  ];
  return (
    <Modal labelledBy="transfer-title" onClose={onClose} testId="transfer-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="transfer-title">Move credits to another pass</h2>
        <p>From {customerName}’s {pass.planName} #{pass.id}, which holds {fmtCredits(pass.balance, shop.locale)} {unit(pass.balance)}. They are taken in the order the pass uses them and keep their price and end; no money changes hands.{rollsHere && <strong data-testid="transfer-no-rollover"> This pass rolls credits over at their end; on the other pass, moved credits end then without rolling over.</strong>}</p>
        <Field label={`${unit('2').replace(/^./, (c) => c.toUpperCase())} to move`} name="credits" value={amount} onChange={(v) => { setAmount(v); setErrors(({ credits: _c, ...rest }) => rest); }} error={errors.credits} inputMode="decimal" autoFocus />
        <fieldset className="transfer-targets" aria-describedby={errors.toPassId ? 'to-pass-err' : undefined}>
          <legend>Move to</legend>
          {choices.length === 0 && <p className="muted small">{other ? `${other.name} has no open pass of ${unit('2')}.` : `${customerName} has no other open pass of ${unit('2')}: find another customer.`}</p>}
          {choices.map(({ p, who }) => (
            <label key={p.id} className="choice">
              <input type="radio" name="toPassId" value={p.id} checked={target?.passId === p.id} onChange={() => { setTarget({ passId: p.id, who }); setErrors(({ toPassId: _t, ...rest }) => rest); }} />
              {label(p, who)}
            </label>
          ))}
          {errors.toPassId && <p className="field-error" id="to-pass-err" role="alert">{errors.toPassId}</p>}
          <Field label="Find another customer" name="transfer-find" value={query} onChange={setQuery} hint="name, phone or card code" />
          {hits.length > 0 && (
            <ul className="transfer-hits" aria-label="Customers found">
              {hits.map((h) => <li key={h.id}><button type="button" className="btn btn-small" onClick={() => void pick(h)}>{h.name} · {h.code}</button></li>)}
            </ul>
          )}
        </fieldset>
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required placeholder="Shown in both histories" />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Working…' : 'Move credits'}</button>
        </div>
      </form>
    </Modal>
  );
}
