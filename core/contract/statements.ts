// Customer statements: any date range, per pass, entries in shop-local time.
import { z } from 'zod';
import { Id, IsoDateTime, method } from '../api/method';
import { Credits, Money } from './ledger';

const StatementItemView = z.object({ name: z.string(), usageUnit: z.string(), quantity: Credits, rate: Credits, credits: Credits, overage: Credits });

export const StatementEntryView = z.object({
  at: IsoDateTime,
  localTime: z.string().describe('shop-local time with offset: "2026-03-31T23:30:00-04:00"'),
  kind: z.enum(['sale', 'brought_over', 'topup', 'allocation', 'rollover_in', 'promo', 'adjustment', 'redeem', 'restore', 'adjust', 'refund', 'expire', 'rollover_out', 'expire_pending', 'extend', 'extend_undo']),
  lotId: Id.nullable(),
  credits: Credits.describe('signed change of the balance'),
  value: Money.describe('paid value that left (+) or returned to (−) deferred revenue for this lot'),
  balanceAfter: Credits,
  redemptionId: Id.nullable(),
  items: z.array(StatementItemView).nullable().describe('the items of a redemption (on its first lot entry)'),
  overage: z.object({ credits: Credits, amount: Money, settlement: z.enum(['now', 'account']).nullable() }).nullable(),
  note: z.string().nullable().describe("why, in the owner's words: the reason given for an adjustment, a move, a void, a refund or an extension, or for the free credits granted (a bonus names its purchase)"),
  extendedTo: IsoDateTime.optional().describe('extend and extend_undo entries only: when the credits it moved now end (a local midnight: they can be used through the day before); taken back: the soonest end they went back to'),
  extendedFrom: IsoDateTime.optional().describe('extend entries only: the earliest end it moved; extend_undo: the end the extension had given them'),
});

const StatementCursor = z.string().regex(/^\d{1,16}\.[012]\.\d{1,16}$/, 'a statement cursor (`next` of the previous page)');
const PageLimit = z.number().int().min(1).max(2000);

export const PassStatementView = z.object({
  passId: Id,
  planName: z.string(),
  creditUnit: z.string(),
  opening: Credits,
  closing: Credits.describe('= the live balance at `to`'),
  overageDue: Money,
  totals: z.object({
    granted: Credits, topUps: Credits, rolledIn: Credits, rolledOut: Credits, redeemed: Credits, restored: Credits, adjusted: Credits,
    refunded: Credits, expired: Credits, overageCredits: Credits, overageAmount: Money,
  }),
  entryCount: z.number().int().nonnegative().describe('entries in the range, over every page'),
  entries: z.array(StatementEntryView).describe('the first page (limit) of entries'),
  next: StatementCursor.nullable().describe('pass to statements.entries for the next page; null when entries are all of them'),
});

export const StatementView = z.object({
  customer: z.object({ id: Id, name: z.string(), code: z.string() }),
  from: IsoDateTime,
  to: IsoDateTime,
  timeZone: z.string(),
  currency: z.string(),
  passes: z.array(PassStatementView),
  payments: z.array(z.object({ at: IsoDateTime, localTime: z.string(), kind: z.string(), method: z.string(), amount: Money, passId: Id })),
  overageDue: Money,
});

export const statementsContract = {
  'statements.get': method({
    role: 'owner', write: false,
    summary: 'A customer statement for the range [from, to) (to defaults to now and is capped at now, taking in this instant: now + 1 ms; now is the ledger\'s last instant while the clock is up to five minutes behind it, as writes are then dated). The expiries and rollovers that end lots at `to`, and the lots those rollovers open, belong to the range (its closing holds the credits carried into the next period), like the books date an expiry on its last valid day; everything else at `to` (the next allocation, a redemption at midnight) belongs to the next range, so consecutive months join: one closing is the next opening. Per pass the opening balance, totals, the closing balance (= live balance), overage due, the entry count and the first page of entries in local time (items, quantity, rate, credits, lot: top-ups, rollovers, expiries too); and payments. Further pages: statements.entries with `next`.',
    input: z.object({ customerId: Id, passId: Id.optional(), from: IsoDateTime, to: IsoDateTime.optional(), limit: PageLimit.optional().describe('entries per pass in this answer (default 200)') }).strict(),
    output: StatementView,
    example: {
      input: { customerId: 1, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' },
      output: {
        customer: { id: 1, name: 'Anna Lee', code: 'K7QP2' }, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', timeZone: 'America/New_York', currency: 'USD',
        passes: [{
          passId: 1, planName: 'Coffee Pass', creditUnit: 'drink', opening: '0', closing: '0', overageDue: '0.00',
          totals: { granted: '25', topUps: '0', rolledIn: '0', rolledOut: '5', redeemed: '18', restored: '0', adjusted: '0', refunded: '0', expired: '2', overageCredits: '0', overageAmount: '0.00' },
          entryCount: 1,
          entries: [{ at: '2026-03-01T15:00:00.000Z', localTime: '2026-03-01T10:00:00-05:00', kind: 'sale', lotId: 1, credits: '25', value: '0.00', balanceAfter: '25', redemptionId: null, items: null, overage: null, note: null }],
          next: null,
        }],
        payments: [{ at: '2026-03-01T15:00:00.000Z', localTime: '2026-03-01T10:00:00-05:00', kind: 'sale', method: 'card', amount: '50.00', passId: 1 }],
        overageDue: '0.00',
      },
    },
  }),
  'statements.entries': method({
    role: 'owner', write: false,
    summary: "The next page of one pass's statement entries: the same customer, pass and range as statements.get answered (its `to` included), after that page's `next` cursor. Running balances continue from the previous page.",
    input: z.object({ customerId: Id, passId: Id, from: IsoDateTime, to: IsoDateTime, after: StatementCursor, limit: PageLimit.optional().describe('default 200') }).strict(),
    output: z.object({ passId: Id, entries: z.array(StatementEntryView), next: StatementCursor.nullable() }),
    example: {
      input: { customerId: 1, passId: 1, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', after: '1772377200000.0.1', limit: 200 },
      output: {
        passId: 1,
        entries: [{ at: '2026-03-02T14:00:00.000Z', localTime: '2026-03-02T09:00:00-05:00', kind: 'redeem', lotId: 1, credits: '-1', value: '2.00', balanceAfter: '24', redemptionId: 1, items: [{ name: 'Latte', usageUnit: 'drink', quantity: '1', rate: '1', credits: '1', overage: '0' }], overage: null, note: null }],
        next: null,
      },
    },
  }),
};
