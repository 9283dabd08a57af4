// The counter: the search box keeps the focus (names, phones, card codes; a scanner types a code + Enter),
// the customer panel on the left, items, cart and the committed result on the right.
import { memo, useEffect, useRef } from 'react';
import { useApp } from '../store/app';
import { canTopUp, useCounter } from '../store/counter';
import { credits } from '../lib/format';
import { CustomerPanel } from './CustomerPanel';
import { Cart as CartPanel, ItemGrid as ItemGridPanel, LastResult as LastResultPanel, OverageDialog, positionKey } from './CartPanel';

// each panel subscribes to its own slice of the store: a change elsewhere on the counter does not re-render it
const Cart = memo(CartPanel);
const ItemGrid = memo(ItemGridPanel);
const LastResult = memo(LastResultPanel);
import { PassCardDialog, SellPassDialog, SettleOverageDialog, TopUpDialog } from './SaleDialogs';
import { EditCustomerDialog } from './EditCustomerDialog';
import { CashSaleDialog } from './CashSaleDialog';
import { focusSearch, searchRef } from './focus';

const isTextField = (el: Element | null) =>
  !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || (el as HTMLElement).isContentEditable);

/** A sale or top-up of the open customer is the newest thing at the counter: its confirmation shows. */
const purchaseShowing = (s: ReturnType<typeof useCounter.getState>) =>
  !!s.confirmation && !!s.lastPurchase && s.lastPurchase.kind !== 'settlement' && s.lastPurchase.customerId === s.customer?.customer.id;

/** A scanner types much faster than a person: a key within this many ms of a hotkey means the hotkey was a scan. */
const SCAN_GAP_MS = 35;

export function CounterScreen() {
  const dialog = useCounter((s) => s.dialog);
  const customer = useCounter((s) => s.customer);
  const notice = useCounter((s) => s.notice);
  const query = useCounter((s) => s.query);
  // itemId null: the key came while a redemption was in flight and added nothing (a scan may still follow)
  const lastHotkey = useRef<{ itemId: number | null; key: string; t: number } | null>(null);

  useEffect(() => {
    // every time the counter comes back (from owner mode, after a restore): prices, items and plans may have
    // changed, and so may the open customer's passes; show what the ledger holds now, not what it held before
    const st = useCounter.getState();
    void st.loadCatalog();
    if (st.customer) void st.refreshCustomer();
    focusSearch();
  }, []);

  // another customer (or none, after Esc): back to the top, where the search box and the customer are (in one
  // column the page may still be scrolled down to the last result)
  const customerId = customer?.customer.id ?? null;
  useEffect(() => { searchRef.current?.scrollIntoView({ block: 'nearest' }); }, [customerId]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const s = useCounter.getState();
      if (s.dialog || document.querySelector('dialog[open]')) return;
      const target = document.activeElement;
      const inSearch = target === searchRef.current;
      const plainKey = !e.ctrlKey && !e.metaKey && !e.altKey;

      // F1..F9: the items in order, always
      const f = /^F([1-9])$/.exec(e.key);
      if (f && plainKey) {
        e.preventDefault();
        const item = s.items[Number(f[1]) - 1];
        if (item && s.customer) s.addItem(item.id);
        focusSearch();
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const k = e.key.toLowerCase();
        const byHotkey = s.items.find((i) => i.hotkey && i.hotkey.toLowerCase() === k);
        const act: Record<string, () => void> = {
          s: () => s.openDialog({ kind: 'sell', newCustomer: !s.customer }),
          n: () => s.openDialog({ kind: 'sell', newCustomer: true }),
          t: () => { if (canTopUp(s)) s.openDialog({ kind: 'topup' }); },
          c: () => { if (s.customer) s.openDialog({ kind: 'card' }); },
          w: () => s.openDialog({ kind: 'cash' }),
          // the newest thing done undoes: a sale or top-up while its confirmation shows, else the last redemption
          u: () => { if (purchaseShowing(s)) void s.undoPurchase(); else void s.undoLast(); },
          // the newest thing done prints: a sale or top-up while its confirmation shows, else the last redemption
          r: () => {
            const button = document.querySelector<HTMLButtonElement>('[data-testid="print-purchase-receipt"]') ?? document.querySelector<HTMLButtonElement>('[data-testid="print-receipt"]');
            if (button) button.click();
            else s.say('Nothing to print yet: a receipt follows a redemption, a sale or a top-up.');
          },
        };
        if (act[k]) { e.preventDefault(); act[k]!(); return; }
        if (byHotkey && s.customer) { e.preventDefault(); s.addItem(byHotkey.id); focusSearch(); return; }
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        if (s.query) s.setQuery('');
        else if (s.overage) s.cancelOverage();
        else if (s.customer) s.closeCustomer();
        focusSearch();
        return;
      }
      if (e.key === 'Delete' && plainKey && s.customer && !s.query && s.cart.lines.length && (inSearch || !isTextField(target))) {
        e.preventDefault();
        s.clearCart();
        return;
      }
      const printable = e.key.length === 1 && plainKey;
      // Enter ends whatever came before it: a hotkey then Enter was the cashier ringing it up (no card code is
      // one key long), so the next item key, however soon, is an item and not a scan's second key
      if (e.key === 'Enter') lastHotkey.current = null;
      if (!printable) return;
      // Space on a button (a pass, an item) presses it, as anywhere else; it is not search text
      if (e.key === ' ' && target instanceof HTMLButtonElement) return;
      // a second key right after a hotkey: it was a scanner typing a code, not the cashier — take the item back
      const lh = lastHotkey.current;
      if (inSearch && lh && e.timeStamp - lh.t < SCAN_GAP_MS && !s.query) {
        e.preventDefault();
        lastHotkey.current = null;
        if (lh.itemId !== null) s.changeQuantity(lh.itemId, -1);
        s.setQuery(lh.key + e.key);
        return;
      }
      lastHotkey.current = null;
      // a card or match is opening (Enter pressed, the answer not here yet): an item key is for that customer, not
      // more search text (which would call the open off and search for "code1")
      if (inSearch && s.customerLoading) {
        const item = s.items.find((i) => i.hotkey && i.hotkey.length === 1 && i.hotkey.toLowerCase() === e.key.toLowerCase());
        if (item) { e.preventDefault(); s.holdItem(item.id); return; }
      }
      // the catalog's own hotkeys ("1", "2"...) while the search box is empty and a customer is open
      if ((inSearch || !isTextField(target)) && s.customer && !s.query && !s.catalogLoaded && s.items.length === 0) {
        // the items are not here yet, so whether this key is one is not known: kept, and told apart when they come
        e.preventDefault();
        s.holdKey(e.key, e.timeStamp);
        focusSearch();
        return;
      }
      if ((inSearch || !isTextField(target)) && s.customer && !s.query) {
        const item = s.items.find((i) => i.hotkey && i.hotkey.length === 1 && i.hotkey.toLowerCase() === e.key.toLowerCase());
        // while the cart is on its way an item key adds nothing, and it is not search text either (that would
        // hide the customer); a scanner's next key still turns it into the code it began
        if (item) {
          e.preventDefault();
          if (!s.redeeming) s.addItem(item.id);
          lastHotkey.current = { itemId: s.redeeming ? null : item.id, key: e.key, t: e.timeStamp };
          focusSearch();
          return;
        }
        if ((e.key === '+' || e.key === '-') && s.redeeming) { e.preventDefault(); return; }
        if (e.key === '+' && s.cart.lines.length) { e.preventDefault(); s.changeQuantity(s.cart.lines.at(-1)!.itemId, 1); return; }
        if (e.key === '-' && s.cart.lines.length) { e.preventDefault(); s.changeQuantity(s.cart.lines.at(-1)!.itemId, -1); return; }
      }
      // typing anywhere else on the counter goes to the search box
      if (!isTextField(target)) focusSearch();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main className="counter" aria-label="Counter"
      onPointerUp={(e) => {
        // after a mouse click on the counter the search box takes the focus back (touch: no on-screen keyboard popping up)
        if (e.pointerType === 'mouse' && !isTextField(e.target as Element)) setTimeout(focusSearch, 0);
      }}>
      <div className="col">
        <SearchBox />
        {/* typing shows matches even while a customer is open; an empty box shows the customer */}
        {customer && !query.trim() ? <CustomerPanel /> : <Results />}
        <Actions />
      </div>
      <div className="col col-right">
        <ItemGrid />
        <Cart />
        <LastResult />
      </div>
      <div className="sr-only" role="status" aria-live="polite" data-testid="counter-voice">{notice}</div>
      <OverageDialog />
      {dialog?.kind === 'sell' && <SellPassDialog newCustomer={dialog.newCustomer} />}
      {dialog?.kind === 'topup' && <TopUpDialog />}
      {dialog?.kind === 'card' && <PassCardDialog />}
      {dialog?.kind === 'settle' && <SettleOverageDialog />}
      {dialog?.kind === 'edit' && <EditCustomerDialog />}
      {dialog?.kind === 'cash' && <CashSaleDialog />}
    </main>
  );
}

const SearchBox = memo(function SearchBox() {
  const query = useCounter((s) => s.query);
  const results = useCounter((s) => s.results);
  const highlight = useCounter((s) => s.highlight);
  const searching = useCounter((s) => s.searching);
  const loading = useCounter((s) => s.customerLoading);
  const error = useCounter((s) => s.searchError);
  const customer = useCounter((s) => s.customer);
  const items = useCounter((s) => s.items);
  const hasHotkeys = items.some((i) => i.hotkey);

  return (
    <div className="search" role="search">
      <label htmlFor="counter-search" className="sr-only">Find a customer: name, phone or card code (scan the card)</label>
      <input
        id="counter-search"
        ref={(el) => { searchRef.current = el; }}
        data-testid="search"
        type="search"
        autoComplete="off"
        spellCheck={false}
        placeholder="Scan card · name · phone · code"
        value={query}
        role="combobox"
        aria-expanded={!!query.trim() && results.length > 0}
        aria-controls="search-results"
        aria-activedescendant={highlight >= 0 ? `result-${highlight}` : undefined}
        aria-describedby="search-hint"
        aria-invalid={!!error}
        onChange={(e) => useCounter.getState().setQuery(e.target.value)}
        onBlur={() => setTimeout(() => { if (!document.activeElement || document.activeElement === document.body) focusSearch(); }, 0)}
        onKeyDown={(e) => {
          const s = useCounter.getState();
          if (e.key === 'ArrowDown' && s.results.length) { e.preventDefault(); s.moveHighlight(1); }
          else if (e.key === 'ArrowUp' && s.results.length) { e.preventDefault(); s.moveHighlight(-1); }
          else if (e.key === 'Enter') {
            e.preventDefault();
            if (e.repeat) return;
            // keys held until the items are known: this Enter belongs with them (a scan's, or the cashier's)
            if (s.holdingKeys()) { s.holdKey('Enter', e.timeStamp); return; }
            if (s.query.trim() || s.highlight >= 0) void s.submitSearch();
            else if (s.customer && s.cart.lines.length) void s.redeem();
          }
        }}
      />
      <div id="search-hint" className="hint">
        {error ? <span className="field-error" role="alert" data-testid="search-error">{error}</span>
          : loading ? <span role="status">Opening…</span>
          : searching ? <span>Searching…</span>
          : customer ? <>{hasHotkeys ? 'Item keys work while this box is empty. ' : ''}<kbd>Enter</kbd> redeems · <kbd>Esc</kbd> next customer</>
          : <>Arrow keys pick a match · <kbd>Enter</kbd> opens it</>}
      </div>
    </div>
  );
});

function Results() {
  useCounter((s) => s.searching);
  // a search that failed (Passbook not answering) found nothing out: it must not read as "no such customer"
  const failed = useCounter((s) => s.searchFailed);
  const replaced = useCounter((s) => s.searchReplaced);
  const results = useCounter((s) => s.results);
  const highlight = useCounter((s) => s.highlight);
  const query = useCounter((s) => s.query);
  const opening = useCounter((s) => s.customerLoading);
  const shop = useApp((s) => s.shop)!;
  if (!query.trim()) {
    return (
      <div className="panel empty" style={{ flex: 1 }}>
        <p style={{ fontSize: '1.1rem', marginTop: 0 }}>Scan the customer’s card, or type their name, phone or card code.</p>
        <p style={{ margin: 0 }}>New customer? <kbd>Alt</kbd>+<kbd>N</kbd> sells them a pass.</p>
      </div>
    );
  }
  const searching = useCounter.getState().searching;
  const q = query.trim();
  if (!results.length) {
    // Enter was pressed and the card is opening: not "no customer matches" (Alt+N would add them a second time)
    if (opening) return <div className="panel empty" style={{ flex: 1 }} data-testid="opening">Opening the customer…</div>;
    const short = q.length < (/^[\d\s+()-]+$/.test(q) ? 3 : 2);
    return (
      <div className="panel empty" style={{ flex: 1 }} data-testid="no-results">
        {short ? 'Keep typing: a name, phone or card code.' : searching ? 'Searching…' : failed ? 'The search could not run (see above).'
          : replaced ? 'This card was replaced, so it opens no one. Ask for the new card, or find the customer by name or phone.' : <>No customer matches “{q}”. <kbd>Alt</kbd>+<kbd>N</kbd> adds a new one.</>}
      </div>
    );
  }
  return (
    <ul id="search-results" className="results" role="listbox" aria-label="Matching customers" data-testid="results">
      {results.map((c, i) => (
        <li key={c.id} role="presentation">
          <button id={`result-${i}`} type="button" role="option" aria-selected={i === highlight} tabIndex={-1}
            onClick={() => void useCounter.getState().openCustomer(c.id)}>
            <span><strong>{c.name}</strong><br /><span className="sub">{c.code}{c.phone ? ` · ${c.phone}` : ''}</span></span>
            <span className="sub">{c.balance !== null ? `${credits(c.balance, shop.locale)} left` : 'no pass'}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

const Actions = memo(function Actions() {
  const customer = useCounter((s) => s.customer);
  const topUp = useCounter(canTopUp);
  const st = useCounter.getState;
  return (
    <div className="actions" role="group" aria-label="Sales">
      <button type="button" className="btn" aria-keyshortcuts="Alt+N" onClick={() => st().openDialog({ kind: 'sell', newCustomer: true })}>New customer <kbd aria-hidden="true">Alt+N</kbd></button>
      <button type="button" className="btn" disabled={!customer} aria-keyshortcuts="Alt+S" onClick={() => st().openDialog({ kind: 'sell', newCustomer: false })}>Sell a pass <kbd aria-hidden="true">Alt+S</kbd></button>
      <button type="button" className="btn" disabled={!topUp} aria-keyshortcuts="Alt+T" onClick={() => st().openDialog({ kind: 'topup' })}>Top up <kbd aria-hidden="true">Alt+T</kbd></button>
      <button type="button" className="btn" disabled={!customer} aria-keyshortcuts="Alt+C" onClick={() => st().openDialog({ kind: 'card' })}>Pass card <kbd aria-hidden="true">Alt+C</kbd></button>
      <button type="button" className="btn" aria-keyshortcuts="Alt+W" onClick={() => st().openDialog({ kind: 'cash' })}>Sale without a pass <kbd aria-hidden="true">Alt+W</kbd></button>
    </div>
  );
});

export { positionKey };
