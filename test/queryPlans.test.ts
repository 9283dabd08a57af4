// The counter's and the owner's per-customer work must not read a growing table whole. A scan costs nothing in a
// test ledger and a few milliseconds per call at 100k passes, growing with every month's lots: the room check of
// each new lot once summed lot_balances by a scan (2.9 ms a sale at 100k passes; a holiday gift to 2,500 passes took
// 1.1 s, 0.17 s without it). Every statement these calls prepare is explained here: none may SCAN a ledger table.
// (Reports, exports and the month-end close read everything on purpose; they are not part of this scenario, except the
// shop's corrections of a week, which must read that week only.) A plan names a table by the alias the statement gives
// it, so aliases are resolved: before they were, "SCAN r" hid owner.history reading every redemption of the shop.
import { describe, expect, it } from 'vitest';
import { newId, ownerSession, tempApp } from './support/tempApp';
import { cachedStatements } from '../core/db/statements';
import type { Db } from '../core/db/open';

/** Tables that grow with the shop's use: a scan of one is a cost that grows with the ledger. */
const GROWING = ['customers', 'passes', 'pass_status', 'lots', 'lot_balances', 'lot_entries', 'redemptions', 'redemption_lines', 'corrections',
  'payments', 'journal_tx', 'journal_lines', 'operations', 'period_closes', 'lot_closes', 'cash_sales', 'cash_sale_lines', 'cash_sale_reversals',
  'card_replacements', 'backup_copies', 'customer_search', 'lot_extensions'];

/** The plan of a statement, its parameters bound to nulls (SQLite plans without their values). */
function planOf(db: Db, text: string): string[] {
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${text}`);
  // @name parameters, outside string literals ('revenue:redemptions' is an account, not a parameter)
  const named = [...new Set([...text.replace(/'[^']*'/g, '').matchAll(/[@:$]([A-Za-z_]\w*)/g)].map((m) => m[1]!))];
  for (let n = 0; n <= 64; n += 1) {
    try {
      const rows = (named.length > 0 ? stmt.all(Object.fromEntries(named.map((k) => [k, null]))) : stmt.all(...Array(n).fill(null))) as { detail: string }[];
      return rows.map((r) => r.detail);
    } catch (err) {
      if (named.length > 0 || !/parameter/i.test((err as Error).message)) throw err;
    }
  }
  throw new Error(`could not plan: ${text}`);
}

describe('query plans of the counter and the owner\'s per-customer work', () => {
  it('no statement scans a growing table', () => {
    // a ledger with some history, then reopened: the statements examined are only those the calls below prepare
    const first = tempApp({ start: '2026-03-02T15:00:00.000Z' });
    const o1 = first.owner;
    const plan = first.call('plans.save', { clientId: newId(), name: 'Coffee', credits: '10', price: '20', validity: 'month', bonusCredits: '1', overagePolicy: 'allow' }, o1);
    const pack = first.call('plans.save', { clientId: newId(), kind: 'topup', name: 'Five more', credits: '5', price: '10', validity: 'month' }, o1);
    const item = first.call('items.save', { clientId: newId(), name: 'Latte', usageUnit: 'drink', rate: '1', cashPrice: '4.50' }, o1);
    for (let i = 0; i < 5; i += 1) {
      const c = first.call('customers.create', { clientId: newId(), name: `Guest ${i}`, phone: `555 010${i}` });
      const p = first.call('passes.sell', { clientId: newId(), customerId: c.id, planId: plan.id, paymentMethod: 'cash' });
      first.call('counter.redeem', { clientId: newId(), passId: p.id, items: [{ itemId: item.id, quantity: '2' }] });
    }
    const file = first.file;
    first.close();

    const app = tempApp({ setup: false, file, start: '2026-03-03T15:00:00.000Z' });
    // every statement the calls prepare: through the cache (core/db/statements.ts sql) or directly
    const prepared = new Set<string>();
    const prepare = app.db.prepare.bind(app.db);
    app.db.prepare = ((text: string) => { prepared.add(text); return prepare(text); }) as typeof app.db.prepare;
    const owner = ownerSession(app, '2468');
    const ann = app.call('customers.create', { clientId: newId(), name: 'Ann Example', phone: '555 0199' });
    const bo = app.call('customers.create', { clientId: newId(), name: 'Bo Example' });
    app.call('customers.search', { query: 'Ann' });
    app.call('customers.search', { query: '0199' });
    const annDetail = app.call('customers.get', { id: ann.id });
    app.call('customers.byCode', { code: annDetail.customer.code });
    const pass = app.call('passes.sell', { clientId: newId(), customerId: ann.id, planId: plan.id, paymentMethod: 'card' });
    const other = app.call('passes.sell', { clientId: newId(), customerId: bo.id, planId: plan.id, paymentMethod: 'cash' });
    const topped = app.call('passes.topUp', { clientId: newId(), passId: pass.id, packId: pack.id, paymentMethod: 'cash' });
    app.call('passes.get', { passId: pass.id });
    const r1 = app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: item.id, quantity: '1' }] });
    app.call('counter.undo', { clientId: newId(), redemptionId: r1.redemptionId });
    const r2 = app.call('counter.redeem', { clientId: newId(), customerId: ann.id, items: [{ itemId: item.id, quantity: '1.5' }] });
    app.call('counter.recent', { passId: pass.id });
    app.call('redemptions.void', { clientId: newId(), redemptionId: r2.redemptionId, reason: 'Rang twice' }, owner);
    app.call('passes.adjust', { clientId: newId(), passId: pass.id, credits: '2', reason: 'Machine down' }, owner);
    app.call('passes.givePromo', { clientId: newId(), passId: pass.id, credits: '1', reason: 'Birthday' }, owner);
    app.call('plans.gift', { clientId: newId(), planId: plan.id, credits: '1', reason: 'Holiday' }, owner);
    app.call('passes.transfer', { clientId: newId(), fromPassId: pass.id, toPassId: other.id, credits: '2', reason: 'For Bo' }, owner);
    app.call('passes.extend', { clientId: newId(), passId: pass.id, through: '2027-01-31', reason: 'Away' }, owner);
    app.call('passes.extendAllQuote', { endingFrom: '2027-01-01', endingThrough: '2027-02-28', through: '2027-03-15' }, owner);
    app.call('passes.extendAll', { clientId: newId(), endingFrom: '2027-01-01', endingThrough: '2027-02-28', through: '2027-03-15', reason: 'Closed' }, owner);
    app.call('passes.undoClosureQuote', {}, owner);
    app.call('passes.undoClosure', { clientId: newId(), reason: 'Wrong dates' }, owner);
    app.call('passes.undoExtensionQuote', { passId: pass.id }, owner);
    app.call('passes.undoExtension', { clientId: newId(), passId: pass.id, reason: 'Wrong day' }, owner);
    app.call('passes.refundTopUp', { clientId: newId(), passId: pass.id, lotId: topped.bought!.lotId, reason: 'Changed mind', paymentMethod: 'cash' }, owner);
    // some credits paid back, then a redemption before it refused (REFUNDED_SINCE) and one after it voided
    // (5: its four free credits (a bonus, the plan's gift, two moved free) go first, then one paid, from the lot the refund takes from)
    const r3 = app.call('counter.redeem', { clientId: newId(), passId: other.id, items: [{ itemId: item.id, quantity: '5' }] });
    app.call('passes.refundQuote', { passId: other.id, credits: '1' }, owner);
    app.call('passes.refundCredits', { clientId: newId(), passId: other.id, credits: '1', reason: 'Leaving', paymentMethod: 'card' }, owner);
    expect(app.dispatch('redemptions.void', { clientId: newId(), redemptionId: r3.redemptionId, reason: 'x' }, owner)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const r4 = app.call('counter.redeem', { clientId: newId(), passId: other.id, items: [{ itemId: item.id, quantity: '1' }] });
    app.call('redemptions.void', { clientId: newId(), redemptionId: r4.redemptionId, reason: 'x' }, owner);
    const again = app.call('passes.topUp', { clientId: newId(), passId: other.id, packId: pack.id, paymentMethod: 'card' });
    app.call('passes.undoPurchase', { clientId: newId(), passId: other.id, lotId: again.bought!.lotId });
    // overage on account, then settled
    app.call('counter.redeem', { clientId: newId(), passId: other.id, items: [{ itemId: item.id, quantity: '40' }], overageSettlement: 'account' });
    app.call('passes.settleOverage', { clientId: newId(), passId: other.id, amount: '1.00', paymentMethod: 'cash' });
    const sale = app.call('counter.cashSale', { clientId: newId(), items: [{ itemId: item.id, quantity: '1' }], paymentMethod: 'card' });
    app.call('counter.undoCashSale', { clientId: newId(), saleId: sale.saleId });
    app.call('customers.replaceCard', { clientId: newId(), id: bo.id, reason: 'lost' });
    app.call('owner.lots', { passId: pass.id }, owner);
    app.call('owner.history', { customerId: ann.id }, owner);
    // a customer's statement, its next page, and its CSV (per customer: the pass's own entries only)
    const st = app.call('statements.get', { customerId: ann.id, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', limit: 2 }, owner);
    if (st.passes[0]?.next) app.call('statements.entries', { customerId: ann.id, passId: st.passes[0].passId, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', after: st.passes[0].next, limit: 2 }, owner);
    // the shop's corrections of a week: each branch on its time index, however long the ledger
    app.call('reports.corrections', { from: '2026-03-01', to: '2026-03-07' }, owner);
    app.call('passes.refundQuote', { passId: pass.id }, owner);
    app.call('passes.refund', { clientId: newId(), passId: pass.id, reason: 'Moving away', paymentMethod: 'cash' }, owner);

    app.db.prepare = prepare;
    const statements = [...new Set([...prepared, ...cachedStatements(app.db)])];
    const scans: string[] = [];
    for (const text of statements) {
      // an INSERT … VALUES plans a scan of the tables whose foreign keys name the new row: SQLite runs it only while
      // deferred violations are pending (ours are immediate), never here
      if (/^\s*INSERT\b/i.test(text) && !/\bSELECT\b/i.test(text)) continue;
      // a plan names a table by its alias when the statement gives one ("SCAN x" for "lot_extensions x")
      const tables = new Map<string, string>();
      for (const [, table, alias] of text.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
        tables.set(table!, table!);
        if (alias && !/^(ON|WHERE|JOIN|LEFT|INNER|CROSS|USING|GROUP|ORDER|LIMIT|UNION|AS|NATURAL|WINDOW)$/i.test(alias)) tables.set(alias, table!);
      }
      for (const step of planOf(app.db, text)) {
        const m = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX \w+)?$/.exec(step);
        const table = m ? tables.get(m[1]!) ?? m[1]! : null;
        if (!m || !GROWING.includes(table!)) continue;
        // the closures' rows, all of them the subject of taking the last closure back (a partial index: a pass's own
        // extensions, and everything else in lot_extensions, are not in it)
        if (/USING INDEX lot_extensions_closures$/.test(step)) continue;
        // the newest row by its rowid: a scan from the end that stops at the first row
        if (new RegExp(`FROM ${table} ORDER BY id DESC LIMIT 1`).test(text)) continue;
        scans.push(`${step}\n    in: ${text.replace(/\s+/g, ' ').slice(0, 240)}`);
      }
    }
    console.log(`query plans: ${statements.length} statements explained`);
    expect(statements.length).toBeGreaterThan(80);
    expect(scans).toEqual([]);
  });
});
