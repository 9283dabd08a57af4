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
  const [head, ...rows] = collect(exportChunks(app.db, kind, 'csv', app.clockControl.now().getTime()).chunks).trim().split('\n').map((l) => l.split(','));
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
    const st = app.call('statements.get', { customerId: ann, from: '2026-03-01T05:00:00.000Z' }, app.owner).passes[0]!;
    expect(st.entries.filter((e) => e.kind === 'refund').map((e) => [e.lotId === null ? '' : String(e.lotId), e.value])).toEqual(rows.filter((r) => r.kind === 'refund').map((r) => [r.lot_id, r.value]));
  });
});

/** Per lot, what the journal booked: redemption revenue, breakage of owner write-offs, expiry breakage. */
function journalByLot(app: TestApp): Map<number, { redemptions: number; writeOffs: number; expiry: number }> {
  const rows = app.db.prepare(`SELECT l.lot_id, coalesce(-sum(CASE WHEN l.account = 'revenue:redemptions' THEN l.amount_minor END), 0) AS redemptions,
      coalesce(-sum(CASE WHEN l.account = 'revenue:breakage' AND t.kind <> 'expire' THEN l.amount_minor END), 0) AS writeOffs,
      coalesce(-sum(CASE WHEN l.account = 'revenue:breakage' AND t.kind = 'expire' THEN l.amount_minor END), 0) AS expiry
      FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id WHERE l.lot_id IS NOT NULL GROUP BY l.lot_id`).all() as { lot_id: number; redemptions: number; writeOffs: number; expiry: number }[];
  return new Map(rows.map((r) => [r.lot_id, r]));
}

describe('passes CSV and owner.lots', () => {
  it('split what a lot earned as the journal does: recognised = its redemption revenue, written_off = owner write-offs (breakage)', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const coffee = item(app, 'Coffee', '1');
    const ten = plan(app, { credits: '10', price: '30', validity: 'none' });
    const month = plan(app, { credits: '10', price: '20', validity: 'month' });
    const ann = customer(app, 'Ann');
    const a = sell(app, ann, ten);
    const r = redeem(app, a, coffee, '1');
    app.call('redemptions.void', { clientId: newId(), redemptionId: r.redemptionId, reason: 'wrong pass' }, app.owner);
    app.call('passes.adjust', { clientId: newId(), passId: a, credits: '-2', reason: 'spilled' }, app.owner);
    // a month pass: used, written off, a redemption voided after its lot expired (restored into a new lot)
    const b = sell(app, customer(app, 'Ben'), month);
    redeem(app, b, coffee, '3');
    app.call('passes.adjust', { clientId: newId(), passId: b, credits: '-1', reason: 'goodwill' }, app.owner);
    const late = redeem(app, b, coffee, '2');
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    app.call('redemptions.void', { clientId: newId(), redemptionId: late.redemptionId, reason: 'rang twice' }, app.owner);

    const rows = csv(app, 'passes');
    const lotA = rows.find((x) => x.pass_id === String(a))!;
    expect([lotA.paid, lotA.recognised, lotA.written_off, lotA.released, lotA.unused_value]).toEqual(['30.00', '0.00', '6.00', '0.00', '24.00']);
    const journal = journalByLot(app);
    const lots = rows.filter((x) => x.lot_id !== '');
    expect(lots.length).toBe(3); // a's lot, b's lot, the lot b's late void restored into
    for (const x of lots) {
      const j = journal.get(Number(x.lot_id)) ?? { redemptions: 0, writeOffs: 0, expiry: 0 };
      expect([x.lot_id, cents(x.recognised!), cents(x.written_off!)]).toEqual([x.lot_id, j.redemptions, j.writeOffs]);
      expect(cents(x.released!)).toBeGreaterThanOrEqual(j.expiry);
      expect(cents(x.recognised!) + cents(x.written_off!) + cents(x.released!) + cents(x.unused_value!)).toBe(cents(x.paid!));
    }
    // owner.lots says the same
    for (const passId of [a, b]) {
      for (const l of app.call('owner.lots', { passId }, app.owner).lots) {
        const x = rows.find((y) => y.lot_id === String(l.id))!;
        expect([l.id, l.recognised, l.writtenOff, l.released]).toEqual([l.id, x.recognised, x.written_off, x.released]);
      }
    }
  });
});

describe('passes CSV over many passes', () => {
  it('is read a range of passes at a time, and still lists every lot once, in pass and lot order, with the future periods after their pass', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const monthly = plan(app, { credits: '10', price: '10', validity: 'month', periods: 2 });
    const ids: number[] = [];
    app.db.transaction(() => { for (let i = 0; i < 1_030; i++) ids.push(sell(app, customer(app, `C${i}`), monthly)); })();
    const rows = csv(app, 'passes');
    // per pass: its sale lot, then the money paid for April (no lot yet)
    expect(rows).toHaveLength(2 * ids.length);
    expect(rows.map((r) => Number(r.pass_id))).toEqual(ids.flatMap((id) => [id, id]));
    expect(rows.map((r) => r.source)).toEqual(ids.flatMap(() => ['sale', 'future_periods']));
    expect(new Set(rows.filter((r) => r.lot_id).map((r) => r.lot_id)).size).toBe(ids.length);
    // the shop's clock beside UTC: sold at 10:00 in New York, the month's lot good through 31 March (it ends at
    // local midnight on 1 April); the future periods' row has no lot, so no grant or last day
    expect([rows[0]!.sold_at, rows[0]!.sold_local, rows[0]!.granted_local, rows[0]!.expires_at, rows[0]!.valid_through])
      .toEqual(['2026-03-02T15:00:00.000Z', '2026-03-02T10:00:00-05:00', '2026-03-02T10:00:00-05:00', '2026-04-01T04:00:00.000Z', '2026-03-31']);
    expect([rows[1]!.sold_local, rows[1]!.granted_local, rows[1]!.valid_through]).toEqual(['2026-03-02T10:00:00-05:00', '', '']);
    // Σ unused value is the deferred revenue balance
    const unused = rows.reduce((s, r) => s + cents(r.unused_value!), 0);
    expect(unused).toBe(ids.length * 2000);
  });
});

describe('export file names', () => {
  it('are stamped in the shop\'s own time, also late in the evening when it is already tomorrow in UTC', async () => {
    // 22:00 on 2 May in New York is 02:00 on 3 May in UTC: the owner looks for the file of 2 May
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-05-03T02:00:00.000Z' });
    apps.push(app);
    const r = await app.callAsync('exports.create', { kind: 'customers', format: 'csv' }, app.owner);
    expect(r.fileName).toBe('passbook-customers-20260502-220000.csv');
  });
});

describe('whose transaction it is, in the hledger and beancount journals', () => {
  // Found by the accountant's review: the text journals said "Redeemed Tea" and nothing else, so the accountant could not
  // tell whose redemption, sale or refund it was; only the journal CSV carried pass_id and customer_id.
  it('tags each transaction with its pass and customer (the CSVs\' ids), and a sale without a pass with neither', async () => {
    const { run, skipWithout } = await import('../../test/support/bookTools');
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-02T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '10', validity: 'month' });
    const tea = item(app, 'Tea', '1');
    const ann = customer(app, 'Ann');
    const bob = customer(app, 'Bob');
    const annPass = sell(app, ann, p);
    const bobPass = sell(app, bob, p);
    redeem(app, annPass, tea, '2');
    redeem(app, bobPass, tea, '3');
    app.call('counter.cashSale', { clientId: newId(), items: [{ itemId: tea, quantity: '1' }], paymentMethod: 'cash' });
    const now = app.clockControl.now().getTime();
    const hl = collect(exportChunks(app.db, 'journal', 'hledger', now).chunks);
    const bc = collect(exportChunks(app.db, 'journal', 'beancount', now).chunks);
    const hlTx = hl.split('\n\n').filter((b) => /^\d{4}-/.test(b));
    const bcTx = bc.split('\n\n').filter((b) => /^\d{4}-\d\d-\d\d \*/.test(b));
    expect(hlTx.map((b) => /; kind:(\S+?)(?:, pass:(\d+), customer:(\d+))?\n/.exec(b)?.slice(1))).toEqual([
      ['sale', `${annPass}`, `${ann}`], ['sale', `${bobPass}`, `${bob}`], ['redeem', `${annPass}`, `${ann}`], ['redeem', `${bobPass}`, `${bob}`], ['cash_sale', undefined, undefined],
    ]);
    expect(bcTx.map((b) => [/\n {2}pass: "(\d+)"/.exec(b)?.[1], /\n {2}customer: "(\d+)"/.exec(b)?.[1]])).toEqual([
      [`${annPass}`, `${ann}`], [`${bobPass}`, `${bob}`], [`${annPass}`, `${ann}`], [`${bobPass}`, `${bob}`], [undefined, undefined],
    ]);
    if (skipWithout('hledger') || skipWithout('bean-check')) return;
    const dir = (await import('../../test/support/tempApp')).tempDir();
    const fs = await import('node:fs');
    fs.writeFileSync(`${dir}/b.journal`, hl);
    fs.writeFileSync(`${dir}/b.beancount`, bc);
    expect(run('hledger', ['-f', `${dir}/b.journal`, 'check', '-s']).err).toBe('');
    // the accountant's question "what did Bob do?" answered by the tool
    expect(run('hledger', ['-f', `${dir}/b.journal`, 'bal', '--flat', '--no-total', `tag:customer=^${bob}$`, '^revenue:']).out.trim()).toBe('-3.00 USD  revenue:redemptions');
    expect(run('bean-check', [`${dir}/b.beancount`]).err.trim()).toBe('');
  });
});
