// Owner: take back a pass's last extension (a wrong day picked, a closure typed for the wrong year). The ledger's
// quote says which extension and where each end goes before the owner confirms (core/corrections/extend.ts
// undoExtension): back to the end before it, or tonight when that has passed. No credits or money move.
import { useEffect, useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { OutputOf } from '../../../core/contract';
import type { PassView } from '../api/types';
import { Modal } from '../counter/Modal';
import { credits as fmtCredits, dateTime, unitLabel, validThroughKey } from '../lib/format';
import { Decimal } from '../../../core/money/decimal';
import { useApp } from '../store/app';
import { errorText, owner, useSubmit } from './store';
import { ErrorLine, Field, localDay, mediumDay, useShop } from './ui';

type Quote = OutputOf<'passes.undoExtensionQuote'>;

export function UndoExtensionDialog({ pass, onClose, onDone }: { pass: PassView; onClose: () => void; onDone: (message: string) => Promise<void> }) {
  const shop = useShop();
  const today = localDay(useApp.getState().now(), shop.timeZone);
  const [quote, setQuote] = useState<Quote | null>(null);
  const [reason, setReason] = useState('');
  const { busy, errors, error, setError, run } = useSubmit();
  const [clientId] = useState(newClientId);
  const unit = (n: string) => unitLabel(n, pass.creditUnit, shop.locale);
  const day = (iso: string) => {
    const d = validThroughKey(iso, shop.timeZone);
    return d === today ? `today, ${mediumDay(d, shop.locale)}` : mediumDay(d, shop.locale);
  };

  useEffect(() => {
    let live = true;
    owner(api.passes.undoExtensionQuote({ passId: pass.id })).then((q) => { if (live) setQuote(q); }, (err) => { if (live) setError(errorText(err)); });
    return () => { live = false; };
  }, [pass.id]);

  // the quote's lots by where they go: "25 drinks valid through Apr 30 will be valid through Apr 15 again"
  const moves = new Map<string, { credits: Decimal; from: Set<string>; to: string }>();
  for (const l of quote?.lots ?? []) {
    const m = moves.get(l.expiresAt) ?? { credits: new Decimal(0), from: new Set<string>(), to: l.expiresAt };
    m.credits = m.credits.plus(l.credits); m.from.add(day(l.extendedTo));
    moves.set(l.expiresAt, m);
  }
  const nothing = quote !== null && quote.lots.length === 0;
  // the credits would have rolled over at their old end, which has passed: taking it back now would lose them
  const lost = quote?.rolloverPassed ?? null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (quote === null || nothing || lost) return;
    await run(async () => {
      const r = await owner(api.passes.undoExtension({ clientId, passId: pass.id, reason }));
      const ends = [...new Set(r.undone.lots.map((l) => day(l.expiresAt)))].join(', ');
      await onDone(`The extension is taken back: ${fmtCredits(r.undone.credits, shop.locale)} ${unit(r.undone.credits)} are valid through ${ends}. No money moved; the balance is ${fmtCredits(r.balance, shop.locale)}.`);
    });
  }

  return (
    <Modal labelledBy="undo-extension-title" onClose={onClose} testId="undo-extension-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="undo-extension-title">Take back an extension</h2>
        <p>The last extension of {pass.planName} #{pass.id} is taken back: its credits end where they did before it. An end that has passed comes
          back as tonight, so the customer can still use them today. No credits or money move.</p>
        <div className="quote-line" data-testid="undo-extension-preview" aria-live="polite">
          {quote === null ? (error ? null : 'Reading the pass…')
            : nothing ? 'No extension of this pass’s credits can be taken back: none was extended, or they end tonight anyway.'
            : <>
                <p>The extension of {dateTime(quote.extendedAt!, shop)}{quote.extendedReason ? ` (“${quote.extendedReason}”)` : ''}{lost ? '.' : ':'}</p>
                {/* refused: what it would have done is not said as if it would happen */}
                {!lost && <ul>{[...moves.values()].map((m) => (
                  <li key={m.to}>{fmtCredits(m.credits.toFixed(), shop.locale)} {unit(m.credits.toFixed())} valid through {[...m.from].join(', ')} will be valid through <strong>{day(m.to)}</strong> instead.</li>
                ))}</ul>}
              </>}
        </div>
        {lost && (
          <p className="onotice warn" data-testid="undo-extension-lost">
            It cannot be taken back any more: {fmtCredits(lost.credits, shop.locale)} {unit(lost.credits)} would have rolled over at their old end,
            after {mediumDay(validThroughKey(lost.at, shop.timeZone), shop.locale)}, and that day has passed. Taking it back now would lose them;
            adjust the credits instead if needed.
          </p>
        )}
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason ?? errors.passId} required placeholder="Shown in the history" autoFocus />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || quote === null || nothing || lost !== null || undefined}>{busy ? 'Working…' : 'Take back the extension'}</button>
        </div>
      </form>
    </Modal>
  );
}
