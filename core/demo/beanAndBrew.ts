// The demo shop "Bean & Brew": items, the Coffee Pass, a top-up pack, a dozen customers and about three
// months of back-dated history written through the same services the counter uses (each call given its
// own earlier instant). Deterministic apart from card codes: the same "now" gives the same history.
//
// To keep the story simple for period close, a customer buys a new monthly pass only after using the last
// one up, so nobody ends up with two live passes from the history; occasional customers leave credits on a
// pass and skip a month (those credits roll over or expire when period close runs).
import { prng } from './prng';
import { TZDate } from '@date-fns/tz';
import { addDays, addHours, addMinutes, startOfMonth, subMonths } from 'date-fns';
import type { ServiceContext } from '../api/context';
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { savePlan } from '../catalog/plans';
import { saveItem } from '../catalog/items';
import { adjustPass } from '../corrections/adjust';
import { restoreRedemption } from '../corrections/restore';
import { createCustomer } from '../customers/customers';
import { redeem } from '../drawdown/redeem';
import { passBalance } from '../lots/lots';
import { creditsToString } from '../money/decimal';
import { sellPass, topUpPass } from '../passes/passes';
import { shopHandlers } from '../shop/handlers';
import { findShop, requireShop, shopView, type ShopRow } from '../shop/settings';
import type { ShopView } from '../contract/common';

export const DEMO_ZONE = 'America/New_York';
export const DEMO_PIN = '1234';


type Profile = 'regular' | 'heavy' | 'occasional' | 'new' | 'none';

const PEOPLE: { name: string; phone: string | null; email: string | null; notes: string | null; profile: Profile }[] = [
  { name: 'Anna Lee', phone: '+1 212 555 0143', email: 'anna.lee@example.com', notes: 'Oat milk cappuccino', profile: 'regular' },
  { name: 'Ben Okafor', phone: '+1 646 555 0178', email: null, notes: null, profile: 'heavy' },
  { name: 'Carla Díaz', phone: '+1 917 555 0112', email: 'carla@example.com', notes: 'Extra hot', profile: 'regular' },
  { name: 'Dev Patel', phone: '+1 347 555 0190', email: null, notes: null, profile: 'heavy' },
  { name: 'Elif Yılmaz', phone: '+1 718 555 0166', email: 'elif@example.com', notes: null, profile: 'occasional' },
  { name: 'Farah Haddad', phone: '+1 212 555 0127', email: null, notes: 'Decaf after 3pm', profile: 'regular' },
  { name: 'Gus Novak', phone: null, email: 'gus.novak@example.com', notes: null, profile: 'occasional' },
  { name: 'Hana Tanaka', phone: '+1 646 555 0104', email: null, notes: null, profile: 'occasional' },
  { name: 'Ivan Rossi', phone: '+1 917 555 0159', email: null, notes: null, profile: 'regular' },
  { name: 'Jo Müller', phone: '+1 347 555 0131', email: 'jo@example.com', notes: null, profile: 'new' },
  { name: 'Kai Silva', phone: '+1 718 555 0185', email: null, notes: 'Brings own cup', profile: 'new' },
  { name: 'Lena Kowalski', phone: '+1 212 555 0199', email: null, notes: 'Signed up at the tasting', profile: 'none' },
];

export function loadDemo(ctx: ServiceContext): ShopView {
  if (findShop(ctx.db)) throw new PassbookError('ALREADY_SET_UP', 'The shop is already set up; the demo can only be loaded into an empty ledger.');
  shopHandlers['shop.setup'](ctx, {
    clientId: ctx.clientId ?? '', name: 'Bean & Brew', currency: 'USD', timeZone: DEMO_ZONE, locale: 'en-US', creditUnit: 'drink',
    receiptFooter: 'Thank you! Your pass code is on your card.', pin: DEMO_PIN,
  } as never);
  const shop = requireShop(ctx.db);
  const setupAt = writeHistory(ctx.db, shop, ctx.nowMs);
  // the demo's story begins before today: so does its shop (reports, the books' opening date)
  ctx.db.prepare('UPDATE shop SET created_at = ? WHERE id = 1').run(setupAt);
  return shopView(requireShop(ctx.db));
}

/** Writes the demo's months of history; returns the instant its shop was "set up". */
function writeHistory(db: Db, shop: ShopRow, now: number): number {
  const digits = shop.minor_digits;
  const zoned = new TZDate(now, DEMO_ZONE);
  const monthStarts = [2, 1, 0].map((k) => startOfMonth(subMonths(zoned, k)).getTime());
  const setupAt = monthStarts[0]! - 3 * 86_400_000;

  const item = (name: string, rate: string, cashPrice: string, hotkey: string, category: string) =>
    saveItem(db, { name, usageUnit: 'drink', creditUnit: 'drink', rate, cashPrice, hotkey, category }, digits, shop.credit_unit, setupAt).id;
  const cappuccino = item('Cappuccino', '1', '4.50', '1', 'Coffee');
  const latte = item('Latte', '1', '4.75', '2', 'Coffee');
  const coldBrew = item('Cold brew (large)', '1.5', '5.25', '3', 'Coffee');
  const muffin = item('Muffin', '2', '3.75', '4', 'Bakery');
  const menu = [cappuccino, cappuccino, latte, latte, coldBrew, muffin];

  const base = {
    clientId: '', creditUnit: 'drink', periods: 1, rolloverCapCredits: null, rolloverCapPercent: null, rolloverExpiresAfterPeriods: null,
    rolloverMaxTimes: null, consumptionOrder: 'default' as const, overagePolicy: 'block' as const, overagePricePerCredit: null,
    overdraftLimitCredits: null, lowBalanceCredits: null, lowBalancePercent: null, validityDays: null,
  };
  const coffeePass = savePlan(db, {
    ...base, kind: 'plan', name: 'Coffee Pass', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'cap',
    rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 1, lowBalanceCredits: '3',
  }, digits, 'drink', setupAt).id;
  const tenMore = savePlan(db, { ...base, kind: 'topup', name: '10 more drinks', credits: '10', price: '20', validity: 'month', rolloverPolicy: 'none' }, digits, 'drink', setupAt).id;

  const rand = prng(20260301);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const localAt = (dayStart: number, hour: number, minute: number) => addMinutes(addHours(new TZDate(dayStart, DEMO_ZONE), hour), minute).getTime();
  const method = () => pick(['card', 'card', 'cash', 'other'] as const);
  let voided = false;

  PEOPLE.forEach((person, i) => {
    const joinedAt = localAt(monthStarts[person.profile === 'new' ? 2 : 0]!, 7, 10 + i * 3);
    const customer = createCustomer(db, { name: person.name, phone: person.phone, email: person.email, notes: person.notes }, Math.min(joinedAt, now - 60_000));
    if (person.profile === 'none') return;
    const months = person.profile === 'new' ? [2] : person.profile === 'occasional' ? [0, 2] : [0, 1, 2];
    for (const m of months) {
      const monthStart = monthStarts[m]!;
      const monthEnd = m < 2 ? monthStarts[m + 1]! : now;
      const saleAt = Math.max(monthStart, Math.min(localAt(addDays(new TZDate(monthStart, DEMO_ZONE), i % 4).getTime(), 7, 30 + i), now - 120_000));
      if (saleAt >= monthEnd) continue;
      const { passId } = sellPass(db, shop, { customerId: customer.id, planId: coffeePass, paymentMethod: method(), at: saleAt });
      const current = m === 2;
      // how much of the pass this month: everything for past months of regulars (so nothing is left to roll),
      // about 15 drinks for occasional customers, part of it in the current month
      const target = (person.profile === 'occasional' && !current ? 15 : current ? 8 + (i % 9) : 99) * 1_000_000; // credits, millionths
      let used = 0;
      let toppedUp = false;
      for (let day = 0; used < target; day += 1) {
        const dayStart = addDays(new TZDate(monthStart, DEMO_ZONE), day).getTime();
        const at = localAt(dayStart, 7 + Math.floor(rand() * 10), Math.floor(rand() * 60));
        if (dayStart >= monthEnd || at >= monthEnd - 60_000 || at >= now - 60_000) break;
        if (at <= saleAt) continue;
        // days off: fewer for heavy drinkers; in the current month, spread the visits up to today
        const daysSoFar = Math.max(1, (Math.min(monthEnd, now) - saleAt) / 86_400_000);
        const skip = current ? Math.max(0.3, 1 - target / 1_000_000 / daysSoFar) : person.profile === 'heavy' ? 0.1 : 0.3;
        if (rand() < skip) continue;
        const D = 1_000_000; // credits are millionths
        const balance = passBalance(db, passId, at);
        if (balance < 2 * D) {
          if (person.profile === 'heavy' && !toppedUp && !current) {
            topUpPass(db, shop, { passId, packId: tenMore, paymentMethod: method(), at: at - 60_000 });
            toppedUp = true;
          } else if (balance < D) break;
        }
        const have = passBalance(db, passId, at);
        const lines = [{ itemId: pick(have >= 3 * D ? menu : [cappuccino, latte]), quantity: '1' }];
        if (rand() < 0.15 && have >= 5 * D) lines.push({ itemId: muffin, quantity: '1' });
        const cost = lines.reduce((s, l) => s + (l.itemId === coldBrew ? 1.5 * D : l.itemId === muffin ? 2 * D : D), 0);
        const r = redeem(db, shop, { passId, items: lines, at });
        used += cost;
        if (!voided && m === 1 && day > 10) {
          restoreRedemption(db, shop, { redemptionId: r.redemptionId, kind: 'void', reason: 'Rang up on the wrong card', at: at + 3_600_000 });
          voided = true;
        }
      }
      // past months: use the last odd credits up so nothing is left over, except for occasional customers
      if (!current && person.profile !== 'occasional') {
        const lastAt = monthEnd - 3 * 3_600_000;
        let left = passBalance(db, passId, lastAt);
        while (left >= 1_000_000) {
          redeem(db, shop, { passId, items: [{ itemId: cappuccino, quantity: '1' }], at: lastAt });
          left -= 1_000_000;
        }
        if (left > 0) adjustPass(db, digits, { passId, credits: `-${creditsToString(left)}`, reason: 'Half drink left at month end, written off', at: lastAt });
      }
      if (current && i === 0) adjustPass(db, digits, { passId, credits: '1', reason: 'Birthday drink on the house', at: Math.min(saleAt + 86_400_000, now - 60_000) });
    }
  });
  return setupAt;
}
