// Month end: before the boundary, the preview (per customer what rolls and what expires, totals in credits
// and money); close what is due; after it, the close record; balance and breakage over the months (uPlot).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, newClientId } from '../api/client';
import type { OutputOf } from '../../../core/contract';
import { Decimal } from '../../../core/money/decimal';
import { useApp } from '../store/app';
import { dateTime, longDateTime, money as fmtMoney } from '../lib/format';
import { Chart, type ChartSeries } from './Chart';
import { ClosureDialog, UndoClosureDialog } from './ClosureDialog';
import { notThereYet, type CloseResult, type CloseRun, type Preview } from './later';
import { errorText, owner, useOwner } from './store';
import { addMonths, Credits, DayWords, ErrorLine, fromFirstActivity, localDay, localMidnight, Money, MoreRows, Notice, SectionHead, shortMonth, useRowsShown, useShop } from './ui';
import { nameKey } from '../../../core/customers/fold';

type Trend = OutputOf<'owner.trend'>['months'];


/** Sum decimal strings exactly (decimal.js, the core's configured copy). */
const sum = (xs: string[]): string => xs.reduce((a, x) => a.plus(x), new Decimal(0)).toString();

export function MonthEndScreen() {
  const shop = useShop();
  const nowMs = useApp.getState().now();
  const thisMonth = localDay(nowMs, shop.timeZone).slice(0, 7);
  const [date, setDate] = useState(`${addMonths(thisMonth, 1)}-01`);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [runs, setRuns] = useState<CloseRun[] | null>(null);
  const [closed, setClosed] = useState<CloseResult | null>(null);
  const [trend, setTrend] = useState<Trend | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [closing, setClosing] = useState(false);
  const [closure, setClosure] = useState(false);
  const [extended, setExtended] = useState<string | null>(null);
  // the shop's last closure that can still be taken back (the ledger's quote): offered only while there is one
  const [lastClosure, setLastClosure] = useState<OutputOf<'passes.undoClosureQuote'> | null>(null);
  const [undoingClosure, setUndoingClosure] = useState(false);
  const loadLastClosure = useCallback(async () => {
    try { const q = await owner(api.passes.undoClosureQuote({})); setLastClosure(q.lots > 0 ? q : null); } catch (err) { setError(errorText(err)); }
  }, []);

  const loadRuns = useCallback(async () => {
    try { setRuns((await owner(api.periods.history({ limit: 24 }))).runs); }
    catch (err) { if (notThereYet(err)) setMissing(true); else setError(errorText(err)); }
  }, []);
  const loadTrend = useCallback(async () => {
    try { setTrend(fromFirstActivity((await owner(api.owner.trend({ months: 12 }))).months, (m) => [m.outstandingCredits, m.deferred, m.sold, m.recognised, m.breakage])); } catch (err) { setError(errorText(err)); }
  }, []);
  useEffect(() => { void loadRuns(); }, [loadRuns]);

  async function runPreview() { if (!busy) await runPreviewAt(date); }
  // asked while one is on its way (a closure done meanwhile): run again once it ends, since its figures come from before
  const previewing = useRef(false);
  const previewAgain = useRef<string | null>(null);
  async function runPreviewAt(day: string): Promise<void> {
    if (previewing.current) { previewAgain.current = day; return; }
    previewing.current = true;
    setBusy(true); setError(null);
    useOwner.getState().setProgress({ label: 'Working out the month end…', value: null });
    try {
      setPreview(await owner(api.periods.preview({ asOf: new Date(localMidnight(day, shop.timeZone)).toISOString() })));
    } catch (err) {
      if (notThereYet(err)) setMissing(true); else setError(errorText(err));
    } finally { previewing.current = false; setBusy(false); useOwner.getState().setProgress(null); }
    const again = previewAgain.current;
    previewAgain.current = null;
    if (again !== null) await runPreviewAt(again);
  }
  // the preview first, then the months' chart below it: on a big ledger each takes seconds on the one thread that
  // answers, and the trend asked first kept the preview, what the owner came for, waiting behind it
  // (and the last closure that could be taken back, a short read, between them)
  useEffect(() => { void (async () => { await runPreview(); await loadLastClosure(); await loadTrend(); })(); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, []);

  async function close() {
    if (busy) return;
    setBusy(true); setError(null);
    useOwner.getState().setProgress({ label: 'Closing every period that has ended…', value: null });
    setClosing(true);
    try {
      const r = await owner(api.periods.close({ clientId: newClientId() }));
      setClosed(r);
      await useApp.getState().load();
      const now = useApp.getState().now();
      const next = `${addMonths(localDay(now, shop.timeZone).slice(0, 7), 1)}-01`;
      setDate(next);
      await Promise.all([loadRuns(), loadTrend(), runPreviewAt(next)]);
    } catch (err) {
      if (notThereYet(err)) setMissing(true); else setError(errorText(err));
    } finally { setClosing(false); setBusy(false); useOwner.getState().setProgress(null); }
  }

  const byUnit = useMemo(() => {
    if (!preview) return [];
    const units = new Map<string, { roll: string[]; expire: string[] }>();
    for (const c of preview.customers) for (const p of c.passes) {
      const u = units.get(p.creditUnit) ?? { roll: [], expire: [] };
      u.roll.push(p.roll); u.expire.push(p.expire); units.set(p.creditUnit, u);
    }
    return [...units].map(([unit, v]) => ({ unit, roll: sum(v.roll), expire: sum(v.expire) }));
  }, [preview]);

  const chart = useMemo(() => {
    if (!trend) return null;
    const labels = trend.map((m) => shortMonth(m.month, shop.locale));
    const series: ChartSeries[] = [
      // Number() places the points only; hover and the table read the API's decimal strings, formatted exactly
      { label: 'Deferred balance at month end', values: trend.map((m) => Number(m.deferred)), text: trend.map((m) => fmtMoney(m.deferred, shop)), color: '#0b5cad' },
      { label: 'Breakage in the month', values: trend.map((m) => Number(m.breakage)), text: trend.map((m) => fmtMoney(m.breakage, shop)), color: '#b3261e', bars: true },
    ];
    return { labels, series };
  }, [trend, shop]);
  // axis ticks only (positions on the scale, not amounts of the ledger): whole units, as the Reports charts
  const fmt = useCallback((v: number) => new Intl.NumberFormat(shop.locale, { style: 'currency', currency: shop.currency, maximumFractionDigits: 0 }).format(v), [shop]);
  const asOfIso = date ? new Date(localMidnight(date, shop.timeZone)).toISOString() : null;
  const future = !!date && localMidnight(date, shop.timeZone) > nowMs;
  // the preview on screen is for its own date: the figures the owner signs off on never take the date of the
  // field while another preview is on its way (on a big ledger, seconds)
  const stale = !!preview && (busy || asOfIso !== preview.asOf);
  const rows = useMemo(() => (preview ? preview.customers.flatMap((c) => c.passes.map((p, i) => ({ c, p, first: i === 0 }))) : []), [preview]);
  const sharedNames = useMemo(() => {
    const seen = new Set<string>(); const shared = new Set<string>();
    // names as an import and the new-customer check compare them: "Anna Lee" and "anna  lee" are one name
    for (const c of preview?.customers ?? []) { const k = nameKey(c.customerName); if (seen.has(k)) shared.add(k); seen.add(k); }
    return shared;
  }, [preview]);
  const { shown, more } = useRowsShown(preview);
  const count = (n: number) => new Intl.NumberFormat(shop.locale).format(n);

  return (
    <section aria-labelledby="monthend-title">
      <SectionHead title="Month end" id="monthend-title">
        {/* the month end's own action first: on a narrow or zoomed screen it stays above the fold */}
        <button className="btn btn-primary" type="button" onClick={() => void close()} disabled={missing} aria-disabled={busy || undefined}>Close periods that have ended</button>
        <button className="btn" type="button" onClick={() => { setExtended(null); setClosure(true); }}>Closing for a while…</button>
        {lastClosure && <button className="btn" type="button" onClick={() => { setExtended(null); setUndoingClosure(true); }}>Undo last closure…</button>}
      </SectionHead>
      {closure && <ClosureDialog onClose={() => setClosure(false)} onDone={(msg) => { setClosure(false); setExtended(msg); void loadLastClosure(); void runPreviewAt(date); }} />}
      {undoingClosure && lastClosure && <UndoClosureDialog quote={lastClosure} onClose={() => setUndoingClosure(false)}
        onDone={(msg) => { setUndoingClosure(false); setExtended(msg); void loadLastClosure(); void runPreviewAt(date); }} />}
      {extended && <p className="onotice ok" role="status" data-testid="closure-result">{extended}</p>}
      {missing && <Notice>Period close is not available in this build yet.</Notice>}
      <ErrorLine error={error} />
      {closed && (
        <div className="onotice ok" role="status" data-testid="close-result">
          {closed.runId === null ? 'Nothing was due: every period that has ended is already closed.' :
            <>Closed up to {longDateTime(closed.asOf, shop)}: {closed.totals.lotsRolled} {closed.totals.lotsRolled === 1 ? 'lot' : 'lots'} rolled over (<Money value={closed.totals.carried} /> carried), {closed.totals.lotsExpired} expired (<Money value={closed.totals.breakage} /> breakage).</>}
        </div>
      )}
      <form className="otoolbar" onSubmit={(e) => { e.preventDefault(); void runPreview(); }}>
        <div className="field ofield">
          <label htmlFor="me-date">Preview the close at the start of</label>
          <input id="me-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} aria-describedby="me-date-day" required />
          <DayWords id="me-date-day" value={date} />
        </div>
        <button className="btn" type="submit" disabled={!date} aria-disabled={busy || undefined}>Preview</button>
        <p className="muted small">{future ? 'This date is ahead: nothing is written, this is what will happen (by itself, at that midnight).' : 'This date has passed: closing applies it.'} A close is not taken back: credits that expired by mistake are given back with Adjust credits… on the customer, or Gift… on the plan (every pass of it).</p>
      </form>

      {preview && (
        <div className={`card opreview${stale ? ' stale' : ''}`} data-testid="monthend-preview" aria-busy={busy || undefined}>
          <h3 data-testid="monthend-preview-at">At {longDateTime(preview.asOf, shop)}</h3>
          {stale && <p className="muted small" role="status" data-testid="monthend-preview-stale">{closing ? 'Closing: these figures are from before the close.' : busy ? 'Working out the new date…' : date ? 'These figures are for the date above: press Preview for the date you chose.' : 'These figures are for the date above: choose a date to preview another.'}</p>}
          <div className="ofigures">
            <div><span className="label">Passes affected</span><span className="big">{count(preview.totals.passes)}</span></div>
            <div><span className="label">Rolls over</span><span className="big">{byUnit.map((u) => <span key={u.unit}><Credits value={u.roll} unit={u.unit} /> </span>)}{byUnit.length === 0 && '0'}</span><span><Money value={preview.totals.carried} /> carried</span></div>
            <div><span className="label">Expires</span><span className="big">{byUnit.map((u) => <span key={u.unit}><Credits value={u.expire} unit={u.unit} /> </span>)}{byUnit.length === 0 && '0'}</span><span><Money value={preview.totals.breakage} /> breakage</span></div>
            <div><span className="label">Allocations</span><span className="big">{count(preview.totals.allocations)}</span></div>
          </div>
          <div className="otable-wrap tall" tabIndex={0}>
            <table className="otable compact">
              <caption className="sr-only">Per customer</caption>
              <thead><tr><th>Customer</th><th>Pass</th><th className="r">Rolls over</th><th className="r">Value</th><th className="r">Expires</th><th className="r">Breakage</th></tr></thead>
              <tbody>
                {rows.slice(0, shown).map(({ c, p, first }) => (
                  <tr key={`${c.customerId}-${p.passId}`}>
                    {/* a second pass's row shows no name, but a screen reader reading that row alone still hears whose it is */}
                    <td>{first ? <button type="button" className="linkish" onClick={() => useOwner.getState().openCustomer(c.customerId)}>{c.customerName}</button> : <span className="sr-only">{c.customerName}</span>}
                      {/* two customers of one name (a duplicate, or namesakes): their cards tell them apart */}
                      {first && sharedNames.has(nameKey(c.customerName)) && <span className="sub" data-testid="preview-card"> card {c.customerCode}</span>}</td>
                    <td>{p.planName}</td>
                    <td className="r"><Credits value={p.roll} unit={p.creditUnit} /></td><td className="r"><Money value={p.rollValue} /></td>
                    <td className="r"><Credits value={p.expire} unit={p.creditUnit} /></td><td className="r"><Money value={p.expireValue} /></td>
                  </tr>
                ))}
                {preview.customers.length === 0 && <tr><td colSpan={6} className="empty">Nothing rolls or expires at this date.</td></tr>}
              </tbody>
              {preview.customers.length > 0 && (
                <tfoot><tr><th scope="row" colSpan={2}>Total</th>
                  <td className="r">{byUnit.map((u) => <div key={u.unit}><Credits value={u.roll} unit={u.unit} /></div>)}</td><td className="r"><Money value={preview.totals.carried} /></td>
                  <td className="r">{byUnit.map((u) => <div key={u.unit}><Credits value={u.expire} unit={u.unit} /></div>)}</td><td className="r"><Money value={preview.totals.breakage} /></td>
                </tr></tfoot>
              )}
            </table>
          </div>
          <MoreRows shown={shown} total={rows.length} more={more} />
        </div>
      )}

      <h3 className="section-title">Close record</h3>
      <div className="otable-wrap" tabIndex={0}>
        <table className="otable compact" data-testid="close-history">
          <thead><tr><th>Closed up to</th><th>Ran</th><th>By</th><th className="r">Boundaries</th><th className="r">Rolled</th><th className="r">Carried</th><th className="r">Expired</th><th className="r">Breakage</th></tr></thead>
          <tbody>
            {runs?.map((r) => (
              <tr key={r.runId}>
                <td>{longDateTime(r.asOf, shop)}</td><td>{dateTime(r.ranAt, shop)}</td><td>{r.trigger === 'auto' ? 'automatic' : 'owner'}</td>
                <td className="r">{r.boundaries}</td><td className="r">{r.lotsRolled}</td><td className="r"><Money value={r.carried} /></td>
                <td className="r">{r.lotsExpired}</td><td className="r"><Money value={r.breakage} /></td>
              </tr>
            ))}
            {runs && runs.length === 0 && <tr><td colSpan={8} className="empty">No period has been closed yet.</td></tr>}
          </tbody>
        </table>
      </div>

      {chart && <Chart title="Deferred balance and breakage by month" labels={chart.labels} series={chart.series} yFormat={fmt} />}
    </section>
  );
}
