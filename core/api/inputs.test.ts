// Inputs at the boundary: a client id in either case is one request; text with control or direction-override
// characters is refused; an instant needs its offset and a real calendar date. Refused input changes nothing.
import { describe, expect, it } from 'vitest';
import { codeOf, newId, tempApp } from '../../test/support/tempApp';
import { ledgerCounts, scenario } from '../passes/scenario';

describe('inputs at the API boundary', () => {
  it('treats a UUID or ULID in upper or lower case as one request', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const latte = s.item('Latte', '1');
    const pass = s.sell(s.customer('Anna'), s.plan({ name: 'P', credits: '10', price: '20' }));
    const id = '1a202e6d-5b7c-4d1e-9f00-b37cce945ff2';
    const input = (clientId: string) => ({ clientId, passId: pass, items: [{ itemId: latte, quantity: '1' }] });
    const first = app.call('counter.redeem', input(id));
    const again = app.call('counter.redeem', input(id.toUpperCase()));
    expect(again).toEqual(first);
    expect(ledgerCounts(app.db).redemptions).toBe(1);
    const ulid = '01JD0000000000000000000077';
    app.call('counter.redeem', input(ulid));
    expect(app.call('counter.redeem', input(ulid.toLowerCase())).balanceAfter).toBe('8');
    expect(ledgerCounts(app.db).redemptions).toBe(2);
  });

  it('refuses control, separator and direction-override characters and lone surrogates in text, keeps every script and emoji', () => {
    const app = tempApp();
    const before = JSON.stringify(ledgerCounts(app.db));
    for (const name of ['Bob\u202egnp.exe', 'Ann\u0085', 'Line\u2028Two', 'Iso\u2066late', 'half \ud800 pair', 'tab\there']) {
      expect(codeOf(app, 'customers.create', { clientId: newId(), name }), JSON.stringify(name)).toBe('VALIDATION');
    }
    expect(JSON.stringify(ledgerCounts(app.db))).toBe(before);
    for (const name of ['Zoë Ñúñez', 'محمد علي', 'דנה', '李小龙', 'Ana 👩‍🍳', 'O\u2019Brien']) {
      expect(app.call('customers.create', { clientId: newId(), name }).name).toBe(name);
    }
  });

  it('reads an instant only with its offset and only as a real date', () => {
    const app = tempApp();
    const customerId = app.call('customers.create', { clientId: newId(), name: 'Anna' }).id;
    const st = (from: string) => codeOf(app, 'statements.get', { customerId, from });
    expect(st('2026-02-30T00:00:00Z')).toBe('VALIDATION');
    expect(st('2026-04-31T05:00:00Z')).toBe('VALIDATION');
    expect(st('2026-04-01T03:59:00')).toBe('VALIDATION'); // no offset: whose clock?
    expect(st('2026-02-28T25:00:00Z')).toBe('VALIDATION');
    expect(st('2026-02-28T23:59:59.999Z')).toBe('OK');
    expect(st('2026-02-28T23:59:00-05:00')).toBe('OK');
    expect(st('2026-02-28')).toBe('OK');
    expect(codeOf(app, 'periods.close', { clientId: newId(), asOf: '2026-04-31T05:00:00Z' }, app.owner)).toBe('VALIDATION');
  });
});
