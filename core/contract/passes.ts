// Passes: sell, top up (and undo either at once), read; owner corrections on a pass (adjust, refund/cancel) and overage settlement.
import { z } from 'zod';
import { ClientId, Id, IsoDateTime, method, Text } from '../api/method';
import { AmountInput, Credits, examplePass, GiftDays, Money, PassView, PaymentMethod } from './ledger';
import { LocalDate } from './reports';

/** What a sale or top-up took and gave: the receipt the counter prints for it. */
const Bought = z.object({
  name: z.string().describe('the plan or top-up pack, as sold'),
  credits: Credits.describe('credits of the lot it opened (a plan of several periods: the first period\'s; the rest come at each period start)'),
  paid: Money.describe('money taken: a plan\'s price × its periods (all paid at the sale), a pack\'s price'),
  paymentMethod: PaymentMethod,
  periods: z.number().int().positive().describe('periods paid for (1 for a pack)'),
  lotId: Id,
  expiresAt: z.string().nullable().describe('when the new lot\'s credits end (ISO 8601 instant, UTC); null: never'),
  bonus: Credits.optional().describe('free credits the plan or pack gives with it ("0": none), in a promo lot of their own ending with these; absent only from answers to requests made before Passbook gave bonuses'),
});
/** What a payment on account took: the receipt the counter prints for it, dated when the ledger wrote it. */
const Settled = z.object({
  paymentId: Id,
  amount: Money.describe('money taken'),
  paymentMethod: PaymentMethod,
  at: IsoDateTime.describe('when the payment was written'),
});
const exampleBought = { name: 'Coffee Pass', credits: '25', paid: '50.00', paymentMethod: 'card', periods: 1, lotId: 1, expiresAt: '2026-04-01T04:00:00.000Z', bonus: '0' } as const;

const ExtendAllView = z.object({
  through: LocalDate, expiresAt: IsoDateTime.describe('the instant the credits end instead: the local midnight that ends `through`'),
  passes: z.number().int(), customers: z.number().int(), lots: z.number().int(),
  credits: z.array(z.object({ unit: z.string(), credits: Credits })).describe('credits whose end moves, per credit unit (drinks and hours do not add up)'),
});
const exampleExtendAll = { through: '2027-01-20', expiresAt: '2027-01-21T05:00:00.000Z', passes: 41, customers: 39, lots: 44, credits: [{ unit: 'drink', credits: '312.5' }] };

/** An extension taken back, or about to be: the request it takes back and where each lot's end goes. */
const ExtensionUndoView = z.object({
  extendedAt: IsoDateTime.nullable().describe('when the extension taken back was made; null: nothing to take back'),
  extendedReason: z.string().nullable().describe('the owner\'s reason for that extension'),
  credits: Credits.describe('credits whose end moves back'),
  lots: z.array(z.object({
    lotId: Id, credits: Credits,
    extendedTo: IsoDateTime.describe('the end the extension gave it'),
    expiresAt: IsoDateTime.describe('the end it goes back to: its end before the extension, or the end of today when that has passed'),
  })),
  rolloverPassed: z.object({ at: IsoDateTime, credits: Credits }).nullable()
    .describe('credits that would have rolled over at their old end `at`, which has passed: taking the extension back now would lose them, so passes.undoExtension refuses (CONFLICT, reason ROLLOVER_PASSED); null otherwise'),
});
const exampleUndo = {
  extendedAt: '2026-03-20T14:02:11.000Z', extendedReason: 'In hospital for three weeks', credits: '22',
  lots: [{ lotId: 1, credits: '22', extendedTo: '2027-05-01T04:00:00.000Z', expiresAt: '2026-04-01T04:00:00.000Z' }], rolloverPassed: null,
};

/** The shop's last closure taken back, or about to be: which closure, and what moves back. */
const ClosureUndoView = z.object({
  closedAt: IsoDateTime.nullable().describe('when the closure taken back was made; null: none to take back'),
  reason: z.string().nullable().describe('the owner\'s reason for the closure'),
  extendedTo: IsoDateTime.nullable().describe('the end the closure gave its credits (a local midnight)'),
  passes: z.number().int(), customers: z.number().int(), lots: z.number().int(),
  credits: z.array(z.object({ unit: z.string(), credits: Credits })).describe('credits whose end moves back, per credit unit'),
  kept: z.number().int().describe('lots the closure reached that keep its end: their old end has passed and they would have rolled over there, so taking it back would lose them'),
});
const exampleClosureUndo = {
  closedAt: '2026-12-18T21:40:00.000Z', reason: 'Closed for the holidays', extendedTo: '2037-01-21T05:00:00.000Z',
  passes: 41, customers: 39, lots: 44, credits: [{ unit: 'drink', credits: '312.5' }], kept: 0,
};

export const passesContract = {
  'passes.sell': method({
    role: 'counter', write: true,
    summary: 'Sell a plan to a customer: a new pass with its first lot, paid now (cash ↑, deferred revenue ↑).',
    input: z.object({
      clientId: ClientId, customerId: Id, planId: Id, paymentMethod: PaymentMethod,
      expectedPrice: AmountInput.optional().describe('the price the screen asked for: when the plan now costs another, nothing is written (CONFLICT, reason CHANGED, with the price now)'),
    }).strict(),
    output: PassView.extend({ bought: Bought.optional().describe('absent only from answers to requests made before Passbook gave it (a retry of such a request replays the stored answer)') }),
    example: { input: { clientId: '01JD0000000000000000000030', customerId: 1, planId: 1, paymentMethod: 'card' }, output: { ...examplePass, bought: exampleBought } },
  }),
  'passes.topUp': method({
    role: 'counter', write: true,
    summary: 'Sell a top-up pack to an existing pass: a new lot with its own expiry.',
    input: z.object({
      clientId: ClientId, passId: Id, packId: Id, paymentMethod: PaymentMethod,
      expectedPrice: AmountInput.optional().describe('the price the screen asked for: when the pack now costs another, nothing is written (CONFLICT, reason CHANGED, with the price now)'),
    }).strict(),
    output: PassView.extend({ bought: Bought.optional().describe('absent only from answers to requests made before Passbook gave it (a retry of such a request replays the stored answer)') }),
    example: { input: { clientId: '01JD0000000000000000000031', passId: 1, packId: 2, paymentMethod: 'cash' }, output: { ...examplePass, bought: { name: '10 more drinks', credits: '10', paid: '18.00', paymentMethod: 'cash', periods: 1, lotId: 2, expiresAt: null, bonus: '1' } } },
  }),
  'passes.get': method({
    role: 'counter', write: false,
    summary: 'A pass: balance, live lots with expiry and cost basis, overage due, low-balance state.',
    input: z.object({ passId: Id }).strict(),
    output: PassView,
    example: { input: { passId: 1 }, output: examplePass },
  }),
  'passes.adjust': method({
    role: 'owner', write: true,
    summary: 'Owner adjustment. + adds an adjustment lot with cost basis 0 (no money); − takes credits from the lots in consumption order and writes their unused paid value off as breakage.',
    input: z.object({ clientId: ClientId, passId: Id, credits: AmountInput.describe('signed, not zero: "2", "-1.5"'), reason: Text(200, 'reason') }).strict(),
    output: PassView,
    example: { input: { clientId: '01JD0000000000000000000032', passId: 1, credits: '2', reason: 'Spilled drink' }, output: examplePass },
  }),
  'passes.extend': method({
    role: 'owner', write: true,
    summary: 'Extend how long a pass\'s credits can be used (a customer was ill or away): every live lot that ends before the end of `through` (a local day of the shop) '
      + 'is valid through that day instead; lots that end later or never are left as they are. No credits or money move, so each lot keeps its price and its '
      + 'revenue schedule and earlier redemptions can still be voided. Extended credits expire at the new end and do not roll over. Credits that already expired '
      + 'are not brought back (passes.adjust gives new ones). VALIDATION (field through) for a day that has passed, more than ten years away, or when no credit '
      + 'ends before it; PASS_CLOSED on a cancelled or ended pass.',
    input: z.object({ clientId: ClientId, passId: Id, through: LocalDate.describe('the last local day the credits can be used: "2026-04-30"'), reason: Text(200, 'reason') }).strict(),
    output: PassView.extend({
      extended: z.object({
        through: LocalDate, expiresAt: IsoDateTime.describe('the instant they stop: the local midnight that ends `through`'),
        credits: Credits.describe('credits whose end moved'),
        lots: z.array(z.object({ lotId: Id, credits: Credits, previousExpiresAt: IsoDateTime })),
      }),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000093', passId: 1, through: '2026-04-30', reason: 'In hospital for three weeks' },
      output: {
        ...examplePass,
        extended: { through: '2026-04-30', expiresAt: '2026-05-01T04:00:00.000Z', credits: '22', lots: [{ lotId: 1, credits: '22', previousExpiresAt: '2026-04-01T04:00:00.000Z' }] },
      },
    },
  }),
  'passes.undoExtensionQuote': method({
    role: 'owner', write: false,
    summary: 'What passes.undoExtension would do, without doing it: the pass\'s last extension whose new end still holds (its instant and reason), '
      + 'and per lot the end it has now and the one it would go back to. `lots` is empty when there is nothing to take back.',
    input: z.object({ passId: Id }).strict(),
    output: ExtensionUndoView.extend({ passId: Id }),
    example: { input: { passId: 1 }, output: { passId: 1, ...exampleUndo } },
  }),
  'passes.undoExtension': method({
    role: 'owner', write: true,
    summary: 'Take back the pass\'s last extension (a wrong day picked, a closure typed for the wrong year): each lot it moved goes back to the end it had '
      + 'before, or to the end of today when that has passed (credits never end in the past). No credits or money move. Calling it again takes back the '
      + 'extension before, newest first. A lot back at the end it was granted with rolls over again as its plan says. VALIDATION (field passId) when no '
      + 'live credit of the pass has an extension to take back; PASS_CLOSED on a cancelled or ended pass; CONFLICT (reason ROLLOVER_PASSED) when credits '
      + 'would have rolled over at their old end and it has passed: back at tonight they would expire instead, so taking it back would lose them.',
    input: z.object({ clientId: ClientId, passId: Id, reason: Text(200, 'reason') }).strict(),
    output: PassView.extend({ undone: ExtensionUndoView }),
    example: { input: { clientId: '01JD0000000000000000000095', passId: 1, reason: 'Wrong day picked' }, output: { ...examplePass, undone: exampleUndo } },
  }),
  'passes.extendAllQuote': method({
    role: 'owner', write: false,
    summary: 'What passes.extendAll would do, without doing it: the passes, customers, lots and credits (per credit unit) of open passes whose live credits '
      + 'have their last valid day in [endingFrom, endingThrough], and the instant they would end instead. Refused as passes.extendAll refuses its window.',
    input: z.object({ endingFrom: LocalDate, endingThrough: LocalDate, through: LocalDate }).strict(),
    output: ExtendAllView,
    example: { input: { endingFrom: '2026-12-20', endingThrough: '2027-01-05', through: '2027-01-20' }, output: exampleExtendAll },
  }),
  'passes.extendAll': method({
    role: 'owner', write: true,
    summary: 'The shop closes for a while (holidays, works): every live credit of an open pass whose last valid day falls in [endingFrom, endingThrough] '
      + '(local days of the shop) can be used through `through` instead, as passes.extend would do pass by pass (no credits or money move; they expire on '
      + 'the new day without rolling over; each pass\'s history and statement say it). Credits that already expired are not brought back. '
      + 'VALIDATION for a window upside down or already over, a `through` not after it or more than ten years away, or when no credit ends in it.',
    input: z.object({ clientId: ClientId, endingFrom: LocalDate, endingThrough: LocalDate, through: LocalDate, reason: Text(200, 'reason') }).strict(),
    output: ExtendAllView,
    example: { input: { clientId: '01JD0000000000000000000094', endingFrom: '2026-12-20', endingThrough: '2027-01-05', through: '2027-01-20', reason: 'Closed for the holidays' }, output: exampleExtendAll },
  }),
  'passes.undoClosureQuote': method({
    role: 'owner', write: false,
    summary: 'What passes.undoClosure would do, without doing it: the shop\'s last closure that still holds credits\' ends, and how many passes, customers, lots '
      + 'and credits (per unit) would go back. All counts zero and closedAt null when there is none.',
    input: z.object({}).strict(),
    output: ClosureUndoView,
    example: { input: {}, output: exampleClosureUndo },
  }),
  'passes.undoClosure': method({
    role: 'owner', write: true,
    summary: 'Take back the shop\'s last closure (passes.extendAll) for every pass at once (dates or a year typed wrong): each of its lots whose end is still the '
      + 'one it gave, live on an open pass, goes back to its end before the closure, or to the end of today when that has passed. Lots extended again or '
      + 'taken back since, pass by pass, are left as they are. No credits or money move; each pass\'s history and statement say it. Calling it again '
      + 'takes back the closure before. VALIDATION when there is none to take back.',
    input: z.object({ clientId: ClientId, reason: Text(200, 'reason') }).strict(),
    output: ClosureUndoView,
    example: { input: { clientId: '01JD0000000000000000000096', reason: 'Typed 2037 for 2027' }, output: exampleClosureUndo },
  }),
  'passes.givePromo': method({
    role: 'owner', write: true,
    summary: 'Give free credits to an open pass (a birthday, an apology, a loyalty reward): a promo lot with cost basis 0 (no money moves), used first among credits ending together. ' +
      'They end with the pass\'s current period, or `days` days from today (today counting as the first; a pass without periods and no `days`: never), and expire then without rolling over. PASS_CLOSED on a cancelled or ended pass.',
    input: z.object({
      clientId: ClientId, passId: Id, credits: AmountInput.describe('credits given, > 0'), reason: Text(200, 'reason'),
      days: GiftDays,
    }).strict(),
    output: PassView.extend({
      given: z.object({ lotId: Id, credits: Credits, expiresAt: IsoDateTime.nullable().describe('when they end; null: never') }),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000037', passId: 1, credits: '2', reason: 'Birthday', days: 14 },
      output: { ...examplePass, given: { lotId: 3, credits: '2', expiresAt: '2026-03-28T04:00:00.000Z' } },
    },
  }),
  'passes.transfer': method({
    role: 'owner', write: true,
    summary: 'Move credits from one open pass to another of the same credit unit (two passes of a customer merged, a gift to a family member). ' +
      'They are taken from the source in its consumption order, as a −N adjustment takes them, and each part arrives on the target as a lot of its own with the paid value it carried (the same cost basis) and the same end; it does not roll over. ' +
      'No money moves: deferred revenue goes from the source lots to the new lots. INSUFFICIENT_CREDITS when the source holds fewer; VALIDATION (field toPassId) for the same pass or another credit unit; PASS_CLOSED when either is cancelled or ended.',
    input: z.object({
      clientId: ClientId, fromPassId: Id, toPassId: Id, credits: AmountInput.describe('credits moved, > 0'), reason: Text(200, 'reason'),
    }).strict(),
    output: z.object({
      from: PassView, to: PassView,
      moved: z.object({ credits: Credits, value: Money.describe('the paid value the credits carried (deferred revenue moved with them)') }),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000038', fromPassId: 1, toPassId: 2, credits: '5', reason: 'For her daughter' },
      output: { from: { ...examplePass, balance: '18.5' }, to: { ...examplePass, id: 2, balance: '5' }, moved: { credits: '5', value: '10.00' } },
    },
  }),
  'passes.refund': method({
    role: 'owner', write: true,
    summary: 'Cancel a pass and pay back the unused paid value of its live lots, and the price of periods not granted yet on a pass of several periods (deferred ↓, cash ↓). Overage still owed on account is settled from it first (receivable ↓), and only the rest is paid back. ' +
      'A fee, at most what would be paid back, is kept by the shop as a cancellation fee (revenue:cancellation-fees ↑) and not paid back; "0" by default. Later redemptions get PASS_CLOSED.',
    input: z.object({
      clientId: ClientId, passId: Id, reason: Text(200, 'reason'), paymentMethod: PaymentMethod,
      // a fee of 0 is no fee: the same request, so a retry that says "0" where the first said nothing is not a CONFLICT
      fee: AmountInput.optional().transform((v) => (v === '0' ? undefined : v)).describe('money kept from what would be paid back, >= 0: a cancellation fee'),
      expectedRefund: AmountInput.optional().describe('the money back the screen said: when the refund would now pay back another amount (the pass was used meanwhile), nothing is written (CONFLICT, reason CHANGED, with the amount now)'),
    }).strict(),
    output: PassView.extend({
      refunded: z.string().describe('money paid back to the customer'),
      settledOnAccount: z.string().describe('overage owed on account that the refund paid off first'),
      fee: Money.optional().describe('kept as a cancellation fee (absent only from answers to requests made before Passbook took a fee)'),
    }),
    example: { input: { clientId: '01JD0000000000000000000033', passId: 1, reason: 'Moving away', paymentMethod: 'cash', fee: '5.00' }, output: { ...examplePass, status: 'cancelled', balance: '0', lots: [], nextExpiry: null, refunded: '42.00', settledOnAccount: '0.00', fee: '5.00' } },
  }),
  'passes.refundTopUp': method({
    role: 'owner', write: true,
    summary: 'Pay back what is left of one top-up and take its credits off; the pass and its other lots stay as they are. The top-up lot\'s whole unused paid value leaves deferred revenue, whatever of it was used before: overage still owed on account is settled from it first (receivable ↓), as a pass\'s refund does, and the rest is paid back (cash ↓). ' +
      'NOT_FOUND when lotId is not a top-up of this pass; VALIDATION (field lotId) when nothing of it is left (used up, expired, refunded); PASS_CLOSED on a cancelled or ended pass.',
    input: z.object({
      clientId: ClientId, passId: Id, lotId: Id, reason: Text(200, 'reason'), paymentMethod: PaymentMethod,
      expectedRefund: AmountInput.optional().describe('the money back the screen said: when the refund would now pay back another amount (the pass was used meanwhile), nothing is written (CONFLICT, reason CHANGED, with the amount now)'),
    }).strict(),
    output: PassView.extend({
      refunded: Money.describe('money paid back'), credits: Credits.describe('credits taken off'),
      settledOnAccount: Money.describe('overage owed on account that the refund paid off first'),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000036', passId: 1, lotId: 2, reason: 'Bought one too many', paymentMethod: 'cash' },
      output: { ...examplePass, refunded: '12.60', credits: '7', settledOnAccount: '0.00' },
    },
  }),
  'passes.refundCredits': method({
    role: 'owner', write: true,
    summary: 'Pay back some of a pass\'s paid credits at their cost basis; the pass stays open with the rest. Free credits (gifts, bonuses) are never paid back. ' +
      'The credits come off the paid lots in the pass\'s consumption order, as a −N adjustment takes them, so each lot stays on its revenue schedule; their paid value leaves deferred revenue (deferred ↓, cash ↓), ' +
      'less the overage owed on account, which it pays first (receivable ↓), and less a fee the shop keeps, at most what would be paid back (revenue:cancellation-fees ↑; VALIDATION field fee above it). INSUFFICIENT_CREDITS when the pass holds fewer paid credits; PASS_CLOSED on a cancelled or ended pass. ' +
      'A redemption drawn from those lots before the refund can no longer be undone or voided (CONFLICT, details.reason REFUNDED_SINCE): the owner adds credits back with an adjustment instead.',
    input: z.object({
      clientId: ClientId, passId: Id, credits: AmountInput.describe('paid credits paid back, > 0'), reason: Text(200, 'reason'), paymentMethod: PaymentMethod,
      // a fee of 0 is no fee: the same request, so a retry that says "0" where the first said nothing is not a CONFLICT
      fee: AmountInput.optional().transform((v) => (v === '0' ? undefined : v)).describe('money kept from what would be paid back, >= 0: a cancellation fee'),
      expectedRefund: AmountInput.optional().describe('the money back the screen said: when the refund would now pay back another amount (the pass was used meanwhile), nothing is written (CONFLICT, reason CHANGED, with the amount now)'),
    }).strict(),
    output: PassView.extend({
      refunded: Money.describe('money paid back'), credits: Credits.describe('credits taken off'),
      settledOnAccount: Money.describe('overage owed on account that the refund paid off first'),
      fee: Money.describe('kept as a cancellation fee'),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000092', passId: 1, credits: '5', reason: 'Leaving town for the summer', paymentMethod: 'cash' },
      output: { ...examplePass, balance: '18.5', refunded: '10.00', credits: '5', settledOnAccount: '0.00', fee: '0.00' },
    },
  }),
  'passes.refundQuote': method({
    role: 'owner', write: false,
    summary: 'What passes.refund would do now, before the owner confirms: the credits cancelled, the overage owed on account it would settle first, and the money handed back. '
      + 'With credits: what passes.refundCredits would do for that many credits (the pass staying open). Worked out by the refund itself, rolled back, so the confirmed refund pays exactly this (unless the pass changes in between).',
    input: z.object({ passId: Id, credits: AmountInput.optional().describe('a refund of this many paid credits (passes.refundCredits); absent: the whole pass (passes.refund)') }).strict(),
    output: z.object({ passId: Id, credits: Credits.describe('credits the refund cancels'), settledOnAccount: Money, refunded: Money.describe('money handed back') }),
    example: { input: { passId: 1 }, output: { passId: 1, credits: '23.5', settledOnAccount: '0.00', refunded: '47.00' } },
  }),
  'passes.settleOverage': method({
    role: 'counter', write: true,
    summary: 'Take a payment against overage put on account (cash ↑, receivable ↓). Cannot exceed what is due.',
    input: z.object({ clientId: ClientId, passId: Id, amount: AmountInput, paymentMethod: PaymentMethod }).strict(),
    output: PassView.extend({ settled: Settled.optional().describe('absent only from answers to requests made before Passbook gave it (a retry of such a request replays the stored answer)') }),
    example: { input: { clientId: '01JD0000000000000000000034', passId: 1, amount: '4.50', paymentMethod: 'cash' }, output: { ...examplePass, settled: { paymentId: 7, amount: '4.50', paymentMethod: 'cash', at: '2026-03-14T15:02:00.000Z' } } },
  }),
  'passes.undoPurchase': method({
    role: 'counter', write: true,
    summary: 'Undo a sale or top-up rung up by mistake, within the shop undo window and while it is still the last thing on its pass (no PIN). ' +
      'Its money is paid back in full the way it was paid (deferred ↓, cash ↓): a sale is refunded and its pass cancelled, a top-up takes back its own lot and the pass stays as it was. ' +
      'lotId is the lot the sale or top-up opened (bought.lotId in its answer). UNDO_WINDOW_PASSED (details.reason EXPIRED, USED or UNDONE) when the counter can no longer undo it; the owner can refund it then.',
    input: z.object({ clientId: ClientId, passId: Id, lotId: Id }).strict(),
    output: PassView.extend({
      undone: z.object({
        kind: z.enum(['sale', 'topup']),
        credits: Credits.describe('credits taken back'),
        refunded: Money.describe('money handed back'),
        paymentMethod: PaymentMethod.describe('how it is handed back: the way the sale or top-up was paid'),
      }),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000035', passId: 1, lotId: 2 },
      output: { ...examplePass, undone: { kind: 'topup', credits: '10', refunded: '18.00', paymentMethod: 'cash' } },
    },
  }),
};

/** details of UNDO_WINDOW_PASSED from passes.undoPurchase. */
export interface UndoPurchaseDetails { passId: number; lotId: number; reason: 'EXPIRED' | 'USED' | 'UNDONE'; undoUntil?: string }
