// Owner: this customer is the same person as another one (a second card made at the counter, an import). Opened on the
// duplicate's page: the owner finds the customer the shop keeps, reads what will happen, and merges in one step
// (customers.merge, core/customers/merge.ts). What the ledger cannot carry is refused there, in words shown here.
import { useEffect, useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { CustomerDetail } from '../api/types';
import { Modal } from '../counter/Modal';
import { compareDecimal, credits as fmtCredits, money as fmtMoney, unitLabel } from '../lib/format';
import { owner, useSubmit } from './store';
import { ErrorLine, Field, useShop } from './ui';

type Hit = { id: number; name: string; code: string; phone: string | null };

export function MergeDialog({ detail, onClose, onDone }: { detail: CustomerDetail; onClose: () => void; onDone: (keptId: number, message: string) => void }) {
  const shop = useShop();
  const { customer } = detail;
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[] | null>(null);
  const [kept, setKept] = useState<CustomerDetail | null>(null);
  const [reason, setReason] = useState('Same person, two records');
  const { busy, errors, error, setErrors, run } = useSubmit();
  const [clientId] = useState(newClientId);
  const unit = (n: string, u: string) => unitLabel(n, u, shop.locale);

  // the kept customer, found as the counter finds them (name, phone, card code); never this one
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) { setHits(null); return; }
    let live = true;
    api.customers.search({ query: q, limit: 6 }).then(
      (r) => { if (live) setHits(r.customers.filter((c) => c.id !== customer.id)); },
      () => { if (live) setHits([]); },
    );
    return () => { live = false; };
  }, [query, customer.id]);

  async function choose(h: Hit) {
    const d = await owner(api.customers.get({ id: h.id }));
    setKept(d); setHits(null); setQuery('');
    setErrors(({ intoId: _i, ...rest }) => rest);
  }

  const open = detail.passes.filter((p) => p.status === 'active');
  const holding = open.filter((p) => compareDecimal(p.balance, '0') > 0);
  const owed = open.filter((p) => compareDecimal(p.overageDue, '0') > 0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!kept) {
      setErrors({ intoId: 'Find and choose the customer to keep.' });
      // the focus goes to the field that needs it, as the other owner forms do
      (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('input[name="merge-find"]')?.focus();
      return;
    }
    await run(async () => {
      const r = await owner(api.customers.merge({ clientId, id: customer.id, intoId: kept.customer.id, reason }));
      const moved = r.moved.length ? ` ${r.moved.map((m) => `${fmtCredits(m.credits, shop.locale)} ${unit(m.credits, detail.passes.find((p) => p.id === m.fromPassId)?.creditUnit ?? shop.creditUnit)}`).join(' and ')} moved to their pass.` : '';
      const money = r.overageMoved.length ? ` ${r.overageMoved.map((o) => fmtMoney(o.amount, shop)).join(' and ')} of overage owed moved with them.` : '';
      onDone(r.kept.id, `${r.duplicate.name} (card ${r.duplicate.code}) is merged into ${r.kept.name}.${moved}${money} The card ${r.duplicate.code} now opens ${r.kept.name}.`);
    });
  }

  return (
    <Modal labelledBy="merge-title" onClose={onClose} testId="merge-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="merge-title">{customer.name} is the same person as…</h2>
        <p id="merge-effect">Merging brings this record into the customer you keep, in one step: nothing is erased and no money changes hands.</p>
        <ul className="merge-effects">
          <li>{holding.length === 0 ? `${customer.name} holds no credits.` : `${holding.map((p) => `${fmtCredits(p.balance, shop.locale)} ${unit(p.balance, p.creditUnit)} on ${p.planName} #${p.id}`).join(', ')} move to the kept customer’s open pass of the same kind, keeping their price and end; there they expire as moved credits do, without rolling over (Extend end… gives them more time).`}</li>
          {owed.length > 0 && <li>The overage {customer.name} owes on account ({owed.map((p) => fmtMoney(p.overageDue, shop)).join(', ')}) moves with them: it is owed once, by the kept customer.</li>}
          {open.length > 0 && <li>{open.length === 1 ? `${customer.name}’s pass is` : `${customer.name}’s ${open.length} passes are`} then cancelled at {fmtMoney('0', shop)}.</li>}
          <li>The card {customer.code} opens the kept customer at the counter, and {customer.name} no longer shows in searches. Both histories show the merge.</li>
        </ul>
        <fieldset className="transfer-targets">
          <legend>Merge into</legend>
          {kept ? (
            <p data-testid="merge-kept"><strong>{kept.customer.name}</strong> · card {kept.customer.code}{kept.customer.phone ? ` · ${kept.customer.phone}` : ''}
              {' · '}{kept.passes.filter((p) => p.status === 'active').map((p) => `${p.planName} #${p.id}, ${fmtCredits(p.balance, shop.locale)} ${unit(p.balance, p.creditUnit)}`).join('; ') || 'no open pass'}
              {' '}<button type="button" className="btn btn-small" onClick={() => setKept(null)}>Choose another</button></p>
          ) : (
            <>
              <Field label="Find the customer to keep" name="merge-find" value={query} onChange={setQuery} hint="name, phone or card code" error={errors.intoId} autoFocus />
              {hits && hits.length > 0 && (
                <ul className="transfer-hits" aria-label="Customers found">
                  {hits.map((h) => <li key={h.id}><button type="button" className="btn btn-small" onClick={() => void choose(h)}>{h.name} · {h.code}{h.phone ? ` · ${h.phone}` : ''}</button></li>)}
                </ul>
              )}
              {hits && hits.length === 0 && <p className="muted small">Nobody else matches “{query.trim()}”.</p>}
            </>
          )}
          {kept === null ? null : errors.intoId && <p className="field-error" role="alert">{errors.intoId}</p>}
        </fieldset>
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-describedby="merge-effect" aria-disabled={busy || undefined}>
            {busy ? 'Merging…' : kept ? `Merge into ${kept.customer.name}` : 'Merge'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
