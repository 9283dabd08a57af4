// Customers: the people who hold passes, found at the counter by name, phone or card code.
import { z } from 'zod';
import { ClientId, Id, IsoDateTime, method, OptionalText, Text } from '../api/method';
import { Credits, examplePass, Money, PassView, RedemptionSummary } from './ledger';

export const CustomerView = z.object({
  id: Id,
  code: z.string().describe('short pass code printed on the card (scanner types it)'),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  createdAt: IsoDateTime,
});
export type CustomerView = z.infer<typeof CustomerView>;

/** why a card was replaced (the ledger's card_replacements.reason holds the same four) */
const ReplaceReason = z.enum(['lost', 'stolen', 'damaged', 'other']);
export type ReplaceReason = z.infer<typeof ReplaceReason>;
export const FormerCard = z.object({
  code: z.string().describe('the code the replaced card carried: it opens no one now (CARD_REPLACED)'),
  reason: ReplaceReason, replacedAt: IsoDateTime,
});

/** A customer merged into another (customers.merge): who they were, their card code, when. */
export const MergedCustomer = z.object({ id: Id, name: z.string(), code: z.string().describe('their card: it opens the customer they were merged into'), at: IsoDateTime });

export const CustomerDetail = z.object({
  customer: CustomerView,
  formerCards: z.array(FormerCard).describe('cards this customer had before the one they have now, newest first'),
  passes: z.array(PassView).describe('newest first; active ones before closed ones'),
  recent: z.array(RedemptionSummary).describe('the last 10 redemptions over all passes, newest first'),
  forgotten: z.object({ at: IsoDateTime, reason: z.string() }).nullable()
    .describe('customers.forget erased who this was (name "Forgotten customer", no phone, email or notes): when and why; null otherwise'),
  mergedInto: z.object({ id: Id, name: z.string(), at: IsoDateTime, reason: z.string() }).nullable()
    .describe('customers.merge took this customer into another (the same person): whom, when and why; their card opens that customer now. Null otherwise'),
  duplicates: z.array(MergedCustomer).describe('customers merged into this one (customers.merge), oldest first: their cards open this customer'),
  scannedCard: MergedCustomer.nullable()
    .describe('customers.byCode: the card read was a duplicate\'s merged into this customer (the counter says so); null otherwise'),
});

const exampleCustomer: CustomerView = {
  id: 1, code: 'K7MX2QPA', name: 'Anna Lee', phone: '+1 212 555 0143', email: null, notes: null, createdAt: '2026-03-01T15:00:00.000Z',
};
const exampleDetail = { customer: exampleCustomer, formerCards: [], passes: [examplePass], recent: [], forgotten: null, mergedInto: null, duplicates: [], scannedCard: null };

export const customersContract = {
  'customers.create': method({
    role: 'counter', write: true,
    summary: 'Add a customer; a unique short pass code is generated for the card.',
    input: z.object({
      clientId: ClientId,
      name: Text(120, 'name'),
      phone: OptionalText(40, 'phone'),
      email: OptionalText(200, 'email'),
      notes: OptionalText(2000, 'notes'),
    }).strict(),
    output: CustomerView,
    example: { input: { clientId: '01JD0000000000000000000020', name: 'Anna Lee', phone: '+1 212 555 0143' }, output: exampleCustomer },
  }),
  'customers.update': method({
    role: 'counter', write: true,
    summary: 'Edit a customer. Omitted fields stay; null or "" clears phone, email, notes.',
    input: z.object({
      clientId: ClientId,
      id: Id,
      name: Text(120, 'name').optional(),
      phone: OptionalText(40, 'phone'),
      email: OptionalText(200, 'email'),
      notes: OptionalText(2000, 'notes'),
    }).strict(),
    output: CustomerView,
    example: { input: { clientId: '01JD0000000000000000000021', id: 1, phone: '+1 212 555 0199' }, output: { ...exampleCustomer, phone: '+1 212 555 0199' } },
  }),
  'customers.replaceCard': method({
    role: 'counter', write: true,
    summary: 'Replace a customer\'s card (lost, stolen, damaged): the customer gets a new card code and the old one stops working at once. '
      + 'A scan of the old card then gets CARD_REPLACED, and the code is never given to anyone again. Passes, balances and history stay with the customer. '
      + '`code`: the code of a card the shop hands out (pre-printed cards, 3 to 16 letters and digits); without it Passbook makes one.',
    input: z.object({
      clientId: ClientId,
      id: Id,
      reason: ReplaceReason,
      code: z.string().max(40).optional().describe('a pre-printed card\'s code; spaces and dashes are dropped, letters read as capitals'),
    }).strict(),
    output: z.object({ customer: CustomerView, replaced: FormerCard }),
    example: {
      input: { clientId: '01JD0000000000000000000022', id: 1, reason: 'lost' },
      output: { customer: { ...exampleCustomer, code: 'R3WQ7HDC' }, replaced: { code: 'K7MX2QPA', reason: 'lost', replacedAt: '2026-03-05T10:12:00.000Z' } },
    },
  }),
  'customers.forget': method({
    role: 'owner', write: true,
    summary: 'Forget a customer at their request (the right to erasure): their name becomes "Forgotten customer", and their phone, email '
      + 'and notes are removed, here and in the answers kept for retries, with the old bytes overwritten. Their passes, redemptions and money '
      + 'stay in the books under that name. Refused (CONFLICT) while a pass of theirs is active (refund and cancel it first) or overage is on '
      + 'account, and for a customer already forgotten. Customers merged into them (customers.merge: the same person\'s other records) are '
      + 'forgotten with them. Reasons typed in corrections are kept as typed; backups made before keep the old details until they are deleted.',
    input: z.object({ clientId: ClientId, id: Id, reason: Text(500, 'reason') }).strict(),
    output: z.object({
      customer: CustomerView,
      forgottenAt: IsoDateTime,
      operationsRedacted: z.number().int().nonnegative().describe('stored answers that named them and were rewritten'),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000023', id: 1, reason: 'Asked by email on Mar 20' },
      output: {
        customer: { ...exampleCustomer, name: 'Forgotten customer', phone: null }, forgottenAt: '2026-03-21T10:00:00.000Z', operationsRedacted: 4,
      },
    },
  }),
  'customers.merge': method({
    role: 'owner', write: true,
    summary: 'The same person as another customer: merge this customer (id, the duplicate) into the one the shop keeps (intoId), in one step. '
      + 'Every live credit of the duplicate\'s open passes moves to the kept customer\'s open pass of the same credit unit as passes.transfer moves credits '
      + '(each part keeps its end and paid value, and expires there without rolling over, as moved credits do; no money moves); overage the duplicate owes on account moves with it; each emptied pass of the duplicate is '
      + 'refunded and cancelled at 0.00 (one past its term that only the moved credits held open has ended with them, and is left ended). The duplicate\'s card then opens the kept customer (customers.byCode, with scannedCard), searches and the owner\'s '
      + 'list leave the duplicate out, sales and edits to them are refused, and the kept customer\'s history shows the merge with both names. Nothing is erased. '
      + 'VALIDATION for a customer merged into themselves; CONFLICT (nothing written) with details.reason: FORGOTTEN (either one was forgotten), '
      + 'ALREADY_MERGED (the duplicate was merged already, or the kept one was merged away: merge into whom they were merged into), NO_PASS_TO_RECEIVE '
      + '(the kept customer has no open pass of that credit unit: sell one first, or merge the other way round), PERIODS_TO_COME (a pass of several '
      + 'periods still has periods paid for and not granted), OWED_ON_CLOSED_PASS (overage owed on a pass that has ended: settle it first).',
    input: z.object({
      clientId: ClientId, id: Id.describe('the duplicate: the record that goes'), intoId: Id.describe('the customer the shop keeps'), reason: Text(200, 'reason'),
    }).strict(),
    output: z.object({
      mergeId: Id, mergedAt: IsoDateTime, duplicate: CustomerView, kept: CustomerView,
      moved: z.array(z.object({ fromPassId: Id, toPassId: Id, credits: Credits, value: Money.describe('the paid value that moved with them') }))
        .describe('credits moved, one row per pass of the duplicate'),
      overageMoved: z.array(z.object({ fromPassId: Id, toPassId: Id, amount: Money })).describe('overage owed on account that moved with them'),
      cancelledPassIds: z.array(Id).describe("the duplicate's passes refunded and cancelled at 0.00 (emptied first); not one that ended when its credits moved"),
    }),
    example: {
      input: { clientId: '01JD0000000000000000000024', id: 2, intoId: 1, reason: 'Same person, second card made at the counter' },
      output: {
        mergeId: 1, mergedAt: '2026-03-21T10:00:00.000Z', duplicate: { ...exampleCustomer, id: 2, code: 'P4TR8WNE', name: 'Anna L.' }, kept: exampleCustomer,
        moved: [{ fromPassId: 2, toPassId: 1, credits: '6', value: '12.00' }], overageMoved: [], cancelledPassIds: [2],
      },
    },
  }),
  'customers.search': method({
    role: 'counter', write: false,
    summary: 'Find customers by any word prefix of the name, phone digits (anywhere in the number) or card code prefix.',
    input: z.object({ query: z.string().max(120), limit: z.number().int().min(1).max(100).optional() }).strict(),
    output: z.object({
      customers: z.array(z.object({
        id: Id, name: z.string(), phone: z.string().nullable(), code: z.string(),
        balance: Credits.nullable().describe('balance of the active pass (null: none)'),
        passId: Id.nullable().describe('the active pass (the newest if several)'),
      })),
    }),
    example: { input: { query: 'ann', limit: 20 }, output: { customers: [{ id: 1, name: 'Anna Lee', phone: '+1 212 555 0143', code: 'K7MX2QPA', balance: '23.5', passId: 1 }] } },
  }),
  'customers.byCode': method({
    role: 'counter', write: false,
    summary: 'The customer whose card code this is (exact, case-insensitive), as customers.get. CARD_REPLACED for the code of a card since replaced.',
    input: z.object({ code: z.string().min(1).max(32) }).strict(),
    output: CustomerDetail,
    example: { input: { code: 'k7mx2qpa' }, output: exampleDetail },
  }),
  'customers.cards': method({
    role: 'owner', write: false,
    summary: 'What printing customers\' pass cards needs (name and card code), for up to 500 customers at a time, in the order asked (after an import: the customers given new cards).',
    input: z.object({ ids: z.array(Id).min(1).max(500) }).strict(),
    output: z.object({ cards: z.array(z.object({ id: Id, name: z.string(), code: z.string() })) }),
    example: { input: { ids: [1] }, output: { cards: [{ id: 1, name: 'Anna Lee', code: 'K7MX2QPA' }] } },
  }),
  'customers.get': method({
    role: 'counter', write: false,
    summary: 'A customer with their passes and recent redemptions.',
    input: z.object({ id: Id }).strict(),
    output: CustomerDetail,
    example: { input: { id: 1 }, output: exampleDetail },
  }),
};
