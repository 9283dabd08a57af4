// The pass view's next end: what the period close will roll over and what will expire, on a real ledger
// file, checked against the month-end preview and then against the close itself when the month ends.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell, topUp } from '../../test/support/seed';
import { ledgerCounts } from './scenario';
import { runDueCloses } from '../periods/close';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });
function shop(): TestApp {
  const app = tempApp({ timeZone: 'America/New_York', start: '2026-11-10T15:00:00.000Z' });
  apps.push(app);
  return app;
}

// the last valid moment of November in New York is 1 Dec 05:00 UTC
const NOV_END = '2026-12-01T05:00:00.000Z';
type Pass = ReturnType<TestApp['call']> & {
  balance: string; nextExpiry: { credits: string; expiresAt: string } | null;
  nextEnd: { at: string; credits: string; rollsOver: string; expires: string; expiringValue: string } | null;
  lots: { id: number; source: string; remaining: string; expiresAt: string | null; atEnd: { rollsOver: string; expires: string } | null }[];
};
const get = (app: TestApp, passId: number) => app.call('passes.get', { passId }) as Pass;

describe('passes.get: the next end follows the rollover policy', () => {
  it('cap 5: of 15 left, 5 roll over and 10 expire — as the month-end preview says and the close then does', () => {
    const app = shop();
    const p = plan(app, { name: 'Coffee Pass', credits: '20', price: '40', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5' });
    const latte = item(app, 'Latte', '1');
    const pass = sell(app, customer(app, 'Ben'), p);
    redeem(app, pass, latte, '5');

    const before = ledgerCounts(app.db);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const v = get(app, pass);
    for (let i = 0; i < 20; i++) get(app, pass);
    expect(ledgerCounts(app.db)).toEqual(before);
    // a read writes nothing at all: no page in the WAL, no sync (a previewed close, rolled back inside the read,
    // still committed its pages: 20 kB and a sync per passes.get)
    expect(fs.statSync(`${app.file}-wal`).size).toBe(0);
    expect(v.balance).toBe('15');
    expect(v.nextExpiry).toEqual({ credits: '15', expiresAt: NOV_END });
    // 15 credits holding 30.00 of unused paid value: 10 expire with 20.00 of it
    expect(v.nextEnd).toEqual({ at: NOV_END, credits: '15', rollsOver: '5', expires: '10', expiringValue: '20.00' });
    expect(v.lots).toHaveLength(1);
    expect(v.lots[0]!.atEnd).toEqual({ rollsOver: '5', expires: '10' });

    // the owner's customer list and month-end preview for the same instant say the same
    const listed = app.call('owner.customers', { query: 'Ben' }, app.owner).rows[0]!;
    expect(listed.nextExpiry).toEqual({ credits: '15', expiresAt: NOV_END, rollsOver: '5', expires: '10' });
    const preview = app.call('periods.preview', { asOf: NOV_END }, app.owner);
    const row = preview.customers.flatMap((c) => c.passes).find((x) => x.passId === pass)!;
    expect({ roll: row.roll, expire: row.expire, expireValue: row.expireValue }).toEqual({ roll: '5', expire: '10', expireValue: '20.00' });

    // and the close does it: after the month end the pass holds the 5 rolled credits
    app.clockControl.set('2026-12-01T15:00:00.000Z');
    expect(runDueCloses(app.db, app.clock.now().getTime())).toMatchObject({ rolledUnits: 5_000_000, expiredUnits: 10_000_000, breakageMinor: 2000 });
    const after = get(app, pass);
    expect(after.balance).toBe('5');
    expect(after.lots.map((l) => l.source)).toEqual(['rollover']);
  });

  it('a top-up has no rollover terms: it expires whole at its own end, later lots are forecast too', () => {
    const app = shop();
    const p = plan(app, { credits: '20', price: '40', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5' });
    const pack = plan(app, { kind: 'topup', credits: '4', price: '8', validity: 'month' });
    const latte = item(app, 'Latte', '1');
    const pass = sell(app, customer(app, 'Cara'), p);
    redeem(app, pass, latte, '18'); // sale lot: 2 left, under the cap
    topUp(app, pass, pack); // +4, ending a month from today
    const v = get(app, pass);
    expect(v.balance).toBe('6');
    expect(v.nextEnd).toEqual({ at: NOV_END, credits: '2', rollsOver: '2', expires: '0', expiringValue: '0.00' });
    const topup = v.lots.find((l) => l.source === 'topup')!;
    expect(topup.expiresAt! > NOV_END).toBe(true);
    expect(topup.atEnd).toEqual({ rollsOver: '0', expires: '4' });
    expect(v.lots.find((l) => l.source === 'sale')!.atEnd).toEqual({ rollsOver: '2', expires: '0' });
  });

  it('none: everything left expires; all: everything rolls; no validity: no end at all', () => {
    const app = shop();
    const latte = item(app, 'Latte', '1');
    const none = sell(app, customer(app, 'Dev'), plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' }));
    const all = sell(app, customer(app, 'Eli'), plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'all' }));
    const open = sell(app, customer(app, 'Fay'), plan(app, { credits: '10', price: '20', validity: 'none' }));
    for (const x of [none, all, open]) redeem(app, x, latte, '2.5');
    expect(get(app, none).nextEnd).toEqual({ at: NOV_END, credits: '7.5', rollsOver: '0', expires: '7.5', expiringValue: '15.00' });
    expect(get(app, all).nextEnd).toEqual({ at: NOV_END, credits: '7.5', rollsOver: '7.5', expires: '0', expiringValue: '0.00' });
    const o = get(app, open);
    expect(o.nextEnd).toBeNull();
    expect(o.lots[0]!.atEnd).toBeNull();
  });

  it('a write answers with the same view (the preview nests inside its transaction and writes nothing)', () => {
    const app = shop();
    const p = plan(app, { credits: '20', price: '40', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5' });
    const sold = app.call('passes.sell', { clientId: crypto.randomUUID(), customerId: customer(app, 'Gus'), planId: p, paymentMethod: 'cash' }) as Pass;
    expect(sold.nextEnd).toEqual({ at: NOV_END, credits: '20', rollsOver: '5', expires: '15', expiringValue: '30.00' });
    expect(app.db.prepare('SELECT count(*) AS n FROM lots').get()).toEqual({ n: 1 });
    expect(app.db.prepare('SELECT count(*) AS n FROM period_close_runs').get()).toEqual({ n: 0 });
  });
});

describe('a sale and a top-up say what they took and gave (the receipt)', () => {
  it('names the plan or pack, its credits, the money and the method, and the new lot and its end; a retry answers the same', () => {
    const app = shop();
    const p = plan(app, { name: 'Coffee 3 months', credits: '25', price: '50', validity: 'month', periods: 3 });
    const pack = app.call('plans.save', { clientId: '01JD00000000000000000000P1', kind: 'topup', name: '10 more', credits: '10', price: '18.50', validity: 'none' } as never, app.owner) as { id: number };
    const ann = customer(app, 'Ann');
    const sale = { clientId: '01JD00000000000000000000S1', customerId: ann, planId: p, paymentMethod: 'card' };
    const sold = app.call('passes.sell', sale as never) as Pass & { id: number; bought: Record<string, unknown> };
    // three periods are paid at the sale; the first period's credits are the new lot, ending with November in New York
    expect(sold.bought).toEqual({ name: 'Coffee 3 months', credits: '25', paid: '150.00', paymentMethod: 'card', periods: 3, lotId: sold.lots[0]!.id, expiresAt: NOV_END, bonus: '0' });
    expect(app.call('passes.sell', sale as never)).toEqual(sold);

    const topped = app.call('passes.topUp', { clientId: '01JD00000000000000000000T1', passId: sold.id, packId: pack.id, paymentMethod: 'cash' } as never) as Pass & { bought: Record<string, unknown> };
    const lot = topped.lots.find((l) => l.source === 'topup')!;
    expect(topped.bought).toEqual({ name: '10 more', credits: '10', paid: '18.50', paymentMethod: 'cash', periods: 1, lotId: lot.id, expiresAt: null, bonus: '0' });
    expect(topped.balance).toBe('35');
    // what the receipt says was paid is what the ledger took
    const paid = app.db.prepare('SELECT kind, method, amount_minor FROM payments WHERE pass_id = ? ORDER BY id').all(sold.id);
    expect(paid).toEqual([{ kind: 'sale', method: 'card', amount_minor: 15000 }, { kind: 'topup', method: 'cash', amount_minor: 1850 }]);
  });
});
