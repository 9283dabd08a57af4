// The counter's writes and the month-end close when the ledger's disk is full or another program holds the file, on
// real SQLite files: a ledger on a small tmpfs filled to its last block (only root on Linux can mount one; CI's machine
// is one), and a second connection holding BEGIN IMMEDIATE, as a database tool (or a sync program) keeping the write
// lock does. Each write says so in words the cashier can act on, leaves nothing behind, and its retry under the same
// client id does it exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../core/db/sqlite';
import { startSchedule, type Schedule } from '../core/schedule';
import { cid, ledgerCounts, scenario } from '../core/passes/scenario';
import { tempApp } from './support/tempApp';
import { canMountTmpfs, fillDisk, smallDisk } from './support/smallDisk';

function shop(file?: string) {
  const app = tempApp(file ? { file } : {});
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const plan = s.plan({ name: 'Coffee 25', credits: '25', price: '50', validity: 'none' });
  const pack = app.call('plans.save', { clientId: cid(), kind: 'topup', name: 'Top-up 5', credits: '5', price: '10.00', validity: 'none' }, app.owner).id;
  const customer = s.customer('Anna Lee');
  const pass = s.sell(customer, plan);
  return { app, capp, plan, pack, customer, pass };
}

/** The counter's writes, each under its own client id (the same one for its retry). */
function writes(x: ReturnType<typeof shop>): Array<[string, Record<string, unknown>]> {
  return [
    ['counter.redeem', { clientId: cid(), passId: x.pass, items: [{ itemId: x.capp, quantity: '1.5' }] }],
    ['passes.sell', { clientId: cid(), customerId: x.customer, planId: x.plan, paymentMethod: 'cash' }],
    ['passes.topUp', { clientId: cid(), passId: x.pass, packId: x.pack, paymentMethod: 'card' }],
    ['counter.cashSale', { clientId: cid(), items: [{ itemId: x.capp, quantity: '2' }], paymentMethod: 'cash' }],
    ['customers.create', { clientId: cid(), name: 'Ben Ode' }],
  ];
}

describe('a full disk at the counter', () => {
  it.skipIf(!canMountTmpfs())('each write is refused as DATABASE with the disk named, nothing half-written; its retry once there is room does it once', () => {
    const { dir, unmount } = smallDisk('4m');
    let x: ReturnType<typeof shop> | undefined;
    try {
      x = shop(path.join(dir, 'ledger.sqlite'));
      const { app } = x;
      const calls = writes(x);
      const before = ledgerCounts(app.db);
      const filler = fillDisk(dir);
      for (const [name, input] of calls) {
        const r = app.dispatch(name, input);
        expect(r, name).toEqual({ ok: false, error: { code: 'DATABASE', message: 'The disk is full, so this was not saved. Free some space on this computer, then try again.', details: { sqlite: 'SQLITE_FULL' } } });
        expect(app.db.inTransaction).toBe(false);
      }
      expect(ledgerCounts(app.db)).toEqual(before);
      expect(app.call('passes.get', { passId: x.pass }).balance).toBe('25');

      fs.rmSync(filler); // space freed
      const answers = calls.map(([name, input]) => app.dispatch(name, input));
      for (const a of answers) expect(a.ok).toBe(true);
      const after = ledgerCounts(app.db);
      // the same requests again: the first answers, nothing more written
      calls.forEach(([name, input], i) => expect(app.dispatch(name, input)).toEqual(answers[i]));
      expect(ledgerCounts(app.db)).toEqual(after);
      expect(after.redemptions).toBe(before.redemptions! + 1);
      expect(after.passes).toBe(before.passes! + 1);
      expect(after.cash_sales).toBe(before.cash_sales! + 1);
      expect(after.operations).toBe(before.operations! + calls.length);
      expect(app.db.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(2);
      expect(app.call('passes.get', { passId: x.pass }).balance).toBe('28.5'); // 25 − 1.5 + 5
    } finally {
      x?.app.close();
      unmount();
    }
  });
});

describe('another program holding the ledger', () => {
  it('a write waits, then is refused in words that say to close that program; once it lets go the retry does it once', () => {
    const x = shop();
    const { app } = x;
    app.db.pragma('busy_timeout = 50'); // the app waits 5 s: the same refusal, sooner
    const other = openSqlite(app.file);
    other.exec('BEGIN IMMEDIATE');
    const calls = writes(x);
    const before = ledgerCounts(app.db);
    try {
      for (const [name, input] of calls) {
        const r = app.dispatch(name, input);
        expect(r, name).toEqual({ ok: false, error: { code: 'DATABASE', message: expect.stringMatching(/^The ledger file is in use by another program, so this was not saved\. Close that program/), details: { sqlite: 'SQLITE_BUSY' } } });
      }
      // reads still answer (WAL: a writer elsewhere does not stop them)
      expect(app.call('passes.get', { passId: x.pass }).balance).toBe('25');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(ledgerCounts(app.db)).toEqual(before);
    const answers = calls.map(([name, input]) => app.dispatch(name, input));
    for (const a of answers) expect(a.ok).toBe(true);
    const after = ledgerCounts(app.db);
    calls.forEach(([name, input], i) => expect(app.dispatch(name, input)).toEqual(answers[i]));
    expect(ledgerCounts(app.db)).toEqual(after);
    expect(app.call('passes.get', { passId: x.pass }).balance).toBe('28.5');
    app.close();
  });
});

describe('the month-end close on a full disk', () => {
  it.skipIf(!canMountTmpfs())('closes nothing half-way, is said on every screen, and closes once when there is room', () => {
    const { dir, unmount } = smallDisk('6m');
    const app = tempApp({ file: path.join(dir, 'ledger.sqlite'), start: '2026-02-25T15:00:00.000Z' });
    const s = scenario(app, app.owner);
    const plan = s.plan({ name: 'Monthly 10', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' });
    for (let i = 0; i < 40; i += 1) s.sell(s.customer(`Customer ${i}`), plan);
    let schedule: Schedule | undefined;
    try {
      app.clockControl.set('2026-03-31T20:00:00.000Z'); // February's month end is due for every pass
      app.db.pragma('wal_checkpoint(TRUNCATE)'); // every page the close writes needs new room
      const before = ledgerCounts(app.db);
      const filler = fillDisk(dir);
      const errors: unknown[] = [];
      schedule = startSchedule(app, { backups: false, timers: false, onError: (e) => errors.push(e) });
      expect(errors).toEqual([expect.objectContaining({ code: 'SQLITE_FULL' })]);
      expect(ledgerCounts(app.db)).toEqual(before); // no pass closed, none half-closed
      expect(app.db.prepare('SELECT count(*) FROM period_close_runs').pluck().get()).toBe(0);
      expect(app.call('shop.status', {}).problems).toEqual([{ work: 'close', since: '2026-03-31T20:00:00.000Z', message: expect.stringMatching(/^The disk is full\./) }]);
      fs.rmSync(filler);
      schedule.closeNow(); // the scheduler's next try (core/periods/scheduler.test.ts: after 5 s, then longer)
      expect(app.db.prepare('SELECT count(*) FROM period_close_runs').pluck().get()).toBe(1);
      expect(app.call('shop.status', {}).problems).toEqual([]);
    } finally {
      schedule?.stop();
      app.close();
      unmount();
    }
  });
});
