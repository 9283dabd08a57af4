// Statements: one customer and any period, or every customer for a month; shown as the paper will look,
// then Print (system dialog), Save as PDF (Electron: main's printToPDF; a browser: the print dialog's
// "Save as PDF"), or CSV.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { stringify } from 'csv-stringify/browser/esm/sync';
import { api } from '../api/client';
import { useApp } from '../store/app';
import { notThereYet, type StatementView } from './later';
import { OwnerPrintPortal, printOwnerPaper } from './print/OwnerPrint';
import { shown, StatementDoc, type PaperSize } from './print/StatementDoc';
import { loadStatements, statementRoute, StatementsStopped, type StopFlag } from './print/route';
import { saveText } from './download';
import { safeText } from '../../../core/books/text';
import { errorText, owner, useOwner } from './store';
import { addMonths, DayWords, ErrorLine, localDay, localMidnight, Notice, SectionHead, Select, useShop } from './ui';

type Mode = 'one' | 'month';

/** The choices a preview is made for: another choice stops a preview on its way and clears the one shown. */
const choiceKey = (mode: string, customerId: number | undefined, from: string, to: string, month: string): string =>
  mode === 'one' ? `one:${customerId ?? ''}:${from}:${to}` : `month:${month}`;

export function StatementsScreen() {
  const shop = useShop();
  const presetCustomer = useOwner((s) => s.statementFor);
  const today = localDay(useApp.getState().now(), shop.timeZone);
  const thisMonth = today.slice(0, 7);
  const [mode, setMode] = useState<Mode>('one');
  const [customerQuery, setCustomerQuery] = useState('');
  const [matches, setMatches] = useState<Array<{ id: number; name: string; code: string }>>([]);
  const [customer, setCustomer] = useState<{ id: number; name: string } | null>(null);
  /** the matches list is showing (typing opens it; Esc, a pick or leaving the field closes it) */
  const [listOpen, setListOpen] = useState(false);
  /** the highlighted match (aria-activedescendant), -1 for none */
  const [active, setActive] = useState(-1);
  /** what is wrong with the customer field, shown under it (above the list, which cannot cover it) */
  const [customerError, setCustomerError] = useState<string | null>(null);
  const [from, setFrom] = useState(`${thisMonth}-01`);
  const [to, setTo] = useState(today);
  const [month, setMonth] = useState(addMonths(thisMonth, -1));
  const [size, setSize] = useState<PaperSize>('A4');
  const [docs, setDocs] = useState<StatementView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // a batch of statements goes on call after call: Stop, or leaving the screen, ends it
  const stopFlag = useRef<StopFlag | null>(null);
  const [batchRunning, setBatchRunning] = useState(false);
  const showRef = useRef<HTMLButtonElement>(null);
  useEffect(() => () => { if (stopFlag.current) stopFlag.current.stopped = true; }, []);
  // what is shown is what prints: another choice (who, which days, one or everyone) clears the old preview until
  // Show is pressed again, so Lena's statement never prints under "Everyone, one month"
  // (a Show that resolved a typed name into a customer is for that customer: its own choice does not stop it)
  useEffect(() => {
    const f = stopFlag.current;
    if (f && f.key !== choiceKey(mode, customer?.id, from, to, month)) { f.stopped = true; f.changed = true; }
    setDocs(null); setInfo(null);
  }, [mode, customer?.id, from, to, month]);
  const [rollMm, setRollMm] = useState<number | null>(null);
  const previewRef = useRef<HTMLDivElement>(null);

  // the 80 mm roll is as long as the longest statement on it (measured on the preview, same width)
  useLayoutEffect(() => {
    if (size !== '80mm' || !previewRef.current) { setRollMm(null); return; }
    const sheets = [...previewRef.current.querySelectorAll<HTMLElement>('.ostatement')];
    const px = Math.max(0, ...sheets.map((el) => el.getBoundingClientRect().height));
    setRollMm(px ? Math.ceil((px * 25.4) / 96) + 10 : null);
  }, [docs, size]);

  useEffect(() => {
    if (!presetCustomer) return;
    void owner(api.customers.get({ id: presetCustomer })).then((d) => setCustomer({ id: d.customer.id, name: d.customer.name })).catch(() => undefined);
    useOwner.setState({ statementFor: null });
  }, [presetCustomer]);

  useEffect(() => {
    if (!customerQuery.trim() || customer?.name === customerQuery) { setMatches([]); setActive(-1); return; }
    let live = true; // an answer for what was typed before is not shown over the newer one
    const t = window.setTimeout(() => {
      void owner(api.owner.customers({ query: customerQuery, limit: 8 }))
        .then((r) => { if (live) { setMatches(r.rows); setActive(-1); } }, () => { if (live) setMatches([]); });
    }, 150);
    return () => { live = false; window.clearTimeout(t); };
  }, [customerQuery, customer]);

  /** The instants of the chosen period: local midnight of the first day, local midnight after the last. */
  function range(): { from: string; to: string } {
    if (mode === 'month') {
      return { from: new Date(localMidnight(`${month}-01`, shop.timeZone)).toISOString(), to: new Date(localMidnight(`${addMonths(month, 1)}-01`, shop.timeZone)).toISOString() };
    }
    const end = new Date(localMidnight(to, shop.timeZone) + 36 * 3_600_000); // a time in the next local day
    return { from: new Date(localMidnight(from, shop.timeZone)).toISOString(), to: new Date(localMidnight(localDay(end.getTime(), shop.timeZone), shop.timeZone)).toISOString() };
  }

  function choose(m: { id: number; name: string }) {
    setCustomer({ id: m.id, name: m.name }); setCustomerQuery(''); setMatches([]); setListOpen(false); setActive(-1); setCustomerError(null);
  }

  /** The customer the statement is for: the chosen one, else the only customer matching what was typed. */
  async function resolveCustomer(): Promise<{ id: number; name: string } | null> {
    if (customer) return customer;
    const q = customerQuery.trim();
    if (!q) { setCustomerError('Choose a customer first: type a name, phone or card code.'); return null; }
    const rows = (await owner(api.owner.customers({ query: q, limit: 8 }))).rows;
    if (rows.length === 1) { choose(rows[0]!); return rows[0]!; }
    setMatches(rows); setListOpen(rows.length > 0); setActive(-1);
    setCustomerError(rows.length === 0 ? `No customer matches “${q}”.` : `${rows.length === 8 ? 'Several' : rows.length} customers match “${q}”: pick one with the arrow keys and Enter, or a click.`);
    return null;
  }

  async function show() {
    if (busy) return;
    let chosen = customer;
    if (mode === 'one' && !chosen) {
      try { chosen = await resolveCustomer(); } catch (err) { setError(errorText(err)); return; }
      if (!chosen) return;
    }
    setBusy(true); setError(null); setCustomerError(null); setInfo(null); setDocs(null);
    const progress = useOwner.getState().setProgress;
    progress({ label: 'Preparing statements…', value: mode === 'one' ? null : 0 });
    const flag: StopFlag = { stopped: false, key: choiceKey(mode, chosen?.id, from, to, month) };
    stopFlag.current = flag;
    setBatchRunning(mode === 'month');
    const n = (x: number) => x.toLocaleString(shop.locale);
    try {
      const r = range();
      const out = await loadStatements({ ...(mode === 'one' && chosen ? { customerId: chosen.id } : {}), ...r },
        (done, total, listing) => progress({
          label: mode === 'one' ? `Preparing the statement… ${n(done)} of ${n(total)} entries`
            : listing ? `Finding who held a pass… ${n(done)} of ${n(total)} customers` : `Preparing statements… ${n(done)} of ${n(total)}`,
          value: total ? done / total : null,
        }), flag);
      if (flag.stopped) return; // another choice was made meanwhile: its own Show makes its preview
      setDocs(out);
      if (out.length === 0) setInfo('Nobody had a pass in this period.');
    } catch (err) {
      if (err instanceof StatementsStopped) {
        if (flag.changed) return;
        setInfo('Stopped: no statements were made. A customer\'s own statement is quicker on a big shop.');
        setTimeout(() => showRef.current?.focus(), 0); // the Stop button goes: the focus goes back to where it started
      }
      else if (!flag.changed) setError(notThereYet(err) ? 'Statements are not available in this build yet.' : errorText(err));
    } finally { if (stopFlag.current === flag) stopFlag.current = null; setBatchRunning(false); setBusy(false); progress(null); }
  }

  const expanded = listOpen && !customer && matches.length > 0;

  const docName = () => {
    const r = range();
    const label = mode === 'month' ? month : `${localDay(new Date(r.from).getTime(), shop.timeZone)} to ${to}`;
    return `Statement ${mode === 'one' && customer ? customer.name : 'all customers'} ${label}`;
  };

  async function print() {
    const r = await printOwnerPaper();
    if (!r.ok) setError(r.message ?? 'Printing failed.');
  }

  async function savePdf() {
    setError(null);
    if (window.passbookShell?.savePdf) {
      const r = range();
      const res = await window.passbookShell.savePdf({
        route: statementRoute({ ...(mode === 'one' && customer ? { customerId: customer.id } : {}), from: r.from, to: r.to, size }),
        pageSize: size, suggestedName: docName(),
      });
      if (!res.ok) setError(res.error.message);
      else if (res.value.saved) setInfo(`Saved ${res.value.path}`);
      return;
    }
    setInfo('In the print dialog, choose “Save as PDF” as the printer.');
    await print();
  }

  async function csv() {
    if (!docs) return;
    const rows: unknown[][] = [['customer', 'card', 'pass', 'plan', 'local_time', 'kind', 'details', 'lot', 'credits', 'value', 'balance_after', 'note']];
    for (const s of docs) for (const p of shown(s)) {
      // text people typed (names, items, plans) is kept from reading as a spreadsheet formula
      const [name, plan] = [safeText(s.customer.name), safeText(p.planName)];
      const first = localDay(new Date(s.from).getTime(), shop.timeZone);
      const last = localDay(new Date(s.to).getTime() - 1, shop.timeZone);
      rows.push([name, s.customer.code, p.passId, plan, first, 'opening', '', '', '', '', p.opening, '']);
      for (const e of p.entries) {
        // an extension's details: the credits' last day now and before (shop-local dates)
        const details = (e.kind === 'extend' || e.kind === 'extend_undo') && e.extendedTo && e.extendedFrom
          ? `valid through ${localDay(new Date(e.extendedTo).getTime() - 1, shop.timeZone)} (was ${localDay(new Date(e.extendedFrom).getTime() - 1, shop.timeZone)})`
          : safeText(e.items?.map((i) => `${i.quantity} x ${i.name}`).join('; ') ?? '');
        rows.push([name, s.customer.code, p.passId, plan, e.localTime, e.kind, details, e.lotId ?? '', e.credits, e.value, e.balanceAfter, safeText(e.note ?? '')]);
      }
      rows.push([name, s.customer.code, p.passId, plan, last, 'closing', '', '', '', '', p.closing, '']);
    }
    try {
      const saved = await saveText('csv', docName(), stringify(rows), 'text/csv');
      if (saved) setInfo(`Saved ${saved}`);
    } catch (err) { setError(errorText(err)); }
  }

  return (
    <section aria-labelledby="statements-title">
      <SectionHead title="Statements" id="statements-title" />
      <div className="otabs" role="group" aria-label="Which statements">
        <button type="button" aria-pressed={mode === 'one'} onClick={() => setMode('one')}>One customer</button>
        <button type="button" aria-pressed={mode === 'month'} onClick={() => setMode('month')}>Everyone, one month</button>
      </div>
      <form className="otoolbar wrap" onSubmit={(e) => { e.preventDefault(); void show(); }}>
        {mode === 'one' ? (
          <>
            <div className="field ofield grow opicker">
              <label htmlFor="st-customer">Customer</label>
              <input id="st-customer" type="search" autoComplete="off" spellCheck={false} value={customer && !customerQuery ? customer.name : customerQuery}
                role="combobox" aria-autocomplete="list" aria-expanded={expanded} aria-controls="st-matches"
                aria-activedescendant={expanded && active >= 0 ? `st-match-${active}` : undefined}
                aria-invalid={customerError ? true : undefined}
                aria-describedby={[customerError ? 'st-customer-error' : null, customer ? 'st-chosen' : 'st-customer-hint'].filter(Boolean).join(' ')}
                onChange={(e) => { setCustomerQuery(e.target.value); setCustomer(null); setListOpen(true); setActive(-1); setCustomerError(null); }}
                onBlur={() => setListOpen(false)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                    if (!matches.length || customer) return;
                    e.preventDefault();
                    const n = matches.length;
                    if (!listOpen) { setListOpen(true); setActive(e.key === 'ArrowDown' ? 0 : n - 1); return; }
                    setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : a <= 0 ? n - 1 : a - 1));
                  } else if (e.key === 'Enter' && expanded) {
                    // a pick, not the form's submit: the highlighted match, or the only one
                    const pick = active >= 0 ? matches[active] : matches.length === 1 ? matches[0] : undefined;
                    e.preventDefault();
                    if (pick) choose(pick);
                    else setCustomerError(`${matches.length} customers match: pick one with the arrow keys and Enter, or a click.`);
                  } else if (e.key === 'Escape' && expanded) {
                    e.preventDefault(); // close the list, keep what was typed (a second Esc clears the field)
                    setListOpen(false); setActive(-1);
                  }
                }}
                placeholder="Name, phone or card code" />
              {customer
                ? <span id="st-chosen" className="hint">Chosen: {customer.name}</span>
                : <span id="st-customer-hint" className="hint">Arrow keys pick a match · <kbd>Enter</kbd> chooses it</span>}
              {customerError && <span id="st-customer-error" className="field-error" role="alert" data-testid="customer-error">{customerError}</span>}
              {expanded && (
                <ul id="st-matches" className="opicker-list" role="listbox" aria-label="Matching customers">
                  {matches.map((m, i) => (
                    <li key={m.id} id={`st-match-${i}`} role="option" aria-selected={i === active}
                      onMouseDown={(e) => e.preventDefault() /* keep focus in the field */}
                      onClick={() => choose(m)}>
                      {m.name} <span className="sub">{m.code}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div className="field ofield"><label htmlFor="st-from">From</label><input id="st-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="st-from-day" required />
              <DayWords id="st-from-day" value={from} /></div>
            <div className="field ofield"><label htmlFor="st-to">To (including)</label><input id="st-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby="st-to-day" required />
              <DayWords id="st-to-day" value={to} /></div>
            {/* the periods asked for most, in one key press: on the 1st of a month the owner wants last month, not today alone */}
            <div className="oquick" role="group" aria-label="Period">
              <button type="button" className="btn btn-small" onClick={() => { setFrom(`${thisMonth}-01`); setTo(today); }}>This month</button>
              <button type="button" className="btn btn-small" onClick={() => {
                setFrom(`${addMonths(thisMonth, -1)}-01`);
                setTo(localDay(localMidnight(`${thisMonth}-01`, shop.timeZone) - 12 * 3_600_000, shop.timeZone));
              }}>Last month</button>
            </div>
          </>
        ) : (
          <div className="field ofield"><label htmlFor="st-month">Month</label><input id="st-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required /></div>
        )}
        <Select label="Paper" name="paper" value={size} onChange={(v) => setSize(v as PaperSize)} options={[
          { value: 'A4', label: 'A4' }, { value: 'Letter', label: 'Letter' }, { value: '80mm', label: '80 mm receipt' },
        ]} />
        <button ref={showRef} className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>Show statement{mode === 'month' ? 's' : ''}</button>
        {batchRunning && <button className="btn" type="button" data-testid="statements-stop" onClick={() => { if (stopFlag.current) stopFlag.current.stopped = true; }}>Stop</button>}
      </form>
      <ErrorLine error={error} />
      {/* in the page before the statements come, so a screen reader hears they are ready (the focus stays on Show) */}
      <p className="sr-only" role="status" data-testid="statements-ready">
        {!docs?.length ? '' : docs.length === 1 ? `Statement for ${docs[0]!.customer.name} ready: Print, Save as PDF or Save CSV below.`
          : `Statements ready for ${docs.length.toLocaleString(shop.locale)} customers: Print, Save as PDF or Save CSV below.`}
      </p>
      {info && <Notice>{info}</Notice>}
      {docs && docs.length > 0 && (
        <>
          <div className="oactions">
            <button className="btn" type="button" onClick={() => void print()}>Print…</button>
            <button className="btn" type="button" onClick={() => void savePdf()}>Save as PDF…</button>
            <button className="btn" type="button" onClick={() => void csv()}>Save CSV…</button>
            <span className="muted">{docs.length} statement{docs.length === 1 ? '' : 's'}</span>
          </div>
          <div className={`opreview-paper paper-${size.toLowerCase()}`} ref={previewRef} data-testid="statement-preview" tabIndex={0} role="region" aria-label="Statement preview">
            {docs.map((s) => <div className="osheet" key={s.customer.id}><StatementDoc s={s} shop={shop} size={size} /></div>)}
          </div>
          <OwnerPrintPortal size={size} rollHeightMm={rollMm}>
            {docs.map((s) => <StatementDoc key={s.customer.id} s={s} shop={shop} size={size} />)}
          </OwnerPrintPortal>
        </>
      )}
    </section>
  );
}
