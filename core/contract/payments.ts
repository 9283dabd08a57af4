// The money of a day and the way each payment was made, corrected by the owner when the counter picked the wrong
// one (core/corrections/paymentMethod.ts): the list the owner counts the till against, and the correction.
import { z } from 'zod';
import { ClientId, Id, IsoDateTime, method, Text } from '../api/method';
import { Money, PaymentMethod } from './ledger';
import { LocalDate } from './reports';

const PaymentKind = z.enum(['sale', 'topup', 'overage', 'settlement', 'refund', 'overage_refund']);

export const PaymentView = z.object({
  paymentId: Id, at: IsoDateTime, kind: PaymentKind.describe('a pass sold, a top-up, overage paid at the counter, overage owed settled, money paid back, overage paid back'),
  passId: Id, planName: z.string().describe('the pass as sold'), customerId: Id, customerName: z.string(),
  amount: Money.describe('taken (+) or paid back (−)'),
  paymentMethod: PaymentMethod.describe('the way it was made, as corrected: what the till counts it under'),
  recordedMethod: PaymentMethod.describe('the way the counter wrote it'),
  changes: z.array(z.object({ at: IsoDateTime, from: PaymentMethod, to: PaymentMethod, reason: z.string() })).describe('its corrections, oldest first'),
});
export type PaymentView = z.infer<typeof PaymentView>;

const examplePayment: PaymentView = {
  paymentId: 7, at: '2026-03-01T15:00:00.000Z', kind: 'sale', passId: 3, planName: 'Coffee Pass', customerId: 2, customerName: 'Ada Lovelace',
  amount: '50.00', paymentMethod: 'card', recordedMethod: 'cash', changes: [{ at: '2026-03-01T18:30:00.000Z', from: 'cash', to: 'card', reason: 'Paid by card, tapped Cash' }],
};

export const paymentsContract = {
  'payments.list': method({
    role: 'owner', write: false,
    summary: 'The money of the passes on one local day (the shop time zone), oldest first: each sale, top-up, overage, settlement and payment back, with the way it was made as corrected and its corrections. ' +
      'Sales without a pass are in cashSales.list.',
    input: z.object({ date: LocalDate, limit: z.number().int().min(1).max(500).default(300) }).strict(),
    output: z.object({ payments: z.array(PaymentView) }),
    example: { input: { date: '2026-03-01' }, output: { payments: [examplePayment] } },
  }),
  'payments.changeMethod': method({
    role: 'owner', write: true,
    summary: 'Correct the way a payment of a pass (paymentId) or a sale without a pass (saleId) was made: the cashier tapped Cash for money that came by card. ' +
      'The payment stays as written; a correction of its own moves its amount from the old way\'s account to the new one\'s (card ↑, cash ↓), on the day it is made, and the daily till counts it then. ' +
      'What is paid back later goes back the corrected way. VALIDATION when it already says that way or moved no money; NOT_FOUND for no such payment or sale; ALREADY_VOIDED for a sale without a pass undone or voided.',
    input: z.object({
      clientId: ClientId, paymentId: Id.optional(), saleId: Id.optional().describe('a sale without a pass, instead of paymentId'),
      paymentMethod: PaymentMethod.describe('the way it was really made'), reason: Text(200, 'reason'),
    }).strict().refine((v) => (v.paymentId === undefined) !== (v.saleId === undefined), 'give exactly one of paymentId or saleId'),
    output: z.object({
      changeId: Id, at: IsoDateTime, paymentId: Id.nullable(), saleId: Id.nullable(),
      from: PaymentMethod, to: PaymentMethod, amount: Money.describe('what moved from the old way to the new (− for money paid back)'),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000070', paymentId: 7, paymentMethod: 'card', reason: 'Paid by card, tapped Cash' },
      output: { changeId: 1, at: '2026-03-01T18:30:00.000Z', paymentId: 7, saleId: null, from: 'cash', to: 'card', amount: '50.00' },
    },
  }),
};
