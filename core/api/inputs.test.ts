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
    // nothing to read: zero-width and format characters, a Hangul filler, a lone accent, tag characters; noncharacters
    for (const name of ['\u200b', '\u3164', '\u200b\u200e\u2060\ufeff\u200b', '\u0301', '\u{E0041}\u{E0042}', 'A\uffff', 'B\ufdd0', 'C\u{1FFFE}']) {
      expect(codeOf(app, 'customers.create', { clientId: newId(), name }), JSON.stringify(name)).toBe('VALIDATION');
    }
    const r = app.dispatch('customers.create', { clientId: newId(), name: 'Ann', notes: '\u200b' });
    expect(r.ok ? 'saved' : r.error.message).toMatch(/notes must have something to read/);
    expect(JSON.stringify(ledgerCounts(app.db))).toBe(before);
    for (const name of ['Zoë Ñúñez', 'محمد علي', 'דנה', '李小龙', 'Ana 👩‍🍳', 'O\u2019Brien', '\u05D3\u200F\u05E0\u05D4', '#1', '42']) {
      expect(app.call('customers.create', { clientId: newId(), name }).name).toBe(name);
    }
  });

  it('reads an instant only with its offset and only as a real date', () => {
    const app = tempApp();
    const customerId = app.call('customers.create', { clientId: newId(), name: 'Anna' }).id;
    const st = (from: string) => codeOf(app, 'statements.get', { customerId, from }, app.owner);
    expect(st('2026-02-30T00:00:00Z')).toBe('VALIDATION');
    expect(st('2026-04-31T05:00:00Z')).toBe('VALIDATION');
    expect(st('2026-04-01T03:59:00')).toBe('VALIDATION'); // no offset: whose clock?
    expect(st('2026-02-28T25:00:00Z')).toBe('VALIDATION');
    expect(st('2026-02-28T23:59:59.999Z')).toBe('OK');
    expect(st('2026-02-28T23:59:00-05:00')).toBe('OK');
    expect(st('2026-02-28')).toBe('OK');
    // a bare day lies in the years the books can hold, as every report's day does; an instant with its offset is exact
    for (const d of ['0100-01-01', '1971-06-15', '1999-12-31', '9999-12-31']) expect(st(d), d).toBe('VALIDATION');
    expect(st('2000-01-01')).toBe('OK');
    expect(st('1999-12-31T00:00:00Z')).toBe('OK');
    expect(codeOf(app, 'periods.close', { clientId: newId(), asOf: '2026-04-31T05:00:00Z' }, app.owner)).toBe('VALIDATION');
  });

  it('reads report dates and months only as real ones, and a daily range of at most 400 days', () => {
    const app = tempApp();
    const o = app.owner;
    const daily = (from: string, to: string) => codeOf(app, 'reports.daily', { from, to }, o);
    for (const d of ['2026-02-30', '2026-13-45', '2026-00-00', '2026-04-31', '2025-02-29']) expect(daily(d, d), d).toBe('VALIDATION');
    expect(daily('2028-02-29', '2028-02-29')).toBe('OK');
    expect(daily('2026-01-01', '2027-02-04')).toBe('OK'); // 400 days
    expect(daily('2026-01-01', '2027-02-05')).toBe('VALIDATION'); // 401: refused, not cut short
    const deferred = (from: string, to: string) => codeOf(app, 'reports.deferredRevenue', { from, to }, o);
    for (const m of ['2026-13', '2026-99', '2026-00']) expect(deferred(m, m), m).toBe('VALIDATION');
    expect(deferred('2026-01', '2026-12')).toBe('OK');
    // the years a shop's books can hold: 0026-03 was March 1926 (all zeros), 9999-12 an INTERNAL error, and a day
    // in local mean time (Monrovia until 1972: -0:44:30) listed hundreds of days or was INTERNAL
    for (const m of ['0026-03', '0000-01', '0999-12', '1999-12', '9999-12']) {
      expect(deferred(m, m), m).toBe('VALIDATION');
      expect(codeOf(app, 'reports.accounts', { month: m }, o), m).toBe('VALIDATION');
    }
    for (const d of ['0100-01-01', '1000-01-01', '1971-06-15', '1999-12-31', '9999-12-31']) expect(daily(d, d), d).toBe('VALIDATION');
    expect(deferred('2000-01', '2000-01')).toBe('OK');
    expect(daily('2000-01-01', '2000-01-01')).toBe('OK');
    expect(daily('9998-12-31', '9998-12-31')).toBe('OK');
    const monrovia = tempApp({ timeZone: 'Africa/Monrovia' });
    expect(monrovia.call('reports.daily', { from: '2000-01-01', to: '2000-01-01' }, monrovia.owner).days.map((d) => d.date)).toEqual(['2000-01-01']);
    expect(codeOf(monrovia, 'reports.daily', { from: '1971-06-15', to: '1971-06-15' }, monrovia.owner)).toBe('VALIDATION');
    monrovia.close();
    expect(app.call('reports.daily', { from: '2028-02-29', to: '2028-03-01' }, o).days.map((d) => d.date)).toEqual(['2028-02-29', '2028-03-01']);
  });
});
