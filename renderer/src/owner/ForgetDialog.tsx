// Owner: forget a customer who asks for it (the right to erasure). The ledger erases who they were and keeps the books
// (core/customers/erasure.ts); this dialog says first what goes, what stays, and what must be settled before.
import { useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { CustomerDetail } from '../api/types';
import { Modal } from '../counter/Modal';
import { credits as fmtCredits, unitLabel } from '../lib/format';
import { owner, useSubmit } from './store';
import { ErrorLine, Field, useShop } from './ui';

export function ForgetDialog({ detail, onClose, onDone }: { detail: CustomerDetail; onClose: () => void; onDone: (message: string) => Promise<void> }) {
  const shop = useShop();
  const [reason, setReason] = useState('');
  const { busy, errors, error, run } = useSubmit();
  const [clientId] = useState(newClientId);
  const { customer } = detail;
  const active = detail.passes.filter((p) => p.status === 'active');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (active.length > 0) return;
    await run(async () => {
      await owner(api.customers.forget({ clientId, id: customer.id, reason }));
      await onDone(`${customer.name} is forgotten: their name, phone, email and notes are erased. Their passes and payments stay in the books as “Forgotten customer”.`);
    });
  }

  return (
    <Modal labelledBy="forget-title" onClose={onClose} testId="forget-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="forget-title">Forget {customer.name}</h2>
        <p id="forget-effect">When a customer asks the shop to erase their details, their name, phone, email and notes are erased from this
          ledger for good, and the card {customer.code} opens only “Forgotten customer”. Their passes, redemptions and payments stay in the
          books under that name: the shop must keep its accounts. This cannot be undone.</p>
        <ul className="muted">
          <li>Backups made before today keep the old details until they are deleted ({shop.backupKeepDays} days), and restoring one brings
            them back (its preview says so); copies saved off this computer keep them until you delete them.</li>
          <li>Reasons you typed for corrections are kept as you typed them.</li>
        </ul>
        {active.length > 0 && (
          <p className="onotice warn" data-testid="forget-blocked">
            First refund and cancel {active.length === 1 ? 'their active pass' : `their ${active.length} active passes`}
            {' '}({active.map((p) => `${p.planName} #${p.id}, ${fmtCredits(p.balance, shop.locale)} ${unitLabel(p.balance, p.creditUnit, shop.locale)} left`).join('; ')}):
            the shop would still owe them.
          </p>
        )}
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required placeholder="How and when they asked" autoFocus />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-danger" type="submit" aria-describedby="forget-effect" aria-disabled={busy || active.length > 0 || undefined}>
            {busy ? 'Forgetting…' : `Forget ${customer.name}`}
          </button>
        </div>
      </form>
    </Modal>
  );
}
