// A top-up pack lasts its own validity from the moment it is bought, in the pass's zone; a plan's lots
// follow the shop's calendar (month ends shared by every pass).
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf, newId, tempApp, type TestApp } from '../../test/support/tempApp';
import { customer, plan, sell } from '../../test/support/seed';
import { topUpLotExpiry } from './expiry';
import { runDueCloses } from '../periods/close';

const NY = 'America/New_York';
const apps: TestApp[] = [];
afterEach(() => { while (apps.length) apps.pop()!.close(); });

describe('topUpLotExpiry', () => {
  it('counts from the purchase, the purchase day as day 1, DST-safe', () => {
    const at = (iso: string) => new Date(iso).getTime();
    const end = (v: string, days: number | null, iso: string, zone = NY) => new Date(topUpLotExpiry(v, days, at(iso), zone)!).toISOString();
    // 31 Mar 22:00 EDT: a month runs through 30 Apr (there is no 31 Apr), to the midnight starting 1 May
    expect(end('month', null, '2026-04-01T02:00:00Z')).toBe('2026-05-01T04:00:00.000Z');
    // bought on 28, 29, 30 or 31 Jan: 28 Jan lasts to 27 Feb; the 29th, 30th and 31st get all of February
    expect(['2026-01-28', '2026-01-29', '2026-01-30', '2026-01-31'].map((d) => end('month', null, `${d}T20:00:00Z`)))
      .toEqual(['2026-02-28T05:00:00.000Z', '2026-03-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z']);
    expect(end('month', null, '2026-02-01T20:00:00Z')).toBe('2026-03-01T05:00:00.000Z');
    expect(end('month', null, '2026-03-14T19:00:00Z')).toBe('2026-04-14T04:00:00.000Z'); // across the DST change
    expect(end('week', null, '2026-03-09T01:00:00Z')).toBe('2026-03-15T04:00:00.000Z'); // Sunday 8 Mar 21:00 EDT -> Sunday 15 Mar 00:00
    expect(end('day', null, '2026-03-09T01:00:00Z')).toBe('2026-03-09T04:00:00.000Z');
    expect(end('days', 5, '2026-03-14T19:00:00Z')).toBe('2026-03-19T04:00:00.000Z');
    expect(end('quarter', null, '2026-11-30T20:00:00Z')).toBe('2027-03-01T05:00:00.000Z'); // no 30 Feb: through 28 Feb
    expect(end('year', null, '2028-02-29T20:00:00Z')).toBe('2029-03-01T05:00:00.000Z'); // no 29 Feb 2029: through 28 Feb
    expect(topUpLotExpiry('none', null, at('2026-03-14T19:00:00Z'), NY)).toBeNull();
  });

  it('a month pack bought on the evening of the 31st lasts the month; it expires then, in the pass zone', () => {
    const app = tempApp({ timeZone: NY, start: '2026-04-01T02:00:00.000Z' }); // 31 Mar 22:00 EDT
    apps.push(app);
    const p = plan(app, { name: 'Coffee', credits: '10', price: '20', validity: 'month' });
    const pack = plan(app, { kind: 'topup', name: 'Ten more', credits: '10', price: '20', validity: 'month' });
    const pass = sell(app, customer(app, 'Ann'), p, 'cash');
    // the shop's zone changed after the sale (a ledger from before shop.update refused that): the pass keeps New York
    expect(codeOf(app, 'shop.update', { clientId: newId(), timeZone: 'Asia/Tokyo' }, app.owner)).toBe('CONFLICT');
    app.db.prepare("UPDATE shop SET time_zone = 'Asia/Tokyo'").run();
    app.call('passes.topUp', { clientId: newId(), passId: pass, packId: pack, paymentMethod: 'cash' });
    const lots = () => app.call('passes.get', { passId: pass }).lots.map((l) => [l.source, l.remaining, l.expiresAt]);
    expect(lots()).toEqual([['sale', '10', '2026-04-01T04:00:00.000Z'], ['topup', '10', '2026-05-01T04:00:00.000Z']]);
    app.clockControl.set('2026-04-01T05:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    expect(lots()).toEqual([['topup', '10', '2026-05-01T04:00:00.000Z']]); // the sale lot ended with March; the pack did not
    app.clockControl.set('2026-05-01T04:00:00.000Z');
    runDueCloses(app.db, app.clock.now().getTime());
    expect(lots()).toEqual([]);
  });
});
