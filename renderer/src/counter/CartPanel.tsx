// Item buttons, the cart, the Redeem button (Enter), the committed result with Undo, the overage choices.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { Decimal } from '../../../core/money/decimal';
import { useApp } from '../store/app';
import { cartCredits, itemOffPass, useCounter } from '../store/counter';
import { lineCredits } from '../../../core/drawdown/pricing';
import { usePrint } from '../store/print';
import { compareDecimal, credits, creditsWithUnit, money, moneyBackText, unitLabel } from '../lib/format';
import { Modal } from './Modal';
import { focusSearch } from './focus';
import { countdown, secondsLeft, useNow } from './useNow';
import { fromPass } from '../lib/used';
import type { ItemRow, PaymentMethod } from '../api/types';

/** F1..F9 by position; the catalog's own hotkey (e.g. "1") works while the search box is empty. */
export const positionKey = (index: number): string | null => (index < 9 ? `F${index + 1}` : null);

/** The items and passes could not be read (Passbook not answering): said as a read, with a way to ask again. */
export function CatalogProblem({ what }: { what: 'items' | 'passes' | 'packs' }) {
  const error = useCounter((s) => s.catalogError);
  return (
    <p className="error" role="alert" data-testid="catalog-error">
      The {what} could not be loaded: {error}{' '}
      <button type="button" className="btn btn-small" onClick={() => void useCounter.getState().loadCatalog()}>Try again</button>
    </p>
  );
}

export function ItemGrid() {
  const items = useCounter((s) => s.items);
  const customer = useCounter((s) => s.customer);
  const passId = useCounter((s) => s.passId);
  const redeeming = useCounter((s) => s.redeeming);
  const catalogError = useCounter((s) => s.catalogError);
  const shop = useApp((s) => s.shop)!;
  const catalogLoaded = useCounter((s) => s.catalogLoaded);
  if (catalogError) return <CatalogProblem what="items" />;
  if (!items.length) return <p className="empty">{catalogLoaded ? 'No items yet: the owner adds them under Owner.' : 'Loading the items…'}</p>;
  const disabled = !customer || redeeming;
  return (
    <div className="items" role="group" aria-label="Items">
      {items.map((it, i) => {
        const fkey = positionKey(i);
        const keys = [it.hotkey, fkey].filter(Boolean).join(' or ');
        // an item of another credit unit keeps its place (and its F-key) but does not come off this pass
        const other = itemOffPass({ customer, passId, items }, it.id) !== null;
        return (
          <button key={it.id} type="button" className={other ? 'item item-other-unit' : 'item'} disabled={disabled}
            aria-disabled={other || undefined}
            aria-keyshortcuts={[it.hotkey, fkey].filter(Boolean).join(' ') || undefined}
            title={keys ? `Key ${keys}` : undefined}
            onClick={() => { useCounter.getState().addItem(it.id); focusSearch(); }}>
            <span className="name"><span className="sr-only">Add </span>{it.name}</span>
            <span className="rate">{other ? `${it.creditUnit} passes only` : `${creditsWithUnit(it.rate, it.creditUnit, shop.locale)} · ${money(it.cashPrice, shop)}`}</span>
            {(it.hotkey || fkey) && <kbd aria-hidden="true">{it.hotkey ?? fkey}</kbd>}
          </button>
        );
      })}
    </div>
  );
}

function needed(lines: Array<{ quantity: number; item: ItemRow | undefined }>): string {
  return cartCredits(lines.filter((l) => l.item).map((l) => ({ quantity: l.quantity, rate: l.item!.rate })));
}

export function Cart() {
  const cart = useCounter((s) => s.cart);
  const items = useCounter((s) => s.items);
  const customer = useCounter((s) => s.customer);
  const passId = useCounter((s) => s.passId);
  const redeeming = useCounter((s) => s.redeeming);
  const redeemError = useCounter((s) => s.redeemError);
  const overage = useCounter((s) => s.overage);
  const elsewhere = useCounter((s) => s.elsewhere);
  const shop = useApp((s) => s.shop)!;
  const pass = customer?.passes.find((p) => p.id === passId);
  const unit = pass?.creditUnit ?? shop.creditUnit;
  // a customer without an active pass has nothing to draw from: the cart says what the counter can do instead
  const noPass = !!customer && !customer.passes.some((p) => p.status === 'active');
  const lines = cart.lines.map((l) => ({ ...l, item: items.find((i) => i.id === l.itemId) }));
  const total = needed(lines);
  const st = useCounter.getState;
  // an item added or taken off: the cart's Redeem (with its total) comes into view, the nearest way (in one
  // column at 200 % zoom the cart is below the customer; the focus stays in the search box)
  const redeemRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (cart.lines.length) redeemRef.current?.scrollIntoView({ block: 'nearest' }); }, [cart.lines]);

  return (
    <section className="panel cart" aria-labelledby="cart-title" data-testid="cart">
      <div className="cart-foot">
        <h2 id="cart-title" className="section-title" style={{ margin: 0 }}>Cart</h2>
        {lines.length > 0 && <button type="button" className="btn btn-quiet" onClick={() => { st().clearCart(); focusSearch(); }} disabled={redeeming}>Clear cart</button>}
      </div>
      {elsewhere && (
        <p className="error" role="alert" data-testid="elsewhere">{elsewhere}{' '}
          <button type="button" className="btn btn-quiet" onClick={() => { st().dismissElsewhere(); focusSearch(); }}>OK</button>
        </p>
      )}
      {noPass && (
        <p className="sub" data-testid="no-pass" style={{ margin: 0 }}>
          {customer.customer.name} has no active pass: sell one (<kbd>Alt+S</kbd>), or sell items without a pass (<kbd>Alt+W</kbd>).
        </p>
      )}
      {lines.length === 0 ? (
        !noPass && <p className="sub" style={{ margin: 0, color: 'var(--muted)' }}>{customer ? 'Tap items or press their keys.' : 'Open a customer first: scan the card or search.'}</p>
      ) : (
        <div className="cart-lines">
        <table>
          <caption className="sr-only">Items to redeem</caption>
          {/* read with each cell, so the quantity is not a bare number and the credits say what they are */}
          <thead className="sr-head"><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">{unitLabel('2', unit, shop.locale).replace(/^./, (c) => c.toUpperCase())}</th><th scope="col">Remove</th></tr></thead>
          <tbody>
            {lines.map((l) => {
              const name = l.item?.name ?? `Item ${l.itemId}`;
              return (
                <tr key={l.itemId} data-testid="cart-line">
                  <td>{name}</td>
                  <td className="qty">
                    <button type="button" className="btn" aria-label={`One less ${name}`} disabled={redeeming} onClick={() => { st().changeQuantity(l.itemId, -1); focusSearch(); }}>−</button>
                    <span>{l.quantity}</span>
                    <button type="button" className="btn" aria-label={`One more ${name}`} disabled={redeeming} onClick={() => { st().changeQuantity(l.itemId, 1); focusSearch(); }}>+</button>
                  </td>
                  <td className="credits">{l.item ? credits(lineCredits(String(l.quantity), l.item.rate), shop.locale) : ''}</td>
                  <td style={{ width: 48 }}>
                    <button type="button" className="btn btn-quiet" aria-label={`Remove ${name}`} disabled={redeeming} onClick={() => { st().removeLine(l.itemId); focusSearch(); }}>✕</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
      )}
      {overage?.policy === 'block' && (
        <div className="blocked" role="alert" data-testid="overage-blocked">
          <strong>Not enough {unitLabel('2', unit, shop.locale)} on this pass.</strong> It has {credits(overage.has, shop.locale)}, this needs {credits(overage.needs, shop.locale)}.
          {' '}This pass does not allow going over: remove items or sell a top-up.
        </div>
      )}
      {redeemError && overage?.policy !== 'block' && <p className="error" role="alert" data-testid="redeem-error">{redeemError}</p>}
      <div className="cart-foot redeem-bar">
        <button ref={redeemRef} type="button" className="btn btn-primary btn-big redeem" data-testid="redeem"
          disabled={!customer || noPass || lines.length === 0 || redeeming}
          aria-keyshortcuts="Enter"
          onClick={() => { void st().redeem(); focusSearch(); }}>
          {redeeming ? 'Redeeming…' : lines.length ? `Redeem ${creditsWithUnit(total, unit, shop.locale)}` : 'Redeem'} <kbd aria-hidden="true">Enter</kbd>
        </button>
      </div>
    </section>
  );
}

export function LastResult() {
  const last = useCounter((s) => s.last);
  const undoing = useCounter((s) => s.undoing);
  const undoError = useCounter((s) => s.undoError);
  const customer = useCounter((s) => s.customer);
  // a sale or top-up made since (its confirmation shows) is what Alt+R prints now
  const purchaseNewer = useCounter((s) => !!s.confirmation && !!s.lastPurchase && s.lastPurchase.customerId === s.customer?.customer.id);
  const shop = useApp((s) => s.shop)!;
  const undoUntil = last ? new Date(last.result.undoUntil).getTime() : 0;
  const now = useNow(!!last && !last.undone && !last.undoClosed);
  // the last result belongs to its customer: once someone else is open it goes away (no undo on the wrong person)
  const shown = !!last && !(customer && customer.customer.id !== last.customerId);
  const box = useRef<HTMLElement>(null);
  useRevealed(box, shown ? `${last!.result.redemptionId}:${last!.undone ? 'undone' : 'made'}` : null, customer);
  if (!last || !shown) return null;
  const r = last.result;
  const windowSeconds = useApp.getState().shop?.undoWindowSeconds ?? 120;
  const left = secondsLeft(undoUntil, now, windowSeconds);
  const canUndo = !last.undone && !last.undoClosed && left > 0;
  const mmss = countdown(left);
  const pass = customer?.customer.id === last.customerId ? customer.passes.find((p) => p.id === r.passId) : undefined;

  function printReceipt() {
    void usePrint.getState().print({
      kind: 'receipt', customerName: last!.customerName, customerCode: last!.customerCode, planName: pass?.planName ?? last!.planName,
      unit: last!.unit, at: new Date(last!.at).toISOString(), result: r, lots: pass?.lots ?? last!.lots, undone: last!.undone,
      ...(last!.undo ? { undo: last!.undo } : {}),
    });
  }

  return (
    <section ref={box} className={`result${last.undone ? ' undone' : ''}`} aria-labelledby="result-title" data-testid="last-result">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="result-title" className="section-title" style={{ margin: 0 }}>{last.undone ? 'Undone' : 'Redeemed'} · <span style={{ textTransform: 'none' }}>{last.customerName}</span></h2>
        <span className="sub">{r.lines.map((l) => `${credits(l.quantity, shop.locale)}× ${l.name}`).join(', ')}</span>
      </div>
      <div className="flow" data-testid="result-flow">
        {last.undone ? (
          last.undo
            ? <>Undone: {creditsWithUnit(last.undo.creditsRestored, last.unit, shop.locale)} back on the pass → <span data-testid="balance-after">{credits(last.undo.balanceAfter, shop.locale)}</span> {unitLabel(last.undo.balanceAfter, last.unit, shop.locale)}</>
            : <>Undone: the credits are back on the pass</>
        ) : (
          <>{credits(r.balanceBefore, shop.locale)} → <span data-testid="balance-after">{credits(r.balanceAfter, shop.locale)}</span> {unitLabel(r.balanceAfter, last.unit, shop.locale)} <span style={{ fontSize: '1rem', fontWeight: 600 }}>({credits(fromPass(r.creditsUsed, r.overage), shop.locale)} used{r.overage ? ` + ${credits(r.overage.credits, shop.locale)} over` : ''})</span></>
        )}
      </div>
      {r.overage && !last.undone && (
        <div data-testid="result-overage">Over by {creditsWithUnit(r.overage.credits, last.unit, shop.locale)}: {money(r.overage.amount, shop)} {r.overage.settlement === 'now' ? 'charged now' : 'put on account'}.</div>
      )}
      {last.undo && (() => {
        const t = moneyBackText(last.undo, shop);
        return (
          <>
            {t.giveBack && <p className="giveback" role="alert" data-testid="give-back">{t.giveBack}.</p>}
            {t.account && <div data-testid="account-cleared">{t.account}.</div>}
          </>
        );
      })()}
      {/* offered until a top-up or sale is rung up for them: then it was offered */}
      {r.lowBalance.low && !last.undone && !purchaseNewer && <div><span className="badge badge-warn">{compareDecimal(r.balanceAfter, '0') > 0 ? 'Low balance — offer a top-up' : 'Pass used up — offer a top-up'}</span></div>}
      {undoError && <p className="error" role="alert" data-testid="undo-error">{undoError}</p>}
      <div className="row">
        {canUndo && (
          // a sale or top-up rung up since is what Alt+U undoes (the newest first): this button then shows no key, so
          // one key never stands beside two Undo buttons (as Alt+R, below)
          <button type="button" className="btn btn-danger" data-testid="undo" disabled={undoing} aria-keyshortcuts={purchaseNewer ? undefined : 'Alt+U'}
            onClick={() => { void useCounter.getState().undoLast(); focusSearch(); }}>
            {undoing ? 'Undoing…' : purchaseNewer ? `Undo redemption (${mmss} left)` : `Undo (${mmss} left)`}{!purchaseNewer && <> <kbd aria-hidden="true">Alt+U</kbd></>}
          </button>
        )}
        {!canUndo && !last.undone && !undoError && <span className="sub">The undo window has passed; the owner can void it.</span>}
        <button type="button" className="btn" data-testid="print-receipt" onClick={printReceipt} aria-keyshortcuts={purchaseNewer ? undefined : 'Alt+R'}>
          {purchaseNewer ? 'Print redemption receipt' : <>Print receipt <kbd aria-hidden="true">Alt+R</kbd></>}
        </button>
      </div>
    </section>
  );
}

/**
 * A new result (or its undo) is scrolled into view, the nearest way: in one column (narrow window, 200 % zoom)
 * it is at the foot of the page, and the focus stays in the search box, so the cashier could not scroll to the
 * new balance and Undo. The customer refresh that follows (the last redemptions, the balance) can push it down
 * again, so it is kept in view through that too. Scrolling never moves the focus.
 */
function useRevealed(box: RefObject<HTMLElement | null>, key: string | null, customer: unknown): void {
  const until = useRef(0);
  useEffect(() => {
    if (key === null) return;
    until.current = Date.now() + REVEAL_FOR_MS;
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [key, box]);
  useEffect(() => {
    if (key !== null && Date.now() < until.current) box.current?.scrollIntoView({ block: 'nearest' });
  }, [customer, key, box]);
}
/** how long after a result the customer's refresh still brings it back into view */
const REVEAL_FOR_MS = 5_000;

export function OverageDialog() {
  const overage = useCounter((s) => s.overage);
  const cartId = useCounter((s) => s.cart.clientId);
  if (!overage || overage.policy !== 'allow') return null;
  // one dialog per cart: the payment method picked for one customer is never preselected for the next
  return <OverageChoice key={cartId} overage={overage} />;
}

function OverageChoice({ overage }: { overage: NonNullable<ReturnType<typeof useCounter.getState>['overage']> }) {
  const redeeming = useCounter((s) => s.redeeming);
  const redeemError = useCounter((s) => s.redeemError);
  const customer = useCounter((s) => s.customer);
  const passId = useCounter((s) => s.passId);
  const shop = useApp((s) => s.shop)!;
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const unit = customer?.passes.find((p) => p.id === passId)?.creditUnit ?? shop.creditUnit;
  const amount = money(overage.overageAmount ?? '0', shop);
  const st = useCounter.getState;
  const close = () => { if (st().redeeming) return; st().cancelOverage(); setTimeout(focusSearch, 0); }; // not while the redemption is on its way
  const go = async (s: 'now' | 'account') => { await st().redeem(s, s === 'now' ? method : undefined); setTimeout(focusSearch, 0); };

  return (
    <Modal labelledBy="overage-title" onClose={close} testId="overage-dialog" busy={redeeming}>
      <div className="body">
        <h2 id="overage-title">Not enough {unitLabel('2', unit, shop.locale)} left</h2>
        <p style={{ margin: 0 }}>
          The pass has {creditsWithUnit(overage.has, unit, shop.locale)}; this needs {creditsWithUnit(overage.needs, unit, shop.locale)}.
          {' '}The {creditsWithUnit(overage.overageCredits ?? '0', unit, shop.locale)} over cost <strong>{amount}</strong>.
        </p>
        {/* no button has the focus when this opens: it opens on an Enter (the cart's), and a second or held Enter
            must not take money the cashier did not choose to take. The focus starts on the payment method. */}
        <fieldset>
          <legend>If charged now, paid by</legend>
          <div className="choices">
            {(['cash', 'card', 'other'] as const).map((m) => (
              <label key={m} className="choice"><input type="radio" name="overage-method" value={m} checked={method === m} onChange={() => setMethod(m)} />{m[0]!.toUpperCase() + m.slice(1)}</label>
            ))}
          </div>
        </fieldset>
        {overage.accountAllowed === false && <p data-testid="overage-account-closed">On account would pass this pass’s overdraft limit: it can only be charged now.</p>}
        {redeemError && <p className="error" role="alert">{redeemError}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={close} aria-disabled={redeeming || undefined}>Cancel</button>
          {overage.accountAllowed !== false && <button type="button" className="btn" onClick={() => void go('account')} aria-disabled={redeeming || undefined} data-testid="overage-account">Put {amount} on account</button>}
          <button type="button" className="btn btn-primary" onClick={() => void go('now')} aria-disabled={redeeming || undefined} data-testid="overage-now">Charge {amount} now</button>
        </div>
      </div>
    </Modal>
  );
}
