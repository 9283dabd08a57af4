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
import { loadStatements, statementRoute } from './print/route';
import { saveText } from './download';
import { errorText, owner, useOwner } from './store';
import { addMonths, ErrorLine, localDay, localMidnight, Notice, SectionHead, Select, useShop } from './ui';

type Mode = 'one' | 'month';

export function StatementsScreen() {
  const shop = useShop();
  const presetCustomer = useOwner((s) => s.statementFor);
  const today = localDay(useApp.getState().now(), shop.timeZone);
  const thisMonth = today.slice(0, 7);
  const [mode, setMode] = useState<Mode>('one');
  const [customerQuery, setCustomerQuery] = useState('');
  const [matches, setMatches] = useState<Array<{ id: number; name: string; code: string }>>([]);
  const [customer, setCustomer] = useState<{ id: number; name: string } | null>(null);
  const [from, setFrom] = useState(`${thisMonth}-01`);
  const [to, setTo] = useState(today);
  const [month, setMonth] = useState(addMonths(thisMonth, -1));
  const [size, setSize] = useState<PaperSize>('A4');
  const [docs, setDocs] = useState<StatementView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
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
    if (!customerQuery.trim() || customer?.name === customerQuery) { setMatches([]); return; }
    const t = window.setTimeout(() => {
      void owner(api.owner.customers({ query: customerQuery, limit: 8 })).then((r) => setMatches(r.rows)).catch(() => setMatches([]));
    }, 150);
    return () => window.clearTimeout(t);
  }, [customerQuery, customer]);

  /** The instants of the chosen period: local midnight of the first day, local midnight after the last. */
  function range(): { from: string; to: string } {
    if (mode === 'month') {
      return { from: new Date(localMidnight(`${month}-01`, shop.timeZone)).toISOString(), to: new Date(localMidnight(`${addMonths(month, 1)}-01`, shop.timeZone)).toISOString() };
    }
    const end = new Date(localMidnight(to, shop.timeZone) + 36 * 3_600_000); // a time in the next local day
    return { from: new Date(localMidnight(from, shop.timeZone)).toISOString(), to: new Date(localMidnight(localDay(end.getTime(), shop.timeZone), shop.timeZone)).toISOString() };
  }

  async function show() {
    if (mode === 'one' && !customer) { setError('Choose a customer first.'); return; }
    setBusy(true); setError(null); setInfo(null); setDocs(null);
    const progress = useOwner.getState().setProgress;
    progress({ label: 'Preparing statements…', value: mode === 'one' ? null : 0 });
    try {
      const r = range();
      const out = await loadStatements({ ...(mode === 'one' && customer ? { customerId: customer.id } : {}), ...r },
        (done, total) => progress({ label: mode === 'one' ? `Preparing the statement… ${done} of ${total} entries` : `Preparing statements… ${done} of ${total}`, value: total ? done / total : null }));
      setDocs(out);
      if (out.length === 0) setInfo('Nobody had a pass in this period.');
    } catch (err) {
      setError(notThereYet(err) ? 'Statements are not available in this build yet.' : errorText(err));
    } finally { setBusy(false); progress(null); }
  }

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
    const rows: unknown[][] = [['customer', 'card', 'pass', 'plan', 'local_time', 'kind', 'details', 'lot', 'credits', 'value', 'balance_after']];
    for (const s of docs) for (const p of shown(s)) {
      const first = localDay(new Date(s.from).getTime(), shop.timeZone);
      const last = localDay(new Date(s.to).getTime() - 1, shop.timeZone);
      rows.push([s.customer.name, s.customer.code, p.passId, p.planName, first, 'opening', '', '', '', '', p.opening]);
      for (const e of p.entries) {
        rows.push([s.customer.name, s.customer.code, p.passId, p.planName, e.localTime, e.kind,
          e.items?.map((i) => `${i.quantity} x ${i.name}`).join('; ') ?? '', e.lotId ?? '', e.credits, e.value, e.balanceAfter]);
      }
      rows.push([s.customer.name, s.customer.code, p.passId, p.planName, last, 'closing', '', '', '', '', p.closing]);
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
              <input id="st-customer" type="search" autoComplete="off" value={customer && !customerQuery ? customer.name : customerQuery}
                onChange={(e) => { setCustomerQuery(e.target.value); setCustomer(null); }} placeholder="Name, phone or card code"
                aria-describedby={customer ? 'st-chosen' : undefined} />
              {customer && <span id="st-chosen" className="hint">Chosen: {customer.name}</span>}
              {matches.length > 0 && !customer && (
                <ul className="opicker-list" aria-label="Matching customers">
                  {matches.map((m) => (
                    <li key={m.id}><button type="button" onClick={() => { setCustomer({ id: m.id, name: m.name }); setCustomerQuery(''); setMatches([]); }}>{m.name} <span className="sub">{m.code}</span></button></li>
                  ))}
                </ul>
              )}
            </div>
            <div className="field ofield"><label htmlFor="st-from">From</label><input id="st-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} required /></div>
            <div className="field ofield"><label htmlFor="st-to">To (including)</label><input id="st-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} required /></div>
          </>
        ) : (
          <div className="field ofield"><label htmlFor="st-month">Month</label><input id="st-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} required /></div>
        )}
        <Select label="Paper" name="paper" value={size} onChange={(v) => setSize(v as PaperSize)} options={[
          { value: 'A4', label: 'A4' }, { value: 'Letter', label: 'Letter' }, { value: '80mm', label: '80 mm receipt' },
        ]} />
        <button className="btn btn-primary" type="submit" disabled={busy}>Show statement{mode === 'month' ? 's' : ''}</button>
      </form>
      <ErrorLine error={error} />
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
