// shop.update: what an absent field and a null mean.
import { describe, expect, it } from 'vitest';
import { newId, tempApp } from '../../test/support/tempApp';

describe('shop.update', () => {
  it('keeps the receipt footer when it is left out, and clears it on null or empty, as null clears any optional text', () => {
    const app = tempApp();
    const footer = (input: Record<string, unknown>) => app.call('shop.update', { clientId: newId(), ...input } as never, app.owner).receiptFooter;
    expect(footer({ receiptFooter: 'See you tomorrow!' })).toBe('See you tomorrow!');
    expect(footer({ name: 'Renamed' })).toBe('See you tomorrow!');
    expect(footer({ receiptFooter: null })).toBe('');
    expect(footer({ receiptFooter: 'Back again' })).toBe('Back again');
    expect(footer({ receiptFooter: '  ' })).toBe('');
  });
});
