// reports.accounts: the trial balance of a local month, by book time, from the month totals.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeOf, ownerSession, tempApp } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';

/** Anna buys Bean & Brew's $50 pass in cash on March 1st (15:00 UTC, New York) and drinks 3. */
function annInMarch() {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
  const pass = s.sell(s.customer('Anna'), plan, 'cash');
  s.redeem(pass, [[capp, '3']]);
  return { app, pass };
}

describe('reports.accounts', () => {
  it('says each account\'s opening, change and closing for a month; every column sums to zero', () => {
    const { app, pass } = annInMarch();
    app.call('passes.refundCredits', { clientId: cid(), passId: pass, credits: '5', reason: 'Away', paymentMethod: 'card' }, app.owner);
    const march = app.call('reports.accounts', {}, app.owner);
    expect(march).toEqual({
      month: '2026-03', from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', asOf: '2026-03-01T15:00:00.000Z',
      accounts: [
        { account: 'assets:card', description: 'Card payments taken, less paid back', opening: '0.00', change: '-10.00', closing: '-10.00' },
        { account: 'assets:cash', description: 'Cash taken, less cash paid back', opening: '0.00', change: '50.00', closing: '50.00' },
        { account: 'liabilities:deferred-revenue', description: 'Credits paid for and not used yet: owed to customers', opening: '0.00', change: '-34.00', closing: '-34.00' },
        { account: 'revenue:redemptions', description: 'Credits used', opening: '0.00', change: '-6.00', closing: '-6.00' },
      ],
      totals: { opening: '0.00', change: '0.00', closing: '0.00' },
    });
    // April: March's 17 unused drinks expire at its end, booked on March 31 (their last day): breakage in March
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    app.call('periods.close', { clientId: cid() }, app.owner);
    const again = app.call('reports.accounts', { month: '2026-03' }, app.owner);
    expect(again.asOf).toBe('2026-04-01T04:00:00.000Z');
    expect(again.accounts.map((a) => [a.account, a.closing])).toEqual([
      ['assets:card', '-10.00'], ['assets:cash', '50.00'], ['liabilities:deferred-revenue', '0.00'], ['revenue:breakage', '-34.00'], ['revenue:redemptions', '-6.00'],
    ]);
    const april = app.call('reports.accounts', {}, app.owner);
    expect(april.month).toBe('2026-04');
    expect(april.accounts.map((a) => [a.account, a.opening, a.change, a.closing])).toEqual([
      ['assets:card', '-10.00', '0.00', '-10.00'], ['assets:cash', '50.00', '0.00', '50.00'], ['liabilities:deferred-revenue', '0.00', '0.00', '0.00'],
      ['revenue:breakage', '-34.00', '0.00', '-34.00'], ['revenue:redemptions', '-6.00', '0.00', '-6.00'],
    ]);
    // a month before the books began: nothing yet; one not begun, or not a month: refused
    expect(app.call('reports.accounts', { month: '2026-02' }, app.owner).accounts).toEqual([]);
    for (const month of ['2026-05', '2026-13', '2026-4', 'April']) expect(codeOf(app, 'reports.accounts', { month }, app.owner), month).toBe('VALIDATION');
    expect(codeOf(app, 'reports.accounts', {})).toBe('FORBIDDEN');
  });

  it('export as CSV (exports.create kind accounts): the same figures and words, a file per month, refusals leave no file', async () => {
    const { app } = annInMarch();
    app.clockControl.set('2026-04-02T15:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    app.call('periods.close', { clientId: cid() }, app.owner);
    const read = (name: string) => fs.readFileSync(path.join(app.ledger.exportsDir, name), 'utf8');
    // March, closed: its end is the as-of instant; the file's figures are the report's, row for row
    const r = await app.callAsync('exports.create', { kind: 'accounts', month: '2026-03' }, app.owner);
    expect(r.fileName).toBe('passbook-accounts-2026-03-20260402-110000.csv');
    expect(read(r.fileName)).toBe([
      'month,from,to,as_of,account,description,opening,change,closing,currency',
      '2026-03,2026-03-01,2026-03-31,2026-04-01T04:00:00.000Z,assets:cash,"Cash taken, less cash paid back",0.00,50.00,50.00,USD',
      '2026-03,2026-03-01,2026-03-31,2026-04-01T04:00:00.000Z,liabilities:deferred-revenue,Credits paid for and not used yet: owed to customers,0.00,0.00,0.00,USD',
      '2026-03,2026-03-01,2026-03-31,2026-04-01T04:00:00.000Z,revenue:breakage,Credits that expired or were written off,0.00,-44.00,-44.00,USD',
      '2026-03,2026-03-01,2026-03-31,2026-04-01T04:00:00.000Z,revenue:redemptions,Credits used,0.00,-6.00,-6.00,USD',
      '',
    ].join('\n'));
    expect(r.rows).toBe(4);
    const report = app.call('reports.accounts', { month: '2026-03' }, app.owner);
    const lines = read(r.fileName).trim().split('\n').slice(1);
    expect(lines.map((l) => l.split(',').slice(-4, -1).join(','))).toEqual(report.accounts.map((a) => [a.opening, a.change, a.closing].join(',')));
    // this month (the default): as of now, April opening where March closed
    const now = await app.callAsync('exports.create', { kind: 'accounts' }, app.owner);
    expect(now.fileName).toBe('passbook-accounts-2026-04-20260402-110000.csv');
    expect(read(now.fileName).split('\n')[1]).toBe('2026-04,2026-04-01,2026-04-30,2026-04-02T15:00:00.000Z,assets:cash,"Cash taken, less cash paid back",50.00,0.00,50.00,USD');
    // refused: a month not begun, the wrong format, a month on another kind, the counter's role; no file is left behind
    const files = fs.readdirSync(app.ledger.exportsDir).sort();
    await expect(app.callAsync('exports.create', { kind: 'accounts', month: '2026-05' }, app.owner)).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'month' } });
    await expect(app.callAsync('exports.create', { kind: 'accounts', month: '2026-13' }, app.owner)).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(app.callAsync('exports.create', { kind: 'accounts', format: 'hledger' }, app.owner)).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'format' } });
    await expect(app.callAsync('exports.create', { kind: 'journal', month: '2026-03' }, app.owner)).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'month' } });
    await expect(app.callAsync('exports.create', { kind: 'accounts' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(fs.readdirSync(app.ledger.exportsDir).sort()).toEqual(files);
  });
});
