import { describe, expect, it, vi } from 'vitest';
import { channelOf, methodNames } from '../../core/contract';
import { buildApi, splitMethodName } from './buildApi';

describe('preload api', () => {
  const methods = methodNames.map((n) => [n, channelOf(n)] as const);

  it('one function per contract method, nested by group, each on its own channel', async () => {
    const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
    const api = buildApi(methods, invoke);
    const fns = Object.entries(api).flatMap(([g, leaves]) => Object.keys(leaves).map((l) => `${g}.${l}`));
    expect(fns.sort()).toEqual([...methodNames].sort());
    for (const name of methodNames) {
      const [g, l] = splitMethodName(name);
      const r = await api[g]![l]!({ a: 1 });
      expect(r).toEqual({ ok: true, value: { channel: `passbook:${name}`, input: { a: 1 } } });
    }
    expect(invoke).toHaveBeenCalledTimes(methodNames.length);
  });

  it('exposes no generic invoke and cannot be changed by the page', () => {
    const api = buildApi(methods, async () => null);
    expect(Object.keys(api)).not.toContain('invoke');
    expect(Object.isFrozen(api)).toBe(true);
    for (const g of Object.values(api)) expect(Object.isFrozen(g)).toBe(true);
  });

  it('passes one argument only', async () => {
    const invoke = vi.fn(async () => null);
    const api = buildApi([['shop.status', 'passbook:shop.status']], invoke);
    await (api.shop!.status as (...a: unknown[]) => Promise<unknown>)({}, 'extra', 'args');
    expect(invoke).toHaveBeenCalledWith('passbook:shop.status', {});
  });

  it('rejects malformed or duplicate names', () => {
    expect(() => splitMethodName('nodot')).toThrow();
    expect(() => buildApi([['a.b', 'x'], ['a.b', 'y']], async () => null)).toThrow(/duplicate/);
    expect(splitMethodName('reports.rollover.preview')).toEqual(['reports', 'rollover.preview']);
  });
});
