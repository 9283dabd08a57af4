// Print routes of the owner area, for Electron's Save as PDF (main renders a hash route in a hidden window):
//   /print/owner/statement?customer=12&from=<ISO>&to=<ISO>&size=A4
//   /print/owner/statements?from=<ISO>&to=<ISO>&size=Letter      (every customer with a pass)
// The shell mounts <OwnerPrintRoute route=… /> for hashes that start with #/print/owner/.
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { useApp } from '../../store/app';
import { owner } from '../store';
import type { StatementView } from '../later';
import { StatementDoc, type PaperSize } from './StatementDoc';
import './print.css';

export const isOwnerPrintRoute = (route: string): boolean => route.startsWith('/print/owner/');

export function statementRoute(opts: { customerId?: number; from: string; to: string; size: PaperSize }): string {
  const q = new URLSearchParams({ from: opts.from, to: opts.to, size: opts.size });
  if (opts.customerId) q.set('customer', String(opts.customerId));
  return `/print/owner/${opts.customerId ? 'statement' : 'statements'}?${q.toString()}`;
}

/** Every statement of one period: one customer, or everyone who holds a pass (paged, in order of name). */
export async function loadStatements(opts: { customerId?: number; from: string; to: string }, onProgress?: (done: number, total: number) => void): Promise<StatementView[]> {
  if (opts.customerId) return [await owner(api.statements.get({ customerId: opts.customerId, from: opts.from, to: opts.to }))];
  const ids: number[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await owner(api.owner.customers({ filter: 'all', sort: 'name', offset, limit: 500 }));
    ids.push(...page.rows.filter((r) => r.passId !== null).map((r) => r.id));
    if (offset + 500 >= page.total) break;
  }
  const out: StatementView[] = [];
  for (let i = 0; i < ids.length; i += 1) {
    const s = await owner(api.statements.get({ customerId: ids[i]!, from: opts.from, to: opts.to }));
    if (s.passes.length > 0) out.push(s);
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
