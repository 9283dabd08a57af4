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
    expect(journal).toMatch(/^2026-03-31 .*Expired 6 /m);
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
});
