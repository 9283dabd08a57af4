// Migration 014: plans and packs of an older ledger give no bonus until the owner sets one; then each new purchase
// gets it, and the passes sold before keep what they had.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { migrationsUpTo } from '../../test/support/olderSchema';
import { newId, ownerSession, tempDir, testClock } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';

describe('migration 014', () => {
  it('gives a schema-13 ledger\'s plans no bonus, and a bonus set since to each new purchase only', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock();
    const old = createApp(file, { clock, migrationsDir: migrationsUpTo(dir, 13), checkOutput: true });
    old.call('shop.setup', { clientId: newId(), name: 'Bean', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    const s = scenario(old, ownerSession(old, '2468'));
    const pack = s.plan({ name: '10 more', kind: 'topup', credits: '10', price: '20' });
    const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    const pass = s.sell(s.customer('Anna'), plan);
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    const owner = ownerSession(app, '2468');
    expect(app.call('plans.list', {}).plans.map((p) => [p.name, p.bonusCredits])).toEqual([['Coffee Pass', '0'], ['10 more', '0']]);
    expect(app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' }).bought?.bonus).toBe('0');
    app.call('plans.save', { clientId: cid(), id: pack, kind: 'topup', name: '10 more', credits: '10', price: '20', bonusCredits: '2' }, owner);
    const topped = app.call('passes.topUp', { clientId: cid(), passId: pass, packId: pack, paymentMethod: 'cash' });
    expect(topped.bought?.bonus).toBe('2');
    expect(topped.balance).toBe('47');
    // the pass sold before 014 kept its lots; the new bonus is a promo lot beside the top-up that brought it
    expect(app.db.prepare('SELECT source, amount_units, parent_lot_id FROM lots WHERE pass_id = ? ORDER BY id').all(pass)).toEqual([
      { source: 'sale', amount_units: 25_000_000, parent_lot_id: null },
      { source: 'topup', amount_units: 10_000_000, parent_lot_id: null },
      { source: 'topup', amount_units: 10_000_000, parent_lot_id: null },
      { source: 'promo', amount_units: 2_000_000, parent_lot_id: topped.bought!.lotId },
    ]);
    app.close();
  });
});
