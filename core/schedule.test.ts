import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import { startSchedule } from './schedule';
import { scenario } from './passes/scenario';
import { newId, tempApp, testClock } from '../test/support/tempApp';
import { ownerToken } from '../test/support/seedShop';

describe('background schedule', () => {
  it('after the app was closed for three months, start-up waits for the owner to confirm the date, whose close catches every month end up', () => {
    const app = tempApp({ start: '2026-01-10T15:00:00Z', timeZone: 'America/New_York' });
    const s = scenario(app, app.owner);
    const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'none' });
    const pass = s.sell(s.customer('Dana'), plan);
    s.redeem(pass, [[s.item('Cappuccino', '1', '4.50'), '3']]);
    expect(s.balance(pass)).toBe('22');
    app.close();

    // three months later the app starts again: January's lot expired at local midnight 1 Feb
    const clock = testClock('2026-04-15T15:00:00Z');
    const again = createApp(app.file, { clock });
    const breakage = () => (again.db.prepare("SELECT coalesce(sum(amount_minor), 0) AS m FROM journal_lines WHERE account = 'revenue:breakage'").get() as { m: number }).m;
    startSchedule(again, { backups: false, timers: false }).stop();
    // so long after the last entry the date may be wrong (a clock set a year ahead): nothing is closed on its own
    expect(breakage()).toBe(0);
    again.call('periods.close', { clientId: newId() }, ownerToken(again));
    expect(again.call('passes.get', { passId: pass }).balance).toBe('0');
    expect(breakage()).toBe(-4400); // 22 drinks x $2.00, credited to breakage
    // running again changes nothing: close is idempotent
    const rows = again.db.prepare('SELECT count(*) AS n FROM journal_lines').get();
    startSchedule(again, { backups: false, timers: false }).stop();
    expect(again.db.prepare('SELECT count(*) AS n FROM journal_lines').get()).toEqual(rows);
    again.close();
  });
});

describe('a clock moved ahead by hand while Passbook runs', () => {
  it('holds month end and says so among the background problems, until the clock is put right', () => {
    const app = tempApp({ start: '2026-03-30T14:00:00Z', timeZone: 'America/New_York' });
    const s = scenario(app, app.owner);
    s.sell(s.customer('Dana'), s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'none' }));
    const up = 5_000_000; // no time really passes
    const schedule = startSchedule(app, { backups: false, timers: false, uptime: () => up });
    app.clockControl.set('2026-04-02T14:00:00Z');
    schedule.closeNow();
    const problems = () => (app.call('shop.status', {}) as { problems: Array<{ work: string; message: string }> }).problems;
    expect(problems()).toEqual([expect.objectContaining({
      work: 'close',
      message: "The computer's clock moved ahead by 3 days while Passbook was running, so no month end is closed by it. If the date was set wrong, set it right; if it is right, the owner confirms it by closing the periods in Month end.",
    })]);
    expect(app.db.prepare('SELECT count(*) AS n FROM lot_closes').get()).toEqual({ n: 0 });
    app.clockControl.set('2026-03-30T14:00:00Z');
    schedule.closeNow();
    expect(problems()).toEqual([]);
    schedule.stop();
  });
});

describe('writes book what close owes their pass first', () => {
  it('a redemption after a month end, before any close ran, uses the new period allocation', () => {
    const app = tempApp({ start: '2026-01-10T15:00:00Z', timeZone: 'America/New_York' });
    const s = scenario(app, app.owner);
    const plan = s.plan({ name: '3 months of 10', credits: '10', price: '18', validity: 'month', periods: 3, rolloverPolicy: 'none' });
    const customer = s.customer('Eve');
    const pass = s.sell(customer, plan);
    const latte = s.item('Latte', '1', '4.00');
    s.redeem(pass, [[latte, '10']]);
    app.clockControl.set('2026-02-05T15:00:00Z'); // no scheduler here: nothing closed January
    const r = app.call('counter.redeem', { clientId: newId(), customerId: customer, items: [{ itemId: latte, quantity: '2' }] });
    expect([r.balanceBefore, r.balanceAfter]).toEqual(['10', '8']);
    const boundaries = app.db.prepare('SELECT count(*) AS n FROM period_closes WHERE pass_id = ?').get(pass) as { n: number };
    expect(boundaries.n).toBe(1);
  });
});
