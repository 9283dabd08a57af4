// Forgetting a customer at their request: who they were leaves the ledger file (not only its tables: the file's bytes,
// the search index and the answers kept for retries), while the books keep every pass, redemption and money line.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { migrationsUpTo } from '../../test/support/olderSchema';
import { newId, ownerSession, tempApp, tempDir, testClock, type TestApp } from '../../test/support/tempApp';
import { ledgerViolations } from '../../test/support/seedChecks';
import { cid, scenario } from '../passes/scenario';
import { planBalances } from '../imports/balances';
import { readCsv } from '../imports/table';
import { requireShop } from '../shop/settings';
import { FORGOTTEN_NAME, redactAnswer } from './erasure';

const errorOf = (app: TestApp, name: string, input: unknown, caller = app.owner) => {
  const r = app.dispatch(name, input, caller);
  if (r.ok) throw new Error(`${name} succeeded`);
  return r.error as { code: string; message: string; details?: Record<string, unknown> };
};

/** Every file of the ledger (the database, and its WAL if any) as one Latin-1 string, to look for bytes in. */
function fileBytes(app: TestApp): string {
  const file = app.db.name;
  return [file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f).toString('latin1')).join('\n');
}

// what identifies Anna, in every form the ledger held: her first and later name, phones (the digits are indexed for
// search too), email and notes
const ANNA = ['Annabel Quist', 'Annabel Quist-Hale', '2125550143', '555 0143', '9179990188', 'annabel.quist@example.org', 'Oat milk, no lid'];

function shopWithAnna() {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const drink = s.item('Latte', '1');
  const plan = s.plan({ name: '25 drinks', credits: '25', price: '50' });
  const anna = app.call('customers.create', { clientId: cid(), name: 'Annabel Quist', phone: '+1 212 555 0143', email: 'annabel.quist@example.org', notes: 'Oat milk, no lid' });
  app.call('customers.update', { clientId: cid(), id: anna.id, name: 'Annabel Quist-Hale', phone: '+1 917 999 0188' });
  const ben = app.call('customers.create', { clientId: cid(), name: 'Benedikt Ostrander', phone: '+1 718 555 0101' });
  const pass = s.sell(anna.id, plan);
  s.redeem(pass, [[drink, '2']]);
  app.call('customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'lost' });
  const benPass = s.sell(ben.id, plan);
  s.redeem(benPass, [[drink, '1']]);
  return { app, s, drink, plan, anna, ben, pass, benPass };
}

describe('forgetting a customer', () => {
  it('refuses while the shop and the customer still owe each other, writing nothing', () => {
    const { app, anna, pass } = shopWithAnna();
    const before = fs.statSync(app.db.name).size;
    const ops = (app.db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n;
    const e = errorOf(app, 'customers.forget', { clientId: cid(), id: anna.id, reason: 'Asked in the shop' });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('Annabel Quist-Hale cannot be forgotten yet: a pass is still active (refund and cancel it first).');
    expect(e.details).toMatchObject({ customerId: anna.id, activePassIds: [pass], overageDue: 0 });
    expect((app.db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n).toBe(ops);
    expect(app.db.prepare('SELECT count(*) AS n FROM customer_erasures').get()).toEqual({ n: 0 });
    expect(fs.statSync(app.db.name).size).toBe(before);
    // the counter cannot do it: it needs the PIN
    expect(errorOf(app, 'customers.forget', { clientId: cid(), id: anna.id, reason: 'x' }, {}).code).toBe('FORBIDDEN');
    expect(errorOf(app, 'customers.forget', { clientId: cid(), id: 999, reason: 'x' }).code).toBe('NOT_FOUND');
    expect(errorOf(app, 'customers.forget', { clientId: cid(), id: anna.id, reason: '' }).code).toBe('VALIDATION');
    expect(errorOf(app, 'customers.forget', { clientId: cid(), id: anna.id, reason: 'x'.repeat(10_000) }).code).toBe('VALIDATION');
  });

  it('erases who they were from the ledger file, keeps the books, and refuses what would bring them back', () => {
    const { app, s, drink, plan, anna, ben, pass, benPass } = shopWithAnna();
    app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'Leaving town', paymentMethod: 'cash' }, app.owner);
    const journal = app.db.prepare('SELECT count(*) AS n, sum(amount_minor) AS sum FROM journal_lines').get();
    const statementBefore = app.call('statements.get', { customerId: anna.id, from: '2026-03-01T05:00:00.000Z' }, app.owner);
    for (const t of ANNA) expect(fileBytes(app)).toContain(t); // held before: the test looks in the right place

    app.clockControl.set('2026-03-20T14:00:00.000Z');
    const input = { clientId: cid(), id: anna.id, reason: 'Asked by email on March 19' };
    const r = app.call('customers.forget', input, app.owner);
    expect(r).toEqual({
      customer: { id: anna.id, code: expect.any(String), name: FORGOTTEN_NAME, phone: null, email: null, notes: null, createdAt: anna.createdAt },
      forgottenAt: '2026-03-20T14:00:00.000Z',
      // her create and edit, the sale, the redemption (its pass view), the card and the refund answered with her name
      operationsRedacted: expect.any(Number),
    });
    expect(r.operationsRedacted).toBeGreaterThanOrEqual(5);
    expect(app.call('customers.forget', input, app.owner)).toEqual(r); // a retry: the first answer, nothing more

    // nothing of hers is left in the file: not the tables, not the search index, not the stored answers, not free pages
    const bytes = fileBytes(app);
    for (const t of ANNA) expect(bytes, t).not.toContain(t);
    // Ben is untouched
    expect(bytes).toContain('Benedikt Ostrander');
    expect(app.call('customers.search', { query: 'bened' }).customers.map((c) => c.id)).toEqual([ben.id]);
    expect(app.call('customers.search', { query: 'annab' }).customers).toEqual([]);
    expect(app.call('customers.search', { query: '0143' }).customers).toEqual([]);

    // the books are the same; the statement is the same but for the name
    expect(app.db.prepare('SELECT count(*) AS n, sum(amount_minor) AS sum FROM journal_lines').get()).toEqual(journal);
    const statementAfter = app.call('statements.get', { customerId: anna.id, from: '2026-03-01T05:00:00.000Z', to: statementBefore.to }, app.owner);
    expect(statementAfter).toEqual({ ...statementBefore, customer: { ...statementBefore.customer, name: FORGOTTEN_NAME } });
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
    expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(app.db.pragma('secure_delete', { simple: true })).toBe(1); // the ledger zeroes what it frees
    const detail = app.call('customers.get', { id: anna.id });
    expect(detail.customer.name).toBe(FORGOTTEN_NAME);
    expect(detail.forgotten).toEqual({ at: '2026-03-20T14:00:00.000Z', reason: 'Asked by email on March 19' });
    expect(app.call('customers.get', { id: ben.id }).forgotten).toBeNull();

    // nothing brings her back by mistake: no edit, sale, card, second erasure or balance import; a retry of her
    // creation is not answered with the forgotten customer
    expect(errorOf(app, 'customers.update', { clientId: cid(), id: anna.id, name: 'Annabel Quist' }, {}).code).toBe('CONFLICT');
    expect(errorOf(app, 'passes.sell', { clientId: cid(), customerId: anna.id, planId: plan, paymentMethod: 'cash' }, {}).code).toBe('CONFLICT');
    expect(errorOf(app, 'customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'lost' }, {}).code).toBe('CONFLICT');
    const again = errorOf(app, 'customers.forget', { clientId: cid(), id: anna.id, reason: 'Again' });
    expect([again.code, again.message]).toEqual(['CONFLICT', 'This customer was forgotten at their request: add them again as a new customer.']);
    const firstCreate = app.db.prepare("SELECT client_id FROM operations WHERE method = 'customers.create' AND json_extract(result, '$.id') = ?").get(anna.id) as { client_id: string };
    // a retry of the request that made them cannot be told from another request now, nor may it run again: said so
    const retried = errorOf(app, 'customers.create', { clientId: firstCreate.client_id, name: 'Annabel Quist', phone: '+1 212 555 0143', email: 'annabel.quist@example.org', notes: 'Oat milk, no lid' }, {});
    expect([retried.code, retried.message]).toEqual(['CONFLICT', 'This request named a customer who has since been forgotten, so it cannot be answered again; nothing was written.']);
    expect(retried.details).toMatchObject({ reason: 'FORGOTTEN', method: 'customers.create' });
    const csv = readCsv(`Card,Plan,Credits\n${r.customer.code},25 drinks,5\n`);
    const preview = planBalances(app.db, requireShop(app.db), csv, app.clockControl.now().getTime());
    expect(preview.problems.map((p) => p.message)).toEqual([`The card ${r.customer.code} was forgotten at their request: import them as a new customer first.`]);
    // the counter goes on for everyone else
    expect(s.redeem(benPass, [[drink, '1']]).balanceAfter).toBe('23');
  });

  it('a ledger written before freed space was zeroed is compacted once, at its first erasure', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock();
    const old = createApp(file, { clock, migrationsDir: migrationsUpTo(dir, 18), checkOutput: true });
    old.db.pragma('secure_delete = OFF'); // as a Passbook before schema 19 wrote
    old.call('shop.setup', { clientId: newId(), name: 'Bean', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    const anna = old.call('customers.create', { clientId: cid(), name: 'Annabel Quist', phone: '+1 212 555 0143', notes: 'Oat milk, no lid' });
    for (let i = 0; i < 40; i += 1) old.call('customers.create', { clientId: cid(), name: `Customer number ${i} with a long name to fill pages` });
    // an edit as a Passbook of then made it (this one's asks for erasures, which schema 18 has not): the old name's
    // bytes stay in the page's free space
    old.db.prepare("UPDATE customers SET name = 'Annabel Quist-Hale', updated_at = 2 WHERE id = ?").run(anna.id);
    old.close();

    const app = createApp(file, { clock, checkOutput: true }) as TestApp;
    expect(app.db.prepare('SELECT name FROM ledger_flags').all()).toEqual([{ name: 'free_space_unscrubbed' }]);
    app.call('customers.forget', { clientId: cid(), id: anna.id, reason: 'Asked' }, ownerSession(app, '2468'));
    expect(app.db.prepare('SELECT name FROM ledger_flags').all()).toEqual([]);
    const bytes = fileBytes(app);
    for (const t of ['Annabel Quist', '2125550143', '555 0143', 'Oat milk, no lid']) expect(bytes, t).not.toContain(t);
    expect(bytes).toContain('Customer number 39');
    expect(app.db.pragma('integrity_check', { simple: true })).toBe('ok');
    app.close();
    // a new ledger has nothing to compact
    expect(tempApp().db.prepare('SELECT count(*) AS n FROM ledger_flags').get()).toEqual({ n: 0 });
  });

  it('leaves no old copy in freed pages: notes long enough to spill over a page, shortened by an edit before; nor in a backup made after', async () => {
    const app = tempApp();
    const long = `${'静かな窓際の席を希望。'.repeat(160)} END allergic to oat`; // about 5.8 kB in UTF-8: the row spills onto overflow pages
    const zeb = app.call('customers.create', { clientId: cid(), name: 'Zebulon Quartermaine', phone: '+1 212 555 0199', notes: long });
    app.call('customers.update', { clientId: cid(), id: zeb.id, notes: 'short now' }); // frees the overflow pages
    app.call('customers.create', { clientId: cid(), name: 'Benedikt Ostrander' });
    app.call('customers.forget', { clientId: cid(), id: zeb.id, reason: 'Asked' }, app.owner);
    const gone = ['Zebulon', 'zebulon quartermaine', '静かな窓際の席', 'allergic to oat', '2125550199', 'short now'];
    const bytes = fileBytes(app);
    for (const t of gone) expect(bytes, t).not.toContain(t);
    expect(bytes).toContain('Benedikt Ostrander');
    const b = await app.callAsync('backup.create', {}, app.owner);
    const copy = fs.readFileSync(path.join(app.ledger.backupsDir, b.fileName)).toString('latin1');
    for (const t of gone) expect(copy, t).not.toContain(t);
  });

  it('forgetting while an export reads waits for nothing: the WAL is emptied once the export has finished', async () => {
    const { app, anna, pass } = shopWithAnna();
    app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'Leaving', paymentMethod: 'cash' }, app.owner);
    // an export's own connection, holding its snapshot (the old pages) while the erasure commits
    let release = () => {};
    const reading = app.ledger.reading(() => new Promise<void>((resolve) => {
      const reader = new Database(app.db.name, { readonly: true });
      reader.prepare('BEGIN').run();
      reader.prepare('SELECT count(*) FROM customers').get();
      release = () => { reader.prepare('COMMIT').run(); reader.close(); resolve(); };
    }));
    app.call('customers.forget', { clientId: cid(), id: anna.id, reason: 'Asked' }, app.owner);
    const wal = `${app.db.name}-wal`;
    expect(fs.statSync(wal).size).toBeGreaterThan(0); // not emptied under the reader, and not waited for
    release();
    await reading;
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const bytes = fileBytes(app);
    for (const t of ANNA) expect(bytes, t).not.toContain(t);
  });

  it('an import that created them keeps its answer (ids only) but not the hash of their details; an answer naming two is listed under each erasure', () => {
    const { app, s, plan } = shopWithAnna();
    const csv = 'Name,Phone,Email\nZebulon Quartermaine,+1 212 555 0199,zq@example.org\nWinifred Ashby,+1 212 555 0123,\n';
    const imported = { clientId: cid(), kind: 'customers' as const, csv };
    const [zeb, win] = app.call('imports.apply', imported, app.owner).ids as [number, number];
    const zebPass = s.sell(zeb, plan);
    const winPass = s.sell(win, plan);
    const moved = { clientId: cid(), fromPassId: zebPass, toPassId: winPass, credits: '2', reason: 'A gift' };
    app.call('passes.transfer', moved, app.owner);
    for (const p of [zebPass, winPass]) app.call('passes.refund', { clientId: cid(), passId: p, reason: 'Closing', paymentMethod: 'cash' }, app.owner);
    const first = app.call('customers.forget', { clientId: cid(), id: zeb, reason: 'Asked' }, app.owner);
    const hash = (id: string) => (app.db.prepare('SELECT payload_hash AS h FROM operations WHERE client_id = ?').get(id.toUpperCase()) as { h: string }).h;
    expect(hash(imported.clientId)).toMatch(/^erased:/);
    // a retry of the import is a different request now, not a way to confirm who was in the file
    expect(errorOf(app, 'imports.apply', imported).details).toMatchObject({ reason: 'FORGOTTEN' });
    const second = app.call('customers.forget', { clientId: cid(), id: win, reason: 'Asked too' }, app.owner);
    const listed = (customerId: number) => (app.db.prepare(`SELECT count(*) AS n FROM erased_operations o JOIN customer_erasures e ON e.id = o.erasure_id
        WHERE e.customer_id = ?`).get(customerId) as { n: number }).n;
    expect([listed(zeb), listed(win)]).toEqual([first.operationsRedacted, second.operationsRedacted]);
    const transfer = app.db.prepare('SELECT result FROM operations WHERE client_id = ?').get(moved.clientId.toUpperCase()) as { result: string };
    expect(transfer.result).not.toMatch(/Zebulon|Winifred/);
    expect(app.db.prepare('SELECT count(*) AS n FROM erased_operations WHERE client_id = ?').get(moved.clientId.toUpperCase())).toEqual({ n: 2 });
  });

  it('operations stay append-only except for the answers an erasure lists', () => {
    const { app, anna, pass } = shopWithAnna();
    app.call('passes.refund', { clientId: cid(), passId: pass, reason: 'Leaving', paymentMethod: 'cash' }, app.owner);
    const other = app.db.prepare("SELECT client_id FROM operations WHERE method = 'customers.create' ORDER BY occurred_at DESC LIMIT 1").get() as { client_id: string };
    expect(() => app.db.prepare("UPDATE operations SET result = '{}' WHERE client_id = ?").run(other.client_id)).toThrow(/append-only/);
    app.call('customers.forget', { clientId: cid(), id: anna.id, reason: 'Asked' }, app.owner);
    const listed = app.db.prepare('SELECT client_id FROM erased_operations LIMIT 1').get() as { client_id: string };
    // a listed answer: its request, method and time never change, and it is never deleted
    expect(() => app.db.prepare("UPDATE operations SET method = 'x' WHERE client_id = ?").run(listed.client_id)).toThrow(/append-only/);
    expect(() => app.db.prepare('UPDATE operations SET occurred_at = 0 WHERE client_id = ?').run(listed.client_id)).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM operations WHERE client_id = ?').run(listed.client_id)).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM customer_erasures').run()).toThrow(/append-only/);
    expect(() => app.db.prepare('UPDATE erased_operations SET erasure_id = 2').run()).toThrow(/append-only/);
  });

  it('redacts what is theirs in an answer, by id, and nothing else', () => {
    const answer = JSON.stringify({
      customer: { id: 7, code: 'K7MX2QPA', name: 'Ann', phone: '1', email: 'a@b', notes: 'n', createdAt: 'x' },
      passes: [{ id: 7, customerId: 7, customerName: 'Ann', planName: 'Ann' }, { id: 8, customerId: 70, customerName: 'Ann' }],
      item: { id: 7, name: 'Ann', code: 'LATTE', planId: 3 },
    });
    expect(JSON.parse(redactAnswer(answer, 7)!)).toEqual({
      customer: { id: 7, code: 'K7MX2QPA', name: FORGOTTEN_NAME, phone: null, email: null, notes: null, createdAt: 'x' },
      passes: [{ id: 7, customerId: 7, customerName: FORGOTTEN_NAME, planName: 'Ann' }, { id: 8, customerId: 70, customerName: 'Ann' }],
      item: { id: 7, name: 'Ann', code: 'LATTE', planId: 3 },
    });
    expect(redactAnswer(answer, 70)).toContain('"customerId":70,"customerName":"Forgotten customer"');
    expect(redactAnswer(answer, 9)).toBeNull();
  });
});
