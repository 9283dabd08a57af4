// One input generator per contract method: schema-valid but odd inputs. Ids are mostly of the right kind, sometimes
// of another kind or unknown; amounts and dates sit at the edges; text is odd. The map is typed by MethodName, so a
// method added to the contract without a generator does not compile.
import type { PassbookApp } from '../../../core/app';
import type { MethodName } from '../../../core/contract';
import type { TestClock } from '../tempApp';
import { chance, clientIdOf, maybe, pick, type Rng } from './random';
import {
  CREDITS, LOCAL_DATES, MONTHS, ODD_INSTANTS, QUANTITIES, SEARCHES, SIGNED_CREDITS, SMALL_QUANTITIES, TEXTS, UNKNOWN_IDS,
  csvOf, fileNameFor, money, moneyValues, type Live, type Recent,
} from './pools';

export type Input = Record<string, unknown>;
export type Generator = () => Input;

export interface GeneratorContext {
  rng: Rng;
  app: PassbookApp;
  clock: TestClock;
  timeZone: string;
  /** minor digits of the shop's currency */
  digits: number;
  live: () => Live;
  recent: Recent;
  /** the owner PIN as the fuzz last set it */
  pin: () => string;
  /** the shop's recovery code now (as the core keeps it), when it has one */
  recovery: () => string | null;
}

/**
 * How often each method is drawn, against 1 for the rest: the writes on passes most (that is where the money is),
 * the PIN's slow KDF, restores and setup (which can only be refused after the first) rarely.
 */
/** Recovery codes the fuzz makes and types back (the same code in two spellings). */
export const RECOVERY_CODES = ['7KQ2M-9XH4D-WT3RB-C8VNP', '7kq2m 9xh4d wt3rb c8vnp', 'ABCDE12345FGHJK67890'];

export const WEIGHTS: Partial<Record<MethodName, number>> = {
  'counter.redeem': 8, 'passes.sell': 4, 'passes.topUp': 4, 'counter.undo': 4, 'redemptions.void': 4, 'passes.adjust': 3, 'passes.refund': 1,
  'passes.refundCredits': 3, 'passes.refundTopUp': 3, 'passes.undoPurchase': 4, 'passes.transfer': 3, 'passes.extend': 3, 'passes.undoExtension': 3,
  'passes.extendAll': 2, 'passes.undoClosure': 2, 'passes.givePromo': 3, 'passes.settleOverage': 3, 'counter.cashSale': 3, 'counter.undoCashSale': 3,
  'cashSales.void': 3, 'payments.changeMethod': 2, 'periods.close': 2, 'customers.forget': 2, 'customers.merge': 1, 'customers.replaceCard': 2,
  'owner.unlock': 0.5, 'owner.changePin': 0.5, 'shop.setup': 0.1, 'shop.loadDemo': 0.2, 'backup.restore': 0.4, 'backup.create': 0.4,
  'exports.create': 0.8, 'owner.lock': 0.2, 'owner.makeRecoveryCode': 0.2, 'owner.recover': 0.2,
};

type IdKind = 'customer' | 'pass' | 'lot' | 'plan' | 'pack' | 'item' | 'redemption' | 'sale';

export function generators(c: GeneratorContext): Record<MethodName, Generator> {
  const { rng } = c;
  const p = <T>(list: readonly T[]) => pick(rng, list);
  const cid = () => clientIdOf(rng);
  const MONEY = moneyValues(c.digits);
  const text = (max: number) => {
    const t = p(TEXTS);
    if (t.length <= max) return t;
    return chance(rng, 0.5) ? t.slice(0, max) : 'y'.repeat(max); // exactly at the limit
  };
  const reason = () => text(200);
  const pm = () => p(['cash', 'card', 'other'] as const);

  // local dates in the shop's zone, around the test clock
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: c.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const dayPlus = (days: number) => dayFormat.format(new Date(c.clock.now().getTime() + days * 86_400_000));
  const today = () => dayPlus(0);
  const localDate = () => p([...LOCAL_DATES, today(), today(), dayPlus(1), dayPlus(-1), dayPlus(7), dayPlus(30), dayPlus(400), dayPlus(3650), dayPlus(3653), dayPlus(-400)]);
  const instantPlus = (ms: number) => new Date(c.clock.now().getTime() + ms).toISOString();
  const instant = () => p([...ODD_INSTANTS, instantPlus(0), instantPlus(86_400_000), instantPlus(-40 * 86_400_000), instantPlus(800 * 86_400_000)]);
  const month = () => p(MONTHS);

  function idOf(kind: IdKind): number {
    const live = c.live();
    const x = rng();
    if (x < 0.07) return p(UNKNOWN_IDS);
    if (x < 0.2) return idOf(p(['customer', 'pass', 'lot', 'plan', 'item', 'redemption', 'sale'] as const)); // another kind's id
    const recentOr = <T>(recent: number[], n: number, pr: number, rest: () => T) => (chance(rng, pr) && recent.length ? p(recent.slice(-n)) : rest());
    switch (kind) {
      case 'customer': return chance(rng, 0.15) && live.forgotten.length ? p(live.forgotten) : p(live.customers);
      case 'pass': return recentOr(c.recent.passes, 6, 0.35, () => p(live.passes).id);
      case 'lot': return recentOr(c.recent.lots, 6, 0.3, () => p(live.lots).id);
      case 'plan': { const l = live.plans.filter((x) => x.kind === 'plan' || chance(rng, 0.2)); return p(l.length ? l : live.plans).id; }
      case 'pack': { const l = live.plans.filter((x) => x.kind === 'topup' || chance(rng, 0.2)); return p(l.length ? l : live.plans).id; }
      case 'item': return p(live.items).id;
      case 'redemption': return recentOr(c.recent.redemptions, 5, 0.5, () => (live.redemptions.length ? p(live.redemptions) : 1));
      case 'sale': return recentOr(c.recent.sales, 3, 0.5, () => (live.cashSales.length ? p(live.cashSales) : 1));
    }
  }
  const activePass = () => {
    const active = c.live().passes.filter((x) => x.status === 'active');
    return chance(rng, 0.6) && active.length ? p(active).id : idOf('pass');
  };
  // a pass that may go over its balance: the only way overage comes to be owed (and passes.settleOverage can succeed)
  const overagePass = () => {
    const l = c.live().passes.filter((x) => x.status === 'active' && x.allowsOverage);
    return l.length ? p(l).id : activePass();
  };
  const goodItem = () => {
    const l = c.live().items.filter((i) => !i.archived && i.unit === 'drink');
    return chance(rng, 0.7) && l.length ? p(l).id : idOf('item');
  };
  // a cart: mostly one line, sometimes the same line repeated, now and then 50 lines
  const lines = () => {
    const q = () => (chance(rng, 0.6) ? p(SMALL_QUANTITIES) : p(QUANTITIES));
    const first = { itemId: goodItem(), quantity: q() };
    return Array.from({ length: p([1, 1, 1, 2, 3, 50]) }, () => (chance(rng, 0.4) ? { ...first } : { itemId: goodItem(), quantity: q() }));
  };
  const codes = () => c.live().codes;
  const oldCode = () => c.live().oldCodes[0] ?? 'ZZ';

  return {
    'shop.status': () => ({}),
    'shop.setup': () => ({ clientId: cid(), name: text(80), currency: p(['USD', 'JPY', 'BHD', 'EUR']), timeZone: p(['UTC', 'Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu']), pin: '123456' }),
    'shop.loadDemo': () => ({ clientId: cid() }),
    'shop.update': () => ({
      clientId: cid(),
      ...maybe(rng, 0.4, () => ({ name: text(80) })),
      ...maybe(rng, 0.2, () => ({ currency: p(['USD', 'JPY', 'BHD', 'EUR', 'CLF', 'XAU', 'XXX', 'KWD']) })),
      ...maybe(rng, 0.2, () => ({ timeZone: p(['UTC', 'Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu', 'America/New_York', 'Etc/GMT+12']) })),
      ...maybe(rng, 0.2, () => ({ locale: p(['en-US', 'ar-EG', 'de-CH', 'x-private', 'zh-Hant-TW', 'en-US-u-nu-arab', 'fa-IR']) })),
      ...maybe(rng, 0.2, () => ({ creditUnit: text(24) })),
      ...maybe(rng, 0.2, () => ({ receiptFooter: chance(rng, 0.3) ? null : chance(rng, 0.3) ? '' : text(200) })),
      ...maybe(rng, 0.3, () => ({ undoWindowSeconds: p([0, 1, 120, 3600]) })),
      ...maybe(rng, 0.2, () => ({ backupKeepDays: p([1, 365]) })),
    }),

    'owner.unlock': () => ({ pin: p([c.pin(), c.pin(), '0000', '', 'x'.repeat(64)]) }),
    'owner.lock': () => ({}),
    'owner.session': () => ({}),
    'owner.changePin': () => ({ clientId: cid(), currentPin: chance(rng, 0.8) ? c.pin() : '9999', newPin: p(['1234', '000000000000', '5678']) }),
    // the same few codes, spelt as the screen shows them or as a hand copies them, and now and then a wrong one
    'owner.makeRecoveryCode': () => ({ clientId: cid(), currentPin: chance(rng, 0.8) ? c.pin() : '9999', recoveryCode: p(RECOVERY_CODES) }),
    'owner.recover': () => ({ clientId: cid(), recoveryCode: chance(rng, 0.5) && c.recovery() ? c.recovery()! : p([...RECOVERY_CODES, '0'.repeat(20), 'ZZZZZ']), newPin: p(['1234', '5678']) }),
    'owner.customers': () => ({
      ...maybe(rng, 0.5, () => ({ query: p(['', 'ann', '"', '*', 'NEAR(', '555', '\u0000', '\uD800', 'x'.repeat(120), 'a OR b', '^', '-']) })),
      ...maybe(rng, 0.5, () => ({ filter: p(['all', 'low', 'expiring', 'owing', 'passes']) })),
      ...maybe(rng, 0.4, () => ({ expiringDays: p([1, 366]) })),
      ...maybe(rng, 0.5, () => ({ sort: p(['name', 'balance', 'nextExpiry', 'overageDue', 'newest']) })),
      ...maybe(rng, 0.4, () => ({ offset: p([0, 5, 10_000_000]) })),
      ...maybe(rng, 0.4, () => ({ limit: p([1, 500]) })),
    }),
    'owner.history': () => ({
      customerId: idOf('customer'), ...maybe(rng, 0.4, () => ({ passId: idOf('pass') })),
      ...maybe(rng, 0.4, () => ({ offset: p([0, 3, 10_000_000]) })), ...maybe(rng, 0.4, () => ({ limit: p([1, 200]) })),
    }),
    'owner.lots': () => ({ passId: idOf('pass') }),
    'owner.trend': () => (chance(rng, 0.5) ? {} : { months: p([1, 60]) }),

    'backup.create': () => ({}),
    'backup.list': () => ({}),
    'backup.copied': () => ({ clientId: cid(), fileName: fileNameFor(rng, c.app) }),
    'backup.inspect': () => ({ source: p(['backups', 'incoming']), fileName: fileNameFor(rng, c.app) }),
    'backup.restore': () => ({ clientId: cid(), source: p(['backups', 'incoming']), fileName: fileNameFor(rng, c.app) }),
    'backup.inspectForSetup': () => ({ fileName: fileNameFor(rng, c.app) }),
    'backup.restoreForSetup': () => ({ clientId: cid(), fileName: fileNameFor(rng, c.app) }),

    'items.list': () => (chance(rng, 0.5) ? {} : { includeArchived: chance(rng, 0.5) }),
    'items.save': () => ({
      clientId: cid(), name: text(80), usageUnit: text(24), rate: p(CREDITS), cashPrice: p(MONEY),
      ...maybe(rng, 0.4, () => ({ id: idOf('item') })),
      ...maybe(rng, 0.3, () => ({ creditUnit: p(['drink', 'hour', text(24)]) })),
      ...maybe(rng, 0.3, () => ({ hotkey: p([null, '1', 'F1', text(16)]) })),
      ...maybe(rng, 0.3, () => ({ category: p([null, text(40)]) })),
    }),
    'items.archive': () => ({ clientId: cid(), id: idOf('item'), archived: chance(rng, 0.5) }),

    'plans.list': () => ({ ...maybe(rng, 0.5, () => ({ kind: p(['plan', 'topup']) })), ...maybe(rng, 0.5, () => ({ includeArchived: chance(rng, 0.5) })) }),
    'plans.quote': () => ({ planId: idOf(chance(rng, 0.5) ? 'plan' : 'pack') }),
    'plans.save': () => {
      const validity = p(['none', 'day', 'week', 'month', 'quarter', 'year', 'days']);
      return {
        clientId: cid(), name: text(80), credits: p(CREDITS), price: p(MONEY),
        ...maybe(rng, 0.3, () => ({ id: idOf('plan') })),
        ...maybe(rng, 0.5, () => ({ kind: p(['plan', 'topup']) })),
        ...maybe(rng, 0.3, () => ({ creditUnit: p(['drink', 'hour', text(24)]) })),
        ...maybe(rng, 0.3, () => ({ bonusCredits: p([null, ...CREDITS]) })),
        ...maybe(rng, 0.7, () => ({ validity })),
        ...maybe(rng, validity === 'days' ? 1 : 0.1, () => ({ validityDays: p([1, 3660, 31, null]) })),
        ...maybe(rng, 0.3, () => ({ periods: p([1, 2, 120]) })),
        ...maybe(rng, 0.4, () => ({
          rolloverPolicy: p(['none', 'all', 'cap']),
          ...maybe(rng, 0.6, () => ({ rolloverCapCredits: p([null, '0', '5', '999999999.999999']) })),
          ...maybe(rng, 0.3, () => ({ rolloverCapPercent: p([null, '0', '50', '100', '0.000001']) })),
          ...maybe(rng, 0.4, () => ({ rolloverExpiresAfterPeriods: p([null, 1, 120]) })),
          ...maybe(rng, 0.4, () => ({ rolloverMaxTimes: p([null, 0, 1, 1000]) })),
        })),
        ...maybe(rng, 0.3, () => ({ consumptionOrder: p(['default', 'rollover_first', 'rollover_last']) })),
        ...maybe(rng, 0.4, () => ({ overagePolicy: p(['block', 'allow']) })),
        ...maybe(rng, 0.3, () => ({ overagePricePerCredit: p([null, '0', '0.000001', '99999999999.99', '1.7']) })),
        ...maybe(rng, 0.3, () => ({ overdraftLimitCredits: p([null, '0', '3', '999999999.999999']) })),
        ...maybe(rng, 0.2, () => ({ lowBalanceCredits: p([null, '0', '3', '999999999']) })),
        ...maybe(rng, 0.2, () => ({ lowBalancePercent: p([null, '0', '100', '20.5']) })),
      };
    },
    'plans.giftQuote': () => ({ planId: idOf('plan') }),
    'plans.gift': () => ({ clientId: cid(), planId: idOf('plan'), credits: p(CREDITS), reason: reason(), ...maybe(rng, 0.5, () => ({ days: p([null, 1, 3660, 31]) })) }),
    'plans.archive': () => ({ clientId: cid(), id: idOf(chance(rng, 0.5) ? 'plan' : 'pack'), archived: chance(rng, 0.5) }),

    'customers.create': () => ({
      clientId: cid(), name: text(120),
      ...maybe(rng, 0.5, () => ({ phone: p([null, '', '+1 212 555 0143', '555', text(40), '٠١٢٣٤٥٦٧٨٩', '+'.repeat(40)]) })),
      ...maybe(rng, 0.3, () => ({ email: p([null, '', text(200)]) })),
      ...maybe(rng, 0.3, () => ({ notes: p([null, '', text(2000)]) })),
    }),
    'customers.update': () => ({
      clientId: cid(), id: idOf('customer'),
      ...maybe(rng, 0.5, () => ({ name: text(120) })),
      ...maybe(rng, 0.5, () => ({ phone: p([null, '', '555 0199', text(40)]) })),
      ...maybe(rng, 0.3, () => ({ email: p([null, '', text(200)]) })),
      ...maybe(rng, 0.3, () => ({ notes: p([null, '', text(2000)]) })),
    }),
    'customers.replaceCard': () => ({
      clientId: cid(), id: idOf('customer'), reason: p(['lost', 'stolen', 'damaged', 'other']),
      // codes: too short, padded, too long, taken, replaced, non-ASCII, full-width digits
      ...maybe(rng, 0.5, () => ({ code: p(['ABC', 'abc-123 ', 'A'.repeat(16), 'A'.repeat(17), '', '   ', '--', p(codes()), oldCode(), 'ÄÖÜ1', '0O1Il', 'x'.repeat(40), '１２３４']) })),
    }),
    'customers.forget': () => ({ clientId: cid(), id: idOf('customer'), reason: text(500) }),
    // mostly into a customer holding an active pass (where credits can go), sometimes into themselves or anyone
    'customers.merge': () => {
      const holders = c.live().passes.filter((x) => x.status === 'active').map((x) => x.customer);
      const into = chance(rng, 0.6) && holders.length ? p(holders) : idOf('customer');
      return { clientId: cid(), id: chance(rng, 0.1) ? into : idOf('customer'), intoId: into, reason: reason() };
    },
    'customers.search': () => ({ query: chance(rng, 0.1) ? p(codes()) : p(SEARCHES), ...maybe(rng, 0.5, () => ({ limit: p([1, 100]) })) }),
    'customers.byCode': () => {
      const code = p(codes());
      return { code: p([code, code.toLowerCase(), ` ${code} `, oldCode(), '%', '_', '\u0000', '\uDC00', '*', 'x'.repeat(32), 'ＡＢＣ', '0', "'"]) };
    },
    'customers.cards': () => ({ ids: p([[idOf('customer')], [1, 1, 1], Array.from({ length: 500 }, (_, i) => i + 1), [987654], c.live().customers.slice().reverse(), [Number.MAX_SAFE_INTEGER, 1]]) }),
    'customers.get': () => ({ id: idOf('customer') }),

    'passes.sell': () => ({ clientId: cid(), customerId: idOf('customer'), planId: idOf('plan'), paymentMethod: pm() }),
    'passes.topUp': () => ({ clientId: cid(), passId: activePass(), packId: idOf('pack'), paymentMethod: pm() }),
    'passes.get': () => ({ passId: idOf('pass') }),
    'passes.adjust': () => ({ clientId: cid(), passId: activePass(), credits: p(SIGNED_CREDITS), reason: reason() }),
    'passes.extend': () => ({ clientId: cid(), passId: activePass(), through: localDate(), reason: reason() }),
    'passes.undoExtensionQuote': () => ({ passId: idOf('pass') }),
    'passes.undoExtension': () => ({ clientId: cid(), passId: activePass(), reason: reason() }),
    // half the time a window around today that can hold ending passes, else any dates
    'passes.extendAllQuote': () => (chance(rng, 0.5)
      ? { endingFrom: today(), endingThrough: dayPlus(p([0, 7, 40, 400])), through: dayPlus(p([1, 41, 500, 3650, 3653])) }
      : { endingFrom: localDate(), endingThrough: localDate(), through: localDate() }),
    'passes.extendAll': () => (chance(rng, 0.5)
      ? { clientId: cid(), endingFrom: today(), endingThrough: dayPlus(p([0, 7, 40, 400])), through: dayPlus(p([1, 41, 500, 3650, 3653])), reason: reason() }
      : { clientId: cid(), endingFrom: localDate(), endingThrough: localDate(), through: localDate(), reason: reason() }),
    'passes.undoClosureQuote': () => ({}),
    'passes.undoClosure': () => ({ clientId: cid(), reason: reason() }),
    'passes.givePromo': () => ({ clientId: cid(), passId: activePass(), credits: p(CREDITS), reason: reason(), ...maybe(rng, 0.5, () => ({ days: p([null, 1, 3660]) })) }),
    'passes.transfer': () => {
      const from = activePass();
      return { clientId: cid(), fromPassId: from, toPassId: chance(rng, 0.15) ? from : activePass(), credits: p(CREDITS), reason: reason() };
    },
    'passes.refund': () => ({ clientId: cid(), passId: idOf('pass'), reason: reason(), paymentMethod: pm(), ...maybe(rng, 0.4, () => ({ fee: p(MONEY) })) }),
    'passes.refundTopUp': () => {
      const topUps = c.live().lots.filter((l) => l.source === 'topup');
      if (chance(rng, 0.5) && topUps.length) {
        const lot = p(topUps);
        return { clientId: cid(), passId: chance(rng, 0.85) ? lot.pass : idOf('pass'), lotId: lot.id, reason: reason(), paymentMethod: pm() };
      }
      return { clientId: cid(), passId: idOf('pass'), lotId: idOf('lot'), reason: reason(), paymentMethod: pm() };
    },
    'passes.refundCredits': () => ({ clientId: cid(), passId: activePass(), credits: p(CREDITS), reason: reason(), paymentMethod: pm(), ...maybe(rng, 0.4, () => ({ fee: p(MONEY) })) }),
    'passes.refundQuote': () => ({ passId: idOf('pass'), ...maybe(rng, 0.5, () => ({ credits: p(CREDITS) })) }),
    'passes.settleOverage': () => {
      const owing = c.live().owing;
      if (owing.length && chance(rng, 0.7)) {
        const o = p(owing);
        // what is due, a unit more, a third, one unit, a hundred times
        const amount = p([o.dueMinor, o.dueMinor + 1, Math.max(1, Math.floor(o.dueMinor / 3)), 1, o.dueMinor * 100]);
        return { clientId: cid(), passId: o.passId, amount: money(amount, c.digits), paymentMethod: pm() };
      }
      return { clientId: cid(), passId: idOf('pass'), amount: p(MONEY), paymentMethod: pm() };
    },
    'passes.undoPurchase': () => {
      if (c.recent.bought.length && chance(rng, 0.7)) {
        const b = p(c.recent.bought.slice(-4));
        return chance(rng, 0.8) ? { clientId: cid(), ...b } : { clientId: cid(), passId: idOf('pass'), lotId: b.lotId };
      }
      return { clientId: cid(), passId: idOf('pass'), lotId: idOf('lot') };
    },

    'counter.redeem': () => ({
      clientId: cid(), items: lines(),
      ...(chance(rng, 0.75) ? { passId: chance(rng, 0.2) ? overagePass() : activePass() } : { customerId: idOf('customer') }),
      ...maybe(rng, 0.4, () => ({ overageSettlement: p(['now', 'account']) })),
      ...maybe(rng, 0.3, () => ({ paymentMethod: pm() })),
    }),
    'counter.undo': () => ({ clientId: cid(), redemptionId: c.recent.redemptions.length && chance(rng, 0.5) ? c.recent.redemptions[c.recent.redemptions.length - 1]! : idOf('redemption') }),
    'counter.recent': () => ({ passId: idOf('pass'), ...maybe(rng, 0.5, () => ({ limit: p([1, 200]) })) }),
    'redemptions.void': () => ({ clientId: cid(), redemptionId: idOf('redemption'), reason: reason() }),
    'counter.cashSale': () => ({ clientId: cid(), items: lines(), paymentMethod: pm() }),
    'counter.undoCashSale': () => ({ clientId: cid(), saleId: idOf('sale') }),
    'cashSales.void': () => ({ clientId: cid(), saleId: idOf('sale'), reason: reason() }),
    'cashSales.list': () => ({ date: localDate(), ...maybe(rng, 0.5, () => ({ limit: p([1, 500]) })) }),
    'payments.list': () => ({ date: localDate(), ...maybe(rng, 0.5, () => ({ limit: p([1, 500]) })) }),
    // a payment of a pass by its id (ids are dense from 1), or a sale without a pass
    'payments.changeMethod': () => ({
      clientId: cid(), ...(chance(rng, 0.7) ? { paymentId: chance(rng, 0.1) ? p(UNKNOWN_IDS) : p([1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20]) } : { saleId: idOf('sale') }),
      paymentMethod: pm(), reason: reason(),
    }),

    'periods.preview': () => ({ asOf: instant() }),
    'periods.close': () => (chance(rng, 0.6) ? { clientId: cid() } : { clientId: cid(), asOf: instant() }),
    'periods.history': () => (chance(rng, 0.5) ? {} : { limit: p([1, 500]) }),

    'statements.get': () => {
      const live = c.live();
      if (chance(rng, 0.6)) {
        const pass = p(live.passes);
        return {
          customerId: chance(rng, 0.9) ? pass.customer : idOf('customer'), ...maybe(rng, 0.6, () => ({ passId: pass.id })),
          from: p(['2025-12-01', '2026-01-01T00:00:00Z', '2026-03-01', today(), '2026-03-08T07:00:00Z']),
          ...maybe(rng, 0.4, () => ({ to: p([today(), dayPlus(1), '2026-11-01', instantPlus(0)]) })), limit: p([1, 2, 3, 2000]),
        };
      }
      return { customerId: idOf('customer'), ...maybe(rng, 0.4, () => ({ passId: idOf('pass') })), from: instant(), ...maybe(rng, 0.6, () => ({ to: instant() })), ...maybe(rng, 0.5, () => ({ limit: p([1, 2, 2000]) })) };
    },
    'statements.entries': () => {
      const st = c.recent.statements;
      if (st.length && chance(rng, 0.75)) {
        const { query, next } = p(st.slice(-5));
        const x = rng();
        if (x < 0.5) return { ...query, after: next, limit: p([1, 2, 5, 2000]) }; // the right continuation
        if (x < 0.6) return { ...query, passId: idOf('pass'), after: next };       // another pass's cursor
        if (x < 0.7) return { ...query, customerId: idOf('customer'), after: next }; // another customer
        if (x < 0.8) return { ...query, from: instant(), after: next };             // another range
        if (x < 0.9) return { ...query, to: instantPlus(0), after: next };
        return { ...query, after: p(st).next };                                       // a cursor from another query
      }
      return { customerId: idOf('customer'), passId: idOf('pass'), from: instant(), to: instant(), after: p(['0.0.0', '9999999999999999.2.9999999999999999', '1773586800000.1.5', '1.2.3']), ...maybe(rng, 0.5, () => ({ limit: p([1, 2000]) })) };
    },

    // one month (from = to), a range, or either end left to its default
    'reports.deferredRevenue': () => {
      if (chance(rng, 0.4)) { const m = month(); return { from: m, to: m }; }
      return { ...maybe(rng, 0.7, () => ({ from: month() })), ...maybe(rng, 0.7, () => ({ to: month() })) };
    },
    'reports.accounts': () => (chance(rng, 0.8) ? { month: month() } : {}),
    'reports.daily': () => { const from = localDate(); return { from, to: chance(rng, 0.5) ? from : localDate() }; },
    'reports.corrections': () => {
      const from = localDate();
      return { from, to: chance(rng, 0.4) ? from : localDate(), ...maybe(rng, 0.4, () => ({ offset: p([0, 1, 1_000_000]) })), ...maybe(rng, 0.4, () => ({ limit: p([1, 500]) })) };
    },
    'reports.lowBalance': () => ({}),
    'reports.expiring': () => ({ days: p([1, 7, 366]) }),

    'exports.create': () => {
      const kind = p(['customers', 'passes', 'entries', 'journal', 'statement', 'accounts', 'corrections']);
      return {
        kind,
        ...maybe(rng, 0.5, () => ({ format: p(['csv', 'hledger', 'beancount']) })),
        ...maybe(rng, kind === 'statement' ? 1 : 0.1, () => ({ customerId: idOf('customer'), ...maybe(rng, 0.4, () => ({ passId: idOf('pass') })) })),
        ...maybe(rng, kind === 'statement' || kind === 'corrections' ? 1 : 0.1, () => ({ ...maybe(rng, 0.9, () => ({ from: instant() })), ...maybe(rng, 0.8, () => ({ to: instant() })) })),
        ...maybe(rng, kind === 'accounts' ? 1 : 0.1, () => ({ month: month() })),
      };
    },

    'imports.preview': () => { const kind = p(['customers', 'items', 'balances'] as const); return { kind, csv: chance(rng, 0.1) ? '' : csvOf(kind, rng, c.live()) }; },
    'imports.apply': () => { const kind = p(['customers', 'items', 'balances'] as const); return { clientId: cid(), kind, csv: chance(rng, 0.05) ? '' : csvOf(kind, rng, c.live()) }; },
  };
}
