// Bad input at every write method: each gets a clear error with a stable code, and the ledger FILE is
// byte-for-byte unchanged (WAL checkpointed first, then main file + WAL compared). Input that is odd but
// valid (emoji, SQL-looking text) is stored verbatim and comes back unchanged.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallerState } from '../core/api/dispatch';
import { fromTemplate, makeTemplate, ownerToken, removeDir, type Template } from './support/seedShop';
import { ledgerViolations } from './support/seedChecks';
import { newId, type TestApp } from './support/tempApp';

let template: Template;
let app: TestApp & { dir: string };
let ids: { customer: number; pass: number; allowPass: number; item: number; plan: number; pack: number; redemption: number };

function fileBytes(a: TestApp): { main: Buffer; wal: Buffer | null } {
  const wal = `${a.file}-wal`;
  return { main: fs.readFileSync(a.file), wal: fs.existsSync(wal) ? fs.readFileSync(wal) : null };
}

const HUGE = 'x'.repeat(10_000);
const BAD_AMOUNTS: Array<[string, unknown]> = [
  ['zero', '0'],
  ['negative', '-1'],
  ['minus zero', '-0'],
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['1e309', '1e309'],
  ['exponent', '1e3'],
  ['25 digits', '1234567890123456789012345'],
  ['20 digits', '99999999999999999999'],
  ['hex', '0x10'],
  ['empty', ''],
  ['blank', '   '],
  ['two points', '1.2.3'],
  ['a number, not a string', 5],
  ['a float number', 0.1],
  ['null', null],
  ['an object', { value: '1' }],
  ['an array', ['1']],
  ['10 kB', '9'.repeat(10_000)],
  ['letters', 'ten'],
  ['too many decimals', '1.0000001'],
];

interface Case { name: string; method: string; input: unknown; owner?: boolean; codes: string[]; not?: RegExp }

function cases(): Case[] {
  const c: Case[] = [];
  const V = ['VALIDATION'];
  for (const [label, q] of BAD_AMOUNTS) {
    c.push({ name: `redeem quantity ${label}`, method: 'counter.redeem', input: { clientId: newId(), passId: ids.pass, items: [{ itemId: ids.item, quantity: q }] }, codes: V });
    if (label !== 'negative') {
      c.push({ name: `adjust credits ${label}`, method: 'passes.adjust', owner: true, input: { clientId: newId(), passId: ids.pass, credits: q, reason: 'test' }, codes: V });
    }
    c.push({ name: `settle amount ${label}`, method: 'passes.settleOverage', input: { clientId: newId(), passId: ids.allowPass, amount: q, paymentMethod: 'cash' }, codes: V, not: /due/ });
    c.push({ name: `item rate ${label}`, method: 'items.save', owner: true, input: { clientId: newId(), name: 'Bad', usageUnit: 'drink', rate: q, cashPrice: '1.00' }, codes: V });
    c.push({ name: `plan credits ${label}`, method: 'plans.save', owner: true, input: { clientId: newId(), name: 'Bad', credits: q, price: '10' }, codes: V });
    if (label !== 'zero' && label !== 'minus zero') {
      c.push({ name: `plan price ${label}`, method: 'plans.save', owner: true, input: { clientId: newId(), name: 'Bad', credits: '10', price: q }, codes: V });
      c.push({ name: `item cash price ${label}`, method: 'items.save', owner: true, input: { clientId: newId(), name: 'Bad', usageUnit: 'drink', rate: '1', cashPrice: q }, codes: V });
    }
  }
  // money with more decimals than the currency has
  c.push({ name: 'settle 0.001 USD', method: 'passes.settleOverage', input: { clientId: newId(), passId: ids.allowPass, amount: '0.001', paymentMethod: 'cash' }, codes: V, not: /due/ });
  c.push({ name: 'plan price 10.005 USD', method: 'plans.save', owner: true, input: { clientId: newId(), name: 'Bad', credits: '10', price: '10.005' }, codes: V });
  // magnitude: more credits / money than the ledger accepts
  c.push({ name: 'plan credits 1e15', method: 'plans.save', owner: true, input: { clientId: newId(), name: 'Big', credits: '1000000000000000', price: '1' }, codes: V });
  c.push({ name: 'plan price 1e14 dollars', method: 'plans.save', owner: true, input: { clientId: newId(), name: 'Big', credits: '1', price: '100000000000000' }, codes: V });
  c.push({ name: 'adjust -1e15 credits', method: 'passes.adjust', owner: true, input: { clientId: newId(), passId: ids.pass, credits: '-1000000000000000', reason: 'x' }, codes: V });
  c.push({ name: 'redeem 1e9 × 2.5 credits', method: 'counter.redeem', input: { clientId: newId(), passId: ids.pass, items: [{ itemId: ids.item, quantity: '999999999' }, { itemId: ids.item, quantity: '999999999' }] }, codes: ['VALIDATION', 'INSUFFICIENT_CREDITS'] });
  c.push({ name: 'redeem more than the balance (block)', method: 'counter.redeem', input: { clientId: newId(), passId: ids.pass, items: [{ itemId: ids.item, quantity: '1000' }] }, codes: ['INSUFFICIENT_CREDITS'] });
  // unknown ids
  const NF = ['NOT_FOUND'];
  c.push({ name: 'redeem unknown pass', method: 'counter.redeem', input: { clientId: newId(), passId: 987654, items: [{ itemId: ids.item, quantity: '1' }] }, codes: NF });
  c.push({ name: 'redeem unknown customer', method: 'counter.redeem', input: { clientId: newId(), customerId: 987654, items: [{ itemId: ids.item, quantity: '1' }] }, codes: NF });
  c.push({ name: 'redeem unknown item', method: 'counter.redeem', input: { clientId: newId(), passId: ids.pass, items: [{ itemId: 987654, quantity: '1' }] }, codes: NF });
  c.push({ name: 'sell unknown customer', method: 'passes.sell', input: { clientId: newId(), customerId: 987654, planId: ids.plan, paymentMethod: 'cash' }, codes: NF });
  c.push({ name: 'sell unknown plan', method: 'passes.sell', input: { clientId: newId(), customerId: ids.customer, planId: 987654, paymentMethod: 'cash' }, codes: NF });
  c.push({ name: 'sell a top-up pack as a plan', method: 'passes.sell', input: { clientId: newId(), customerId: ids.customer, planId: ids.pack, paymentMethod: 'cash' }, codes: ['VALIDATION', 'NOT_FOUND'] });
  c.push({ name: 'top up unknown pass', method: 'passes.topUp', input: { clientId: newId(), passId: 987654, packId: ids.pack, paymentMethod: 'cash' }, codes: NF });
  c.push({ name: 'top up unknown pack', method: 'passes.topUp', input: { clientId: newId(), passId: ids.pass, packId: 987654, paymentMethod: 'cash' }, codes: NF });
  c.push({ name: 'top up with a plan, not a pack', method: 'passes.topUp', input: { clientId: newId(), passId: ids.pass, packId: ids.plan, paymentMethod: 'cash' }, codes: ['VALIDATION', 'NOT_FOUND'] });
  c.push({ name: 'undo unknown redemption', method: 'counter.undo', input: { clientId: newId(), redemptionId: 987654 }, codes: NF });
  c.push({ name: 'void unknown redemption', method: 'redemptions.void', owner: true, input: { clientId: newId(), redemptionId: 987654, reason: 'x' }, codes: NF });
  c.push({ name: 'adjust unknown pass', method: 'passes.adjust', owner: true, input: { clientId: newId(), passId: 987654, credits: '1', reason: 'x' }, codes: NF });
  c.push({ name: 'refund unknown pass', method: 'passes.refund', owner: true, input: { clientId: newId(), passId: 987654, reason: 'x', paymentMethod: 'cash' }, codes: NF });
  c.push({ name: 'settle unknown pass', method: 'passes.settleOverage', input: { clientId: newId(), passId: 987654, amount: '1.00', paymentMethod: 'cash' }, codes: NF });
  c.push({ name: 'update unknown customer', method: 'customers.update', input: { clientId: newId(), id: 987654, name: 'X' }, codes: NF });
  c.push({ name: 'replace the card of an unknown customer', method: 'customers.replaceCard', input: { clientId: newId(), id: 987654, reason: 'lost' }, codes: NF });
  c.push({ name: 'archive unknown item', method: 'items.archive', owner: true, input: { clientId: newId(), id: 987654, archived: true }, codes: NF });
  c.push({ name: 'archive unknown plan', method: 'plans.archive', owner: true, input: { clientId: newId(), id: 987654, archived: true }, codes: NF });
  c.push({ name: 'edit unknown item', method: 'items.save', owner: true, input: { clientId: newId(), id: 987654, name: 'X', usageUnit: 'drink', rate: '1', cashPrice: '1' }, codes: NF });
  c.push({ name: 'edit unknown plan', method: 'plans.save', owner: true, input: { clientId: newId(), id: 987654, name: 'X', credits: '1', price: '1' }, codes: NF });
  c.push({ name: 'settle when nothing is due', method: 'passes.settleOverage', input: { clientId: newId(), passId: ids.pass, amount: '1.00', paymentMethod: 'cash' }, codes: V });
  // wrong types and shapes
  const wrong: Array<[string, string, unknown]> = [
    ['redeem passId as string', 'counter.redeem', { clientId: newId(), passId: String(ids.pass), items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem passId 1.5', 'counter.redeem', { clientId: newId(), passId: 1.5, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem passId -1', 'counter.redeem', { clientId: newId(), passId: -1, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem passId 2^60', 'counter.redeem', { clientId: newId(), passId: 2 ** 60, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem passId NaN', 'counter.redeem', { clientId: newId(), passId: Number.NaN, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem both pass and customer', 'counter.redeem', { clientId: newId(), passId: ids.pass, customerId: ids.customer, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem neither pass nor customer', 'counter.redeem', { clientId: newId(), items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem no items', 'counter.redeem', { clientId: newId(), passId: ids.pass, items: [] }],
    ['redeem items not an array', 'counter.redeem', { clientId: newId(), passId: ids.pass, items: { itemId: ids.item, quantity: '1' } }],
    ['redeem 51 lines', 'counter.redeem', { clientId: newId(), passId: ids.pass, items: Array.from({ length: 51 }, () => ({ itemId: ids.item, quantity: '0.01' })) }],
    ['redeem extra field', 'counter.redeem', { clientId: newId(), passId: ids.pass, items: [{ itemId: ids.item, quantity: '1' }], discount: '100%' }],
    ['redeem extra field in a line', 'counter.redeem', { clientId: newId(), passId: ids.pass, items: [{ itemId: ids.item, quantity: '1', rate: '0' }] }],
    ['redeem bad settlement', 'counter.redeem', { clientId: newId(), passId: ids.pass, items: [{ itemId: ids.item, quantity: '1' }], overageSettlement: 'never' }],
    ['redeem without clientId', 'counter.redeem', { passId: ids.pass, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem clientId not a ULID/UUID', 'counter.redeem', { clientId: "1'; DROP TABLE operations;--", passId: ids.pass, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem clientId 10 kB', 'counter.redeem', { clientId: HUGE, passId: ids.pass, items: [{ itemId: ids.item, quantity: '1' }] }],
    ['redeem input is an array', 'counter.redeem', [ids.pass]],
    ['redeem input is a string', 'counter.redeem', 'redeem one coffee'],
    ['redeem input is null', 'counter.redeem', null],
    ['sell bad payment method', 'passes.sell', { clientId: newId(), customerId: ids.customer, planId: ids.plan, paymentMethod: 'bitcoin' }],
    ['sell customerId as string', 'passes.sell', { clientId: newId(), customerId: `${ids.customer}`, planId: ids.plan, paymentMethod: 'cash' }],
    ['create customer 10 kB name', 'customers.create', { clientId: newId(), name: HUGE }],
    ['create customer empty name', 'customers.create', { clientId: newId(), name: '   ' }],
    ['create customer NUL in name', 'customers.create', { clientId: newId(), name: 'Ann\u0000a' }],
    ['create customer name as number', 'customers.create', { clientId: newId(), name: 42 }],
    ['create customer 10 kB notes', 'customers.create', { clientId: newId(), name: 'Ann', notes: HUGE }],
    ['create customer 10 kB phone', 'customers.create', { clientId: newId(), name: 'Ann', phone: HUGE }],
    ['update customer 10 kB name', 'customers.update', { clientId: newId(), id: ids.customer, name: HUGE }],
    ['replace card: 10 kB code', 'customers.replaceCard', { clientId: newId(), id: ids.customer, reason: 'lost', code: HUGE }],
    ['replace card: SQL-looking code', 'customers.replaceCard', { clientId: newId(), id: ids.customer, reason: 'lost', code: "X'; DROP TABLE customers;--" }],
    ['replace card: emoji code', 'customers.replaceCard', { clientId: newId(), id: ids.customer, reason: 'lost', code: '☕☕☕☕' }],
    ['replace card: unknown reason', 'customers.replaceCard', { clientId: newId(), id: ids.customer, reason: 'eaten by dog' }],
    ['replace card: reason as number', 'customers.replaceCard', { clientId: newId(), id: ids.customer, reason: 1 }],
    ['item 10 kB name', 'items.save', { clientId: newId(), name: HUGE, usageUnit: 'drink', rate: '1', cashPrice: '1' }],
    ['plan 10 kB name', 'plans.save', { clientId: newId(), name: HUGE, credits: '1', price: '1' }],
    ['plan bad validity', 'plans.save', { clientId: newId(), name: 'P', credits: '1', price: '1', validity: 'fortnight' }],
    ['plan periods 0', 'plans.save', { clientId: newId(), name: 'P', credits: '1', price: '1', periods: 0 }],
    ['plan days without validityDays', 'plans.save', { clientId: newId(), name: 'P', credits: '1', price: '1', validity: 'days' }],
    ['plan percent 101', 'plans.save', { clientId: newId(), name: 'P', credits: '1', price: '1', lowBalancePercent: '101' }],
    ['adjust 10 kB reason', 'passes.adjust', { clientId: newId(), passId: ids.pass, credits: '1', reason: HUGE }],
    ['adjust empty reason', 'passes.adjust', { clientId: newId(), passId: ids.pass, credits: '1', reason: '' }],
    ['void 10 kB reason', 'redemptions.void', { clientId: newId(), redemptionId: ids.redemption, reason: HUGE }],
    ['refund bad method', 'passes.refund', { clientId: newId(), passId: ids.pass, reason: 'x', paymentMethod: 'IOU' }],
    ['undo redemptionId as string', 'counter.undo', { clientId: newId(), redemptionId: `${ids.redemption}` }],
    ['extend through not a date', 'passes.extend', { clientId: newId(), passId: ids.pass, through: 'next Tuesday', reason: 'x' }],
    ['extend through 30 February', 'passes.extend', { clientId: newId(), passId: ids.pass, through: '2026-02-30', reason: 'x' }],
    ['extend through a number', 'passes.extend', { clientId: newId(), passId: ids.pass, through: 20260430, reason: 'x' }],
    ['extend through 10 kB', 'passes.extend', { clientId: newId(), passId: ids.pass, through: HUGE, reason: 'x' }],
    ['extend reason 10 kB', 'passes.extend', { clientId: newId(), passId: ids.pass, through: '2026-04-30', reason: HUGE }],
    ['closure window upside down', 'passes.extendAll', { clientId: newId(), endingFrom: '2026-04-10', endingThrough: '2026-04-01', through: '2026-05-01', reason: 'x' }],
    ['closure through not a date', 'passes.extendAll', { clientId: newId(), endingFrom: '2026-04-01', endingThrough: '2026-04-10', through: 'soon', reason: 'x' }],
    ['closure reason 10 kB', 'passes.extendAll', { clientId: newId(), endingFrom: '2026-04-01', endingThrough: '2026-04-10', through: '2026-05-01', reason: HUGE }],
    ['close asOf not a date', 'periods.close', { clientId: newId(), asOf: 'next Tuesday' }],
    ['close asOf a number', 'periods.close', { clientId: newId(), asOf: 1767225600000 }],
    ['close asOf in the future', 'periods.close', { clientId: newId(), asOf: '2099-01-01T00:00:00.000Z' }],
    ['close asOf 10 kB', 'periods.close', { clientId: newId(), asOf: HUGE }],
    ['shop undo window -1', 'shop.update', { clientId: newId(), undoWindowSeconds: -1 }],
    ['shop undo window as string', 'shop.update', { clientId: newId(), undoWindowSeconds: '120' }],
    ['shop currency lower case', 'shop.update', { clientId: newId(), currency: 'usd' }],
    ['shop currency unknown', 'shop.update', { clientId: newId(), currency: 'XYZ' }],
    ['shop time zone not IANA', 'shop.update', { clientId: newId(), timeZone: 'Mars/Olympus_Mons' }],
    ['shop name 10 kB', 'shop.update', { clientId: newId(), name: HUGE }],
  ];
  const ownerMethods = new Set(['items.save', 'plans.save', 'passes.adjust', 'passes.extend', 'passes.extendAll', 'redemptions.void', 'passes.refund', 'items.archive', 'plans.archive', 'periods.close', 'shop.update']);
  for (const [name, method, input] of wrong) c.push({ name, method, input, owner: ownerMethods.has(method), codes: V });
  // owner methods without the owner session
  c.push({ name: 'adjust without PIN', method: 'passes.adjust', input: { clientId: newId(), passId: ids.pass, credits: '100', reason: 'x' }, codes: ['FORBIDDEN'] });
  c.push({ name: 'void without PIN', method: 'redemptions.void', input: { clientId: newId(), redemptionId: ids.redemption, reason: 'x' }, codes: ['FORBIDDEN'] });
  c.push({ name: 'refund without PIN', method: 'passes.refund', input: { clientId: newId(), passId: ids.pass, reason: 'x', paymentMethod: 'cash' }, codes: ['FORBIDDEN'] });
  c.push({ name: 'extend without PIN', method: 'passes.extend', input: { clientId: newId(), passId: ids.pass, through: '2026-04-30', reason: 'x' }, codes: ['FORBIDDEN'] });
  c.push({ name: 'plan without PIN', method: 'plans.save', input: { clientId: newId(), name: 'Free', credits: '1000', price: '0' }, codes: ['FORBIDDEN'] });
  return c;
}

describe('bad input at the write methods', () => {
  beforeAll(() => {
    template = makeTemplate();
    app = fromTemplate(template);
    const o = app.owner;
    const customer = app.call('customers.create', { clientId: newId(), name: 'Anna Lee', phone: '+1 212 555 0143' });
    const block = template.catalog.plans.find((p) => p.overage === 'block' && p.name.startsWith('Coffee'))!;
    const allow = template.catalog.plans.find((p) => p.overage === 'allow')!;
    const pass = app.call('passes.sell', { clientId: newId(), customerId: customer.id, planId: block.id, paymentMethod: 'card' });
    const allowPass = app.call('passes.sell', { clientId: newId(), customerId: customer.id, planId: allow.id, paymentMethod: 'cash' });
    const item = template.catalog.items.find((i) => i.rate === '2.5')!;
    const red = app.call('counter.redeem', { clientId: newId(), passId: pass.id, items: [{ itemId: item.id, quantity: '1' }] });
    // the allow-overage pass owes on account, so a settlement with a good amount would be taken: the bad amounts sent
    // to it are refused for the amount itself, not because nothing is due
    const one = template.catalog.items.find((i) => i.rate === '1')!;
    const left = app.call('passes.get', { passId: allowPass.id }).balance;
    app.call('counter.redeem', { clientId: newId(), passId: allowPass.id, items: [{ itemId: one.id, quantity: String(Number(left) + 3) }], overageSettlement: 'account' });
    expect(Number(app.call('passes.get', { passId: allowPass.id }).overageDue)).toBeGreaterThan(1);
    ids = { customer: customer.id, pass: pass.id, allowPass: allowPass.id, item: item.id, plan: block.id, pack: template.catalog.packs[0]!.id, redemption: red.redemptionId };
    void o;
  });
  afterAll(() => { app.close(); removeDir(app.dir); });

  it('each bad input gets a stable error code and leaves the file byte-for-byte unchanged', () => {
    const failures: string[] = [];
    const list = cases();
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fileBytes(app);
    for (const k of list) {
      const caller: CallerState = k.owner ? ownerToken(app) : {};
      const r = app.dispatch(k.method, k.input, caller);
      const code = r.ok ? 'OK' : r.error.code;
      if (!k.codes.includes(code)) {
        failures.push(`${k.name}: got ${code}${r.ok ? '' : ` (${r.error.message})`}, want ${k.codes.join('|')}`);
        if (r.ok) { app.db.pragma('wal_checkpoint(TRUNCATE)'); Object.assign(before, fileBytes(app)); }
        continue;
      }
      if (!r.ok) {
        // refused for what was wrong with it, not for something else that happened to be wrong too
        if (k.not) expect(r.error.message, k.name).not.toMatch(k.not);
        expect(r.error.message.length, `${k.name}: a message a person can read`).toBeGreaterThan(5);
        expect(r.error.message.length, `${k.name}: the message does not echo 10 kB back`).toBeLessThan(600);
      }
      const after = fileBytes(app);
      if (!after.main.equals(before.main) || !(after.wal ?? Buffer.alloc(0)).equals(before.wal ?? Buffer.alloc(0))) {
        failures.push(`${k.name}: the file changed (main ${before.main.length}→${after.main.length} bytes, wal ${before.wal?.length ?? 0}→${after.wal?.length ?? 0})`);
        app.db.pragma('wal_checkpoint(TRUNCATE)');
        Object.assign(before, fileBytes(app));
      }
    }
    expect(failures).toEqual([]);
    expect(list.length).toBeGreaterThan(150);
    expect(ledgerViolations(app, app.clock.now().getTime())).toEqual([]);
  });

  it('stores SQL-looking, emoji, RTL and accented text verbatim and finds it again', () => {
    const names = [
      "Robert'); DROP TABLE customers;--",
      '" OR 1=1 --',
      'Zoë ☕️🥐 Müller',
      '👩🏽‍🍳',
      'مقهى',
      '李小龍',
      "O'Brien \"the\" %_\\",
      'NEAR(a b) AND * OR "x"',
    ];
    for (const name of names) {
      const c = app.call('customers.create', { clientId: newId(), name, notes: `${name} ${'n'.repeat(1500)}` });
      expect(c.name).toBe(name);
      const got = app.call('customers.get', { id: c.id });
      expect(got.customer.name).toBe(name);
      expect(got.customer.notes).toBe(`${name} ${'n'.repeat(1500)}`);
      // search with the same text must not throw (FTS syntax in a name is data, not a query)
      const r = app.dispatch('customers.search', { query: name });
      expect(r.ok, `search for ${JSON.stringify(name)}: ${r.ok ? '' : r.error.code}`).toBe(true);
    }
    const item = app.call('items.save', { clientId: newId(), name: "☕ Flat white'; --", usageUnit: '杯', rate: '1', cashPrice: '0' }, ownerToken(app));
    expect(item.name).toBe("☕ Flat white'; --");
    expect(item.usageUnit).toBe('杯');
    expect(item.cashPrice).toBe('0.00');
    const plan = app.call('plans.save', { clientId: newId(), name: '🎟️ 10 × "drinks"', credits: '10', price: '0' }, ownerToken(app));
    expect(plan.name).toBe('🎟️ 10 × "drinks"');
    const pass = app.call('passes.sell', { clientId: newId(), customerId: ids.customer, planId: plan.id, paymentMethod: 'other' });
    const adj = app.call('passes.adjust', { clientId: newId(), passId: pass.id, credits: '1', reason: "'); DELETE FROM lots;-- 🧨" }, ownerToken(app));
    expect(adj.balance).toBe('11');
    const reason = app.db.prepare('SELECT reason FROM corrections WHERE pass_id = ? ORDER BY id DESC LIMIT 1').get(pass.id) as { reason: string } | undefined;
    const lotReason = app.db.prepare("SELECT reason FROM lots WHERE pass_id = ? AND source = 'adjustment'").get(pass.id) as { reason: string } | undefined;
    expect(reason?.reason ?? lotReason?.reason).toBe("'); DELETE FROM lots;-- 🧨");
    expect(ledgerViolations(app, app.clock.now().getTime())).toEqual([]);
  });

  it('a reused clientId with a different payload is CONFLICT and writes nothing', () => {
    const clientId = newId();
    app.call('counter.redeem', { clientId, passId: ids.pass, items: [{ itemId: ids.item, quantity: '0.1' }] });
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fileBytes(app);
    const r = app.dispatch('counter.redeem', { clientId, passId: ids.pass, items: [{ itemId: ids.item, quantity: '0.2' }] });
    expect(r.ok ? 'OK' : r.error.code).toBe('CONFLICT');
    const r2 = app.dispatch('passes.sell', { clientId, customerId: ids.customer, planId: ids.plan, paymentMethod: 'cash' });
    expect(r2.ok ? 'OK' : r2.error.code).toBe('CONFLICT');
    const after = fileBytes(app);
    expect(after.main.equals(before.main) && (after.wal ?? Buffer.alloc(0)).equals(before.wal ?? Buffer.alloc(0))).toBe(true);
  });
});
