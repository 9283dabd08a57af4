// Sales without a pass: exact lines at the cash price, revenue at once, the till's figures; undone at the counter
// inside the window, voided by the owner later; bad input refused with nothing written.
import { describe, expect, it } from 'vitest';
import { codeOf, ownerSession, tempApp } from '../../test/support/tempApp';
import { ledgerViolations } from '../../test/support/seedChecks';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from '../passes/scenario';

function shop() {
  const app = tempApp(); // New York, clock at 2026-03-01 10:00 local
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const beans = s.item('Beans by weight', '1', '2.25', { usageUnit: '100 g' });
  const water = s.item('Tap water', '1', '0');
  return { app, s, capp, beans, water };
}
const day = (app: ReturnType<typeof tempApp>, date = '2026-03-01') => app.call('reports.daily', { from: date, to: date }, app.owner).totals;

describe('counter.cashSale', () => {
  it('charges quantity × cash price per line, rounded once half up, and books it as revenue at once', () => {
    const { app, capp, beans, water } = shop();
    const id = cid();
    const sale = app.call('counter.cashSale', { clientId: id, items: [{ itemId: capp, quantity: '2' }, { itemId: beans, quantity: '0.5' }, { itemId: water, quantity: '1' }], paymentMethod: 'card' });
    expect(sale).toMatchObject({
      total: '10.13', paymentMethod: 'card', at: '2026-03-01T15:00:00.000Z', undoUntil: '2026-03-01T15:02:00.000Z', reversed: null,
      lines: [
        { itemId: capp, name: 'Cappuccino', quantity: '2', price: '4.50', amount: '9.00' },
        { itemId: beans, name: 'Beans by weight', quantity: '0.5', price: '2.25', amount: '1.13' }, // 1.125 → 1.13
        { itemId: water, name: 'Tap water', quantity: '1', price: '0.00', amount: '0.00' },
      ],
    });
    expect(accountBalance(app.db, 'assets:card')).toBe(1013);
    expect(accountBalance(app.db, 'revenue:cash-sales')).toBe(-1013);
    expect(accountBalance(app.db, 'liabilities:deferred-revenue')).toBe(0);
    expect(unbalancedTransactions(app.db)).toEqual([]);
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
    expect(day(app)).toMatchObject({ cashSales: 1, cashSalesAmount: '10.13', cashSalesRevenue: '10.13', payments: '10.13', refunds: '0.00', sales: 0, till: { cash: '0.00', card: '10.13', other: '0.00' } });
    // a double tap: the first answer, nothing written twice
    const counts = ledgerCounts(app.db);
    expect(app.call('counter.cashSale', { clientId: id, items: [{ itemId: capp, quantity: '2' }, { itemId: beans, quantity: '0.5' }, { itemId: water, quantity: '1' }], paymentMethod: 'card' })).toEqual(sale);
    expect(ledgerCounts(app.db)).toEqual(counts);
    // the same id with another cart is a different request
    expect(codeOf(app, 'counter.cashSale', { clientId: id, items: [{ itemId: capp, quantity: '1' }], paymentMethod: 'card' })).toBe('CONFLICT');
  });

  it('refuses what it cannot charge, saying why, and writes nothing', () => {
    const { app, s, capp, beans, water } = shop();
    app.call('items.archive', { clientId: cid(), id: capp, archived: true }, app.owner);
    const piano = s.item('Grand piano', '1', '100000.00');
    const counts = ledgerCounts(app.db);
    const refusal = (items: unknown) => {
      const r = app.dispatch('counter.cashSale', { clientId: cid(), items, paymentMethod: 'cash' });
      return r.ok ? 'OK' : `${r.error.code}: ${r.error.message}`;
    };
    expect(refusal([{ itemId: water, quantity: '2' }])).toBe('VALIDATION: items: "Tap water" has no cash price, so there is nothing to charge; the owner sets cash prices under Plans & items.');
    expect(refusal([{ itemId: capp, quantity: '1' }])).toBe('VALIDATION: items.0.itemId: "Cappuccino" is archived.');
    // a priced item whose line rounds to nothing is not given away, alone or beside others (0.001 × $2.25 = $0.00225)
    expect(refusal([{ itemId: beans, quantity: '0.001' }])).toBe('VALIDATION: items.0.quantity: too small to charge anything for "Beans by weight".');
    expect(refusal([{ itemId: beans, quantity: '1' }, { itemId: beans, quantity: '0.001' }])).toBe('VALIDATION: items.1.quantity: too small to charge anything for "Beans by weight".');
    expect(refusal([{ itemId: 999, quantity: '1' }])).toBe('NOT_FOUND: There is no item 999.');
    for (const quantity of ['0', '-1', 'NaN', '1e309', '1234567890123456789012345', '', '0.0000001']) expect(refusal([{ itemId: water, quantity }]), quantity).toMatch(/^VALIDATION/);
    expect(refusal([])).toMatch(/^VALIDATION/);
    // a line beyond what Passbook stores is said on its field, checked before it becomes an integer: 999,999,999 ×
    // $100,000.00 is 10^16 cents, past 2^53, and was an INTERNAL error; two lines each within it may not pass it together
    expect(refusal([{ itemId: piano, quantity: '999999999' }])).toBe('VALIDATION: items.0.quantity: the amount is too large.');
    expect(refusal([{ itemId: piano, quantity: '600000' }, { itemId: piano, quantity: '600000' }])).toBe('VALIDATION: items: the total is too large for one sale.');
    expect(codeOf(app, 'counter.cashSale', { clientId: cid(), items: [{ itemId: water, quantity: '1' }], paymentMethod: 'cheque' })).toBe('VALIDATION');
    expect(ledgerCounts(app.db)).toEqual(counts);
  });
});

describe('undo and void of a sale without a pass', () => {
  it('undone inside the window: the money goes back the way it came, the day nets to nothing; once only', () => {
    const { app, capp } = shop();
    const sale = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '3' }], paymentMethod: 'cash' });
    app.clockControl.advance(90_000);
    const undone = app.call('counter.undoCashSale', { clientId: cid(), saleId: sale.saleId });
    expect(undone.reversed).toEqual({ kind: 'undo', at: '2026-03-01T15:01:30.000Z', reason: null });
    expect(accountBalance(app.db, 'assets:cash')).toBe(0);
    expect(accountBalance(app.db, 'revenue:cash-sales')).toBe(0);
    expect(day(app)).toMatchObject({ cashSales: 1, cashSalesAmount: '13.50', cashSalesRevenue: '0.00', payments: '13.50', refunds: '13.50', till: { cash: '0.00', card: '0.00', other: '0.00' } });
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
    const again = app.dispatch('counter.undoCashSale', { clientId: cid(), saleId: sale.saleId });
    expect(again.ok ? null : [again.error.code, again.error.message]).toEqual(['ALREADY_VOIDED', 'This sale was already undone.']);
    expect(codeOf(app, 'cashSales.void', { clientId: cid(), saleId: sale.saleId, reason: 'x' }, app.owner)).toBe('ALREADY_VOIDED');
    expect(codeOf(app, 'counter.undoCashSale', { clientId: cid(), saleId: 999 })).toBe('NOT_FOUND');
  });

  it('after the window the counter is refused and the owner voids it, with a reason, on the day of the void', () => {
    const { app, capp } = shop();
    const sale = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '1' }], paymentMethod: 'other' });
    app.clockControl.advance(120_001);
    const late = app.dispatch('counter.undoCashSale', { clientId: cid(), saleId: sale.saleId });
    expect(late.ok ? null : [late.error.code, late.error.message, late.error.details]).toEqual([
      'UNDO_WINDOW_PASSED', 'The undo window (120 s) has passed; the owner can void it.', { saleId: sale.saleId, reason: 'EXPIRED', undoUntil: '2026-03-01T15:02:00.000Z' },
    ]);
    expect(codeOf(app, 'cashSales.void', { clientId: cid(), saleId: sale.saleId, reason: 'Brought back cold' })).toBe('FORBIDDEN');
    app.clockControl.set('2026-03-02T14:00:00.000Z');
    app.owner = ownerSession(app, '2468');
    const voided = app.call('cashSales.void', { clientId: cid(), saleId: sale.saleId, reason: 'Brought back cold' }, app.owner);
    expect(voided.reversed).toEqual({ kind: 'void', at: '2026-03-02T14:00:00.000Z', reason: 'Brought back cold' });
    // the first day keeps its sale; the second carries the money paid back
    expect(day(app, '2026-03-01')).toMatchObject({ cashSales: 1, cashSalesRevenue: '4.50', till: { other: '4.50' } });
    expect(day(app, '2026-03-02')).toMatchObject({ cashSales: 0, cashSalesRevenue: '-4.50', refunds: '4.50', till: { other: '-4.50' } });
    expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
  });

  it('the owner lists a local day\'s sales, newest first, with their reversals', () => {
    const { app, capp } = shop();
    app.clockControl.set('2026-03-01T04:30:00.000Z'); // Feb 28, 23:30 in New York
    const before = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '1' }], paymentMethod: 'cash' });
    app.clockControl.set('2026-03-01T05:30:00.000Z'); // Mar 1, 00:30
    const a = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '1' }], paymentMethod: 'cash' });
    app.clockControl.advance(60_000);
    const b = app.call('counter.cashSale', { clientId: cid(), items: [{ itemId: capp, quantity: '2' }], paymentMethod: 'card' });
    app.call('counter.undoCashSale', { clientId: cid(), saleId: b.saleId });
    app.owner = ownerSession(app, '2468');
    const list = app.call('cashSales.list', { date: '2026-03-01' }, app.owner).sales;
    expect(list.map((x) => [x.saleId, x.total, x.reversed?.kind ?? null])).toEqual([[b.saleId, '9.00', 'undo'], [a.saleId, '4.50', null]]);
    expect(app.call('cashSales.list', { date: '2026-02-28' }, app.owner).sales.map((x) => x.saleId)).toEqual([before.saleId]);
    expect(codeOf(app, 'cashSales.list', { date: '2026-03-01' })).toBe('FORBIDDEN');
  });
});
