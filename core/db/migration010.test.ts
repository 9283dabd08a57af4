// Migration 010 gives items the credit unit their rate counts in (from what they were redeemed from, else a plan
// unit named like their usage unit, else the only plan unit, else the shop's) and clears the pass terms that top-up
// packs stored but nothing followed.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { migrationsUpTo, oldCustomer } from '../../test/support/olderSchema';
import { newId, ownerSession, tempDir, testClock } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';

describe('migration 010', () => {
  it('gives a schema-9 ledger\'s items their credit unit and its packs no pass terms', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock();
    const old = createApp(file, { clock, migrationsDir: migrationsUpTo(dir, 9), checkOutput: true });
    old.call('shop.setup', { clientId: newId(), name: 'Shop', currency: 'USD', timeZone: 'UTC', locale: 'en-US', creditUnit: 'GB', pin: '2468' });
    const s = scenario(old, ownerSession(old, '2468'));
    // items as schema 9 stored them: no credit unit
    const t = clock.now().getTime();
    const item = (name: string, usageUnit: string) => Number(old.db.prepare(`INSERT INTO items (name, usage_unit, rate_units, cash_price_minor,
        archived, created_at, updated_at) VALUES (?, ?, 1000000, 100, 0, ?, ?)`).run(name, usageUnit, t, t).lastInsertRowid);
    const backup = item('Backup', 'drink'); // named like the drink plan's unit, but redeemed from a GB pass below: GB
    const espresso = item('Espresso', 'drink'); // never redeemed: the plan unit named like it, drink
    const extra = item('Extra', 'cup'); // never redeemed, no plan unit named "cup", two plan units: the shop's, GB
    const pass = s.sell(oldCustomer(old.db, 'Anna', 'OLD2ANNA'), s.plan({ name: 'Storage', credits: '100', price: '10' }));
    s.plan({ name: 'Coffee', creditUnit: 'drink', credits: '10', price: '20' });
    old.call('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: backup, quantity: '2' }] });
    const pack = s.plan({ kind: 'topup', name: '10 GB more', creditUnit: 'GB', credits: '10', price: '1' });
    // what the pack editor let an owner store on a pack
    old.db.prepare(`UPDATE plans SET rollover_policy = 'all', rollover_expires_after_periods = 2, consumption_order = 'rollover_first',
        overage_policy = 'allow', overdraft_limit_units = 5000000, low_balance_units = 1000000 WHERE id = ?`).run(pack);
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    expect(app.db.prepare('SELECT id, credit_unit FROM items ORDER BY id').all()).toEqual([
      { id: backup, credit_unit: 'GB' }, { id: espresso, credit_unit: 'drink' }, { id: extra, credit_unit: 'GB' },
    ]);
    const p = app.call('plans.list', { kind: 'topup' }).plans[0]!;
    expect([p.rolloverPolicy, p.rolloverExpiresAfterPeriods, p.consumptionOrder, p.overagePolicy, p.overdraftLimitCredits, p.lowBalanceCredits])
      .toEqual(['none', null, 'default', 'block', null, null]);
    // and the rule holds on the upgraded ledger: the drink item does not come off the storage pass
    expect(app.dispatch('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: espresso, quantity: '1' }] }).ok).toBe(false);
    expect(app.call('counter.redeem', { clientId: cid(), passId: pass, items: [{ itemId: extra, quantity: '1' }] }).balanceAfter).toBe('97');
    app.close();
  });
});
