import { afterEach, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../core/contract';
import { ApiError, createClient, ipcTransport } from './client';

afterEach(() => { vi.unstubAllGlobals(); });

describe('the typed client', () => {
  it('has exactly one function per contract method, nested by group', () => {
    const calls: string[] = [];
    const api = createClient(async (name) => { calls.push(name); return null; }) as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>;
    const names = Object.entries(api).flatMap(([g, fns]) => Object.keys(fns).map((l) => `${g}.${l}`)).sort();
    expect(names).toEqual([...methodNames].sort());
    expect(names).toContain('counter.redeem');
  });

  it('posts JSON to /api/<method> and returns the 200 body', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ setUp: false }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const { api } = await import('./client');
    await expect(api.shop.status({})).resolves.toEqual({ setUp: false });
    expect(fetch).toHaveBeenCalledWith('/api/shop.status', expect.objectContaining({ method: 'POST', body: '{}', credentials: 'same-origin' }));
  });

  it('rejects with ApiError(code, message, details) on a 4xx body', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ code: 'INSUFFICIENT_CREDITS', message: 'Not enough', details: { has: '1', needs: '3', overagePolicy: 'block' } }), { status: 422 })));
    const { api } = await import('./client');
    const err = await api.counter.redeem({ clientId: '01JD0000000000000000000040', passId: 1, items: [{ itemId: 1, quantity: '1' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'INSUFFICIENT_CREDITS', message: 'Not enough', details: { has: '1', needs: '3' } });
  });

  it('keeps the host owner session\'s secret from the unlock answer, sends it on every call, forgets it on lock', async () => {
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) });
    const sent: Array<string | undefined> = [];
    const answers: Array<Record<string, string>> = [{ 'x-passbook-bind': 's3cret' }, {}, { 'x-passbook-bind': '' }, {}];
    vi.stubGlobal('fetch', vi.fn(async (_url: string, init: { headers: Record<string, string> }) => {
      sent.push(init.headers['x-passbook-bind']);
      return new Response('{}', { status: 200, headers: answers.shift() });
    }));
    vi.resetModules();
    const { api } = await import('./client');
    await api.owner.unlock({ pin: '2468' });
    await api.shop.status({});
    await api.owner.lock({});
    await api.shop.status({});
    expect(sent).toEqual([undefined, 's3cret', 's3cret', undefined]);
  });

  it('turns a network failure into a plain NETWORK error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const { api } = await import('./client');
    await expect(api.shop.status({})).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('unwraps the preload bridge results, values and errors', async () => {
    const bridge = {
      shop: { status: async () => ({ ok: true, value: { setUp: true } }) },
      counter: { undo: async () => ({ ok: false, error: { code: 'UNDO_WINDOW_PASSED', message: 'Too late to undo.' } }) },
    };
    const t = ipcTransport(bridge);
    await expect(t('shop.status', {})).resolves.toEqual({ setUp: true });
    await expect(t('counter.undo', {})).rejects.toMatchObject({ code: 'UNDO_WINDOW_PASSED', message: 'Too late to undo.' });
    await expect(t('nope.missing', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
