// Migration 007 rebuilds redemption_lines (WITHOUT ROWID) and swaps three indexes for lookups through
// lot_entries_pass: a ledger written at schema 6 must keep every line, stay append-only, and still undo,
// void and show its redemptions after the upgrade.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { migrationsUpTo, oldCustomer } from '../../test/support/olderSchema';
import { loadMigrations } from './open';
import { newId, ownerSession, tempDir, testClock } from '../../test/support/tempApp';
import { scenario, unbalancedTransactions } from '../passes/scenario';
import { checkProjections } from '../lots/projections';

const LINES = 'SELECT redemption_id, line_no, item_id, item_name, usage_unit, quantity_units, rate_units, credits_units, cash_price_minor, overage_units FROM redemption_lines ORDER BY redemption_id, line_no';

describe('migration 007', () => {
  it('keeps a schema-6 ledger\'s redemption lines and its undo, void and statements', () => {
    const dir = tempDir();
    const six = migrationsUpTo(dir, 6);
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock();

    const old = createApp(file, { clock, migrationsDir: six, checkOutput: true });
    expect(old.db.pragma('user_version', { simple: true })).toBe(6);
    old.call('shop.setup', { clientId: newId(), name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    const s = scenario(old, ownerSession(old, '2468'));
    // items as schema 6 stored them (no credit unit: migration 010 gives them the unit of the passes they drew from)
    const rawItem = (name: string, rateUnits: number, cashMinor: number) => Number(old.db.prepare(`INSERT INTO items (name, usage_unit, rate_units,
        cash_price_minor, archived, created_at, updated_at) VALUES (?, 'unit', ?, ?, 0, ?, ?)`).run(name, rateUnits, cashMinor, clock.now().getTime(), clock.now().getTime()).lastInsertRowid);
    const latte = rawItem('Latte', 1_000_000, 450);
    const brew = rawItem('Cold brew', 1_500_000, 500);
    const pass = s.sell(oldCustomer(old.db, 'Anna', 'OLD2ANNA'), s.plan({ name: '25 drinks', credits: '25', price: '50' }));
    const first = s.redeem(pass, [[latte, '2'], [brew, '1']]);
    clock.advance(1_000);
    const second = s.redeem(pass, [[brew, '3']]);
    const before = old.db.prepare(LINES).all();
    expect(before).toHaveLength(3);
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    expect(app.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(app.db.prepare(LINES).all()).toEqual(before);
    const names = (app.db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('index', 'trigger')").all() as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['journal_lines_receivable', 'redemption_lines_no_update', 'redemption_lines_no_delete']));
    expect(names.filter((n) => ['lot_entries_redemption', 'lot_entries_lot', 'journal_lines_account'].includes(n))).toEqual([]);
    expect(() => app.db.prepare('UPDATE redemption_lines SET line_no = line_no').run()).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM redemption_lines').run()).toThrow(/append-only/);

    // the last redemption undoes (its lot entries found by pass and instant), the first one voids
    const owner = ownerSession(app, '2468');
    expect(app.call('counter.undo', { clientId: newId(), redemptionId: second.redemptionId }).balanceAfter).toBe(first.balanceAfter);
    expect(app.call('redemptions.void', { clientId: newId(), redemptionId: first.redemptionId, reason: 'wrong card' }, owner).balanceAfter).toBe('25');
    const recent = app.call('counter.recent', { passId: pass });
    expect(recent.redemptions.map((r) => r.lines.map((l) => `${l.name} ${l.quantity}`))).toEqual([['Cold brew 3'], ['Latte 2', 'Cold brew 1']]);
    // a new redemption after the upgrade writes its lines into the rebuilt table
    const third = app.call('counter.redeem', { clientId: newId(), passId: pass, items: [{ itemId: latte, quantity: '1' }] });
    expect(app.db.prepare('SELECT line_no, item_name FROM redemption_lines WHERE redemption_id = ?').all(third.redemptionId)).toEqual([{ line_no: 1, item_name: 'Latte' }]);
    expect(third.balanceAfter).toBe('24');
    expect(unbalancedTransactions(app.db)).toEqual([]);
    expect(checkProjections(app.db)).toEqual([]);
    app.close();
  });
});
