import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { downloadRoute } from './download';
import { newId } from '../../test/support/tempApp';
import { hostWith } from '../../test/support/hostInProcess';

const json = { 'content-type': 'application/json' };

async function start() {
  const { app, base } = await hostWith((a) => [downloadRoute(a)]);
  const post = (method: string, body: unknown, auth?: Record<string, string>) =>
    fetch(`${base}/api/${method}`, { method: 'POST', headers: { ...json, ...(auth ?? {}) }, body: JSON.stringify(body) });
  expect((await post('shop.setup', { clientId: newId(), name: 'Shop', currency: 'USD', timeZone: 'UTC', pin: '2468' })).status).toBe(200);
  const unlock = await post('owner.unlock', { pin: '2468' });
  // the owner session: the cookie and its secret (x-passbook-bind)
  const auth = { cookie: (unlock.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-passbook-bind': unlock.headers.get('x-passbook-bind') ?? '' };
  return { app, base, post, auth };
}

describe('GET /exports/<name>', () => {
  it('hands an export over to the owner as an attachment, by name only', async () => {
    const { app, base, post, auth } = await start();
    const plan = await (await post('plans.save', { clientId: newId(), name: '25 drinks', credits: '25', price: '50' }, auth)).json() as { id: number };
    const customer = await (await post('customers.create', { clientId: newId(), name: 'Anna' })).json() as { id: number };
    expect((await post('passes.sell', { clientId: newId(), customerId: customer.id, planId: plan.id, paymentMethod: 'cash' })).status).toBe(200);
    const made = await (await post('exports.create', { kind: 'journal', format: 'hledger' }, auth)).json() as { fileName: string };
    expect(made.fileName).toMatch(/^passbook-journal-.*\.journal$/);

    const anon = await fetch(`${base}/exports/${made.fileName}`);
    expect(anon.status).toBe(403);
    expect(await anon.json()).toMatchObject({ code: 'FORBIDDEN' });

    const r = await fetch(`${base}/exports/${made.fileName}`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${made.fileName}"`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const text = await r.text();
    expect(text).toBe(fs.readFileSync(path.join(app.ledger.exportsDir, made.fileName), 'utf8'));
    expect(text).toMatch(/liabilities:deferred-revenue +-?\$?50/);

    // a download link carries the secret in the query; the cookie alone (another local port has it) is refused
    expect((await fetch(`${base}/exports/${made.fileName}?bind=${encodeURIComponent(auth['x-passbook-bind'])}`, { headers: { cookie: auth.cookie } })).status).toBe(200);
    expect((await fetch(`${base}/exports/${made.fileName}`, { headers: { cookie: auth.cookie } })).status).toBe(403);

    const head = await fetch(`${base}/exports/${made.fileName}`, { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(text));

    // never a path, never a file outside the exports folder, never anything but an export
    fs.writeFileSync(path.join(app.ledger.exportsDir, 'notes.txt'), 'not an export');
    for (const [name, status] of [['..%2Fledger.sqlite', 400], ['%2E%2E%2Fledger.sqlite', 400], ['ledger.sqlite', 404], ['notes.txt', 404], ['nope.csv', 404], ['%E0%A4%A', 400]] as const) {
      const bad = await fetch(`${base}/exports/${name}`, { headers: auth });
      expect(bad.status, name).toBe(status);
      expect(bad.headers.get('content-type'), name).toMatch(/^application\/json/);
    }
    expect((await fetch(`${base}/exports/${made.fileName}`, { method: 'POST', headers: auth })).status).toBe(405);
  });

  it('streams an export larger than any API answer whole (60 MB)', async () => {
    const { app, base, auth } = await start();
    fs.mkdirSync(app.ledger.exportsDir, { recursive: true });
    const name = 'passbook-entries-20260401-090000.csv';
    const line = 'entry_id,occurred_at,customer,pass,lot,kind,credits,money\n';
    const big = Buffer.alloc(60 * 1024 * 1024, line);
    fs.writeFileSync(path.join(app.ledger.exportsDir, name), big);
    const r = await fetch(`${base}/exports/${name}`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const got = Buffer.from(await r.arrayBuffer());
    expect(got.length).toBe(big.length);
    expect(crypto.createHash('sha256').update(got).digest('hex')).toBe(crypto.createHash('sha256').update(big).digest('hex'));
  });
});

describe('GET /backups/<name>', () => {
  it('hands a copy of a backup to the owner (for a USB stick), whole, by name only; never an upload or a part file', async () => {
    const { app, base, auth } = await start();
    const made = await (await fetch(`${base}/api/backup.create`, { method: 'POST', headers: { ...json, ...auth }, body: '{}' })).json() as { fileName: string; bytes: number };
    expect(made.fileName).toMatch(/^passbook-\d{8}-\d{6}\.sqlite$/);
    const onDisk = fs.readFileSync(path.join(app.ledger.backupsDir, made.fileName));

    expect((await fetch(`${base}/backups/${made.fileName}`)).status).toBe(403);
    const r = await fetch(`${base}/backups/${made.fileName}`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.sqlite3');
    // offered under the shop's local time (this shop's zone is UTC: the same stamp), as exports are named
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${made.fileName.replace(/^passbook-/, 'passbook-backup-')}"`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const got = Buffer.from(await r.arrayBuffer());
    expect(got.length).toBe(made.bytes);
    expect(got.equals(onDisk)).toBe(true);
    // what arrived is a ledger the restore accepts
    const copy = path.join(app.ledger.incomingDir, 'from-the-stick.sqlite');
    fs.mkdirSync(app.ledger.incomingDir, { recursive: true });
    fs.writeFileSync(copy, got);
    const preview = await (await fetch(`${base}/api/backup.inspect`, { method: 'POST', headers: { ...json, ...auth }, body: JSON.stringify({ source: 'incoming', fileName: 'from-the-stick.sqlite' }) })).json() as { shopName: string };
    expect(preview.shopName).toBe('Shop');

    // a download link carries the secret in the query, as for exports; the cookie alone is refused
    expect((await fetch(`${base}/backups/${made.fileName}?bind=${encodeURIComponent(auth['x-passbook-bind'])}`, { headers: { cookie: auth.cookie } })).status).toBe(200);
    expect((await fetch(`${base}/backups/${made.fileName}`, { headers: { cookie: auth.cookie } })).status).toBe(403);
    expect((await fetch(`${base}/backups/${made.fileName}`, { method: 'HEAD', headers: auth })).headers.get('content-length')).toBe(String(made.bytes));

    // only backups by their own names, from the backups folder
    fs.writeFileSync(path.join(app.ledger.backupsDir, `${made.fileName}.1234-abcdef12.partial`), 'half a copy');
    fs.writeFileSync(path.join(app.ledger.backupsDir, 'notes.sqlite'), 'not a backup');
    for (const [name, status] of [
      ['..%2Fledger.sqlite', 400], [`%2E%2E%2F${path.basename(app.file)}`, 400], [path.basename(app.file), 404], ['notes.sqlite', 404],
      [`${made.fileName}.1234-abcdef12.partial`, 404], ['passbook-20260101-000000.sqlite', 404], ['from-the-stick.sqlite', 404],
    ] as const) {
      const bad = await fetch(`${base}/backups/${name}`, { headers: auth });
      expect(bad.status, name).toBe(status);
      expect(bad.headers.get('content-type'), name).toMatch(/^application\/json/);
    }
    expect((await fetch(`${base}/backups/${made.fileName}`, { method: 'POST', headers: auth })).status).toBe(405);
  });
});
