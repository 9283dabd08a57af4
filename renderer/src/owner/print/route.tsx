// Print routes of the owner area, for Electron's Save as PDF (main renders a hash route in a hidden window):
//   /print/owner/statement?customer=12&from=<ISO>&to=<ISO>&size=A4
//   /print/owner/statements?from=<ISO>&to=<ISO>&size=Letter      (every customer with a pass)
// The shell mounts <OwnerPrintRoute route=… /> for hashes that start with #/print/owner/.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useApp } from '../../store/app';
import { owner } from '../store';
import type { StatementView } from '../later';
import { shown, StatementDoc, type PaperSize } from './StatementDoc';
import './print.css';

export const isOwnerPrintRoute = (route: string): boolean => route.startsWith('/print/owner/');

export function statementRoute(opts: { customerId?: number; from: string; to: string; size: PaperSize }): string {
  const q = new URLSearchParams({ from: opts.from, to: opts.to, size: opts.size });
  if (opts.customerId) q.set('customer', String(opts.customerId));
  return `/print/owner/${opts.customerId ? 'statement' : 'statements'}?${q.toString()}`;
}

/**
 * One customer's whole statement: the header and first page, then the rest of each pass's entries page by
 * page (a heavy customer has thousands), with progress in entries.
 */
export async function loadStatement(customerId: number, range: { from: string; to: string }, onProgress?: (done: number, total: number) => void): Promise<StatementView> {
  const s = await owner(api.statements.get({ customerId, from: range.from, to: range.to, limit: 1000 }));
  const total = s.passes.reduce((n, p) => n + p.entryCount, 0);
  let done = s.passes.reduce((n, p) => n + p.entries.length, 0);
  const passes = [];
  for (const p of s.passes) {
    const entries = [...p.entries];
    for (let after = p.next; after !== null;) {
      onProgress?.(done, total);
      const page = await owner(api.statements.entries({ customerId, passId: p.passId, from: s.from, to: s.to, after, limit: 2000 }));
      entries.push(...page.entries);
      done += page.entries.length;
      after = page.next;
    }
    passes.push({ ...p, entries, next: null });
  }
  return { ...s, passes };
}

/**
 * Every statement of one period: one customer, or everyone who held a pass (paged, in order of name) and has something
 * in it: an entry, a balance at either end, money owed or a payment. A pass refunded or ended since is still in its
 * month (the list of active passes left those customers out).
 */
/** Asked to stop (the owner pressed Stop, or left the screen): a batch of statements ends between two calls. */
/** stopped: end the work; changed: it was ended by another choice, not by Stop (nothing to say about it) */
export interface StopFlag { stopped: boolean; changed?: boolean; key?: string }
export class StatementsStopped extends Error { constructor() { super('Stopped.'); this.name = 'StatementsStopped'; } }

/**
 * `onProgress(done, total, listing)`: while `listing`, customers listed of all who held a pass; then statements
 * prepared of those listed. On a big shop this is long (a statement per customer), so it says how far it is from the
 * first answer on and stops when asked.
 */
export async function loadStatements(opts: { customerId?: number; from: string; to: string }, onProgress?: (done: number, total: number, listing?: boolean) => void, stop?: StopFlag): Promise<StatementView[]> {
  if (opts.customerId) {
    const one = await loadStatement(opts.customerId, opts, onProgress);
    // the owner chose someone else while it loaded: this one must not show under the new name
    if (stop?.stopped) throw new StatementsStopped();
    return [one];
  }
  const ids: number[] = [];
  for (let offset = 0; ; offset += 500) {
    if (stop?.stopped) throw new StatementsStopped();
    const page = await owner(api.owner.customers({ filter: 'passes', sort: 'name', offset, limit: 500 }));
    ids.push(...page.rows.map((r) => r.id));
    onProgress?.(ids.length, page.total, true);
    if (offset + 500 >= page.total) break;
  }
  const out: StatementView[] = [];
  for (let i = 0; i < ids.length; i += 1) {
    if (stop?.stopped) throw new StatementsStopped();
    const s = await loadStatement(ids[i]!, opts);
    if (shown(s).length > 0 || s.payments.length > 0) out.push(s);
    onProgress?.(i + 1, ids.length);
  }
  return out;
}

export function OwnerPrintRoute({ route }: { route: string }) {
  const shop = useApp((s) => s.shop);
  const [docs, setDocs] = useState<StatementView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = new URL(route, 'http://x');
  const size = (window.passbookShell?.printPageSize ?? url.searchParams.get('size') ?? 'A4') as PaperSize;
  useEffect(() => {
    const customer = Number(url.searchParams.get('customer')) || undefined;
    loadStatements({ ...(customer ? { customerId: customer } : {}), from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' })
      .then(setDocs, (e: Error) => setError(e.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [route]);
  // the page exists to be printed: its paper, inside #root, is what print media shows (the app hides #root in print)
  useEffect(() => {
    document.documentElement.classList.add('print-route');
    return () => document.documentElement.classList.remove('print-route');
  }, []);
  useEffect(() => {
    if (!docs && !error) return;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      void window.passbookShell?.printReady({ contentHeightPx: Math.max(1, Math.ceil(document.body.scrollHeight)) });
    }));
  }, [docs, error]);
  if (!shop) return null;
  if (error) return <p role="alert">{error}</p>;
  if (!docs) return <p role="status">Preparing…</p>;
  return (
    <div className={`opaper-set paper-${size.toLowerCase()}`}>
      {docs.map((s) => <StatementDoc key={s.customer.id} s={s} shop={shop} size={size} />)}
    </div>
  );
}
