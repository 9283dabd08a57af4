// The customer's details as a form edits them (the counter's Edit and the owner's Edit details): one set of fields,
// one rule for a missing name, trimmed values with empty ones cleared, as customers.update takes them.
import { useState } from 'react';

export interface CustomerFields { name: string; phone: string | null; email: string | null; notes: string | null }
type Key = keyof CustomerFields;

export function useCustomerForm(c: { name: string; phone: string | null; email: string | null; notes: string | null } | undefined) {
  const [f, setF] = useState({ name: c?.name ?? '', phone: c?.phone ?? '', email: c?.email ?? '', notes: c?.notes ?? '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // a field's message goes once it is changed
  const set = (k: Key) => (v: string) => { setF((x) => ({ ...x, [k]: v })); setErrors(({ [k]: _gone, ...rest }) => rest); };
  /**
   * A save begins: the fields to send (busy from now on, earlier messages cleared), or null while one is on its way
   * or when there is no name (its message set). The caller sets busy back when the answer comes.
   */
  const start = (): CustomerFields | null => {
    if (busy) return null;
    if (!f.name.trim()) { setErrors({ name: 'Enter the customer’s name.' }); return null; }
    setErrors({}); setError(null); setBusy(true);
    return { name: f.name.trim(), phone: f.phone.trim() || null, email: f.email.trim() || null, notes: f.notes.trim() || null };
  };
  return { f, set, errors, setErrors, error, setError, busy, setBusy, start };
}
