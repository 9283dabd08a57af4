import { describe, expect, it } from 'vitest';
import { SessionTokens } from './tokens';

describe('SessionTokens', () => {
  it('follows sessionChange per window', () => {
    const t = new SessionTokens();
    t.apply(1, undefined);
    expect(t.get(1)).toBeUndefined();
    t.apply(1, { token: 'abc' });
    t.apply(2, { token: 'xyz' });
    expect(t.get(1)).toBe('abc');
    expect(t.get(2)).toBe('xyz');
    t.apply(1, { token: null });
    expect(t.get(1)).toBeUndefined();
    expect(t.get(2)).toBe('xyz');
  });
  it('shares a session with a print window and clears it without touching the owner window', () => {
    const t = new SessionTokens();
    t.apply(1, { token: 'abc' });
    t.share(1, 9);
    expect(t.get(9)).toBe('abc');
    expect(t.clear(9)).toBe('abc');
    expect(t.inUse('abc')).toBe(true);
    expect(t.get(1)).toBe('abc');
    expect(t.clear(1)).toBe('abc');
    expect(t.inUse('abc')).toBe(false);
    expect(t.size).toBe(0);
  });
  it('sharing from a window without a session gives none', () => {
    const t = new SessionTokens();
    t.apply(9, { token: 'stale' });
    t.share(1, 9);
    expect(t.get(9)).toBeUndefined();
  });
});
