// The IPC registration against a real ledger on a temp file, with a fake ipcMain (no Electron needed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type PassbookApp } from '../../core/app';
import { channelOf, methodNames } from '../../core/contract';
import { MAX_IPC_INPUT_BYTES, normalizeInput, registerApi, type InvokeEventLike } from './ipc';
import { SessionTokens } from './tokens';

const indexFileUrl = pathToFileURL(path.resolve('/opt/Passbook/dist/index.html')).href;
const origin = { indexFileUrl };

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-ipc-'));
  const app = createApp(path.join(dir, 'passbook.sqlite'));
  const handlers = new Map<string, Listener>();
  const ipcMain = { handle: (ch: string, fn: Listener) => { if (handlers.has(ch)) throw new Error(`twice: ${ch}`); handlers.set(ch, fn); } };
  const tokens = new SessionTokens();
  const channels = registerApi({ ipcMain, app, origin: () => origin, tokens });
  const ev = (id = 1, url = `${indexFileUrl}#/counter`, parent: unknown = null): InvokeEventLike => ({ sender: { id }, senderFrame: { url, parent } });
  const call = (name: string, input: unknown, event = ev()) => handlers.get(channelOf(name as never))!(event, input);
  return { app, handlers, tokens, channels, ev, call };
}

let opened: PassbookApp | undefined;
afterEach(() => opened?.close());

describe('registerApi', () => {
  it('registers exactly one fixed channel per contract method', () => {
    const t = setup();
    opened = t.app;
    expect(t.channels).toEqual(methodNames.map((n) => `passbook:${n}`));
    expect([...t.handlers.keys()].sort()).toEqual([...t.channels].sort());
  });

  it('answers { ok, value } to our page and never returns the session token', async () => {
    const t = setup();
    opened = t.app;
    const status = await t.call('shop.status', {});
    expect(status).toMatchObject({ ok: true, value: { setUp: false } });
    const set = await t.call('shop.setup', { clientId: '01JD0000000000000000000000', name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', pin: '2468' });
    expect(set).toMatchObject({ ok: true });
    const unlocked = (await t.call('owner.unlock', { pin: '2468' })) as Record<string, unknown>;
    expect(unlocked).toMatchObject({ ok: true, value: { expiresAt: expect.any(String) } });
    expect(Object.keys(unlocked).sort()).toEqual(['ok', 'value']);
    expect(JSON.stringify(unlocked)).not.toContain(t.tokens.get(1)!);
    // the token is kept in main for window 1 only
    expect(t.tokens.get(1)).toEqual(expect.any(String));
    expect(t.tokens.get(2)).toBeUndefined();
    expect(await t.call('shop.status', {})).toMatchObject({ value: { owner: { active: true } } });
    expect(await t.call('shop.status', {}, t.ev(2))).toMatchObject({ value: { owner: { active: false } } });
    // owner-only from window 2: refused by the core's role check
    expect(await t.call('backup.list', {}, t.ev(2))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('backup.list', {})).toMatchObject({ ok: true });
    // an import's file past the 1 MB of other requests reaches the method from the owner's window (3 MB: more rows than
    // one import takes, said by the method), and is too large from the other window and past 8 MB
    const csv = `Name\n${'Anna Lee\n'.repeat(330_000)}`;
    expect(await t.call('imports.preview', { kind: 'customers', csv })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^The file has 330000 rows/) } });
    expect(await t.call('imports.preview', { kind: 'customers', csv }, t.ev(2))).toMatchObject({ ok: false, error: { message: 'The request is too large.' } });
    expect(await t.call('imports.preview', { kind: 'customers', csv: csv.repeat(3) })).toMatchObject({ ok: false, error: { message: 'The request is too large.' } });
    // a session the core ended (idle, the computer woke, a restore) while main still holds its token is no owner's
    t.app.sessions.lockAll();
    expect(t.tokens.get(1)).toEqual(expect.any(String));
    expect(await t.call('imports.preview', { kind: 'customers', csv })).toMatchObject({ ok: false, error: { message: 'The request is too large.' } });
    // lock clears it
    expect(await t.call('owner.unlock', { pin: '2468' })).toMatchObject({ ok: true });
    expect(await t.call('owner.lock', {})).toMatchObject({ ok: true });
    expect(t.tokens.get(1)).toBeUndefined();
  });

  it('refuses other pages, sub-frames and dead frames before anything runs', async () => {
    const t = setup();
    opened = t.app;
    const input = { clientId: '01JD0000000000000000000000', name: 'X', currency: 'USD', timeZone: 'UTC', pin: '2468' };
    for (const event of [
      t.ev(1, 'https://evil.example/'),
      t.ev(1, `${indexFileUrl}#/x`, { url: 'parent' }),
      { sender: { id: 1 }, senderFrame: null },
      t.ev(1, pathToFileURL(path.resolve('/tmp/index.html')).href),
    ]) {
      expect(await t.call('shop.setup', input, event)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^Refused/) } });
    }
    expect(await t.call('shop.status', {})).toMatchObject({ value: { setUp: false } }); // nothing was written
  });

  it('bad input: clear VALIDATION errors, nothing written', async () => {
    const t = setup();
    opened = t.app;
    expect(await t.call('shop.setup', { name: 'X' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await t.call('shop.setup', { clientId: '01JD0000000000000000000000', name: 'X', currency: 'USD', timeZone: 'UTC', pin: '2468', extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await t.call('shop.status', 'not an object')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const big = { clientId: '01JD0000000000000000000000', name: 'x'.repeat(MAX_IPC_INPUT_BYTES), currency: 'USD', timeZone: 'UTC', pin: '2468' };
    expect(await t.call('shop.setup', big)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'The request is too large.' } });
    expect(await t.call('shop.status', { n: 10n })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    // an import's file past the 1 MB of other requests is the owner's only: without the owner session it is too large
    const csv = `Name\n${'Anna Lee\n'.repeat(330_000)}`;
    expect(await t.call('imports.preview', { kind: 'customers', csv })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: 'The request is too large.' } });
    expect(await t.call('shop.status', {})).toMatchObject({ value: { setUp: false } });
  });
});

describe('normalizeInput', () => {
  it('turns structured-clone values into plain JSON like the HTTP transport', () => {
    expect(normalizeInput(undefined)).toEqual({ ok: true, input: {} });
    expect(normalizeInput({ at: new Date('2026-01-01T00:00:00Z'), skip: undefined })).toEqual({ ok: true, input: { at: '2026-01-01T00:00:00.000Z' } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(normalizeInput(cyclic)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(normalizeInput(() => 1)).toMatchObject({ ok: false });
  });
});
