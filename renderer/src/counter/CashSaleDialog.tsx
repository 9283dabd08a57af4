// A sale without a pass (Alt+W): a walk-in buys items at their cash price and pays by cash, card or other. The items'
// keys add them while the dialog is open; Enter charges. Then the sale shows what was taken, with its receipt and an
// Undo for the shop's undo window; Enter starts the next sale (paid in cash unless the cashier picks otherwise, as
// every new sale at the counter starts).
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { newClientId } from '../api/client';
import type { PaymentMethod } from '../api/types';
import { useApp } from '../store/app';
import { cashBackWords, useCounter, type CashSale } from '../store/counter';
import { usePrint } from '../store/print';
import { credits, money } from '../lib/format';
import { Decimal } from '../../../core/money/decimal';
import { Modal } from './Modal';
import { focusSearch } from './focus';
import { PaymentChoice } from './SaleDialogs';
import { countdown, useNow } from './useNow';
import { CatalogProblem, positionKey } from './CartPanel';

const close = () => { useCounter.getState().closeDialog(); setTimeout(focusSearch, 0); };

export function CashSaleDialog() {
  const items = useCounter((s) => s.items);
  const catalogLoaded = useCounter((s) => s.catalogLoaded);
  const catalogError = useCounter((s) => s.catalogError);
  const shop = useApp((s) => s.shop)!;
  // the cart: item → how many; its key changes with it, so an unanswered charge asked again is the same request
  const [lines, setLines] = useState<Array<{ itemId: number; quantity: number }>>([]);
  const [cartKey, setCartKey] = useState(newClientId);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** each refusal is a new alert, read again even when its words are the same (Enter pressed twice on an empty sale) */
  const [errorSeq, setErrorSeq] = useState(0);
  const [sale, setSale] = useState<CashSale | null>(null);
  const chargeRef = useRef<HTMLButtonElement>(null);
  // item keys pressed before the items have loaded (the dialog opened at once on a busy machine): kept and added when
  // they come, as the counter keeps them, rather than lost without a sign
  const heldKeys = useRef<string[]>([]);
  const waiting = !catalogLoaded && items.length === 0;

  const change = (itemId: number, by: number) => {
    // while charging the cart is what is being charged: a key now would show a line the sale does not hold
    if (busy) return;
    setLines((ls) => {
      const had = ls.find((l) => l.itemId === itemId);
      if (!had) return by > 0 ? [...ls, { itemId, quantity: by }] : ls;
      return ls.map((l) => (l.itemId === itemId ? { ...l, quantity: l.quantity + by } : l)).filter((l) => l.quantity > 0);
    });
    setCartKey(newClientId());
    setError(null);
  };
  const rows = lines.map((l) => {
    const item = items.find((i) => i.id === l.itemId);
    return { ...l, name: item?.name ?? `Item ${l.itemId}`, amount: new Decimal(item?.cashPrice ?? '0').mul(l.quantity) };
  });
  const total = rows.reduce((s, r) => s.plus(r.amount), new Decimal(0)).toFixed(shop.minorDigits);
  // a catalog that could not be read is not an empty one: "No items yet" would send the cashier to the owner for nothing
  const emptyText = items.length ? 'Tap items or press their keys.' : catalogError ? 'The items could not be loaded: press Try again.'
    : catalogLoaded ? 'No items yet: the owner adds them under Owner.' : 'Loading the items…';

  async function charge(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    // Enter on an empty sale: say what it wants rather than nothing (the Charge button keeps the focus for the item keys)
    if (lines.length === 0) { setError(items.length ? 'Add an item first: tap it or press its key.' : emptyText); setErrorSeq((n) => n + 1); return; }
    setBusy(true); setError(null);
    const r = await useCounter.getState().sellForCash({ key: cartKey, items: lines.map((l) => ({ itemId: l.itemId, quantity: String(l.quantity) })), paymentMethod: method, total });
    setBusy(false);
    if ('error' in r) setError(r.error); else setSale(r.sale);
  }

  // an item's own key (or its F-key, by its place) names it, as at the counter
  const itemFor = (key: string) => {
    const f = /^F([1-9])$/.exec(key);
    if (f) return items[Number(f[1]) - 1];
    return key.length === 1 ? items.find((i) => i.hotkey && i.hotkey.length === 1 && i.hotkey.toLowerCase() === key.toLowerCase()) : undefined;
  };
  // the dialog holds no text field to type into, so such a key adds its item
  function onKeyDown(e: KeyboardEvent) {
    if (busy || e.ctrlKey || e.metaKey || e.altKey) return;
    if (waiting && (e.key.length === 1 || /^F[1-9]$/.test(e.key)) && e.key !== ' ') { e.preventDefault(); heldKeys.current.push(e.key); return; }
    const item = itemFor(e.key);
    if (item) { e.preventDefault(); change(item.id, 1); }
  }
  useEffect(() => {
    if (waiting) return;
    const keys = heldKeys.current;
    heldKeys.current = [];
    // a catalog that could not be read says so itself; the keys it could not name add nothing
    for (const key of keys) { const item = itemFor(key); if (item) change(item.id, 1); }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the items come
  }, [items, catalogLoaded]);

  if (sale) return <CashSaleDone sale={sale} onSale={setSale} onNext={() => { setSale(null); setLines([]); setCartKey(newClientId()); setError(null); setMethod('cash'); }} />;
  return (
    <Modal labelledBy="cash-title" onClose={close} testId="cash-dialog" busy={busy}>
      <form onSubmit={charge} onKeyDown={onKeyDown} noValidate>
        <h2 id="cash-title">Sale without a pass</h2>
        <p className="sub" style={{ marginTop: 0 }}>Items at their cash price, paid now. A customer with a pass: close this and scan their card.</p>
        <div className="items cash-items" role="group" aria-label="Add items">
          {items.map((it, i) => {
            const fkey = positionKey(i);
            return (
              <button key={it.id} type="button" className="item" aria-keyshortcuts={[it.hotkey, fkey].filter(Boolean).join(' ') || undefined}
                onClick={() => { change(it.id, 1); chargeRef.current?.focus(); }}>
                <span className="name"><span className="sr-only">Add </span>{it.name}</span>
                <span className="rate">{money(it.cashPrice, shop)}</span>
                {(it.hotkey || fkey) && <kbd aria-hidden="true">{it.hotkey ?? fkey}</kbd>}
              </button>
            );
          })}
        </div>
        {catalogError && <CatalogProblem what="items" />}
        {rows.length === 0 ? <p className="empty" data-testid="cash-empty">{emptyText}</p> : (
          <table className="cash-lines" data-testid="cash-lines">
            <thead className="sr-head"><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Amount</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.itemId} data-testid="cash-line">
                  <td>{credits(String(r.quantity), shop.locale)} × {r.name}</td>
                  <td className="qty">
                    <button type="button" className="btn btn-small" aria-label={`One ${r.name} less`} onClick={() => change(r.itemId, -1)}>−</button>
                    <button type="button" className="btn btn-small" aria-label={`One ${r.name} more`} onClick={() => change(r.itemId, 1)}>+</button>
                  </td>
                  <td className="r">{money(r.amount.toFixed(shop.minorDigits), shop)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot><tr><td colSpan={2}><strong>Total</strong></td><td className="r"><strong data-testid="cash-total">{money(total, shop)}</strong></td></tr></tfoot>
          </table>
        )}
        <PaymentChoice value={method} onChange={setMethod} name="cash-method" />
        {error && <p key={errorSeq} className="error" role="alert" data-testid="cash-error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={close} disabled={busy}>Cancel</button>
          {/* not disabled while empty: it keeps the focus, so the item keys and then Enter are all the cashier needs */}
          <button ref={chargeRef} type="submit" className="btn btn-primary" aria-disabled={busy || rows.length === 0 || undefined} data-testid="cash-submit" data-autofocus>
            {busy ? 'Charging…' : rows.length ? `Charge ${money(total, shop)}` : 'Charge'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The sale made: what was taken and how, its receipt, its Undo while the window is open; Enter: the next sale. */
function CashSaleDone({ sale, onSale, onNext }: { sale: CashSale; onSale: (s: CashSale) => void; onNext: () => void }) {
  const shop = useApp((s) => s.shop)!;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [closed, setClosed] = useState(false);
  const undoable = !sale.reversed && !closed;
  const now = useNow(undoable);
  const left = Math.max(0, Math.floor((Date.parse(sale.undoUntil) - now) / 1000));
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => { nextRef.current?.focus(); }, [sale.reversed]);

  async function undo() {
    if (busy) return;
    setBusy(true); setError(null);
    const r = await useCounter.getState().undoCashSale(sale);
    setBusy(false);
    if ('error' in r) { setError(r.error); setClosed(r.closed); } else onSale(r.sale);
  }

  return (
    <Modal labelledBy="cash-done-title" onClose={close} testId="cash-dialog" busy={busy}>
      {/* Alt+U undoes and Alt+R prints here as everywhere else at the counter (its screen's keys wait while a dialog is open) */}
      <div className="body" onKeyDown={(e) => {
        if (!e.altKey || e.ctrlKey || e.metaKey) return;
        const k = e.key.toLowerCase();
        if (k === 'u') { e.preventDefault(); if (undoable && left > 0) void undo(); else if (sale.reversed) useCounter.getState().say('This sale is undone already.'); }
        else if (k === 'r') { e.preventDefault(); void usePrint.getState().print({ kind: 'cashSale', sale }); }
      }}>
        <h2 id="cash-done-title">{sale.reversed ? 'Sale undone' : 'Sold without a pass'}</h2>
        <p className={sale.reversed ? 'confirm-line giveback-line' : 'confirm-line'} data-testid="cash-done">
          {sale.reversed ? cashBackWords(sale) : `✓ ${money(sale.total, shop)} taken (${sale.paymentMethod}).`}
        </p>
        <p className="sub">{sale.lines.map((l) => `${credits(l.quantity, shop.locale)} × ${l.name}`).join(', ')}</p>
        {error && <p className="error" role="alert" data-testid="cash-undo-error">{error}</p>}
        <div className="dialog-actions">
          {undoable && left > 0 && (
            <button type="button" className="btn btn-danger" data-testid="cash-undo" aria-keyshortcuts="Alt+U" aria-disabled={busy || undefined} onClick={() => void undo()}>
              {busy ? 'Undoing…' : `Undo (${countdown(left)} left)`} <kbd aria-hidden="true">Alt+U</kbd>
            </button>
          )}
          <button type="button" className="btn" data-testid="cash-print" aria-keyshortcuts="Alt+R" onClick={() => void usePrint.getState().print({ kind: 'cashSale', sale })}>Print receipt <kbd aria-hidden="true">Alt+R</kbd></button>
          <button type="button" className="btn" onClick={close} disabled={busy}>Close</button>
          <button ref={nextRef} type="button" className="btn btn-primary" data-testid="cash-next" aria-disabled={busy || undefined} onClick={() => { if (!busy) onNext(); }}>Next sale</button>
        </div>
      </div>
    </Modal>
  );
}
