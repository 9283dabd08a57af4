// Migration 017: lot_extensions is rebuilt so an end can move back (an extension taken back). A schema-16 ledger's
// extensions come through as they were (a closure's marked as such), and can be taken back after it.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { migrationsUpTo } from '../../test/support/olderSchema';
import { newId, ownerSession, tempDir, testClock } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';

describe('migration 017', () => {
  it('keeps a schema-16 ledger\'s extensions, and lets the newest be taken back', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock();
    const old = createApp(file, { clock, migrationsDir: migrationsUpTo(dir, 16), checkOutput: true });
    old.call('shop.setup', { clientId: newId(), name: 'Bean', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    const s = scenario(old, ownerSession(old, '2468'));
    const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    const pass = s.sell(s.customer('Anna'), plan);
    const ben = s.sell(s.customer('Ben'), plan);
    const cy = s.sell(s.customer('Cy'), plan);
    // what a schema-16 Passbook wrote (this one's code writes the new columns): Anna's own extension to April 15, and a
    // closure (passes.extendAll, its request in operations) that moved Ben's and Cy's ends to April 12
    const extend = old.db.prepare(`INSERT INTO lot_extensions (lot_id, pass_id, credits_units, previous_expires_at, expires_at, reason, occurred_at, client_id)
        SELECT id, pass_id, amount_units, expires_at, ?, ?, ?, ? FROM lots WHERE pass_id = ?`);
    const op = old.db.prepare(`INSERT INTO operations (client_id, method, payload_hash, result, occurred_at) VALUES (?, ?, 'h', '{}', 1)`);
    const [own, closure] = [cid(), cid()];
    old.db.transaction(() => {
      extend.run(Date.parse('2026-04-16T04:00:00.000Z'), 'Away', 1, own, pass);
      op.run(own, 'passes.extend');
      for (const p of [ben, cy]) extend.run(Date.parse('2026-04-13T04:00:00.000Z'), 'Closed for works', 2, closure, p);
      op.run(closure, 'passes.extendAll');
      old.db.prepare('UPDATE lot_balances SET expires_at = (SELECT x.expires_at FROM lot_extensions x WHERE x.lot_id = lot_balances.lot_id) WHERE lot_id IN (SELECT lot_id FROM lot_extensions)').run();
    })();
    const rows = old.db.prepare('SELECT * FROM lot_extensions ORDER BY id').all() as Array<{ pass_id: number }>;
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    const owner = ownerSession(app, '2468');
    // the rows as they were; a closure's are told from a pass's own by the request that wrote them
    expect(app.db.prepare('SELECT * FROM lot_extensions ORDER BY id').all()).toEqual(rows.map((r) => ({ ...r, undoes: null, closure: r.pass_id === pass ? 0 : 1 })));
    // the table still refuses an end that does not move, and a move back that names no extension
    const insert = app.db.prepare(`INSERT INTO lot_extensions (lot_id, pass_id, credits_units, previous_expires_at, expires_at, reason, occurred_at, undoes)
        VALUES (1, ?, 1, ?, ?, 'x', 0, ?)`);
    expect(() => insert.run(pass, 5, 5, null)).toThrow(/CHECK/);
    expect(() => insert.run(pass, 9, 5, null)).toThrow(/CHECK/);
    expect(() => app.db.prepare('UPDATE lot_extensions SET reason = ?').run('y')).toThrow(/append-only/);
    const r = app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Wrong day' }, owner);
    expect(r.undone.lots).toEqual([{ lotId: 1, credits: '25', extendedTo: '2026-04-16T04:00:00.000Z', expiresAt: '2026-04-01T04:00:00.000Z' }]);
    expect(app.call('passes.undoClosureQuote', {}, owner)).toMatchObject({ reason: 'Closed for works', passes: 2, lots: 2, credits: [{ unit: 'drink', credits: '50' }] });
    app.close();
  });
});
