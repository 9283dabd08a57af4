// The paper: rendered outside #root into .print-root, which only @media print shows.
import { createPortal } from 'react-dom';
import { useApp } from '../store/app';
import { CARDS_PER_SHEET, usePrint, type CardSheet, type CardsJob, type CashSaleJob, type PurchaseJob, type ReceiptJob, type RecoveryJob, type RefundJob, type SummaryJob } from '../store/print';
import { formatRecoveryCode } from '../../../core/shop/recovery';
import { compareDecimal, count, creditsWithUnit, credits, longDateTime, money, moneyBackText } from '../lib/format';
import type { ShopView } from '../../../core/contract/common';
import { Decimal } from '../../../core/money/decimal';
import { endsByDay } from '../lib/ends';
import { fromPass } from '../lib/used';

let host: HTMLElement | null = null;
function printHost(): HTMLElement {
  if (!host) {
    host = document.createElement('div');
    host.className = 'print-root';
    host.setAttribute('aria-hidden', 'true');
    document.body.appendChild(host);
  }
  return host;
}

export function PrintRoot() {
  const job = usePrint((s) => s.job);
  const shop = useApp((s) => s.shop);
  if (!job || !shop) return null;
  const paper = job.kind === 'receipt' ? <Receipt job={job} shop={shop} />
    : job.kind === 'purchase' ? <PurchaseReceipt job={job} shop={shop} />
    : job.kind === 'cashSale' ? <CashSaleReceipt job={job} shop={shop} />
    : job.kind === 'summary' ? <DaysSummary job={job} shop={shop} />
    : job.kind === 'refund' ? <OwnerRefundSlip job={job} shop={shop} />
    : job.kind === 'recovery' ? <RecoverySlip job={job} shop={shop} />
    : job.kind === 'card' ? <PassCard name={job.customer.name} code={job.customer.code} planName={job.planName} qrDataUrl={job.qrDataUrl} shop={shop} />
    : job.sheet ? <CardSheets cards={job.cards} sheet={job.sheet} shop={shop} />
    : <div className="passcards">{job.cards.map((c) => <PassCard key={c.code} name={c.name} code={c.code} planName={null} qrDataUrl={c.qrDataUrl} shop={shop} />)}</div>;
  return createPortal(paper, printHost());
}

export function Receipt({ job, shop }: { job: ReceiptJob; shop: ShopView }) {
  const r = job.result;
  return (
    <div className="receipt" data-testid="receipt">
      <h1>{shop.name}</h1>
      <div className="center">{longDateTime(job.at, shop)}</div>
      {/* isolated: a right-to-left name must not pull a code's leading digit to its side ("5 · مريم EDC3RJ7") */}
      <div className="center"><bdi>{job.customerName}</bdi> · <bdi>{job.customerCode}</bdi></div>
      <div className="center">{job.planName}</div>
      {job.undone && <div className="center"><strong>UNDONE</strong></div>}
      <hr />
      <table>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.itemId}>
              <td>{credits(l.quantity, shop.locale)} × <bdi>{l.name}</bdi></td>
              <td className="r">{credits(l.credits, shop.locale)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <hr />
      <table>
        <tbody>
          <tr><td>Balance before</td><td className="r">{creditsWithUnit(r.balanceBefore, job.unit, shop.locale)}</td></tr>
          {/* before − used = after: the credits over are named apart, with what they cost (the screen's "5 used + 1 over") */}
          <tr><td>Credits used</td><td className="r">{creditsWithUnit(fromPass(r.creditsUsed, r.overage), job.unit, shop.locale)}</td></tr>
          {r.overage && <tr><td>Over the balance</td><td className="r">{creditsWithUnit(r.overage.credits, job.unit, shop.locale)}</td></tr>}
          {r.overage && <tr><td>{r.overage.settlement === 'now' ? `Overage paid${r.overage.paymentMethod ? ` (${r.overage.paymentMethod})` : ''}` : 'Overage (on account)'}</td><td className="r">{money(r.overage.amount, shop)}</td></tr>}
          <tr><td>{job.undo ? 'Balance after it' : <strong>Balance after</strong>}</td><td className="r">{job.undo ? creditsWithUnit(r.balanceAfter, job.unit, shop.locale) : <strong>{creditsWithUnit(r.balanceAfter, job.unit, shop.locale)}</strong>}</td></tr>
        </tbody>
      </table>
      {job.undo && (
        <>
          <hr />
          <table>
            <tbody>
              <tr><td>Undone: credits back</td><td className="r">{creditsWithUnit(job.undo.creditsRestored, job.unit, shop.locale)}</td></tr>
              {job.undo.moneyBack.map((m) => <tr key={m.method}><td>Paid back ({m.method})</td><td className="r">{money(m.amount, shop)}</td></tr>)}
              {moneyBackText(job.undo, shop).account && <tr><td>Off the account</td><td className="r">{money(job.undo.accountCleared, shop)}</td></tr>}
              <tr><td><strong>Balance now</strong></td><td className="r"><strong>{creditsWithUnit(job.undo.balanceAfter, job.unit, shop.locale)}</strong></td></tr>
            </tbody>
          </table>
        </>
      )}
      <UseBy lots={job.lots} at={job.at} unit={job.unit} shop={shop} />
      <hr />
      {shop.receiptFooter && <div className="center">{shop.receiptFooter}</div>}
    </div>
  );
}

/**
 * When the pass's credits must be used by: the live lots' ends, per last valid day, with what the period close does
 * then (the ledger's split), so a receipt never says credits expire that will roll over.
 */
function UseBy({ lots, at, unit, shop }: { lots: ReceiptJob['lots']; at: string; unit: string; shop: ShopView }) {
  const ends = endsByDay(lots, shop, undefined, new Date(at).getTime()); // the year shown when not the receipt's
  return (
    <>
      {ends.length > 0 && (
        <>
          <hr />
          <div>Use by the end of:</div>
          <table>
            <tbody>
              {ends.map((e) => (
                <tr key={e.day}>
                  <td>
                    {creditsWithUnit(e.credits, unit, shop.locale)}
                    {e.rolls !== null && e.expires !== null && compareDecimal(e.rolls, '0') > 0 && (
                      <div className="sub" data-testid="receipt-rollover">
                        then {credits(e.rolls, shop.locale)} roll{compareDecimal(e.rolls, '1') === 0 ? 's' : ''} over
                        {compareDecimal(e.expires, '0') > 0 ? `, ${credits(e.expires, shop.locale)} expire${compareDecimal(e.expires, '1') === 0 ? 's' : ''}` : ''}
                      </div>
                    )}
                  </td>
                  <td className="r">{e.day}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/**
 * A sale's, top-up's or payment on account's receipt: what was bought (or paid off), what it cost and how it was paid,
 * and what the pass holds (and still owes) now.
 */
export function PurchaseReceipt({ job, shop }: { job: PurchaseJob; shop: ShopView }) {
  const p = job.purchase;
  const b = p.bought;
  const paid = p.settled;
  const title = p.kind === 'sale' ? 'Pass sold' : p.kind === 'topup' ? `Top-up to ${p.planName}` : `Payment on account · ${p.planName}`;
  if (p.undone && b) return <RefundSlip job={job} shop={shop} />;
  return (
    <div className="receipt" data-testid="purchase-receipt">
      <h1>{shop.name}</h1>
      <div className="center">{longDateTime(p.at, shop)}</div>
      <div className="center"><bdi>{p.customerName}</bdi> · <bdi>{p.customerCode}</bdi></div>
      <div className="center">{title}</div>
      <hr />
      <table>
        <tbody>
          {b && <tr><td>{b.name}</td><td className="r">{creditsWithUnit(b.credits, p.unit, shop.locale)}</td></tr>}
          {b && b.bonus && b.bonus !== '0' && <tr><td>Bonus, free</td><td className="r">+ {creditsWithUnit(b.bonus, p.unit, shop.locale)}</td></tr>}
          {b && b.periods > 1 && <tr><td colSpan={2} className="sub">{b.periods} periods paid: {creditsWithUnit(b.credits, p.unit, shop.locale)} now, and {credits(b.credits, shop.locale)} more at the start of each of the next {b.periods - 1}</td></tr>}
          {b && <tr><td><strong>Paid ({b.paymentMethod})</strong></td><td className="r"><strong>{money(b.paid, shop)}</strong></td></tr>}
          {paid && <tr><td>Overage owed before</td><td className="r">{money(new Decimal(paid.dueAfter).plus(paid.amount).toFixed(), shop)}</td></tr>}
          {paid && <tr><td><strong>Paid ({paid.paymentMethod})</strong></td><td className="r"><strong>{money(paid.amount, shop)}</strong></td></tr>}
          {paid && <tr><td>Still owed</td><td className="r">{money(paid.dueAfter, shop)}</td></tr>}
        </tbody>
      </table>
      <BalanceNow purchase={p} shop={shop} />
      <UseBy lots={p.lots} at={p.at} unit={p.unit} shop={shop} />
      <hr />
      {shop.receiptFooter && <div className="center">{shop.receiptFooter}</div>}
    </div>
  );
}

/** What the pass holds after a purchase or its undo (a sale undone: its pass is cancelled). */
function BalanceNow({ purchase: p, shop, cancelled = false }: { purchase: PurchaseJob['purchase']; shop: ShopView; cancelled?: boolean }) {
  return (
    <>
      <hr />
      <table>
        <tbody>
          <tr><td><strong>Balance now</strong></td><td className="r"><strong>{creditsWithUnit(p.balanceAfter, p.unit, shop.locale)}</strong></td></tr>
          {cancelled && <tr><td colSpan={2} className="sub">The pass is cancelled.</td></tr>}
        </tbody>
      </table>
    </>
  );
}

/**
 * A sale or top-up undone at the counter: what was bought and when, the money handed back and how, the credits taken
 * off, and what the pass holds now (a sale's pass is cancelled). The customer's and the till's paper for the refund.
 */
function RefundSlip({ job, shop }: { job: PurchaseJob; shop: ShopView }) {
  const p = job.purchase;
  const b = p.bought!;
  const u = p.undone!;
  return (
    <div className="receipt" data-testid="purchase-receipt">
      <h1>{shop.name}</h1>
      <div className="center">{longDateTime(u.at ?? p.at, shop)}</div>
      <div className="center"><bdi>{p.customerName}</bdi> · <bdi>{p.customerCode}</bdi></div>
      <div className="center"><strong>REFUND: {p.kind === 'sale' ? 'sale' : 'top-up'} undone</strong></div>
      <hr />
      <table>
        <tbody>
          <tr><td>{b.name}</td><td className="r">{creditsWithUnit(b.credits, p.unit, shop.locale)}</td></tr>
          <tr><td colSpan={2} className="sub">bought {longDateTime(p.at, shop)}, paid {money(b.paid, shop)} ({b.paymentMethod})</td></tr>
          <tr><td>Credits taken back</td><td className="r">−{creditsWithUnit(u.credits, p.unit, shop.locale)}</td></tr>
          <tr><td><strong>Paid back ({u.paymentMethod})</strong></td><td className="r"><strong>{money(u.refunded, shop)}</strong></td></tr>
        </tbody>
      </table>
      <BalanceNow purchase={p} shop={shop} cancelled={p.kind === 'sale'} />
      <hr />
      {shop.receiptFooter && <div className="center">{shop.receiptFooter}</div>}
    </div>
  );
}

const REFUND_TITLE: Record<RefundJob['what'], string> = { pass: 'pass refunded and cancelled', topup: 'top-up', credits: 'credits' };

/**
 * An owner's refund: the credits taken back, what they were worth and where that went (overage owed on account, a
 * cancellation fee kept, the rest paid back and how), the reason, and what the pass holds (or owes) now.
 */
export function OwnerRefundSlip({ job, shop }: { job: RefundJob; shop: ShopView }) {
  const zero = (v: string) => /^-?0(\.0+)?$/.test(v);
  const worth = new Decimal(job.refunded).plus(job.settledOnAccount).plus(job.fee).toFixed();
  return (
    <div className="receipt" data-testid="refund-slip">
      <h1>{shop.name}</h1>
      <div className="center">{longDateTime(job.at, shop)}</div>
      <div className="center"><bdi>{job.customerName}</bdi> · <bdi>{job.customerCode}</bdi></div>
      <div className="center"><strong>REFUND: {REFUND_TITLE[job.what]}{job.lotId !== undefined ? ` #${job.lotId}` : ''}</strong></div>
      <div className="center">{job.planName}</div>
      <hr />
      <table>
        <tbody>
          {job.credits !== null && <tr><td>Credits taken back</td><td className="r">−{creditsWithUnit(job.credits, job.unit, shop.locale)}</td></tr>}
          {(!zero(job.settledOnAccount) || !zero(job.fee)) && <tr><td>Their unused value</td><td className="r">{money(worth, shop)}</td></tr>}
          {!zero(job.settledOnAccount) && <tr><td>Paid to the overage owed</td><td className="r">−{money(job.settledOnAccount, shop)}</td></tr>}
          {!zero(job.fee) && <tr><td>Cancellation fee kept</td><td className="r">−{money(job.fee, shop)}</td></tr>}
          <tr><td><strong>Paid back ({job.paymentMethod})</strong></td><td className="r"><strong>{money(job.refunded, shop)}</strong></td></tr>
          <tr><td colSpan={2} className="sub">Reason: {job.reason}</td></tr>
        </tbody>
      </table>
      <hr />
      <table>
        <tbody>
          <tr><td><strong>Balance now</strong></td><td className="r"><strong>{creditsWithUnit(job.balanceAfter, job.unit, shop.locale)}</strong></td></tr>
          {job.cancelled && <tr><td colSpan={2} className="sub">The pass is cancelled.</td></tr>}
          {!zero(job.overageDue) && <tr><td>Still owed on account</td><td className="r">{money(job.overageDue, shop)}</td></tr>}
        </tbody>
      </table>
      <hr />
      {shop.receiptFooter && <div className="center">{shop.receiptFooter}</div>}
    </div>
  );
}

/** A sale without a pass: the lines at the cash price, the total and how it was paid. */
export function CashSaleReceipt({ job, shop }: { job: CashSaleJob; shop: ShopView }) {
  const s = job.sale;
  return (
    <div className="receipt" data-testid="cash-sale-receipt">
      <h1>{shop.name}</h1>
      <div className="center">{longDateTime(s.at, shop)}</div>
      <div className="center">Sale #{s.saleId}</div>
      {s.reversed && <div className="center"><strong>{s.reversed.kind === 'undo' ? 'UNDONE' : 'VOIDED'}: {money(s.total, shop)} paid back</strong></div>}
      <hr />
      <table>
        <tbody>
          {s.lines.map((l, i) => (
            <tr key={i}><td>{credits(l.quantity, shop.locale)} × <bdi>{l.name}</bdi> <span className="sub">@ {money(l.price, shop)}</span></td><td className="r">{money(l.amount, shop)}</td></tr>
          ))}
        </tbody>
      </table>
      <hr />
      <table>
        <tbody>
          <tr><td><strong>Total ({s.paymentMethod})</strong></td><td className="r"><strong>{money(s.total, shop)}</strong></td></tr>
        </tbody>
      </table>
      <hr />
      {shop.receiptFooter && <div className="center">{shop.receiptFooter}</div>}
    </div>
  );
}

/**
 * The owner's summary of some days on the 80 mm roll: sold, the till per method (taken less paid back), what the
 * counter drew and what it earned. Figures are the daily report's total row, as the API summed them.
 */
export function DaysSummary({ job, shop }: { job: SummaryJob; shop: ShopView }) {
  const t = job.totals;
  const row = (label: string, value: string, strong = false) => (
    <tr><td>{strong ? <strong>{label}</strong> : label}</td><td className="r">{strong ? <strong>{value}</strong> : value}</td></tr>
  );
  return (
    <div className="receipt" data-testid="days-summary">
      <h1>{shop.name}</h1>
      <div className="center"><strong>Sales and till</strong></div>
      <div className="center">{job.range}</div>
      <div className="center sub">Printed {longDateTime(job.at, shop)}</div>
      <hr />
      <table>
        <tbody>
          {row(`Passes sold (${count(t.sales, shop.locale)})`, money(t.salesAmount, shop))}
          {row(`Top-ups (${count(t.topUps, shop.locale)})`, money(t.topUpsAmount, shop))}
          {row(`Without a pass (${count(t.cashSales, shop.locale)})`, money(t.cashSalesAmount, shop))}
        </tbody>
      </table>
      <hr />
      <div className="sub">Till, taken less paid back</div>
      <table>
        <tbody>
          {row('Cash', money(t.till.cash, shop), true)}
          {row('Card', money(t.till.card, shop), true)}
          {row('Other', money(t.till.other, shop), true)}
          {row('Taken', money(t.payments, shop))}
          {row('Paid back', money(t.refunds, shop))}
        </tbody>
      </table>
      <hr />
      <table>
        <tbody>
          {row('Redemptions', count(t.redemptions, shop.locale))}
          {row('Undone or voided', count(t.voided, shop.locale))}
          {row('Credits redeemed', credits(t.creditsRedeemed, shop.locale))}
          {row('Recognised', money(t.recognised, shop))}
          {row('Overage', money(t.overage, shop))}
          {row('Breakage', money(t.breakage, shop))}
          {row('Cancellation fees', money(t.fees, shop))}
          {row('Sales without a pass', money(t.cashSalesRevenue, shop))}
        </tbody>
      </table>
    </div>
  );
}

/** The owner PIN's recovery code, to keep with the shop's papers. */
export function RecoverySlip({ job, shop }: { job: RecoveryJob; shop: ShopView }) {
  return (
    <div className="receipt recovery" data-testid="recovery-slip">
      <h1>{shop.name}</h1>
      <div className="center"><strong>Owner PIN recovery code</strong></div>
      <div className="center sub">Made {longDateTime(job.at, shop)}</div>
      <hr />
      <div className="center recovery-code">{formatRecoveryCode(job.code)}</div>
      <hr />
      <p>If the owner PIN is forgotten: Owner area, "Forgot the PIN?", type this code and a new PIN. It works once; then make a new one in Settings, Owner PIN.</p>
      <p><strong>Keep it locked away from the counter:</strong> whoever has it can set a new owner PIN.</p>
    </div>
  );
}

/** Cards on office paper, a page of them at a time (each page its own grid, so no card is split across two), with
 *  their edges drawn to cut along. */
export function CardSheets({ cards, sheet, shop }: { cards: CardsJob['cards']; sheet: CardSheet; shop: ShopView }) {
  const per = CARDS_PER_SHEET[sheet];
  const pages: CardsJob['cards'][] = [];
  for (let i = 0; i < cards.length; i += per) pages.push(cards.slice(i, i + per));
  return (
    <div className={`cardsheets cardsheets-${sheet.toLowerCase()}`} data-testid="card-sheets">
      {pages.map((page, i) => (
        <div key={i} className="cardsheet">
          {page.map((c) => <PassCard key={c.code} name={c.name} code={c.code} planName={null} qrDataUrl={c.qrDataUrl} shop={shop} />)}
        </div>
      ))}
    </div>
  );
}

export function PassCard({ name, code, planName, qrDataUrl, shop }: { name: string; code: string; planName: string | null; qrDataUrl: string; shop: ShopView }) {
  return (
    <div className="passcard" data-testid="passcard">
      {/* one card, whatever the names' length: each line is clamped, so the code and the note stay on it */}
      <div className="passcard-text">
        <div className="passcard-shop">{shop.name}</div>
        <div className="passcard-name"><bdi>{name}</bdi></div>
        {planName && <div className="passcard-plan">{planName}</div>}
        <div className="code">{code}</div>
        <div className="passcard-note">Show this card at the counter.</div>
      </div>
      <img src={qrDataUrl} alt={`QR code for pass ${code}`} />
    </div>
  );
}
