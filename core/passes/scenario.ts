// Test scenarios: a few lines to get an item, a plan, a customer and a pass through the real contract.
// Used by the ledger's tests (and handy for the property, crash and bench suites built on top).
import type { InputOf, OutputOf } from '../contract';
import type { PassbookApp } from '../app';
import type { CallerState } from '../api/dispatch';
import type { Db } from '../db/open';

let n = 0;
/** A fresh UUID-shaped client id (unique per process). */
export function cid(): string {
  n += 1;
  const hex = (Date.now().toString(16).padStart(12, '0') + n.toString(16).padStart(12, '0') + Math.random().toString(16).slice(2, 10)).slice(0, 32).padEnd(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface Scenario {
  app: PassbookApp;
  owner: CallerState;
  item(name: string, rate: string, cashPrice?: string, extra?: Partial<InputOf<'items.save'>>): number;
  plan(input: Partial<InputOf<'plans.save'>> & { credits: string; price: string }): number;
  customer(name?: string, phone?: string): number;
  sell(customerId: number, planId: number, paymentMethod?: 'cash' | 'card' | 'other'): number;
  redeem(passId: number, items: [number, string][], extra?: Partial<InputOf<'counter.redeem'>>): OutputOf<'counter.redeem'>;
  balance(passId: number): string;
}

export function scenario(app: PassbookApp, owner: CallerState): Scenario {
  return {
    app, owner,
    item: (name, rate, cashPrice = '0', extra = {}) =>
      app.call('items.save', { clientId: cid(), name, usageUnit: extra.usageUnit ?? 'unit', rate, cashPrice, ...extra }, owner).id,
    plan: (input) => app.call('plans.save', { clientId: cid(), name: input.name ?? 'Plan', ...input }, owner).id,
    customer: (name = 'Anna', phone) => app.call('customers.create', { clientId: cid(), name, ...(phone ? { phone } : {}) }).id,
    sell: (customerId, planId, paymentMethod = 'cash') => app.call('passes.sell', { clientId: cid(), customerId, planId, paymentMethod }).id,
    redeem: (passId, items, extra = {}) =>
      app.call('counter.redeem', { clientId: cid(), passId, items: items.map(([itemId, quantity]) => ({ itemId, quantity })), ...extra }),
    balance: (passId) => app.call('passes.get', { passId }).balance,
  };
}

/** Every journal transaction's lines sum to zero: returns the ids of those that do not. */
export function unbalancedTransactions(db: Db): number[] {
  return (db.prepare('SELECT tx_id FROM journal_lines GROUP BY tx_id HAVING sum(amount_minor) != 0').all() as { tx_id: number }[]).map((r) => r.tx_id);
}

/** Balance of an account (Σ signed minor units), optionally for one pass. */
export function accountBalance(db: Db, account: string, passId?: number): number {
  const r = passId === undefined
    ? db.prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE account = ?').get(account)
    : db.prepare('SELECT coalesce(sum(amount_minor), 0) AS n FROM journal_lines WHERE account = ? AND pass_id = ?').get(account, passId);
  return (r as { n: number }).n;
}

/** Row counts of every ledger table (to show that a failed or replayed call wrote nothing). */
export function ledgerCounts(db: Db): Record<string, number> {
  const tables = ['passes', 'lots', 'lot_entries', 'redemptions', 'redemption_lines', 'corrections', 'payments', 'journal_tx', 'journal_lines', 'operations',
    'cash_sales', 'cash_sale_lines', 'cash_sale_reversals', 'payment_method_changes', 'customer_merges'];
  return Object.fromEntries(tables.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));
}
