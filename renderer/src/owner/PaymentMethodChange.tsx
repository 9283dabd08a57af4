// The pass payments of one day, as the owner counts the till against them, and the correction of a payment's way
// when the counter tapped the wrong one (Cash for a card payment): the payment stays as written, the correction moves
// its amount from one way to the other on today's figures (core/corrections/paymentMethod.ts).
import { useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { PaymentView } from '../../../core/contract/payments';
import type { PaymentMethod } from '../api/types';
import { Modal } from '../counter/Modal';
import { money as fmtMoney } from '../lib/format';
import { owner, refusal } from './store';
import { ErrorLine, Field, ListDayField, Money, Select, useFocusFirstInvalid, useListDay, useShop, withoutKey } from './ui';
import { useLoad } from './useLoad';

export const WAY_WORDS: Record<PaymentMethod, string> = { cash: 'cash', card: 'card', other: 'other' };
/** the most a day's list reads at once (the contract's most): a shop with more that day sees the first ones, and is told so */
const PAYMENTS_SHOWN = 500;
const WAY_OPTIONS = [{ value: 'cash', label: 'Cash' }, { value: 'card', label: 'Card' }, { value: 'other', label: 'Other' }];

const KIND_WORDS: Record<PaymentView['kind'], string> = {
  sale: 'Pass sold', topup: 'Top-up', overage: 'Overage paid', settlement: 'Overage settled', refund: 'Paid back', overage_refund: 'Overage paid back',
};

/**
 * What is being corrected: a payment of a pass, or a sale without a pass. `method` is its way as it stands (corrected
 * or not); `recorded`, the way the counter tapped.
 */
export interface WayTarget { paymentId?: number; saleId?: number; what: string; amount: string; method: PaymentMethod; recorded: PaymentMethod }

export function PaymentsOfDay({ date: initial, onChanged }: { date: string; onChanged: () => void }) {
  const shop = useShop();
  const [date, setDate] = useListDay(initial);
  const [asked, setAsked] = useState(0);
  const { data, error } = useLoad(() => owner(api.payments.list({ date, limit: PAYMENTS_SHOWN })), [date, asked]);
  const [changing, setChanging] = useState<WayTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // a notice of a correction is about the day it was made on: another day's list does not carry it
  const [noticeDay, setNoticeDay] = useState(date);
  if (notice && noticeDay !== date) { setNotice(null); setNoticeDay(date); }
  const when = new Intl.DateTimeFormat(shop.locale, { hour: 'numeric', minute: '2-digit', timeZone: shop.timeZone });
  return (
    <section aria-labelledby="payments-title" className="ocash">
      <h3 id="payments-title" className="section-title">Pass payments</h3>
      <ListDayField id="py-date" value={date} onChange={setDate} />
      <p className="muted small">Each pass sold, top-up, overage and payment back of the day, and how it was paid. When the counter tapped the wrong way (Cash for a card payment), correct it here: the till counts it under the right way from today.</p>
      {notice && <p className="onotice" role="status" data-testid="payments-notice">{notice}</p>}
      <ErrorLine error={error} />
      {data && data.payments.length === PAYMENTS_SHOWN && <p className="muted small" data-testid="payments-more">The first {PAYMENTS_SHOWN} of the day are shown; the daily figures above count them all.</p>}
      {data && (data.payments.length === 0 ? <p className="empty">None that day.</p> : (
        <div className="otable-wrap" tabIndex={0} role="region" aria-label="Pass payments that day">
          <table className="otable compact" data-testid="payments">
            <thead><tr><th>Time</th><th>Customer</th><th>What</th><th>Paid by</th><th className="r">Amount</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {data.payments.map((p) => {
                const what = `${KIND_WORDS[p.kind]}: ${p.planName}`;
                return (
                  <tr key={p.paymentId} data-testid="payment-row">
                    <td className="nowrap">{when.format(new Date(p.at))}</td>
                    <td>{p.customerName}</td>
                    <td>{what}</td>
                    <td><WayCell way={p} /></td>
                    <td className="r"><Money value={p.amount} /></td>
                    <td className="actions-cell">
                      <button className="btn btn-small" type="button" onClick={() => setChanging({ paymentId: p.paymentId, what: `${what}, ${p.customerName}`, amount: p.amount, method: p.paymentMethod, recorded: p.recordedMethod })}
                        aria-label={`Paid another way: ${KIND_WORDS[p.kind]} of ${when.format(new Date(p.at))}, ${p.customerName}, ${fmtMoney(p.amount, shop)}`}>Paid another way…</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
      {changing && <PaymentMethodDialog target={changing} onClose={() => setChanging(null)} onDone={(msg) => { setChanging(null); setNotice(msg); setNoticeDay(date); setAsked((n) => n + 1); onChanged(); }} />}
    </section>
  );
}

/** How a payment was made, and when the owner corrected it, how the counter tapped it and why. */
export function WayCell({ way }: { way: { paymentMethod: PaymentMethod; recordedMethod: PaymentMethod; changes: { reason: string }[] } }) {
  return <>{WAY_WORDS[way.paymentMethod]}{way.changes.length > 0 && <span className="muted"> (tapped as {WAY_WORDS[way.recordedMethod]}; corrected: {way.changes.at(-1)!.reason})</span>}</>;
}

/** The owner picks the way it was really paid and says why; the answer says what moved on today's till. */
export function PaymentMethodDialog({ target, onClose, onDone }: { target: WayTarget; onClose: () => void; onDone: (msg: string) => void }) {
  const shop = useShop();
  const [to, setTo] = useState<PaymentMethod>(target.method === 'cash' ? 'card' : 'cash');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // one request per choice: asked again after a lost answer it is the same correction, never a second one
  const [clientId, setClientId] = useState(newClientId);
  const amount = fmtMoney(target.amount.replace(/^-/, ''), shop);
  const back = target.amount.startsWith('-');
  // the way it stands may be a correction already: never say the counter tapped what the owner put right
  const asItStands = target.recorded === target.method ? 'as the counter tapped it' : `as corrected (the counter tapped ${WAY_WORDS[target.recorded]})`;
  const { ref, refused } = useFocusFirstInvalid<HTMLFormElement>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true); setErrors({}); setError(null);
    try {
      const r = await owner(api.payments.changeMethod({ clientId, ...(target.paymentId !== undefined ? { paymentId: target.paymentId } : { saleId: target.saleId! }), paymentMethod: to, reason }));
      onDone(back
        ? `Now paid back by ${WAY_WORDS[r.to]}: today's till counts ${amount} more ${WAY_WORDS[r.from]} and ${amount} less ${WAY_WORDS[r.to]}.`
        : `Now paid by ${WAY_WORDS[r.to]}: today's till counts ${amount} more ${WAY_WORDS[r.to]} and ${amount} less ${WAY_WORDS[r.from]}.`);
    } catch (err) {
      const r = refusal(err);
      setErrors(r.errors); setError(r.error);
      if (Object.keys(r.errors).length) refused();
    } finally { setBusy(false); }
  }
  return (
    <Modal labelledBy="pm-title" onClose={onClose} testId="payment-method" busy={busy}>
      <form ref={ref} onSubmit={submit} noValidate>
        <h2 id="pm-title">{back ? 'Paid back another way' : 'Paid another way'}</h2>
        <p>{target.what}: <strong>{amount}</strong> {back ? 'paid back' : 'paid'} by {WAY_WORDS[target.method]}, {asItStands}.</p>
        <Select label={back ? 'Really paid back by' : 'Really paid by'} name="paymentMethod" value={to} onChange={(v) => { setTo(v as PaymentMethod); setClientId(newClientId()); setErrors({}); setError(null); }}
          error={errors.paymentMethod} options={WAY_OPTIONS.filter((o) => o.value !== target.method)} />
        <Field label="Reason" name="reason" value={reason} onChange={(v) => { setReason(v); setClientId(newClientId()); setErrors((e) => withoutKey(e, 'reason')); }} error={errors.reason} required autoFocus placeholder="e.g. card slip found, Cash was tapped" />
        <p className="muted small">The payment stays as it was written; this correction is added to today's figures and the books, and what is paid back later goes back the corrected way.</p>
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Working…' : `Count it as ${WAY_WORDS[to]}`}</button>
        </div>
      </form>
    </Modal>
  );
}
