// One person as two customers, merged by the owner in one step: the duplicate's credits arrive on the kept customer's
// pass with their ends and paid value, overage owed moves with them, the duplicate's passes are cancelled at $0.00, the
// old card opens the kept customer, searches list them once, the history says it with both names, the books still
// balance; a retry writes nothing, and every refusal says why and writes nothing.
import { describe, expect, it } from 'vitest';
import { codeOf, ownerSession, tempApp, type TestApp } from '../../test/support/tempApp';
import { ledgerViolations } from '../../test/support/seedChecks';
import { accountBalance, cid, ledgerCounts, scenario, unbalancedTransactions } from '../passes/scenario';

function shop() {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const hour = s.item('Desk hour', '1', '6.00', { usageUnit: 'hour', creditUnit: 'hour' });
  const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month', overagePolicy: 'allow' });
  const thirds = s.plan({ name: 'Thirds', credits: '3', price: '10', validity: 'none' });
  return { app, s, capp, hour, plan, thirds };
}
const DEFERRED = 'liabilities:deferred-revenue';
const RECEIVABLE = 'assets:receivable:overage';
const sound = (app: TestApp) => {
  expect(unbalancedTransactions(app.db)).toEqual([]);
  expect(ledgerViolations(app, app.clockControl.now().getTime())).toEqual([]);
};
const merge = (app: TestApp, id: number, intoId: number, clientId = cid(), reason = 'Same person, second card') =>
  app.call('customers.merge', { clientId, id, intoId, reason }, app.owner);
/** A refused merge: its error, after checking it wrote nothing. */
const refusal = (app: TestApp, id: number, intoId: number) => {
  const before = ledgerCounts(app.db);
  const r = app.dispatch('customers.merge', { clientId: cid(), id, intoId, reason: 'Same person' }, app.owner);
  if (r.ok) throw new Error('merged');
  expect(ledgerCounts(app.db)).toEqual(before);
  return r.error as { code: string; message: string; details?: Record<string, unknown> };
};

describe('customers.merge', () => {
  it('moves the duplicate\'s credits with their end and paid value, cancels their pass at $0.00, and moves no money', () => {
    const { app, s, capp, plan } = shop();
    const anna = s.customer('Anna Lee', '+1 212 555 0143');
    const dup = s.customer('Anna L.');
    const kept = s.sell(anna, plan, 'card');
    const second = s.sell(dup, plan, 'cash');
    s.redeem(second, [[capp, '19']]);
    const cash = accountBalance(app.db, 'assets:cash') + accountBalance(app.db, 'assets:card');
    const revenue = accountBalance(app.db, 'revenue:redemptions');
    const dupLot = app.call('owner.lots', { passId: second }, app.owner).lots[0]!;

    const id = cid();
    const m = merge(app, dup, anna, id);
    expect(m).toMatchObject({
      duplicate: { id: dup, name: 'Anna L.' }, kept: { id: anna, name: 'Anna Lee' },
      moved: [{ fromPassId: second, toPassId: kept, credits: '6', value: '12.00' }], overageMoved: [], cancelledPassIds: [second],
    });
    // the kept pass holds the 6 with the duplicate lot's end and cost basis; the duplicate's pass is cancelled, empty
    const to = app.call('passes.get', { passId: kept });
    expect(to.balance).toBe('31');
    expect(to.lots.find((l) => l.source === 'adjustment')).toMatchObject({ amount: '6', remaining: '6', costBasis: '2.00', expiresAt: dupLot.expiresAt });
    expect(app.call('passes.get', { passId: second })).toMatchObject({ status: 'cancelled', balance: '0' });
    expect(accountBalance(app.db, DEFERRED, second)).toBe(0);
    expect(accountBalance(app.db, DEFERRED, kept)).toBe(-(5000 + 1200));
    // no money came in or went out, and no revenue was made by the move
    expect(accountBalance(app.db, 'assets:cash') + accountBalance(app.db, 'assets:card')).toBe(cash);
    expect(accountBalance(app.db, 'revenue:redemptions')).toBe(revenue);
    expect(app.db.prepare("SELECT count(*) AS n FROM payments WHERE kind = 'refund'").get()).toEqual({ n: 0 });
    sound(app);

    // a retry answers the same and writes nothing; the same id with another request is a CONFLICT
    const counts = ledgerCounts(app.db);
    expect(merge(app, dup, anna, id)).toEqual(m);
    expect(codeOf(app, 'customers.merge', { clientId: id, id: dup, intoId: anna, reason: 'Another reason' }, app.owner)).toBe('CONFLICT');
    expect(ledgerCounts(app.db)).toEqual(counts);
  });

  it('the duplicate\'s card opens the kept customer, saying whose card it was; searches and the owner\'s list show one person', () => {
    const { app, s, plan } = shop();
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna Leigh', '+1 646 555 9876');
    s.sell(anna, plan);
    const dupCode = app.call('customers.get', { id: dup }).customer.code;
    merge(app, dup, anna);

    const scanned = app.call('customers.byCode', { code: dupCode.toLowerCase() });
    expect(scanned.customer).toMatchObject({ id: anna, name: 'Anna Lee' });
    expect(scanned.scannedCard).toMatchObject({ id: dup, name: 'Anna Leigh', code: dupCode });
    expect(scanned.duplicates).toMatchObject([{ id: dup, name: 'Anna Leigh', code: dupCode }]);
    // by the kept customer's own card: no note
    expect(app.call('customers.byCode', { code: scanned.customer.code }).scannedCard).toBeNull();
    // the duplicate's name, phone or card find the kept customer, once
    for (const query of ['Anna', 'Leigh', '646 555 9876', dupCode]) {
      expect(app.call('customers.search', { query }).customers.map((c) => c.id), query).toEqual([anna]);
    }
    const list = app.call('owner.customers', { filter: 'all', sort: 'name', offset: 0, limit: 50, expiringDays: 14 }, app.owner);
    expect(list.rows.map((r) => r.id)).toEqual([anna]);
    expect(list.total).toBe(1);
    // the duplicate's own page says where they went; sales and edits to them are refused with the kept one's name
    expect(app.call('customers.get', { id: dup }).mergedInto).toMatchObject({ id: anna, name: 'Anna Lee', reason: 'Same person, second card' });
    const sell = app.dispatch('passes.sell', { clientId: cid(), customerId: dup, planId: plan, paymentMethod: 'cash' });
    expect(sell.ok ? null : sell.error).toMatchObject({ code: 'CONFLICT', message: 'Anna Leigh was merged into Anna Lee (the same person): use Anna Lee instead.' });
  });

  it('carries overage owed on account to the kept pass: owed once, settled there', () => {
    const { app, s, capp, plan } = shop();
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    const kept = s.sell(anna, plan);
    const second = s.sell(dup, plan);
    s.redeem(second, [[capp, '27']], { overageSettlement: 'account' }); // 2 over at $4.50: $9.00 on account
    expect(accountBalance(app.db, RECEIVABLE, second)).toBe(900);
    const m = merge(app, dup, anna);
    expect(m.overageMoved).toEqual([{ fromPassId: second, toPassId: kept, amount: '9.00' }]);
    expect(m.moved).toEqual([]); // nothing left to move
    expect(accountBalance(app.db, RECEIVABLE, second)).toBe(0);
    expect(accountBalance(app.db, RECEIVABLE, kept)).toBe(900);
    expect(accountBalance(app.db, RECEIVABLE)).toBe(900);
    const owing = app.call('owner.customers', { filter: 'owing', sort: 'name', offset: 0, limit: 50, expiringDays: 14 }, app.owner);
    expect(owing.rows.map((r) => [r.id, r.overageDue])).toEqual([[anna, '9.00']]);
    app.call('passes.settleOverage', { clientId: cid(), passId: kept, amount: '9.00', paymentMethod: 'cash' });
    expect(accountBalance(app.db, RECEIVABLE)).toBe(0);
    sound(app);
  });

  it('shows in the kept customer\'s history as a row with both names; the moved credits as a move with the reason', () => {
    const { app, s, plan } = shop();
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    s.sell(anna, plan);
    const second = s.sell(dup, plan);
    const dupCode = app.call('customers.get', { id: dup }).customer.code;
    merge(app, dup, anna);
    const h = app.call('owner.history', { customerId: anna, limit: 10, offset: 0 }, app.owner);
    const row = h.entries.find((e) => e.kind === 'merge')!;
    expect(row).toMatchObject({ passId: null, credits: '0', money: null, reason: 'Same person, second card', description: `Anna L. (card ${dupCode}) merged into Anna Lee: 25 drinks moved to Anna Lee's pass` });
    expect(h.entries.find((e) => e.kind === 'adjust')).toMatchObject({ description: 'Credits moved from another pass', credits: '25', reason: `Moved from pass ${second}: Customer merge: Same person, second card` });
    // the credits of the whole history still add up to the balance
    const sum = h.entries.reduce((n, e) => n + Number(e.credits), 0);
    expect(sum).toBe(50);
    // the kept pass's own history has it too (the customer's page shows a pass's history), and the duplicate's pass's
    const kept = app.call('customers.get', { id: anna }).passes[0]!.id;
    expect(app.call('owner.history', { customerId: anna, passId: kept, limit: 10, offset: 0 }, app.owner).entries[0]).toMatchObject({ kind: 'merge', passId: kept });
    expect(app.call('owner.history', { customerId: dup, passId: second, limit: 10, offset: 0 }, app.owner).entries[0]).toMatchObject({ kind: 'merge', passId: second });
    // the duplicate's history ends with the same row
    expect(app.call('owner.history', { customerId: dup, limit: 10, offset: 0 }, app.owner).entries[0]).toMatchObject({ kind: 'merge', description: row.description });
  });

  it('refuses, writing nothing: into themselves, into or from a forgotten customer, twice, into a merged one, across credit units, with no pass to receive', () => {
    const { app, s, hour, plan, thirds } = shop();
    const desks = s.plan({ name: 'Desk Pass', credits: '10', price: '60', validity: 'none', creditUnit: 'hour' });
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    const ben = s.customer('Ben');
    const gone = s.customer('Gone');
    s.sell(dup, thirds);
    app.call('customers.forget', { clientId: cid(), id: gone, reason: 'Asked' }, app.owner);

    expect(refusal(app, anna, anna)).toMatchObject({ code: 'VALIDATION', details: { field: 'intoId' } });
    expect(refusal(app, dup, gone)).toMatchObject({ code: 'CONFLICT', details: { reason: 'FORGOTTEN' } });
    expect(refusal(app, gone, anna)).toMatchObject({ code: 'CONFLICT', details: { reason: 'FORGOTTEN' } });
    expect(refusal(app, dup, 987654)).toMatchObject({ code: 'NOT_FOUND' });
    // Anna has no pass to take the 3 credits
    expect(refusal(app, dup, anna)).toMatchObject({
      code: 'CONFLICT', details: { reason: 'NO_PASS_TO_RECEIVE' },
      message: 'Anna L. cannot be merged into Anna Lee yet: Anna Lee has no open pass of drink credits to receive Anna L.\'s 3 drinks (sell Anna Lee a pass first, or merge the other way round).',
    });
    // a pass of hours does not take drinks
    s.sell(anna, desks);
    expect(refusal(app, dup, anna)).toMatchObject({ code: 'CONFLICT', details: { reason: 'NO_PASS_TO_RECEIVE' } });
    // with a pass of drinks it goes; then it cannot go again, and nobody merges into the duplicate
    s.sell(anna, plan);
    merge(app, dup, anna);
    expect(refusal(app, dup, anna)).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_MERGED' } });
    expect(refusal(app, ben, dup)).toMatchObject({ code: 'CONFLICT', details: { reason: 'ALREADY_MERGED', mergedInto: anna }, message: expect.stringContaining('merge into Anna Lee instead') });
    void hour;
    sound(app);
  });

  it('refuses a pass with periods still to come (that money is not credits to move) and overage owed on an ended pass', () => {
    const { app, s, capp, plan } = shop();
    const twoMonths = s.plan({ name: 'Two months', credits: '10', price: '30', validity: 'month', periods: 2, overagePolicy: 'allow' });
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    s.sell(anna, plan);
    const two = s.sell(dup, twoMonths);
    expect(refusal(app, dup, anna)).toMatchObject({ code: 'CONFLICT', details: { reason: 'PERIODS_TO_COME', problems: [{ reason: 'PERIODS_TO_COME', passId: two }] } });
    // a one-month pass that ended owing $4.50
    const other = s.customer('Ben B.');
    const ended = s.sell(other, s.plan({ name: 'Week', credits: '1', price: '2', validity: 'week', overagePolicy: 'allow' }));
    s.redeem(ended, [[capp, '2']], { overageSettlement: 'account' });
    app.clockControl.advance(9 * 86_400_000);
    Object.assign(app.owner, ownerSession(app, '2468')); // the owner's session has run out in nine days
    const ben = s.customer('Ben');
    s.sell(ben, plan);
    expect(refusal(app, other, ben)).toMatchObject({ code: 'CONFLICT', details: { reason: 'OWED_ON_CLOSED_PASS' }, message: expect.stringContaining('$4.50 of overage is still owed') });
    sound(app);
  });

  it('refuses to void a redemption on a pass of the duplicate that had ended: its credits would come back where no one can use them', () => {
    const { app, s, capp, plan } = shop();
    const week = s.plan({ name: 'Week', credits: '2', price: '4', validity: 'week' });
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    const ended = s.sell(dup, week);
    const r = s.redeem(ended, [[capp, '2']]);
    app.clockControl.advance(9 * 86_400_000);
    Object.assign(app.owner, ownerSession(app, '2468'));
    s.sell(anna, plan);
    const m = merge(app, dup, anna);
    expect(m.cancelledPassIds).toEqual([]); // an ended pass is left as it is
    const before = ledgerCounts(app.db);
    const v = app.dispatch('redemptions.void', { clientId: cid(), redemptionId: r.redemptionId, reason: 'Rung up twice' }, app.owner);
    expect(v.ok ? v.value : v.error).toMatchObject({ code: 'CONFLICT', details: { reason: 'MERGED', mergedInto: anna }, message: expect.stringContaining('Add them to Anna Lee\'s pass with an adjustment instead') });
    expect(ledgerCounts(app.db)).toEqual(before);
    // no credits came back onto a pass that the counter never opens again
    expect(app.call('passes.get', { passId: ended })).toMatchObject({ status: 'ended', balance: '0' });
    sound(app);
  });

  it('a sale the counter undoes after a merge moved overage owed onto its pass is refused: it would hand back less than it took', () => {
    const { app, s, capp, plan } = shop();
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    const owing = s.sell(dup, plan);
    s.redeem(owing, [[capp, '27']], { overageSettlement: 'account' }); // $9.00 on account, no credits left
    const kept = s.sell(anna, plan, 'cash'); // just rung up
    merge(app, dup, anna);
    const lot = app.call('owner.lots', { passId: kept }, app.owner).lots[0]!;
    const before = ledgerCounts(app.db);
    const r = app.dispatch('passes.undoPurchase', { clientId: cid(), passId: kept, lotId: lot.id });
    expect(r.ok ? r.value : r.error).toMatchObject({ code: 'UNDO_WINDOW_PASSED', details: { reason: 'USED' } });
    expect(ledgerCounts(app.db)).toEqual(before);
    expect(accountBalance(app.db, RECEIVABLE, kept)).toBe(900);
    sound(app);
  });

  it('merges a pass past its term kept open by a top-up\'s credits: moved, it has ended, and is left ended rather than refusing the merge', () => {
    const { app, s, plan } = shop();
    const day = s.plan({ name: 'Day pass', credits: '3', price: '6', validity: 'day' });
    const pack = s.plan({ name: 'Two more', kind: 'topup', credits: '2', price: '5', validity: 'days', validityDays: 7 });
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    const p = s.sell(dup, day);
    app.call('passes.topUp', { clientId: cid(), passId: p, packId: pack, paymentMethod: 'cash' });
    app.clockControl.advance(2 * 86_400_000); // the day is over; the top-up's 2 credits run 5 days more
    Object.assign(app.owner, ownerSession(app, '2468'));
    const kept = s.sell(anna, plan);
    expect(app.call('passes.get', { passId: p })).toMatchObject({ status: 'active', balance: '2' });
    const m = merge(app, dup, anna);
    expect(m).toMatchObject({ moved: [{ fromPassId: p, toPassId: kept, credits: '2', value: '5.00' }], cancelledPassIds: [] });
    expect(app.call('passes.get', { passId: p })).toMatchObject({ status: 'ended', balance: '0' });
    expect(app.call('passes.get', { passId: kept }).balance).toBe('27');
    expect(accountBalance(app.db, DEFERRED, p)).toBe(0);
    sound(app);
  });

  it('a customer with no passes merges into anyone: only the record goes', () => {
    const { app, s } = shop();
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    const m = merge(app, dup, anna);
    expect(m).toMatchObject({ moved: [], overageMoved: [], cancelledPassIds: [] });
    expect(app.call('owner.history', { customerId: anna, limit: 10, offset: 0 }, app.owner).entries.map((e) => e.description))
      .toEqual([expect.stringMatching(/^Anna L\. \(card \w+\) merged into Anna Lee$/)]);
    sound(app);
  });

  it('a balance brought over on the duplicate\'s card goes to the kept customer', () => {
    const { app, s } = shop();
    s.plan({ name: 'Old Card', credits: '10', price: '20', validity: 'none' });
    const anna = s.customer('Anna Lee');
    const dup = s.customer('Anna L.');
    const dupCode = app.call('customers.get', { id: dup }).customer.code;
    merge(app, dup, anna);
    const r = app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: `Card,Customer,Plan,Credits,Paid\n${dupCode},Anna L.,Old Card,4,8.00\n` }, app.owner);
    const passId = (r as { ids: number[] }).ids[0]!;
    expect(app.call('passes.get', { passId })).toMatchObject({ customerId: anna, balance: '4' });
    sound(app);
  });

  it('forgetting the kept customer forgets the duplicate merged into them too: the same person\'s other record', () => {
    const { app, s } = shop();
    const anna = s.customer('Anna Lee', '+1 212 555 0143');
    const dup = s.customer('Anna L.', '+1 646 555 9876');
    const id = cid();
    merge(app, dup, anna, id);
    app.call('customers.forget', { clientId: cid(), id: anna, reason: 'Asked by email' }, app.owner);
    expect(app.call('customers.get', { id: dup }).customer).toMatchObject({ name: 'Forgotten customer', phone: null });
    expect(app.call('customers.search', { query: '9876' }).customers).toEqual([]);
    // the merge's stored answer names neither any more; its retry answers the redacted answer
    const again = merge(app, dup, anna, id);
    expect([again.duplicate.name, again.kept.name]).toEqual(['Forgotten customer', 'Forgotten customer']);
    expect(app.call('owner.history', { customerId: anna, limit: 5, offset: 0 }, app.owner).entries[0]!.description)
      .toMatch(/^Forgotten customer \(card \w+\) merged into Forgotten customer$/);
    sound(app);
  });
});
