// shop.update: what an absent field and a null mean.
import { describe, expect, it } from 'vitest';
import { newId, tempApp } from '../../test/support/tempApp';
import { scenario } from '../passes/scenario';

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

  it("words a refusal's amounts the way the shop's screens write them; the details keep the canonical strings", () => {
    const app = tempApp({ currency: 'EUR', timeZone: 'Europe/Berlin' });
    app.call('shop.update', { clientId: newId(), locale: 'de-DE', creditUnit: 'Getränk' } as never, app.owner);
    const s = scenario(app, app.owner);
    const keks = s.item('Keks', '0.333333', '1.25');
    const pass = s.sell(s.customer('Bernd'), s.plan({ name: 'Flex', credits: '1.5', price: '3', overagePolicy: 'allow' }));
    const adjust = app.dispatch('passes.adjust', { clientId: newId(), passId: pass, credits: '-1000.5', reason: 'zu viel' }, app.owner);
    expect(adjust.ok ? null : adjust.error).toMatchObject({ message: 'This pass has 1,5 Getränk, cannot take off 1.000,5.', details: { has: '1.5', needs: '1000.5' } });
    // 6 biscuits: 1.999998 credits, 0.499998 over at 1,25 € per 0.333333: 1,87 € on account
    s.redeem(pass, [[keks, '6']], { overageSettlement: 'account' });
    const due = app.call('passes.get', { passId: pass }).overageDue;
    const settle = app.dispatch('passes.settleOverage', { clientId: newId(), passId: pass, amount: '5', paymentMethod: 'cash' });
    const euro = (v: string) => new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(v as `${number}`);
    expect(settle.ok ? null : settle.error).toMatchObject({ message: `amount: ${euro('5')} is more than the ${euro(due)} due.`, details: { field: 'amount', amount: '5.00', due } });
  });
});
