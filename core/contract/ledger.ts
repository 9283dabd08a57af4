// Value shapes shared by the ledger areas of the contract (catalog, customers, passes, counter).
// Amounts are decimal strings: credits trimmed ("0.75", "4150"), money fixed to the currency ("12.50"),
// prices per credit at least the currency's digits ("2.00", "0.0045"). Times are ISO strings (UTC).
import { z } from 'zod';
import { DecimalString, Id, IsoDateTime } from '../api/method';

export const Credits = z.string().describe('credits, trimmed decimal string: "4150", "0.75"');
export const Money = z.string().describe('money, fixed to the currency digits: "12.50"');
export const Price = z.string().describe('money per credit or per usage unit: "2.00", "0.0045"');

export const PaymentMethod = z.enum(['cash', 'card', 'other']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const Validity = z.enum(['none', 'day', 'week', 'month', 'quarter', 'year', 'days']);
export const RolloverPolicy = z.enum(['none', 'all', 'cap']);
export const ConsumptionOrder = z.enum(['default', 'rollover_first', 'rollover_last']);
export const OveragePolicy = z.enum(['block', 'allow']);
export const LotSource = z.enum(['sale', 'brought_over', 'topup', 'allocation', 'rollover', 'promo', 'adjustment'])
  .describe('brought_over: a balance brought over from before Passbook (imports), in the owner\'s lot list; a pass\'s own lot list calls it sale');
export const PassStatus = z.enum(['active', 'cancelled', 'ended']);

/** Input amounts: parsed in the service with core/money/parse.ts (VALIDATION on anything odd). */
export const AmountInput = DecimalString;

/** How long free credits last (passes.givePromo, plans.gift): whole days, today counting as the first. */
export const GiftDays = z.number().int().min(1).max(3660).optional().nullable()
  .describe('how many days they last, today counting as the first (default: to the end of the pass\'s period)');

export const LowBalance = z.object({
  low: z.boolean(),
  thresholdCredits: Credits.nullable(),
  thresholdPercent: z.string().nullable(),
});
export type LowBalance = z.infer<typeof LowBalance>;

export const LotView = z.object({
  id: Id,
  source: LotSource,
  amount: Credits,
  remaining: Credits,
  grantedAt: IsoDateTime,
  expiresAt: IsoDateTime.nullable(),
  costBasis: Price.describe('money paid per credit (paid ÷ amount), exact to 6 decimals'),
  rolledTimes: z.number().int(),
  atEnd: z.object({ rollsOver: Credits, expires: Credits }).nullable()
    .describe('what the period close does with the remaining credits at expiresAt if none are used before (rollover policy, caps and limits applied; null: no end)'),
});

export const NextEnd = z.object({
  at: IsoDateTime.describe('the earliest end of a live lot'),
  credits: Credits.describe('remaining credits of the lots ending then'),
  rollsOver: Credits.describe('of those, what the close rolls over into a new lot (if none are used before)'),
  expires: Credits.describe('of those, what expires'),
  expiringValue: Money.describe('the unused paid value of what expires (becomes breakage)'),
});
export type NextEnd = z.infer<typeof NextEnd>;

export const PassView = z.object({
  id: Id,
  customerId: Id,
  customerName: z.string(),
  planId: Id,
  planName: z.string(),
  creditUnit: z.string(),
  status: PassStatus,
  balance: Credits,
  lots: z.array(LotView).describe('live lots (remaining > 0, not expired) in consumption order'),
  nextExpiry: z.object({ credits: Credits, expiresAt: IsoDateTime }).nullable()
    .describe('credits of the lots ending first; part of them may roll over: see nextEnd'),
  nextEnd: NextEnd.nullable().describe('the next end and what the period close does then: the close previewed for this pass and rolled back'),
  overageDue: Money,
  lowBalance: LowBalance,
  overagePolicy: OveragePolicy,
  consumptionOrder: ConsumptionOrder,
  validity: Validity,
  periods: z.number().int(),
  soldAt: IsoDateTime,
});
export type PassView = z.infer<typeof PassView>;

export const RedemptionSummary = z.object({
  redemptionId: Id,
  passId: Id,
  occurredAt: IsoDateTime,
  creditsUsed: Credits.describe('credits needed by the lines (covered + overage)'),
  lines: z.array(z.object({ itemId: Id, name: z.string(), quantity: Credits, credits: Credits })),
  overage: z.object({ credits: Credits, amount: Money, settlement: z.enum(['now', 'account']) }).nullable(),
  voided: z.boolean(),
  voidKind: z.enum(['undo', 'void']).nullable(),
  undoable: z.boolean().describe('the counter may still undo it (latest live redemption, inside the undo window)'),
});
export type RedemptionSummary = z.infer<typeof RedemptionSummary>;

export const LotTouched = z.object({ lotId: Id, credits: Credits, expiresAt: IsoDateTime.nullable() });

/** What undo and void return. */
export const CorrectionResult = z.object({
  correctionId: Id,
  kind: z.enum(['undo', 'void']),
  redemptionId: Id,
  passId: Id,
  creditsRestored: Credits,
  lotsRestored: z.array(LotTouched.extend({ restoredInto: Id.describe('the lot credited: the original, or a new adjustment lot if it expired') })),
  revenueReversed: Money,
  overageReversed: z.object({ credits: Credits, amount: Money, settlement: z.enum(['now', 'account']) }).nullable(),
  moneyBack: z.array(z.object({ method: PaymentMethod, amount: Money }))
    .describe('what to hand the customer back, by method: overage charged now, or the settled part of overage on account'),
  accountCleared: Money.describe('overage taken off what the customer owes on account (its unpaid part)'),
  balanceAfter: Credits,
  pass: PassView,
});
export type CorrectionResult = z.infer<typeof CorrectionResult>;

export const examplePass: PassView = {
  id: 1, customerId: 1, customerName: 'Anna Lee', planId: 1, planName: 'Coffee Pass', creditUnit: 'drink', status: 'active',
  balance: '23.5',
  lots: [{ id: 1, source: 'sale', amount: '25', remaining: '23.5', grantedAt: '2026-03-01T15:00:00.000Z', expiresAt: '2026-04-01T04:00:00.000Z', costBasis: '2.00', rolledTimes: 0, atEnd: { rollsOver: '5', expires: '18.5' } }],
  nextExpiry: { credits: '23.5', expiresAt: '2026-04-01T04:00:00.000Z' },
  nextEnd: { at: '2026-04-01T04:00:00.000Z', credits: '23.5', rollsOver: '5', expires: '18.5', expiringValue: '37.00' },
  overageDue: '0.00',
  lowBalance: { low: false, thresholdCredits: '3', thresholdPercent: null },
  overagePolicy: 'block', consumptionOrder: 'default', validity: 'month', periods: 1,
  soldAt: '2026-03-01T15:00:00.000Z',
};
