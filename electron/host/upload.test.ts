import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { uploadRoute } from './upload';
import { newId } from '../../test/support/tempApp';
import { hostWith } from '../../test/support/hostInProcess';

const start = () => hostWith((app) => [uploadRoute(app)]);

describe('POST /upload/restore', () => {
  it('needs the owner session, a plain name, and stores the body in incoming/', async () => {
    const { app, base } = await start();
    const setup = await fetch(`${base}/api/shop.setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: newId(), name: 'Shop', currency: 'USD', timeZone: 'UTC', pin: '2468' }) });
    expect(setup.status).toBe(200);
    const body = new Uint8Array([1, 2, 3, 4, 5]);
    const anon = await fetch(`${base}/upload/restore?name=x.sqlite`, { method: 'POST', body });
    expect(anon.status).toBe(403);
    expect(fs.existsSync(path.join(app.ledger.incomingDir, 'x.sqlite'))).toBe(false);

    const unlock = await fetch(`${base}/api/owner.unlock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pin: '2468' }) });
    const cookie = (unlock.headers.get('set-cookie') ?? '').split(';')[0]!;
    const bin = { cookie, 'x-passbook-bind': unlock.headers.get('x-passbook-bind') ?? '', 'content-type': 'application/octet-stream' };
    const bad = await fetch(`${base}/upload/restore?name=..%2Fledger.sqlite`, { method: 'POST', headers: bin, body });
    expect(bad.status).toBe(400);
    // a type a cross-site form or no-cors fetch can send (even with the owner's cookie) is refused, nothing stored
    const plain = await fetch(`${base}/upload/restore?name=x.sqlite`, { method: 'POST', headers: { ...bin, 'content-type': 'text/plain' }, body });
    expect(plain.status).toBe(415);
    const nullOrigin = await fetch(`${base}/upload/restore?name=x.sqlite`, { method: 'POST', headers: { ...bin, origin: 'null' }, body });
    expect(nullOrigin.status).toBe(403);
    expect(fs.existsSync(path.join(app.ledger.incomingDir, 'x.sqlite'))).toBe(false);
    const ok = await fetch(`${base}/upload/restore?name=x.sqlite`, { method: 'POST', headers: bin, body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ fileName: 'x.sqlite', bytes: 5 });
    expect([...fs.readFileSync(path.join(app.ledger.incomingDir, 'x.sqlite'))]).toEqual([1, 2, 3, 4, 5]);
    expect(fs.readdirSync(app.ledger.incomingDir).filter((f) => f.endsWith('.part'))).toEqual([]);
    const other = await fetch(`${base}/upload/elsewhere`, { method: 'POST', headers: bin, body });
    expect(other.status).toBe(404);
  });

  it('before any shop is set up, takes a file without a session: a shop is brought back from it (backup.restoreForSetup)', async () => {
    const { app, base } = await start();
    const body = new Uint8Array([9, 8, 7]);
    const first = await fetch(`${base}/upload/restore?name=old.sqlite`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
    expect(first.status).toBe(200);
    expect([...fs.readFileSync(path.join(app.ledger.incomingDir, 'old.sqlite'))]).toEqual([9, 8, 7]);
    // another file instead: only the newest is kept (anyone here may send them, so they must not pile up)
    const second = await fetch(`${base}/upload/restore?name=older.sqlite`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
    expect(second.status).toBe(200);
    expect(fs.readdirSync(app.ledger.incomingDir)).toEqual(['older.sqlite']);
    // once a shop is set up, only the owner
    await fetch(`${base}/api/shop.setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId: newId(), name: 'Shop', currency: 'USD', timeZone: 'UTC', pin: '2468' }) });
    const after = await fetch(`${base}/upload/restore?name=later.sqlite`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body });
    expect(after.status).toBe(403);
    expect(fs.existsSync(path.join(app.ledger.incomingDir, 'later.sqlite'))).toBe(false);
  });
});
