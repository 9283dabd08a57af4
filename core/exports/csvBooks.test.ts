// The CSV exports as an accountant ties them to the journal, month by month (a review of the books found both):
// - the entries and statement CSVs carry the books' date, on which an expiry at a month's end is that month's
//   (by local_time, March's expiries fell on 1 April, and March's rows summed to less than March's journal);
// - a statement CSV's `paid` is money that crossed the counter only: a cancellation fee kept and overage paid from a
//   refund have their own columns (summed in `paid`, they overstated the till by both).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, ownerSession, tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell, topUp } from '../../test/support/seed';
import { runDueCloses } from '../periods/close';
import { parseUnits } from '../money/parse';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

async function csv(app: TestApp, input: Record<string, unknown>): Promise<Record<string, string>[]> {
  const r = await app.callAsync('exports.create', { format: 'csv', ...input } as never, app.owner);
  const [head, ...rows] = fs.readFileSync(path.join(app.ledger.exportsDir, r.fileName), 'utf8').trim().split('\n').map((l) => l.split(','));
  return rows.map((cells) => Object.fromEntries(head!.map((h, i) => [h, cells[i] ?? ''])));
}
const cents = (x: string) => (x === '' ? 0 : parseUnits(x, { scale: 2, sign: 'any' }));

describe('CSV exports by the books\' date', () => {
  it('an expiry at a month\'s end is that month\'s in the entries and statement CSVs, so a month\'s rows sum to its journal', async () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '20', validity: 'month' });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const pass = sell(app, ann, p);
    redeem(app, pass, tea, '3');
    app.clockControl.set('2026-04-02T14:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    app.owner = ownerSession(app, '2468');

    const entries = await csv(app, { kind: 'entries' });
    const expire = entries.find((r) => r.kind === 'expire')!;
    expect(expire.local_time).toBe('2026-04-01T00:00:00-04:00'); // the ledger's instant, the boundary
    expect(expire.book_date).toBe('2026-03-31');
    const march = entries.filter((r) => r.book_date!.startsWith('2026-03')).reduce((n, r) => n + cents(r.value!), 0);
    const rf = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-03' }, app.owner).months[0]!;
    expect(march).toBe(cents(rf.recognised) + cents(rf.breakage)); // 6.00 + 14.00
    expect(march).toBe(2000);

    const statement = await csv(app, { kind: 'statement', customerId: ann, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' });
    expect(statement.map((r) => [r.kind, r.book_date])).toEqual([
      ['opening', '2026-03-01'], ['sale', '2026-03-10'], ['payment', '2026-03-10'], ['redeem', '2026-03-10'],
      ['expire', '2026-03-31'], ['closing', '2026-03-31'],
    ]);
  });
});

describe('statement CSV payments', () => {
  it('paid is what crossed the counter; a refund\'s kept fee and the overage it paid on account have their own columns', async () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '20', validity: 'none', overagePolicy: 'allow' });
    const tea = item(app, 'Tea', '1', '3.00');
    const ann = customer(app, 'Ann');
    const pack = plan(app, { kind: 'topup', credits: '5', price: '10', validity: 'none' });
    const pass = sell(app, ann, p, 'cash');
    redeem(app, pass, tea, '11', { overageSettlement: 'account' }); // 10 from the pass, 1 over: 3.00 on account
    app.clockControl.set('2026-03-11T15:00:00.000Z');
    topUp(app, pass, pack, 'cash');
    app.owner = ownerSession(app, '2468');
    // the top-up's 5 unused drinks are worth 10.00: 3.00 pays what is owed, 0.50 is kept, 6.50 goes back in cash
    app.call('passes.refund', { clientId: newId(), passId: pass, reason: 'Moving away', paymentMethod: 'cash', fee: '0.50' }, app.owner);
    const rows = await csv(app, { kind: 'statement', customerId: ann, from: '2026-03-01T05:00:00.000Z' });
    const payments = rows.filter((r) => r.kind === 'payment').map((r) => [r.items, r.paid, r.payment_method, r.fee_kept, r.settled_on_account]);
    expect(payments).toEqual([
      ['sale', '20.00', 'cash', '', ''],
      ['topup', '10.00', 'cash', '', ''],
      ['refund', '-6.50', 'cash', '', ''],
      ['refund_settlement', '', '', '', '3.00'],
      ['refund_fee', '', '', '0.50', ''],
    ]);
    // Σ paid is the cash account's balance in the journal
    const paid = rows.reduce((n, r) => n + cents(r.paid!), 0);
    const till = app.db.prepare("SELECT sum(amount_minor) AS n FROM journal_lines WHERE account LIKE 'assets:cash%'").get() as { n: number };
    expect(paid).toBe(till.n);
    expect(paid).toBe(2350);
  });
});
