// Selling at the counter: a pass (to the open customer or a new one typed inline), a top-up pack,
// and the pass card with its QR code. The store keeps each sale's client id until it is answered, so a retry
// after a lost answer, even from the dialog opened again, never sells twice.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { api } from '../api/client';
import { useApp } from '../store/app';
import { useCounter } from '../store/counter';
import { usePrint } from '../store/print';
import { creditsWithUnit, money, validThrough } from '../lib/format';
import { fromInput, toInput } from '../lib/amountInput';
import { Modal } from './Modal';
import { CatalogProblem } from './CartPanel';
import { focusSearch } from './focus';
import type { PaymentMethod, PlanRow, ReplaceReason } from '../api/types';
import { fitsUnit } from '../../../core/catalog/units';
import { nameKey } from '../../../core/customers/fold';

const METHODS: Array<{ id: PaymentMethod; label: string }> = [
  { id: 'cash', label: 'Cash' }, { id: 'card', label: 'Card' }, { id: 'other', label: 'Other' },
];

export function PaymentChoice({ value, onChange, name }: { value: PaymentMethod; onChange: (m: PaymentMethod) => void; name: string }) {
  return (
    <fieldset>
      <legend>Paid by</legend>
      <div className="choices">
        {METHODS.map((m) => (
          <label key={m.id} className="choice"><input type="radio" name={name} value={m.id} checked={value === m.id} onChange={() => onChange(m.id)} />{m.label}</label>
        ))}
      </div>
    </fieldset>
  );
}

function PlanChoice({ plans, value, onChange, legend, name }: { plans: PlanRow[]; value: number | null; onChange: (id: number) => void; legend: string; name: string }) {
  const shop = useApp((s) => s.shop)!;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <div className="choices" style={{ flexDirection: 'column', alignItems: 'stretch' }}>
        {plans.map((p) => (
          <label key={p.id} className="choice">
            <input type="radio" name={name} value={p.id} checked={value === p.id} onChange={() => onChange(p.id)} />
            <span style={{ flex: 1 }}><strong>{p.name}</strong> · {creditsWithUnit(p.credits, p.creditUnit, shop.locale)}{p.bonusCredits !== '0' && <> <span className="bonus-tag">+ {creditsWithUnit(p.bonusCredits, p.creditUnit, shop.locale)} free</span></>}{p.validity !== 'none' ? ` · ${p.validity === 'days' ? `${p.validityDays} days` : `per ${p.validity}`}${p.periods > 1 ? ` × ${p.periods}` : ''}` : ''}</span>
            {/* a pass of several periods is paid for all of them at the sale */}
            <span className="r">
              <strong>{money(p.salePrice, shop)}</strong>
              {p.kind === 'plan' && p.periods > 1 && <span className="muted small" style={{ display: 'block' }}>{p.periods} × {money(p.price, shop)}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

const closeDialog = () => { useCounter.getState().closeDialog(); setTimeout(focusSearch, 0); };

type Quote = Awaited<ReturnType<typeof api.plans.quote>>;

/** What the chosen plan gives if sold now (the core's plans.quote), refreshed when the choice changes. */
function useQuote(planId: number | null): Quote | null {
  const [quote, setQuote] = useState<Quote | null>(null);
  useEffect(() => {
    let live = true;
    setQuote(null);
    if (planId !== null) api.plans.quote({ planId }).then((q) => { if (live) setQuote(q); }, () => { /* the sale itself still answers */ });
    return () => { live = false; };
  }, [planId]);
  return quote;
}

/** What happens to what is left when a period ends, in the plan's words. */
function rolloverWords(p: PlanRow, shop: { locale: string }): string {
  if (p.rolloverPolicy === 'all') return 'what is left then rolls over';
  if (p.rolloverPolicy === 'cap') {
    return p.rolloverCapCredits !== null
      ? `up to ${creditsWithUnit(p.rolloverCapCredits, p.creditUnit, shop.locale)} then roll over, the rest expires`
      : `up to ${p.rolloverCapPercent}% then rolls over, the rest expires`;
  }
  return 'what is left then expires';
}

/** A sentence's full stop, unless it ends with a date that has one already ("31. Dez."). */
const stop = (text: string): string => (text.endsWith('.') ? '' : '.');

/**
 * When the chosen pass's credits end, said before the money is taken. Calendar periods are shared by the whole
 * shop, so a month pass sold on the 31st first runs to midnight: that is said as a warning.
 */
function QuoteNote({ plan, quote }: { plan: PlanRow | undefined; quote: Quote | null }) {
  const shop = useApp((s) => s.shop)!;
  if (!plan || !quote || quote.planId !== plan.id || quote.firstEndsAt === null) return null;
  // with the year when it is not this one: a year pack bought on 31 Mar reads "Mar 30, 2027", not yesterday
  const now = useApp.getState().now();
  const first = validThrough(quote.firstEndsAt, shop, now);
  const last = quote.termEndsAt !== null && quote.termEndsAt !== quote.firstEndsAt ? `; the last of ${plan.periods} periods, through ${validThrough(quote.termEndsAt, shop, now)}` : '';
  if (quote.shortFirstPeriod && plan.kind === 'topup') {
    return (
      <p id="sell-quote" className="quote-note quote-short" role="note" aria-live="polite" data-testid="sell-quote">
        These {creditsWithUnit(plan.credits, plan.creditUnit, shop.locale)} are valid through {first} only: the day of purchase counts as the first day. Tell the customer before taking the money.
      </p>
    );
  }
  if (quote.shortFirstPeriod) {
    return (
      // the sell button is described by this note (aria-describedby), and a plan chosen later is said when it changes
      <p id="sell-quote" className="quote-note quote-short" role="note" aria-live="polite" data-testid="sell-quote">
        Short first {plan.validity === 'days' ? 'period' : plan.validity}: these {creditsWithUnit(plan.credits, plan.creditUnit, shop.locale)} are valid through {first} only; {rolloverWords(plan, shop)}{last}{stop(last || 'x')} Tell the customer before taking the money.
      </p>
    );
  }
  return <p id="sell-quote" className="quote-note muted small" data-testid="sell-quote">{plan.periods > 1 ? 'First' : 'These'} {creditsWithUnit(plan.credits, plan.creditUnit, shop.locale)} valid through {first}{last}{stop(last || first)}</p>;
}

type Found = { id: number; name: string; code: string; balance: string | null };
// names as an import matches them (case, accents and runs of spaces folded: "Zoe  Muller" is Zoé Müller)
const sameName = (a: string, b: string): boolean => nameKey(a) === nameKey(b);
const digitsOf = (x: string): string => x.replace(/\D/g, '');
/**
 * The same phone written another way: one number ends the other (a country code added or left out), or the last 8
 * digits agree (a trunk 0 for a country code: 07700 900123 and +44 7700 900123). Looser than an import's rule, which
 * skips a line: this only asks "Same person?".
 */
const samePhone = (a: string, b: string): boolean => Math.min(a.length, b.length) >= 7
  && (a.endsWith(b) || b.endsWith(a) || (Math.min(a.length, b.length) >= 8 && a.slice(-8) === b.slice(-8)));

/**
 * A customer already in the ledger with the name (or the phone) being typed for a new one: the same person added twice
 * gets two cards and two passes that only the owner can bring together, so it is said before the money is taken.
 */
function useAlreadyACustomer(name: string, phone: string): Found | null {
  const [found, setFound] = useState<Found | null>(null);
  useEffect(() => {
    const n = name.trim();
    const d = digitsOf(phone);
    if (n.length < 2 && d.length < 7) { setFound(null); return; }
    let live = true;
    const t = setTimeout(() => {
      const asks = [n.length >= 2 ? api.customers.search({ query: n, limit: 10 }) : null, d.length >= 7 ? api.customers.search({ query: d, limit: 10 }) : null];
      void Promise.all(asks.map((a) => a?.then((r) => r.customers, () => []) ?? Promise.resolve([]))).then(([byName, byPhone]) => {
        if (!live) return;
        const hit = byName!.find((c) => sameName(c.name, n)) ?? byPhone!.find((c) => c.phone !== null && samePhone(digitsOf(c.phone), d));
        setFound(hit ?? null);
      });
    }, 250);
    return () => { live = false; clearTimeout(t); };
  }, [name, phone]);
  return found;
}

export function SellPassDialog({ newCustomer }: { newCustomer: boolean }) {
  const plans = useCounter((s) => s.plans).filter((p) => p.kind === 'plan');
  const catalogLoaded = useCounter((s) => s.catalogLoaded);
  const catalogError = useCounter((s) => s.catalogError);
  const customer = useCounter((s) => s.customer);
  const shop = useApp((s) => s.shop)!;
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [planId, setPlanId] = useState<number | null>(plans[0]?.id ?? null);
  // opened before the catalog arrived (Alt+N right after start-up): the first plan once there is one
  const firstPlan = plans[0]?.id ?? null;
  useEffect(() => { if (planId === null && firstPlan !== null) setPlanId(firstPlan); }, [planId, firstPlan]);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const forNew = newCustomer || !customer;
  const plan = plans.find((p) => p.id === planId);
  const quote = useQuote(planId);
  const already = useAlreadyACustomer(forNew ? name : '', forNew ? phone : '');
  // said as it appears (a note added with its words already in it is not read out), once per customer found
  useEffect(() => {
    if (already) useCounter.getState().say(`${already.name} is already a customer: card ${already.code}. Same person?`);
  }, [already?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (forNew && !name.trim()) {
      // said and shown where it is: the focus goes to the empty name field
      setNameError('Enter the customer’s name.');
      document.getElementById('new-name')?.focus();
      return;
    }
    if (!planId) { setError(catalogError ? 'The passes could not be loaded: try again.' : catalogLoaded ? 'Choose a pass to sell.' : 'The passes are still loading: try again in a moment.'); return; }
    setBusy(true); setError(null); setNameError(null);
    const err = await useCounter.getState().sellPass({
      ...(forNew ? { newCustomer: { name: name.trim(), phone } } : { customerId: customer!.customer.id }),
      planId, paymentMethod: method,
    });
    setBusy(false);
    if (err) setError(err); else setTimeout(focusSearch, 0);
  }

  return (
    <Modal labelledBy="sell-title" onClose={closeDialog} testId="sell-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="sell-title">{forNew ? 'New customer and pass' : `Sell a pass to ${customer!.customer.name}`}</h2>
        {forNew && (
          <>
            <div className="field">
              <label htmlFor="new-name">Customer name</label>
              <input id="new-name" value={name} onChange={(e) => setName(e.target.value)} data-autofocus autoComplete="off" aria-invalid={!!nameError} aria-describedby={nameError ? 'new-name-error' : undefined} />
              {nameError && <span id="new-name-error" className="field-error" role="alert">{nameError}</span>}
            </div>
            <div className="field">
              <label htmlFor="new-phone">Phone (optional)</label>
              <input id="new-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
            </div>
            {already && (
              <p className="quote-note quote-short" role="note" data-testid="already-customer">
                {already.name} is already a customer: card {already.code}{already.balance !== null ? `, ${creditsWithUnit(already.balance, shop.creditUnit, shop.locale)} left` : ''}.
                {' '}Same person? <button type="button" className="btn btn-small" data-testid="open-existing" onClick={() => { useCounter.getState().closeDialog(); void useCounter.getState().openCustomer(already.id); setTimeout(focusSearch, 0); }}>Open {already.name}</button>
              </p>
            )}
          </>
        )}
        {catalogError ? <CatalogProblem what="passes" /> : plans.length === 0 ? (catalogLoaded ? <p className="error">No passes to sell yet: the owner adds plans under Owner.</p> : <p className="muted" role="status">Loading the passes…</p>) : (
          <PlanChoice plans={plans} value={planId} onChange={setPlanId} legend="Pass" name="sell-plan" />
        )}
        <QuoteNote plan={plan} quote={quote} />
        <PaymentChoice value={method} onChange={setMethod} name="sell-method" />
        {error && <p className="error" role="alert" data-testid="sell-error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={closeDialog} disabled={busy}>Cancel</button>
          <button type="submit" className="btn btn-primary" aria-disabled={busy || !plan || undefined} data-testid="sell-submit" data-autofocus={!forNew || undefined} aria-describedby={quote && plan && quote.planId === plan.id && quote.firstEndsAt !== null ? 'sell-quote' : undefined}>
            {busy ? 'Selling…' : plan ? `Take ${money(plan.salePrice, shop)} and sell` : 'Sell'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function TopUpDialog() {
  const packs = useCounter((s) => s.plans).filter((p) => p.kind === 'topup');
  const catalogLoaded = useCounter((s) => s.catalogLoaded);
  const catalogError = useCounter((s) => s.catalogError);
  const customer = useCounter((s) => s.customer);
  const passId = useCounter((s) => s.passId);
  const shop = useApp((s) => s.shop)!;
  const pass = customer?.passes.find((p) => p.id === passId);
  const fitting = pass ? packs.filter((p) => fitsUnit(p.creditUnit, pass.creditUnit)) : packs;
  const [packId, setPackId] = useState<number | null>(fitting[0]?.id ?? null);
  const firstPack = fitting[0]?.id ?? null;
  useEffect(() => { if (packId === null && firstPack !== null) setPackId(firstPack); }, [packId, firstPack]);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pack = fitting.find((p) => p.id === packId);
  const quote = useQuote(packId);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!pass) { setError('This customer has no pass to top up: sell a pass first.'); return; }
    if (!packId) { setError(catalogError ? 'The packs could not be loaded: try again.' : catalogLoaded ? 'Choose a top-up pack.' : 'The packs are still loading: try again in a moment.'); return; }
    setBusy(true); setError(null);
    const err = await useCounter.getState().topUp({ passId: pass.id, packId, paymentMethod: method });
    setBusy(false);
    if (err) setError(err); else setTimeout(focusSearch, 0);
  }

  return (
    <Modal labelledBy="topup-title" onClose={closeDialog} testId="topup-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="topup-title">Top up {customer?.customer.name}{pass ? ` · ${pass.planName}` : ''}</h2>
        {!pass && <p className="error">This customer has no pass to top up: sell a pass first.</p>}
        {catalogError ? <CatalogProblem what="packs" /> : fitting.length === 0 ? (catalogLoaded ? <p className="error">No top-up packs yet: the owner adds them under Owner.</p> : <p className="muted" role="status">Loading the packs…</p>) : (
          <PlanChoice plans={fitting} value={packId} onChange={setPackId} legend="Top-up pack" name="topup-pack" />
        )}
        <QuoteNote plan={pack} quote={quote} />
        <PaymentChoice value={method} onChange={setMethod} name="topup-method" />
        {error && <p className="error" role="alert" data-testid="topup-error">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={closeDialog} disabled={busy}>Cancel</button>
          <button type="submit" className="btn btn-primary" aria-disabled={busy || !pack || !pass || undefined} data-testid="topup-submit" data-autofocus aria-describedby={quote && pack && quote.planId === pack.id && quote.firstEndsAt !== null ? 'sell-quote' : undefined}>
            {busy ? 'Adding…' : pack ? `Take ${money(pack.price, shop)} and add ${creditsWithUnit(pack.credits, pack.creditUnit, shop.locale)}${pack.bonusCredits !== '0' ? ` + ${creditsWithUnit(pack.bonusCredits, pack.creditUnit, shop.locale)} free` : ''}` : 'Top up'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const REASONS: Array<{ id: ReplaceReason; label: string }> = [
  { id: 'lost', label: 'Lost' }, { id: 'stolen', label: 'Stolen' }, { id: 'damaged', label: 'Damaged or worn' }, { id: 'other', label: 'Other' },
];

export function PassCardDialog() {
  const customer = useCounter((s) => s.customer);
  const passId = useCounter((s) => s.passId);
  const printError = usePrint((s) => s.error);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // a lost card: the replace step, then the new card shown with the old code named as dead
  const [replacing, setReplacing] = useState(false);
  const [replacedCode, setReplacedCode] = useState<string | null>(null);
  const [replaceBusy, setReplaceBusy] = useState(false);
  const printRef = useRef<HTMLButtonElement>(null);
  const code = customer?.customer.code ?? '';
  // the card as the ledger has it now: the owner may have replaced it since this customer was opened, and a card
  // printed with the dead code opens no one (refreshCustomer puts the new code on screen, and this dialog redraws)
  useEffect(() => { void useCounter.getState().refreshCustomer(); }, []);
  useEffect(() => { if (qr && !replacing) printRef.current?.focus(); }, [qr, replacing]);
  useEffect(() => {
    let live = true;
    setQr(null);
    QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 1, width: 320 })
      .then((url) => { if (live) setQr(url); })
      .catch((e: Error) => { if (live) setError(`The QR code could not be drawn: ${e.message}`); });
    return () => { live = false; };
  }, [code]);
  if (!customer) return null;
  const pass = customer.passes.find((p) => p.id === passId);

  if (replacing) {
    return (
      // its own dialog (key): opened fresh, it puts the focus on its first choice, and Esc goes back to the card
      <Modal key="replace" labelledBy="replace-title" onClose={() => setReplacing(false)} testId="replace-card-dialog" busy={replaceBusy}>
        <ReplaceCardForm name={customer.customer.name} code={code} busy={replaceBusy} setBusy={setReplaceBusy}
          onBack={() => setReplacing(false)} onDone={(old) => { setReplacedCode(old); setReplacing(false); }} />
      </Modal>
    );
  }
  return (
    <Modal key="card" labelledBy="card-title" onClose={closeDialog} testId="card-dialog">
      <div className="body">
        <h2 id="card-title">{replacedCode ? 'New pass card' : 'Pass card'} for {customer.customer.name}</h2>
        {replacedCode && (
          <p className="confirm-line" role="status" data-testid="card-replaced">
            Card {replacedCode} no longer works: scanned, it is refused. Print this new card and hand it over.
          </p>
        )}
        <div className="qr">
          {qr ? <img src={qr} alt={`QR code for card ${code}`} data-testid="qr" /> : <span role="status">Drawing the QR code…</span>}
          <strong style={{ fontFamily: 'ui-monospace, monospace', fontSize: '1.3rem', letterSpacing: '.06em' }} data-testid="card-code">{code}</strong>
        </div>
        {(error || printError) && <p className="error" role="alert">{error ?? printError}</p>}
        <div className="dialog-actions">
          {!replacedCode && <button type="button" className="btn btn-left" data-testid="replace-card-open" onClick={() => setReplacing(true)}>Card lost? Replace it…</button>}
          <button type="button" className="btn" onClick={closeDialog}>Close</button>
          <button ref={printRef} type="button" className="btn btn-primary" disabled={!qr} data-autofocus
            onClick={() => qr && void usePrint.getState().print({ kind: 'card', customer: customer.customer, planName: pass?.planName ?? null, qrDataUrl: qr })}>Print card</button>
        </div>
      </div>
    </Modal>
  );
}

/**
 * A lost, stolen or worn card: the customer gets a new code at once and the old one opens no one (the ledger keeps
 * it, refused by name). A pre-printed card's code may be scanned or typed in; otherwise Passbook makes one to print.
 */
function ReplaceCardForm({ name, code, busy, setBusy, onBack, onDone }: { name: string; code: string; busy: boolean; setBusy: (b: boolean) => void; onBack: () => void; onDone: (oldCode: string) => void }) {
  const [reason, setReason] = useState<ReplaceReason>('lost');
  const [newCode, setNewCode] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true); setError(null);
    const r = await useCounter.getState().replaceCard({ reason, ...(newCode.trim() ? { code: newCode.trim() } : {}) });
    setBusy(false);
    if ('error' in r) setError(r.error); else onDone(r.oldCode);
  }

  return (
    <form onSubmit={submit} noValidate>
      <h2 id="replace-title">Replace {name}&rsquo;s card</h2>
      <p id="replace-effect">Card <strong>{code}</strong> stops working at once: if it is found and scanned, it is refused. {name}&rsquo;s passes, balance and history stay as they are.</p>
      <fieldset>
        <legend>Why</legend>
        <div className="choices">
          {REASONS.map((r) => (
            <label key={r.id} className="choice"><input type="radio" name="replace-reason" value={r.id} checked={reason === r.id} onChange={() => setReason(r.id)} data-autofocus={r.id === 'lost' || undefined} />{r.label}</label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="replace-code">Code of a pre-printed card (optional)</label>
        {/* a scanner ends with Enter, and a busy computer can make its keys look typed: Enter here only fills the field,
            so retiring a card always takes the button */}
        <input id="replace-code" value={newCode} onChange={(e) => setNewCode(e.target.value)} autoComplete="off" spellCheck={false} maxLength={40}
          onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); }}
          data-scan-target aria-describedby="replace-code-hint" aria-invalid={!!error || undefined} />
        <span id="replace-code-hint" className="hint">Scan or type the new card’s code here, then press Replace card. Left empty, Passbook makes a code to print.</span>
      </div>
      {error && <p className="error" role="alert" data-testid="replace-error">{error}</p>}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onBack} disabled={busy}>Back</button>
        <button type="submit" className="btn btn-danger" aria-disabled={busy || undefined} aria-describedby="replace-effect" data-testid="replace-card-submit">
          {busy ? 'Replacing…' : `Replace card ${code}`}
        </button>
      </div>
    </form>
  );
}

export function SettleOverageDialog() {
  const customer = useCounter((s) => s.customer);
  const passId = useCounter((s) => s.passId);
  const shop = useApp((s) => s.shop)!;
  const pass = customer?.passes.find((p) => p.id === passId);
  const [amount, setAmount] = useState(toInput(pass?.overageDue ?? '0', shop.locale));
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!pass) return null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !pass) return;
    const read = fromInput(amount, shop.locale, shop.minorDigits);
    if (!read.ok) { setError(read.error); return; }
    setBusy(true); setError(null);
    const err = await useCounter.getState().settleOverage({ passId: pass.id, amount: read.value, paymentMethod: method });
    setBusy(false);
    if (err) setError(err); else setTimeout(focusSearch, 0);
  }

  return (
    <Modal labelledBy="settle-title" onClose={closeDialog} testId="settle-dialog" busy={busy}>
      <form onSubmit={submit} noValidate>
        <h2 id="settle-title">Take an overage payment</h2>
        <p style={{ margin: 0 }}>{customer!.customer.name} owes {money(pass.overageDue, shop)} on {pass.planName}.</p>
        <div className="field">
          <label htmlFor="settle-amount">Amount ({shop.currency})</label>
          <input id="settle-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} aria-invalid={!!error} aria-describedby={error ? 'settle-error' : undefined} autoComplete="off" />
        </div>
        <PaymentChoice value={method} onChange={setMethod} name="settle-method" />
        {error && <p id="settle-error" className="error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={closeDialog} disabled={busy}>Cancel</button>
          <button type="submit" className="btn btn-primary" aria-disabled={busy || undefined} data-testid="settle-submit" data-autofocus>{busy ? 'Taking…' : 'Take payment'}</button>
        </div>
      </form>
    </Modal>
  );
}
