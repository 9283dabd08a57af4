// A page whose screens were read before a restore in another tab: whatever first sees the new ledger (a write the host
// refused, the minute's clock check, or an unlock loading the shop again) starts its screens over before anything
// else is sent. The review of this change found the owner's unlock adopting the new ledger with the old customer and
// cart still on the counter, whose next Redeem then went out with the new mark, to whoever holds pass 7 now.
import { beforeEach, expect, it, vi } from 'vitest';

type Handler = () => { status: number; body: unknown };
const calls: Array<{ method: string; body: Record<string, unknown>; mark: string | undefined }> = [];
let handlers: Record<string, Handler> = {};
let ledger = 'original';
const pass = { id: 7, customerId: 1, customerName: 'Ana', planId: 1, planName: 'Coffee Pass', creditUnit: 'drink', status: 'active', balance: '10', lots: [], nextExpiry: null, overageDue: '0.00', lowBalance: { low: false, thresholdCredits: null, thresholdPercent: null }, overagePolicy: 'allow', consumptionOrder: 'default', validity: 'month', periods: 1, soldAt: '2026-03-01T15:00:00.000Z' };
const detail = { customer: { id: 1, code: 'K7MX2QPA', name: 'Ana', phone: null, email: null, notes: null, createdAt: '2026-03-01T15:00:00.000Z' }, passes: [pass], recent: [] };
const shop = { name: 'S', currency: 'USD', minorDigits: 2, timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink' };
const status = () => ({ status: 200, body: { setUp: true, shop, owner: { active: false, expiresAt: null }, now: '2026-03-01T15:00:00.000Z', fixed: { currency: false, timeZone: false }, clock: { state: 'ok', ledgerAt: null }, problems: [], ledger } });

beforeEach(() => {
  calls.length = 0;
  ledger = 'original';
  handlers = {
    'shop.status': status,
    'customers.byCode': () => ({ status: 200, body: detail }),
    'customers.get': () => ({ status: 200, body: detail }),
    'owner.unlock': () => ({ status: 200, body: { active: true, expiresAt: null } }),
    'items.list': () => ({ status: 200, body: { items: [] } }),
    'plans.list': () => ({ status: 200, body: { plans: [] } }),
    'counter.redeem': () => ({ status: 500, body: { code: 'DATABASE', message: 'x' } }),
  };
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: { body: string; headers: Record<string, string> }) => {
    const method = url.replace('/api/', '');
    calls.push({ method, body: JSON.parse(init.body) as Record<string, unknown>, mark: init.headers['x-passbook-ledger'] });
    const h = handlers[method];
    if (!h) return new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'no' }), { status: 404 });
    const r = h();
    return new Response(JSON.stringify(r.body), { status: r.status });
  }));
  vi.resetModules();
});

async function pageWithCart() {
  const { useApp } = await import('./app');
  const { useCounter } = await import('./counter');
  const { api, onLedgerReplaced } = await import('../api/client');
  const { RESTORED_ELSEWHERE, startOverOnRestoredLedger } = await import('./restored');
  // as shell/App.tsx registers it
  onLedgerReplaced(() => void startOverOnRestoredLedger({ counter: RESTORED_ELSEWHERE, gateNotice: 'restored elsewhere' }));
  await useApp.getState().load();
  useCounter.setState({ items: [{ id: 1, name: 'Cappuccino', usageUnit: 'drink', creditUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: null, archived: false }] as never });
  useCounter.getState().setQuery('K7MX2QPA');
  await useCounter.getState().submitSearch();
  useCounter.getState().addItem(1);
  expect(useCounter.getState().customer?.customer.name).toBe('Ana');
  expect(useCounter.getState().cart.lines).toHaveLength(1);
  return { useApp, useCounter, api, RESTORED_ELSEWHERE };
}

it('an unlock that loads the shop again after a restore elsewhere starts the counter over first', async () => {
  const { useApp, useCounter, api, RESTORED_ELSEWHERE } = await pageWithCart();
  ledger = 'restored-01JD0000000000000000000090';
  await api.owner.unlock({ pin: '2468' });
  await useApp.getState().load(); // what the owner's gate does after the PIN
  await vi.waitFor(() => expect(useApp.getState().ledger).toBe(ledger));
  expect(useCounter.getState().customer).toBeNull();
  expect(useCounter.getState().cart.lines).toHaveLength(0);
  expect(useCounter.getState().elsewhere).toBe(RESTORED_ELSEWHERE);
  expect(useApp.getState().ownerActive).toBe(false); // the owner unlocks again, on the restored ledger
  await useCounter.getState().redeem();
  expect(calls.filter((c) => c.method === 'counter.redeem')).toHaveLength(0); // nothing left to send
});

it('the minute\'s clock check starts the counter over too; every call before it carried the old mark', async () => {
  const { useApp, useCounter } = await pageWithCart();
  expect(calls.filter((c) => c.method !== 'shop.status').every((c) => c.mark === 'original')).toBe(true);
  ledger = 'restored-01JD0000000000000000000091';
  await useApp.getState().checkClock();
  await vi.waitFor(() => expect(useApp.getState().ledger).toBe(ledger));
  expect(useCounter.getState().customer).toBeNull();
  expect(useCounter.getState().cart.lines).toHaveLength(0);
});

it('a page left on the first screen while another window sets a shop up (or brings one back) moves on at its next check', async () => {
  const { useApp } = await import('./app');
  let setUp = false;
  handlers['shop.status'] = () => ({ status: 200, body: { ...status().body, setUp, shop: setUp ? shop : null } });
  await useApp.getState().load();
  expect(useApp.getState().phase).toBe('setup');
  setUp = true; // the other window's setup, same ledger mark ("original")
  await useApp.getState().checkClock();
  expect(useApp.getState().phase).toBe('ready');
  expect(useApp.getState().shop?.name).toBe('S');
});
