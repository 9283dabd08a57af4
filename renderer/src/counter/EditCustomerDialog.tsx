// The cashier corrects the open customer's details while they wait: a new phone, a name typed wrong, a note the
// baristas should see ("oat milk"). The card, passes and history stay as they are.
import type { FormEvent } from 'react';
import { useCounter } from '../store/counter';
import { Modal } from './Modal';
import { focusSearch } from './focus';
import { useCustomerForm, type CustomerFields } from '../lib/customerForm';

const closeDialog = () => { useCounter.getState().closeDialog(); setTimeout(focusSearch, 0); };

export function EditCustomerDialog() {
  const customer = useCounter((s) => s.customer?.customer);
  const { f, set, errors, setErrors, error, setError, busy, setBusy, start } = useCustomerForm(customer);
  if (!customer) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const values = start();
    if (!values) return;
    const r = await useCounter.getState().updateCustomer(values);
    setBusy(false);
    if (r === null) { setTimeout(focusSearch, 0); return; }
    if (r.field) setErrors({ [r.field]: r.message }); else setError(r.message);
  }

  const field = (k: keyof CustomerFields, label: string, extra: { type?: string; autoFocus?: boolean; hint?: string } = {}) => (
    <div className="field">
      <label htmlFor={`edit-${k}`}>{label}</label>
      <input id={`edit-${k}`} type={extra.type ?? 'text'} value={f[k]} onChange={(e) => set(k)(e.target.value)} autoComplete="off"
        data-autofocus={extra.autoFocus || undefined} aria-invalid={!!errors[k] || undefined}
        aria-describedby={[errors[k] ? `edit-${k}-error` : '', extra.hint ? `edit-${k}-hint` : ''].filter(Boolean).join(' ') || undefined} />
      {extra.hint && <span id={`edit-${k}-hint`} className="hint">{extra.hint}</span>}
      {errors[k] && <span id={`edit-${k}-error`} className="field-error" role="alert">{errors[k]}</span>}
    </div>
  );

  return (
    <Modal labelledBy="edit-title" onClose={closeDialog} testId="edit-customer-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="edit-title">Edit {customer.name}</h2>
        {field('name', 'Name', { autoFocus: true })}
        {field('phone', 'Phone (optional)', { type: 'tel' })}
        {field('email', 'Email (optional)', { type: 'email' })}
        {field('notes', 'Note (optional)', { hint: 'Shown at the counter whenever their card is scanned: “oat milk”, “no sugar”.' })}
        {error && <p className="error" role="alert" data-testid="edit-error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={closeDialog} disabled={busy}>Cancel</button>
          <button type="submit" className="btn btn-primary" aria-disabled={busy || undefined}>{busy ? 'Saving…' : 'Save details'}</button>
        </div>
      </form>
    </Modal>
  );
}
