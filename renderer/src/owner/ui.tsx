// Small building blocks of the owner screens: labelled fields with their API error next to them,
// amounts shown from decimal strings, progress bars, status lines.
import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useApp } from '../store/app';
import { credits as fmtCredits, money as fmtMoney, unitLabel } from '../lib/format';
import type { Progress } from './store';

/** The owner area's narrow layout (owner.css, the same breakpoint as the counter's): 200 % zoom of a 1280×800 or
 *  1024×768 window, a small window, down to 320 px. */
export const NARROW = '(max-width: 760px)';

/** Whether the narrow layout is showing, following the window as it is resized or zoomed. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && window.matchMedia(NARROW).matches);
  useEffect(() => {
    const mq = window.matchMedia(NARROW);
    const on = () => setNarrow(mq.matches);
    on();
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  return narrow;
}

export function useShop() {
  const shop = useApp((s) => s.shop);
  if (!shop) throw new Error('the owner area needs a shop');
  return shop;
}

export function Money({ value }: { value: string | null | undefined }) {
  const shop = useShop();
  return <span className="num">{value === null || value === undefined ? '—' : fmtMoney(value, shop)}</span>;
}

export function Credits({ value, unit }: { value: string | null | undefined; unit?: string | null }) {
  const shop = useShop();
  if (value === null || value === undefined) return <span className="num">—</span>;
  return <span className="num">{fmtCredits(value, shop.locale)}{unit ? ` ${unitLabel(value, unit, shop.locale)}` : ''}</span>;
}

interface FieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  type?: string;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'tel';
  placeholder?: string;
  required?: boolean;
  autoFocus?: boolean;
  disabled?: boolean;
  width?: 'narrow' | 'wide';
  autoComplete?: string;
  /** a class for the input itself (the gate's recovery code, in a monospaced face) */
  inputClassName?: string;
  /** the earliest a date field offers (YYYY-MM-DD) */
  min?: string;
  /** a card's code may be scanned in: the scanner's keys are welcome, and Enter only fills the field (never submits) */
  scanTarget?: boolean;
}

/**
 * A picked day in the shop's words ("1 avr. 2026"), under its date box: the box is drawn in the computer's language
 * (04/01/2026 in a French shop on an English system reads as 4 January), the words in the shop's.
 */
export function DayWords({ id, value }: { id: string; value: string }) {
  const shop = useShop();
  return <span id={id} className="hint" data-testid="day-words">{/^\d{4}-\d{2}-\d{2}$/.test(value) ? mediumDay(value, shop.locale) : ''}</span>;
}

/**
 * The day of a list under a report (a day's payments, its sales without a pass): its own Day field, which follows the
 * report's last day whenever that changes.
 */
export function useListDay(reportDay: string): [string, (day: string) => void] {
  const [day, setDay] = useState(reportDay);
  useEffect(() => setDay(reportDay), [reportDay]);
  return [day, setDay];
}

export function ListDayField({ id, value, onChange }: { id: string; value: string; onChange: (day: string) => void }) {
  return (
    <div className="otoolbar">
      <div className="field ofield"><label htmlFor={id}>Day</label><input id={id} type="date" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-day`} /><DayWords id={`${id}-day`} value={value} /></div>
    </div>
  );
}

export function Field(p: FieldProps) {
  const id = useId();
  const errId = `${id}-err`; const hintId = `${id}-hint`; const dayId = `${id}-day`;
  const day = p.type === 'date';
  const described = [p.error ? errId : null, day ? dayId : null, p.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ofield ${p.width ?? ''}`}>
      <label htmlFor={id}>{p.label}{p.required ? <span aria-hidden="true"> *</span> : null}</label>
      <input
        id={id} name={p.name} type={p.type ?? 'text'} inputMode={p.inputMode} value={p.value} placeholder={p.placeholder} className={p.inputClassName}
        onChange={(e) => p.onChange(e.target.value)} aria-invalid={p.error ? true : undefined} aria-describedby={described}
        required={p.required} min={p.min} autoFocus={p.autoFocus} data-autofocus={p.autoFocus || undefined} disabled={p.disabled} autoComplete={p.autoComplete ?? 'off'}
        data-scan-target={p.scanTarget || undefined} onKeyDown={p.scanTarget ? (e) => { if (e.key === 'Enter') e.preventDefault(); } : undefined}
      />
      {day && <DayWords id={dayId} value={p.value} />}
      {p.hint && <span id={hintId} className="hint">{p.hint}</span>}
      {p.error && <span id={errId} className="field-error" role="alert">{p.error}</span>}
    </div>
  );
}

interface SelectProps {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string | undefined;
  hint?: ReactNode;
  width?: 'narrow' | 'wide';
  /** a setting that can no longer change: shown, not offered */
  disabled?: boolean;
}

export function Select(p: SelectProps) {
  const id = useId();
  const errId = `${id}-err`; const hintId = `${id}-hint`;
  const described = [p.error ? errId : null, p.hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ofield ${p.width ?? ''}`}>
      <label htmlFor={id}>{p.label}</label>
      <select id={id} name={p.name} value={p.value} onChange={(e) => p.onChange(e.target.value)} aria-invalid={p.error ? true : undefined} aria-describedby={described} disabled={p.disabled}>
        {p.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
      {p.hint && <span id={hintId} className="hint">{p.hint}</span>}
      {p.error && <span id={errId} className="field-error" role="alert">{p.error}</span>}
    </div>
  );
}

export function ProgressBar({ progress }: { progress: Progress }) {
  return (
    <div className="oprogress" role="status" aria-live="polite">
      <span>{progress.label}</span>
      {progress.value === null
        ? <progress aria-label={progress.label} />
        : <progress aria-label={progress.label} max={1} value={progress.value} />}
    </div>
  );
}

/**
 * A form refused on its fields: the focus goes to the first field marked wrong, once it is drawn so. Left on Save,
 * a keyboard or screen-reader owner would hunt through a dozen fields for the ones that need a look.
 * `ref` goes on the form; `refused()` is called where its field errors are set.
 */
export function useFocusFirstInvalid<T extends HTMLElement>(): { ref: RefObject<T | null>; refused: () => void } {
  const ref = useRef<T>(null);
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    if (asked) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [asked]);
  return { ref, refused: () => setAsked((n) => n + 1) };
}

/** A form's field errors without one field's: its error goes once the owner types into it again. */
export function withoutKey(errors: Record<string, string>, key: string): Record<string, string> {
  if (!(key in errors)) return errors;
  const { [key]: _gone, ...rest } = errors;
  return rest;
}

/** A wrong PIN (or recovery code) at any of the gate's doors, and how many tries are left before the lockout. */
export function triesLeftText(message: string, attemptsLeft: number | undefined): string {
  return attemptsLeft === undefined ? message : `${message} ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left before owner mode locks for a while.`;
}

export function ErrorLine({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return <p className="error" role="alert">{error}</p>;
}

export function Notice({ children }: { children: ReactNode }) {
  return <p className="onotice" role="status">{children}</p>;
}

export function SectionHead({ title, children, id }: { title: string; children?: ReactNode; id?: string }) {
  return (
    <div className="osection-head">
      <h2 id={id}>{title}</h2>
      {children && <div className="osection-actions">{children}</div>}
    </div>
  );
}

/** "2026-03" → "March 2026" in the shop locale. */
export function monthLabel(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

/** "2026-03" → "Mar 2026" (a two-digit year read as a day: "mars 26" in French is 26 March). */
export function shortMonth(month: string, locale: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

/** A local date "2027-03-20" as the shop reads it: "Sat, Mar 20, 2027" (en-US), "Sa., 20. März 2027" (de-DE).
 * Formatted in UTC from the date itself, so no time zone can move it a day. */
export function dayLabel(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}

/** A local date "YYYY-MM-DD" as the screens write a day: "Dec 14, 2026" in en-US. */
export function mediumDay(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}

/** Local date "YYYY-MM-DD" of an instant in the shop zone. */
export function localDay(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(ms);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The instant of local midnight starting "YYYY-MM-DD" in a zone (search over the zone's offset; DST-safe). */
export function localMidnight(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  let guess = Date.UTC(y, m - 1, d);
  for (let i = 0; i < 3; i += 1) {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(guess);
    const g = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const asUtc = Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute'), g('second'));
    const offset = asUtc - guess;
    guess = Date.UTC(y, m - 1, d) - offset;
  }
  return guess;
}

/** First day of the month "YYYY-MM" + n months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}`;
}

/** "2026-03-31" -> "2026-02-28": a month back, the day clamped to that month's length (no 31 February). */
export function sameDayLastMonth(today: string): string {
  const ym = addMonths(today.slice(0, 7), -1);
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate(); // day 0 of the next month: this month's last day
  return `${ym}-${String(Math.min(Number(today.slice(8, 10)), last)).padStart(2, '0')}`;
}

/**
 * The months from the first one with anything in it (`figures`: the amounts of a month): a shop opened in May has no
 * empty months before it on its chart or report. A shop with nothing yet keeps the whole span.
 */
export function fromFirstActivity<M>(months: M[], figures: (m: M) => string[]): M[] {
  const zero = (v: string) => /^-?0*(\.0*)?$/.test(v);
  const first = months.findIndex((m) => !figures(m).every(zero));
  return first <= 0 ? months : months.slice(first);
}

/**
 * A long table shows its rows a page at a time: a month end of 20,000 passes put 20,000 rows in the page (seconds
 * of rendering, the window unresponsive). `shown` rows, and more on request; back to one page when `key` changes.
 */
export function useRowsShown(key: unknown, page = 200): { shown: number; more: () => void } {
  const [state, setState] = useState({ key, shown: page });
  if (state.key !== key) { setState({ key, shown: page }); return { shown: page, more: () => setState({ key, shown: page * 2 }) }; }
  return { shown: state.shown, more: () => setState({ key, shown: state.shown + page }) };
}

/**
 * The button under a table shown a page at a time: "Show 200 more · 200 of 20,000 shown". When the last rows come,
 * the button goes and the focus moves to the line that says all are shown (not to the page's body).
 */
export function MoreRows({ shown, total, more, page = 200 }: { shown: number; total: number; more: () => void; page?: number }) {
  const shop = useShop();
  const all = useRef<HTMLSpanElement>(null);
  const finishing = useRef(false);
  useEffect(() => {
    if (finishing.current && shown >= total) { finishing.current = false; all.current?.focus(); }
  }, [shown, total]);
  if (total <= page) return null;
  const n = (x: number) => new Intl.NumberFormat(shop.locale).format(x);
  if (shown >= total) return <div className="orow-more"><span ref={all} tabIndex={-1} className="muted small" role="status">All {n(total)} shown</span></div>;
  return (
    <div className="orow-more">
      <button type="button" className="btn" onClick={() => { finishing.current = shown + page >= total; more(); }}>Show {n(Math.min(page, total - shown))} more</button>
      <span className="muted small" role="status">{n(shown)} of {n(total)} shown</span>
    </div>
  );
}
