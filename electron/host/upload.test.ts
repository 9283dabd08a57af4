import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../core/app';
import { settableClock } from './clock';
import { createHostServer } from './server';
import { uploadRoute } from './upload';
import { newId, tempDir } from '../../test/support/tempApp';

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function start() {
  const dir = tempDir();
  const app = createApp(path.join(dir, 'ledger.sqlite'), { clock: settableClock() });
  const server = createHostServer({ app, routes: [uploadRoute(app)] });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { app, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

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
    const bad = await fetch(`${base}/upload/restore?name=..%2Fledger.sqlite`, { method: 'POST', headers: { cookie }, body });
    expect(bad.status).toBe(400);
    const ok = await fetch(`${base}/upload/restore?name=x.sqlite`, { method: 'POST', headers: { cookie }, body });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ fileName: 'x.sqlite', bytes: 5 });
    expect([...fs.readFileSync(path.join(app.ledger.incomingDir, 'x.sqlite'))]).toEqual([1, 2, 3, 4, 5]);
    expect(fs.readdirSync(app.ledger.incomingDir).filter((f) => f.endsWith('.part'))).toEqual([]);
    const other = await fetch(`${base}/upload/elsewhere`, { method: 'POST', headers: { cookie }, body });
    expect(other.status).toBe(404);
  });
});
