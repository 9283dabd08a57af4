// Migration 008 gives top-up lots the name of their pack: existing ones take the pack's name of today, and
// lots stay append-only.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { migrationsUpTo, oldCustomer } from '../../test/support/olderSchema';
import { newId, ownerSession, tempDir, testClock } from '../../test/support/tempApp';
import { scenario } from '../passes/scenario';

describe('migration 008', () => {
  it('names the top-up lots of a schema-7 ledger by their pack and keeps lots append-only', () => {
    const dir = tempDir();
    const seven = migrationsUpTo(dir, 7);
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock();
    const old = createApp(file, { clock, migrationsDir: seven, checkOutput: true });
    old.call('shop.setup', { clientId: newId(), name: 'Shop', currency: 'USD', timeZone: 'UTC', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    const s = scenario(old, ownerSession(old, '2468'));
    const pass = s.sell(oldCustomer(old.db, 'Anna', 'OLD2ANNA'), s.plan({ name: 'Coffee', credits: '25', price: '50' }));
    const pack = s.plan({ kind: 'topup', name: '10 more', credits: '10', price: '20' });
    // a top-up as schema 7 wrote it (the code of today writes pack_name, which schema 7 lacks)
    old.db.prepare(`INSERT INTO lots (pass_id, source, plan_id, amount_units, paid_minor, granted_at, created_by) VALUES (?, 'topup', ?, 10000000, 2000, ?, 'passes.topUp')`)
      .run(pass, pack, clock.now().getTime());
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    expect(app.db.prepare('SELECT source, pack_name FROM lots ORDER BY id').all()).toEqual([{ source: 'sale', pack_name: null }, { source: 'topup', pack_name: '10 more' }]);
    expect(() => app.db.prepare('UPDATE lots SET pack_name = pack_name').run()).toThrow(/append-only/);
    app.close();
  });
});
