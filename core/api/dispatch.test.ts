import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { codeOf, newId, ownerSession, tempApp } from '../../test/support/tempApp';
import { customer, item, plan, redeem, sell } from '../../test/support/seed';

describe('dispatch: role, validation, idempotency', () => {
  it('sets up once; a retry with the same client id returns the first result, a different payload conflicts', () => {
    const app = tempApp({ setup: false });
    const input = { clientId: newId(), name: 'Bean & Brew', currency: 'USD', timeZone: 'America/New_York', pin: '2468' };
    const first = app.dispatch('shop.setup', input);
    expect(first.ok).toBe(true);
    const again = app.dispatch('shop.setup', input);
    expect(again).toEqual(first);
    expect(codeOf(app, 'shop.setup', { ...input, name: 'Other' })).toBe('CONFLICT');
    expect(codeOf(app, 'shop.setup', { ...input, clientId: newId() })).toBe('ALREADY_SET_UP');
    expect(app.db.prepare('SELECT count(*) AS n FROM operations').get()).toEqual({ n: 1 });
    // the PIN is never stored in the clear, and the payload hash leaves it out
    const row = app.db.prepare('SELECT pin_hash FROM shop').get() as { pin_hash: string };
    expect(row.pin_hash.startsWith('scrypt$')).toBe(true);
    expect(fs.readFileSync(app.file).includes(Buffer.from('2468'))).toBe(false);
  });

  it('a retry that spells an amount another way ("1.50", "01.5") is the same request: the first answer, nothing written', () => {
    const app = tempApp();
    const it1 = item(app, 'Cold brew', '1.5');
    const p = plan(app, { name: 'Ten', credits: '10', price: '20' });
    const pass = sell(app, customer(app, 'Ann'), p);
    const input = { clientId: newId(), passId: pass, items: [{ itemId: it1, quantity: '2.50' }] };
    const first = app.dispatch('counter.redeem', input);
    expect(first.ok).toBe(true);
    const count = () => app.db.prepare('SELECT (SELECT count(*) FROM lot_entries) AS entries, (SELECT count(*) FROM operations) AS ops').get();
    const before = count();
    expect(app.dispatch('counter.redeem', { ...input, items: [{ itemId: it1, quantity: '2.5' }] })).toEqual(first);
    expect(app.dispatch('counter.redeem', { ...input, items: [{ itemId: it1, quantity: '02.500000' }] })).toEqual(first);
    expect(count()).toEqual(before);
    // another amount is another request
    expect(codeOf(app, 'counter.redeem', { ...input, items: [{ itemId: it1, quantity: '2.51' }] })).toBe('CONFLICT');
    // a plan saved with "20.00" and retried as "20" is one plan
    const save = { clientId: newId(), name: 'Five', credits: '5.0', price: '20.00', validity: 'month', overagePolicy: 'block' };
    const saved = app.dispatch('plans.save', save, app.owner);
    expect(saved.ok).toBe(true);
    expect(app.dispatch('plans.save', { ...save, credits: '5', price: '20' }, app.owner)).toEqual(saved);
  });

  it('refuses unknown methods, bad input and owner methods without a session', () => {
    const app = tempApp();
    expect(codeOf(app, 'shop.drop', {})).toBe('NOT_FOUND');
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'X' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'shop.update', { clientId: 'nope', name: 'X' }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: '' }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'x'.repeat(10_000) }, app.owner)).toBe('VALIDATION');
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'Robert"); DROP TABLE shop;--' }, app.owner)).toBe('OK');
    expect(app.call('shop.status', {}).shop?.name).toBe('Robert"); DROP TABLE shop;--');
  });

  it('locks the PIN gate after five wrong PINs, for five minutes, then twice as long each time until a right PIN', () => {
    const app = tempApp();
    const five = () => {
      for (let i = 0; i < 4; i++) expect(codeOf(app, 'owner.unlock', { pin: '0000' })).toBe('FORBIDDEN');
      const r = app.dispatch('owner.unlock', { pin: '0000' });
      return r.ok ? null : r.error;
    };
    expect(five()).toMatchObject({ code: 'LOCKED_OUT', message: 'Too many wrong PINs. Owner mode is locked for 5 minutes.', details: { retryAfterSeconds: 300 } });
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('LOCKED_OUT');
    // somebody else's wrong PINs do not throw the owner out
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'Still in' }, app.owner)).toBe('OK');
    app.clockControl.advance(5 * 60_000 + 1);
    expect(five()).toMatchObject({ code: 'LOCKED_OUT', details: { retryAfterSeconds: 600 } });
    app.clockControl.advance(10 * 60_000 + 1);
    expect(five()).toMatchObject({ code: 'LOCKED_OUT', details: { retryAfterSeconds: 1200 } });
    app.clockControl.advance(20 * 60_000 + 1);
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('OK');
    expect(five()).toMatchObject({ code: 'LOCKED_OUT', details: { retryAfterSeconds: 300 } }); // a right PIN starts again
  });

  it('only owner calls keep the owner session open: a screen polling the shop status lets it end', () => {
    const app = tempApp();
    const other = ownerSession(app, '2468'); // a second window that only polls
    for (let i = 0; i < 11; i++) { app.clockControl.advance(60_000); expect(app.call('shop.status', {}, other).owner.active).toBe(i < 9); }
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'X' }, other)).toBe('FORBIDDEN');
    // owner.session is the keep-alive of a form being typed in: it renews
    const typing = ownerSession(app, '2468');
    for (let i = 0; i < 15; i++) { app.clockControl.advance(60_000); expect(codeOf(app, 'owner.session', {}, typing)).toBe('OK'); }
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'Y' }, typing)).toBe('OK');
  });

  it('caps the doubling lockout at an hour: wrong PINs from anyone cannot keep the owner out for a day', () => {
    const app = tempApp();
    const lockout = () => {
      for (let i = 0; i < 4; i++) app.dispatch('owner.unlock', { pin: '0000' });
      const r = app.dispatch('owner.unlock', { pin: '0000' });
      return r.ok ? 0 : (r.error.details as { retryAfterSeconds: number }).retryAfterSeconds;
    };
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) { const s = lockout(); seen.push(s); app.clockControl.advance(s * 1000 + 1); }
    expect(seen).toEqual([300, 600, 1200, 2400, 3600, 3600]);
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('OK');
  });

  it('measures sessions and lockouts on a clock that only moves forward: a wall clock set years ahead and back changes neither', () => {
    const app = tempApp();
    app.clockControl.set('2029-03-12T10:00:00Z');
    const later = ownerSession(app, '2468'); // unlocked while the clock was years ahead
    for (let i = 0; i < 5; i++) app.dispatch('owner.unlock', { pin: '0000' });
    app.clockControl.set('2026-03-01T16:00:00Z'); // the clock set right
    app.clockControl.advance(5 * 60_000 + 1);
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('OK'); // locked 5 minutes, not 3 years
    app.clockControl.advance(10 * 60_000 + 1);
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'B' }, later)).toBe('FORBIDDEN'); // idle 10 minutes: ended
  });

  it('counts wrong current PINs of a PIN change toward the same lockout, and ends the open session when it locks', () => {
    const app = tempApp();
    const change = (currentPin: string) => codeOf(app, 'owner.changePin', { clientId: newId(), currentPin, newPin: '1357' }, app.owner);
    for (let i = 0; i < 4; i++) expect(change('0000')).toBe('FORBIDDEN');
    expect(change('0000')).toBe('LOCKED_OUT');
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('LOCKED_OUT');
    expect(change('2468')).toBe('FORBIDDEN'); // the session used to guess is gone
    app.clockControl.advance(5 * 60_000 + 1);
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('OK'); // the PIN never changed
  });

  it('a replayed PIN change must carry the PIN it set; another PIN is a wrong PIN, not a success', () => {
    const app = tempApp();
    const id = newId();
    expect(codeOf(app, 'owner.changePin', { clientId: id, currentPin: '2468', newPin: '1111' }, app.owner)).toBe('OK');
    expect(codeOf(app, 'owner.changePin', { clientId: id, currentPin: '2468', newPin: '1111' }, app.owner)).toBe('OK'); // a true retry
    expect(codeOf(app, 'owner.changePin', { clientId: id, currentPin: '1111', newPin: '9999' }, app.owner)).toBe('FORBIDDEN');
    expect(codeOf(app, 'owner.unlock', { pin: '9999' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'owner.unlock', { pin: '1111' })).toBe('OK');
    // shop.setup: a replay with another PIN does not pretend the shop got that PIN
    const fresh = tempApp({ setup: false });
    const setup = { clientId: newId(), name: 'Shop', currency: 'USD', timeZone: 'UTC', locale: 'en-US', creditUnit: 'drink' };
    expect(codeOf(fresh, 'shop.setup', { ...setup, pin: '1234' })).toBe('OK');
    expect(codeOf(fresh, 'shop.setup', { ...setup, pin: '1234' })).toBe('OK');
    expect(codeOf(fresh, 'shop.setup', { ...setup, pin: '9876' })).toBe('FORBIDDEN');
  });

  it('a PIN change ends every other owner session (whoever knew the old PIN), and keeps the one that changed it', () => {
    const app = tempApp();
    const elsewhere = ownerSession(app, '2468'); // another window, or someone who learned the PIN
    expect(codeOf(app, 'owner.session', {}, elsewhere)).toBe('OK');
    expect(codeOf(app, 'owner.changePin', { clientId: newId(), currentPin: '2468', newPin: '1357' }, app.owner)).toBe('OK');
    expect(codeOf(app, 'owner.session', {}, elsewhere)).toBe('FORBIDDEN');
    expect(codeOf(app, 'plans.list', {}, elsewhere)).toBe('OK'); // a counter read still works for it
    expect(codeOf(app, 'owner.session', {}, app.owner)).toBe('OK');
    expect(codeOf(app, 'owner.unlock', { pin: '2468' })).toBe('FORBIDDEN');
  });

  it('ends the owner session after ten idle minutes', () => {
    const app = tempApp();
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'A' }, app.owner)).toBe('OK');
    app.clockControl.advance(10 * 60_000 + 1);
    expect(codeOf(app, 'shop.update', { clientId: newId(), name: 'B' }, app.owner)).toBe('FORBIDDEN');
  });

  it('a read writes nothing to the file, even one that previews the month-end close', () => {
    const app = tempApp({ timeZone: 'America/New_York', start: '2026-03-10T15:00:00.000Z' });
    const tea = item(app, 'Tea', '1');
    const p = plan(app, { credits: '10', price: '20', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '3' });
    const pass = sell(app, customer(app, 'Ann'), p);
    redeem(app, pass, tea, '2');
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const preview = app.call('periods.preview', { asOf: '2026-04-02T12:00:00.000Z' }, app.owner);
    expect(preview.customers[0]!.passes[0]).toMatchObject({ roll: '3', expire: '5' });
    app.call('reports.expiring', { days: 60 }, app.owner);
    app.call('passes.get', { passId: pass });
    app.call('statements.get', { customerId: app.call('passes.get', { passId: pass }).customerId, from: '2026-03-01T05:00:00.000Z' }, app.owner);
    // the previews wrote and rolled back inside the read; the read ended in ROLLBACK: no page reached the WAL
    expect(fs.statSync(`${app.file}-wal`).size).toBe(0);
    expect(app.call('passes.get', { passId: pass }).balance).toBe('8');
  });
});
