// Migration 017: lot_extensions is rebuilt so an end can move back (an extension taken back). A schema-16 ledger's
// extensions come through as they were, and can be taken back after it.
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
    old.call('passes.extend', { clientId: cid(), passId: pass, through: '2026-04-15', reason: 'Away' }, ownerSession(old, '2468'));
    const rows = old.db.prepare('SELECT * FROM lot_extensions').all();
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    const owner = ownerSession(app, '2468');
    expect(app.db.prepare('SELECT * FROM lot_extensions').all()).toEqual(rows.map((r) => ({ ...(r as object), undoes: null })));
    // the table still refuses an end that does not move, and a move back that names no extension
    const insert = app.db.prepare(`INSERT INTO lot_extensions (lot_id, pass_id, credits_units, previous_expires_at, expires_at, reason, occurred_at, undoes)
        VALUES (1, ?, 1, ?, ?, 'x', 0, ?)`);
    expect(() => insert.run(pass, 5, 5, null)).toThrow(/CHECK/);
    expect(() => insert.run(pass, 9, 5, null)).toThrow(/CHECK/);
    expect(() => app.db.prepare('UPDATE lot_extensions SET reason = ?').run('y')).toThrow(/append-only/);
    const r = app.call('passes.undoExtension', { clientId: cid(), passId: pass, reason: 'Wrong day' }, owner);
    expect(r.undone.lots).toEqual([{ lotId: 1, credits: '25', extendedTo: '2026-04-16T04:00:00.000Z', expiresAt: '2026-04-01T04:00:00.000Z' }]);
    app.close();
  });
});
