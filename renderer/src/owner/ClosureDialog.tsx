// Owner: the shop closes for a while (holidays, works). Credits that would end while it is closed can be used after it
// opens again: every open pass's live credits whose last day falls in the window get a later one (core/corrections/
// extend.ts extendAll). The ledger's quote says how many passes and credits before the owner confirms.
import { useEffect, useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { OutputOf } from '../../../core/contract';
import { Modal } from '../counter/Modal';
import { count, credits as fmtCredits, dateTime, unitLabel, validThroughKey } from '../lib/format';
import { useApp } from '../store/app';
import { errorText, fieldErrors, owner, useSubmit } from './store';
import { ErrorLine, Field, localDay, mediumDay, useShop } from './ui';

type Quote = OutputOf<'passes.extendAllQuote'>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function ClosureDialog({ onClose, onDone }: { onClose: () => void; onDone: (message: string) => void }) {
  const shop = useShop();
  const today = localDay(useApp.getState().now(), shop.timeZone);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState('');
  const [through, setThrough] = useState('');
  const [reason, setReason] = useState('');
  const [quote, setQuote] = useState<{ key: string; q: Quote | null; problem: string | null } | null>(null);
  const { busy, errors, error, setErrors, setError, run } = useSubmit();
  const [clientId] = useState(newClientId);
  const day = (d: string) => mediumDay(d, shop.locale);
  const key = DAY.test(from) && DAY.test(to) && DAY.test(through) ? `${from}|${to}|${through}` : null;

  // the ledger's own count of what would move, asked once the three days are set
  useEffect(() => {
    if (key === null) { setQuote(null); return; }
    let live = true;
    const [endingFrom, endingThrough, until] = key.split('|') as [string, string, string];
    const t = setTimeout(() => {
      owner(api.passes.extendAllQuote({ endingFrom, endingThrough, through: until })).then(
        (q) => { if (live) setQuote({ key, q, problem: null }); },
        // a refused window said as a sentence (without the field's name the ledger puts first)
        (err) => { if (live) setQuote({ key, q: null, problem: (Object.values(fieldErrors(err))[0] ?? errorText(err)).replace(/^./, (c) => c.toUpperCase()) }); });
    }, 200);
    return () => { live = false; clearTimeout(t); };
  }, [key]);
  const now = quote !== null && quote.key === key ? quote : null;
  const what = (q: Quote) => q.credits.map((c) => `${fmtCredits(c.credits, shop.locale)} ${unitLabel(c.credits, c.unit, shop.locale)}`).join(' and ');

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const missing = !DAY.test(from) ? 'endingFrom' : !DAY.test(to) ? 'endingThrough' : !DAY.test(through) ? 'through' : null;
    if (missing) { setErrors({ [missing]: 'Pick a day.' }); setError(null); return; }
    await run(async () => {
      const r = await owner(api.passes.extendAll({ clientId, endingFrom: from, endingThrough: to, through, reason }));
      onDone(`${what(r)} of ${count(r.passes, shop.locale)} ${r.passes === 1 ? 'pass' : 'passes'} (${count(r.customers, shop.locale)} ${r.customers === 1 ? 'customer' : 'customers'}) that would have ended from ${day(from)} to ${day(to)} can now be used through ${day(through)}. No money moved.`);
    });
  }

  const ready = now?.q && now.q.lots > 0 ? now.q : null;
  return (
    <Modal labelledBy="closure-title" onClose={onClose} testId="closure-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="closure-title">Closing for a while</h2>
        <p>Credits of every open pass that would end while the shop is closed can be used after it opens again. They keep their price; no money moves,
          and each pass’s history and statement say it. Credits that already expired cannot be brought back.</p>
        <div className="ogrid two">
          <Field label="Credits ending from" name="endingFrom" type="date" value={from} min={today} onChange={(v) => { setFrom(v); setErrors({}); }} error={errors.endingFrom} required autoFocus />
          <Field label="to (including)" name="endingThrough" type="date" value={to} min={from} onChange={(v) => { setTo(v); setErrors({}); }} error={errors.endingThrough} required />
        </div>
        <Field label="Can be used through" name="through" type="date" value={through} min={to || from} onChange={(v) => { setThrough(v); setErrors({}); }} error={errors.through} required
          hint="the first days after you open again, say" />
        <p className="quote-line" data-testid="closure-quote" aria-live="polite">
          {key === null ? 'Pick the days the shop is closed and the day the credits last to.'
            : now === null ? 'Counting…'
            : now.q === null ? now.problem
            : now.q.lots === 0 ? `No credits of an open pass end from ${day(from)} to ${day(to)}.`
            : <><strong>{what(now.q)}</strong> of {count(now.q.passes, shop.locale)} {now.q.passes === 1 ? 'pass' : 'passes'} ({count(now.q.customers, shop.locale)} {now.q.customers === 1 ? 'customer' : 'customers'}) will be valid through <strong>{day(through)}</strong>.</>}
        </p>
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required placeholder="Shown in each customer’s history and statement" />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Working…' : ready ? `Extend ${count(ready.passes, shop.locale)} ${ready.passes === 1 ? 'pass' : 'passes'}` : 'Extend'}</button>
        </div>
      </form>
    </Modal>
  );
}

type UndoQuote = OutputOf<'passes.undoClosureQuote'>;

/**
 * The shop's last closure taken back for every pass (dates or a year typed wrong): the ledger's quote, read by Month end
 * to offer it, says which closure and how much moves back before the owner confirms (core/corrections/extend.ts undoClosure).
 */
export function UndoClosureDialog({ quote, onClose, onDone }: { quote: UndoQuote; onClose: () => void; onDone: (message: string) => void }) {
  const shop = useShop();
  const [reason, setReason] = useState('');
  const { busy, errors, error, run } = useSubmit();
  const [clientId] = useState(newClientId);
  const what = (q: UndoQuote) => q.credits.map((c) => `${fmtCredits(c.credits, shop.locale)} ${unitLabel(c.credits, c.unit, shop.locale)}`).join(' and ');
  const passes = (n: number) => `${count(n, shop.locale)} ${n === 1 ? 'pass' : 'passes'}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const r = await owner(api.passes.undoClosure({ clientId, reason }));
      onDone(`The closure is taken back: ${what(r)} of ${passes(r.passes)} end where they did before it (never before tonight). No money moved.`);
    });
  }

  return (
    <Modal labelledBy="undo-closure-title" onClose={onClose} testId="undo-closure-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="undo-closure-title">Take back the last closure</h2>
        <p>Every credit the shop’s last closure gave a later day goes back to the end it had before, or to tonight when that has passed. Credits extended
          again or taken back since, pass by pass, stay as they are. No credits or money move; each pass’s history and statement say it.</p>
        <p className="quote-line" data-testid="undo-closure-quote">
          The closure of {dateTime(quote.closedAt!, shop)}{quote.reason ? ` (“${quote.reason}”)` : ''} made them valid through <strong>{mediumDay(validThroughKey(quote.extendedTo!, shop.timeZone), shop.locale)}</strong>:{' '}
          <strong>{what(quote)}</strong> of {passes(quote.passes)} ({count(quote.customers, shop.locale)} {quote.customers === 1 ? 'customer' : 'customers'}) will end as before.
          {quote.kept > 0 && <> {count(quote.kept, shop.locale)} {quote.kept === 1 ? 'lot keeps' : 'lots keep'} the closure’s end: their old end has passed, and they would have rolled over there.</>}
        </p>
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required placeholder="Shown in each customer’s history and statement" autoFocus />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Working…' : `Take back for ${passes(quote.passes)}`}</button>
        </div>
      </form>
    </Modal>
  );
}
