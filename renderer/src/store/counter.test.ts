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
  useCounter.setState({ items: [{ id: 1, name: 'Cappuccino', usageUnit: 'drink', creditUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: null, archived: false }] });
  useCounter.getState().setQuery('K7MX2QPA');
  await useCounter.getState().submitSearch();
  expect(useCounter.getState().customer?.customer.name).toBe('Ana');
  return useCounter;
}

describe('the counter store', () => {
  it('a double Enter sends one redemption; the balance shown is the ledger’s', async () => {
    let release!: () => void;
    handlers['counter.redeem'] = () => new Promise((r) => { release = () => r({ status: 200, body: redeemed('10', '9') }); });
    // the read-back after the redemption differs from its answer (another till redeemed meanwhile): the screen shows it
    handlers['customers.get'] = () => ({ status: 200, body: detail('8.5') });
    const store = await openStore();
    store.getState().addItem(1);
    const first = store.getState().redeem();
    const second = store.getState().redeem(); // while the first is in flight
    expect(store.getState().cart.lines).toHaveLength(1); // nothing optimistic
    release();
    await Promise.all([first, second]);
    expect(calls.filter((c) => c.method === 'counter.redeem')).toHaveLength(1);
    expect(store.getState().last?.result.balanceAfter).toBe('9');
    expect(store.getState().customer?.passes[0]?.balance).toBe('8.5');
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
    const sale = store.getState().sellPass({ customerId: 1, planId: 1, paymentMethod: 'cash' });
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

/**
 * A fake ledger for lost answers: it keeps each write by client id as the real one does (same id and payload: the
 * first result; same id, other payload: CONFLICT), and can lose the answer of a write it has made.
 */
function idempotentHost(make: (body: Record<string, unknown>, n: number) => unknown) {
  const made = new Map<string, { payload: string; result: unknown }>();
  let loseNext = false;
  const handler: Handler = (body) => {
    const { clientId, ...rest } = body;
    const payload = JSON.stringify(rest);
    const kept = made.get(String(clientId));
    if (kept) return kept.payload === payload ? { status: 200, body: kept.result } : { status: 409, body: { code: 'CONFLICT', message: 'This client id was already used for a different request.', details: { clientId, method: 'x' } } };
    const result = make(body, made.size + 1);
    made.set(String(clientId), { payload, result });
    if (loseNext) { loseNext = false; throw new TypeError('Failed to fetch'); } // made, but the answer never arrives
    return { status: 200, body: result };
  };
  return { handler, made, loseNextAnswer: () => { loseNext = true; } };
}

describe('what the counter says (its live region, for a cashier who cannot see the screen)', () => {
  const coldBrew = { id: 2, name: 'Cold Brew', usageUnit: 'drink', creditUnit: 'drink', rate: '1.5', cashPrice: '5.00', hotkey: '2', category: null, archived: false };

  it('each change to the cart says the line and the cart’s credits in the pass’s unit', async () => {
    const store = await openStore();
    store.setState({ items: [...store.getState().items, coldBrew] });
    const said = () => store.getState().notice;
    store.getState().addItem(1);
    expect(said()).toBe('Cappuccino, 1. Cart: 1 drink.');
    store.getState().addItem(2);
    expect(said()).toBe('Cold Brew, 1. Cart: 2.5 drinks.');
    store.getState().changeQuantity(2, 1);
    expect(said()).toBe('Cold Brew, 2. Cart: 4 drinks.');
    store.getState().changeQuantity(1, -1);
    expect(said()).toBe('Cappuccino removed. Cart: 3 drinks.');
    store.getState().removeLine(2);
    expect(said()).toBe('Cold Brew removed. Cart empty.');
    store.getState().addItem(1);
    store.getState().clearCart();
    expect(said()).toBe('Cart cleared.');
  });

  it('a redemption that leaves the pass low says so, as the badge on the screen does', async () => {
    const low = { low: true, thresholdCredits: '3', thresholdPercent: null };
    let after = '3';
    handlers['counter.redeem'] = () => ({ status: 200, body: { ...redeemed('4', after), lowBalance: low } });
    const store = await openStore();
    store.getState().addItem(1);
    await store.getState().redeem();
    expect(store.getState().notice).toBe('Redeemed. Balance was 4, now 3. Low balance.');
    after = '0';
    store.getState().addItem(1);
    await store.getState().redeem();
    expect(store.getState().notice).toBe('Redeemed. Balance was 4, now 0. Pass used up.');
  });

  it('closing the customer says so, rather than leaving their sentence as if they were still open', async () => {
    const store = await openStore();
    expect(store.getState().notice).toBe('Ana. Coffee Pass: 10 drinks left.');
    store.getState().closeCustomer();
    expect(store.getState().notice).toBe('Ana closed.');
  });

  it('items keyed while the card was opening are said after who opened', async () => {
    let answer!: () => void;
    handlers['customers.byCode'] = () => new Promise((r) => { answer = () => r({ status: 200, body: detail() }); });
    const { useCounter } = await import('./counter');
    useCounter.setState({ items: [{ id: 1, name: 'Cappuccino', usageUnit: 'drink', creditUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: null, archived: false }] });
    useCounter.getState().setQuery('K7MX2QPA');
    const opening = useCounter.getState().submitSearch();
    useCounter.getState().holdItem(1);
    await vi.waitFor(() => expect(answer).toBeDefined());
    answer();
    await opening;
    expect(useCounter.getState().notice).toBe('Ana. Coffee Pass: 10 drinks left. Cart: 1 drink.');
  });
});

describe('the counter store when an answer is lost', () => {
  const twoPasses = (balance = '5') => ({ ...detail(), passes: [{ ...pass, id: 7, planName: 'Flex', balance }, { ...pass, id: 9, planName: 'Coffee Pass', balance: '10' }] });

  it('switching passes and back after a lost answer sends the same request: one redemption, not two', async () => {
    const host = idempotentHost((b, n) => ({ ...redeemed('5', '4'), redemptionId: 40 + n, passId: b.passId }));
    handlers['counter.redeem'] = host.handler;
    handlers['customers.byCode'] = () => ({ status: 200, body: twoPasses() });
    handlers['customers.get'] = () => ({ status: 200, body: twoPasses('3.5') }); // another till redeemed meanwhile
    const store = await openStore();
    store.getState().selectPass(7);
    store.getState().addItem(1);
    host.loseNextAnswer();
    await store.getState().redeem();
    expect(store.getState().redeemError).toMatch(/may or may not have gone through/);
    store.getState().selectPass(9);
    store.getState().selectPass(7);
    expect(store.getState().redeemError).toMatch(/may or may not have gone through/); // the warning stays
    await store.getState().redeem();
    expect(host.made.size).toBe(1);
    expect(store.getState().last?.result.redemptionId).toBe(41);
    expect(store.getState().last?.result.balanceAfter).toBe('4');
    expect(store.getState().customer?.passes[0]?.balance).toBe('3.5'); // the ledger's balance, read back
  });

  it('a cart changed after a lost answer is refused, and the redemption that went through becomes the result to undo and print', async () => {
    const host = idempotentHost((b, n) => ({ ...redeemed('10', '9'), redemptionId: 40 + n, passId: b.passId }));
    handlers['counter.redeem'] = host.handler;
    const store = await openStore();
    store.getState().addItem(1);
    host.loseNextAnswer();
    await store.getState().redeem();
    store.getState().addItem(1); // the cashier adds a second one and tries again
    await store.getState().redeem();
    expect(host.made.size).toBe(1);
    const st = store.getState();
    expect(st.last?.result.redemptionId).toBe(41);
    expect(st.last?.lines).toEqual([{ itemId: 1, quantity: 1, name: 'Cappuccino' }]);
    expect(st.redeemError).toMatch(/^That sale had already gone through \(1× Cappuccino\)\. The changes since were not rung up/);
    expect(st.cart.lines).toHaveLength(0);
  });

  it('a top-up refused because the disk failed as it was written is asked again as the same request: one pack', async () => {
    // an fsync that fails answers DATABASE, yet the write can be in the ledger after a restart
    const host = idempotentHost(() => ({ ...pass, balance: '15' }));
    let failNext = true;
    handlers['passes.topUp'] = (body) => {
      const r = host.handler(body) as { status: number; body: unknown };
      if (!failNext) return r;
      failNext = false;
      return { status: 500, body: { code: 'DATABASE', message: 'The disk could not be written, so this may not have been saved.', details: { sqlite: 'SQLITE_IOERR_FSYNC' } } };
    };
    const store = await openStore();
    expect(await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' })).toBe('The disk could not be written, so this may or may not have gone through. Check the disk (or the drive the data is on), then try again: the same request is never charged twice.');
    expect(await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' })).toBeNull();
    expect(host.made.size).toBe(1);
    const ids = calls.filter((c) => c.method === 'passes.topUp').map((c) => c.body.clientId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBe(ids[0]);
  });

  it('a top-up asked again after a lost answer, from the dialog opened anew, is the same request: one pack', async () => {
    const host = idempotentHost(() => ({ ...pass, balance: '15' }));
    handlers['passes.topUp'] = host.handler;
    handlers['customers.get'] = () => ({ status: 200, body: detail(String(5 * (host.made.size + 2))) });
    const store = await openStore();
    host.loseNextAnswer();
    expect(await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' })).toMatch(/may or may not have gone through/);
    expect(store.getState().customer?.passes[0]?.balance).toBe('15'); // read back at once: the screen shows the pack
    expect(await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' })).toBeNull();
    expect(host.made.size).toBe(1);
    // answered: the next pack is a new sale
    expect(await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' })).toBeNull();
    expect(host.made.size).toBe(2);
    // asked again with another payment method after a lost answer: refused, never a second pack
    host.loseNextAnswer();
    await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' });
    expect(await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'card' })).toMatch(/already sent with different contents/);
    expect(host.made.size).toBe(3);
  });

  it('a redemption answered after the cashier reopened the same customer shows the ledger’s balance, and says it went through', async () => {
    let release!: () => void;
    handlers['counter.redeem'] = () => new Promise((r) => { release = () => r({ status: 200, body: redeemed('10', '8') }); });
    const store = await openStore();
    store.getState().addItem(1);
    const redeeming = store.getState().redeem();
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    store.getState().closeCustomer(); // Esc, then the same card again
    handlers['customers.byCode'] = () => ({ status: 200, body: detail('10') });
    store.getState().setQuery('K7MX2QPA');
    await store.getState().submitSearch();
    handlers['customers.get'] = () => ({ status: 200, body: detail('8') });
    release();
    await redeeming;
    expect(store.getState().customer?.passes[0]?.balance).toBe('8');
    expect(store.getState().elsewhere).toBe('Ana’s redemption went through: 10 drinks → 8 drinks. Alt+U undoes it while the window is open.');
  });

  it('selling a pass to the next customer while a redemption is on its way leaves the counter usable', async () => {
    let release!: () => void;
    handlers['counter.redeem'] = () => new Promise((r) => { release = () => r({ status: 200, body: redeemed('10', '9') }); });
    const nina = { ...detail(), customer: { ...detail().customer, id: 2, code: 'NINA0002', name: 'Nina' }, passes: [{ ...pass, id: 8, customerId: 2, customerName: 'Nina' }] };
    handlers['customers.create'] = () => ({ status: 200, body: nina.customer });
    handlers['passes.sell'] = () => ({ status: 200, body: nina.passes[0] });
    handlers['customers.get'] = (b) => ({ status: 200, body: b.id === 2 ? nina : detail('9') });
    const store = await openStore();
    store.getState().addItem(1);
    const redeeming = store.getState().redeem();
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    expect(await store.getState().sellPass({ newCustomer: { name: 'Nina' }, planId: 1, paymentMethod: 'cash' })).toBeNull();
    expect(store.getState().customer?.customer.name).toBe('Nina');
    expect(store.getState().redeeming).toBe(false);
    release();
    await redeeming;
    expect(store.getState().redeeming).toBe(false);
    store.getState().addItem(1);
    expect(store.getState().cart.lines).toHaveLength(1); // items can be rung up for Nina
  });

  it('a top-up answered after the cashier opened the next customer is said to be the first customer\'s, and leaves the next one alone', async () => {
    let release!: () => void;
    const bought = { name: 'Top-up 5', credits: '5', paid: '10.00', paymentMethod: 'cash', periods: 1, lotId: 4, expiresAt: null };
    handlers['passes.topUp'] = () => new Promise((r) => { release = () => r({ status: 200, body: { ...pass, balance: '15', bought } }); });
    const nina = { ...detail(), customer: { ...detail().customer, id: 2, code: 'NINA0002', name: 'Nina' }, passes: [{ ...pass, id: 8, customerId: 2, customerName: 'Nina' }] };
    const store = await openStore();
    const topping = store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' });
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    handlers['customers.byCode'] = () => ({ status: 200, body: nina });
    handlers['customers.get'] = () => ({ status: 200, body: nina });
    store.getState().closeCustomer();
    store.getState().setQuery('NINA0002');
    await store.getState().submitSearch();
    store.getState().addItem(1);
    store.getState().openDialog({ kind: 'card' });
    release();
    expect(await topping).toBeNull();
    const s = store.getState();
    expect(s.customer?.customer.name).toBe('Nina');
    expect(s.confirmation).toBeNull();
    expect(s.lastPurchase).toBeNull();
    expect(s.dialog).toEqual({ kind: 'card' });
    expect(s.cart.lines).toEqual([{ itemId: 1, quantity: 1 }]);
    expect(s.notice).toBe('Top-up added to Ana’s pass. Open Ana to see it.');
  });

  it('a top-up or a new pass for the same customer clears the refusal and keeps the cart', async () => {
    handlers['counter.redeem'] = () => ({ status: 422, body: { code: 'INSUFFICIENT_CREDITS', message: 'Not enough drinks: has 1, needs 2.', details: { has: '1', needs: '2', overagePolicy: 'block' } } });
    handlers['passes.topUp'] = () => ({ status: 200, body: pass });
    handlers['passes.sell'] = () => ({ status: 200, body: { ...pass, id: 9 } });
    const store = await openStore();
    store.getState().addItem(1);
    store.getState().addItem(1);
    await store.getState().redeem();
    expect(store.getState().redeemError).toMatch(/has 1, needs 2/);
    await store.getState().topUp({ passId: 7, packId: 3, paymentMethod: 'cash' });
    expect(store.getState().redeemError).toBeNull();
    expect(store.getState().overage).toBeNull();
    await store.getState().redeem();
    await store.getState().sellPass({ customerId: 1, planId: 1, paymentMethod: 'cash' });
    expect(store.getState().redeemError).toBeNull();
    expect(store.getState().cart.lines).toEqual([{ itemId: 1, quantity: 2 }]);
  });

  it('typing on (or Esc) while a card is opening drops that answer; a stray space is not a search', async () => {
    let release!: () => void;
    handlers['customers.byCode'] = () => new Promise((r) => { release = () => r({ status: 200, body: detail() }); });
    const { useCounter } = await import('./counter');
    useCounter.getState().setQuery('K7MX2QPA');
    const opening = useCounter.getState().submitSearch();
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    useCounter.getState().setQuery('B');
    useCounter.getState().setQuery('Bo');
    release();
    await opening;
    expect(useCounter.getState().customer).toBeNull();
    expect(useCounter.getState().query).toBe('Bo');
    useCounter.getState().setQuery(' ');
    expect(useCounter.getState().query).toBe('');
  });

  it('the highlight stays on the customer it was on when a fresher list arrives', async () => {
    const row = (id: number, name: string) => ({ id, name, phone: null, code: `C${id}`, balance: '1', passId: id });
    let release: (() => void) | null = null;
    handlers['customers.search'] = (b) => b.query === 'an'
      ? { status: 200, body: { customers: [row(1, 'Anna Diaz'), row(2, 'Ann Carter')] } }
      : new Promise((r) => { release = () => r({ status: 200, body: { customers: [row(2, 'Ann Carter'), row(1, 'Anna Diaz')] } }); });
    const { useCounter } = await import('./counter');
    useCounter.getState().setQuery('an');
    await vi.waitFor(() => expect(useCounter.getState().results).toHaveLength(2));
    useCounter.getState().setQuery('ann'); // its answer is slow; the list for "an" is still on screen
    await vi.waitFor(() => expect(release).toBeTypeOf('function'));
    useCounter.getState().moveHighlight(1);
    useCounter.getState().moveHighlight(1);
    expect(useCounter.getState().results[useCounter.getState().highlight]?.name).toBe('Ann Carter');
    release!();
    await vi.waitFor(() => expect(useCounter.getState().results[0]?.name).toBe('Ann Carter'));
    expect(useCounter.getState().highlight).toBe(0); // still Ann Carter, now first
  });

  it('the receipt after an undo from the next customer’s screen says what the pass holds after the undo', async () => {
    handlers['counter.redeem'] = () => ({ status: 200, body: redeemed('10', '9') });
    handlers['counter.undo'] = () => ({ status: 200, body: { kind: 'undo', redemptionId: 3, passId: 7, creditsRestored: '1', revenueReversed: '2.00', balanceAfter: '10', lotsRestored: [], overageReversed: null, moneyBack: [], accountCleared: '0.00' } });
    const lotsAfter = [{ lotId: 1, source: 'sale', remaining: '10', expiresAt: null, costBasis: '2.00' }];
    handlers['passes.get'] = () => ({ status: 200, body: { ...pass, balance: '10', lots: lotsAfter } });
    const store = await openStore();
    store.getState().addItem(1);
    await store.getState().redeem();
    store.getState().closeCustomer();
    await store.getState().undoLast();
    expect(store.getState().last?.undone).toBe(true);
    expect(store.getState().last?.lots).toEqual(lotsAfter);
  });

  it('Alt+U with another customer open undoes nothing and says whose redemption it was', async () => {
    handlers['counter.redeem'] = () => ({ status: 200, body: redeemed('10', '9') });
    const sam = { ...detail(), customer: { ...detail().customer, id: 2, code: 'SAMCARD2', name: 'Sam' }, passes: [{ ...pass, id: 8, customerId: 2, customerName: 'Sam' }] };
    const store = await openStore();
    store.getState().addItem(1);
    await store.getState().redeem();
    store.getState().closeCustomer();
    handlers['customers.byCode'] = () => ({ status: 200, body: sam });
    store.getState().setQuery('SAMCARD2');
    await store.getState().submitSearch();
    await store.getState().undoLast();
    expect(calls.some((c) => c.method === 'counter.undo')).toBe(false);
    expect(store.getState().elsewhere).toBe('The last redemption was Ana’s: open Ana to undo it.');
  });
});
