// View types the renderer uses, all derived from the one contract (core/contract/*).
import type { InputOf, OutputOf } from '../../../core/contract';

export type ItemRow = OutputOf<'items.list'>['items'][number];
export type PlanRow = OutputOf<'plans.list'>['plans'][number];
export type CustomerRow = OutputOf<'customers.search'>['customers'][number];
export type CustomerDetail = OutputOf<'customers.get'>;
export type PassView = CustomerDetail['passes'][number];
export type LotView = PassView['lots'][number];
export type RedemptionSummary = CustomerDetail['recent'][number];
export type RedeemResult = OutputOf<'counter.redeem'>;
export type CorrectionResult = OutputOf<'counter.undo'>;
export type RedeemInput = InputOf<'counter.redeem'>;
export type PaymentMethod = InputOf<'passes.sell'>['paymentMethod'];
export type ReplaceReason = InputOf<'customers.replaceCard'>['reason'];
/** what a sale or top-up took and gave (its receipt) */
export type Bought = NonNullable<OutputOf<'passes.sell'>['bought']>;
