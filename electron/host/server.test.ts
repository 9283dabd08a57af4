import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../core/app';
import { settableClock } from './clock';
import { createHostServer } from './server';
import { newId, tempDir } from '../../test/support/tempApp';

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function start(test = false) {
  const dir = tempDir();
  const staticDir = path.join(dir, 'static');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Passbook</title>');
  const clock = settableClock();
  const app = createApp(path.join(dir, 'ledger.sqlite'), { clock });
  const server = createHostServer({ app, staticDir, ...(test ? { testClock: clock } : {}) });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, base };
}

const post = (base: string, name: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('headless host', () => {
  it('serves the contract over POST /api/<method> with error objects and an HttpOnly owner cookie', async () => {
    const { base } = await start();
    const setup = await post(base, 'shop.setup', { clientId: newId(), name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', pin: '2468' });
    expect(setup.status).toBe(200);
    expect((await setup.json()).name).toBe('Bean & Brew');

    const forbidden = await post(base, 'shop.update', { clientId: newId(), name: 'X' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'FORBIDDEN' });

    const wrong = await post(base, 'owner.unlock', { pin: '1111' });
    expect(wrong.status).toBe(403);
    const unlock = await post(base, 'owner.unlock', { pin: '2468' });
    const cookie = unlock.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^pb_owner=[^;]+; HttpOnly; SameSite=Strict/);
    const auth = { cookie: cookie.split(';')[0]!, 'x-passbook-bind': unlock.headers.get('x-passbook-bind') ?? '' };
    expect(auth['x-passbook-bind']).toMatch(/^[\w-]{32}$/);
    const ok = await post(base, 'shop.update', { clientId: newId(), name: 'Bean & Brew 2' }, auth);
    expect(ok.status).toBe(200);
    // the cookie alone (what a server on another local port receives from the browser) is no owner session
    expect((await post(base, 'shop.update', { clientId: newId(), name: 'Stolen' }, { cookie: auth.cookie })).status).toBe(403);
    expect((await post(base, 'shop.update', { clientId: newId(), name: 'Stolen' }, { cookie: auth.cookie, 'x-passbook-bind': 'x'.repeat(32) })).status).toBe(403);

    const bad = await post(base, 'shop.update', { clientId: newId(), name: 42 }, auth);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'VALIDATION' });
    const unknown = await post(base, 'nope.nothing', {});
    expect(unknown.status).toBe(404);
  });

  it('refuses bad JSON, non-JSON bodies, foreign Host headers and cross-origin posts', async () => {
    const { base } = await start();
    const badJson = await fetch(`${base}/api/shop.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(badJson.status).toBe(400);
    const form = await fetch(`${base}/api/shop.status`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    for (const type of ['application/jsonx', 'application/json-patch+json']) {
      expect((await fetch(`${base}/api/shop.status`, { method: 'POST', headers: { 'content-type': type }, body: '{}' })).status, type).toBe(415);
    }
    expect((await fetch(`${base}/api/shop.status`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' })).status).toBe(200);
    // bytes that are not UTF-8 are refused, never stored as replacement characters
    const latin1 = await fetch(`${base}/api/customers.create`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: Buffer.concat([Buffer.from('{"clientId":"' + newId() + '","name":"A'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]) });
    expect(latin1.status).toBe(400);
    expect(((await latin1.json()) as { message: string }).message).toBe('The body is not valid UTF-8.');
    const cross = await post(base, 'shop.status', {}, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    const port = new URL(base).port;
    const rebinding = await new Promise<number>((resolve) => {
      http.request({ host: '127.0.0.1', port, path: '/api/shop.status', method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json' } }, (r) => resolve(r.statusCode ?? 0)).end('{}');
    });
    expect(rebinding).toBe(403);
  });

  it('refuses writes from an Origin of "null" (a redirect or sandboxed frame), but serves a GET', async () => {
    const { base } = await start();
    expect((await post(base, 'shop.status', {}, { origin: 'null' })).status).toBe(403);
    expect((await fetch(`${base}/`, { headers: { origin: 'null' } })).status).toBe(200);
  });

  it('ignores a malformed session cookie, answers a bad escape with 404/400, and an oversized body with a 413 it can read', async () => {
    const { base } = await start();
    for (const bad of ['%E0', '%']) {
      expect((await post(base, 'shop.status', {}, { cookie: `pb_owner=${bad}` })).status, bad).toBe(200);
      expect((await fetch(`${base}/`, { headers: { cookie: `pb_owner=${bad}` } })).status, bad).toBe(200);
    }
    const escape = await fetch(`${base}/api/%E0%A4%A`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([escape.status, (await escape.json()).code]).toEqual([404, 'NOT_FOUND']);
    const page = await fetch(`${base}/%FF`);
    expect([page.status, (await page.json()).code]).toEqual([400, 'VALIDATION']);
    const big = await fetch(`${base}/api/shop.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `"${'x'.repeat(3_000_000)}"` });
    expect([big.status, await big.json()]).toEqual([413, { code: 'VALIDATION', message: 'The request is too large.' }]);
  });

  it('takes an import\'s file of up to 8 MB from the owner, and no more than 1 MB from anyone else', async () => {
    const { app, base } = await start();
    await post(base, 'shop.setup', { clientId: newId(), name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', pin: '2468' });
    const unlock = await post(base, 'owner.unlock', { pin: '2468' });
    const auth = { cookie: (unlock.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-passbook-bind': unlock.headers.get('x-passbook-bind') ?? '' };
    const csv = `Name\n${'Anna Lee\n'.repeat(330_000)}`; // 3 MB
    const send = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/imports.preview`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const owner = await send(JSON.stringify({ kind: 'customers', csv }), auth);
    // it reaches the method, which reads the file and counts its rows (more than one import takes)
    expect([owner.status, (await owner.json()).message]).toEqual([400, 'The file has 330000 rows; one import takes at most 20000. Split it into smaller files.']);
    // anyone else is not held 3 MB: refused at the door, as any other request of that size
    const stranger = await send(JSON.stringify({ kind: 'customers', csv }));
    expect(stranger.status).toBe(413);
    // and the owner's 9 MB is past what an import takes
    expect((await send(JSON.stringify({ kind: 'customers', csv: csv.repeat(3) }), auth)).status).toBe(413);
    // a session the core has ended since (idle, the computer woke, a restore), its cookie still sent, is no owner's
    app.sessions.lockAll();
    expect((await send(JSON.stringify({ kind: 'customers', csv }), auth)).status).toBe(413);
  });

  it('serves the renderer with a strict CSP', async () => {
    const { base } = await start();
    const page = await fetch(`${base}/counter`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(await page.text()).toContain('<title>Passbook</title>');
    const escape = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect([403, 200]).toContain(escape.status);
    expect(await escape.text()).not.toContain('root:');
  });

  it('lets tests set the clock only in test mode', async () => {
    const normal = await start(false);
    const r1 = await fetch(`${normal.base}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: '2030-01-01T00:00:00Z' }) });
    expect(r1.status).toBe(404);
    const test = await start(true);
    const r2 = await fetch(`${test.base}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: '2030-01-01T00:00:00Z' }) });
    expect(r2.status).toBe(200);
    const status = await (await post(test.base, 'shop.status', {})).json();
    expect(status.now).toBe('2030-01-01T00:00:00.000Z');
    for (const body of ['{', '{"now":"soon"}', '{"now":5}']) {
      expect((await fetch(`${test.base}/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status, body).toBe(400);
    }
  });
});
