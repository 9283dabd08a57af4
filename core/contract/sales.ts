// Sales without a pass: items at their cash price to a walk-in, paid at the counter; undone there inside the undo
// window, voided by the owner later; the owner's list of a day's sales.
import { z } from 'zod';
import { ClientId, Id, IsoDateTime, method, Text } from '../api/method';
import { AmountInput, Credits, Money, PaymentMethod } from './ledger';
import { LocalDate } from './reports';

export const CashSaleView = z.object({
  saleId: Id,
  at: IsoDateTime.describe('when the ledger dated it'),
  lines: z.array(z.object({
    itemId: Id, name: z.string().describe('as sold'), quantity: Credits.describe('usage units'),
    price: Money.describe('cash price of one usage unit, as sold'), amount: Money.describe('quantity × price, rounded once (half up)'),
  })),
  total: Money.describe('the sum of the lines: what was taken'),
  paymentMethod: PaymentMethod.describe('the way it was paid, as the owner may have corrected it (payments.changeMethod): what a void pays back by'),
  recordedMethod: PaymentMethod.describe('the way the counter tapped'),
  changes: z.array(z.object({ at: IsoDateTime, from: PaymentMethod, to: PaymentMethod, reason: z.string() })).describe('the owner\'s corrections of its way, oldest first'),
  undoUntil: IsoDateTime.describe('the counter may undo it until then (the shop undo window)'),
  reversed: z.object({ kind: z.enum(['undo', 'void']), at: IsoDateTime, reason: z.string().nullable() }).nullable()
    .describe('undone at the counter or voided by the owner: all of it paid back the way it was paid'),
});
export type CashSaleView = z.infer<typeof CashSaleView>;

const exampleSale: CashSaleView = {
  saleId: 1, at: '2026-03-01T15:00:00.000Z',
  lines: [{ itemId: 1, name: 'Cappuccino', quantity: '2', price: '4.50', amount: '9.00' }, { itemId: 4, name: 'Espresso', quantity: '1', price: '2.50', amount: '2.50' }],
  total: '11.50', paymentMethod: 'cash', recordedMethod: 'cash', changes: [], undoUntil: '2026-03-01T15:02:00.000Z', reversed: null,
};

export const salesContract = {
  'counter.cashSale': method({
    role: 'counter', write: true,
    summary: 'Sell items at their cash price to someone without a pass, paid now (cash ↑, revenue:cash-sales ↑: revenue at once, nothing deferred). ' +
      'Each line is quantity × the item\'s cash price, rounded once to the currency\'s minor unit (half up); the total is the sum of the lines. VALIDATION when an item is archived or nothing costs anything.',
    input: z.object({
      clientId: ClientId,
      items: z.array(z.object({ itemId: Id, quantity: AmountInput.describe('usage units, > 0: "1", "0.5"') }).strict()).min(1).max(50),
      paymentMethod: PaymentMethod,
      expectedTotal: AmountInput.optional().describe('the total the screen asked for: when the items now cost another, nothing is written (CONFLICT, reason CHANGED, with the total now)'),
    }).strict(),
    output: CashSaleView,
    example: { input: { clientId: '01JD0000000000000000000050', items: [{ itemId: 1, quantity: '2' }, { itemId: 4, quantity: '1' }], paymentMethod: 'cash' }, output: exampleSale },
  }),
  'counter.undoCashSale': method({
    role: 'counter', write: true,
    summary: 'Undo a sale without a pass inside the shop undo window (no PIN): all its money back the way it was paid. UNDO_WINDOW_PASSED after the window (the owner can void it), ALREADY_VOIDED when reversed already.',
    input: z.object({ clientId: ClientId, saleId: Id }).strict(),
    output: CashSaleView,
    example: { input: { clientId: '01JD0000000000000000000051', saleId: 1 }, output: { ...exampleSale, reversed: { kind: 'undo', at: '2026-03-01T15:00:40.000Z', reason: null } } },
  }),
  'cashSales.void': method({
    role: 'owner', write: true,
    summary: 'Void a sale without a pass at any time, with a reason (an item brought back): all its money back the way it was paid, on the day of the void. ALREADY_VOIDED when reversed already.',
    input: z.object({ clientId: ClientId, saleId: Id, reason: Text(200, 'reason') }).strict(),
    output: CashSaleView,
    example: { input: { clientId: '01JD0000000000000000000052', saleId: 1, reason: 'Brought back cold' }, output: { ...exampleSale, reversed: { kind: 'void', at: '2026-03-02T10:00:00.000Z', reason: 'Brought back cold' } } },
  }),
  'cashSales.list': method({
    role: 'owner', write: false,
    summary: 'The sales without a pass of one local day (the shop time zone), newest first, each with its undo or void.',
    input: z.object({ date: LocalDate, limit: z.number().int().min(1).max(500).default(200) }).strict(),
    output: z.object({ sales: z.array(CashSaleView) }),
    example: { input: { date: '2026-03-01' }, output: { sales: [exampleSale] } },
  }),
};
