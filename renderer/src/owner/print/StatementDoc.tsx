// A customer statement on paper: shop name, customer, period, per pass the opening balance, each line in
// shop-local time, the closing balance, overage due and payments. A4 / Letter, or the 80 mm receipt roll.
// Dates and times are the shop's (Intl in its locale and time zone), like the period in the header. A lot
// ends at a local midnight, and the statement counts that end in the period it closes: it is printed as the
// end of the last valid day ("30.11.2026, end of day"), never as the first day of the next period.
import { Fragment, type ReactNode } from 'react';
import type { ShopView } from '../../../../core/contract/common';
import { credits as fmtCredits, money as fmtMoney, signedCredits, unitLabel } from '../../lib/format';
import type { StatementEntryView, StatementView } from '../later';

export type PaperSize = 'A4' | 'Letter' | '80mm';

const KIND: Record<string, string> = {
  sale: 'Pass bought', brought_over: 'Balance brought over', topup: 'Top-up', allocation: 'Allocation for the period', rollover_in: 'Kept for the next period', promo: 'Free credits',
  // a restore is a counter undo or an owner's void: the entry does not say which, so neither is named
  adjustment: 'Adjustment', redeem: 'Used', restore: 'Credits given back (undo or void)', adjust: 'Adjustment', refund: 'Refunded', expire: 'Unused credits expired',
  rollover_out: 'Carried to the next period', expire_pending: 'Unused credits expire', extend: 'Credits extended', extend_undo: 'Extension taken back',
};

const PAYMENT: Record<string, string> = {
  sale: 'Pass bought', topup: 'Top-up', overage: 'Overage paid at the counter', settlement: 'Overage paid', refund: 'Refund paid back', overage_refund: 'Overage paid back',
  refund_settlement: 'Overage paid from the refund', refund_fee: 'Cancellation fee kept from the refund',
};

/** Entries of a period's end (a lot ends, or a rollover keeps its credits in a new lot): counted (and shown) on the day before, at its end. */
const ENDS_LOT = new Set(['expire', 'rollover_out', 'rollover_in', 'expire_pending']);
const END_OF_DAY = 'end of day';

type Shop = Pick<ShopView, 'locale' | 'timeZone'>;
const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(shop: Shop, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${shop.locale}|${shop.timeZone}|${JSON.stringify(opts)}`;
  let f = formats.get(key);
  if (!f) { f = new Intl.DateTimeFormat(shop.locale, { ...opts, timeZone: shop.timeZone }); formats.set(key, f); }
  return f;
}
const dateFmt = (shop: Shop) => fmt(shop, { dateStyle: 'medium' });
const timeFmt = (shop: Shop) => fmt(shop, { timeStyle: 'short' });

/** Is this instant a midnight in the shop's zone (a day boundary)? */
function atLocalMidnight(ms: number, shop: Shop): boolean {
  if (new Date(ms).getUTCMilliseconds() !== 0) return false;
  const parts = fmt({ locale: 'en-US', timeZone: shop.timeZone }, { hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(ms);
  return parts.filter((x) => x.type === 'hour' || x.type === 'minute' || x.type === 'second').every((x) => Number(x.value) === 0);
}

/**
 * When an entry happened, as the shop reads it: its local date and time; an expiry or rollover at a day
 * boundary is the end of the day before (the last day the credits could be used).
 */
export function entryWhen(e: Pick<StatementEntryView, 'at' | 'kind'>, shop: Shop): { date: string; time: string } {
  const ms = new Date(e.at).getTime();
  if (ENDS_LOT.has(e.kind) && atLocalMidnight(ms, shop)) return { date: dateFmt(shop).format(ms - 1), time: END_OF_DAY };
  return { date: dateFmt(shop).format(ms), time: timeFmt(shop).format(ms) };
}

export function periodText(s: Pick<StatementView, 'from' | 'to'>, shop: Shop): ReactNode {
  const f = dateFmt(shop);
  // `to` is exclusive (the next local midnight): show the last day it covers. Each date isolated: Arabic dates carry
  // right-to-left marks and printed end first in the page's left-to-right line
  return <><bdi>{f.format(new Date(s.from))}</bdi> – <bdi>{f.format(new Date(new Date(s.to).getTime() - 1))}</bdi></>;
}

function describe(e: StatementEntryView, shop: Shop): ReactNode {
  const locale = shop.locale;
  // each name isolated (<bdi>): an Arabic or Hebrew name ran into the next line's figures, "3 × 2 ,قهوة × Cold Brew"
  if (e.items && e.items.length) {
    return e.items.map((i, k) => <Fragment key={k}>{k > 0 && ', '}{fmtCredits(i.quantity, locale)} × <bdi>{i.name}</bdi></Fragment>);
  }
  // an extension ends credits at a local midnight: said as the last day they can be used
  if ((e.kind === 'extend' || e.kind === 'extend_undo') && e.extendedTo && e.extendedFrom) {
    const day = (iso: string) => dateFmt(shop).format(new Date(iso).getTime() - 1);
    return `${KIND[e.kind]}: valid through ${day(e.extendedTo)} instead of ${day(e.extendedFrom)}`;
  }
  // a refund's money for periods not granted yet has no lot (and no credits)
  if (e.kind === 'refund' && e.lotId === null) return 'Refunded: periods not started yet';
  return KIND[e.kind] ?? e.kind;
}

/** Passes with something to say in the period (a spent pass from long ago is left out). */
export const shown = (s: StatementView) => s.passes.filter((p) => p.entries.length > 0 || !/^0(\.0+)?$/.test(p.opening) || !/^0(\.0+)?$/.test(p.closing) || !/^0(\.0+)?$/.test(p.overageDue));

export function StatementDoc({ s, shop, size }: { s: StatementView; shop: ShopView; size: PaperSize }) {
  const c = (v: string) => fmtCredits(v, shop.locale);
  const m = (v: string) => fmtMoney(v, shop);
  const roll = size === '80mm';
  const zero = (v: string) => /^-?0(\.0+)?$/.test(v);
  // on pages (A4, Letter) a pass's table header repeats at the top of each printed page it runs onto: its first
  // row says whose statement it is and for when, so a loose page of a long or batched print can be put back
  // (the page number is in the page's margin box: print.css)
  const running = (cols: number) => roll ? null : (
    <tr className="ostatement-running"><th colSpan={cols} scope="colgroup"><bdi>{shop.name}</bdi> · Statement · <bdi>{s.customer.name}</bdi> ({s.customer.code}) · {periodText(s, shop)}</th></tr>
  );
  return (
    <article className={`ostatement ${roll ? 'roll' : 'page'}`} data-testid="statement-doc" aria-label={`Statement for ${s.customer.name}`}>
      <header className="ostatement-head">
        <div>
          <div className="shop">{shop.name}</div>
          <div className="title">Statement</div>
        </div>
        <dl>
          <div><dt>Customer</dt><dd><bdi>{s.customer.name}</bdi></dd></div>
          <div><dt>Card</dt><dd>{s.customer.code}</dd></div>
          <div><dt>Period</dt><dd>{periodText(s, shop)}</dd></div>
        </dl>
      </header>
      {shown(s).length === 0 && <p>No passes in this period.</p>}
      {shown(s).map((p) => (
        <section key={p.passId} className="ostatement-pass">
          <h2><bdi>{p.planName}</bdi> <span className="muted">(pass #{p.passId})</span></h2>
          <table>
            <thead>
              {running(6)}
              <tr>
                <th>Date</th>{!roll && <th>Time</th>}<th>Details</th>{!roll && <th className="r">Lot</th>}
                <th className="r">{unitLabel('2', p.creditUnit, shop.locale).replace(/^./, (x) => x.toUpperCase())}</th><th className="r">Balance</th>
              </tr>
            </thead>
            <tbody>
              <tr className="ob">
                <td className="nowrap">{dateFmt(shop).format(new Date(s.from))}</td>{!roll && <td />}
                <td><strong>Opening balance</strong></td>{!roll && <td />}<td /><td className="r"><strong>{c(p.opening)}</strong></td>
              </tr>
              {p.entries.map((e, i) => { const when = entryWhen(e, shop); return (
                <tr key={i}>
                  <td className="nowrap">{when.date}{roll && <span className="muted ostatement-time"> {when.time}</span>}</td>
                  {!roll && <td className="nowrap">{when.time}</td>}
                  <td>
                    {describe(e, shop)}
                    {e.note && <span className="ostatement-note"> — {e.note}</span>}
                    {e.items && e.items.some((it) => it.rate !== '1') && !roll && (
                      // the rates in words, for the items that take other than one credit: "Muffin 2 drinks each", not "2/drink"
                      // a line of one item needs no name again: "1 × Cold brew (large) (1.5 drinks each)"
                      <span className="muted"> ({e.items.filter((it) => it.rate !== '1').map((it) => `${e.items!.length > 1 ? `${it.name} ` : ''}${c(it.rate)} ${unitLabel(it.rate, p.creditUnit, shop.locale)} ${it.usageUnit === p.creditUnit || it.usageUnit === 'unit' ? 'each' : `per ${it.usageUnit}`}`).join(', ')})</span>
                    )}
                    {e.overage && <span className="muted"> · overage {m(e.overage.amount)}{e.overage.settlement === 'account' ? ' on account' : ''}</span>}
                  </td>
                  {!roll && <td className="r muted">{e.lotId ? `#${e.lotId}` : ''}</td>}
                  <td className="r">{e.kind === 'extend' || e.kind === 'extend_undo' ? '' : signedCredits(e.credits, shop.locale)}</td>
                  <td className="r">{c(e.balanceAfter)}</td>
                </tr>
              ); })}
              <tr className="cb">
                <td />{!roll && <td />}<td><strong>Closing balance</strong></td>{!roll && <td />}<td />
                <td className="r"><strong data-testid="closing-balance">{c(p.closing)} {unitLabel(p.closing, p.creditUnit, shop.locale)}</strong></td>
              </tr>
            </tbody>
          </table>
          <div className="ostatement-totals">
            <span>Used {c(p.totals.redeemed)}</span>
            {!zero(p.totals.restored) && <span>Given back (undo or void) {c(p.totals.restored)}</span>}
            {!zero(p.totals.topUps) && <span>Top-ups {c(p.totals.topUps)}</span>}
            {/* a rollover at the period's end leaves and is kept in the same range: one figure says it */}
            {p.totals.rolledIn === p.totals.rolledOut
              ? !zero(p.totals.rolledOut) && <span>Carried to the next period {c(p.totals.rolledOut)}</span>
              : <>
                {!zero(p.totals.rolledIn) && <span>Rolled in {c(p.totals.rolledIn)}</span>}
                {!zero(p.totals.rolledOut) && <span>Rolled over {c(p.totals.rolledOut)}</span>}
              </>}
            {!zero(p.totals.adjusted) && <span>Adjusted {c(p.totals.adjusted)}</span>}
            {!zero(p.totals.refunded) && <span>Refunded {c(p.totals.refunded)}</span>}
            {!zero(p.totals.expired) && <span>Expired {c(p.totals.expired)}</span>}
            {!zero(p.totals.overageAmount) && <span>Overage {m(p.totals.overageAmount)}</span>}
            {!zero(p.overageDue) && <span><strong>Overage due {m(p.overageDue)}</strong></span>}
          </div>
        </section>
      ))}
      {s.payments.length > 0 && (
        <section className="ostatement-pass">
          <h2>Payments</h2>
          <table>
            {/* a printed page that holds only payments also says whose they are, and what its columns are */}
            <thead>
              {running(3)}
              <tr><th scope="col">Date</th><th scope="col">Payment</th><th scope="col" className="r">Amount</th></tr>
            </thead>
            <tbody>
              {s.payments.map((p, i) => (
                <tr key={i}><td className="nowrap">{dateFmt(shop).format(new Date(p.at))}{roll && <span className="muted ostatement-time"> {timeFmt(shop).format(new Date(p.at))}</span>}</td><td>{PAYMENT[p.kind] ?? p.kind}{p.method ? ` (${p.method})` : ''}</td><td className="r">{m(p.amount)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <footer className="ostatement-foot">
        {!zero(s.overageDue) ? <p><strong>Amount due: {m(s.overageDue)}</strong></p> : <p>Nothing is owed.</p>}
        {shop.receiptFooter && <p>{shop.receiptFooter}</p>}
        <p className="muted ostatement-end">End of statement · <bdi>{s.customer.name}</bdi></p>
      </footer>
    </article>
  );
}
