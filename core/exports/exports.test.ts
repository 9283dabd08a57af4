// The CSV sub-ledgers (entries, passes) tie to the journal account by account.
import { afterEach, describe, expect, it } from 'vitest';
import { exportChunks, type ExportKind } from './exports';
import { collect } from '../books/stream';
import { parseUnits } from '../money/parse';
import { newId, ownerSession, tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

const cents = (x: string) => parseUnits(x === '' ? '0' : x, { scale: 2, sign: 'any' });

/** An export's CSV rows as records (the test data holds no quoted fields). */
function csv(app: TestApp, kind: ExportKind): Record<string, string>[] {
  const [head, ...rows] = collect(exportChunks(app.db, kind, 'csv').chunks).trim().split('\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
}

/** Money that left deferred revenue per the journal for a pass (sold in, minus what is still there). */
function leftDeferred(app: TestApp, passId: number): number {
  const r = app.db.prepare(`SELECT coalesce(sum(CASE WHEN t.kind IN ('sale', 'topup') THEN -l.amount_minor ELSE 0 END), 0) AS sold,
      coalesce(-sum(l.amount_minor), 0) AS balance
      FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id WHERE l.pass_id = ? AND l.account = 'liabilities:deferred-revenue'`).get(passId) as { sold: number; balance: number };
  return r.sold - r.balance;
}

describe('entries CSV', () => {
  it('lists the refund of the periods not granted yet, so Σ value is what left deferred revenue, as on the statement', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '10', validity: 'month', periods: 3 });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p); // $30: $10 in the first lot, $20 for April and May
    redeem(app, pass, tea, '4');
    app.clockControl.advance(3_600_000);
    app.owner = ownerSession(app, '2468');
    app.call('passes.refund', { clientId: newId(), passId: pass, reason: 'moving', paymentMethod: 'cash' }, app.owner);
    const rows = csv(app, 'entries');
    expect(rows.map((r) => [r.kind, r.lot_id, r.lot_source, r.credits, r.value])).toEqual([
      ['grant', '1', 'sale', '10', '0.00'], ['redeem', '1', 'sale', '-4', '4.00'], ['refund', '1', 'sale', '-6', '6.00'], ['refund', '', 'future_periods', '0', '20.00'],
    ]);
    const refund = rows[3]!;
    const c = app.db.prepare("SELECT id, journal_tx_id FROM corrections WHERE kind = 'refund'").get() as { id: number; journal_tx_id: number };
    expect([refund.entry_id, refund.pass_id, refund.customer_id, refund.correction_id, refund.journal_tx_id]).toEqual(['', String(pass), String(ann), String(c.id), String(c.journal_tx_id)]);
    expect(rows.reduce((s, r) => s + cents(r.value!), 0)).toBe(leftDeferred(app, pass));
    expect(leftDeferred(app, pass)).toBe(3000);
    // the same figure as the statement's entry of its own
    const st = app.call('statements.get', { customerId: ann, from: '2026-03-01T05:00:00.000Z' }).passes[0]!;
    expect(st.entries.filter((e) => e.kind === 'refund').map((e) => [e.lotId === null ? '' : String(e.lotId), e.value])).toEqual(rows.filter((r) => r.kind === 'refund').map((r) => [r.lot_id, r.value]));
  });
});
