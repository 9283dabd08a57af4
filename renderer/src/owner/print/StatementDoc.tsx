// A customer statement on paper: shop name, customer, period, per pass the opening balance, each line in
// shop-local time, the closing balance, overage due and payments. A4 / Letter, or the 80 mm receipt roll.
import type { ShopView } from '../../../../core/contract/common';
import { credits as fmtCredits, money as fmtMoney, unitLabel } from '../../lib/format';
import type { StatementEntryView, StatementView } from '../later';
import { localDay } from '../ui';

export type PaperSize = 'A4' | 'Letter' | '80mm';

const KIND: Record<string, string> = {
  sale: 'Pass bought', topup: 'Top-up', allocation: 'Allocation for the period', rollover_in: 'Rolled over from the last period', promo: 'Promotion',
  adjustment: 'Adjustment', redeem: 'Used', restore: 'Returned (voided)', adjust: 'Adjustment', refund: 'Refunded', expire: 'Expired at period end',
  rollover_out: 'Carried to the next period', expire_pending: 'Expires at period end',
};

const PAYMENT: Record<string, string> = {
  sale: 'Pass bought', topup: 'Top-up', overage: 'Overage paid at the counter', settlement: 'Overage paid', refund: 'Refund paid back', overage_refund: 'Overage paid back',
};

function localDate(local: string): string { return local.slice(0, 10); }
function localTime(local: string): string { return local.slice(11, 16); }

export function periodText(s: Pick<StatementView, 'from' | 'to'>, shop: ShopView): string {
  const f = new Intl.DateTimeFormat(shop.locale, { dateStyle: 'medium', timeZone: shop.timeZone });
  // `to` is exclusive (the next local midnight): show the last day it covers
  return `${f.format(new Date(s.from))} – ${f.format(new Date(new Date(s.to).getTime() - 1))}`;
}

function describe(e: StatementEntryView, locale: string): string {
  if (e.items && e.items.length) return e.items.map((i) => `${fmtCredits(i.quantity, locale)} × ${i.name}`).join(', ');
  return KIND[e.kind] ?? e.kind;
}

/** Passes with something to say in the period (a spent pass from long ago is left out). */
export const shown = (s: StatementView) => s.passes.filter((p) => p.entries.length > 0 || !/^0(\.0+)?$/.test(p.opening) || !/^0(\.0+)?$/.test(p.closing) || !/^0(\.0+)?$/.test(p.overageDue));

export function StatementDoc({ s, shop, size }: { s: StatementView; shop: ShopView; size: PaperSize }) {
  const c = (v: string) => fmtCredits(v, shop.locale);
  const m = (v: string) => fmtMoney(v, shop);
  const roll = size === '80mm';
  const zero = (v: string) => /^-?0(\.0+)?$/.test(v);
  return (
    <article className={`ostatement ${roll ? 'roll' : 'page'}`} data-testid="statement-doc" aria-label={`Statement for ${s.customer.name}`}>
      <header className="ostatement-head">
        <div>
          <div className="shop">{shop.name}</div>
          <div className="title">Statement</div>
        </div>
        <dl>
          <div><dt>Customer</dt><dd>{s.customer.name}</dd></div>
          <div><dt>Card</dt><dd>{s.customer.code}</dd></div>
          <div><dt>Period</dt><dd>{periodText(s, shop)}</dd></div>
        </dl>
      </header>
      {shown(s).length === 0 && <p>No passes in this period.</p>}
      {shown(s).map((p) => (
        <section key={p.passId} className="ostatement-pass">
          <h2>{p.planName} <span className="muted">(pass #{p.passId})</span></h2>
          <table>
            <thead>
              <tr>
                <th>Date</th>{!roll && <th>Time</th>}<th>Details</th>{!roll && <th className="r">Lot</th>}
                <th className="r">{unitLabel('2', p.creditUnit).replace(/^./, (x) => x.toUpperCase())}</th><th className="r">Balance</th>
              </tr>
            </thead>
            <tbody>
              <tr className="ob">
                <td className="nowrap">{localDay(new Date(s.from).getTime(), shop.timeZone)}</td>{!roll && <td />}
                <td><strong>Opening balance</strong></td>{!roll && <td />}<td /><td className="r"><strong>{c(p.opening)}</strong></td>
              </tr>
              {p.entries.map((e, i) => (
                <tr key={i}>
                  <td className="nowrap">{localDate(e.localTime)}</td>{!roll && <td>{localTime(e.localTime)}</td>}
                  <td>
                    {describe(e, shop.locale)}
                    {e.items && e.items.length > 0 && !roll && <span className="muted"> ({e.items.map((it) => `${c(it.rate)}/${it.usageUnit}`).join(', ')})</span>}
                    {e.overage && <span className="muted"> · overage {m(e.overage.amount)}{e.overage.settlement === 'account' ? ' on account' : ''}</span>}
                  </td>
                  {!roll && <td className="r muted">{e.lotId ? `#${e.lotId}` : ''}</td>}
                  <td className="r">{c(e.credits).replace(/^(?!-)/, zero(e.credits) ? '' : '+')}</td>
                  <td className="r">{c(e.balanceAfter)}</td>
                </tr>
              ))}
              <tr className="cb">
                <td />{!roll && <td />}<td><strong>Closing balance</strong></td>{!roll && <td />}<td />
                <td className="r"><strong data-testid="closing-balance">{c(p.closing)} {unitLabel(p.closing, p.creditUnit)}</strong></td>
              </tr>
            </tbody>
          </table>
          <div className="ostatement-totals">
            <span>Used {c(p.totals.redeemed)}</span>
            {!zero(p.totals.restored) && <span>Given back (undone or voided) {c(p.totals.restored)}</span>}
            {!zero(p.totals.topUps) && <span>Top-ups {c(p.totals.topUps)}</span>}
            {!zero(p.totals.rolledIn) && <span>Rolled in {c(p.totals.rolledIn)}</span>}
            {!zero(p.totals.rolledOut) && <span>Rolled over {c(p.totals.rolledOut)}</span>}
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
            <tbody>
              {s.payments.map((p, i) => (
                <tr key={i}><td className="nowrap">{localDate(p.localTime)}</td><td>{PAYMENT[p.kind] ?? p.kind} ({p.method})</td><td className="r">{m(p.amount)}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <footer className="ostatement-foot">
        {!zero(s.overageDue) ? <p><strong>Amount due: {m(s.overageDue)}</strong></p> : <p>Nothing is owed.</p>}
        {shop.receiptFooter && <p>{shop.receiptFooter}</p>}
      </footer>
    </article>
  );
}
