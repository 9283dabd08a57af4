// Catalog: items the counter sells (with their drawdown rate) and plans / top-up packs.
// Edits change the catalog only: sold passes keep the terms they were sold with.
import { z } from 'zod';
import { ClientId, Id, IsoDateTime, method, Text } from '../api/method';
import { AmountInput, ConsumptionOrder, Credits, GiftDays, Money, OveragePolicy, Price, RolloverPolicy, Validity } from './ledger';

export const ItemView = z.object({
  id: Id,
  name: z.string(),
  usageUnit: z.string(),
  creditUnit: z.string().describe('the credit unit the rate counts in: the item draws only from passes of this unit'),
  rate: Credits.describe('credits per usage unit'),
  cashPrice: Money.describe('price of one usage unit without a pass (also the default overage price)'),
  hotkey: z.string().nullable(),
  category: z.string().nullable(),
  archived: z.boolean(),
});
export type ItemView = z.infer<typeof ItemView>;

export const PlanKind = z.enum(['plan', 'topup']);

export const PlanView = z.object({
  id: Id,
  kind: PlanKind,
  name: z.string(),
  creditUnit: z.string(),
  credits: Credits.describe('credits granted (per period)'),
  bonusCredits: Credits.describe('free credits given with each purchase (a sale: once, with its first period), "0" for none: a promo lot of their own with cost basis 0, ending with the credits bought, used first among credits ending together'),
  price: Money.describe('price (per period)'),
  salePrice: Money.describe('what selling the pass takes at the counter: price × periods, all paid at the sale'),
  costBasis: Price.describe('price ÷ credits'),
  validity: Validity,
  validityDays: z.number().int().nullable(),
  periods: z.number().int(),
  rolloverPolicy: RolloverPolicy,
  rolloverCapCredits: Credits.nullable(),
  rolloverCapPercent: z.string().nullable(),
  rolloverExpiresAfterPeriods: z.number().int().nullable(),
  rolloverMaxTimes: z.number().int().nullable(),
  consumptionOrder: ConsumptionOrder,
  overagePolicy: OveragePolicy,
  overagePricePerCredit: Price.nullable().describe('null: the item cash price ÷ rate'),
  overdraftLimitCredits: Credits.nullable(),
  lowBalanceCredits: Credits.nullable(),
  lowBalancePercent: z.string().nullable(),
  archived: z.boolean(),
});
export type PlanView = z.infer<typeof PlanView>;

const optText = (max: number, label: string) => Text(max, label).optional().nullable();
const optInt = (min: number, max: number) => z.number().int().min(min).max(max).optional().nullable();

export const PlanInput = z.object({
  clientId: ClientId,
  id: Id.optional(),
  kind: PlanKind.default('plan'),
  name: Text(80, 'plan name'),
  creditUnit: Text(24, 'credit unit').optional().describe('default: the shop credit unit for a new plan; an edit keeps the plan\'s'),
  credits: AmountInput,
  bonusCredits: AmountInput.optional().nullable().describe('free credits given with each purchase, >= 0 (default none)'),
  price: AmountInput,
  validity: Validity.default('none'),
  validityDays: optInt(1, 3660),
  periods: z.number().int().min(1).max(120).default(1),
  rolloverPolicy: RolloverPolicy.default('none'),
  rolloverCapCredits: AmountInput.optional().nullable(),
  rolloverCapPercent: AmountInput.optional().nullable(),
  rolloverExpiresAfterPeriods: optInt(1, 120),
  rolloverMaxTimes: optInt(0, 1000).describe('how many times a credit may roll over in all: 0 = never, 1 = once, null = once (rolled credits expire at the end of their rolloverExpiresAfterPeriods and roll again only while this allows)'),
  consumptionOrder: ConsumptionOrder.default('default'),
  overagePolicy: OveragePolicy.default('block'),
  overagePricePerCredit: AmountInput.optional().nullable(),
  overdraftLimitCredits: AmountInput.optional().nullable(),
  lowBalanceCredits: AmountInput.optional().nullable(),
  lowBalancePercent: AmountInput.optional().nullable(),
}).strict();

const exampleItem: ItemView = {
  id: 1, name: 'Cappuccino', usageUnit: 'drink', creditUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Coffee', archived: false,
};
const examplePlan: PlanView = {
  id: 1, kind: 'plan', name: 'Coffee Pass', creditUnit: 'drink', credits: '25', bonusCredits: '0', price: '50.00', salePrice: '50.00', costBasis: '2.00',
  validity: 'month', validityDays: null, periods: 1, rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverCapPercent: null,
  rolloverExpiresAfterPeriods: 1, rolloverMaxTimes: 1, consumptionOrder: 'default', overagePolicy: 'block',
  overagePricePerCredit: null, overdraftLimitCredits: null, lowBalanceCredits: '3', lowBalancePercent: null, archived: false,
};

export const catalogContract = {
  'items.list': method({
    role: 'counter', write: false,
    summary: 'Catalog items for the counter (archived ones only when asked).',
    input: z.object({ includeArchived: z.boolean().optional() }).strict(),
    output: z.object({ items: z.array(ItemView) }),
    example: { input: {}, output: { items: [exampleItem] } },
  }),
  'items.save': method({
    role: 'owner', write: true,
    summary: 'Create an item, or edit one (id; every field is replaced, an omitted hotkey/category is cleared, an omitted credit unit is kept). Past redemptions keep the name, rate and price they were made with.',
    input: z.object({
      clientId: ClientId,
      id: Id.optional(),
      name: Text(80, 'item name'),
      usageUnit: Text(24, 'usage unit'),
      creditUnit: Text(24, 'credit unit').optional().describe('the credit unit the rate counts in (default: the shop credit unit for a new item; an edit keeps the item\'s); the item draws only from passes of this unit'),
      rate: AmountInput.describe('credits per usage unit, > 0'),
      cashPrice: AmountInput.describe('price per usage unit without a pass, >= 0'),
      hotkey: optText(16, 'hotkey'),
      category: optText(40, 'category'),
    }).strict(),
    output: ItemView,
    example: { input: { clientId: '01JD0000000000000000000010', name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Coffee' }, output: exampleItem },
  }),
  'items.archive': method({
    role: 'owner', write: true,
    summary: 'Archive (hide from the counter) or restore an item. Items are never deleted.',
    input: z.object({ clientId: ClientId, id: Id, archived: z.boolean() }).strict(),
    output: ItemView,
    example: { input: { clientId: '01JD0000000000000000000011', id: 1, archived: true }, output: { ...exampleItem, archived: true } },
  }),
  'plans.list': method({
    role: 'counter', write: false,
    summary: 'Plans (passes to sell) and top-up packs.',
    input: z.object({ kind: PlanKind.optional(), includeArchived: z.boolean().optional() }).strict(),
    output: z.object({ plans: z.array(PlanView) }),
    example: { input: { kind: 'plan' }, output: { plans: [examplePlan] } },
  }),
  'plans.quote': method({
    role: 'counter', write: false,
    summary: 'What selling this plan now (or this pack as a top-up) would give: the price taken, when its first credits end and when its term ends. shortFirstPeriod: less than half of the first calendar period is left (a month pass sold on the 31st first runs to midnight), or of a pack’s own validity (the day of purchase counts: a day pack bought at 23:50 lasts to midnight), so the counter says so before the sale.',
    input: z.object({ planId: Id }).strict(),
    output: z.object({
      planId: Id, salePrice: Money, firstEndsAt: IsoDateTime.nullable().describe('the local midnight the first credits end at (null: never)'),
      termEndsAt: IsoDateTime.nullable().describe('the end of the last period (null: never)'), shortFirstPeriod: z.boolean(),
    }),
    example: { input: { planId: 1 }, output: { planId: 1, salePrice: '50.00', firstEndsAt: '2026-04-01T04:00:00.000Z', termEndsAt: '2026-04-01T04:00:00.000Z', shortFirstPeriod: true } },
  }),
  'plans.save': method({
    role: 'owner', write: true,
    summary: 'Create a plan or top-up pack, or edit one (id). An edit replaces every field (omitted ones take their defaults, except the credit unit, which an edit keeps). Changes apply to new sales only: a pass keeps the terms it was sold with.',
    input: PlanInput,
    output: PlanView,
    example: {
      input: { clientId: '01JD0000000000000000000012', name: 'Coffee Pass', kind: 'plan', credits: '25', price: '50', validity: 'month', rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1, lowBalanceCredits: '3' },
      output: examplePlan,
    },
  }),
  'plans.giftQuote': method({
    role: 'owner', write: false,
    summary: 'How many passes of a plan a gift (plans.gift) would go to now: its open passes (not cancelled, not ended by their term).',
    input: z.object({ planId: Id }).strict(),
    output: z.object({ planId: Id, passes: z.number().int().describe('open passes of the plan') }),
    example: { input: { planId: 1 }, output: { planId: 1, passes: 134 } },
  }),
  'plans.gift': method({
    role: 'owner', write: true,
    summary: 'Give the same free credits to every open pass of a plan at once (a holiday gift), in one transaction: each pass gets a promo lot of its own, as passes.givePromo gives one. ' +
      'They last `days` days (today counting as the first) or to the end of each pass\'s period. VALIDATION (field planId) for a top-up pack.',
    input: z.object({
      clientId: ClientId, planId: Id, credits: AmountInput.describe('credits given to each pass, > 0'), reason: Text(200, 'reason'),
      days: GiftDays,
    }).strict(),
    output: z.object({ planId: Id, passes: z.number().int().describe('passes given the credits'), credits: Credits.describe('credits each pass got') }),
    example: { input: { clientId: '01JD0000000000000000000014', planId: 1, credits: '1', reason: 'Happy holidays', days: 14 }, output: { planId: 1, passes: 134, credits: '1' } },
  }),
  'plans.archive': method({
    role: 'owner', write: true,
    summary: 'Archive (stop selling) or restore a plan or pack. Sold passes are not affected.',
    input: z.object({ clientId: ClientId, id: Id, archived: z.boolean() }).strict(),
    output: PlanView,
    example: { input: { clientId: '01JD0000000000000000000013', id: 1, archived: true }, output: { ...examplePlan, archived: true } },
  }),
};
