// Plans, top-up packs and items: every field of the ledger core's catalog, the API's validation message
// next to the field it is about, archive (never delete). Sold passes keep the terms they were sold with.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { api, newClientId } from '../api/client';
import type { ItemRow, PlanRow } from '../api/types';
import type { InputOf } from '../../../core/contract';
import { errorText, fieldErrors, owner } from './store';
import { Credits, ErrorLine, Field, Money, Notice, SectionHead, Select, useFocusFirstInvalid, useShop, withoutKey } from './ui';
import { example, fromInput, fromOptionalInput, toInput } from '../lib/amountInput';
import { PlanGiftDialog } from './PlanGiftDialog';
import { credits as fmtCredits } from '../lib/format';
import { Decimal } from '../../../core/money/decimal';

type Tab = 'plans' | 'topups' | 'items';

export function CatalogScreen() {
  const shop = useShop();
  const [tab, setTab] = useState<Tab>('plans');
  const [plans, setPlans] = useState<PlanRow[]>([]);
  const [items, setItems] = useState<ItemRow[]>([]);
  const [loaded, setLoaded] = useState(false); // "Loading…", not "Nothing here yet", until the catalog is read
  const [showArchived, setShowArchived] = useState(false);
  const [editing, setEditing] = useState<{ kind: 'plan' | 'topup'; row: PlanRow | null } | { kind: 'item'; row: ItemRow | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [giftOf, setGiftOf] = useState<PlanRow | null>(null);
  /** the button that opened the editor (data-edit), focused again when the editor closes */
  const returnTo = useRef<string | null>(null);
  const listRef = useRef<HTMLElement>(null);

  const load = useCallback(async () => {
    try {
      const [p, i] = await Promise.all([
        owner(api.plans.list({ includeArchived: true })),
        owner(api.items.list({ includeArchived: true })),
      ]);
      setPlans(p.plans); setItems(i.items); setLoaded(true); setError(null);
    } catch (err) { setError(errorText(err)); }
  }, []);
  useEffect(() => { void load(); }, [load]);

  async function archive(kind: 'plan' | 'item', id: number, archived: boolean) {
    try {
      if (kind === 'plan') await owner(api.plans.archive({ clientId: newClientId(), id, archived }));
      else await owner(api.items.archive({ clientId: newClientId(), id, archived }));
      setNotice(archived ? 'Archived: it is no longer offered at the counter. Its history stays.' : 'Restored: it is offered at the counter again.');
      await load();
    } catch (err) { setError(errorText(err)); }
  }

  // back from an editor: the focus returns to the button that opened it (the row's Edit, or New)
  useLayoutEffect(() => {
    if (editing || !returnTo.current || !listRef.current) return;
    const el = listRef.current.querySelector<HTMLElement>(`[data-edit="${returnTo.current}"]`);
    if (el) { el.focus(); returnTo.current = null; }
  }, [editing, plans, items]);

  function open(next: NonNullable<typeof editing>, key: string) {
    returnTo.current = key;
    setEditing(next);
  }

  if (editing) {
    const done = async (msg: string | null) => { setEditing(null); if (msg) setNotice(msg); await load(); };
    return editing.kind === 'item'
      ? <ItemEditor row={editing.row} units={[...new Set(plans.filter((p) => !p.archived).map((p) => p.creditUnit))]} onDone={done} />
      : <PlanEditor kind={editing.kind} row={editing.row} onDone={done} />;
  }

  const visiblePlans = plans.filter((p) => (tab === 'plans' ? p.kind === 'plan' : p.kind === 'topup') && (showArchived || !p.archived));
  const visibleItems = items.filter((i) => showArchived || !i.archived);

  return (
    <section aria-labelledby="catalog-title" ref={listRef}>
      <SectionHead title="Plans & items" id="catalog-title">
        <label className="check"><input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} /> Show archived</label>
        <button className="btn btn-primary" type="button" data-edit="new" onClick={() => open(tab === 'items' ? { kind: 'item', row: null } : { kind: tab === 'plans' ? 'plan' : 'topup', row: null }, 'new')}>
          {tab === 'items' ? 'New item' : tab === 'plans' ? 'New plan' : 'New top-up pack'}
        </button>
      </SectionHead>
      <div className="otabs" role="group" aria-label="Catalog">
        {(['plans', 'topups', 'items'] as Tab[]).map((t) => (
          <button key={t} type="button" aria-pressed={tab === t} onClick={() => { setTab(t); setNotice(null); }}>
            {t === 'plans' ? 'Plans' : t === 'topups' ? 'Top-up packs' : 'Items'}
          </button>
        ))}
      </div>
      <Notice>Changes apply to new sales only: passes already sold keep the terms they were sold with.</Notice>
      {notice && <p className="onotice ok" role="status">{notice}</p>}
      <ErrorLine error={error} />
      {/* the box scrolls sideways in a narrow window (200 % zoom), not the page; focusable for the keyboard */}
      <div className="otable-scroll" tabIndex={0} role="region" aria-label={tab === 'items' ? 'Items' : tab === 'plans' ? 'Plans' : 'Top-up packs'}>
      {tab === 'items' ? (
        <table className="otable">
          <caption className="sr-only">Items</caption>
          <thead><tr><th>Name</th><th>Unit</th><th className="r">Rate</th><th className="r">Cash price</th><th>Hotkey</th><th>Category</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {visibleItems.map((i) => (
              <tr key={i.id} className={i.archived ? 'archived' : undefined}>
                <td>{i.name}{i.archived && <span className="badge badge-muted">archived</span>}</td>
                <td>{i.usageUnit}</td>
                <td className="r"><Credits value={i.rate} unit={i.creditUnit} /></td>
                <td className="r"><Money value={i.cashPrice} /></td>
                <td>{i.hotkey ?? ''}</td>
                <td>{i.category ?? ''}</td>
                <td className="actions-cell">
                  <button className="btn btn-small" type="button" data-edit={`item-${i.id}`} onClick={() => open({ kind: 'item', row: i }, `item-${i.id}`)} aria-label={`Edit ${i.name}`}>Edit</button>
                  <button className="btn btn-small" type="button" onClick={() => void archive('item', i.id, !i.archived)} aria-label={`${i.archived ? 'Restore' : 'Archive'} ${i.name}`}>{i.archived ? 'Restore' : 'Archive'}</button>
                </td>
              </tr>
            ))}
            {visibleItems.length === 0 && <tr><td colSpan={7} className="empty">{loaded ? 'No items yet. An item is what the counter sells: a cappuccino takes 1 drink off a pass, a large cold brew 1.5. Add one with New item.' : 'Loading…'}</td></tr>}
          </tbody>
        </table>
      ) : (
        <table className="otable">
          <caption className="sr-only">{tab === 'plans' ? 'Plans' : 'Top-up packs'}</caption>
          <thead><tr><th>Name</th><th className="r">Credits</th><th className="r">Price</th><th>Validity</th>{tab === 'plans' && <><th>Rollover</th><th>Overage</th></>}<th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {visiblePlans.map((p) => (
              <tr key={p.id} className={p.archived ? 'archived' : undefined}>
                <td>{p.name}{p.archived && <span className="badge badge-muted">archived</span>}</td>
                <td className="r"><Credits value={p.credits} unit={p.creditUnit} />{p.bonusCredits !== '0' && <span className="muted small" style={{ display: 'block' }}>+ <Credits value={p.bonusCredits} unit={p.creditUnit} /> free</span>}</td>
                <td className="r"><Money value={p.price} />{p.kind === 'plan' && p.periods > 1 && <span className="muted small" style={{ display: 'block' }}>sold for <Money value={p.salePrice} /></span>}</td>
                <td>{validityText(p)}</td>
                {tab === 'plans' && <><td>{rolloverText(p, shop.locale)}</td><td>{p.overagePolicy === 'allow' ? 'allowed' : 'blocked'}</td></>}
                <td className="actions-cell">
                  <button className="btn btn-small" type="button" data-edit={`plan-${p.id}`} onClick={() => open({ kind: p.kind, row: p }, `plan-${p.id}`)} aria-label={`Edit ${p.name}`}>Edit</button>
                  <button className="btn btn-small" type="button" onClick={() => void archive('plan', p.id, !p.archived)} aria-label={`${p.archived ? 'Restore' : 'Archive'} ${p.name}`}>{p.archived ? 'Restore' : 'Archive'}</button>
                  {/* sold passes stay open when a plan is archived: a gift still reaches them */}
                  {p.kind === 'plan' && <button className="btn btn-small" type="button" onClick={() => setGiftOf(p)} aria-label={`Gift free credits to every ${p.name} pass`}>Gift…</button>}
                </td>
              </tr>
            ))}
            {visiblePlans.length === 0 && <tr><td colSpan={7} className="empty">{loaded ? (tab === 'plans'
              ? 'No plans yet. A plan is what the counter sells as a pass: its credits, its price and how long they last (25 drinks, valid for a month). Add one with New plan.'
              : 'No top-up packs yet. A pack adds credits to a pass the customer already has, at its own price. Add one with New top-up pack.') : 'Loading…'}</td></tr>}
          </tbody>
        </table>
      )}
      </div>
      {giftOf && <PlanGiftDialog plan={giftOf} onClose={() => setGiftOf(null)} onDone={async (msg) => { setGiftOf(null); setNotice(msg); await load(); }} />}
    </section>
  );
}

/**
 * An editor opens at its top: opened from a row far down the list (a page that scrolls, at 200 % zoom), the focus
 * on its first field alone would leave the heading above it cut off. Runs after the field took the focus.
 */
function useOpensAtTop() {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => { ref.current?.scrollIntoView({ block: 'start' }); }, []);
  return ref;
}

function validityText(p: PlanRow): string {
  const v = p.validity === 'days' ? `${p.validityDays ?? '?'} days` : p.validity === 'none' ? 'never expires' : `per ${p.validity}`;
  return p.periods > 1 ? `${v} × ${p.periods}` : v;
}
function rolloverText(p: PlanRow, locale: string): string {
  if (p.rolloverPolicy === 'none') return 'expires';
  if (p.rolloverPolicy === 'all') return 'all rolls';
  // in the shop's numbers, as every other column: "up to 2,5" and "up to 50 %" in a French shop, not 2.5 and 50%
  if (p.rolloverCapCredits) return `up to ${fmtCredits(p.rolloverCapCredits, locale)}`;
  if (p.rolloverCapPercent) return `up to ${percent(p.rolloverCapPercent, locale)}`;
  return 'capped';
}
/** "12.5" (a percent, exact) in the locale's percent style; Intl reads the decimal string without a float. */
const percent = (x: string, locale: string): string =>
  new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 6 }).format(new Decimal(x).div(100).toFixed() as `${number}`);

const s = (v: string | null | undefined) => v ?? '';
const n = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const opt = (v: string) => (v.trim() === '' ? null : v.trim());

type PlanForm = Record<
  'name' | 'creditUnit' | 'credits' | 'bonusCredits' | 'price' | 'validity' | 'validityDays' | 'periods' | 'rolloverPolicy' | 'rolloverCapCredits' |
  'rolloverCapPercent' | 'rolloverExpiresAfterPeriods' | 'rolloverMaxTimes' | 'consumptionOrder' | 'overagePolicy' |
  'overagePricePerCredit' | 'overdraftLimitCredits' | 'lowBalanceCredits' | 'lowBalancePercent', string>;

function PlanEditor({ kind, row, onDone }: { kind: 'plan' | 'topup'; row: PlanRow | null; onDone: (msg: string | null) => void }) {
  const shop = useShop();
  const [f, setF] = useState<PlanForm>(() => ({
    name: s(row?.name), creditUnit: row?.creditUnit ?? shop.creditUnit, credits: toInput(row?.credits, shop.locale), price: toInput(row?.price, shop.locale),
    // "0" is no bonus: the field shows empty
    bonusCredits: row && row.bonusCredits !== '0' ? toInput(row.bonusCredits, shop.locale) : '',
    validity: row?.validity ?? (kind === 'topup' ? 'none' : 'month'), validityDays: n(row?.validityDays), periods: n(row?.periods ?? 1),
    rolloverPolicy: row?.rolloverPolicy ?? 'none', rolloverCapCredits: toInput(row?.rolloverCapCredits, shop.locale), rolloverCapPercent: toInput(row?.rolloverCapPercent, shop.locale),
    rolloverExpiresAfterPeriods: n(row?.rolloverExpiresAfterPeriods), rolloverMaxTimes: n(row?.rolloverMaxTimes),
    consumptionOrder: row?.consumptionOrder ?? 'default', overagePolicy: row?.overagePolicy ?? 'block',
    overagePricePerCredit: toInput(row?.overagePricePerCredit, shop.locale), overdraftLimitCredits: toInput(row?.overdraftLimitCredits, shop.locale),
    lowBalanceCredits: toInput(row?.lowBalanceCredits, shop.locale), lowBalancePercent: toInput(row?.lowBalancePercent, shop.locale),
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(newClientId);
  const invalid = useFocusFirstInvalid<HTMLFormElement>();
  // a corrected field's error goes as it is typed in, as in Settings; the form's own line stays until the next Save
  const set = (k: keyof PlanForm) => (v: string) => { setF((x) => ({ ...x, [k]: v })); setErrors((e) => withoutKey(e, k)); };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const local: Record<string, string> = {};
    const int = (k: keyof PlanForm, required = false): number | null | undefined => {
      const v = f[k].trim();
      if (v === '') { if (required) local[k] = 'Enter a whole number.'; return null; }
      if (!/^\d+$/.test(v)) { local[k] = 'Enter a whole number.'; return undefined; }
      return Number(v);
    };
    // amounts as the shop writes them ("4,50" in de-DE) -> the API's canonical decimal strings
    const amount = (k: keyof PlanForm): string => {
      const r = fromInput(f[k], shop.locale, k === 'price' ? shop.minorDigits : undefined);
      if (!r.ok) { local[k] = r.error; return f[k]; }
      return r.value;
    };
    const optAmount = (k: keyof PlanForm): string | null => {
      const r = fromOptionalInput(f[k], shop.locale);
      if (!r.ok) { local[k] = r.error; return null; }
      return r.value;
    };
    const base: InputOf<'plans.save'> = {
      clientId, kind, name: f.name, creditUnit: f.creditUnit, credits: amount('credits'), price: amount('price'),
      bonusCredits: optAmount('bonusCredits'),
      validity: f.validity as PlanRow['validity'],
      validityDays: f.validity === 'days' ? int('validityDays', true) ?? null : null,
    };
    // a pack takes none of a pass's terms (the pass's own plan has them; the API refuses them on a pack)
    const input: InputOf<'plans.save'> = kind === 'topup' ? base : {
      ...base,
      periods: int('periods', true) ?? 1,
      rolloverPolicy: f.rolloverPolicy as PlanRow['rolloverPolicy'],
      rolloverCapCredits: f.rolloverPolicy === 'cap' ? optAmount('rolloverCapCredits') : null,
      rolloverCapPercent: f.rolloverPolicy === 'cap' ? optAmount('rolloverCapPercent') : null,
      rolloverExpiresAfterPeriods: f.rolloverPolicy === 'none' ? null : int('rolloverExpiresAfterPeriods') ?? null,
      rolloverMaxTimes: f.rolloverPolicy === 'none' ? null : int('rolloverMaxTimes') ?? null,
      consumptionOrder: f.consumptionOrder as PlanRow['consumptionOrder'],
      overagePolicy: f.overagePolicy as PlanRow['overagePolicy'],
      overagePricePerCredit: f.overagePolicy === 'allow' ? optAmount('overagePricePerCredit') : null,
      overdraftLimitCredits: f.overagePolicy === 'allow' ? optAmount('overdraftLimitCredits') : null,
      lowBalanceCredits: optAmount('lowBalanceCredits'),
      lowBalancePercent: optAmount('lowBalancePercent'),
    };
    if (row) input.id = row.id;
    if (Object.keys(local).length) { setErrors(local); setError('Some fields need a look.'); invalid.refused(); return; }
    setBusy(true); setErrors({}); setError(null);
    try {
      const saved = await owner(api.plans.save(input));
      onDone(`Saved “${saved.name}”. New sales use it from now on; passes already sold keep their terms.`);
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      setError(Object.keys(fe).length ? 'Some fields need a look.' : errorText(err));
      if (Object.keys(fe).length) invalid.refused();
    } finally { setBusy(false); }
  }

  const what = kind === 'topup' ? 'top-up pack' : 'plan';
  const top = useOpensAtTop();
  return (
    <section ref={top} aria-labelledby="plan-edit-title">
      <SectionHead title={row ? `Edit ${what}: ${row.name}` : `New ${what}`} id="plan-edit-title">
        <button className="btn" type="button" onClick={() => onDone(null)}>Back to the list</button>
      </SectionHead>
      <Notice>Changes apply to new sales only: passes already sold keep the terms they were sold with.</Notice>
      {kind === 'topup' && <Notice>A pack adds credits to a pass the customer already has. Its credits end when the pack’s validity ends, and do not roll over; the pass’s own plan decides the order credits are used in, overage and low balance.</Notice>}
      <form ref={invalid.ref} className="oform" onSubmit={save} noValidate aria-label={`${what} details`}>
        <fieldset>
          <legend>What is sold</legend>
          <div className="ogrid">
            <Field label="Name" name="name" value={f.name} onChange={set('name')} error={errors.name} required width="wide" autoFocus />
            <Field label="Credit unit" name="creditUnit" value={f.creditUnit} onChange={set('creditUnit')} error={errors.creditUnit} hint="e.g. drink, class, GB" />
            <Field label={`Credits${kind === 'plan' ? ' per period' : ''}`} name="credits" value={f.credits} onChange={set('credits')} error={errors.credits} inputMode="decimal" required />
            <Field label={`Price (${shop.currency})${kind === 'plan' ? ' per period' : ''}`} name="price" value={f.price} onChange={set('price')} error={errors.price} inputMode="decimal" required />
            <Field label="Free bonus" name="bonusCredits" value={f.bonusCredits} onChange={set('bonusCredits')} error={errors.bonusCredits} inputMode="decimal"
              hint={kind === 'plan' ? 'credits given free, once, with the sale; used first, they end with the first period and do not roll over. Empty: none' : 'credits given free with each top-up; used first, they end with the pack\u2019s credits. Empty: none'} />
          </div>
        </fieldset>
        <fieldset>
          <legend>How long it lasts</legend>
          <div className="ogrid">
            <Select label="Validity period" name="validity" value={f.validity} onChange={set('validity')} error={errors.validity} options={[
              { value: 'none', label: 'Never expires' }, { value: 'day', label: 'Day' }, { value: 'week', label: 'Week' },
              { value: 'month', label: 'Month' }, { value: 'quarter', label: 'Quarter' }, { value: 'year', label: 'Year' }, { value: 'days', label: 'A number of days' },
            ]} hint={kind === 'plan' && ['week', 'month', 'quarter', 'year'].includes(f.validity)
              ? `Calendar ${f.validity}s, the same for every pass: one sold late in the ${f.validity} first runs to its end (the counter warns). For a length from the day of sale, choose a number of days.`
              : kind === 'topup' && f.validity !== 'none' ? 'Counted from the day of the top-up.' : undefined} />
            {f.validity === 'days' && <Field label="Days" name="validityDays" value={f.validityDays} onChange={set('validityDays')} error={errors.validityDays} inputMode="numeric" />}
            {kind === 'plan' && <Field label="Number of periods" name="periods" value={f.periods} onChange={set('periods')} error={errors.periods} inputMode="numeric" hint="1 = a one-time pass; more = credits granted at the start of each period" />}
          </div>
        </fieldset>
        {kind === 'plan' && <><fieldset>
          <legend>At period end</legend>
          <div className="ogrid">
            <Select label="Unused credits" name="rolloverPolicy" value={f.rolloverPolicy} onChange={(v) => setF((x) => ({
              ...x, rolloverPolicy: v,
              // rolled credits last one more period unless the owner says otherwise: with "never", a cap of 4 a month still piles up 4 more every month
              rolloverExpiresAfterPeriods: x.rolloverPolicy === 'none' && v !== 'none' && x.rolloverExpiresAfterPeriods === '' ? '1' : x.rolloverExpiresAfterPeriods,
            }))} error={errors.rolloverPolicy} options={[
              { value: 'none', label: 'Expire' }, { value: 'all', label: 'All roll over' }, { value: 'cap', label: 'Roll over up to a limit' },
            ]} />
            {f.rolloverPolicy === 'cap' && <>
              <Field label="Roll at most (credits)" name="rolloverCapCredits" value={f.rolloverCapCredits} onChange={set('rolloverCapCredits')} error={errors.rolloverCapCredits} inputMode="decimal" />
              <Field label="or at most (% of the allocation)" name="rolloverCapPercent" value={f.rolloverCapPercent} onChange={set('rolloverCapPercent')} error={errors.rolloverCapPercent} inputMode="decimal" />
            </>}
            {f.rolloverPolicy !== 'none' && <>
              <Field label="Rolled credits expire after (periods)" name="rolloverExpiresAfterPeriods" value={f.rolloverExpiresAfterPeriods} onChange={set('rolloverExpiresAfterPeriods')} error={errors.rolloverExpiresAfterPeriods} inputMode="numeric" hint={f.rolloverExpiresAfterPeriods.trim() === '' ? 'empty: never. Rolled credits then add up period after period, whatever the cap' : '1 = they last through the next period'} />
              <Field label="A credit may roll (times)" name="rolloverMaxTimes" value={f.rolloverMaxTimes} onChange={set('rolloverMaxTimes')} error={errors.rolloverMaxTimes} inputMode="numeric" hint="empty: once" />
            </>}
            <Select label="Use credits in this order" name="consumptionOrder" value={f.consumptionOrder} onChange={set('consumptionOrder')} error={errors.consumptionOrder} options={[
              { value: 'default', label: 'Soonest expiry first' }, { value: 'rollover_first', label: 'Rolled-over credits first' }, { value: 'rollover_last', label: 'Rolled-over credits last' },
            ]} />
          </div>
        </fieldset>
        <fieldset>
          <legend>When credits run out</legend>
          <div className="ogrid">
            <Select label="Overage" name="overagePolicy" value={f.overagePolicy} onChange={set('overagePolicy')} error={errors.overagePolicy} options={[
              { value: 'block', label: 'Block the sale' }, { value: 'allow', label: 'Allow and charge' },
            ]} />
            {f.overagePolicy === 'allow' && <>
              <Field label={`Overage price per credit (${shop.currency})`} name="overagePricePerCredit" value={f.overagePricePerCredit} onChange={set('overagePricePerCredit')} error={errors.overagePricePerCredit} inputMode="decimal" hint="empty: the item's cash price" />
              <Field label="Overdraft limit (credits)" name="overdraftLimitCredits" value={f.overdraftLimitCredits} onChange={set('overdraftLimitCredits')} error={errors.overdraftLimitCredits} inputMode="decimal" hint="empty: no limit" />
            </>}
            <Field label="Low balance at (credits)" name="lowBalanceCredits" value={f.lowBalanceCredits} onChange={set('lowBalanceCredits')} error={errors.lowBalanceCredits} inputMode="decimal" />
            <Field label="or at (% left)" name="lowBalancePercent" value={f.lowBalancePercent} onChange={set('lowBalancePercent')} error={errors.lowBalancePercent} inputMode="decimal" />
          </div>
        </fieldset></>}
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={() => onDone(null)}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Saving…' : `Save ${what}`}</button>
        </div>
      </form>
    </section>
  );
}

function ItemEditor({ row, units, onDone }: { row: ItemRow | null; units: string[]; onDone: (msg: string | null) => void }) {
  const shop = useShop();
  const [f, setF] = useState({ name: s(row?.name), usageUnit: row?.usageUnit ?? shop.creditUnit, creditUnit: row?.creditUnit ?? shop.creditUnit, rate: toInput(row?.rate ?? '1', shop.locale), cashPrice: toInput(row?.cashPrice, shop.locale), hotkey: s(row?.hotkey), category: s(row?.category) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [clientId] = useState(newClientId);
  const invalid = useFocusFirstInvalid<HTMLFormElement>();
  const set = (k: keyof typeof f) => (v: string) => { setF((x) => ({ ...x, [k]: v })); setErrors((e) => withoutKey(e, k)); };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const rate = fromInput(f.rate, shop.locale);
    const cashPrice = fromInput(f.cashPrice, shop.locale, shop.minorDigits);
    if (!rate.ok || !cashPrice.ok) {
      setErrors({ ...(rate.ok ? {} : { rate: rate.error }), ...(cashPrice.ok ? {} : { cashPrice: cashPrice.error }) });
      setError('Some fields need a look.');
      invalid.refused();
      return;
    }
    setBusy(true); setErrors({}); setError(null);
    try {
      const input: InputOf<'items.save'> = { clientId, name: f.name, usageUnit: f.usageUnit, creditUnit: f.creditUnit.trim(), rate: rate.value, cashPrice: cashPrice.value, hotkey: opt(f.hotkey), category: opt(f.category) };
      if (row) input.id = row.id;
      const saved = await owner(api.items.save(input));
      onDone(`Saved “${saved.name}”. Past redemptions keep the name, rate and price they were made with.`);
    } catch (err) {
      const fe = fieldErrors(err);
      setErrors(fe);
      setError(Object.keys(fe).length ? 'Some fields need a look.' : errorText(err));
      if (Object.keys(fe).length) invalid.refused();
    } finally { setBusy(false); }
  }

  const top = useOpensAtTop();
  return (
    <section ref={top} aria-labelledby="item-edit-title">
      <SectionHead title={row ? `Edit item: ${row.name}` : 'New item'} id="item-edit-title">
        <button className="btn" type="button" onClick={() => onDone(null)}>Back to the list</button>
      </SectionHead>
      <Notice>Changes apply to new sales only: past redemptions keep the name, rate and price they were made with.</Notice>
      <form ref={invalid.ref} className="oform" onSubmit={save} noValidate aria-label="item details">
        <div className="ogrid">
          <Field label="Name" name="name" value={f.name} onChange={set('name')} error={errors.name} required width="wide" autoFocus />
          <Field label="Usage unit" name="usageUnit" value={f.usageUnit} onChange={set('usageUnit')} error={errors.usageUnit} required hint="what one is: drink, GB, hour" />
          <Field label="Comes off passes in (credit unit)" name="creditUnit" value={f.creditUnit} onChange={set('creditUnit')} error={errors.creditUnit} required
            hint={units.length > 1 ? `Your plans count in: ${units.join(', ')}` : 'the unit of the plans it is drawn from'} />
          <Field label="Drawdown rate (credits per unit)" name="rate" value={f.rate} onChange={set('rate')} error={errors.rate} inputMode="decimal" required hint={`e.g. 1 · ${example(shop.locale, '1.5')} · ${example(shop.locale, '0.25')}`} />
          <Field label={`Cash price (${shop.currency})`} name="cashPrice" value={f.cashPrice} onChange={set('cashPrice')} error={errors.cashPrice} inputMode="decimal" required hint="without a pass; also the overage price" />
          <Field label="Hotkey" name="hotkey" value={f.hotkey} onChange={set('hotkey')} error={errors.hotkey} width="narrow" />
          <Field label="Category" name="category" value={f.category} onChange={set('category')} error={errors.category} />
        </div>
        <ErrorLine error={error} />
        <div className="dialog-actions">
          <button className="btn" type="button" onClick={() => onDone(null)}>Cancel</button>
          <button className="btn btn-primary" type="submit" aria-disabled={busy || undefined}>{busy ? 'Saving…' : 'Save item'}</button>
        </div>
      </form>
    </section>
  );
}
