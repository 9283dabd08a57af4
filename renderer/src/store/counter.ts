// Counter UI state: search, the open customer, the cart, the redemption in flight, its committed result,
// overage, undo, sales. Every action goes through the typed client; balances shown are only ever what
// the ledger returned (no optimistic arithmetic).
import { create } from 'zustand';
import { api, ApiError, conflictReason, newClientId } from '../api/client';
import type { Bought, CorrectionResult, CustomerDetail, CustomerRow, ItemRow, PassView, PaymentMethod, PlanRow, RedeemResult, ReplaceReason } from '../api/types';
import { useApp } from './app';
import { compareDecimal, count, credits, creditsWithUnit, money, moneyBackText } from '../lib/format';
import type { InsufficientCreditsDetails } from '../../../core/contract/counter';
import { fitsUnit } from '../../../core/catalog/units';
import type { OutputOf } from '../../../core/contract';
import { sortKey } from '../../../core/customers/fold';
import { lineCredits } from '../../../core/drawdown/pricing';
import { Decimal } from '../../../core/money/decimal';

export interface CartLine { itemId: number; quantity: number }
export interface Cart { clientId: string; lines: CartLine[] }

export interface OverageOffer {
  has: string; needs: string; policy: 'block' | 'allow';
  overageCredits?: string; overageAmount?: string;
  /** false: on account would pass the overdraft limit, so only charging it now is offered */
  accountAllowed?: boolean;
}

export interface LastRedemption {
  result: RedeemResult;
  customerId: number;
  customerName: string;
  passId: number | null;
  unit: string;
  lines: Array<{ itemId: number; name: string; quantity: number }>;
  at: number;
  undoClientId: string;
  undone: boolean;
  /** for the receipt, as they were at the redemption (the customer may be closed by the time it prints) */
  customerCode: string;
  planName: string;
  lots: PassView['lots'];
  /** what the ledger did on undo: credits back, money to hand back, the balance now */
  undo?: CorrectionResult;
  /** the ledger said this can no longer be undone (window passed, already voided, not the latest) */
  undoClosed?: boolean;
}

/** The last sale, top-up or payment on account at the counter, kept whole for its receipt (Alt+R while its confirmation shows). */
export interface LastPurchase {
  kind: 'sale' | 'topup' | 'settlement';
  customerId: number;
  customerName: string;
  customerCode: string;
  passId: number;
  planName: string;
  unit: string;
  at: string;
  /** a sale or top-up: what it took and gave */
  bought: Bought | null;
  /** a payment against overage on account: what was paid, how, and what is still owed */
  settled: { amount: string; paymentMethod: PaymentMethod; dueAfter: string } | null;
  /** the pass as the ledger returned it after the purchase */
  balanceAfter: string;
  lots: PassView['lots'];
  /** a sale or top-up undone at the counter (passes.undoPurchase): the same id each time it is asked */
  undoClientId: string;
  /** what its undo gave back, once undone, and when (its refund slip says both) */
  undone: { credits: string; refunded: string; paymentMethod: PaymentMethod; at?: string } | null;
  /** the ledger refused its undo for good (window passed, used since): the button goes, the owner's refund remains */
  undoClosed?: boolean;
}

export type Dialog = null | { kind: 'sell'; newCustomer: boolean } | { kind: 'topup' } | { kind: 'card' } | { kind: 'settle' } | { kind: 'edit' } | { kind: 'cash' };

export type CashSale = OutputOf<'counter.cashSale'>;

interface CounterState {
  catalogLoaded: boolean;
  catalogError: string | null;
  items: ItemRow[];
  plans: PlanRow[];

  query: string;
  results: CustomerRow[];
  searching: boolean;
  searchError: string | null;
  /** the last search or load failed (Passbook not answering, an error): it found nothing out */
  searchFailed: boolean;
  /** the card scanned was replaced (lost, stolen): the message says whose; the list offers no new customer for it */
  searchReplaced: boolean;
  highlight: number;

  customer: CustomerDetail | null;
  customerLoading: boolean;
  customerError: string | null;
  passId: number | null;

  cart: Cart;
  redeeming: boolean;
  redeemError: string | null;
  overage: OverageOffer | null;
  last: LastRedemption | null;
  undoing: boolean;
  undoError: string | null;

  dialog: Dialog;
  notice: string;
  /** what the last sale or top-up did for the customer on screen, shown beside the balance until the next step */
  confirmation: string | null;
  /** the last sale or top-up, for its receipt; printable while its confirmation shows (the next step clears that) */
  lastPurchase: LastPurchase | null;
  /** what became of a cart the cashier had already left (Esc or the next card while it was on its way) */
  elsewhere: string | null;
  dismissElsewhere(): void;

  loadCatalog(): Promise<void>;
  setQuery(q: string): void;
  moveHighlight(delta: number): void;
  submitSearch(): Promise<void>;
  openCustomer(id: number): Promise<void>;
  /** false: nothing was put on screen (another customer, a newer refresh, or no answer) */
  refreshCustomer(): Promise<boolean>;
  closeCustomer(): void;
  selectPass(id: number): void;

  addItem(itemId: number): void;
  /** an item key pressed while a card or match is opening: rung up on that customer once they open */
  holdItem(itemId: number): void;
  /**
   * a key pressed on an open customer before the items are known (the first catalog on its way): an item key, search
   * text or a scan, told apart once they are here; `t` the key's time (a scanner types faster than a person)
   */
  holdKey(key: string, t: number): void;
  /** keys are being held for the open customer (its Enter is held with them) */
  holdingKeys(): boolean;
  changeQuantity(itemId: number, delta: number): void;
  removeLine(itemId: number): void;
  clearCart(): void;
  redeem(settlement?: 'now' | 'account', paymentMethod?: PaymentMethod): Promise<void>;
  cancelOverage(): void;
  undoLast(): Promise<void>;
  /**
   * undo an earlier redemption of the open customer's pass, still inside the undo window, that is not the counter's
   * last (another customer was served since, and Anna came back to say it was wrong)
   */
  undoEarlier(redemptionId: number): Promise<void>;
  /** that undo: on its way, done (what it gave back), or refused; for the customer on screen only */
  earlier: EarlierUndo | null;
  /** undo the sale or top-up whose confirmation shows (a mis-ring): its money goes back the way it was paid */
  undoPurchase(): Promise<void>;
  purchaseUndoing: boolean;
  purchaseUndoError: string | null;

  openDialog(d: Dialog): void;
  closeDialog(): void;
  /** Each of these keeps its request id while its answer is lost (see requestId): asked again, it is never done twice. */
  sellPass(input: { customerId?: number; newCustomer?: { name: string; phone?: string }; planId: number; paymentMethod: PaymentMethod }): Promise<string | null>;
  topUp(input: { passId: number; packId: number; paymentMethod: PaymentMethod }): Promise<string | null>;
  settleOverage(input: { passId: number; amount: string; paymentMethod: PaymentMethod }): Promise<string | null>;
  /** new details for the open customer (customers.update); null when saved, else the refusal (with its field) */
  updateCustomer(input: { name: string; phone: string | null; email: string | null; notes: string | null }): Promise<null | { message: string; field?: string }>;
  /** items at their cash price to someone without a pass; kept by cart (key) until answered, so a retry never charges twice */
  sellForCash(input: { key: string; items: Array<{ itemId: number; quantity: string }>; paymentMethod: PaymentMethod; total?: string }): Promise<{ sale: CashSale } | { error: string }>;
  /** undo that sale inside the undo window: its money goes back the way it was paid */
  undoCashSale(sale: CashSale): Promise<{ sale: CashSale } | { error: string; closed: boolean }>;
  /** a new card for the open customer; the old code stops working. Answers the old code, or the refusal in words. */
  replaceCard(input: { reason: ReplaceReason; code?: string }): Promise<{ oldCode: string } | { error: string }>;
  say(text: string): void;
  /**
   * Another ledger (restored from a backup): nothing on screen is about it. The customer, cart, last redemption and
   * its undo, the dialogs and the requests kept for a lost answer all go (sent again, they would land on whoever has
   * those ids now); the catalog is read again. `message` says why, above the cart.
   */
  startOver(message: string | null): void;
}

/** An earlier redemption's undo from the customer's last redemptions (CustomerPanel). */
export interface EarlierUndo { redemptionId: number; customerId: number; busy: boolean; done: string | null; giveBack: string | null; error: string | null }

/**
 * The last redemption's receipt keeps the plan and lots as the ledger has them after the last action on it
 * (the redemption, then its undo), so it prints whole after the customer is closed (Esc).
 */
async function keepReceiptCurrent(redemptionId: number, passId: number): Promise<void> {
  let pass: Pick<PassView, 'planName' | 'lots'> | undefined = useCounter.getState().customer?.passes.find((p) => p.id === passId);
  // the customer was closed meanwhile (a quick Esc, an undo from the next customer's screen): ask the ledger
  if (!pass) { try { pass = await api.passes.get({ passId }); } catch { return; } }
  const { last } = useCounter.getState();
  if (last && last.result.redemptionId === redemptionId) useCounter.setState({ last: { ...last, planName: pass.planName, lots: pass.lots } });
}

/**
 * A write whose answer was lost (Passbook stopped answering) may have gone through. Its request is kept, so the
 * same thing asked again (the cart after switching passes and back, the same pack on the same pass in a dialog
 * opened again) is the same request, which the ledger answers with the first result instead of doing it twice.
 * A definite answer lets it go; so do ten minutes, after which asking again is taken as a new sale.
 */
const unanswered = new Map<string, { id: string; at: number }>();
const UNANSWERED_MS = 10 * 60_000;
function requestId(key: string): string {
  const kept = unanswered.get(key);
  const now = Date.now();
  if (kept && now - kept.at < UNANSWERED_MS) return kept.id;
  // requests kept longer are over for every key, not only this one: a counter open for weeks keeps none of them
  for (const [k, v] of unanswered) if (now - v.at >= UNANSWERED_MS) unanswered.delete(k);
  const id = newClientId();
  unanswered.set(key, { id, at: now });
  return id;
}
/**
 * No answer to rely on: Passbook did not answer, or the disk failed as the write was being made (an fsync that fails
 * may still leave the write in the ledger after a restart). The same request is asked again, never a second one.
 */
export const lostAnswer = (err: unknown): boolean => err instanceof ApiError
  && (err.code === 'NETWORK' || (err.code === 'DATABASE' && ioError(err)));
/** SQLite's I/O errors but a full -shm (SQLITE_IOERR_SHMSIZE: the disk is full before anything is written, core/errors.ts). */
function ioError(err: ApiError): boolean {
  const code = String((err.details as { sqlite?: unknown } | undefined)?.sqlite ?? '');
  return code.startsWith('SQLITE_IOERR') && code !== 'SQLITE_IOERR_SHMSIZE';
}
/** A refusal because the customer's passes changed elsewhere (cancelled, gone): the screen reads them again. */
const refusedByChange = (err: unknown): boolean => err instanceof ApiError && (err.code === 'PASS_CLOSED' || err.code === 'NOT_FOUND');
/** The ledger refused figures the screen showed (a price or rate the owner changed since the catalog was read). */
const changedMeanwhile = (err: unknown): boolean => conflictReason(err) === 'CHANGED';
/** Send a write under the id kept for `key`; once answered (or definitely refused) the next one for it is new. */
async function sendKept<T>(key: string, send: (clientId: string) => Promise<T>): Promise<T> {
  try {
    const value = await send(requestId(key));
    unanswered.delete(key);
    return value;
  } catch (err) {
    if (!lostAnswer(err)) unanswered.delete(key);
    throw err;
  }
}

/** The redemption whose answer was lost, as it was sent: a CONFLICT on its cart is answered by asking for it again. */
let unsettledRedemption: { input: RedeemInput; lines: LastRedemption['lines']; customer: CustomerDetail; pass: PassView | null } | null = null;
type RedeemInput = Parameters<typeof api.counter.redeem>[0];

/** The credits a cart takes, each line rounded as the ledger draws it (sent as `expected.credits`, shown on Redeem). */
export function cartCredits(lines: Array<{ quantity: number; rate: string }>): string {
  return lines.reduce((t, l) => t.plus(lineCredits(String(l.quantity), l.rate)), new Decimal(0)).toFixed();
}

/** The credits of the cart's lines whose items are known, as cartCredits counts them. */
const cartTotal = (lines: CartLine[], items: ItemRow[]): string =>
  cartCredits(lines.flatMap((l) => { const it = items.find((i) => i.id === l.itemId); return it ? [{ quantity: l.quantity, rate: it.rate }] : []; }));

/**
 * The cart said after a key or button changed it, for a cashier who cannot see it before Enter: "Espresso, 2. Cart:
 * 3.5 drinks." (the line gone: "Espresso removed. Cart empty."). itemId null: only the cart's total.
 */
export function cartWords(s: Pick<CounterState, 'cart' | 'items' | 'customer' | 'passId'>, itemId: number | null): string {
  const shop = useApp.getState().shop;
  const locale = shop?.locale ?? 'en-US';
  const unit = s.customer?.passes.find((p) => p.id === s.passId)?.creditUnit ?? shop?.creditUnit ?? 'credit';
  const line = s.cart.lines.find((l) => l.itemId === itemId);
  const name = s.items.find((i) => i.id === itemId)?.name ?? `Item ${itemId}`;
  const what = itemId === null ? '' : line ? `${name}, ${count(line.quantity, locale)}. ` : `${name} removed. `;
  return `${what}${s.cart.lines.length ? `Cart: ${creditsWithUnit(cartTotal(s.cart.lines, s.items), unit, locale)}.` : 'Cart empty.'}`;
}

/** What the low-balance badge says, said: "Low balance." or, nothing left, "Pass used up." ('' when not low). */
function lowWords(lowBalance: { low: boolean }, balance: string): string {
  if (!lowBalance.low) return '';
  return compareDecimal(balance, '0') > 0 ? 'Low balance.' : 'Pass used up.';
}

/** The overage of a redemption, said: "1 over, $4.50 charged now" / "put on account". */
function overageWords(o: { credits: string; amount: string; settlement: 'now' | 'account' } | null): string {
  const shop = useApp.getState().shop;
  if (!o || !shop) return '';
  return ` ${spoken(o.credits)} over: ${money(o.amount, shop)} ${o.settlement === 'now' ? 'charged now' : 'put on account'}.`;
}

/** A balance read out as the screen writes it, in the shop's locale ("4,666667", not "4.666667"). */
const spoken = (amount: string): string => credits(amount, useApp.getState().shop?.locale ?? 'en-US');

/** A top-up goes onto the chosen pass only while it is active (the button and Alt+T both ask this). */
/**
 * Why an item cannot come off the chosen pass (its rate counts in another credit unit: a croissant off a drink pass),
 * or null when it can. The ledger refuses such a redemption too (core/catalog/units.ts); the counter says it at the tap.
 */
export function itemOffPass(s: Pick<CounterState, 'customer' | 'passId' | 'items'>, itemId: number): string | null {
  const pass = s.customer?.passes.find((p) => p.id === s.passId);
  const item = s.items.find((i) => i.id === itemId);
  if (!pass || !item || fitsUnit(item.creditUnit, pass.creditUnit)) return null;
  return `${item.name} comes off ${item.creditUnit} passes; this pass holds ${pass.creditUnit}.`;
}

/**
 * A cart against a new catalogue: items no longer sold (archived) or no longer drawn from this pass's unit come out;
 * an item whose rate changed stays, and the message says so, since the cart's total changed with it.
 */
export function cartAfterCatalog(s: Pick<CounterState, 'customer' | 'passId' | 'items' | 'cart'>, before: ItemRow[], now: ItemRow[]): { lines: CartLine[]; message: string } | null {
  const name = (id: number) => before.find((i) => i.id === id)?.name ?? now.find((i) => i.id === id)?.name ?? `Item ${id}`;
  const gone = s.cart.lines.filter((l) => !now.some((i) => i.id === l.itemId));
  const unfit = s.cart.lines.filter((l) => !gone.includes(l) && itemOffPass(s, l.itemId) !== null);
  const unit = s.customer?.passes.find((p) => p.id === s.passId)?.creditUnit ?? useApp.getState().shop?.creditUnit ?? 'credit';
  const locale = useApp.getState().shop?.locale ?? 'en-US';
  const rated = s.cart.lines.flatMap((l) => {
    const was = before.find((i) => i.id === l.itemId);
    const is = now.find((i) => i.id === l.itemId);
    return was && is && !unfit.includes(l) && compareDecimal(was.rate, is.rate) !== 0 ? [{ name: is.name, was: was.rate, is: is.rate }] : [];
  });
  if (!gone.length && !unfit.length && !rated.length) return null;
  const words: string[] = [];
  const list = (ls: CartLine[]) => ls.map((l) => name(l.itemId)).join(', ');
  if (gone.length) words.push(`${list(gone)} ${gone.length === 1 ? 'is' : 'are'} no longer sold, so ${gone.length === 1 ? 'it was' : 'they were'} taken out of the cart.`);
  if (unfit.length) words.push(`${list(unfit)} no longer ${unfit.length === 1 ? 'comes' : 'come'} off this pass, so ${unfit.length === 1 ? 'it was' : 'they were'} taken out of the cart.`);
  for (const r of rated) words.push(`${r.name} now takes ${creditsWithUnit(r.is, unit, locale)} (it was ${credits(r.was, locale)}).`);
  return { lines: s.cart.lines.filter((l) => !gone.includes(l) && !unfit.includes(l)), message: words.join(' ') };
}

export const canTopUp = (s: Pick<CounterState, 'customer' | 'passId'>): boolean =>
  s.customer?.passes.find((p) => p.id === s.passId)?.status === 'active';

/** API errors in plain words, for the place that caused them: a write (may have gone through) or a read (a search, a load). */
export function plain(err: unknown, kind: 'write' | 'read' = 'write'): string {
  const e = err instanceof ApiError ? err : new ApiError('INTERNAL', String((err as Error)?.message ?? err));
  switch (e.code) {
    // the request may have committed before the answer was lost: say so, and that a retry cannot charge twice
    case 'NETWORK': return kind === 'read'
      ? 'Passbook is not answering, so nothing can be looked up right now. Check it is running, then try again.'
      : 'Passbook is not answering, so this may or may not have gone through. Check it is running and try again: the same request is never charged twice.';
    // the disk failed as the write was made: it may be in the ledger, and pressing again asks for the same request
    case 'DATABASE': return !ioError(e) ? e.message
      : kind === 'write' ? 'The disk could not be written, so this may or may not have gone through. Check the disk (or the drive the data is on), then try again: the same request is never charged twice.'
      : 'The disk could not be read, so nothing can be looked up right now. Check the disk (or the drive the data is on), then try again.';
    // only a client id used for another request is that; the ledger's own refusals (a customer forgotten, a refund
    // since, a price changed, a restore) say what happened in their words
    case 'CONFLICT': {
      const d = e.details as { reason?: unknown; clientId?: unknown } | undefined;
      return d?.reason === undefined && d?.clientId !== undefined ? `${e.message} (This request was already sent with different contents.)` : e.message;
    }
    case 'FORBIDDEN': return `${e.message}`;
    case 'INTERNAL': return `Something went wrong inside Passbook: ${e.message}`;
    default: {
      // a refusal about one field reads as a sentence in a dialog: "5,00 € is more than …", not "amount: 5,00 € …"
      const field = (e.details as { field?: unknown } | undefined)?.field;
      return typeof field === 'string' && e.message.startsWith(`${field}: `) ? e.message.slice(field.length + 2) : e.message;
    }
  }
}

const emptyCart = (): Cart => ({ clientId: newClientId(), lines: [] });
let searchSeq = 0;
/**
 * Which customer the cashier wants open: every open, close and new scan counts one up. A customer's answer that
 * arrives after the cashier moved on (a slow load, the refresh after a redemption) is dropped, never put over the
 * customer now at the counter, whose cart would then be drawn from the wrong pass.
 */
let openSeq = 0;
/** items keyed while a customer was opening (holdItem), for that open (openSeq): rung up when it succeeds, else dropped */
let heldItems: { seq: number; ids: number[] } = { seq: -1, ids: [] };
/** keys pressed on an open customer before the items were known (holdKey), for that customer: replayed once they are */
let heldKeys: { customerId: number; keys: Array<{ key: string; t: number }> } | null = null;
/** a scan: at least this many characters, a scanner's pace apart, then Enter */
const SCAN_MIN_KEYS = 4;
/** refreshes of the open customer, newest last: an older one answering after a newer was asked is dropped */
let refreshSeq = 0;
let searchTimer: ReturnType<typeof setTimeout> | undefined;
let lastKeyAt = -Infinity;
const SCANNER_GAP_MS = 35;
/** latest-wins search: at most one request in flight; the newest query waiting behind it */
let inFlight = false;
let pendingQuery: string | null = null;

function runSearch(query: string): void {
  if (inFlight) { pendingQuery = query; return; }
  inFlight = true;
  const seq = ++searchSeq;
  useCounter.setState({ searching: true });
  api.customers.search({ query, limit: 20 }).then(
    (r) => {
      if (seq !== searchSeq) return;
      // the highlight follows the customer it was on, never the row number: a fresher list may have put another name there
      const { results: before, highlight } = useCounter.getState();
      const on = highlight >= 0 ? before[highlight]?.id : undefined;
      useCounter.setState({ results: r.customers, searching: false, highlight: on === undefined ? -1 : r.customers.findIndex((c) => c.id === on) });
    },
    (err) => { if (seq === searchSeq) useCounter.setState({ searchError: plain(err, 'read'), searchFailed: true, searching: false }); },
  ).finally(() => {
    inFlight = false;
    const next = pendingQuery;
    pendingQuery = null;
    if (next !== null && next === useCounter.getState().query.trim()) runSearch(next);
  });
}

function pickPass(detail: CustomerDetail, prefer: number | null): number | null {
  const open = detail.passes.filter((p) => !p.status || p.status === 'active');
  if (prefer !== null && detail.passes.some((p) => p.id === prefer)) return prefer;
  return (open[0] ?? detail.passes[0])?.id ?? null;
}

/** The counter with nothing on it: how it starts, and how it starts over on another ledger (startOver). */
function freshCounter() {
  return {
    catalogLoaded: false,
    catalogError: null,
    items: [],
    plans: [],
    query: '',
    results: [],
    searching: false,
    searchError: null,
    searchFailed: false,
    searchReplaced: false,
    highlight: -1,
    customer: null,
    customerLoading: false,
    customerError: null,
    passId: null,
    cart: emptyCart(),
    redeeming: false,
    redeemError: null,
    overage: null,
    last: null,
    undoing: false,
    undoError: null,
    purchaseUndoing: false,
    purchaseUndoError: null,
    dialog: null,
    notice: '',
    confirmation: null,
    earlier: null,
    lastPurchase: null,
    elsewhere: null,
  } satisfies Partial<CounterState>;
}

export const useCounter = create<CounterState>()((set, get) => ({
  ...freshCounter(),
  dismissElsewhere() { set({ elsewhere: null }); },

  async loadCatalog() {
    // asked again after a failure: "loading" again, not the old error
    if (get().catalogError) set({ catalogError: null, catalogLoaded: false });
    try {
      const [items, plans] = await Promise.all([api.items.list({}), api.plans.list({})]);
      // hotkeyed items first, in hotkey order (their F-key follows their place), then by name
      const key = (i: ItemRow) => (i.hotkey ? `0${i.hotkey.padStart(4, ' ')}` : `1${sortKey(i.name)}`); // Éclair with the Es
      const list = items.items.filter((i) => !i.archived).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id));
      const before = get().items;
      set({ items: list, plans: plans.plans.filter((p) => !p.archived), catalogLoaded: true, catalogError: null });
      // the owner may have changed the catalogue under a cart (owner mode and back): the cart says what changed
      const s = get();
      if (!s.redeeming && s.cart.lines.length) {
        const change = cartAfterCatalog(s, before, list);
        if (change) set({ cart: { ...s.cart, lines: change.lines }, redeemError: change.message, overage: null });
      }
      const held = heldKeys;
      heldKeys = null;
      if (held && get().customer?.customer.id === held.customerId) replayKeys(held.keys, list);
    } catch (err) {
      heldKeys = null;
      set({ catalogError: plain(err, 'read'), catalogLoaded: true });
    }
  },

  setQuery(raw) {
    const q = raw.trim() ? raw : ''; // a stray space is not a search (it would hide the customer and the item keys)
    // the cashier typed on (or pressed Esc) while a card or match was opening: that answer is no longer wanted
    if (get().customerLoading) { openSeq++; set({ customerLoading: false }); }
    set({ query: q, highlight: -1, searchError: null, searchFailed: false, searchReplaced: false });
    clearTimeout(searchTimer);
    const query = q.trim();
    const now = performance.now();
    const gap = now - lastKeyAt;
    lastKeyAt = now;
    // one character matches a fifth of the shop: wait for the second (digits: the third)
    if (query.length < (/^[\d\s+()-]+$/.test(query) ? 3 : 2)) { searchSeq++; pendingQuery = null; set({ results: [], searching: false }); return; }
    // people type slower than ~35 ms a key: search at once. A scanner types faster: wait for its Enter.
    if (gap < SCANNER_GAP_MS) { searchTimer = setTimeout(() => runSearch(query), SCANNER_GAP_MS + 5); return; }
    runSearch(query);
  },

  moveHighlight(delta) {
    const n = get().results.length;
    if (!n) return;
    const h = get().highlight;
    set({ highlight: Math.max(-1, Math.min(n - 1, h + delta)) });
  },

  async submitSearch() {
    const { query, results, highlight } = get();
    const code = query.trim();
    if (highlight >= 0 && results[highlight]) { await get().openCustomer(results[highlight]!.id); return; }
    if (!code) return;
    clearTimeout(searchTimer);
    pendingQuery = null;
    searchSeq++;
    const seq = ++openSeq;
    set({ customerLoading: true, customerError: null, searching: false });
    try {
      // card codes are one short word; anything else (a full name, a phone with spaces) is a search
      if (!/^[\w-]{1,32}$/.test(code)) throw new ApiError('NOT_FOUND', 'not a card code');
      const detail = await api.customers.byCode({ code });
      if (seq === openSeq) setCustomer(detail);
    } catch (err) {
      if (seq !== openSeq) return;
      if (err instanceof ApiError && err.code === 'NOT_FOUND') {
        // not a pass code: open the single name/phone match if there is exactly one
        try {
          const r = await api.customers.search({ query: code, limit: 20 });
          if (seq !== openSeq) return;
          if (r.customers.length === 1) { await get().openCustomer(r.customers[0]!.id); return; }
          set({ results: r.customers, customerLoading: false, searchFailed: false, searchError: r.customers.length ? 'Several customers match: pick one from the list (arrow keys, then Enter).' : `No customer or pass code matches “${code}”.` });
        } catch (e2) {
          if (seq === openSeq) set({ customerLoading: false, searchError: plain(e2, 'read'), searchFailed: true });
        }
        return;
      }
      // a replaced (lost, stolen) card: a definite answer, said as the ledger says it; no customer opens
      if (err instanceof ApiError && err.code === 'CARD_REPLACED') { set({ customerLoading: false, searchError: err.message, searchFailed: false, searchReplaced: true }); return; }
      set({ customerLoading: false, searchError: plain(err, 'read'), searchFailed: true });
    }
  },

  async openCustomer(id) {
    clearTimeout(searchTimer);
    pendingQuery = null;
    searchSeq++;
    const seq = ++openSeq;
    set({ customerLoading: true, customerError: null });
    try {
      const detail = await api.customers.get({ id });
      if (seq === openSeq) setCustomer(detail);
    } catch (err) {
      if (seq === openSeq) set({ customerLoading: false, searchError: plain(err, 'read'), searchFailed: true });
    }
  },

  async refreshCustomer() {
    const c = get().customer;
    if (!c) return false;
    const seq = openSeq;
    const mine = ++refreshSeq;
    const still = () => seq === openSeq && mine === refreshSeq && get().customer?.customer.id === c.customer.id;
    try {
      const detail = await api.customers.get({ id: c.customer.id });
      if (!still()) return false;
      set({ customer: detail, passId: pickPass(detail, get().passId) });
      return true;
    } catch (err) {
      if (still()) set({ customerError: plain(err, 'read') });
      return false;
    }
  },

  async undoEarlier(redemptionId) {
    const { customer, earlier } = get();
    if (!customer || earlier?.busy) return;
    const customerId = customer.customer.id;
    const name = customer.customer.name;
    const here = () => get().customer?.customer.id === customerId;
    set({ earlier: { redemptionId, customerId, busy: true, done: null, giveBack: null, error: null } });
    try {
      // kept for this redemption: a lost answer pressed again is the same undo, never a second one
      const undo = await sendKept(`undo-earlier:${redemptionId}`, (clientId) => api.counter.undo({ clientId, redemptionId }));
      const { last } = get();
      if (last && last.result.redemptionId === redemptionId) set({ last: { ...last, undone: true, undo } });
      const shop = useApp.getState().shop;
      const { giveBack } = shop ? moneyBackText(undo, shop) : { giveBack: null };
      const unit = undo.pass.creditUnit;
      const back = shop ? `${creditsWithUnit(undo.creditsRestored, unit, shop.locale)} back on the pass, now ${creditsWithUnit(undo.balanceAfter, unit, shop.locale)}.` : 'the credits are back on the pass.';
      const money = giveBack ? ` ${giveBack}.` : '';
      if (here()) {
        set({ earlier: { redemptionId, customerId, busy: false, done: `Undone: ${back}`, giveBack: giveBack ? `${giveBack}.` : null, error: null } });
        get().say(`Undone: ${back}${money}`);
      } else {
        // another customer opened while it was on its way: said and shown by name, with any money to hand back
        const what = `${name}’s redemption was undone: ${back}${money}`;
        set({ elsewhere: what });
        get().say(what);
      }
    } catch (err) {
      if (here()) set({ earlier: { redemptionId, customerId, busy: false, done: null, giveBack: null, error: plain(err) } }); // an alert: heard
      else {
        const what = `${name}’s redemption was not undone: ${plain(err)}`;
        set({ elsewhere: what });
        get().say(what);
      }
    }
    // the pass and its last redemptions as the ledger holds them now (undone, or used since at another till)
    if (here()) await get().refreshCustomer();
  },

  closeCustomer() {
    const was = get().customer?.customer.name;
    openSeq++;
    heldKeys = null; // what was keyed for this customer is not for the next
    // a redemption still on its way belongs to the old cart: its answer is reported, not put on this screen
    set({ customer: null, passId: null, cart: emptyCart(), redeeming: false, redeemError: null, overage: null, customerError: null, customerLoading: false, query: '', results: [], highlight: -1, confirmation: null, purchaseUndoError: null, earlier: null });
    // said, or the live region would go on holding the last customer's sentence as if they were still open
    if (was) get().say(`${was} closed.`);
  },

  selectPass(id) {
    if (get().redeeming) return; // the cart is on its way for the pass it was rung up on
    // the cart keeps its request id: if it was already sent and the answer lost, sending it again for another pass
    // is refused as a changed request (and then shown for what it was), never made a second time
    if (get().passId !== id) set({ passId: id, ...(unsettledRedemption ? {} : { redeemError: null }), overage: null });
  },

  holdKey(key, t) {
    const s = get();
    if (!s.customer || s.catalogLoaded || s.items.length > 0) return;
    if (heldKeys?.customerId !== s.customer.customer.id) heldKeys = { customerId: s.customer.customer.id, keys: [] };
    heldKeys.keys.push({ key, t });
  },

  holdingKeys() {
    const s = get();
    return !!heldKeys && heldKeys.keys.length > 0 && heldKeys.customerId === s.customer?.customer.id && !s.catalogLoaded;
  },

  holdItem(itemId) {
    if (!get().customerLoading) return;
    if (heldItems.seq !== openSeq) heldItems = { seq: openSeq, ids: [] };
    heldItems.ids.push(itemId);
  },

  addItem(itemId) {
    if (get().redeeming) return;
    const unfit = itemOffPass(get(), itemId);
    if (unfit) { set({ redeemError: unfit }); return; }
    const { cart } = get();
    const line = cart.lines.find((l) => l.itemId === itemId);
    const lines = line ? cart.lines.map((l) => (l.itemId === itemId ? { ...l, quantity: l.quantity + 1 } : l)) : [...cart.lines, { itemId, quantity: 1 }];
    set({ cart: { ...cart, lines }, redeemError: null, overage: null }); // a refusal was about the old cart
    get().say(cartWords(get(), itemId));
  },

  changeQuantity(itemId, delta) {
    if (get().redeeming) return;
    const { cart } = get();
    const lines = cart.lines.map((l) => (l.itemId === itemId ? { ...l, quantity: l.quantity + delta } : l)).filter((l) => l.quantity > 0);
    set({ cart: { ...cart, lines }, redeemError: null, overage: null });
    get().say(cartWords(get(), itemId));
  },

  removeLine(itemId) {
    if (get().redeeming) return;
    const { cart } = get();
    set({ cart: { ...cart, lines: cart.lines.filter((l) => l.itemId !== itemId) }, redeemError: null, overage: null });
    get().say(cartWords(get(), itemId));
  },

  clearCart() {
    if (get().redeeming) return;
    set({ cart: emptyCart(), redeemError: null, overage: null });
    get().say('Cart cleared.');
  },

  async redeem(settlement, paymentMethod) {
    const s = get();
    if (s.redeeming || !s.customer || s.cart.lines.length === 0) return;
    const cart = s.cart;
    const customer = s.customer;
    const pass = customer.passes.find((p) => p.id === s.passId) ?? null;
    set({ redeeming: true, redeemError: null, elsewhere: null, confirmation: null, purchaseUndoError: null, earlier: null });
    const items = get().items;
    const lines = cart.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, name: items.find((i) => i.id === l.itemId)?.name ?? `Item ${l.itemId}` }));
    // what the screen showed: the credits on Redeem and the overage the customer agreed to. The ledger takes these or
    // nothing (an owner's new rate, another counter's redemption meanwhile): never other figures than the cashier said
    const shown = cartTotal(cart.lines, items);
    const agreed = settlement ? s.overage?.overageAmount : undefined;
    const input: RedeemInput = {
      clientId: cart.clientId,
      ...(pass ? { passId: pass.id } : { customerId: customer.customer.id }),
      items: cart.lines.map((l) => ({ itemId: l.itemId, quantity: String(l.quantity) })),
      ...(settlement ? { overageSettlement: settlement } : {}),
      ...(settlement === 'now' ? { paymentMethod: paymentMethod ?? 'cash' } : {}),
      expected: { credits: shown, ...(agreed !== undefined ? { overageAmount: agreed } : {}) },
    };
    const made = (result: RedeemResult, sent: { lines: LastRedemption['lines']; customer: CustomerDetail; pass: PassView | null }): LastRedemption => ({
      result, customerId: sent.customer.customer.id, customerName: sent.customer.customer.name, passId: sent.pass?.id ?? null,
      unit: sent.pass?.creditUnit ?? useApp.getState().shop?.creditUnit ?? 'credit',
      // dated as the ledger dated it (its clock may hold a write at its last instant), else by this screen's clock
      lines: sent.lines, at: result.at ? Date.parse(result.at) : useApp.getState().now(), undoClientId: newClientId(), undone: false,
      customerCode: sent.customer.customer.code, planName: sent.pass?.planName ?? '', lots: [],
    });
    try {
      const result = await api.counter.redeem(input);
      if (unsettledRedemption?.input.clientId === cart.clientId) unsettledRedemption = null;
      // the cashier may have moved on (Esc, the next card) while it was on its way: the redemption is made and
      // stays the one Alt+U undoes and Alt+R prints, but the next customer's screen and cart are left alone
      const stillHere = get().cart.clientId === cart.clientId;
      const last = made(result, { lines, customer, pass });
      if (!stillHere) {
        const unit = last.unit;
        const locale = useApp.getState().shop?.locale ?? 'en-US';
        // said and shown: the cashier is looking at the next customer, and a screen reader's words are soon replaced
        const what = `${customer.customer.name}’s redemption went through: ${creditsWithUnit(result.balanceBefore, unit, locale)} → ${creditsWithUnit(result.balanceAfter, unit, locale)}. Alt+U undoes it while the window is open.`;
        set({ last, undoError: null, elsewhere: what });
        get().say(what);
        // that customer is on screen again (Esc, then the same card): show the balance the ledger has now
        if (get().customer?.customer.id === customer.customer.id) await get().refreshCustomer();
        await keepReceiptCurrent(result.redemptionId, result.passId);
        return;
      }
      set({ redeeming: false, cart: emptyCart(), overage: null, last, undoError: null });
      // the words of the badge the screen shows beside the result (offer a top-up)
      const low = lowWords(result.lowBalance, result.balanceAfter);
      get().say(`Redeemed. Balance was ${spoken(result.balanceBefore)}, now ${spoken(result.balanceAfter)}.${overageWords(result.overage)}${low ? ` ${low}` : ''}`);
      await get().refreshCustomer();
      await keepReceiptCurrent(result.redemptionId, result.passId);
    } catch (err) {
      const e = err as ApiError;
      // the answer was lost: this request as sent may be in the ledger; keep it to ask again (see CONFLICT below)
      if (lostAnswer(err) && unsettledRedemption?.input.clientId !== cart.clientId) unsettledRedemption = { input, lines, customer, pass };
      if (get().cart.clientId !== cart.clientId) {
        // not this screen's cart any more: say what happened to it where the cashier will see it
        const d = (e instanceof ApiError ? e.details ?? {} : {}) as Partial<InsufficientCreditsDetails>;
        const locale = useApp.getState().shop?.locale ?? 'en-US';
        const unit = pass?.creditUnit ?? useApp.getState().shop?.creditUnit ?? 'credit';
        const what = e instanceof ApiError && e.code === 'INSUFFICIENT_CREDITS'
          ? `Nothing was redeemed for ${customer.customer.name}: the pass has ${creditsWithUnit(String(d.has ?? '0'), unit, locale)}, the cart needed ${creditsWithUnit(String(d.needs ?? '?'), unit, locale)}. Open ${customer.customer.name} again to ring it up.`
          : lostAnswer(err)
            // the cart is gone, so a retry would be a new request: look before ringing it again
            ? `Passbook did not answer about ${customer.customer.name}’s redemption, so it may or may not have gone through. Open ${customer.customer.name} and check the last redemptions before ringing it again.`
            : `Nothing was redeemed for ${customer.customer.name}: ${plain(err)}`;
        set({ elsewhere: what });
        get().say(what);
        return;
      }
      if (e instanceof ApiError && e.code === 'INSUFFICIENT_CREDITS') {
        const d = (e.details ?? {}) as Partial<InsufficientCreditsDetails>;
        const offer: OverageOffer = { has: String(d.has ?? '0'), needs: String(d.needs ?? '?'), policy: d.overagePolicy === 'allow' ? 'allow' : 'block' };
        if (d.overagePolicy === 'allow') { offer.overageCredits = d.overageCredits; offer.overageAmount = d.overageAmount; offer.accountAllowed = d.accountAllowed !== false; }
        // an offer that changed since the customer agreed (d.changed) is made again, saying so
        set({ redeeming: false, overage: offer, redeemError: offer.policy === 'block' || (d as { changed?: boolean }).changed ? e.message : null });
        // the pass may have changed elsewhere (another counter, the owner): the panel shows what the refusal counted
        void get().refreshCustomer();
        return;
      }
      if (changedMeanwhile(e)) {
        // the owner changed a rate since this counter read the catalog: read it again (the cart says what changed)
        set({ redeeming: false, overage: null, redeemError: null });
        await get().loadCatalog();
        const cartSays = get().redeemError; // what changed in the cart, said by loadCatalog
        set({ redeemError: cartSays ? `${e.message} ${cartSays}` : e.message });
        return;
      }
      if (conflictReason(e) === '') {
        // this cart's id already went through with other contents: the request whose answer was lost. Asking for
        // exactly that request again returns what the ledger made of it, which becomes the result Undo and the receipt use
        const sent = unsettledRedemption?.input.clientId === cart.clientId ? unsettledRedemption : null;
        let first: RedeemResult | null = null;
        if (sent) { try { first = await api.counter.redeem(sent.input); } catch { first = null; } }
        if (sent && first) {
          unsettledRedemption = null;
          const locale = useApp.getState().shop?.locale ?? 'en-US';
          const what = sent.lines.map((l) => `${credits(String(l.quantity), locale)}× ${l.name}`).join(', ');
          set({
            redeeming: false, cart: emptyCart(), overage: null, last: made(first, sent), undoError: null,
            redeemError: `That sale had already gone through (${what}${sent.pass && sent.pass.id !== pass?.id ? `, on ${sent.pass.planName}` : ''}). The changes since were not rung up: ring them up as a new sale if they are wanted.`,
          });
          get().say(`That sale had already gone through. Balance now ${spoken(first.balanceAfter)}.`);
          await get().refreshCustomer();
          await keepReceiptCurrent(first.redemptionId, first.passId);
          return;
        }
        set({ redeeming: false, cart: emptyCart(), redeemError: 'That sale had already gone through (the screen shows the ledger’s balance now). Check the last redemptions before ringing it again.' });
        await get().refreshCustomer();
        return;
      }
      set({ redeeming: false, redeemError: plain(err) });
      // it may have gone through: the balance on screen is the ledger's as soon as Passbook answers again. A pass the
      // owner cancelled meanwhile: the panel stops showing it as active
      if (lostAnswer(err) || refusedByChange(err)) await get().refreshCustomer();
    }
  },

  cancelOverage() {
    set({ overage: null, redeemError: null });
  },

  async sellForCash({ key, items, paymentMethod, total }) {
    try {
      // the total on the Charge button: the ledger charges it or nothing (a price the owner changed meanwhile)
      const sale = await sendKept(`cash:${key}`, (clientId) => api.counter.cashSale({ clientId, items, paymentMethod, ...(total ? { expectedTotal: total } : {}) }));
      const shop = useApp.getState().shop;
      get().say(`Sold without a pass: ${shop ? money(sale.total, shop) : sale.total} taken (${sale.paymentMethod}).`);
      return { sale };
    } catch (err) {
      if (changedMeanwhile(err)) await get().loadCatalog(); // the dialog's lines and total show the prices now
      return { error: plain(err) };
    }
  },

  async undoCashSale(sale) {
    try {
      const undone = await sendKept(`cash-undo:${sale.saleId}`, (clientId) => api.counter.undoCashSale({ clientId, saleId: sale.saleId }));
      get().say(cashBackWords(undone));
      return { sale: undone };
    } catch (err) {
      const closed = err instanceof ApiError && ['UNDO_WINDOW_PASSED', 'ALREADY_VOIDED'].includes(err.code);
      return { error: plain(err), closed };
    }
  },

  async undoPurchase() {
    const { lastPurchase: lp, purchaseUndoing, confirmation, customer } = get();
    if (!lp || !lp.bought || lp.kind === 'settlement' || purchaseUndoing || !confirmation || customer?.customer.id !== lp.customerId) return;
    // a second Alt+U: said, and not passed on to the redemption before it
    if (lp.undone) { get().say(`This ${lp.kind === 'sale' ? 'sale' : 'top-up'} is undone already.`); return; }
    set({ purchaseUndoing: true, purchaseUndoError: null });
    try {
      const after = await api.passes.undoPurchase({ clientId: lp.undoClientId, passId: lp.passId, lotId: lp.bought.lotId });
      const what = `${lp.kind === 'sale' ? 'Sale' : 'Top-up'} undone: ${handBack(after.undone.refunded, after.undone.paymentMethod)}.`;
      const still = get().lastPurchase === lp;
      // the refund slip's figures: what went back, and the pass as the ledger holds it after
      const undone = { ...after.undone, at: new Date(useApp.getState().now()).toISOString() };
      set({ purchaseUndoing: false, ...(still ? { lastPurchase: { ...lp, undone, balanceAfter: after.balance, lots: after.lots }, confirmation: what } : {}) });
      get().say(`${what}${lp.kind === 'sale' ? ' The pass is cancelled.' : ''}`);
      if (get().customer?.customer.id === lp.customerId) await get().refreshCustomer();
    } catch (err) {
      const closed = err instanceof ApiError && ['UNDO_WINDOW_PASSED', 'PASS_CLOSED', 'CONFLICT'].includes(err.code);
      set({ purchaseUndoing: false, purchaseUndoError: plain(err), ...(closed && get().lastPurchase === lp ? { lastPurchase: { ...lp, undoClosed: true } } : {}) });
      get().say(plain(err));
      // refused (used since, at another till) or unanswered: show the pass as the ledger holds it now
      if (get().customer?.customer.id === lp.customerId) await get().refreshCustomer();
    }
  },

  async undoLast() {
    const { last, undoing, customer } = get();
    if (!last || undoing) return;
    // a second Alt+U (or a second tap) undoes nothing more: said, as a purchase's second undo is, not silence
    if (last.undone) { get().say('The last redemption is undone already.'); return; }
    if (customer && customer.customer.id !== last.customerId) {
      // another customer is on screen: undo nothing, but say why nothing happened
      const what = `The last redemption was ${last.customerName}’s: open ${last.customerName} to undo it.`;
      set({ elsewhere: what });
      get().say(what);
      return;
    }
    set({ undoing: true, undoError: null });
    try {
      const undo = await api.counter.undo({ clientId: last.undoClientId, redemptionId: last.result.redemptionId });
      set({ undoing: false, last: { ...last, undone: true, undo } });
      const shop = useApp.getState().shop;
      const { giveBack } = shop ? moneyBackText(undo, shop) : { giveBack: null };
      get().say(`The last redemption was undone; the credits are back on the pass, now ${spoken(undo.balanceAfter)}.${giveBack ? ` ${giveBack}.` : ''}`);
      if (get().customer?.customer.id === last.customerId) await get().refreshCustomer();
      // the receipt says what the pass holds after the undo, whether or not the customer is still open
      await keepReceiptCurrent(last.result.redemptionId, last.result.passId);
    } catch (err) {
      const closed = err instanceof ApiError && ['UNDO_WINDOW_PASSED', 'ALREADY_VOIDED', 'CONFLICT', 'PASS_CLOSED'].includes(err.code);
      set({ undoing: false, undoError: plain(err), ...(closed ? { last: { ...last, undoClosed: true } } : {}) });
      if (closed && get().customer?.customer.id === last.customerId) await get().refreshCustomer();
    }
  },

  openDialog(d) { set({ dialog: d }); },
  closeDialog() { set({ dialog: null }); },

  async sellPass({ customerId, newCustomer, planId, paymentMethod }) {
    const seq = openSeq;
    const phone = newCustomer?.phone?.trim() ?? '';
    const who = customerId !== undefined ? `customer:${customerId}` : `new:${newCustomer?.name.trim().toLowerCase()}:${phone}`;
    const customerKey = `customer:${who}`;
    const saleKey = `sell:${who}:${planId}`;
    let sold: PassView & { bought?: Bought };
    let id = customerId;
    try {
      if (id === undefined) {
        if (!newCustomer) return 'Choose a customer or enter a new one.';
        const c = await sendKept(customerKey, (clientId) => api.customers.create({ clientId, name: newCustomer.name, ...(phone ? { phone } : {}) }));
        id = c.id;
      }
      const customer = id;
      // the price on the button: the ledger sells at it or not at all (the owner may have changed it meanwhile)
      const price = get().plans.find((p) => p.id === planId)?.salePrice;
      sold = await sendKept(saleKey, (clientId) => api.passes.sell({ clientId, customerId: customer, planId, paymentMethod, ...(price ? { expectedPrice: price } : {}) }));
    } catch (err) {
      if (changedMeanwhile(err)) await get().loadCatalog(); // the dialog's button shows the price now
      // it may have been sold: the customer on screen shows what the ledger holds as soon as Passbook answers
      if (lostAnswer(err) && customerId !== undefined && get().customer?.customer.id === customerId) await get().refreshCustomer();
      return plain(err);
    }
    try {
      const detail = await api.customers.get({ id: id! });
      if (seq !== openSeq) {
        // the cashier cancelled and moved on to the next customer meanwhile: the sale is made; say so, and leave
        // the customer now at the counter (and their cart) where they are
        get().say(`Pass sold to ${detail.customer.name}. Open ${detail.customer.name} to see it.`);
        return null;
      }
      openSeq++;
      // the same customer keeps the cart the cashier rang up (a refused cart is why a pass was sold); what was said
      // about the old pass (has 0, needs 2) is no longer true. Another customer: a fresh cart, nothing on its way
      const same = get().customer?.customer.id === detail.customer.id;
      set({
        dialog: null, customer: detail, passId: pickPass(detail, sold.id), customerLoading: false, query: '', results: [],
        ...(same ? (get().redeeming ? {} : { overage: null, redeemError: null }) : { cart: emptyCart(), redeeming: false, overage: null, redeemError: null }),
      });
      const plan = detail.passes.find((p) => p.id === sold.id)?.planName;
      const bonus = sold.bought?.bonus && sold.bought.bonus !== '0' ? `, with ${spoken(sold.bought.bonus)} free` : '';
      set({ purchaseUndoError: null, earlier: null, confirmation: `Pass sold${plan ? `: ${plan}` : ''}${bonus}.`, lastPurchase: sold.bought ? purchaseOf('sale', detail.customer, sold, { bought: sold.bought, settled: null }) : null });
      get().say(`Pass sold to ${detail.customer.name}.`);
      return null;
    } catch (err) {
      // the pass is sold; only the customer's page could not be read back
      set({ dialog: null });
      get().say('Pass sold.');
      if (get().customer?.customer.id === id) void get().refreshCustomer();
      return null;
    }
  },

  async topUp({ passId, packId, paymentMethod }) {
    // keyed by pass and pack, not by payment method: asked again after a lost answer with another method, it is a
    // changed request (refused), not a second pack
    const key = `topup:${passId}:${packId}`;
    try {
      const price = get().plans.find((p) => p.id === packId)?.price;
      const topped = await sendKept(key, (clientId) => api.passes.topUp({ clientId, passId, packId, paymentMethod, ...(price ? { expectedPrice: price } : {}) }));
      if (get().customer?.customer.id !== topped.customerId) {
        // the cashier moved on to the next customer meanwhile: the top-up is made; say whose it was, and leave the
        // customer now at the counter (their cart, dialog and messages) alone
        get().say(`Top-up added to ${topped.customerName}’s pass. Open ${topped.customerName} to see it.`);
        return null;
      }
      // a refusal for too few credits is answered by the top-up
      set({ dialog: null, ...(get().redeeming ? {} : { overage: null, redeemError: null }) });
      // the balance as read again now; if that read was overtaken by a newer one, the top-up's own answer
      const now = (await get().refreshCustomer()) ? get().customer?.passes.find((p) => p.id === passId)?.balance : topped.balance;
      const who = get().customer?.customer;
      const bought = topped.bought;
      set({
        purchaseUndoError: null,
        earlier: null,
        confirmation: `Top-up added${bought?.bonus && bought.bonus !== '0' ? ` with ${spoken(bought.bonus)} free` : ''}${now ? `: now ${spoken(now)} left` : ''}.`,
        lastPurchase: who && who.id === topped.customerId && bought ? purchaseOf('topup', who, topped, { bought, settled: null }) : null,
      });
      get().say(`Top-up added to the pass${now ? `, now ${spoken(now)} left` : ''}.`);
      return null;
    } catch (err) {
      if (lostAnswer(err) || refusedByChange(err)) await get().refreshCustomer();
      if (changedMeanwhile(err)) await get().loadCatalog();
      return plain(err);
    }
  },

  async settleOverage({ passId, amount, paymentMethod }) {
    // one payment per pass until it is answered: asked again with another amount after a lost answer, it is refused
    const key = `settle:${passId}`;
    try {
      const after = await sendKept(key, (clientId) => api.passes.settleOverage({ clientId, passId, amount, paymentMethod }));
      set({ dialog: null });
      await get().refreshCustomer();
      const shop = useApp.getState().shop;
      const who = get().customer?.customer;
      const paid = shop ? money(amount, shop) : amount;
      const still = shop && compareDecimal(after.overageDue, '0') > 0 ? `${money(after.overageDue, shop)} still owed` : 'nothing more owed';
      if (who && who.id === after.customerId) {
        // the payment's receipt (Alt+R while this shows): what was paid, how, and what is still owed
        set({
          purchaseUndoError: null,
          earlier: null,
          confirmation: `Payment taken: ${paid} (${paymentMethod}); ${still}.`,
          lastPurchase: purchaseOf('settlement', who, after, { bought: null, settled: { amount: after.settled?.amount ?? amount, paymentMethod, dueAfter: after.overageDue } }, after.settled?.at),
        });
      }
      get().say(`Overage payment taken: ${paid}; ${still}.`);
      return null;
    } catch (err) {
      if (lostAnswer(err)) await get().refreshCustomer();
      return plain(err);
    }
  },

  async updateCustomer(fields) {
    const who = get().customer?.customer;
    if (!who) return { message: 'No customer is open.' };
    try {
      const c = await sendKept(`edit:${who.id}`, (clientId) => api.customers.update({ clientId, id: who.id, ...fields }));
      set({ dialog: null });
      await get().refreshCustomer();
      get().say(`Saved ${c.name}'s details.`);
      return null;
    } catch (err) {
      if (lostAnswer(err)) await get().refreshCustomer();
      const field = err instanceof ApiError && err.code === 'VALIDATION' ? (err.details as { field?: unknown; issues?: Array<{ path: string }> } | undefined) : undefined;
      const name = typeof field?.field === 'string' ? field.field : field?.issues?.[0]?.path;
      return name ? { message: plain(err), field: name } : { message: plain(err) };
    }
  },

  async replaceCard({ reason, code }) {
    const who = get().customer?.customer;
    if (!who) return { error: 'No customer is open.' };
    // one replacement per customer until it is answered: a retry after a lost answer is the same request, never a third card
    try {
      const r = await sendKept(`card:${who.id}`, (clientId) => api.customers.replaceCard({ clientId, id: who.id, reason, ...(code ? { code } : {}) }));
      await get().refreshCustomer();
      get().say(`New card for ${r.customer.name}: ${r.customer.code}. Card ${r.replaced.code} no longer works.`);
      return { oldCode: r.replaced.code };
    } catch (err) {
      if (lostAnswer(err)) await get().refreshCustomer();
      return { error: plain(err) };
    }
  },

  // the one place the counter speaks to a screen reader (one live region: CounterScreen). The same sentence twice in a
  // row (a second top-up) would change nothing in the page and be silent: it is cleared first, then said again.
  startOver(message) {
    clearTimeout(searchTimer);
    // answers on their way were read from the ledger before: dropped when they come
    searchSeq += 1; openSeq += 1; refreshSeq += 1;
    heldItems = { seq: -1, ids: [] }; heldKeys = null; pendingQuery = null;
    unanswered.clear();
    unsettledRedemption = null;
    set({ ...freshCounter(), elsewhere: message });
    void get().loadCatalog();
  },

  say(text) {
    saidAt = performance.now();
    clearTimeout(sayTimer);
    if (get().notice !== text) { set({ notice: text }); return; }
    set({ notice: '' });
    sayTimer = setTimeout(() => set({ notice: text }), 60);
  },
}));

let sayTimer: ReturnType<typeof setTimeout> | undefined;
/** when say() last spoke (performance.now()) */
let saidAt = -Infinity;
/** The counter's sentence if it was said less than `ms` ago, else null (a dialog opened just after it says it too). */
export function saidWithin(ms: number): string | null {
  const { notice } = useCounter.getState();
  return notice && performance.now() - saidAt < ms ? notice : null;
}

/** What the cashier hands back for an undone sale without a pass: "Undone: hand back $11.50 in cash." */
export function cashBackWords(sale: CashSale): string {
  return `Undone: ${handBack(sale.total, sale.paymentMethod)}.`;
}

/** "hand back $50.00 to the card": money going back the way it came */
function handBack(amount: string, method: PaymentMethod): string {
  const shop = useApp.getState().shop;
  const how = method === 'cash' ? 'in cash' : method === 'card' ? 'to the card' : '(other)';
  return `hand back ${shop ? money(amount, shop) : amount} ${how}`;
}

/** A sale's, top-up's (`bought`) or payment on account's (`settled`) receipt, from the pass the ledger answered with. */
function purchaseOf(kind: LastPurchase['kind'], customer: CustomerDetail['customer'], pass: PassView, paper: Pick<LastPurchase, 'bought' | 'settled'>, paidAt?: string): LastPurchase {
  // dated when the ledger wrote it (the new lot's grant, the payment's time); by this screen's clock only for the
  // replayed answer of a request made before Passbook gave the payment's time
  const at = paidAt ?? (paper.bought && pass.lots.find((l) => l.id === paper.bought!.lotId)?.grantedAt) ?? new Date(useApp.getState().now()).toISOString();
  return {
    kind, customerId: customer.id, customerName: customer.name, customerCode: customer.code, passId: pass.id, planName: pass.planName,
    unit: pass.creditUnit, at, ...paper, balanceAfter: pass.balance, lots: pass.lots, undoClientId: newClientId(), undone: null,
  };
}

/** What the cashier sees when a customer opens, said: name, pass, balance, and what needs attention. */
function openedWords(detail: CustomerDetail, passId: number | null): string {
  const shop = useApp.getState().shop;
  const pass = detail.passes.find((p) => p.id === passId);
  if (!pass) return `${detail.customer.name}: no pass yet.`;
  const locale = shop?.locale ?? 'en-US';
  const parts = [`${detail.customer.name}. ${pass.planName}: ${creditsWithUnit(pass.balance, pass.creditUnit, locale)} left.`];
  if (pass.status !== 'active') parts.push(`This pass is ${pass.status}.`);
  else if (pass.lowBalance.low) parts.push(lowWords(pass.lowBalance, pass.balance));
  if (shop && compareDecimal(pass.overageDue, '0') > 0) parts.push(`${money(pass.overageDue, shop)} overage on account.`);
  const others = detail.passes.filter((p) => p.id !== pass.id && p.status === 'active').length;
  if (others > 0) parts.push(`${others} more active ${others === 1 ? 'pass' : 'passes'}.`);
  return parts.join(' ');
}

function setCustomer(detail: CustomerDetail) {
  // (called for the open that is current: items keyed during another open are not this customer's)
  const held = heldItems.seq === openSeq ? heldItems.ids : [];
  heldItems = { seq: -1, ids: [] };
  const prev = useCounter.getState();
  if (heldKeys && heldKeys.customerId !== detail.customer.id) heldKeys = null;
  const same = prev.customer?.customer.id === detail.customer.id;
  const passId = pickPass(detail, same ? prev.passId : null);
  useCounter.setState({
    customer: detail,
    passId,
    customerLoading: false, customerError: null, query: '', results: [], highlight: -1, searchError: null, searchFailed: false, searchReplaced: false,
    // another customer: a new cart; one still on its way is reported when its answer comes (see redeem)
    ...(same ? {} : { cart: emptyCart(), redeeming: false, redeemError: null, overage: null, confirmation: null, purchaseUndoError: null, earlier: null }),
  });
  for (const id of held) useCounter.getState().addItem(id);
  // the focus stays in the search box: a screen-reader cashier hears who opened and what is left (a refresh is
  // silent), then the items keyed while they opened (said after, or the cart's words would replace who it is)
  if (!same) prev.say(held.length ? `${openedWords(detail, passId)} ${cartWords(useCounter.getState(), null)}` : openedWords(detail, passId));
}

// an open that ends any other way (refused, cancelled by typing on, the counter closed) drops what was keyed for it
useCounter.subscribe((s, prev) => { if (prev.customerLoading && !s.customerLoading) heldItems = { seq: -1, ids: [] }; });

/**
 * Keys held while the first catalog was on its way, now that the items are known: a scan (ending in Enter) is searched
 * for as if typed now; otherwise item keys ring items up and other keys are search text, as they would have been. An
 * Enter after item keys is not replayed: the cashier sees the cart and redeems it with their own Enter.
 */
function replayKeys(keys: Array<{ key: string; t: number }>, items: ItemRow[]): void {
  const st = useCounter.getState;
  const enter = keys.findIndex((k) => k.key === 'Enter');
  if (enter >= SCAN_MIN_KEYS && !st().query && (keys[enter - 1]!.t - keys[0]!.t) / (enter - 1) < SCANNER_GAP_MS) {
    st().setQuery(keys.slice(0, enter).map((k) => k.key).join(''));
    void st().submitSearch();
    return;
  }
  for (const k of keys) {
    const s = st();
    if (k.key === 'Enter') { if (s.query.trim()) void s.submitSearch(); continue; }
    const item = s.customer && !s.query ? items.find((i) => i.hotkey && i.hotkey.length === 1 && i.hotkey.toLowerCase() === k.key.toLowerCase()) : undefined;
    if (item) s.addItem(item.id); else s.setQuery(s.query + k.key);
  }
}
