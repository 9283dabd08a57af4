// The demo shop loads once, before setup, with a consistent ledger and a few months of history.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { codeOf, ownerSession, tempApp } from '../../test/support/tempApp';
import { run, skipWithout } from '../../test/support/bookTools';
import { checkProjections } from '../lots/projections';
import { accountBalance, cid, ledgerCounts, unbalancedTransactions } from '../passes/scenario';

describe('shop.loadDemo', () => {
  for (const start of ['2026-03-18T15:00:00.000Z', '2026-03-01T05:30:00.000Z', '2026-11-02T14:00:00.000Z']) {
    it(`creates Bean & Brew with history (now = ${start})`, () => {
      const app = tempApp({ setup: false, start });
      const input = { clientId: cid() };
      const shop = app.call('shop.loadDemo', input);
      const rows = ledgerCounts(app.db);
      expect(app.call('shop.loadDemo', input)).toEqual(shop); // a double click replays, writing nothing
      expect(ledgerCounts(app.db)).toEqual(rows);
      expect(shop).toMatchObject({ name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', creditUnit: 'drink' });
      const owner = ownerSession(app, '1234');
      expect(codeOf(app, 'shop.loadDemo', { clientId: cid() })).toBe('ALREADY_SET_UP');

      const items = app.call('items.list', {}).items;
      expect(items.map((i) => [i.name, i.rate, i.cashPrice, i.hotkey])).toEqual([
        ['Muffin', '2', '3.75', '4'], ['Cappuccino', '1', '4.50', '1'], ['Cold brew (large)', '1.5', '5.25', '3'], ['Latte', '1', '4.75', '2'],
      ]);
      const plans = app.call('plans.list', {}).plans;
      expect(plans.map((p) => [p.kind, p.name, p.credits, p.price, p.validity, p.rolloverPolicy, p.rolloverCapCredits, p.rolloverExpiresAfterPeriods]))
        .toEqual([['plan', 'Coffee Pass', '25', '50.00', 'month', 'cap', '5', 1], ['topup', '10 more drinks', '10', '20.00', 'month', 'none', null, null]]);

      const customers = app.db.prepare('SELECT id, name FROM customers ORDER BY id').all() as { id: number; name: string }[];
      expect(customers).toHaveLength(12);
      const counts = app.db.prepare('SELECT (SELECT count(*) FROM passes) AS passes, (SELECT count(*) FROM redemptions) AS redemptions').get() as { passes: number; redemptions: number };
      expect(counts.passes).toBeGreaterThanOrEqual(20);
      expect(counts.redemptions).toBeGreaterThan(150);
      expect(unbalancedTransactions(app.db)).toEqual([]);
      // nobody has two live passes, and Anna can be served by customer id at the counter
      for (const c of customers) {
        const d = app.call('customers.get', { id: c.id });
        expect(d.passes.filter((p) => p.status === 'active').length, c.name).toBeLessThanOrEqual(1);
      }
      const anna = app.call('customers.search', { query: 'anna' }).customers[0]!;
      expect(anna.passId).not.toBeNull();
      const r = app.call('counter.redeem', { clientId: cid(), customerId: anna.id, items: [{ itemId: items[1]!.id, quantity: '1' }] });
      expect(r.passId).toBe(anna.passId);
      // the past is consistent with what period close will find: deferred = unused paid value of all lots
      const unused = app.db.prepare('SELECT sum(l.paid_minor - b.recognized_minor - b.released_minor) AS n FROM lots l JOIN lot_balances b ON b.lot_id = l.id').get() as { n: number };
      expect(-accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(unused.n);
      // period close can run over the whole history
      expect(codeOf(app, 'periods.close', { clientId: cid() }, owner)).toBe('OK');
      expect(unbalancedTransactions(app.db)).toEqual([]);
      expect(checkProjections(app.db)).toEqual([]);
      // its shop was "set up" before its history begins, so reports and the books open early enough
      const first = (app.db.prepare('SELECT min(occurred_at) AS t FROM journal_tx').get() as { t: number }).t;
      expect((app.db.prepare('SELECT created_at FROM shop').get() as { created_at: number }).created_at).toBeLessThanOrEqual(first);
    });
  }

  it.skipIf(skipWithout('bean-check') || skipWithout('hledger'))('exports books that hledger and bean-check accept as they are', async () => {
    const app = tempApp({ setup: false, start: '2026-05-20T15:00:00.000Z' });
    app.call('shop.loadDemo', { clientId: cid() });
    const owner = ownerSession(app, '1234');
    for (const format of ['hledger', 'beancount'] as const) {
      const e = await app.callAsync('exports.create', { kind: 'journal', format }, owner);
      const file = path.join(app.ledger.exportsDir, e.fileName);
      const r = format === 'hledger' ? run('hledger', ['-f', file, 'check', '-s', 'ordereddates']) : run('bean-check', [file]);
      expect(r.out + r.err, format).toBe('');
      expect(r.status, format).toBe(0);
    }
    // the deferred-revenue roll-forward starts with the month the demo shop was set up (three days before its
    // first sales on 1 March), not the day it was loaded
    expect(app.call('reports.deferredRevenue', {}, owner).months[0]!.month).toBe('2026-02');
  });
});
