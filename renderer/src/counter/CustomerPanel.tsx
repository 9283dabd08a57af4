// The open customer: balance (large), the pass in use, lots ending soon (what rolls over, what expires), overage due, low balance,
// and the last redemptions — all as the ledger last returned them.
import { useApp } from '../store/app';
import { focusSearch } from './focus';
import { useCounter, type LastPurchase } from '../store/counter';
import { countdown, secondsLeft, useNow } from './useNow';
import { usePrint } from '../store/print';
import { compareDecimal, credits, dateTime, isPositive, money, unitLabel, validThrough } from '../lib/format';
import type { PassView } from '../api/types';
import { endsByDay } from '../lib/ends';
import { fromPass } from '../lib/used';

const SOON_MS = 45 * 24 * 3600 * 1000;

export function CustomerPanel() {
  const shop = useApp((s) => s.shop)!;
  const now = useApp((s) => s.now);
  const detail = useCounter((s) => s.customer);
  const passId = useCounter((s) => s.passId);
  const customerError = useCounter((s) => s.customerError);
  const confirmation = useCounter((s) => s.confirmation);
  const lastPurchase = useCounter((s) => s.lastPurchase);
  const purchaseUndoError = useCounter((s) => s.purchaseUndoError);
  if (!detail) return null;
  // the sale or top-up the confirmation is about: its receipt prints while it shows (the next step clears both)
  const purchase = confirmation && lastPurchase?.customerId === detail.customer.id ? lastPurchase : null;
  const { customer, passes, recent } = detail;
  const pass: PassView | undefined = passes.find((p) => p.id === passId);
  const unit = pass?.creditUnit ?? shop.creditUnit;
  const t = now();
  // lots ending soon, per last valid day, with what the period close does then: "15 end Nov 30: 5 roll over, 10 expire";
  // the year is said when the day is not in the shop's current year, by the shop's clock (t), not the browser's
  const soon = endsByDay(pass?.lots ?? [], shop, (at) => new Date(at).getTime() - t < SOON_MS, t);
  const anyRolls = soon.some((l) => l.rolls !== null && compareDecimal(l.rolls, '0') > 0);
  const endText = (l: (typeof soon)[number]): string => {
    const n = credits(l.credits, shop.locale);
    const verb = (x: string, one: string, many: string) => (compareDecimal(x, '1') === 0 ? one : many);
    if (l.rolls === null || l.expires === null) return `${n} ${verb(l.credits, 'ends', 'end')} after ${l.day}`;
    if (compareDecimal(l.rolls, '0') === 0) return `${n} ${verb(l.credits, 'expires', 'expire')} after ${l.day}`;
    if (compareDecimal(l.expires, '0') === 0) return `${n} ${verb(l.credits, 'rolls', 'roll')} over after ${l.day}`;
    return `${n} ${verb(l.credits, 'ends', 'end')} ${l.day}: ${credits(l.rolls, shop.locale)} ${verb(l.rolls, 'rolls', 'roll')} over, `
      + `${credits(l.expires, shop.locale)} ${verb(l.expires, 'expires', 'expire')}`;
  };
  const openPasses = passes.filter((p) => p.status === 'active');
  const closedCount = passes.length - openPasses.length;
  const choosable = openPasses.length > 1 || (pass && pass.status !== 'active') ? passes : [];

  return (
    <section className="panel customer" aria-labelledby="customer-name" data-testid="customer-panel">
      <div className="customer-head">
        <div>
          <h2 id="customer-name">{customer.name}</h2>
          <div className="sub">Card <span data-testid="customer-code">{customer.code}</span>{customer.phone ? ` · ${customer.phone}` : ''}</div>
          {/* the card scanned was a duplicate's merged into this customer (customers.merge): said, so the cashier is not puzzled by the name */}
          {detail.scannedCard && <p className="customer-note customer-merged" data-testid="scanned-merged" title={`Card ${detail.scannedCard.code} was ${detail.scannedCard.name}’s, merged into ${customer.name}`}>Card {detail.scannedCard.code} was {detail.scannedCard.name}’s, merged into {customer.name}</p>}
          {/* what the shop noted about them ("oat milk"), seen the moment the card is scanned */}
          {customer.notes && <p className="customer-note" data-testid="customer-note" title={customer.notes}>{customer.notes}</p>}
        </div>
        <div className="customer-head-actions">
          <button className="btn btn-quiet" type="button" data-testid="edit-customer" aria-label={`Edit ${customer.name}'s details`} onClick={() => useCounter.getState().openDialog({ kind: 'edit' })}>Edit</button>
          <button className="btn btn-quiet" type="button" onClick={() => useCounter.getState().closeCustomer()} aria-label="Close this customer (Esc)">✕</button>
        </div>
      </div>
      {customerError && <p className="error" role="alert">{customerError}</p>}
      {/* seen, not spoken again: the counter's voice has said it */}
      {confirmation && (
        <div className="confirm-row">
          {/* undone: money to hand back, in the colours that say "act" (as an undone overage charged now) */}
          <p className={purchase?.undone ? 'confirm-line giveback-line' : 'confirm-line'} data-testid="counter-confirmation">{purchase?.undone ? '' : '✓ '}{confirmation}</p>
          {purchase && <PurchaseUndo purchase={purchase} />}
          {/* undone: the slip of the money handed back (Alt+R prints it, not the redemption before the purchase) */}
          {purchase && (
            <button type="button" className="btn" data-testid="print-purchase-receipt" aria-keyshortcuts="Alt+R"
              onClick={() => { void usePrint.getState().print({ kind: 'purchase', purchase }); focusSearch(); }}>
              {purchase.undone ? 'Print refund slip' : `Print ${purchase.kind === 'sale' ? 'sale' : purchase.kind === 'topup' ? 'top-up' : 'payment'} receipt`} <kbd aria-hidden="true">Alt+R</kbd>
            </button>
          )}
        </div>
      )}
      {confirmation && purchase && purchaseUndoError && (
        <p className="error" role="alert" data-testid="undo-purchase-error">{purchaseUndoError}</p>
      )}

      {choosable.length > 1 && (
        <div className="passes" role="group" aria-label="Passes">
          {choosable.map((p) => (
            <button key={p.id} type="button" className="btn" aria-pressed={p.id === passId} onClick={() => { useCounter.getState().selectPass(p.id); setTimeout(focusSearch, 0); }}>
              {p.planName}{p.status !== 'active' ? ` (${p.status})` : ''}: {credits(p.balance, shop.locale)}
              {/* two passes of one plan read alike: when their next credits end tells them apart */}
              {p.nextExpiry && isPositive(p.balance) && <span className="pass-ends"> · to {validThrough(p.nextExpiry.expiresAt, shop, useApp.getState().now())}</span>}
            </button>
          ))}
        </div>
      )}

      {pass ? (
        <>
          <div>
            <div className="section-title">{pass.planName}{pass.status !== 'active' ? ` · ${pass.status}` : ''}{closedCount > 0 && choosable.length === 0 ? ` · ${closedCount} earlier ${closedCount === 1 ? 'pass' : 'passes'} ended` : ''}</div>
            {/* not a live region: opening, redeeming and undoing say the balance once, in the counter's one voice (store say) */}
            <div className="balance">
              <span className="big" data-testid="balance">{credits(pass.balance, shop.locale)}</span>
              <span className="unit">{unitLabel(pass.balance, unit, shop.locale)} left</span>
            </div>
          </div>
          <div className="passes">
            {pass.status === 'active' && pass.lowBalance.low && compareDecimal(pass.balance, '0') > 0 && <span className="badge badge-warn" data-testid="low-balance">Low balance — offer a top-up</span>}
            {isPositive(pass.overageDue) && (
              <>
                <span className="badge badge-bad" data-testid="overage-due">{money(pass.overageDue, shop)} overage on account</span>
                <button type="button" className="btn" data-testid="settle-open" onClick={() => useCounter.getState().openDialog({ kind: 'settle' })}>Take payment</button>
              </>
            )}
            {/* a top-up only goes onto an active pass: an ended or cancelled one needs a new pass */}
            {pass.status === 'active' && compareDecimal(pass.balance, '0') <= 0 && <span className="badge badge-bad" data-testid="low-balance">Used up — offer a top-up</span>}
            {pass.status !== 'active' && <span className="badge badge-bad" data-testid="pass-closed">{pass.status === 'cancelled' ? 'Pass cancelled' : 'Pass ended'} — sell a new pass (<kbd>Alt</kbd>+<kbd>S</kbd>)</span>}
          </div>
          {soon.length > 0 && (
            <div>
              <div className="section-title">{anyRolls ? 'Ending soon' : 'Expiring soon'}</div>
              <ul className="expiring" data-testid="expiring">
                {soon.map((l) => <li key={l.day}>{endText(l)}</li>)}
              </ul>
            </div>
          )}
        </>
      ) : (
        <p className="empty">No pass yet. Sell one with <kbd>Alt</kbd>+<kbd>S</kbd>.</p>
      )}

      <div>
        <div className="section-title">Last redemptions</div>
        {recent.length === 0 ? <p className="sub" style={{ margin: 0 }}>None yet.</p> : (
          <ul className="recent" data-testid="recent">
            {recent.slice(0, 6).map((r, i) => (
              <li key={r.redemptionId} className={r.voided ? 'voided' : undefined}>
                <span>{dateTime(r.occurredAt, shop)} · {r.lines.map((l) => `${credits(l.quantity, shop.locale)}× ${l.name}`).join(', ')}{r.voided ? ` (${r.voidKind === 'undo' ? 'undone' : 'voided'})` : ''}</span>
                {/* wholly over: nothing came off the pass, so no "−0" */}
                <span>{[isPositive(fromPass(r.creditsUsed, r.overage)) ? `−${credits(fromPass(r.creditsUsed, r.overage), shop.locale)}` : null,
                  r.overage ? `${credits(r.overage.credits, shop.locale)} over` : null].filter(Boolean).join(' · ')}</span>
                {i === 0 && <EarlierUndoButton r={r} />}
              </li>
            ))}
          </ul>
        )}
        <EarlierUndoNote customerId={customer.id} />
      </div>
    </section>
  );
}

type Recent = NonNullable<ReturnType<typeof useCounter.getState>['customer']>['recent'][number];

/**
 * Undo of the newest redemption in the list while the ledger still allows it (the latest of its pass, inside the undo
 * window) but the counter's own Undo is for someone else: another customer was served, and this one came back to say
 * it was wrong. The counter's last redemption keeps its own Undo beside the cart (and Alt+U), so it is not offered twice.
 */
function EarlierUndoButton({ r }: { r: Recent }) {
  const last = useCounter((s) => s.last);
  const earlier = useCounter((s) => s.earlier);
  const windowSeconds = useApp((s) => s.shop?.undoWindowSeconds ?? 120);
  const offered = r.undoable && !r.voided && !(last && last.result.redemptionId === r.redemptionId);
  const now = useNow(offered);
  const left = secondsLeft(Date.parse(r.occurredAt) + windowSeconds * 1000, now, windowSeconds);
  if (!offered || left <= 0) return null;
  const busy = earlier?.busy === true && earlier.redemptionId === r.redemptionId;
  const mmss = countdown(left);
  return (
    <button type="button" className="btn btn-danger" data-testid="undo-earlier" disabled={busy}
      onClick={() => { void useCounter.getState().undoEarlier(r.redemptionId); focusSearch(); }}>
      {busy ? 'Undoing…' : `Undo (${mmss} left)`}
    </button>
  );
}

/** What that undo did (and any money to hand back), or why the ledger refused it. */
function EarlierUndoNote({ customerId }: { customerId: number }) {
  const earlier = useCounter((s) => s.earlier);
  if (!earlier || earlier.customerId !== customerId || earlier.busy) return null;
  if (earlier.error) return <p className="error" role="alert" data-testid="undo-earlier-error">{earlier.error}</p>;
  return (
    <div className="recent-undo">
      {/* heard through the counter's voice (undoEarlier says both), so no live region of their own */}
      <p className="sub" data-testid="undo-earlier-done">{earlier.done}</p>
      {earlier.giveBack && <p className="giveback" data-testid="undo-earlier-give-back">{earlier.giveBack}</p>}
    </div>
  );
}

/**
 * Undo of the sale or top-up just rung up (the wrong plan, the wrong customer, paid the other way) while the shop's
 * undo window is open, as a redemption's Undo: Alt+U while its confirmation shows. Its money goes back the way it
 * was paid; the ledger refuses once the pass has been used since, and the owner refunds it then.
 */
function PurchaseUndo({ purchase }: { purchase: LastPurchase }) {
  const undoing = useCounter((s) => s.purchaseUndoing);
  const windowSeconds = useApp((s) => s.shop?.undoWindowSeconds ?? 120);
  const undoable = purchase.kind !== 'settlement' && !!purchase.bought && !purchase.undone && !purchase.undoClosed;
  const now = useNow(undoable);
  const left = secondsLeft(Date.parse(purchase.at) + windowSeconds * 1000, now, windowSeconds);
  if (!undoable || left <= 0) return null;
  const mmss = countdown(left);
  const what = purchase.kind === 'sale' ? 'sale' : 'top-up';
  return (
    <button type="button" className="btn btn-danger" data-testid="undo-purchase" disabled={undoing} aria-keyshortcuts="Alt+U"
      onClick={() => { void useCounter.getState().undoPurchase(); focusSearch(); }}>
      {undoing ? 'Undoing…' : `Undo ${what} (${mmss} left)`} <kbd aria-hidden="true">Alt+U</kbd>
    </button>
  );
}
