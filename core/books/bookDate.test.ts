// Credits that expire at a month end are that month's breakage: in the hledger and beancount journals, the
// journal CSV, the daily report and the deferred-revenue roll-forward, though the close books them at the
// midnight that starts the next month.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownerSession, tempApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';
import { run, skipWithout } from '../../test/support/bookTools';
import { runDueCloses } from '../periods/close';

describe('the book date of an expiry', () => {
  it.skipIf(skipWithout('hledger'))('is the last day its credits were valid', async () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-14T15:00:00.000Z' });
    const p = plan(app, { name: 'Coffee', credits: '10', price: '20', validity: 'month' });
    const pass = sell(app, customer(app, 'Ann'), p, 'cash');
    redeem(app, pass, item(app, 'Latte', '1'), '4');
    app.clockControl.set('2026-04-01T09:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    app.owner = ownerSession(app, '2468'); // the session ended with the clock jump
    const tx = app.db.prepare("SELECT occurred_at FROM journal_tx WHERE kind = 'expire'").get() as { occurred_at: number };
    expect(new Date(tx.occurred_at).toISOString()).toBe('2026-04-01T04:00:00.000Z'); // the ledger keeps the instant

    const hl = await app.callAsync('exports.create', { kind: 'journal', format: 'hledger' }, app.owner);
    const journal = fs.readFileSync(path.join(app.ledger.exportsDir, hl.fileName), 'utf8');
    expect(journal).toMatch(/^2026-03-31 .*Expired 6 drinks of Coffee /m); // the unit in the plural
    expect(run('hledger', ['-f', path.join(app.ledger.exportsDir, hl.fileName), 'check', '-s', 'ordereddates']).status).toBe(0);
    const monthly = run('hledger', ['-f', path.join(app.ledger.exportsDir, hl.fileName), 'bal', '-M', '-O', 'csv', 'revenue:breakage']);
    expect(monthly.out).toMatch(/"revenue:breakage","\$?-12\.00 ?(USD)?"/);
    expect(monthly.out.split('\n')[0]).toMatch(/"2026-03"/);

    const csv = await app.callAsync('exports.create', { kind: 'journal', format: 'csv' }, app.owner);
    const expireRows = fs.readFileSync(path.join(app.ledger.exportsDir, csv.fileName), 'utf8').split('\n').filter((l) => l.includes(',expire,'));
    expect(expireRows.map((l) => l.split(',')[1])).toEqual(['2026-03-31', '2026-03-31']);

    const days = app.call('reports.daily', { from: '2026-03-31', to: '2026-04-01' }, app.owner).days;
    expect(days.map((d) => [d.date, d.breakage])).toEqual([['2026-03-31', '12.00'], ['2026-04-01', '0.00']]);
    const rf = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-04' }, app.owner).months;
    expect(rf.map((m) => [m.month, m.breakage, m.closing, m.journalClosing])).toEqual([['2026-03', '12.00', '0.00', '0.00'], ['2026-04', '0.00', '0.00', '0.00']]);
    app.close();
  });

  it.skipIf(skipWithout('hledger'))('keeps dates in order when a redemption at exactly midnight is written before that midnight\'s expiry', async () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    const monthly = plan(app, { name: 'Monthly', credits: '10', price: '20', validity: 'month' });
    const open = plan(app, { name: 'Open', credits: '10', price: '20', validity: 'none' });
    const tea = item(app, 'Tea', '1');
    const ann = sell(app, customer(app, 'Ann'), monthly, 'cash'); // ends at 1 April 00:00 New York
    const ben = sell(app, customer(app, 'Ben'), open, 'cash');
    redeem(app, ann, tea, '3');
    app.clockControl.set('2026-04-01T04:00:00.000Z'); // midnight: Ben's redemption closes only Ben's pass
    redeem(app, ben, tea, '1');
    app.clockControl.set('2026-04-01T04:00:05.000Z');
    runDueCloses(app.db, app.clock.now().getTime()); // Ann's expiry, booked at that same midnight
    app.owner = ownerSession(app, '2468');
    const hl = await app.callAsync('exports.create', { kind: 'journal', format: 'hledger' }, app.owner);
    const file = path.join(app.ledger.exportsDir, hl.fileName);
    expect(run('hledger', ['-f', file, 'check', '-s', 'ordereddates']).status).toBe(0);
    const dates = fs.readFileSync(file, 'utf8').split('\n').filter((l) => /^\d{4}-/.test(l)).map((l) => l.slice(0, 10));
    expect(dates).toEqual([...dates].sort());
    expect(dates.slice(-2)).toEqual(['2026-03-31', '2026-04-01']);
    const csv = await app.callAsync('exports.create', { kind: 'journal', format: 'csv' }, app.owner);
    const csvDates = fs.readFileSync(path.join(app.ledger.exportsDir, csv.fileName), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[1]!);
    expect(csvDates).toEqual([...csvDates].sort());
    app.close();
  });
});
