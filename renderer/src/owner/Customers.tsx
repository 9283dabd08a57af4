// Customers: the whole list (100k rows: virtual scrolling over pages fetched as they come into view) with
// balance, next expiry and overage due; filters low / expiring / owing; a customer's detail with passes,
// lots, paged history and the owner's corrections (adjust, void, refund/cancel), each with a reason.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { api, conflictReason, newClientId } from '../api/client';
import type { CustomerDetail, PassView, ReplaceReason } from '../api/types';
import QRCode from 'qrcode';
import { usePrint, type RefundJob } from '../store/print';
import type { OutputOf } from '../../../core/contract';
import { compareDecimal, credits as fmtCredits, dateTime, money as fmtMoney, moneyBackText, shortDate, unitLabel, validThrough } from '../lib/format';
import { Modal } from '../counter/Modal';
import { Decimal } from '../../../core/money/decimal';
import { useApp } from '../store/app';
import { errorText, fieldErrors, owner, refusal, useOwner, type CustomerFilter, type CustomerListView, type CustomerSort } from './store';
import { Credits, ErrorLine, Field, Money, SectionHead, Select, useNarrow, useShop, withoutKey } from './ui';
import { example, fromInput, toInput } from '../lib/amountInput';
import { useCustomerForm } from '../lib/customerForm';
import { TransferDialog } from './TransferDialog';
import { ExtendDialog } from './ExtendDialog';
import { UndoExtensionDialog } from './UndoExtensionDialog';
import { ForgetDialog } from './ForgetDialog';
import { MergeDialog } from './MergeDialog';

type Row = OutputOf<'owner.customers'>['rows'][number];
type NextEnd = NonNullable<PassView['nextEnd']>;

/** "5 roll over, 10 expire" / "all 15 roll over" / "15 expire": what the period close does at a pass's next end. */
function endSplit(e: Pick<NextEnd, 'rollsOver' | 'expires'>, locale: string): string {
  const n = (x: string) => fmtCredits(x, locale);
  // the counter's wording: "1 expires", "2 expire"
  const verb = (x: string, one: string, many: string) => (compareDecimal(x, '1') === 0 ? one : many);
  if (compareDecimal(e.rollsOver, '0') === 0) return `${n(e.expires)} ${verb(e.expires, 'expires', 'expire')}`;
  if (compareDecimal(e.expires, '0') === 0) return compareDecimal(e.rollsOver, '1') === 0 ? '1 rolls over' : `all ${n(e.rollsOver)} roll over`;
  return `${n(e.rollsOver)} ${verb(e.rollsOver, 'rolls', 'roll')} over, ${n(e.expires)} ${verb(e.expires, 'expires', 'expire')}`;
}

type Filter = CustomerFilter;
const PAGE = 100;
/** a list row's height: one line of columns; in the narrow layout (owner.css) three lines, customer and balance,
 *  pass and owing, valid through with what rolls over */
const ROW = 52;
const ROW_NARROW = 124;

export function CustomersScreen() {
  const customerId = useOwner((s) => s.customerId);
  return customerId ? <CustomerView key={customerId} id={customerId} /> : <CustomerList />; // a new customer starts with no pass chosen
}

const SCROLL_SETTLE_MS = 150;

function CustomerList() {
  const shop = useShop();
  // as the owner left the list: kept in the store while a customer is open
  const { query, filter, sort } = useOwner((s) => s.customerList);
  const setList = (change: Partial<CustomerListView>) => useOwner.setState((s) => ({ customerList: { ...s.customerList, ...change } }));
  const setQuery = (q: string) => setList({ query: q, opened: null });
  const setFilter = (f: Filter) => setList({ filter: f, opened: null });
  const setSort = (so: CustomerSort) => setList({ sort: so, opened: null });
  const [total, setTotal] = useState<number | null>(null);
  // the list the total was counted for, and the one asked for: another filter or search says "Loading…" until its own
  // count comes, not the old one's "0 customers · No customers match."
  const [totalGen, setTotalGen] = useState(-1);
  const [wantedGen, setWantedGen] = useState(0);
  const [pages, setPages] = useState<Map<number, Row[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const loading = useRef(new Set<string>());
  const [answered, setAnswered] = useState(0); // a page's answer came (or failed): ask for the next one needed
  const gen = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);

  const fetchPage = useCallback(async (page: number, g: number, q: string, f: Filter, so: typeof sort) => {
    // in flight per list (generation): an answer for an old filter must not free the new one's page
    const key = `${g}:${page}`;
    if (loading.current.has(key)) return;
    loading.current.add(key);
    let ok = false;
    try {
      const r = await owner(api.owner.customers({ query: q, filter: f, sort: so, offset: page * PAGE, limit: PAGE }));
      if (g !== gen.current) return;
      setTotal(r.total);
      setTotalGen(g);
      setPages((m) => new Map(m).set(page, r.rows));
      setError(null);
      ok = true;
    } catch (err) {
      if (g === gen.current) setError(errorText(err));
    } finally {
      loading.current.delete(key);
      // the next page needed is asked for after an answer; a failure waits for the owner to scroll again
      if (ok) setAnswered((n) => n + 1);
    }
  }, []);

  useEffect(() => {
    gen.current += 1;
    const g = gen.current;
    setWantedGen(g);
    loading.current.clear();
    setPages(new Map());
    // back from a customer: that row's page first, and the list scrolled to it
    const back = useOwner.getState().customerList.opened;
    const first = back ? Math.floor(back.index / PAGE) : 0;
    const t = window.setTimeout(() => void fetchPage(first, g, query, filter, sort), query && !back ? 150 : 0);
    if (!back) scroller.current?.scrollTo({ top: 0 });
    return () => window.clearTimeout(t);
  }, [query, filter, sort, fetchPage]);

  const count = total ?? 0;
  const rowHeight = useNarrow() ? ROW_NARROW : ROW;
  const v = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 10 });
  useEffect(() => { v.measure(); }, [v, rowHeight]);
  const items = v.getVirtualItems();
  // pages are asked for once the scrolling stops, one at a time, for the rows then on screen: a quick scroll through
  // 100k customers sorted by a figure queued dozens of one-second queries, and the counter waited behind them
  useEffect(() => {
    const t = window.setTimeout(() => {
      if ([...loading.current].some((k) => k.startsWith(`${gen.current}:`))) return; // asked again when that answer comes
      const need = [...new Set(items.map((i) => Math.floor(i.index / PAGE)))].find((p) => !pages.has(p));
      if (need !== undefined) void fetchPage(need, gen.current, query, filter, sort);
    }, SCROLL_SETTLE_MS);
    return () => window.clearTimeout(t);
  }, [items, pages, answered, fetchPage, query, filter, sort]);

  const rowAt = (i: number): Row | undefined => pages.get(Math.floor(i / PAGE))?.[i % PAGE];
  const open = (id: number, index: number) => {
    setList({ opened: { id, index } });
    useOwner.getState().openCustomer(id);
  };
  // back from a customer: once the list is counted, scroll to the row opened; once it is drawn, focus it (Tab and
  // the arrow keys go on from there). If the list changed meanwhile, the Find box has the focus instead.
  // Used once: a later visit to Customers (from another section) is not a return, and leaves the focus where it is.
  const returning = useRef(useOwner.getState().customerList.opened);
  const counted = total !== null && totalGen === wantedGen;
  useEffect(() => {
    const back = returning.current;
    if (!back || !counted) return;
    const done = () => { returning.current = null; setList({ opened: null }); };
    // by the data, not the page: a row far down is loaded before the list has drawn it there
    const there = back.index < count ? rowAt(back.index) : undefined;
    if (back.index >= count || (there !== undefined && there.id !== back.id)) {
      // the list reads otherwise now (that customer forgotten, or moved by the sort): the Find box
      document.getElementById('ocust-q')?.focus();
      done();
      return;
    }
    if (there === undefined) return; // its page is on its way
    v.scrollToIndex(back.index, { align: 'center' });
    const row = scroller.current?.querySelector<HTMLElement>(`[data-customer-id="${back.id}"]`);
    if (row) { row.focus(); done(); } // else drawn on the next pass (items change as the list scrolls)
  }, [counted, count, pages, items, v]);

  return (
    <section className="ocustomers" aria-labelledby="customers-title">
      <SectionHead title="Customers" id="customers-title">
        <span className="muted" role="status" aria-live="polite">{total === null || totalGen !== wantedGen ? 'Loading…' : `${total.toLocaleString(shop.locale)} customer${total === 1 ? '' : 's'}`}</span>
      </SectionHead>
      <div className="otoolbar">
        <div className="field ofield grow">
          <label htmlFor="ocust-q">Find</label>
          <input id="ocust-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, phone or card code" autoComplete="off" />
        </div>
        <div className="otabs" role="group" aria-label="Show">
          {([['all', 'All'], ['low', 'Low balance'], ['expiring', 'Ending in 14 days'], ['owing', 'Owing']] as Array<[Filter, string]>).map(([k, label]) => (
            <button key={k} type="button" aria-pressed={filter === k} onClick={() => setFilter(k)}>{label}</button>
          ))}
        </div>
        <Select label="Sort by" name="sort" value={sort} onChange={(x) => setSort(x as CustomerSort)} options={[
          { value: 'name', label: 'Name' }, { value: 'balance', label: 'Balance (lowest first)' }, { value: 'nextExpiry', label: 'Next expiry' },
          { value: 'overageDue', label: 'Overage due' }, { value: 'newest', label: 'Newest' },
        ]} />
      </div>
      <ErrorLine error={error} />
      {/* a row is one button, read as one line: each cell after the name carries its column's name, visually hidden */}
      <div className="olist-head" aria-hidden="true">
        <span>Customer</span><span>Pass</span><span className="r">Balance</span><span>Valid through</span><span className="r">Owing</span>
      </div>
      <div ref={scroller} className="olist" data-testid="customer-list">
        {count === 0 && counted && (query || filter !== 'all' ? <p className="empty">No customers match.</p> : (
          // a new shop: nothing was searched, so say where to begin rather than that nothing matched
          <div className="empty">
            <p>No customers yet.</p>
            <p>Start in <button type="button" className="btn btn-small" onClick={() => useOwner.getState().setSection('catalog')}>Plans &amp; items</button>: add what you sell, then a plan.
              The counter then sells the first pass and adds its customer (Alt+N).</p>
          </div>
        ))}
        <ul style={{ height: v.getTotalSize() }} aria-label="Customers">
          {items.map((it) => {
            const r = rowAt(it.index);
            return (
              <li key={it.key} style={{ transform: `translateY(${it.start}px)`, height: rowHeight }} aria-setsize={count} aria-posinset={it.index + 1}>
                {r ? (
                  <button type="button" className="olist-row" data-customer-id={r.id} onClick={() => open(r.id, it.index)}>
                    <span><strong>{r.name}</strong><span className="sub">{r.code}{r.phone ? ` · ${r.phone}` : ''}</span></span>
                    <span>{r.planName ?? <span className="muted">no active pass</span>}{r.activePasses > 1 ? ` +${r.activePasses - 1}` : ''}</span>
                    <span className="r"><span className="sr-only">Balance: </span><Credits value={r.balance} unit={r.creditUnit} />{r.low && <span className="badge badge-warn">low</span>}</span>
                    {r.nextExpiry ? (
                      <span className="onext-end">
                        <span><span className="sr-only">Valid through: </span>{validThrough(r.nextExpiry.expiresAt, shop, useApp.getState().now())} <span className="sub">(<Credits value={r.nextExpiry.credits} />)</span></span>
                        <span className="sub" data-testid="row-next-end">{endSplit(r.nextExpiry, shop.locale)}</span>
                      </span>
                    ) : <span><span className="sr-only">Valid through: </span><NoneMark /></span>}
                    <span className="r"><span className="sr-only">Owing: </span>{r.overageDue !== '0.00' && !/^0(\.0+)?$/.test(r.overageDue) ? <span className="badge badge-bad"><Money value={r.overageDue} /></span> : <NoneMark />}</span>
                  </button>
                ) : <div className="olist-row placeholder">Loading…</div>}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

/** An empty cell's dash, read as "none" (a screen reader reads "—" as nothing, or as "em dash"). */
function NoneMark() {
  return <><span className="muted" aria-hidden="true">—</span><span className="sr-only">none</span></>;
}

type History = OutputOf<'owner.history'>;
/**
 * An owner correction, asked in ActionDialog. refundTopUp: what is left of one top-up lot, the pass staying open;
 * refundCredits: some of the pass's paid credits, the pass staying open.
 */
type Action = { kind: 'adjust' | 'settle' | 'promo'; pass: PassView } | { kind: 'void'; redemptionId: number; label: string; unit: string; credits: string }
  | { kind: 'refund'; pass: PassView; paidBy: PaidBy }
  | { kind: 'refundTopUp'; pass: PassView; lot: Lots[number]; bonusLeft: string | null }
  | { kind: 'refundCredits'; pass: PassView; paidLeft: string; paidBy: PaidBy };
type Lots = OutputOf<'owner.lots'>['lots'];
type PaidBy = Lots[number]['paidBy'];

/** How the pass itself was paid (its sale's way): a refund of it goes back that way unless the owner says otherwise. */
const saleMethodOf = (lots: Lots): PaidBy => lots.find((l) => l.source === 'sale')?.paidBy ?? null;
const METHOD_WORDS = { cash: 'cash', card: 'card', other: 'another way' } as const;

/** What is left of the bonus that came with a top-up (its refund takes it too), or null when none is. */
function bonusLeftOf(lots: Lots, lotId: number): string | null {
  const left = lots.filter((b) => b.source === 'promo' && b.parentLotId === lotId && b.state === 'live')
    .reduce((n, b) => n.plus(b.remaining), new Decimal(0));
  return left.gt(0) ? left.toFixed() : null;
}

/** Credits of the live lots that were paid for (a refund of some credits pays back only these; free ones stay). */
function paidLeftOf(lots: Lots): string {
  return lots.filter((l) => l.state === 'live' && new Decimal(l.paid).gt(0)).reduce((n, l) => n.plus(l.remaining), new Decimal(0)).toFixed();
}

/** When a gift without a number of days ends (core/passes/promo.ts givePromo): with the pass's period, or never. */
const promoDefaultEnd = (pass: PassView): string =>
  pass.validity === 'none' ? 'empty: they never end, as this pass\u2019s credits' : `empty: to the end of this ${pass.validity === 'days' ? 'period' : pass.validity} of the pass`;
const HISTORY_PAGE = 25;

const KIND_LABEL: Record<string, string> = {
  sale: 'Pass sold', brought_over: 'Brought over', topup: 'Top-up', allocation: 'Period allocation', rollover: 'Rolled over', promo: 'Free credits',
  redeem: 'Redeemed', undo: 'Undone', void: 'Voided', adjust: 'Adjustment', refund: 'Refund', expire: 'Expired', settlement: 'Overage paid', extend: 'Extended', extend_undo: 'Extension taken back',
  method: 'Paid another way', merge: 'Customers merged',
};

function CustomerView({ id }: { id: number }) {
  const shop = useShop();
  const [detail, setDetail] = useState<CustomerDetail | null>(null);
  const [passId, setPassId] = useState<number | null>(null);
  const [page, setPage] = useState(0);
  // the lots and history read for one pass and page: another pass clicked shows neither until its own come (their
  // Refund… and Undo extension… would act on the pass before), and an older answer arriving late is dropped
  const [loaded, setLoaded] = useState<{ key: string; lots: Lots; history: History } | null>(null);
  const passSeq = useRef(0);
  const passKey = `${passId ?? ''}:${page}`;
  const fresh = loaded !== null && loaded.key === passKey;
  const lots = fresh ? loaded.lots : [];
  const history = fresh ? loaded.history : null;
  const [error, setError] = useState<string | null>(null);
  // what the last change said, and for a refund the slip the owner may print for the customer and the till
  const [notice, setNoticeText] = useState<{ text: string; slip: RefundJob | null } | null>(() => {
    const text = useOwner.getState().customerNotice; // a merge done on the duplicate's page says what it did here
    return text ? { text, slip: null } : null;
  });
  useEffect(() => { if (useOwner.getState().customerNotice) useOwner.setState({ customerNotice: null }); }, []);
  const setNotice = (text: string, slip: RefundJob | null = null) => setNoticeText({ text, slip });
  const [action, setAction] = useState<null | Action>(null);
  const [transferOf, setTransferOf] = useState<PassView | null>(null);
  const [extendOf, setExtendOf] = useState<PassView | null>(null);
  const [undoExtensionOf, setUndoExtensionOf] = useState<PassView | null>(null);
  const [editing, setEditing] = useState(false);
  const [replacing, setReplacing] = useState(false);
  const [forgetting, setForgetting] = useState(false);
  const [merging, setMerging] = useState(false);

  const load = useCallback(async () => {
    try {
      const d = await owner(api.customers.get({ id }));
      setDetail(d);
      setPassId((p) => (p && d.passes.some((x) => x.id === p) ? p : d.passes[0]?.id ?? null));
      setError(null);
    } catch (err) { setError(errorText(err)); }
  }, [id]);
  useEffect(() => { void load(); }, [load]);
  // opened from a list row or a link, which this view replaced: the focus would be on nothing, no ring and Tab
  // starting over from the top. The customer's name takes it (read out; Tab goes on to Back to customers).
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      if (document.activeElement && document.activeElement !== document.body) return;
      const title = document.getElementById('customer-title');
      if (!title) return;
      title.tabIndex = -1;
      title.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, []);

  const ready = detail !== null;
  const loadPass = useCallback(async () => {
    if (!ready) return; // the pass is chosen once the customer is read: one history call, not one without it first
    const seq = ++passSeq.current;
    try {
      const h = await owner(api.owner.history({ customerId: id, offset: page * HISTORY_PAGE, limit: HISTORY_PAGE, ...(passId ? { passId } : {}) }));
      const l = passId ? (await owner(api.owner.lots({ passId }))).lots : [];
      if (seq === passSeq.current) setLoaded({ key: `${passId ?? ''}:${page}`, lots: l, history: h });
    } catch (err) { if (seq === passSeq.current) setError(errorText(err)); }
  }, [id, passId, page, ready]);
  useEffect(() => { void loadPass(); }, [loadPass]);

  const pass = detail?.passes.find((p) => p.id === passId) ?? null;
  const done = async (msg: string, refund?: RefundSlipFacts) => {
    setAction(null);
    setNotice(msg, refund && detail ? {
      ...refund, kind: 'refund', customerName: detail.customer.name, customerCode: detail.customer.code, at: new Date(useApp.getState().now()).toISOString(),
    } : null);
    await load(); await loadPass();
  };
  const pages = history ? Math.max(1, Math.ceil(history.total / HISTORY_PAGE)) : 1;

  return (
    <section className="ocustomer" aria-labelledby="customer-title">
      <SectionHead title={detail ? detail.customer.name : 'Customer'} id="customer-title">
        <button className="btn" type="button" onClick={() => useOwner.getState().openCustomer(null)}>Back to customers</button>
        {detail && !detail.forgotten && !detail.mergedInto && <button className="btn" type="button" onClick={() => setEditing(true)}>Edit details…</button>}
        {detail && !detail.forgotten && !detail.mergedInto && <button className="btn" type="button" onClick={() => setReplacing(true)}>Replace card…</button>}
        {detail && <button className="btn" type="button" onClick={() => useOwner.setState({ section: 'statements', statementFor: id })}>Statement…</button>}
        {detail && !detail.forgotten && !detail.mergedInto && <button className="btn" type="button" onClick={() => setMerging(true)}>Same person as…</button>}
        {detail && !detail.forgotten && !detail.mergedInto && <button className="btn btn-danger-outline" type="button" onClick={() => setForgetting(true)}>Forget customer…</button>}
      </SectionHead>
      <ErrorLine error={error} />
      {notice && (
        // the words are the live region; the slip's button sits beside them, not read out with every notice
        <div className="onotice ok"><span role="status">{notice.text}</span>
          {notice.slip && <>{' '}<button className="btn btn-small" type="button" onClick={() => void usePrint.getState().print(notice.slip!)}>Print refund slip</button></>}
        </div>
      )}
      {detail && (
        <>
          <div className="oabout">
            <p className="muted">Card {detail.customer.code}{detail.customer.phone ? ` · ${detail.customer.phone}` : ''}{detail.customer.email ? ` · ${detail.customer.email}` : ''} · customer since {shortDate(detail.customer.createdAt, shop, useApp.getState().now())}</p>
            {detail.formerCards.length > 0 && (
              <p className="muted" data-testid="former-cards">
                Earlier cards, refused if scanned: {detail.formerCards.map((c) => `${c.code} (${c.reason === 'other' ? 'replaced' : c.reason} ${shortDate(c.replacedAt, shop, useApp.getState().now())})`).join(', ')}
              </p>
            )}
            {detail.customer.notes && <p className="muted" data-testid="customer-notes">Notes: {detail.customer.notes}</p>}
            {detail.forgotten && (
              <p className="muted" data-testid="customer-forgotten">
                Forgotten at their request on {shortDate(detail.forgotten.at, shop, useApp.getState().now())}: {detail.forgotten.reason}
              </p>
            )}
            {detail.mergedInto && (
              <p className="onotice" data-testid="customer-merged">
                Merged into{' '}
                <button type="button" className="linkish" onClick={() => useOwner.getState().openCustomer(detail.mergedInto!.id)}>{detail.mergedInto.name}</button>
                {' '}on {shortDate(detail.mergedInto.at, shop, useApp.getState().now())} (the same person): {detail.mergedInto.reason}. The card {detail.customer.code} opens {detail.mergedInto.name}.
              </p>
            )}
            {detail.duplicates.length > 0 && (
              <p className="muted" data-testid="customer-duplicates">
                Merged into this customer (their cards open {detail.customer.name}): {detail.duplicates.map((d) => `${d.name}, card ${d.code} (${shortDate(d.at, shop, useApp.getState().now())})`).join('; ')}
              </p>
            )}
          </div>
          {merging && <MergeDialog detail={detail} onClose={() => setMerging(false)} onDone={(keptId, msg) => { setMerging(false); useOwner.getState().openCustomer(keptId, msg); }} />}
          {forgetting && <ForgetDialog detail={detail} onClose={() => setForgetting(false)} onDone={async (msg) => { setForgetting(false); setNotice(msg); await load(); }} />}
          {replacing && <CardReplacer customer={detail.customer} onClose={() => setReplacing(false)} onReplaced={async (msg) => { setNotice(msg); await load(); }} />}
          {editing && <CustomerEditor customer={detail.customer} onClose={() => setEditing(false)} onDone={async (msg) => { setEditing(false); setNotice(msg); await load(); }} />}
          {detail.passes.length === 0 ? <p className="empty">No passes yet.</p> : (
            <div className="otabs" role="group" aria-label="Passes">
              {detail.passes.map((p) => (
                <button key={p.id} type="button" aria-pressed={p.id === passId} onClick={() => { setPassId(p.id); setPage(0); }}>
                  {p.planName} · {p.status}
                </button>
              ))}
            </div>
          )}
          {pass && (
            <div className="opass card">
              <div className="opass-figures">
                <div><span className="label">Balance</span><span className="big"><Credits value={pass.balance} unit={pass.creditUnit} /></span></div>
                <div><span className="label">Next end</span><span data-testid="pass-next-end">{pass.nextEnd
                  ? <><Credits value={pass.nextEnd.credits} /> end {validThrough(pass.nextEnd.at, shop, useApp.getState().now())}: {endSplit(pass.nextEnd, shop.locale)}
                    {compareDecimal(pass.nextEnd.expiringValue, '0') > 0 && <span className="sub"> ({fmtMoney(pass.nextEnd.expiringValue, shop)} unused value)</span>}</>
                  : pass.nextExpiry ? <><Credits value={pass.nextExpiry.credits} /> end {validThrough(pass.nextExpiry.expiresAt, shop, useApp.getState().now())}</> : '—'}</span></div>
                <div><span className="label">Overage due</span><span><Money value={pass.overageDue} /></span></div>
                <div><span className="label">Status</span><span>{pass.status}{pass.status === 'active' && pass.lowBalance.low && <span className="badge badge-warn">low</span>}</span></div>
              </div>
              <div className="oactions">
                <button className="btn" type="button" disabled={pass.status !== 'active'} onClick={() => setAction({ kind: 'adjust', pass })}>Adjust credits…</button>
                <button className="btn" type="button" disabled={pass.status !== 'active'} onClick={() => setAction({ kind: 'promo', pass })}>Give free credits…</button>
                <button className="btn" type="button" disabled={pass.status !== 'active' || /^0(\.0+)?$/.test(pass.balance)} onClick={() => setTransferOf(pass)}>Move credits…</button>
                <button className="btn" type="button" disabled={pass.status !== 'active' || !pass.lots.some((l) => l.expiresAt !== null)} onClick={() => setExtendOf(pass)}>Extend end…</button>
                {/* a wrong day picked: shown while the ledger has an extension of a live lot it can take back */}
                {lots.some((l) => l.extensionUndoable) && (
                  <button className="btn" type="button" disabled={pass.status !== 'active'} onClick={() => setUndoExtensionOf(pass)}>Undo extension…</button>
                )}
                <button className="btn" type="button" disabled={/^0(\.0+)?$/.test(pass.overageDue)} onClick={() => setAction({ kind: 'settle', pass })}>Take overage payment…</button>
                <button className="btn btn-danger-outline" type="button" disabled={pass.status !== 'active' || paidLeftOf(lots) === '0'} onClick={() => setAction({ kind: 'refundCredits', pass, paidLeft: paidLeftOf(lots), paidBy: saleMethodOf(lots) })}>Refund some credits…</button>
                <button className="btn btn-danger-outline" type="button" disabled={pass.status !== 'active'} onClick={() => setAction({ kind: 'refund', pass, paidBy: saleMethodOf(lots) })}>Refund & cancel…</button>
              </div>
              <h3 className="section-title">Lots</h3>
              <div className="otable-wrap" tabIndex={0}>
                <table className="otable compact">
                  <thead><tr><th>Lot</th><th>Source</th><th>Granted</th><th>Valid through</th><th className="r">Amount</th><th className="r">Left</th><th className="r">Cost / credit</th><th>State</th><th><span className="sr-only">Actions</span></th></tr></thead>
                  <tbody>
                    {!fresh && <tr><td colSpan={9} className="empty">Loading…</td></tr>}
                    {lots.map((l) => (
                      <tr key={l.id} className={l.state !== 'live' ? 'dim' : undefined}>
                        <td>#{l.id}</td><td>{l.source === 'promo' ? (l.parentLotId !== null ? `bonus with #${l.parentLotId}` : 'free credits') : l.source.replace(/_/g, ' ')}{l.rolledTimes > 0 ? ` (×${l.rolledTimes})` : ''}</td>
                        <td>{shortDate(l.grantedAt, shop, useApp.getState().now())}</td><td>{l.expiresAt ? validThrough(l.expiresAt, shop, useApp.getState().now()) : 'no end'}
                          {l.extendedFrom && <span className="sub" data-testid="lot-extended"> extended from {validThrough(l.extendedFrom, shop, useApp.getState().now())}</span>}</td>
                        <td className="r"><Credits value={l.amount} /></td><td className="r"><Credits value={l.remaining} /></td>
                        <td className="r"><Money value={l.costBasis} /></td><td>{l.state}</td>
                        {/* what is left of a top-up can be paid back on its own; the pass stays open */}
                        <td className="actions-cell">{l.source === 'topup' && l.state === 'live' && pass.status === 'active' && (
                          <button className="btn btn-small" type="button" onClick={() => setAction({ kind: 'refundTopUp', pass, lot: l, bonusLeft: bonusLeftOf(lots, l.id) })}
                            aria-label={`Refund what is left of top-up #${l.id}`}>Refund…</button>
                        )}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          )}
          <h3 className="section-title">History</h3>
          <div className="otable-wrap" tabIndex={0}>
            <table className="otable compact" data-testid="customer-history">
              <thead><tr><th>When</th><th>What</th><th>Details</th><th className="r">Credits</th><th className="r">Money</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {history?.entries.map((e) => (
                  <tr key={e.key} className={e.voided ? 'voided' : undefined}>
                    <td className="nowrap">{dateTime(e.at, shop)}</td>
                    <td>{KIND_LABEL[e.kind] ?? e.kind}{e.voided && <span className="badge badge-muted">reversed</span>}</td>
                    <td>{e.items ? e.items.map((i) => `${i.name} × ${fmtCredits(i.quantity, shop.locale)}`).join(', ') : e.description}{e.overage && (
                      <span className="sub" data-testid="history-overage"> · {fmtCredits(e.overage.credits, shop.locale)} over · {fmtMoney(e.overage.amount, shop)}{' '}
                        {e.overage.settlement === 'account' ? 'on account' : `paid by ${e.overage.method ?? 'cash'}`}</span>
                    )}{e.accountSettled && (
                      <span className="sub" data-testid="history-account-settled"> · {fmtMoney(e.accountSettled, shop)} of it paid the overage owed on account</span>
                    )}{e.reason ? <span className="sub"> — {e.reason}</span> : null}</td>
                    {/* an extension, a rollover or a way corrected changes no balance: its count (or amount) is in Details */}
                    <td className="r">{e.kind === 'extend' || e.kind === 'extend_undo' || e.kind === 'rollover' || e.kind === 'method' || e.kind === 'merge' ? '' : <Credits value={e.credits} />}</td>
                    {/* money actually taken or paid back: overage on account is owed, and said in Details */}
                    <td className="r">{e.money ? <Money value={e.money} /> : ''}</td>
                    {/* a void needs its pass still active (an ended or cancelled pass answers PASS_CLOSED) */}
                    <td className="actions-cell">{e.kind === 'redeem' && !e.voided && e.redemptionId && e.voidRefused && detail.passes.find((x) => x.id === e.passId)?.status === 'active' && (
                      // the ledger would refuse its void: say why here rather than offer a button that can only fail
                      <span className="sub void-refused" data-testid="void-refused">no void: credits {e.voidRefused === 'MOVED_SINCE' ? 'moved' : 'refunded'} since</span>
                    )}{e.kind === 'redeem' && !e.voided && e.redemptionId && !e.voidRefused && detail.passes.find((x) => x.id === e.passId)?.status === 'active' && (
                      <button className="btn btn-small" type="button" onClick={() => setAction({ kind: 'void', redemptionId: e.redemptionId!, label: `${e.description} on ${dateTime(e.at, shop)}`, unit: detail.passes.find((p) => p.id === e.passId)?.creditUnit ?? shop.creditUnit, credits: e.credits.replace(/^-/, '') })} aria-label={`Void ${e.description} on ${dateTime(e.at, shop)}`}>Void…</button>
                    )}</td>
                  </tr>
                ))}
                {!history && <tr><td colSpan={6} className="empty">Loading…</td></tr>}
                {history && history.entries.length === 0 && <tr><td colSpan={6} className="empty">Nothing yet.</td></tr>}
              </tbody>
            </table>
          </div>
          <div className="opager">
            <button className="btn" type="button" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>Newer</button>
            <span>Page {page + 1} of {pages}{history ? ` · ${history.total} entries` : ''}</span>
            <button className="btn" type="button" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>Older</button>
          </div>
        </>
      )}
      {action && <ActionDialog action={action} onClose={() => setAction(null)} onDone={done} />}
      {transferOf && detail && (
        <TransferDialog pass={transferOf} own={detail.passes} customerName={detail.customer.name} onClose={() => setTransferOf(null)}
          onDone={async (msg) => { setTransferOf(null); await done(msg); }} />
      )}
      {undoExtensionOf && <UndoExtensionDialog pass={undoExtensionOf} onClose={() => setUndoExtensionOf(null)} onDone={async (msg) => { setUndoExtensionOf(null); await done(msg); }} />}
      {extendOf && <ExtendDialog pass={extendOf} onClose={() => setExtendOf(null)} onDone={async (msg) => { setExtendOf(null); await done(msg); }} />}
    </section>
  );
}

/** What a refund's slip says beyond the customer and the time (CustomerView adds those). */
type RefundSlipFacts = Omit<RefundJob, 'kind' | 'customerName' | 'customerCode' | 'at'>;

/** A refund's slip from the ledger's answer (the pass as it is now, what was paid back and settled) and the request. */
function refundFacts(p: PassView & { refunded: string; settledOnAccount: string },
  r: Pick<RefundSlipFacts, 'what' | 'credits' | 'fee' | 'paymentMethod' | 'reason'> & { lotId?: number }): RefundSlipFacts {
  return {
    ...r, planName: p.planName, unit: p.creditUnit, refunded: p.refunded, settledOnAccount: p.settledOnAccount,
    balanceAfter: p.balance, overageDue: p.overageDue, cancelled: p.status === 'cancelled',
  };
}

function ActionDialog({ action, onClose, onDone }: {
  action: Action;
  onClose: () => void; onDone: (msg: string, refund?: RefundSlipFacts) => Promise<void>;
}) {
  const shop = useShop();
  const [credits, setCredits] = useState('');
  const [days, setDays] = useState('');
  const [fee, setFee] = useState('');
  const [amount, setAmount] = useState('pass' in action ? toInput(action.pass.overageDue, shop.locale) : '');
  const [reason, setReason] = useState('');
  // a refund goes back the way the money came (a card sale to the card, not out of the till) unless the owner says otherwise
  const paidBy: PaidBy = action.kind === 'refund' || action.kind === 'refundCredits' ? action.paidBy : action.kind === 'refundTopUp' ? action.lot.paidBy : null;
  const [method, setMethod] = useState<'cash' | 'card' | 'other'>(paidBy ?? 'cash');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(newClientId);
  /** a field's onChange: its error goes as the owner corrects it (left, it would go on saying the field is wrong) */
  const edit = (name: string, setValue: (v: string) => void) => (v: string) => { setValue(v); setErrors((e) => withoutKey(e, name)); };
  // the refund's sum before the owner confirms it (the refund itself, rolled back: the same sum it then pays)
  const [quote, setQuote] = useState<OutputOf<'passes.refundQuote'> | null>(null);
  const refundOf = action.kind === 'refund' ? action.pass.id : null;
  // asked again after a refused refund: the pass may have changed since (a lot ended at midnight)
  const [quoteAsked, setQuoteAsked] = useState(0);
  useEffect(() => {
    if (refundOf === null) return;
    let live = true;
    owner(api.passes.refundQuote({ passId: refundOf })).then((q) => { if (live) setQuote(q); }, (err) => { if (live) setError(errorText(err)); });
    return () => { live = false; };
  }, [refundOf, quoteAsked]);

  // a refund of some credits: the sum for the credits typed, asked of the ledger (the refund itself, rolled back) once
  // the owner stops typing; a number the pass cannot pay back says why here, before Submit
  const [partQuote, setPartQuote] = useState<{ credits: string; q: OutputOf<'passes.refundQuote'> | null; problem: string | null } | null>(null);
  const partOf = action.kind === 'refundCredits' ? action.pass.id : null;
  const partRead = partOf !== null && credits.trim() ? fromInput(credits, shop.locale) : null;
  const partCredits = partRead?.ok && new Decimal(partRead.value).gt(0) ? partRead.value : null;
  useEffect(() => {
    if (partOf === null || partCredits === null) { setPartQuote(null); return; }
    let live = true;
    const t = setTimeout(() => {
      owner(api.passes.refundQuote({ passId: partOf, credits: partCredits })).then(
        (q) => { if (live) setPartQuote({ credits: partCredits, q, problem: null }); },
        (err) => { if (live) setPartQuote({ credits: partCredits, q: null, problem: errorText(err) }); });
    }, 250);
    return () => { live = false; clearTimeout(t); };
  }, [partOf, partCredits, quoteAsked]);
  const partNow = partQuote !== null && partQuote.credits === partCredits ? partQuote : null;

  // what leaves the till once a fee is kept (the core checks the fee again; this only says it before the owner confirms)
  // (a pass's refund or some credits': the sum the ledger worked out for it)
  const refundSum = action.kind === 'refund' ? quote : action.kind === 'refundCredits' ? partNow?.q ?? null : null;
  const feeRead = (action.kind === 'refund' || action.kind === 'refundCredits') && fee.trim() ? fromInput(fee, shop.locale, shop.minorDigits) : null;
  // an amount of money the shop's currency can hold (no minus, no more decimals than it has), else said at Submit
  const feeProblem = feeRead === null || !feeRead.ok ? null
    : new Decimal(feeRead.value).isNeg() ? 'A fee cannot be below zero.'
    : new Decimal(feeRead.value).decimalPlaces() > shop.minorDigits ? `Enter an amount in ${shop.currency}${shop.minorDigits ? ` with at most ${shop.minorDigits} decimals` : ' without decimals'}.`
    : refundSum !== null && new Decimal(feeRead.value).gt(refundSum.refunded) ? `At most ${fmtMoney(refundSum.refunded, shop)}: the fee comes out of what is paid back.`
    : null;
  const feeKept = feeRead?.ok && feeProblem === null && new Decimal(feeRead.value).gt(0) ? feeRead.value : null;
  const payBack = refundSum === null || feeProblem !== null || (feeRead !== null && !feeRead.ok) ? null
    : feeKept === null ? refundSum.refunded : new Decimal(refundSum.refunded).minus(feeKept).toFixed();


  // what is left of the top-up, worth what was paid for it less what it has given; the overage owed on account comes
  // out of it first, as from a pass's refund (the ledger pays exactly its own figures)
  const topUpWorth = action.kind === 'refundTopUp'
    ? new Decimal(action.lot.paid).minus(action.lot.recognised).minus(action.lot.writtenOff).minus(action.lot.released)
    : null;
  const topUpOwed = topUpWorth === null || action.kind !== 'refundTopUp' ? null : Decimal.min(topUpWorth, Decimal.max(0, action.pass.overageDue));
  // the ledger's own figure once it has refused the one shown here (the pass was used meanwhile): confirmed again, it is sent
  const [topUpBackNow, setTopUpBackNow] = useState<string | null>(null);
  const topUpBack = topUpBackNow ?? (topUpWorth === null || topUpOwed === null ? null : topUpWorth.minus(topUpOwed).toFixed(shop.minorDigits));
  // the money back the button says: the ledger pays exactly it, or refuses (CHANGED) and writes nothing
  const shownBack = (x: string | null) => (x === null ? {} : { expectedRefund: x });
  const title = action.kind === 'adjust' ? 'Adjust credits' : action.kind === 'promo' ? 'Give free credits' : action.kind === 'refund' ? 'Refund and cancel the pass' : action.kind === 'refundTopUp' ? 'Refund a top-up'
    : action.kind === 'refundCredits' ? 'Refund some credits'
    : action.kind === 'settle' ? 'Take an overage payment' : 'Void a redemption';

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    // the amount field as the shop writes it ("-1,5" in de-DE) -> the API's canonical decimal
    const field = action.kind === 'adjust' || action.kind === 'promo' || action.kind === 'refundCredits' ? 'credits' : action.kind === 'settle' ? 'amount' : action.kind === 'refund' && fee.trim() ? 'fee' : null;
    const read = field ? (field === 'credits' ? fromInput(credits, shop.locale) : fromInput(field === 'fee' ? fee : amount, shop.locale, shop.minorDigits)) : null;
    if (field && read && !read.ok) { setErrors({ [field]: read.error }); setError(null); return; }
    if (feeProblem) { setErrors({ fee: feeProblem }); setError(null); return; }
    if (action.kind === 'refundCredits' && feeRead !== null && !feeRead.ok) { setErrors({ fee: feeRead.error }); setError(null); return; }
    const feeIn = action.kind === 'refundCredits' && feeRead?.ok ? { fee: feeRead.value } : {};
    const value = read?.ok ? read.value : '';
    const dayCount = action.kind === 'promo' && days.trim() ? days.trim() : null;
    if (dayCount !== null && (!/^\d+$/.test(dayCount) || Number(dayCount) < 1 || Number(dayCount) > 3660)) { setErrors({ days: 'Enter a whole number of days, 1 to 3660.' }); setError(null); return; }
    setBusy(true); setErrors({}); setError(null);
    try {
      if (action.kind === 'adjust') {
        const p = await owner(api.passes.adjust({ clientId, passId: action.pass.id, credits: value, reason }));
        await onDone(`Adjusted by ${fmtCredits(value, shop.locale)}. New balance ${fmtCredits(p.balance, shop.locale)}.`);
      } else if (action.kind === 'promo') {
        const p = await owner(api.passes.givePromo({ clientId, passId: action.pass.id, credits: value, reason, ...(dayCount ? { days: Number(dayCount) } : {}) }));
        const until = p.given.expiresAt ? `, valid through ${validThrough(p.given.expiresAt, shop, useApp.getState().now())}` : ', with no end';
        await onDone(`Gave ${fmtCredits(p.given.credits, shop.locale)} free ${unitLabel(p.given.credits, p.creditUnit, shop.locale)}${until}. New balance ${fmtCredits(p.balance, shop.locale)}.`);
      } else if (action.kind === 'refund') {
        const p = await owner(api.passes.refund({ clientId, passId: action.pass.id, reason, paymentMethod: method, ...(field === 'fee' ? { fee: value } : {}), ...shownBack(payBack) }));
        // overage still owed on account came out of the refund first; say what was handed back, kept and still owed
        const zero = (x: string) => /^0(\.0+)?$/.test(x);
        const owed = zero(p.overageDue) ? '' : ` ${fmtMoney(p.overageDue, shop)} is still owed on account.`;
        const kept = p.fee && !zero(p.fee) ? ` ${fmtMoney(p.fee, shop)} kept as a cancellation fee.` : '';
        await onDone(zero(p.settledOnAccount)
          ? `Pass cancelled. Paid back ${fmtMoney(p.refunded, shop)} (${method}).${kept}${owed}`
          : `Pass cancelled. Of the refund, ${fmtMoney(p.settledOnAccount, shop)} paid the overage owed on account and ${fmtMoney(p.refunded, shop)} was handed back (${method}).${kept}${owed}`,
        refundFacts(p, { what: 'pass', credits: quote?.credits ?? null, fee: p.fee ?? '0', paymentMethod: method, reason }));
      } else if (action.kind === 'refundTopUp') {
        const p = await owner(api.passes.refundTopUp({ clientId, passId: action.pass.id, lotId: action.lot.id, reason, paymentMethod: method, ...shownBack(topUpBack) }));
        const settled = /^0(\.0+)?$/.test(p.settledOnAccount) ? '' : ` ${fmtMoney(p.settledOnAccount, shop)} of it paid the overage owed on account.`;
        await onDone(`Top-up #${action.lot.id} refunded: paid back ${fmtMoney(p.refunded, shop)} (${method}) for ${fmtCredits(p.credits, shop.locale)} ${unitLabel(p.credits, p.creditUnit, shop.locale)}.${settled} New balance ${fmtCredits(p.balance, shop.locale)}; the pass stays open.`,
          refundFacts(p, { what: 'topup', lotId: action.lot.id, credits: p.credits, fee: '0', paymentMethod: method, reason }));
      } else if (action.kind === 'refundCredits') {
        const p = await owner(api.passes.refundCredits({ clientId, passId: action.pass.id, credits: value, reason, paymentMethod: method, ...feeIn, ...shownBack(payBack) }));
        const settled = (/^0(\.0+)?$/.test(p.settledOnAccount) ? '' : ` ${fmtMoney(p.settledOnAccount, shop)} of their value paid the overage owed on account.`)
          + (/^0(\.0+)?$/.test(p.fee) ? '' : ` ${fmtMoney(p.fee, shop)} kept as a cancellation fee.`);
        // a pass past its term whose last credits were paid back has ended, as if they had been used
        const after = p.status === 'active' ? 'the pass stays open' : 'nothing is left, so the pass has ended';
        await onDone(`Paid back ${fmtMoney(p.refunded, shop)} (${method}) for ${fmtCredits(p.credits, shop.locale)} ${unitLabel(p.credits, p.creditUnit, shop.locale)}.${settled} New balance ${fmtCredits(p.balance, shop.locale)}; ${after}.`,
          refundFacts(p, { what: 'credits', credits: p.credits, fee: p.fee, paymentMethod: method, reason }));
      } else if (action.kind === 'settle') {
        await owner(api.passes.settleOverage({ clientId, passId: action.pass.id, amount: value, paymentMethod: method }));
        await onDone(`Payment of ${fmtMoney(value, shop)} taken.`);
      } else if ('redemptionId' in action) {
        const r = await owner(api.redemptions.void({ clientId, redemptionId: action.redemptionId, reason }));
        const back = moneyBackText(r, shop);
        await onDone(`Voided: ${fmtCredits(r.creditsRestored, shop.locale)} ${unitLabel(r.creditsRestored, action.unit, shop.locale)} restored, ${fmtMoney(r.revenueReversed, shop)} revenue reversed.`
          + `${back.giveBack ? ` ${back.giveBack}.` : ''}${back.account ? ` ${back.account}.` : ''}`);
      }
    } catch (err) {
      const r = refusal(err);
      setErrors(r.errors); setError(r.error);
      if (action.kind === 'refund' || action.kind === 'refundCredits') setQuoteAsked((n) => n + 1);
      const now = (err as { details?: { refunded?: string } }).details?.refunded;
      if (action.kind === 'refundTopUp' && conflictReason(err) === 'CHANGED' && now) setTopUpBackNow(now);
    } finally { setBusy(false); }
  }

  // a refund of the pass or of some credits may keep a fee
  const feeField = (
    <Field label={`Cancellation fee kept (${shop.currency})`} name="fee" value={fee} onChange={edit('fee', setFee)} error={errors.fee}
      inputMode="decimal" hint="optional: kept from what is paid back, as the shop's revenue" />
  );
  return (
    <Modal labelledBy="oaction-title" onClose={onClose} testId="owner-action" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="oaction-title">{title}</h2>
        {/* said before, as the button says it: what goes back, and that a void is final (the way back is an adjustment) */}
        {action.kind === 'void' && <p>{action.label}: {fmtCredits(action.credits, shop.locale)} {unitLabel(action.credits, action.unit, shop.locale)} {action.credits === '1' ? 'goes' : 'go'} back on the pass and its revenue is reversed. A void cannot be undone: to take them off again, use Adjust credits.</p>}
        {action.kind === 'refund' && <p>The customer gets back what they paid for the credits not used yet (free credits are not paid for, so not paid back), and the pass is closed.
          {!/^0(\.0+)?$/.test(action.pass.overageDue) && <> The {fmtMoney(action.pass.overageDue, shop)} of overage owed on account is paid from it first.</>} This cannot be undone.</p>}
        {action.kind === 'refund' && (
          <p className="quote-line" data-testid="refund-quote" aria-live="polite">
            {quote === null ? 'Working out the refund…' : <>
              Pay back <strong>{fmtMoney(quote.refunded, shop)}</strong> for {fmtCredits(quote.credits, shop.locale)} unused {unitLabel(quote.credits, action.pass.creditUnit, shop.locale)}
              {!/^0(\.0+)?$/.test(quote.settledOnAccount) && <>: they are worth {fmtMoney(new Decimal(quote.refunded).plus(quote.settledOnAccount).toFixed(), shop)}, and {fmtMoney(quote.settledOnAccount, shop)} of that pays the overage owed</>}.
              {feeKept !== null && payBack !== null && <> Keeping a fee of {fmtMoney(feeKept, shop)}, <strong>{fmtMoney(payBack, shop)}</strong> is paid back.</>}
            </>}
          </p>
        )}
        {action.kind === 'refund' && feeField}
        {action.kind === 'refundTopUp' && topUpBack !== null && (
          <p className="quote-line" data-testid="topup-refund-quote">
            Pay back <strong>{fmtMoney(topUpBack, shop)}</strong> for the {fmtCredits(action.lot.remaining, shop.locale)} {unitLabel(action.lot.remaining, action.pass.creditUnit, shop.locale)} left
            of top-up #{action.lot.id} (bought {shortDate(action.lot.grantedAt, shop, useApp.getState().now())})
            {topUpOwed !== null && topUpOwed.gt(0) && topUpWorth !== null && <>: they are worth {fmtMoney(topUpWorth.toFixed(shop.minorDigits), shop)}, and {fmtMoney(topUpOwed.toFixed(shop.minorDigits), shop)} of that pays the overage owed</>}.
            {action.bonusLeft !== null && <>{' '}Its {fmtCredits(action.bonusLeft, shop.locale)} free bonus {unitLabel(action.bonusLeft, action.pass.creditUnit, shop.locale)} left go too.</>}
            {' '}The rest of the pass stays as it is.
          </p>
        )}
        {action.kind === 'refundCredits' && <p>Paid credits are paid back at what they cost, those that would be used next first.
          Free credits (gifts, bonuses) stay on the pass{!/^0(\.0+)?$/.test(action.pass.overageDue) && <>, and the {fmtMoney(action.pass.overageDue, shop)} of overage owed on account is paid from the refund first</>}.
          The pass stays open with the rest. A redemption made before the refund can no longer be voided (adjust instead).</p>}
        {action.kind === 'refundCredits' && <Field label={`${unitLabel('2', action.pass.creditUnit, shop.locale).replace(/^./, (c) => c.toUpperCase())} to pay back`} name="credits" value={credits}
          onChange={edit('credits', setCredits)} error={errors.credits} inputMode="decimal" autoFocus
          hint={compareDecimal(action.paidLeft, action.pass.balance) === 0 ? `the pass holds ${fmtCredits(action.pass.balance, shop.locale)}, all paid for`
            : `the pass holds ${fmtCredits(action.pass.balance, shop.locale)}, ${fmtCredits(action.paidLeft, shop.locale)} of them paid for`} />}
        {action.kind === 'refundCredits' && (
          <p className="quote-line" data-testid="credits-refund-quote" aria-live="polite">
            {partCredits === null ? 'Enter how many to pay back.'
              : partNow === null ? 'Working out the refund…'
              : partNow.q === null ? partNow.problem
              : <>Pay back <strong>{fmtMoney(partNow.q.refunded, shop)}</strong> for {fmtCredits(partNow.q.credits, shop.locale)} {unitLabel(partNow.q.credits, action.pass.creditUnit, shop.locale)}
                {!/^0(\.0+)?$/.test(partNow.q.settledOnAccount) && <>: they are worth {fmtMoney(new Decimal(partNow.q.refunded).plus(partNow.q.settledOnAccount).toFixed(), shop)}, and {fmtMoney(partNow.q.settledOnAccount, shop)} of that pays the overage owed</>}.
                {feeKept !== null && payBack !== null && <> Keeping a fee of {fmtMoney(feeKept, shop)}, <strong>{fmtMoney(payBack, shop)}</strong> is paid back.</>}</>}
          </p>
        )}
        {action.kind === 'refundCredits' && feeField}
        {action.kind === 'settle' && <p>Owed on account: <strong>{fmtMoney(action.pass.overageDue, shop)}</strong>.</p>}
        {action.kind === 'adjust' && <p>Positive adds free credits (no money); negative takes credits off and writes their value off as breakage.</p>}
        {action.kind === 'promo' && <p>A gift: no money moves. The pass uses these first among credits ending at the same time; what is left when they end expires and does not roll over.</p>}
        {action.kind === 'promo' && <Field label={`Free ${unitLabel('2', action.pass.creditUnit, shop.locale)}`} name="credits" value={credits} onChange={edit('credits', setCredits)} error={errors.credits} inputMode="decimal" autoFocus placeholder="e.g. 2" />}
        {action.kind === 'promo' && <Field label="Valid for (days)" name="days" value={days} onChange={edit('days', setDays)} error={errors.days} inputMode="numeric"
          hint={days.trim() ? 'today counts as the first day' : promoDefaultEnd(action.pass)} />}
        {action.kind === 'adjust' && <Field label="Credits (+ or −)" name="credits" value={credits} onChange={edit('credits', setCredits)} error={errors.credits} inputMode="decimal" autoFocus placeholder={`e.g. 2 or ${example(shop.locale, '-1.5')}`} />}
        {action.kind === 'settle' && <Field label={`Amount (${shop.currency})`} name="amount" value={amount} onChange={edit('amount', setAmount)} error={errors.amount} inputMode="decimal" autoFocus />}
        {(action.kind === 'refund' || action.kind === 'settle' || action.kind === 'refundTopUp' || action.kind === 'refundCredits') && (
          <Select label={action.kind === 'settle' ? 'Payment method' : 'Paid back by'} name="paymentMethod" value={method} onChange={(v) => setMethod(v as typeof method)}
            hint={paidBy === null ? undefined : `${action.kind === 'refundTopUp' ? 'The top-up' : 'The pass'} was paid by ${METHOD_WORDS[paidBy]}.`} options={[
            { value: 'cash', label: 'Cash' }, { value: 'card', label: 'Card' }, { value: 'other', label: 'Other' },
          ]} />
        )}
        {action.kind !== 'settle' && <Field label="Reason" name="reason" value={reason} onChange={edit('reason', setReason)} error={errors.reason} required autoFocus={action.kind !== 'adjust' && action.kind !== 'promo' && action.kind !== 'refundCredits'} placeholder="Shown in the history and on statements" />}
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className={`btn ${action.kind === 'refund' || action.kind === 'void' || action.kind === 'refundTopUp' || action.kind === 'refundCredits' ? 'btn-danger' : 'btn-primary'}`} type="submit" aria-disabled={busy || undefined}>{busy ? 'Working…'
            : action.kind === 'refund' && payBack !== null ? `Pay back ${fmtMoney(payBack, shop)} and cancel`
            : action.kind === 'refundTopUp' && topUpBack !== null ? `Pay back ${fmtMoney(topUpBack, shop)}`
            : action.kind === 'refundCredits' && payBack !== null ? `Pay back ${fmtMoney(payBack, shop)}`
            : action.kind === 'void' ? `Void and put back ${fmtCredits(action.credits, shop.locale)} ${unitLabel(action.credits, action.unit, shop.locale)}` : title}</button>
        </div>
      </form>
    </Modal>
  );
}

const REPLACE_REASONS: Array<{ value: ReplaceReason; label: string }> = [
  { value: 'lost', label: 'Lost' }, { value: 'stolen', label: 'Stolen' }, { value: 'damaged', label: 'Damaged or worn' }, { value: 'other', label: 'Other (a card from before Passbook, a new design)' },
];

/**
 * A new card for a customer (customers.replaceCard): lost or stolen, worn out, or the card they carried from the
 * shop's old system. The old code is refused from then on; the new card is shown to print at once.
 */
function CardReplacer({ customer, onClose, onReplaced }: { customer: CustomerDetail['customer']; onClose: () => void; onReplaced: (msg: string) => Promise<void> }) {
  const [reason, setReason] = useState<ReplaceReason>('lost');
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(newClientId);
  const [done, setDone] = useState<{ customer: CustomerDetail['customer']; old: string; qr: string } | null>(null);
  const printError = usePrint((st) => st.error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true); setCodeError(undefined); setError(null);
    try {
      const r = await owner(api.customers.replaceCard({ clientId, id: customer.id, reason, ...(code.trim() ? { code: code.trim() } : {}) }));
      const qr = await QRCode.toDataURL(r.customer.code, { errorCorrectionLevel: 'M', margin: 1, width: 320 });
      setDone({ customer: r.customer, old: r.replaced.code, qr });
      await onReplaced(`New card for ${r.customer.name}: ${r.customer.code}. Card ${r.replaced.code} no longer works.`);
    } catch (err) {
      const fe = fieldErrors(err);
      setCodeError(fe.code);
      setError(fe.code ? null : errorText(err));
    } finally { setBusy(false); }
  }

  if (done) {
    return (
      <Modal key="done" labelledBy="creplaced-title" onClose={onClose} testId="card-replaced-owner">
        <div className="body">
          <h2 id="creplaced-title">New card for {done.customer.name}</h2>
          <p className="onotice ok" role="status">Card {done.old} no longer works: scanned, it is refused. Print the new card and hand it over.</p>
          <div className="qr">
            <img src={done.qr} alt={`QR code for card ${done.customer.code}`} />
            <strong className="ocode">{done.customer.code}</strong>
          </div>
          <ErrorLine error={printError} />
          <div className="dialog-actions">
            <button className="btn" type="button" onClick={onClose}>Close</button>
            <button className="btn btn-primary" type="button" data-autofocus
              onClick={() => void usePrint.getState().print({ kind: 'card', customer: done.customer, planName: null, qrDataUrl: done.qr })}>Print card</button>
          </div>
        </div>
      </Modal>
    );
  }
  return (
    <Modal key="form" labelledBy="creplace-title" onClose={onClose} testId="card-replacer" busy={busy}>
      <form onSubmit={submit} noValidate aria-label="replace card">
        <h2 id="creplace-title">Replace {customer.name}&rsquo;s card</h2>
        <p className="muted" id="creplace-effect">Card {customer.code} stops working at once, and its code is never used again. Passes, balances and history stay with {customer.name}.</p>
        <Select label="Why" name="reason" value={reason} onChange={(v) => setReason(v as ReplaceReason)} options={REPLACE_REASONS} />
        <Field label="Code of a pre-printed card (optional)" name="code" value={code} onChange={(v) => { setCode(v); setCodeError(undefined); }} error={codeError} scanTarget
          hint="Scan or type the code of the card you hand over, then press Replace card. Left empty, Passbook makes one to print." />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-danger" type="submit" aria-disabled={busy || undefined} aria-describedby="creplace-effect">{busy ? 'Replacing…' : `Replace card ${customer.code}`}</button>
        </div>
      </form>
    </Modal>
  );
}

/** The owner edits a customer's name, phone, email and notes (customers.update): a typo in a name, a new phone. */
function CustomerEditor({ customer, onClose, onDone }: { customer: CustomerDetail['customer']; onClose: () => void; onDone: (msg: string) => Promise<void> }) {
  const { f, set, errors, setErrors, error, setError, busy, setBusy, start } = useCustomerForm(customer);
  const [clientId] = useState(newClientId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const values = start();
    if (!values) return;
    try {
      const c = await owner(api.customers.update({ clientId, id: customer.id, ...values }));
      await onDone(`Saved ${c.name}'s details.`);
    } catch (err) {
      const r = refusal(err);
      setErrors(r.errors); setError(r.error);
    } finally { setBusy(false); }
  }

  return (
    <Modal labelledBy="cedit-title" onClose={onClose} testId="customer-editor" busy={busy}>
      <form onSubmit={submit} noValidate aria-label="customer details">
        <h2 id="cedit-title">Edit {customer.name}</h2>
        <p className="muted">The card code {customer.code} stays the same (a lost card: Replace card).</p>
        <Field label="Name" name="name" value={f.name} onChange={set('name')} error={errors.name} required autoFocus autoComplete="off" />
        <Field label="Phone" name="phone" value={f.phone} onChange={set('phone')} error={errors.phone} inputMode="tel" />
        <Field label="Email" name="email" value={f.email} onChange={set('email')} error={errors.email} type="email" />
        <Field label="Notes" name="notes" value={f.notes} onChange={set('notes')} error={errors.notes} />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Saving…' : 'Save details'}</button>
        </div>
      </form>
    </Modal>
  );
}
