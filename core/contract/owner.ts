// Owner back office: read-only queries over the ledger that no other area provides (the customer list with
// balances and filters over 100k rows, a customer's full paged history, all lots of a pass, the month trend).
// They never write; each handler is plain SQL over the ledger tables and projections (core/owner/).
import { z } from 'zod';
import { Id, IsoDateTime, method } from '../api/method';
import { Credits, LotSource, Money, PaymentMethod, Price } from './ledger';

export const OwnerCustomerFilter = z.enum(['all', 'low', 'expiring', 'owing', 'passes']);
export const OwnerCustomerSort = z.enum(['name', 'balance', 'nextExpiry', 'overageDue', 'newest']);

export const OwnerCustomerRow = z.object({
  id: Id,
  name: z.string(),
  code: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  passId: Id.nullable().describe('the newest active pass'),
  planName: z.string().nullable(),
  creditUnit: z.string().nullable(),
  activePasses: z.number().int().describe('active passes with credits left, or the newest one'),
  balance: Credits.describe('live credits over all active passes'),
  nextExpiry: z.object({
    credits: Credits, expiresAt: IsoDateTime,
    rollsOver: Credits.describe('of those, what the period close will roll over (the plan rule, if no more are used)'),
    expires: Credits.describe('and what it will expire'),
  }).nullable(),
  overageDue: Money.describe('overage put on account and not yet paid, over all passes'),
  low: z.boolean().describe('a current pass is at or below its low-balance threshold'),
});
export type OwnerCustomerRow = z.infer<typeof OwnerCustomerRow>;

export const HistoryKind = z.enum([
  'sale', 'brought_over', 'topup', 'allocation', 'rollover', 'promo', 'redeem', 'undo', 'void', 'adjust', 'refund', 'expire', 'settlement', 'extend', 'extend_undo',
  'method', 'merge',
]).describe('method: the way a payment was made, corrected by the owner (no credits or money move); merge: a duplicate customer merged into this one, or this one into another (customers.merge; no pass of its own: what moved is in its transfer and refund rows)');

export const HistoryEntry = z.object({
  key: z.string().describe('stable key of the row: kind and id'),
  kind: HistoryKind,
  at: IsoDateTime,
  passId: Id.nullable().describe('null for a merge of customers only'),
  planName: z.string().describe('empty for a merge of customers'),
  description: z.string().describe('items and quantities, the plan or pack, or the reason'),
  items: z.array(z.object({ name: z.string(), quantity: Credits })).nullable()
    .describe('a redemption (or its undo or void): its items and quantities, for a screen to write in its own locale'),
  credits: Credits.describe('signed change of the balance'),
  money: Money.nullable().describe('signed money actually taken (+) or paid back (−): a sale, a top-up, overage charged now, an overage payment, a refund. Overage put on account is owed, not taken: it is in overage, not here'),
  overage: z.object({
    credits: Credits.describe('credits the cart needed beyond what the pass covered (not in credits)'),
    amount: Money,
    settlement: z.enum(['now', 'account']).describe('now: charged at the counter (in money); account: owed on account'),
    method: z.enum(['cash', 'card', 'other']).nullable().describe('how it was paid when charged now'),
  }).nullable().describe('a redemption that went over the balance'),
  accountSettled: Money.nullable().describe('a refund: the part of it that paid overage owed on account (not handed back, not in money)'),
  redemptionId: Id.nullable(),
  voided: z.boolean().describe('a redemption that was undone or voided since'),
  voidRefused: z.enum(['MOVED_SINCE', 'REFUNDED_SINCE']).nullable()
    .describe('a redemption standing that redemptions.void would refuse: credits left one of its lots after it, moved to another pass or paid back (CONFLICT with this reason); null otherwise'),
  reason: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const OwnerLot = z.object({
  id: Id,
  source: LotSource,
  state: z.enum(['live', 'used', 'expired', 'closed']).describe('closed: refunded, or rolled into a new lot'),
  amount: Credits,
  remaining: Credits,
  consumed: Credits,
  grantedAt: IsoDateTime,
  expiresAt: IsoDateTime.nullable(),
  extendedFrom: IsoDateTime.nullable().describe('the end it was granted with, when the owner extended it since (passes.extend, passes.extendAll); else null'),
  extensionUndoable: z.boolean().describe('a live lot whose last extension passes.undoExtension can still take back (its end would move earlier, never before tonight)'),
  costBasis: Price,
  paid: Money,
  recognised: Money.describe("the lot's redemption revenue in the journal (revenue:redemptions: redemptions less undos and voids)"),
  writtenOff: Money.describe("the lot's owner write-offs in the journal (revenue:breakage of passes.adjust −N, less what voids gave back), and the part of a refund's cancellation fee taken from it (revenue:cancellation-fees)"),
  released: Money.describe('what else left the lot: expiry (breakage), refund paid back, rolled over, moved by a void into a new lot; paid = recognised + writtenOff + released + unused'),
  rolledTimes: z.number().int(),
  parentLotId: Id.nullable(),
  reason: z.string().nullable(),
  paidBy: PaymentMethod.nullable().describe("how the money for it was taken: for a sale or a period allocation, the way the pass was paid; for a top-up, the way that top-up was paid; null for credits nobody paid for here (rollover, promo, adjustment, brought over, a free top-up)"),
});
export type OwnerLot = z.infer<typeof OwnerLot>;

export const TrendMonth = z.object({
  month: z.string().describe('local month "2026-03"'),
  start: IsoDateTime,
  end: IsoDateTime,
  outstandingCredits: Credits.describe('credits on live and not yet closed lots at the end of the month'),
  deferred: Money.describe('deferred revenue at the end of the month'),
  sold: Money,
  recognised: Money,
  breakage: Money,
  breakageCredits: Credits,
});
export type TrendMonth = z.infer<typeof TrendMonth>;

const exampleRow: OwnerCustomerRow = {
  id: 1, name: 'Anna Lee', code: 'K7MX2QPA', phone: '+1 212 555 0143', email: null, passId: 1, planName: 'Coffee Pass',
  creditUnit: 'drink', activePasses: 1, balance: '23.5', nextExpiry: { credits: '23.5', expiresAt: '2026-04-01T04:00:00.000Z', rollsOver: '5', expires: '18.5' },
  overageDue: '0.00', low: false,
};

export const ownerContract = {
  'owner.customers': method({
    role: 'owner', write: false,
    summary: 'The customer list for the owner: balance, next end (with what the close will roll over and expire), overage due; filters low / expiring (credits that end within expiringDays, whether they then roll over or expire) / owing / passes (everyone who ever held a pass, ended or refunded ones too: whom the statements of a month are for); paged (100k rows).',
    input: z.object({
      query: z.string().max(120).optional().describe('name, phone or card code; empty: everyone'),
      filter: OwnerCustomerFilter.default('all'),
      expiringDays: z.number().int().min(1).max(366).default(14),
      sort: OwnerCustomerSort.default('name'),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }).strict(),
    output: z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(OwnerCustomerRow) }),
    example: { input: { filter: 'low', limit: 50 }, output: { total: 1, offset: 0, rows: [exampleRow] } },
  }),
  'owner.history': method({
    role: 'owner', write: false,
    summary: 'Everything that happened on a customer\'s passes, newest first, paged: sales, top-ups, redemptions, corrections, rollovers, expiries, payments. Credits are each entry\'s change of the balance, so they add up to it: a rollover changes none (0, its count in the description).',
    input: z.object({
      customerId: Id,
      passId: Id.optional(),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(200).default(50),
    }).strict(),
    output: z.object({ total: z.number().int(), offset: z.number().int(), entries: z.array(HistoryEntry) }),
    example: { input: { customerId: 1, limit: 20 }, output: { total: 0, offset: 0, entries: [] } },
  }),
  'owner.lots': method({
    role: 'owner', write: false,
    summary: 'Every lot of a pass (live, used, expired, rolled or refunded), oldest first, with its money.',
    input: z.object({ passId: Id }).strict(),
    output: z.object({ passId: Id, lots: z.array(OwnerLot) }),
    example: { input: { passId: 1 }, output: { passId: 1, lots: [] } },
  }),
  'owner.trend': method({
    role: 'owner', write: false,
    summary: 'Per local month: outstanding credits and deferred revenue at its end, money sold, recognised and broken (breakage).',
    input: z.object({ months: z.number().int().min(1).max(60).default(12) }).strict(),
    output: z.object({ months: z.array(TrendMonth) }),
    example: { input: { months: 6 }, output: { months: [] } },
  }),
};
