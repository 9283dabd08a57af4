// Reports: deferred revenue roll-forward, sales and redemptions per day (charts), low-balance and expiring
// lists, and the accountant's export (CSV, hledger, beancount).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, newClientId } from '../api/client';
import type { OutputOf } from '../../../core/contract';
import { useApp } from '../store/app';
import { shortDate } from '../lib/format';
import { Chart } from './Chart';
import { saveText } from './download';
import { call, notThereYet } from './later';
import { errorText, owner, useOwner } from './store';
import { addMonths, Credits, ErrorLine, localDay, localMidnight, Money, Notice, SectionHead, Select, useShop } from './ui';

type Tab = 'deferred' | 'daily' | 'low' | 'expiring' | 'export';
type Rows = Array<Record<string, unknown>>;

const DECIMAL = /^-?\d+(\.\d+)?$/;
const MONEYISH = /amount|money|revenue|sold|sales|recogni|breakage|refund|opening|closing|deferred|cash|card|value|overage|price|paid/i;

/** The first array of objects in a report's answer (the shapes come from the periods-and-books contract). */
function rowsOf(v: unknown): Rows {
  if (Array.isArray(v)) return v as Rows;
  if (v && typeof v === 'object') for (const x of Object.values(v)) if (Array.isArray(x) && x.length && typeof x[0] === 'object') return x as Rows;
  return [];
}
const label = (k: string) => k.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());

function Cell({ k, v }: { k: string; v: unknown }) {
  if (v === null || v === undefined) return <>—</>;
  if (typeof v === 'string' && DECIMAL.test(v)) return MONEYISH.test(k) && !/credit/i.test(k) ? <Money value={v} /> : <Credits value={v} />;
  if (typeof v === 'object') return <>{JSON.stringify(v)}</>;
  return <>{String(v)}</>;
}

function GenericTable({ rows, caption }: { rows: Rows; caption: string }) {
  const cols = rows.length ? Object.keys(rows[0]!).filter((k) => rows.some((r) => typeof r[k] !== 'object' || r[k] === null)) : [];
  return (
    <div className="otable-wrap">
      <table className="otable compact">
        <caption className="sr-only">{caption}</caption>
        <thead><tr>{cols.map((c) => <th key={c} className={rows.some((r) => typeof r[c] === 'string' && DECIMAL.test(r[c] as string)) ? 'r' : undefined}>{label(c)}</th>)}</tr></thead>
        <tbody>
          {rows.map((r, i) => <tr key={i}>{cols.map((c) => <td key={c} className={typeof r[c] === 'string' && DECIMAL.test(r[c] as string) ? 'r' : undefined}><Cell k={c} v={r[c]} /></td>)}</tr>)}
          {rows.length === 0 && <tr><td className="empty">Nothing to show.</td></tr>}
        </tbody>
      </table>
    </div>
  );
}

export function ReportsScreen() {
  const [tab, setTab] = useState<Tab>('deferred');
  return (
    <section aria-labelledby="reports-title">
      <SectionHead title="Reports" id="reports-title" />
      <div className="otabs" role="group" aria-label="Report">
        {([['deferred', 'Deferred revenue'], ['daily', 'Sales & redemptions'], ['low', 'Low balance'], ['expiring', 'Expiring soon'], ['export', 'Accountant export']] as Array<[Tab, string]>).map(([k, l]) => (
          <button key={k} type="button" aria-pressed={tab === k} onClick={() => setTab(k)}>{l}</button>
        ))}
      </div>
      {tab === 'deferred' && <Deferred />}
      {tab === 'daily' && <Daily />}
      {tab === 'low' && <CustomerReport filter="low" />}
      {tab === 'expiring' && <CustomerReport filter="expiring" />}
      {tab === 'export' && <Export />}
    </section>
  );
}

function useRange(monthsBack: number) {
  const shop = useShop();
  const thisMonth = localDay(useApp.getState().now(), shop.timeZone).slice(0, 7);
  const [fromMonth, setFromMonth] = useState(addMonths(thisMonth, -monthsBack));
  const [toMonth, setToMonth] = useState(thisMonth);
  const from = new Date(localMidnight(`${fromMonth}-01`, shop.timeZone)).toISOString();
  const to = new Date(localMidnight(`${addMonths(toMonth, 1)}-01`, shop.timeZone)).toISOString();
  return { fromMonth, setFromMonth, toMonth, setToMonth, from, to };
}

function RangeFields({ r }: { r: ReturnType<typeof useRange> }) {
  return (
    <>
      <div className="field ofield"><label htmlFor="rp-from">From month</label><input id="rp-from" type="month" value={r.fromMonth} onChange={(e) => r.setFromMonth(e.target.value)} /></div>
      <div className="field ofield"><label htmlFor="rp-to">To month</label><input id="rp-to" type="month" value={r.toMonth} onChange={(e) => r.setToMonth(e.target.value)} /></div>
    </>
  );
}

function useReport(name: string, input: unknown) {
  const [data, setData] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(input);
  const load = useCallback(async () => {
    setError(null);
    try { setData(await call<unknown>(name, JSON.parse(key))); }
    catch (err) { setData(null); setError(notThereYet(err) ? 'This report is not available in this build yet.' : errorText(err)); }
  }, [name, key]);
  useEffect(() => { void load(); }, [load]);
  return { data, error };
}

function Deferred() {
  const r = useRange(5);
  const { data, error } = useReport('reports.deferredRevenue', { from: r.from, to: r.to });
  const rows = rowsOf(data);
  return (
    <div>
      <form className="otoolbar" onSubmit={(e) => e.preventDefault()}><RangeFields r={r} /></form>
      <p className="muted">Opening + sold − recognised − breakage ± refunds = closing, per month.</p>
      <ErrorLine error={error} />
      {data !== null && <GenericTable rows={rows} caption="Deferred revenue roll-forward" />}
    </div>
  );
}

function Daily() {
  const r = useRange(1);
  const shop = useShop();
  const { data, error } = useReport('reports.daily', { from: r.from, to: r.to });
  const rows = rowsOf(data);
  const chart = useMemo(() => {
    if (!rows.length) return null;
    const keys = Object.keys(rows[0]!);
    const dateKey = keys.find((k) => /date|day/i.test(k)) ?? keys[0]!;
    const numeric = keys.filter((k) => k !== dateKey && rows.every((x) => typeof x[k] === 'string' && DECIMAL.test(x[k] as string)));
    const money = numeric.filter((k) => MONEYISH.test(k) && !/credit/i.test(k));
    const creditKeys = numeric.filter((k) => !money.includes(k));
    const labels = rows.map((x) => String(x[dateKey]).slice(5, 10));
    const colors = ['#0b5cad', '#b3261e', '#0f6b3a', '#8a4b00', '#5b3cc4'];
    return {
      labels,
      money: money.map((k, i) => ({ label: label(k), values: rows.map((x) => Number(x[k])), color: colors[i % colors.length]! })),
      credits: creditKeys.map((k, i) => ({ label: label(k), values: rows.map((x) => Number(x[k])), color: colors[(i + 2) % colors.length]!, bars: true })),
    };
  }, [rows]);
  const fmt = useCallback((v: number) => new Intl.NumberFormat(shop.locale, { style: 'currency', currency: shop.currency, maximumFractionDigits: 0 }).format(v), [shop]);
  return (
    <div>
      <form className="otoolbar" onSubmit={(e) => e.preventDefault()}><RangeFields r={r} /></form>
      <ErrorLine error={error} />
      {chart && chart.money.length > 0 && <Chart title="Money per day" labels={chart.labels} series={chart.money} yFormat={fmt} />}
      {chart && chart.credits.length > 0 && <Chart title="Credits per day" labels={chart.labels} series={chart.credits} />}
      {data !== null && <GenericTable rows={rows} caption="Sales and redemptions per day" />}
    </div>
  );
}

type CustRows = OutputOf<'owner.customers'>['rows'];

function CustomerReport({ filter }: { filter: 'low' | 'expiring' }) {
  const shop = useShop();
  const [days, setDays] = useState('14');
  const [rows, setRows] = useState<CustRows | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 366) return;
    void owner(api.owner.customers({ filter, expiringDays: n, sort: filter === 'low' ? 'balance' : 'nextExpiry', limit: 500 }))
      .then((r) => { setRows(r.rows); setTotal(r.total); setError(null); }, (err) => setError(errorText(err)));
  }, [filter, days]);
  return (
    <div>
      {filter === 'expiring' && (
        <form className="otoolbar" onSubmit={(e) => e.preventDefault()}>
          <div className="field ofield"><label htmlFor="rp-days">Expiring within (days)</label><input id="rp-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} /></div>
        </form>
      )}
      <ErrorLine error={error} />
      <p className="muted">{total} customer{total === 1 ? '' : 's'}{total > 500 ? ' (the first 500 shown)' : ''}</p>
      <div className="otable-wrap">
        <table className="otable compact">
          <caption className="sr-only">{filter === 'low' ? 'Customers low on credits' : 'Credits expiring soon'}</caption>
          <thead><tr><th>Customer</th><th>Pass</th><th className="r">Balance</th><th>Next expiry</th><th className="r">Expiring</th><th>Phone</th></tr></thead>
          <tbody>
            {rows?.map((r) => (
              <tr key={r.id}>
                <td><button type="button" className="linkish" onClick={() => useOwner.getState().openCustomer(r.id)}>{r.name}</button></td>
                <td>{r.planName ?? '—'}</td>
                <td className="r"><Credits value={r.balance} unit={r.creditUnit} /></td>
                <td>{r.nextExpiry ? shortDate(r.nextExpiry.expiresAt, shop) : '—'}</td>
                <td className="r">{r.nextExpiry ? <Credits value={r.nextExpiry.credits} /> : '—'}</td>
                <td>{r.phone ?? ''}</td>
              </tr>
            ))}
            {rows && rows.length === 0 && <tr><td colSpan={6} className="empty">Nobody right now.</td></tr>}
          </tbody>
        </table>
      </div>
    </div>
  );
}

const EXPORTS: Array<{ kind: string; format: string; label: string; text: 'csv' | 'journal' | 'beancount' }> = [
  { kind: 'journal', format: 'csv', label: 'Journal (CSV)', text: 'csv' },
  { kind: 'journal', format: 'hledger', label: 'Journal for hledger', text: 'journal' },
  { kind: 'journal', format: 'beancount', label: 'Journal for beancount', text: 'beancount' },
  { kind: 'customers', format: 'csv', label: 'Customers (CSV)', text: 'csv' },
  { kind: 'lots', format: 'csv', label: 'Passes and lots (CSV)', text: 'csv' },
  { kind: 'entries', format: 'csv', label: 'Ledger entries (CSV)', text: 'csv' },
];

function Export() {
  const [choice, setChoice] = useState('0');
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run() {
    const e = EXPORTS[Number(choice)]!;
    setBusy(true); setError(null); setResult(null);
    useOwner.getState().setProgress({ label: `Exporting ${e.label}…`, value: null });
    try {
      const r = await call<Record<string, unknown>>('exports.create', { clientId: newClientId(), kind: e.kind, format: e.format });
      if (typeof r.content === 'string') {
        const saved = await saveText(e.text, `passbook-${e.kind}`, r.content);
        setResult(saved ? `Saved ${saved}` : 'Not saved.');
      } else {
        const name = (r.fileName ?? r.file ?? r.path) as string | undefined;
        setResult(name ? `Written to the exports folder beside the ledger: ${name}${typeof r.rows === 'number' ? ` (${r.rows} rows)` : ''}` : JSON.stringify(r));
      }
    } catch (err) {
      setError(notThereYet(err) ? 'Exports are not available in this build yet.' : errorText(err));
    } finally { setBusy(false); useOwner.getState().setProgress(null); }
  }
  return (
    <div>
      <Notice>For the accountant: the double-entry journal as CSV, or as plain-text accounting for hledger or beancount.</Notice>
      <form className="otoolbar" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <Select label="What" name="export" value={choice} onChange={setChoice} options={EXPORTS.map((e, i) => ({ value: String(i), label: e.label }))} />
        <button className="btn btn-primary" type="submit" disabled={busy}>Export…</button>
      </form>
      <ErrorLine error={error} />
      {result && <p className="onotice ok" role="status">{result}</p>}
    </div>
  );
}
