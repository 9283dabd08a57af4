// The ledgers a fuzz run starts from: the demo shop, or a plain shop in a zone and currency where the calendar is
// awkward (a DST change, New Year at UTC+14 in a currency without decimals), each with extras beyond its catalog so
// odd ids have something to hit: other kinds of plans, archived ones, a refunded pass, overage owed, a cash sale.
import type { Input } from './generators';
import { money, TOP_MONEY_MINOR } from './pools';

export interface ShopSpec {
  label: string;
  /** the test clock's first instant */
  start: string;
  timeZone: string;
  currency: string;
  digits: number;
  /** the owner PIN once set up */
  pin: string;
  /** 'demo': shop.loadDemo (Bean & Brew); else shop.setup and a catalog of the same shape */
  demo: boolean;
}

export const SHOPS: readonly ShopSpec[] = [
  { label: 'demo shop, New York, USD', start: '2026-03-15T15:00:00.000Z', timeZone: 'America/New_York', currency: 'USD', digits: 2, pin: '1234', demo: true },
  // the clocks go forward in London at 01:00 UTC on 29 March 2026
  { label: 'London, GBP, across the DST change', start: '2026-03-28T22:00:00.000Z', timeZone: 'Europe/London', currency: 'GBP', digits: 2, pin: '1234', demo: false },
  // UTC+14: the local New Year comes ten hours before UTC's; yen have no minor digits
  { label: 'Kiritimati, JPY, across New Year', start: '2026-12-31T09:30:00.000Z', timeZone: 'Pacific/Kiritimati', currency: 'JPY', digits: 0, pin: '1234', demo: false },
];

/** What the setup needs from the run: a write that must succeed (it goes through every check), time passing. */
export interface SetupDriver {
  must(method: string, input: Input, asOwner?: boolean): Promise<any>;
  advance(ms: number): void;
  /** a fresh client id from the seed */
  clientId(): string;
}

export async function setUpShop(shop: ShopSpec, d: SetupDriver): Promise<void> {
  const cid = () => d.clientId();
  // prices given in cents; yen take the same number, a 3-digit currency ten times it
  const price = (cents: number) => money(shop.digits === 3 ? cents * 10 : cents, shop.digits);
  const owner = true;

  if (shop.demo) {
    await d.must('shop.loadDemo', { clientId: cid() });
  } else {
    await d.must('shop.setup', { clientId: cid(), name: 'Zone shop', currency: shop.currency, timeZone: shop.timeZone, creditUnit: 'drink', pin: shop.pin });
    // the demo's catalog shape (items 1-4, plan 1, pack 2), which the CSV pools name
    await d.must('items.save', { clientId: cid(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: price(450) }, owner);
    await d.must('items.save', { clientId: cid(), name: 'Latte', usageUnit: 'drink', rate: '1', cashPrice: price(500) }, owner);
    await d.must('items.save', { clientId: cid(), name: 'Cold brew', usageUnit: 'drink', rate: '1.5', cashPrice: price(550) }, owner);
    await d.must('items.save', { clientId: cid(), name: 'Muffin', usageUnit: 'drink', rate: '2', cashPrice: price(300) }, owner);
    await d.must('plans.save', { clientId: cid(), name: 'Coffee Pass', credits: '25', price: price(5000), validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1 }, owner);
    await d.must('plans.save', { clientId: cid(), kind: 'topup', name: '10 more drinks', credits: '10', price: price(1800), validity: 'month' }, owner);
    for (let i = 0; i < 8; i++) {
      const c = await d.must('customers.create', { clientId: cid(), name: `Zone ${i}` });
      if (i < 6) await d.must('passes.sell', { clientId: cid(), customerId: c.id, planId: 1, paymentMethod: 'card' });
      d.advance(7 * 3_600_000);
    }
  }

  const allow = await d.must('plans.save', { clientId: cid(), name: 'Allow 5 (limit 3)', credits: '5', price: price(1000), validity: 'week', overagePolicy: 'allow', overdraftLimitCredits: '3' }, owner);
  // a tab that never ends and may go over: a pass that stays open to owe overage on (weekly ones end within the run)
  const tab = await d.must('plans.save', { clientId: cid(), name: 'Tab', credits: '5', price: price(1000), validity: 'none', overagePolicy: 'allow' }, owner);
  const multi = await d.must('plans.save', { clientId: cid(), name: 'Monthly 10 x 3', credits: '10', price: price(2000), validity: 'month', periods: 3, rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1 }, owner);
  await d.must('plans.save', { clientId: cid(), name: 'Day pass', credits: '2.5', bonusCredits: '0.5', price: price(333), validity: 'day', overagePolicy: 'allow' }, owner);
  const hours = await d.must('plans.save', { clientId: cid(), name: 'Hours 10', creditUnit: 'hour', credits: '10', price: price(10000), validity: 'none' }, owner);
  const days = await d.must('plans.save', { clientId: cid(), kind: 'topup', name: 'Days pack', credits: '3', bonusCredits: '1', price: price(500), validity: 'days', validityDays: 3 }, owner);
  const oldPlan = await d.must('plans.save', { clientId: cid(), name: 'Old plan', credits: '3', price: price(600) }, owner);
  await d.must('plans.archive', { clientId: cid(), id: oldPlan.id, archived: true }, owner);
  const oldPack = await d.must('plans.save', { clientId: cid(), kind: 'topup', name: 'Old pack', credits: '1', price: price(100) }, owner);
  await d.must('plans.archive', { clientId: cid(), id: oldPack.id, archived: true }, owner);
  await d.must('items.save', { clientId: cid(), name: 'Desk hour', usageUnit: 'hour', creditUnit: 'hour', rate: '1', cashPrice: price(1200) }, owner);
  await d.must('items.save', { clientId: cid(), name: 'Shot', usageUnit: 'shot', rate: '0.2', cashPrice: price(110) }, owner);
  // the largest cash price stored: a large quantity of it passes the money limit (found as an INTERNAL error)
  await d.must('items.save', { clientId: cid(), name: 'Gold bar', usageUnit: 'drink', rate: '1', cashPrice: money(TOP_MONEY_MINOR, shop.digits) }, owner);
  const oldItem = await d.must('items.save', { clientId: cid(), name: 'Old scone', usageUnit: 'piece', rate: '1', cashPrice: price(300) }, owner);
  await d.must('items.archive', { clientId: cid(), id: oldItem.id, archived: true }, owner);

  const zoe = await d.must('customers.create', { clientId: cid(), name: 'Zoë ☕ Fuzz', phone: '+1 555 0100' });
  const rtl = await d.must('customers.create', { clientId: cid(), name: 'עברית \u200F Test' });
  // 7 drinks on a 5-credit pass: 2 owed on account
  for (const [customer, plan] of [[zoe, allow], [zoe, tab], [rtl, tab]] as const) {
    const pass = await d.must('passes.sell', { clientId: cid(), customerId: customer.id, planId: plan.id, paymentMethod: 'cash' });
    await d.must('counter.redeem', { clientId: cid(), passId: pass.id, items: [{ itemId: 1, quantity: '7' }], overageSettlement: 'account' });
  }
  await d.must('passes.sell', { clientId: cid(), customerId: zoe.id, planId: multi.id, paymentMethod: 'card' });
  await d.must('passes.sell', { clientId: cid(), customerId: rtl.id, planId: hours.id, paymentMethod: 'other' });
  const refunded = await d.must('passes.sell', { clientId: cid(), customerId: rtl.id, planId: 1, paymentMethod: 'cash' });
  await d.must('passes.topUp', { clientId: cid(), passId: refunded.id, packId: days.id, paymentMethod: 'cash' });
  await d.must('passes.refund', { clientId: cid(), passId: refunded.id, reason: 'fuzz setup', paymentMethod: 'cash' }, owner);
  await d.must('counter.cashSale', { clientId: cid(), items: [{ itemId: 1, quantity: '2' }], paymentMethod: 'cash' });
  d.advance(60_000);
}
