// The counter store against a fake host: one API call per Enter, the cart's client id on every retry,
// overage resubmitted with the same id, balances only from the ledger's answers.
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (body: Record<string, unknown>) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
const calls: Array<{ method: string; body: Record<string, unknown> }> = [];
let handlers: Record<string, Handler> = {};

const pass = { id: 7, customerId: 1, customerName: 'Ana', planId: 1, planName: 'Coffee Pass', creditUnit: 'drink', status: 'active', balance: '10', lots: [], nextExpiry: null, overageDue: '0.00', lowBalance: { low: false, thresholdCredits: null, thresholdPercent: null }, overagePolicy: 'allow', consumptionOrder: 'default', validity: 'month', periods: 1, soldAt: '2026-03-01T15:00:00.000Z' };
const detail = (balance = '10') => ({ customer: { id: 1, code: 'K7MX2QPA', name: 'Ana', phone: null, email: null, notes: null, createdAt: '2026-03-01T15:00:00.000Z' }, passes: [{ ...pass, balance }], recent: [] });
const redeemed = (before: string, after: string) => ({ redemptionId: 3, passId: 7, balanceBefore: before, balanceAfter: after, creditsUsed: '1', lines: [{ itemId: 1, name: 'Cappuccino', quantity: '1', rate: '1', credits: '1' }], lotsTouched: [], overage: null, lowBalance: { low: false, thresholdCredits: null, thresholdPercent: null }, undoUntil: '2026-03-01T15:02:00.000Z' });

beforeEach(() => {
  calls.length = 0;
  handlers = { 'customers.get': () => ({ status: 200, body: detail('9') }), 'customers.byCode': () => ({ status: 200, body: detail() }) };
  vi.stubGlobal('fetch', vi.fn(async (url: string, init: { body: string }) => {
    const method = url.replace('/api/', '');
    const body = JSON.parse(init.body) as Record<string, unknown>;
    calls.push({ method, body });
    const h = handlers[method];
    if (!h) return new Response(JSON.stringify({ code: 'NOT_FOUND', message: 'no' }), { status: 404 });
    const r = await h(body);
    return new Response(JSON.stringify(r.body), { status: r.status });
  }));
  vi.resetModules();
});

async function openStore() {
  const { useCounter } = await import('./counter');
  useCounter.setState({ items: [{ id: 1, name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: null, archived: false }] });
  useCounter.getState().setQuery('K7MX2QPA');
  await useCounter.getState().submitSearch();
  expect(useCounter.getState().customer?.customer.name).toBe('Ana');
  return useCounter;
}

describe('the counter store', () => {
  it('a double Enter sends one redemption; the balance shown is the ledger’s', async () => {
    let release!: () => void;
    handlers['counter.redeem'] = () => new Promise((r) => { release = () => r({ status: 200, body: redeemed('10', '9') }); });
    const store = await openStore();
    store.getState().addItem(1);
    const first = store.getState().redeem();
    const second = store.getState().redeem(); // while the first is in flight
    expect(store.getState().cart.lines).toHaveLength(1); // nothing optimistic
    release();
    await Promise.all([first, second]);
    expect(calls.filter((c) => c.method === 'counter.redeem')).toHaveLength(1);
    expect(store.getState().last?.result.balanceAfter).toBe('9');
    expect(store.getState().customer?.passes[0]?.balance).toBe('9');
    expect(store.getState().cart.lines).toHaveLength(0);
  });

  it('a retry after a failure carries the same client id; the next cart gets a new one', async () => {
    let n = 0;
    handlers['counter.redeem'] = () => (++n === 1 ? { status: 500, body: { code: 'DATABASE', message: 'The database refused the change.' } } : { status: 200, body: redeemed('10', '9') });
    const store = await openStore();
    store.getState().addItem(1);
    await store.getState().redeem();
    expect(store.getState().redeemError).toBe('The database refused the change.');
    expect(store.getState().cart.lines).toHaveLength(1);
    await store.getState().redeem();
    const ids = calls.filter((c) => c.method === 'counter.redeem').map((c) => c.body.clientId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
    expect(store.getState().cart.clientId).not.toBe(ids[0]);
  });

  it('overage allowed: the choice is resubmitted with the same client id and the settlement', async () => {
    handlers['counter.redeem'] = (b) => (b.overageSettlement
      ? { status: 200, body: { ...redeemed('0.5', '0'), overage: { credits: '0.5', amount: '2.25', settlement: b.overageSettlement } } }
      : { status: 422, body: { code: 'INSUFFICIENT_CREDITS', message: 'Not enough drinks.', details: { has: '0.5', needs: '1', overageCredits: '0.5', overageAmount: '2.25', overagePolicy: 'allow' } } });
    const store = await openStore();
    store.getState().addItem(1);
    await store.getState().redeem();
    expect(store.getState().overage).toMatchObject({ policy: 'allow', overageAmount: '2.25' });
    await store.getState().redeem('account');
    const rs = calls.filter((c) => c.method === 'counter.redeem');
    expect(rs).toHaveLength(2);
    expect(rs[1]!.body).toMatchObject({ clientId: rs[0]!.body.clientId, overageSettlement: 'account' });
    expect(rs[1]!.body.paymentMethod).toBeUndefined();
    expect(store.getState().overage).toBeNull();
    expect(store.getState().last?.result.overage?.settlement).toBe('account');
  });

  it('overage blocked: the message stays next to the cart and the cart is kept', async () => {
    handlers['counter.redeem'] = () => ({ status: 422, body: { code: 'INSUFFICIENT_CREDITS', message: 'Not enough drinks: has 0.5, needs 1.', details: { has: '0.5', needs: '1', overagePolicy: 'block' } } });
    const store = await openStore();
    store.getState().addItem(1);
    await store.getState().redeem();
    expect(store.getState().overage).toMatchObject({ policy: 'block', has: '0.5', needs: '1' });
    expect(store.getState().cart.lines).toHaveLength(1);
  });

  it('Enter on a full name searches instead of asking for a card code, and opens the one match', async () => {
    handlers['customers.search'] = () => ({ status: 200, body: { customers: [{ id: 1, name: 'Ana Lima', phone: null, code: 'K7MX2QPA', balance: '10', passId: 7 }] } });
    const { useCounter } = await import('./counter');
    useCounter.getState().setQuery('Ana Lima');
    await useCounter.getState().submitSearch();
    expect(calls.some((c) => c.method === 'customers.byCode')).toBe(false);
    expect(calls.some((c) => c.method === 'customers.get')).toBe(true);
    expect(useCounter.getState().customer?.customer.id).toBe(1);
  });

  it('a slow customer load that lands after the cashier opened the next card is dropped', async () => {
    const sam = { ...detail(), customer: { ...detail().customer, id: 2, code: 'SAMCARD2', name: 'Sam' }, passes: [{ ...pass, id: 8, customerId: 2, customerName: 'Sam' }] };
    let releaseAna!: () => void;
    handlers['customers.search'] = () => ({ status: 200, body: { customers: [{ id: 1, name: 'Ana', phone: null, code: 'K7MX2QPA', balance: '10', passId: 7 }] } });
    handlers['customers.get'] = () => new Promise((r) => { releaseAna = () => r({ status: 200, body: detail() }); });
    handlers['customers.byCode'] = () => ({ status: 200, body: sam });
    const { useCounter } = await import('./counter');
    useCounter.getState().setQuery('Ana Lima');
    const ana = useCounter.getState().submitSearch(); // its load hangs
    await vi.waitFor(() => expect(calls.some((c) => c.method === 'customers.get')).toBe(true));
    useCounter.getState().closeCustomer(); // Esc
    useCounter.getState().setQuery('SAMCARD2');
    await useCounter.getState().submitSearch(); // the next card
    expect(useCounter.getState().customer?.customer.name).toBe('Sam');
    releaseAna();
    await ana;
    expect(useCounter.getState().customer?.customer.name).toBe('Sam');
    expect(useCounter.getState().passId).toBe(8);
  });

  it('the refresh after a redemption does not bring its customer back over the next one (or after Esc)', async () => {
    const sam = { ...detail(), customer: { ...detail().customer, id: 2, code: 'SAMCARD2', name: 'Sam' }, passes: [{ ...pass, id: 8, customerId: 2, customerName: 'Sam' }] };
    handlers['counter.redeem'] = () => ({ status: 200, body: redeemed('10', '9') });
    const store = await openStore();
    const releases: Array<() => void> = [];
    handlers['customers.get'] = () => new Promise((r) => { releases.push(() => r({ status: 200, body: detail('9') })); });
    store.getState().addItem(1);
    const redeeming = store.getState().redeem(); // answered at once; its refresh of Ana hangs
    await vi.waitFor(() => expect(releases).toHaveLength(1));
    store.getState().closeCustomer();
    handlers['customers.byCode'] = () => ({ status: 200, body: sam });
    store.getState().setQuery('SAMCARD2');
    await store.getState().submitSearch();
    releases[0]!();
    await redeeming;
    expect(store.getState().customer?.customer.name).toBe('Sam');
    expect(store.getState().passId).toBe(8);
    // Esc with nobody next: the late refresh does not reopen the customer
    handlers['customers.get'] = () => new Promise((r) => { releases.push(() => r({ status: 200, body: sam })); });
    const refresh = store.getState().refreshCustomer();
    store.getState().closeCustomer();
    releases[1]!();
    await refresh;
    expect(store.getState().customer).toBeNull();
  });

  it('a search while Passbook is not answering says so, and does not claim nobody matches', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const { useCounter } = await import('./counter');
    useCounter.getState().setQuery('Ben');
    await vi.waitFor(() => expect(useCounter.getState().searchFailed).toBe(true));
    expect(useCounter.getState().searchError).toMatch(/^Passbook is not answering, so nothing can be looked up right now/);
    expect(useCounter.getState().searchError).not.toMatch(/charged/);
  });

  it('a pass sale answered after the cashier cancelled and opened the next card leaves that customer and cart alone', async () => {
    const sam = { ...detail(), customer: { ...detail().customer, id: 2, code: 'SAMCARD2', name: 'Sam' }, passes: [{ ...pass, id: 8, customerId: 2, customerName: 'Sam' }] };
    const store = await openStore();
    let releaseSale!: () => void;
    handlers['passes.sell'] = () => new Promise((r) => { releaseSale = () => r({ status: 200, body: { ...pass, id: 9 } }); });
    handlers['customers.get'] = () => ({ status: 200, body: detail() });
    store.getState().openDialog({ kind: 'sell', newCustomer: false });
    const sale = store.getState().sellPass({ customerId: 1, planId: 1, paymentMethod: 'cash', clientIds: { customer: 'c', sale: 's' } });
    await vi.waitFor(() => expect(releaseSale).toBeTypeOf('function'));
    store.getState().closeDialog(); // Cancel stays enabled while the sale is on its way
    store.getState().closeCustomer();
    handlers['customers.byCode'] = () => ({ status: 200, body: sam });
    store.getState().setQuery('SAMCARD2');
    await store.getState().submitSearch();
    store.getState().addItem(1);
    releaseSale();
    await sale;
    expect(store.getState().customer?.customer.name).toBe('Sam');
    expect(store.getState().passId).toBe(8);
    expect(store.getState().cart.lines).toHaveLength(1);
    expect(store.getState().notice).toBe('Pass sold to Ana. Open Ana to see it.');
  });
});

