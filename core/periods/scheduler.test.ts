import { afterEach, describe, expect, it } from 'vitest';
import { ownerSession, tempApp, type TestApp } from '../../test/support/tempApp';
import { cid } from '../passes/scenario';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';
import { startCloseScheduler } from './scheduler';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

describe('close scheduler', () => {
  it('catches up at start, then wakes at the next local midnight and closes what became due', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-02-25T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' });
    const pass = sell(app, customer(app, 'Gus'), p);
    redeem(app, pass, item(app, 'Tea', '1'), '4');
    // the app was closed over a month end (a gap of more than 35 days waits for the owner: core/db/ledgerTime.test.ts)
    app.clockControl.set('2026-03-31T20:00:00.000Z');
    const timers: { fn: () => void; at: number }[] = [];
    const runs: number[] = [];
    const s = startCloseScheduler({
      db: () => app.db, now: () => app.clock.now().getTime(), onRun: (r) => runs.push(r.lotsExpired), maxSleepMs: 2 * 86_400_000,
      uptime: () => app.clock.now().getTime(), // the time the test moves the clock by really passes
      setTimer: (fn, ms) => { const t = { fn, at: app.clock.now().getTime() + ms }; timers.push(t); return t; },
      clearTimer: (h) => { const i = timers.indexOf(h as never); if (i >= 0) timers.splice(i, 1); },
    });
    expect(runs).toEqual([1]);
    // next wake-up: local midnight starting 1 April (EDT)
    expect(new Date(s.nextWakeAt()!).toISOString()).toBe('2026-04-01T04:00:00.000Z');
    const p2 = sell(app, customer(app, 'Hal'), p); // sold 31 Mar: expires at that same midnight
    void p2;
    app.clockControl.set(new Date(timers[0]!.at));
    timers.shift()!.fn();
    expect(runs).toEqual([1, 1]);
    expect(new Date(s.nextWakeAt()!).toISOString()).toBe('2026-04-02T04:00:00.000Z');
    s.stop();
    expect(timers).toEqual([]);
    expect(s.nextWakeAt()).toBeNull();
  });

  it('a close that keeps failing is tried again after 5 s, then twice as long each time up to 15 minutes, not every second', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-02-25T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' });
    sell(app, customer(app, 'Gus'), p);
    app.clockControl.set('2026-03-31T20:00:00.000Z'); // a month end is due
    // a disk that refuses every write: the close fails each time
    app.db.exec(`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON main.period_close_runs BEGIN SELECT RAISE(ABORT, 'disk full'); END;`);
    const timers: { fn: () => void; at: number }[] = [];
    const errors: unknown[] = [];
    const s = startCloseScheduler({
      db: () => app.db, now: () => app.clock.now().getTime(), onError: (e) => errors.push(e), maxSleepMs: 2 * 86_400_000,
      uptime: () => app.clock.now().getTime(),
      setTimer: (fn, ms) => { const t = { fn, at: app.clock.now().getTime() + ms }; timers.push(t); return t; },
      clearTimer: (h) => { const i = timers.indexOf(h as never); if (i >= 0) timers.splice(i, 1); },
    });
    const pauses: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const t = timers.shift()!;
      pauses.push(t.at - app.clock.now().getTime());
      app.clockControl.set(new Date(t.at));
      t.fn();
    }
    expect(errors).toHaveLength(11);
    expect(pauses).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 900_000, 900_000]);
    // the disk has room again: the next try closes, and the pauses end
    app.db.exec('DROP TRIGGER temp.full_disk');
    const t = timers.shift()!;
    app.clockControl.set(new Date(t.at));
    t.fn();
    expect(errors).toHaveLength(11);
    expect(app.db.prepare('SELECT count(*) AS n FROM period_close_runs').get()).toEqual({ n: 1 });
    expect(timers[0]!.at - app.clock.now().getTime()).toBeGreaterThan(900_000); // next: the coming midnight
    s.stop();
  });

  it('a clock set days ahead by hand closes no month early; put right, or the date confirmed by the owner, closes go on', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    apps.push(app);
    const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' });
    const pass = sell(app, customer(app, 'Ann'), p);
    const tea = item(app, 'Tea', '1');
    redeem(app, pass, tea, '2');
    app.clockControl.set('2026-03-30T14:00:00.000Z'); // 30 Mar, 10:00 EDT
    let up = 1_000_000; // the computer's uptime: moves only with time that really passes (sleep included)
    const held: Array<number | null> = [];
    const runs: number[] = [];
    const s = startCloseScheduler({
      db: () => app.db, now: () => app.clock.now().getTime(), uptime: () => up, onHeld: (j) => held.push(j), onRun: (r) => runs.push(r.lotsExpired),
      setTimer: () => null, clearTimer: () => {},
    });
    const balance = () => app.call('passes.get', { passId: pass }).balance;
    // a wrong date typed by hand: 2 April. Before, the hourly wake-up closed March there and then: 8 credits gone
    app.clockControl.set('2026-04-02T14:00:00.000Z');
    up += 60_000;
    s.runNow();
    expect(held).toEqual([3 * 86_400_000 - 60_000]);
    expect(runs).toEqual([]);
    expect(app.db.prepare('SELECT count(*) AS n FROM period_close_runs').get()).toEqual({ n: 0 }); // nothing written
    // put right an hour later: nothing was written at the wrong date, the counter works, closes may run again
    app.clockControl.set('2026-03-30T15:00:00.000Z');
    up += 3_600_000;
    s.runNow();
    expect(held).toEqual([3 * 86_400_000 - 60_000, null]);
    expect(balance()).toBe('8'); // March's credits are still there on 30 March
    redeem(app, pass, tea, '1');
    // the real month end, two days later (the computer slept through the nights: uptime counts sleep)
    app.clockControl.set('2026-04-01T04:00:01.000Z');
    up += Date.parse('2026-04-01T04:00:01.000Z') - Date.parse('2026-03-30T15:00:00.000Z');
    s.runNow();
    expect(runs).toEqual([1]);
    expect(balance()).toBe('0'); // the 7 left expired at the real month end
    // a jump the owner confirms (the date was right after all): closes go on from the new reading
    app.clockControl.set('2026-04-20T15:00:00.000Z');
    s.runNow();
    expect(held.at(-1)).toBeGreaterThan(18 * 86_400_000);
    app.owner = ownerSession(app, '2468');
    app.call('periods.close', { clientId: cid() }, app.owner);
    s.runNow();
    expect(held.at(-1)).toBeNull();
    s.stop();
  });
});
