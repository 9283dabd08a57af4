// The counter: redeem items against a pass, undo the last one, see recent ones; owner void.
import { z } from 'zod';
import { ClientId, Id, IsoDateTime, method, Text } from '../api/method';
import { AmountInput, CorrectionResult, Credits, examplePass, LotTouched, LowBalance, Money, PaymentMethod, RedemptionSummary } from './ledger';

export const RedeemResult = z.object({
  redemptionId: Id,
  passId: Id,
  balanceBefore: Credits,
  balanceAfter: Credits,
  creditsUsed: Credits.describe('credits needed by the lines (= covered by lots + overage)'),
  lines: z.array(z.object({ itemId: Id, name: z.string(), quantity: Credits, rate: Credits, credits: Credits })),
  lotsTouched: z.array(LotTouched),
  overage: z.object({
    credits: Credits, amount: Money, settlement: z.enum(['now', 'account']),
    paymentMethod: PaymentMethod.nullable().optional().describe('how overage charged now was paid; null on account (absent from answers stored before it was given)'),
  }).nullable(),
  lowBalance: LowBalance,
  undoUntil: IsoDateTime,
  at: IsoDateTime.optional().describe('when the ledger dated the redemption, for its receipt (absent from answers stored before it was given)'),
});
export type RedeemResult = z.infer<typeof RedeemResult>;

const exampleCorrection = {
  correctionId: 1, kind: 'undo' as const, redemptionId: 7, passId: 1, creditsRestored: '1.5',
  lotsRestored: [{ lotId: 1, credits: '1.5', expiresAt: '2026-04-01T04:00:00.000Z', restoredInto: 1 }],
  revenueReversed: '3.00', overageReversed: null, moneyBack: [], accountCleared: '0.00', balanceAfter: '23.5', pass: examplePass,
};

export const counterContract = {
  'counter.redeem': method({
    role: 'counter', write: true,
    summary: 'Draw items down from a pass (or the one active pass of a customer). credits = quantity × rate, computed exactly and rounded once per line to a millionth of a credit (half up: 0.000003 × 0.2 draws 0.000001). Each item draws only from a pass of its credit unit; by customer, the one active pass the items fit. ' +
      'Block policy: INSUFFICIENT_CREDITS, nothing written. Allow policy: INSUFFICIENT_CREDITS with the overage amount until the ' +
      'call is resubmitted (same clientId) with overageSettlement now|account. OVERDRAFT_LIMIT when this overage put on account plus the ' +
      'overage still unpaid on account would pass the plan\'s overdraft limit; overage charged now is paid and not limited, and the first ' +
      'answer says accountAllowed: false when only charging it now is possible. A cart partly over: the pass covers the dearest credits ' +
      '(cash price per credit) first, whatever the order of the lines; what is over costs the plan\'s overage price per credit, ' +
      'else its share of each item\'s cash price (a line wholly over: quantity × cash price), rounded once.',
    input: z.object({
      clientId: ClientId,
      passId: Id.optional(),
      customerId: Id.optional(),
      items: z.array(z.object({ itemId: Id, quantity: AmountInput.describe('usage units, > 0: "1", "0.1"') }).strict()).min(1).max(50),
      overageSettlement: z.enum(['now', 'account']).optional(),
      paymentMethod: PaymentMethod.optional().describe('for overage charged now (default cash)'),
      expected: z.object({
        credits: AmountInput.optional().describe('the credits the screen said the cart takes'),
        overageAmount: AmountInput.optional().describe('the overage amount the customer agreed to (with overageSettlement)'),
      }).strict().optional().describe('what the screen showed: when the ledger would take other figures (the owner changed a rate, another '
        + 'counter used the pass meanwhile) nothing is written: CONFLICT (reason CHANGED, with the credits now) for the credits, '
        + 'INSUFFICIENT_CREDITS with the new overage offer for the overage'),
    }).strict().refine((v) => (v.passId === undefined) !== (v.customerId === undefined), 'give exactly one of passId or customerId'),
    output: RedeemResult,
    example: {
      input: { clientId: '01JD0000000000000000000040', passId: 1, items: [{ itemId: 3, quantity: '1' }] },
      output: {
        redemptionId: 7, passId: 1, balanceBefore: '25', balanceAfter: '23.5', creditsUsed: '1.5',
        lines: [{ itemId: 3, name: 'Cold brew (large)', quantity: '1', rate: '1.5', credits: '1.5' }],
        lotsTouched: [{ lotId: 1, credits: '1.5', expiresAt: '2026-04-01T04:00:00.000Z' }],
        overage: null, lowBalance: { low: false, thresholdCredits: '3', thresholdPercent: null }, undoUntil: '2026-03-01T15:02:00.000Z', at: '2026-03-01T15:00:00.000Z',
      },
    },
  }),
  'counter.undo': method({
    role: 'counter', write: true,
    summary: 'Undo the latest redemption of its pass within the shop undo window (no PIN). Restores the lots it consumed; a lot that has ended since restores into a new adjustment lot ending with the current period. UNDO_WINDOW_PASSED when the window has passed or it is not the latest, ALREADY_VOIDED when undone already, PASS_CLOSED on a cancelled pass.',
    input: z.object({ clientId: ClientId, redemptionId: Id }).strict(),
    output: CorrectionResult,
    example: { input: { clientId: '01JD0000000000000000000041', redemptionId: 7 }, output: exampleCorrection },
  }),
  'counter.recent': method({
    role: 'counter', write: false,
    summary: 'Recent redemptions of a pass, newest first, with their voided and undoable flags.',
    input: z.object({ passId: Id, limit: z.number().int().min(1).max(200).optional() }).strict(),
    output: z.object({ redemptions: z.array(RedemptionSummary) }),
    example: { input: { passId: 1, limit: 10 }, output: { redemptions: [] } },
  }),
  'redemptions.void': method({
    role: 'owner', write: true,
    summary: 'Void any redemption of a pass that is not cancelled: restores exactly the lots it consumed (an expired lot into a new adjustment lot), reverses its revenue and its overage. Each lot goes back onto its revenue schedule (paid × consumed ÷ amount, rounded), so with cumulative rounding the revenue reversed can differ from what the redemption recognised by a minor unit per lot, and the lot still recognises exactly what was paid. ALREADY_VOIDED when undone or voided already, PASS_CLOSED on a cancelled pass.',
    input: z.object({ clientId: ClientId, redemptionId: Id, reason: Text(200, 'reason') }).strict(),
    output: CorrectionResult,
    example: { input: { clientId: '01JD0000000000000000000042', redemptionId: 7, reason: 'Rang up twice' }, output: { ...exampleCorrection, kind: 'void' } },
  }),
};


/** details of INSUFFICIENT_CREDITS from counter.redeem (block: first shape; allow without a settlement: second). */
export type InsufficientCreditsDetails =
  | { has: string; needs: string; overagePolicy: 'block' }
  | { has: string; needs: string; overageCredits: string; overageAmount: string; overagePolicy: 'allow'; accountAllowed: boolean; changed?: true };
/** details of OVERDRAFT_LIMIT from counter.redeem. */
export interface OverdraftLimitDetails { has: string; needs: string; overageCredits: string; onAccountCredits: string; overdraftLimit: string }
/** details of VALIDATION from counter.redeem by customerId when the customer holds several active passes. */
export interface ChoosePassDetails { field: 'passId'; passes: { passId: number; planName: string; balance: string; soldAt: string }[] }
/** details of UNDO_WINDOW_PASSED from counter.undo. */
export interface UndoWindowDetails { redemptionId: number; reason: 'NOT_LATEST' | 'EXPIRED'; undoUntil?: string }
