// Reports: deferred revenue roll-forward, sales and redemptions per day (charts), low-balance and expiring
// lists, and the accountant's export (CSV, hledger, beancount) handed over with a save dialog.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { CashSaleView } from '../../../core/contract/sales';
import { Modal } from '../counter/Modal';
import type { InputOf, OutputOf } from '../../../core/contract';
import { useApp } from '../store/app';
import { usePrint } from '../store/print';
import { Decimal } from '../../../core/money/decimal';
import { count, credits as fmtCredits, dateTime, isPositive, money as fmtMoney, unitLabel, validThrough } from '../lib/format';
import { Chart, type ChartSeries } from './Chart';
import { saveExport } from './download';
import { OwnerPrintPortal, printOwnerPaper } from './print/OwnerPrint';
import type { PaperSize } from './print/StatementDoc';
import { notThereYet } from './later';
import { errorText, owner, refusal, useOwner } from './store';
import { useLoad } from './useLoad';
import { PaymentMethodDialog, PaymentsOfDay, WayCell, type WayTarget } from './PaymentMethodChange';
import { addMonths, Credits, dayLabel, DayWords, ErrorLine, Field, fromFirstActivity, ListDayField, localDay, Money, MoreRows, Notice, sameDayLastMonth, Select, shortMonth, useListDay, useRowsShown, useShop } from './ui';

type Tab = 'deferred' | 'accounts' | 'daily' | 'corrections' | 'low' | 'expiring' | 'export';

export function ReportsScreen() {
  const [tab, setTab] = useState<Tab>('deferred');
  return (
    <section aria-labelledby="reports-title">
      <div className="osection-head"><h2 id="reports-title">Reports</h2></div>
      <div className="otabs" role="group" aria-label="Report">
        {([['deferred', 'Deferred revenue'], ['accounts', 'Accounts'], ['daily', 'Sales & redemptions'], ['corrections', 'Corrections'], ['low', 'Low balance'], ['expiring', 'Expiring soon'], ['export', 'Accountant export']] as Array<[Tab, string]>).map(([k, l]) => (
          <button key={k} type="button" aria-pressed={tab === k} onClick={() => setTab(k)}>{l}</button>
        ))}
      </div>
      {tab === 'deferred' && <Deferred />}
      {tab === 'accounts' && <Accounts />}
      {tab === 'daily' && <Daily />}
      {tab === 'corrections' && <Corrections />}
      {tab === 'low' && <Low />}
      {tab === 'expiring' && <Expiring />}
      {tab === 'export' && <Export />}
    </section>
  );
}

/** A value that follows `value` once it has stopped changing for `ms` (a number typed key by key). */
function useSettled<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** A report's body: its figures marked while new ones are on their way (the progress bar says so in words; not
 *  aria-busy here, which would also hush the field being typed in). */
const body = (loading: boolean) => ({ className: `ostack${loading ? ' stale' : ''}` });

const num = (s: string) => Number(s); // chart positions only; every figure shown is the API's decimal string

/** A chart series of money: the canvas places Number(amount); hover and the table read the amount itself, exact. */
function moneySeries(label: string, amounts: string[], shop: Parameters<typeof fmtMoney>[1], look: Pick<ChartSeries, 'color' | 'bars'>): ChartSeries {
  return { label, values: amounts.map(num), text: amounts.map((a) => fmtMoney(a, shop)), ...look };
}

function Deferred() {
  const shop = useShop();
  const thisMonth = localDay(useApp.getState().now(), shop.timeZone).slice(0, 7);
  const [from, setFrom] = useState(addMonths(thisMonth, -5));
  const [to, setTo] = useState(thisMonth);
  const [fromChosen, setFromChosen] = useState(false);
  const { data: read, error, loading } = useLoad(() => owner(api.reports.deferredRevenue({ from, to })), [from, to]);
  // the six months shown at first start no earlier than the shop's books: a shop opened in April showed November to
  // March as rows of 0,00 €. A From the owner typed is shown as asked.
  const data = useMemo(() => (read && !fromChosen ? { ...read, months: fromFirstActivity(read.months, (m) => [m.opening, m.sold, m.recognised, m.breakage, m.fees, m.refunds, m.other, m.closing, m.journalClosing]) } : read), [read, fromChosen]);
  const fmt = useCallback((v: number) => new Intl.NumberFormat(shop.locale, { style: 'currency', currency: shop.currency, maximumFractionDigits: 0 }).format(v), [shop]);
  const chart = useMemo(() => data && data.months.length > 0 ? {
    labels: data.months.map((m) => shortMonth(m.month, shop.locale)),
    series: [
      moneySeries('Sold', data.months.map((m) => m.sold), shop, { color: '#0f6b3a' }),
      moneySeries('Recognised', data.months.map((m) => m.recognised), shop, { color: '#0b5cad' }),
      moneySeries('Breakage', data.months.map((m) => m.breakage), shop, { color: '#b3261e', bars: true }),
      moneySeries('Closing deferred', data.months.map((m) => m.closing), shop, { color: '#14213d' }),
    ],
  } : null, [data, shop]);
  return (
    <div {...body(loading)}>
      <form className="otoolbar" onSubmit={(e) => e.preventDefault()}>
        <div className="field ofield"><label htmlFor="rp-from">From month</label><input id="rp-from" type="month" value={from} onChange={(e) => { setFromChosen(true); setFrom(e.target.value); }} /></div>
        <div className="field ofield"><label htmlFor="rp-to">To month</label><input id="rp-to" type="month" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        <p className="muted small">Opening + sold − recognised − breakage − cancellation fees − refunds + brought over = closing.</p>
      </form>
      <ErrorLine error={error} />
      {data && (
        <div className="otable-wrap" tabIndex={0}>
          <table className="otable compact" data-testid="deferred-table">
            <caption className="sr-only">Deferred revenue roll-forward</caption>
            <thead><tr><th>Month</th><th className="r">Opening</th><th className="r">Sold</th><th className="r">Recognised</th><th className="r">Breakage</th><th className="r">Cancellation fees</th><th className="r">Refunds</th><th className="r">Brought over</th><th className="r">Closing</th><th className="r">Journal</th></tr></thead>
            <tbody>
              {data.months.map((m) => (
                <tr key={m.month}>
                  <td>{shortMonth(m.month, shop.locale)}</td><td className="r"><Money value={m.opening} /></td><td className="r"><Money value={m.sold} /></td>
                  <td className="r"><Money value={m.recognised} /></td><td className="r"><Money value={m.breakage} /></td><td className="r"><Money value={m.fees} /></td><td className="r"><Money value={m.refunds} /></td>
                  <td className="r"><Money value={m.other} /></td><td className="r"><strong><Money value={m.closing} /></strong></td>
                  <td className={`r ${m.journalClosing === m.closing ? '' : 'bad'}`}><Money value={m.journalClosing} /></td>
                </tr>
              ))}
              {data.months.length === 0 && <tr><td colSpan={10} className="empty">No months in this range.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {chart && <Chart title="Deferred revenue by month" labels={chart.labels} series={chart.series} yFormat={fmt} />}
    </div>
  );
}

const booksBalance = (t: OutputOf<'reports.accounts'>['totals']) => [t.opening, t.change, t.closing].every((v) => /^-?0(\.0+)?$/.test(v));

/** The accounts on paper, for the owner's records and the accountant: the shop, the month, when it was printed, the table. */
function AccountsDoc({ data }: { data: OutputOf<'reports.accounts'> }) {
  const shop = useShop();
  const now = useApp.getState().now();
  const when = new Intl.DateTimeFormat(shop.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: shop.timeZone });
  return (
    <article className="ostatement page" data-testid="accounts-doc" aria-label={`Accounts for ${shortMonth(data.month, shop.locale)}`}>
      <header className="ostatement-head">
        <div><div className="shop">{shop.name}</div><div className="title">Accounts</div></div>
        <dl>
          <div><dt>Month</dt><dd>{new Intl.DateTimeFormat(shop.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${data.month}-01T12:00:00Z`))}</dd></div>
          <div><dt>As of</dt><dd>{when.format(new Date(data.asOf))}{data.asOf === data.to ? ' (the month\'s end)' : ''}</dd></div>
          <div><dt>Printed</dt><dd>{when.format(now)}</dd></div>
        </dl>
      </header>
      <p className="muted">Debit +, credit − ({shop.currency}). Each column adds up to zero when the books balance.</p>
      <table>
        <thead><tr><th>Account</th><th>What it is</th><th className="r">Opening</th><th className="r">This month</th><th className="r">Closing</th></tr></thead>
        <tbody>
          {data.accounts.map((a) => (
            <tr key={a.account}><td className="nowrap">{a.account}</td><td>{a.description}</td>
              <td className="r">{fmtMoney(a.opening, shop)}</td><td className="r">{fmtMoney(a.change, shop)}</td><td className="r">{fmtMoney(a.closing, shop)}</td></tr>
          ))}
          {data.accounts.length === 0 && <tr><td colSpan={5}>Nothing in the books by the end of this month.</td></tr>}
          <tr className="cb"><td colSpan={2}><strong>Total {booksBalance(data.totals) ? '(the books balance)' : '(the books do not balance!)'}</strong></td>
            <td className="r">{fmtMoney(data.totals.opening, shop)}</td><td className="r">{fmtMoney(data.totals.change, shop)}</td><td className="r">{fmtMoney(data.totals.closing, shop)}</td></tr>
        </tbody>
      </table>
    </article>
  );
}

/** The accounts of a month (a trial balance): opening, change and closing per account, debit + and credit −. */
function Accounts() {
  const shop = useShop();
  const thisMonth = localDay(useApp.getState().now(), shop.timeZone).slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const settled = useSettled(month);
  const { data, error, loading } = useLoad(() => owner(api.reports.accounts(/^\d{4}-\d{2}$/.test(settled) ? { month: settled } : {})), [settled]);
  const [paper, setPaper] = useState<PaperSize>('A4');
  const [printError, setPrintError] = useState<string | null>(null);
  const print = async () => {
    setPrintError(null);
    const r = await printOwnerPaper();
    if (!r.ok) setPrintError(r.message ?? 'Printing failed.');
  };
  const csv = useExportSave();
  return (
    <div {...body(loading)}>
      <form className="otoolbar" onSubmit={(e) => e.preventDefault()}>
        <div className="field ofield"><label htmlFor="rp-acc-month">Month</label><input id="rp-acc-month" type="month" value={month} max={thisMonth} onChange={(e) => setMonth(e.target.value)} /></div>
        <Select label="Paper" name="accounts-paper" value={paper} onChange={(v) => setPaper(v as PaperSize)} options={[{ value: 'A4', label: 'A4' }, { value: 'Letter', label: 'Letter' }]} />
        <button className="btn" type="button" disabled={!data || loading} onClick={() => void print()}>Print…</button>
        <button className="btn" type="button" disabled={!data || loading} aria-disabled={csv.busy || undefined}
          onClick={() => data && void csv.save({ kind: 'accounts', month: data.month }, `the accounts for ${shortMonth(data.month, shop.locale)}`)}>Save CSV…</button>
        <p className="muted small">Each account as the journal keeps it: what the shop has or is owed is +, what it owes or earned is −. Each column adds up to zero when the books balance.</p>
      </form>
      <ErrorLine error={error ?? printError ?? csv.error} />
      {csv.result && <p className="onotice ok" role="status" data-testid="accounts-csv-saved">{csv.result}</p>}
      {data && <OwnerPrintPortal size={paper}><AccountsDoc data={data} /></OwnerPrintPortal>}
      {data && (
        <div className="otable-wrap" tabIndex={0}>
          <table className="otable compact" data-testid="accounts-table">
            <caption className="sr-only">Accounts for {shortMonth(data.month, shop.locale)}</caption>
            <thead><tr><th>Account</th><th>What it is</th><th className="r">Opening</th><th className="r">This month</th><th className="r">{data.asOf === data.to ? 'Closing' : 'Now'}</th></tr></thead>
            <tbody>
              {data.accounts.map((a) => (
                <tr key={a.account}>
                  <td><code>{a.account}</code></td><td>{a.description}</td>
                  <td className="r"><Money value={a.opening} /></td><td className="r"><Money value={a.change} /></td><td className="r"><strong><Money value={a.closing} /></strong></td>
                </tr>
              ))}
              {data.accounts.length === 0 && <tr><td colSpan={5} className="empty">Nothing in the books by the end of this month.</td></tr>}
            </tbody>
            {data.accounts.length > 0 && (
              <tfoot>
                <tr data-testid="accounts-total">
                  <th colSpan={2} scope="row">Total {booksBalance(data.totals) ? '(the books balance)' : '(the books do not balance!)'}</th>
                  {(['opening', 'change', 'closing'] as const).map((k) => <td key={k} className={`r ${/^-?0(\.0+)?$/.test(data.totals[k]) ? '' : 'bad'}`}><Money value={data.totals[k]} /></td>)}
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
    </div>
  );
}

function Daily() {
  const shop = useShop();
  const today = localDay(useApp.getState().now(), shop.timeZone);
  const [from, setFrom] = useState(() => sameDayLastMonth(today));
  const [to, setTo] = useState(today);
  // a sale voided below changes today's figures: read them again
  const [voids, setVoids] = useState(0);
  const { data, error, loading } = useLoad(() => owner(api.reports.daily({ from, to })), [from, to, voids]);
  const printError = usePrint((st) => (st.job?.kind === 'summary' ? st.error : null));
  const fmt = useCallback((v: number) => new Intl.NumberFormat(shop.locale, { style: 'currency', currency: shop.currency, maximumFractionDigits: 0 }).format(v), [shop]);
  const charts = useMemo(() => {
    if (!data || data.days.length === 0) return null;
    // day labels in the shop's locale ("20.11." in a German shop), from the local date itself (no time zone shift)
    const dayLabel = new Intl.DateTimeFormat(shop.locale, { day: 'numeric', month: 'numeric', timeZone: 'UTC' });
    const labels = data.days.map((d) => dayLabel.format(new Date(`${d.date}T00:00:00Z`)));
    return {
      labels,
      money: [
        // passes sold plus top-ups, added as decimals (exact), not as floats
        moneySeries('Sales', data.days.map((d) => new Decimal(d.salesAmount).add(d.topUpsAmount).add(d.cashSalesAmount).toFixed()), shop, { color: '#0f6b3a', bars: true }),
        moneySeries('Recognised', data.days.map((d) => d.recognised), shop, { color: '#0b5cad' }),
      ],
      // net of the day's undos and voids (a day with only a void is negative): the table read out says so
      credits: [{
        label: 'Credits redeemed', values: data.days.map((d) => num(d.creditsRedeemed)),
        text: data.days.map((d) => creditsWithVoids(d.creditsRedeemed, d.voided, shop.locale)), color: '#8a4b00', bars: true,
      }],
    };
  }, [data, shop]);
  return (
    <div {...body(loading)}>
      <form className="otoolbar" onSubmit={(e) => e.preventDefault()}>
        <div className="field ofield"><label htmlFor="rd-from">From</label><input id="rd-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="rd-from-day" /><DayWords id="rd-from-day" value={from} /></div>
        <div className="field ofield"><label htmlFor="rd-to">To</label><input id="rd-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-describedby="rd-to-day" /><DayWords id="rd-to-day" value={to} /></div>
        {/* counting up at the end of the day: today alone, then its summary on the receipt roll */}
        <button type="button" className="btn" onClick={() => { setFrom(today); setTo(today); }}>Today</button>
        <button type="button" className="btn" data-testid="print-summary" aria-disabled={!data || loading || undefined}
          onClick={() => { if (data && !loading) void printSummary(data, shop); }}>Print summary</button>
      </form>
      <ErrorLine error={error ?? printError} />
      {charts && <Chart xLabel="Day" title="Sales and recognised revenue per day" labels={charts.labels} series={charts.money} yFormat={fmt} />}
      {charts && <Chart xLabel="Day" title={`Credits redeemed per day (${unitLabel('2', shop.creditUnit, shop.locale)})`} labels={charts.labels} series={charts.credits} />}
      {data && (
        <div className="otable-wrap tall" tabIndex={0} role="region" aria-label="Daily figures">
          <table className="otable compact odaily" data-testid="daily-table">
            <caption className="sr-only">Sales and redemptions per day</caption>
            {/* the columns in groups, so 18 of them read as five questions; the day stays put when the table scrolls sideways */}
            <colgroup><col /></colgroup><colgroup span={4} /><colgroup span={3} /><colgroup span={3} /><colgroup span={5} /><colgroup span={2} />
            <thead>
              <tr className="ogroups">
                <td className="oday" />
                <th scope="colgroup" colSpan={4} className="g">Sold</th><th scope="colgroup" colSpan={3} className="g">Till, net of refunds</th>
                <th scope="colgroup" colSpan={3} className="g">Counter</th><th scope="colgroup" colSpan={5} className="g">Revenue</th><th scope="colgroup" colSpan={2} className="g">Payments</th>
              </tr>
              <tr>
                <th scope="col" className="oday">Day</th><th scope="col" className="r g">Passes sold</th><th scope="col" className="r">Sales</th><th scope="col" className="r">Top-ups</th><th scope="col" className="r">Without a pass</th>
                <th scope="col" className="r g">Cash</th><th scope="col" className="r">Card</th><th scope="col" className="r">Other</th>
                <th scope="col" className="r g">Redemptions</th><th scope="col" className="r">Voided</th><th scope="col" className="r">Credits</th>
                <th scope="col" className="r g">Recognised</th><th scope="col" className="r">Overage</th><th scope="col" className="r">Breakage</th><th scope="col" className="r">Cancellation fees</th><th scope="col" className="r">Without a pass</th>
                <th scope="col" className="r g">Taken</th><th scope="col" className="r">Paid back</th>
              </tr>
            </thead>
            <tbody>
              {data.days.map((d) => (
                <tr key={d.date}>
                  <th scope="row" className="oday nowrap">{dayLabel(d.date, shop.locale)}</th><DailyFigures d={d} locale={shop.locale} />
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="daily-total">
                <th scope="row" className="oday">Total, {data.days.length === 1 ? '1 day' : `${count(data.days.length, shop.locale)} days`}</th><DailyFigures d={data.totals} locale={shop.locale} />
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {data && <p className="muted small">Voided: redemptions undone or voided that day, made that day or earlier. Credits and recognised revenue are net of them, so a day already past never changes; a day with more given back than redeemed reads below zero. Cash, card and other: what was taken that day less what was paid back, by method: what the till and the terminal should show. A payment's way corrected (Paid another way…) counts on the day it was corrected, out of the way the counter tapped and into the right one, so a day with nothing paid back can read below zero under the way that was tapped; a day already counted keeps its figures. Cancellation fees: what refunds kept back that day. Without a pass: items sold at their cash price, what was taken for them, and as revenue net of that day's undos and voids. Taken: every payment (passes, top-ups, overage, payments on account, sales without a pass); paid back: refunds, undos and voids.</p>}
      <PaymentsOfDay date={to} onChanged={() => setVoids((n) => n + 1)} />
      <CashSalesOfDay date={to} onVoided={() => setVoids((n) => n + 1)} />
    </div>
  );
}

type DailyFiguresView = OutputOf<'reports.daily'>['totals'];

/** One row's figures, a day's or the range's total: the same cells in the same order as the header. */
function DailyFigures({ d, locale }: { d: DailyFiguresView; locale: string }) {
  return (
    <>
      {/* "g": the first column of a group, after the line */}
      <td className="r g">{count(d.sales, locale)}</td><td className="r"><Money value={d.salesAmount} /></td><td className="r"><Money value={d.topUpsAmount} /></td>
      <td className="r" title={`${count(d.cashSales, locale)} sales`}><Money value={d.cashSalesAmount} /></td>
      <td className="r g"><Money value={d.till.cash} /></td><td className="r"><Money value={d.till.card} /></td><td className="r"><Money value={d.till.other} /></td>
      <td className="r g">{count(d.redemptions, locale)}</td><td className="r">{count(d.voided, locale)}</td><td className="r"><Credits value={d.creditsRedeemed} /></td>
      <td className="r g"><Money value={d.recognised} /></td><td className="r"><Money value={d.overage} /></td><td className="r"><Money value={d.breakage} /></td>
      <td className="r"><Money value={d.fees} /></td><td className="r"><Money value={d.cashSalesRevenue} /></td><td className="r g"><Money value={d.payments} /></td><td className="r"><Money value={d.refunds} /></td>
    </>
  );
}

/** The shown report's total row on the receipt roll, for the days the report holds (not the fields, which may be newer). */
async function printSummary(data: OutputOf<'reports.daily'>, shop: ReturnType<typeof useShop>): Promise<void> {
  const first = data.days[0]?.date;
  const last = data.days.at(-1)?.date;
  if (!first || !last) return;
  const range = first === last ? dayLabel(first, shop.locale) : `${dayLabel(first, shop.locale)} – ${dayLabel(last, shop.locale)}`;
  await usePrint.getState().print({ kind: 'summary', range, at: new Date(useApp.getState().now()).toISOString(), totals: data.totals });
}


/** A day's net credits as read (chart legend, screen-reader table): "-1 (1 voided)" in the shop's locale. */
export function creditsWithVoids(net: string, voided: number, locale: string): string {
  const n = fmtCredits(net, locale);
  return voided > 0 ? `${n} (${count(voided, locale)} voided)` : n;
}

const CORRECTION_KIND: Record<string, string> = {
  undo: 'Undone', void: 'Voided', adjust: 'Adjustment', move: 'Moved', refund: 'Refund', gift: 'Free credits', extend: 'Extended',
  extend_undo: 'Extension taken back', cash_undo: 'Sale undone', cash_void: 'Sale voided', method: 'Paid another way',
};
const CORRECTIONS_PAGE = 50;

/**
 * Every correction of a range of days, newest first: who made it (the counter's undos need no PIN), what it was, for
 * whom, and why. The owner checks the week; the accountant sees why money went back outside a sale.
 */
function Corrections() {
  const shop = useShop();
  const today = localDay(useApp.getState().now(), shop.timeZone);
  const [from, setFrom] = useState(() => sameDayLastMonth(today));
  const [to, setTo] = useState(today);
  const [page, setPage] = useState(0);
  const { data, error, loading } = useLoad(() => owner(api.reports.corrections({ from, to, offset: page * CORRECTIONS_PAGE, limit: CORRECTIONS_PAGE })), [from, to, page]);
  const pages = data ? Math.max(1, Math.ceil(data.total / CORRECTIONS_PAGE)) : 1;
  const csv = useExportSave();
  return (
    <div {...body(loading)}>
      <form className="otoolbar" onSubmit={(e) => e.preventDefault()}>
        <div className="field ofield"><label htmlFor="rc-from">From</label><input id="rc-from" type="date" value={from} onChange={(e) => { setFrom(e.target.value); setPage(0); }} aria-describedby="rc-from-day" /><DayWords id="rc-from-day" value={from} /></div>
        <div className="field ofield"><label htmlFor="rc-to">To</label><input id="rc-to" type="date" value={to} onChange={(e) => { setTo(e.target.value); setPage(0); }} aria-describedby="rc-to-day" /><DayWords id="rc-to-day" value={to} /></div>
        {/* the whole range as the report read it (its own instants), oldest first, for the accountant's spreadsheet */}
        <button className="btn" type="button" disabled={!data || loading} aria-disabled={csv.busy || undefined}
          onClick={() => data && void csv.save({ kind: 'corrections', from: data.from, to: data.to }, 'the corrections')}>Save CSV…</button>
      </form>
      <ErrorLine error={error ?? csv.error} />
      {csv.result && <p className="onotice ok" role="status" data-testid="corrections-csv-saved">{csv.result}</p>}
      {data && (
        <p className="muted" data-testid="corrections-summary">
          {count(data.total, shop.locale)} {data.total === 1 ? 'correction' : 'corrections'}; <Money value={data.paidBack} /> went back to customers.
        </p>
      )}
      {data && (
        <div className="otable-wrap" tabIndex={0} role="region" aria-label="Corrections">
          <table className="otable compact" data-testid="corrections-table">
            <caption className="sr-only">Corrections, newest first</caption>
            <thead><tr><th>When</th><th>By</th><th>What</th><th>Customer</th><th>Details</th><th className="r">Credits</th><th className="r">Money</th></tr></thead>
            <tbody>
              {data.entries.map((e) => (
                <tr key={e.key}>
                  <td className="nowrap">{dateTime(e.at, shop)}</td>
                  <td>{e.by === 'counter' ? 'Counter' : 'Owner'}</td>
                  <td>{CORRECTION_KIND[e.kind] ?? e.kind}</td>
                  <td>{e.customerId !== null
                    ? <button type="button" className="linkish" onClick={() => useOwner.getState().openCustomer(e.customerId!)}>{e.customerName}</button>
                    : <span className="muted">without a pass</span>}</td>
                  <td>{e.description}{e.planName && <span className="sub"> · {e.planName} #{e.passId}</span>}{e.reason && <span className="sub"> — {e.reason}</span>}</td>
                  <td className="r">{e.credits === null ? '' : <Credits value={e.credits} />}</td>
                  <td className="r">{e.money === null ? '' : <Money value={e.money} />}</td>
                </tr>
              ))}
              {data.entries.length === 0 && <tr><td colSpan={7} className="empty">No corrections in these days.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > CORRECTIONS_PAGE && (
        <div className="opager">
          <button type="button" className="btn" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>Newer</button>
          <span>Page {page + 1} of {pages}</span>
          <button type="button" className="btn" disabled={page + 1 >= pages} onClick={() => setPage((p) => p + 1)}>Older</button>
        </div>
      )}
    </div>
  );
}

function Low() {
  const { data, error, loading } = useLoad(() => owner(api.reports.lowBalance({})), []);
  const { shown, more } = useRowsShown(data);
  return (
    <div {...body(loading)}>
      <ErrorLine error={error} />
      {data && (
        <div className="otable-wrap" tabIndex={0}>
          <table className="otable compact" data-testid="low-table">
            <caption className="sr-only">Passes low on credits</caption>
            <thead><tr><th>Customer</th><th>Pass</th><th className="r">Balance</th><th className="r">Low at</th></tr></thead>
            <tbody>
              {data.passes.slice(0, shown).map((p) => (
                <tr key={p.passId}>
                  <td><button type="button" className="linkish" onClick={() => useOwner.getState().openCustomer(p.customerId)}>{p.customerName}</button></td>
                  <td>{p.planName}</td><td className="r"><Credits value={p.balance} unit={p.creditUnit} /></td>
                  <td className="r">{p.thresholdCredits || p.thresholdPercent
                    ? <>{p.thresholdCredits ? <Credits value={p.thresholdCredits} /> : ''}{p.thresholdPercent ? ` ${p.thresholdPercent}%` : ''}</>
                    : <span className="muted">used up</span>}</td>
                </tr>
              ))}
              {data.passes.length === 0 && <tr><td colSpan={4} className="empty">No pass is low right now.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {data && <MoreRows shown={shown} total={data.passes.length} more={more} />}
    </div>
  );
}

function Expiring() {
  const shop = useShop();
  const [days, setDays] = useState('14');
  // asked once the number is typed, not at each key (on a big ledger each answer takes seconds)
  const typed = /^\d+$/.test(days) ? Math.min(366, Math.max(1, Number(days))) : 14;
  const n = useSettled(typed);
  const { data, error, loading } = useLoad(() => owner(api.reports.expiring({ days: n })), [n]);
  const { shown, more } = useRowsShown(data);
  return (
    <div {...body(loading || typed !== n)}>
      <form className="otoolbar" onSubmit={(e) => e.preventDefault()}>
        <div className="field ofield"><label htmlFor="rx-days">Ending within (days)</label><input id="rx-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} /></div>
      </form>
      <ErrorLine error={error} />
      {data && (
        <div className="otable-wrap" tabIndex={0}>
          <table className="otable compact" data-testid="expiring-table">
            <caption className="sr-only">Credits ending soon</caption>
            <thead><tr><th>Customer</th><th>Pass</th><th>Ends</th><th className="r">Credits</th><th className="r">Roll over</th><th className="r">Would become breakage</th></tr></thead>
            <tbody>
              {data.lots.slice(0, shown).map((l) => (
                <tr key={l.lotId}>
                  <td><button type="button" className="linkish" onClick={() => useOwner.getState().openCustomer(l.customerId)}>{l.customerName}</button></td>
                  <td>{l.planName} <span className="sub">{l.source.replace(/_/g, ' ')}</span></td><td className="nowrap">{validThrough(l.expiresAt, shop, useApp.getState().now())}</td>
                  <td className="r"><Credits value={l.credits} unit={l.creditUnit} /></td>
                  <td className="r">{isPositive(l.rollsOver) ? <Credits value={l.rollsOver} unit={l.creditUnit} /> : '—'}</td><td className="r"><Money value={l.value} /></td>
                </tr>
              ))}
              {data.lots.length === 0 && <tr><td colSpan={6} className="empty">Nothing ends in this window.</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {data && <MoreRows shown={shown} total={data.lots.length} more={more} />}
    </div>
  );
}

type ExportKind = 'journal' | 'customers' | 'passes' | 'entries';
const EXPORTS: Array<{ kind: ExportKind; format: 'csv' | 'hledger' | 'beancount'; label: string }> = [
  { kind: 'journal', format: 'hledger', label: 'Journal for hledger' },
  { kind: 'journal', format: 'beancount', label: 'Journal for beancount' },
  { kind: 'journal', format: 'csv', label: 'Journal (CSV)' },
  { kind: 'customers', format: 'csv', label: 'Customers (CSV)' },
  { kind: 'passes', format: 'csv', label: 'Passes and lots (CSV)' },
  { kind: 'entries', format: 'csv', label: 'Ledger entries (CSV)' },
];

/**
 * Write an export into the folder beside the ledger and hand it to the owner (Electron's save dialog, or a browser
 * download), with progress while it runs and a line saying where it went: the Export tab and the accounts' CSV.
 */
function useExportSave() {
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save(input: InputOf<'exports.create'>, label: string) {
    if (busy) return;
    setBusy(true); setError(null); setResult(null);
    const progress = useOwner.getState().setProgress;
    progress({ label: `Exporting ${label}…`, value: null });
    try {
      const r: OutputOf<'exports.create'> = await owner(api.exports.create(input));
      progress({ label: `Handing over ${r.fileName}…`, value: null });
      const saved = await saveExport(r.fileName);
      const how = window.passbookShell ? `Saved ${saved}` : `Downloaded ${saved} (see your browser's downloads)`;
      setResult(saved ? `${r.rows} rows. ${how}. A copy stays in the exports folder beside the ledger (${r.fileName}).` : `Not saved. The export is in the exports folder beside the ledger: ${r.fileName}.`);
    } catch (err) {
      setError(notThereYet(err) ? 'Exports are not available in this build yet.' : errorText(err));
    } finally { setBusy(false); progress(null); }
  }
  return { result, error, busy, save };
}

function Export() {
  const [choice, setChoice] = useState('0');
  const { result, error, busy, save } = useExportSave();
  const run = () => {
    const e = EXPORTS[Number(choice)]!;
    return save({ kind: e.kind, format: e.format }, e.label);
  };
  return (
    <div className="ostack">
      <Notice>For the accountant: the double-entry journal as plain-text accounting (hledger or beancount) or CSV, and the customer, pass and entry tables.</Notice>
      <form className="otoolbar" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <Select label="What" name="export" value={choice} onChange={setChoice} options={EXPORTS.map((e, i) => ({ value: String(i), label: e.label }))} />
        <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>Export and save…</button>
      </form>
      <ErrorLine error={error} />
      {result && <p className="onotice ok" role="status">{result}</p>}
    </div>
  );
}

/**
 * The sales without a pass of one day (the report's last day unless another is picked): what was sold, how it was
 * paid, and Void… for one brought back after the counter's undo window (its money goes back the way it came).
 */
function CashSalesOfDay({ date: initial, onVoided }: { date: string; onVoided: () => void }) {
  const shop = useShop();
  const [date, setDate] = useListDay(initial);
  const [asked, setAsked] = useState(0);
  const { data, error } = useLoad(() => owner(api.cashSales.list({ date })), [date, asked]);
  const [voiding, setVoiding] = useState<CashSaleView | null>(null);
  const [changing, setChanging] = useState<WayTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const when = new Intl.DateTimeFormat(shop.locale, { hour: 'numeric', minute: '2-digit', timeZone: shop.timeZone });
  return (
    <section aria-labelledby="cash-sales-title" className="ocash">
      <h3 id="cash-sales-title" className="section-title">Sales without a pass</h3>
      <ListDayField id="cs-date" value={date} onChange={setDate} />
      {notice && <p className="onotice" role="status" data-testid="cash-sales-notice">{notice}</p>}
      <ErrorLine error={error} />
      {data && (data.sales.length === 0 ? <p className="empty">None that day.</p> : (
        <div className="otable-wrap" tabIndex={0} role="region" aria-label="Sales without a pass that day">
          <table className="otable compact" data-testid="cash-sales">
            <thead><tr><th>Time</th><th>Items</th><th>Paid by</th><th className="r">Total</th><th>State</th><th><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {data.sales.map((s) => (
                <tr key={s.saleId} className={s.reversed ? 'voided' : undefined}>
                  <td className="nowrap">{when.format(new Date(s.at))}</td>
                  <td>{s.lines.map((l) => `${fmtCredits(l.quantity, shop.locale)} × ${l.name}`).join(', ')}</td>
                  <td><WayCell way={s} /></td>
                  <td className="r"><Money value={s.total} /></td>
                  <td>{s.reversed ? `${s.reversed.kind === 'undo' ? 'undone at the counter' : 'voided'}${s.reversed.reason ? `: ${s.reversed.reason}` : ''}` : 'sold'}</td>
                  <td className="actions-cell">{!s.reversed && (<>
                    <button className="btn btn-small" type="button" onClick={() => setVoiding(s)} aria-label={`Void the sale of ${when.format(new Date(s.at))}, ${fmtMoney(s.total, shop)}`}>Void…</button>
                    <button className="btn btn-small" type="button" aria-label={`Paid another way: the sale of ${when.format(new Date(s.at))}, ${fmtMoney(s.total, shop)}`}
                      onClick={() => setChanging({ saleId: s.saleId, what: `Sale without a pass, ${s.lines.map((l) => `${fmtCredits(l.quantity, shop.locale)} × ${l.name}`).join(', ')}`, amount: s.total, method: s.paymentMethod, recorded: s.recordedMethod })}>Paid another way…</button>
                  </>)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {changing && <PaymentMethodDialog target={changing} onClose={() => setChanging(null)} onDone={(msg) => { setChanging(null); setNotice(msg); setAsked((n) => n + 1); onVoided(); }} />}
      {voiding && <CashSaleVoid sale={voiding} onClose={() => setVoiding(null)} onDone={(msg) => { setVoiding(null); setNotice(msg); setAsked((n) => n + 1); onVoided(); }} />}
    </section>
  );
}

function CashSaleVoid({ sale, onClose, onDone }: { sale: CashSaleView; onClose: () => void; onDone: (msg: string) => void }) {
  const shop = useShop();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(newClientId);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true); setErrors({}); setError(null);
    try {
      const v = await owner(api.cashSales.void({ clientId, saleId: sale.saleId, reason }));
      onDone(`Sale voided: pay back ${fmtMoney(v.total, shop)} (${v.paymentMethod}).`);
    } catch (err) {
      const r = refusal(err);
      setErrors(r.errors); setError(r.error);
    } finally { setBusy(false); }
  }
  return (
    <Modal labelledBy="cs-void-title" onClose={onClose} testId="cash-sale-void" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="cs-void-title">Void a sale without a pass</h2>
        <p>{sale.lines.map((l) => `${fmtCredits(l.quantity, shop.locale)} × ${l.name}`).join(', ')}: <strong>{fmtMoney(sale.total, shop)}</strong> paid by {sale.paymentMethod} goes back the same way, on today's figures.</p>
        <Field label="Reason" name="reason" value={reason} onChange={setReason} error={errors.reason} required autoFocus placeholder="e.g. brought back cold" />
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button className="btn btn-danger" type="submit" aria-disabled={busy || undefined}>{busy ? 'Working…' : `Pay back ${fmtMoney(sale.total, shop)} and void`}</button>
        </div>
      </form>
    </Modal>
  );
}
