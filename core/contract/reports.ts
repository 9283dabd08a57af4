// Owner reports: deferred revenue roll-forward, daily sales and redemptions, low balances, soon-expiring credits.
import { z } from 'zod';
import { Id, IsoDateTime, method } from '../api/method';
import { Credits, Money } from './ledger';

// a calendar month and a calendar date that exist: 2026-13 and 2026-02-30 would otherwise roll into the next
// month or year and answer for days nobody asked about. Both lie in the years a shop's books can hold, 2000 to 9998:
// a typed 0026-03 was read as March 1926 by Date, the month after 9999-12 is not a date, and where a zone's offset
// had seconds (local mean time: London until 1847, Monrovia until 1972) a local midnight came out 30 s early, so one
// day's report listed hundreds of days. Every zone's offset has been whole minutes since.
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 9998;
export const inYears = (s: string): boolean => Number(s.slice(0, 4)) >= FIRST_YEAR && Number(s.slice(0, 4)) <= LAST_YEAR;
const YEARS = `in a year from ${FIRST_YEAR} to ${LAST_YEAR}`;
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM (01 to 12)').refine(inYears, `month must be ${YEARS}`);
const realDate = (s: string): boolean => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD').refine(realDate, 'date must be a real calendar date')
  .refine(inYears, `date must be ${YEARS}`);
const DAILY_MAX_DAYS = 400;
const daysBetween = (a: string, b: string): number => (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

const DeferredMonthView = z.object({
  month: Month, opening: Money, sold: Money, recognised: Money, breakage: Money.describe('paid value of credits that expired or were written off'),
  fees: Money.describe('cancellation fees kept from refunds'), refunds: Money.describe('what refunds paid back or settled on account'), other: Money, closing: Money,
  journalClosing: Money.describe("the journal's deferred-revenue balance at the month end (equals closing)"),
});

const CorrectionView = z.object({
  key: z.string().describe('unique in the report: kind and row id'),
  kind: z.enum(['undo', 'void', 'adjust', 'move', 'refund', 'gift', 'extend', 'extend_undo', 'cash_undo', 'cash_void', 'method']),
  at: IsoDateTime, by: z.enum(['counter', 'owner']).describe('the counter (its undo, without the PIN) or the owner'),
  customerId: Id.nullable(), customerName: z.string().nullable().describe('null for a sale without a pass'), passId: Id.nullable(), planName: z.string().nullable(),
  description: z.string().describe('what it was, in the words of the customer\'s history'),
  credits: Credits.nullable().describe('signed change of the pass\'s balance; null when no credits move (an extension, a sale without a pass)'),
  money: Money.nullable().describe('money that went back (−) or was taken (+); null when none moved'),
  reason: z.string().nullable().describe('the reason the owner gave'),
});

const DailyView = z.object({
  date: LocalDate, sales: z.number().int(), salesAmount: Money, topUps: z.number().int(), topUpsAmount: Money,
  redemptions: z.number().int().describe('redemptions made this day, whatever happens to them later'),
  voided: z.number().int().describe('redemptions undone or voided this day (made this day or earlier): a reversal of this day'),
  creditsRedeemed: Credits.describe('credits redeemed this day, less those given back this day by undos and voids (as recognised is)'),
  recognised: Money, overage: Money, breakage: Money, fees: Money.describe('cancellation fees kept from refunds this day'),
  cashSales: z.number().int().describe('sales without a pass (items at their cash price) made this day'),
  cashSalesAmount: Money.describe('money taken for them'),
  cashSalesRevenue: Money.describe('revenue:cash-sales this day: taken less what undos and voids of this day gave back'),
  payments: Money.describe('money taken this day: passes, top-ups, overage, payments on account, sales without a pass'),
  refunds: Money.describe('money paid back this day'),
  till: z.object({ cash: Money, card: Money, other: Money }).describe('money per payment method this day, taken less paid back: what the till and the card terminal should show'),
});

const LowBalanceView = z.object({
  passId: Id, customerId: Id, customerName: z.string(), planName: z.string(), creditUnit: z.string(), balance: Credits,
  thresholdCredits: Credits.nullable(), thresholdPercent: z.string().nullable(),
});

const ExpiringView = z.object({
  passId: Id, customerId: Id, customerName: z.string(), planName: z.string(), creditUnit: z.string(), lotId: Id, source: z.string(),
  credits: Credits, rollsOver: Credits.describe('of those credits, what the close would roll over by the plan\'s policy'),
  expiresAt: IsoDateTime, expiresLocal: z.string(), value: Money.describe('paid value of the credits that would expire (not roll over): breakage'),
});

const AccountView = z.object({
  account: z.string().describe('the journal\'s account: assets:cash, liabilities:deferred-revenue, revenue:redemptions, …'),
  description: z.string().describe('what it holds, in the owner\'s words ("Cash taken, less cash paid back"); empty for an account Passbook has no words for'),
  opening: Money.describe('balance when the month began: debit +, credit −'),
  change: Money.describe('its change in the month'),
  closing: Money.describe('balance when the month ended (this month: now)'),
});
const AccountTotals = z.object({
  opening: Money.describe('Σ of the column: "0.00" when the books balance'), change: Money, closing: Money,
});

export const reportsContract = {
  'reports.deferredRevenue': method({
    role: 'owner', write: false,
    summary: 'Deferred revenue roll-forward per local month: opening + sold − recognised − breakage − fees − refunds = closing, with the journal balance beside it.',
    input: z.object({ from: Month.optional(), to: Month.optional() }).strict(),
    output: z.object({ months: z.array(DeferredMonthView), closing: Money }),
    example: {
      input: { from: '2026-03', to: '2026-03' },
      output: { months: [{ month: '2026-03', opening: '0.00', sold: '500.00', recognised: '310.00', breakage: '40.00', fees: '0.00', refunds: '0.00', other: '0.00', closing: '150.00', journalClosing: '150.00' }], closing: '150.00' },
    },
  }),
  'reports.accounts': method({
    role: 'owner', write: false,
    summary: 'The accounts (a trial balance) for a local month (default: this one): each journal account\'s balance when the month began, its change and its balance when it ended, '
      + 'by book time and signed as the journal keeps them (debit +, credit −), as hledger balance reports them for the same dates. Each column sums to zero. '
      + 'VALIDATION (field month) for a month that has not begun.',
    input: z.object({ month: Month.optional() }).strict(),
    output: z.object({
      month: Month, from: IsoDateTime.describe('when the month began'), to: IsoDateTime.describe('when it ends (exclusive)'),
      asOf: IsoDateTime.describe('the instant the closing balances are for: the month\'s end, or now for this month'),
      accounts: z.array(AccountView), totals: AccountTotals,
    }),
    example: {
      input: { month: '2026-03' },
      output: {
        month: '2026-03', from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', asOf: '2026-04-01T04:00:00.000Z',
        accounts: [
          { account: 'assets:cash', description: 'Cash taken, less cash paid back', opening: '0.00', change: '40.00', closing: '40.00' },
          { account: 'liabilities:deferred-revenue', description: 'Credits paid for and not used yet: owed to customers', opening: '0.00', change: '-34.00', closing: '-34.00' },
          { account: 'revenue:redemptions', description: 'Credits used', opening: '0.00', change: '-6.00', closing: '-6.00' },
        ],
        totals: { opening: '0.00', change: '0.00', closing: '0.00' },
      },
    },
  }),
  'reports.daily': method({
    role: 'owner', write: false,
    summary: 'Sales and redemptions per local day (from..to inclusive, at most 400 days), dated as the journal dates them: a redemption counts on its day; an undo or void is a reversal on its own day (voided; its credits and revenue out of that day\'s), so a past day never changes. Totals: every day of the range summed, exactly (the total row).',
    input: z.object({ from: LocalDate, to: LocalDate }).strict()
      .refine((r) => daysBetween(r.from, r.to) < DAILY_MAX_DAYS, { message: `at most ${DAILY_MAX_DAYS} days`, path: ['to'] }),
    output: z.object({ days: z.array(DailyView), totals: DailyView.omit({ date: true }).describe('every day of the range summed: the total row') }),
    example: {
      input: { from: '2026-03-01', to: '2026-03-01' },
      output: { days: [{ date: '2026-03-01', sales: 2, salesAmount: '100.00', topUps: 0, topUpsAmount: '0.00', redemptions: 14, voided: 0, creditsRedeemed: '15.5', recognised: '31.00', overage: '0.00', breakage: '0.00', fees: '0.00', cashSales: 3, cashSalesAmount: '13.50', cashSalesRevenue: '13.50', payments: '113.50', refunds: '0.00', till: { cash: '63.50', card: '50.00', other: '0.00' } }],
        totals: { sales: 2, salesAmount: '100.00', topUps: 0, topUpsAmount: '0.00', redemptions: 14, voided: 0, creditsRedeemed: '15.5', recognised: '31.00', overage: '0.00', breakage: '0.00', fees: '0.00', cashSales: 3, cashSalesAmount: '13.50', cashSalesRevenue: '13.50', payments: '113.50', refunds: '0.00', till: { cash: '63.50', card: '50.00', other: '0.00' } } },
    },
  }),
  'reports.corrections': method({
    role: 'owner', write: false,
    summary: 'The shop\'s corrections from the start of local day `from` to the end of `to` (at most 400 days), newest first and paged: undos at the counter, '
      + 'voids, adjustments, moves between passes, refunds, free credits given, extensions and extensions taken back, and sales without a pass undone or voided. '
      + 'Each with who made it (the counter or the owner), the customer and pass, the credits and money it moved, and the reason given. '
      + '`paidBack` sums the money that went back to customers in the whole range.',
    input: z.object({ from: LocalDate, to: LocalDate, offset: z.number().int().min(0).max(1_000_000).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict()
      .refine((r) => daysBetween(r.from, r.to) < DAILY_MAX_DAYS, { message: `at most ${DAILY_MAX_DAYS} days`, path: ['to'] }),
    output: z.object({
      from: IsoDateTime, to: IsoDateTime.describe('exclusive: the end of the last day'), total: z.number().int(), offset: z.number().int(),
      paidBack: Money.describe('money that went back to customers in the range: refunds, reversed overage, sales without a pass reversed'),
      entries: z.array(CorrectionView),
    }),
    example: {
      input: { from: '2026-03-01', to: '2026-03-31', offset: 0, limit: 100 },
      output: {
        from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z', total: 2, offset: 0, paidBack: '42.00',
        entries: [
          { key: 'refund-7', kind: 'refund', at: '2026-03-20T16:02:00.000Z', by: 'owner', customerId: 1, customerName: 'Anna Lee', passId: 1, planName: 'Coffee Pass', description: 'Refunded and cancelled', credits: '-21', money: '-42.00', reason: 'Moving away' },
          { key: 'undo-6', kind: 'undo', at: '2026-03-12T14:10:00.000Z', by: 'counter', customerId: 1, customerName: 'Anna Lee', passId: 1, planName: 'Coffee Pass', description: 'Redemption undone at the counter: Cappuccino × 1', credits: '1', money: null, reason: null },
        ],
      },
    },
  }),
  'reports.lowBalance': method({
    role: 'owner', write: false,
    summary: 'Active passes at or under their low-balance threshold.',
    input: z.object({}).strict(),
    output: z.object({ passes: z.array(LowBalanceView) }),
    example: { input: {}, output: { passes: [{ passId: 1, customerId: 1, customerName: 'Anna Lee', planName: 'Coffee Pass', creditUnit: 'drink', balance: '2', thresholdCredits: '3', thresholdPercent: null }] } },
  }),
  'reports.expiring': method({
    role: 'owner', write: false,
    summary: 'Credits that end within the next N days (live lots), soonest first, with the value that would become breakage.',
    input: z.object({ days: z.number().int().min(1).max(366) }).strict(),
    output: z.object({ lots: z.array(ExpiringView) }),
    example: { input: { days: 7 }, output: { lots: [{ passId: 1, customerId: 1, customerName: 'Anna Lee', planName: 'Coffee Pass', creditUnit: 'drink', lotId: 1, source: 'sale', credits: '5', rollsOver: '0', expiresAt: '2026-04-01T04:00:00.000Z', expiresLocal: '2026-04-01T00:00:00-04:00', value: '10.00' }] } },
  }),
};
