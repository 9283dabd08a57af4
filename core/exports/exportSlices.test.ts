// A long export must not hold up the counter: it reads through its own connection inside one read
// transaction (a consistent snapshot) and gives the event loop back between slices of work.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newId, tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';
import { exportToFolder } from './exports';

const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

function busyShop(redemptions: number) {
  const app = tempApp();
  apps.push(app);
  const big = plan(app, { name: 'Big', credits: '100000', price: '1000', validity: 'none' });
  const latte = item(app, 'Latte', '1');
  const pass = sell(app, customer(app, 'Anna'), big);
  app.db.transaction(() => { for (let i = 0; i < redemptions; i++) redeem(app, pass, latte, '1'); })();
  return { app, pass, latte };
}

const lines = (file: string) => fs.readFileSync(file, 'utf8').trimEnd().split('\n');

describe('exports in slices', () => {
  it('a redemption made while an export runs commits before the export ends, and the export is the snapshot from its start', async () => {
    const { app, pass, latte } = busyShop(600);
    const before = (app.db.prepare('SELECT count(*) AS n FROM lot_entries').get() as { n: number }).n;
    const order: string[] = [];
    // slices of 0 ms: the export yields every 64 rows, so it spans many turns of the event loop
    const exporting = exportToFolder(app.ledger.file, app.ledger.exportsDir, { kind: 'entries', format: 'csv' }, app.clock.now().getTime(), 0)
      .then((r) => { order.push('export done'); return r; });
    let after = '';
    await new Promise<void>((resolve) => setImmediate(() => {
      after = redeem(app, pass, latte, '1').balanceAfter;
      order.push('redeemed');
      resolve();
    }));
    const r = await exporting;
    expect(order).toEqual(['redeemed', 'export done']);
    expect(after).toBe(String(100000 - 601));
    // the file holds the ledger as it was when the export started: header + every entry then, not the new one
    const file = path.join(app.ledger.exportsDir, r.fileName);
    expect(r.rows).toBe(before);
    expect(lines(file)).toHaveLength(1 + before);
    expect((app.db.prepare('SELECT count(*) AS n FROM lot_entries').get() as { n: number }).n).toBe(before + 1);
    // the next export sees it
    const again = await app.callAsync('exports.create', { kind: 'entries', format: 'csv' }, app.owner);
    expect(again.rows).toBe(before + 1);
  });

  it('through the contract: the export answers with its file; a refused one leaves no file and no open reader', async () => {
    const { app } = busyShop(10);
    const ok = await app.callAsync('exports.create', { kind: 'journal', format: 'hledger' }, app.owner);
    expect(fs.existsSync(path.join(app.ledger.exportsDir, ok.fileName))).toBe(true);
    await expect(app.callAsync('exports.create', { kind: 'statement', customerId: 999, from: '2026-01-01T00:00:00.000Z' }, app.owner)).rejects.toThrow(/no customer 999/);
    await expect(app.callAsync('exports.create', { kind: 'customers', format: 'beancount' }, app.owner)).rejects.toThrow(/journal only/);
    expect(fs.readdirSync(app.ledger.exportsDir)).toEqual([ok.fileName]);
    // the readers are closed: a write that needs the whole file (a checkpoint truncating the WAL) is not blocked
    app.call('customers.create', { clientId: newId(), name: 'After' });
    expect(app.db.pragma('wal_checkpoint(TRUNCATE)', { simple: true })).toBe(0);
    // the synchronous path refuses long work instead of blocking the counter
    const r = app.dispatch('exports.create', { kind: 'customers', format: 'csv' }, app.owner);
    expect(r.ok ? 'OK' : r.error.code).toBe('INTERNAL');
  });

  it('two exports of one kind started in the same second both finish, under two names (two owner windows, a double click)', async () => {
    // enough rows that the first export is still writing (over several slices) when the second picks its name
    const { app } = busyShop(2500);
    const csv = 'Name\n' + Array.from({ length: 3000 }, (_, i) => `Guest ${i}`).join('\n') + '\n';
    app.call('imports.apply', { clientId: newId(), kind: 'customers', csv }, app.owner);
    for (const kind of ['customers', 'entries', 'journal'] as const) {
      const [a, b] = await Promise.all([0, 1].map(() => app.dispatchAsync('exports.create', { kind, format: 'csv' }, app.owner)));
      expect([a!.ok, b!.ok], kind).toEqual([true, true]);
      const names = [a, b].map((r) => (r!.ok ? (r!.value as { fileName: string }).fileName : ''));
      expect(new Set(names).size, kind).toBe(2);
      for (const n of names) expect(lines(path.join(app.ledger.exportsDir, n)).length, n).toBeGreaterThan(1);
    }
    // no reader left open: the WAL can be checkpointed and truncated
    app.call('customers.create', { clientId: newId(), name: 'After' });
    expect(app.db.pragma('wal_checkpoint(TRUNCATE)', { simple: true })).toBe(0);
  });

  it('a file in the way of the exports or backups folder is said in words, and leaves no reader open', async () => {
    const { app } = busyShop(10);
    fs.writeFileSync(app.ledger.exportsDir, 'not a folder');
    fs.writeFileSync(app.ledger.backupsDir, 'not a folder');
    for (const [m, input] of [['exports.create', { kind: 'customers', format: 'csv' }], ['exports.create', { kind: 'passes', format: 'csv' }], ['backup.create', {}]] as const) {
      const r = await app.dispatchAsync(m, input, app.owner);
      expect(r.ok ? 'OK' : [r.error.code, r.error.message], m).toEqual(['DATABASE', 'A file is in the way of a folder Passbook writes to beside the ledger (backups, exports), so this was not done. Move it away, then try again.']);
    }
    app.call('customers.create', { clientId: newId(), name: 'After' });
    expect(app.db.pragma('wal_checkpoint(TRUNCATE)', { simple: true })).toBe(0);
  });

  it('a restore waits for a running export: refused while it reads, with nothing copied; done after it', async () => {
    const { app } = busyShop(50);
    const backup = await app.callAsync('backup.create', {}, app.owner);
    const running = app.callAsync('exports.create', { kind: 'entries', format: 'csv' }, app.owner);
    const refused = await app.dispatchAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: backup.fileName }, app.owner);
    expect(refused.ok ? 'OK' : [refused.error.code, refused.error.message]).toEqual(['CONFLICT', 'A backup or export is still being written. Restore once it has finished.']);
    expect(fs.existsSync(`${app.ledger.file}.restoring`)).toBe(false);
    expect(fs.readdirSync(app.ledger.backupsDir)).toEqual([backup.fileName]); // no safety backup either
    await running;
    const r = await app.callAsync('backup.restore', { clientId: newId(), source: 'backups', fileName: backup.fileName }, app.owner);
    expect(r.restoredFrom).toBe(backup.fileName);
  });
});
