// Period close: preview what will roll and expire, close what is due, and the history of closes.
import { z } from 'zod';
import { ClientId, Id, IsoDateTime, method } from '../api/method';
import { Credits, Money } from './ledger';

const CloseEventView = z.object({
  at: IsoDateTime.describe('the boundary or lot end'),
  kind: z.enum(['rollover', 'expire', 'allocation']),
  lotId: Id,
  newLotId: Id.nullable(),
  credits: Credits,
  value: Money.describe('rollover: paid value carried; expire: breakage; allocation: its share of the price'),
});

const PassPreview = z.object({
  passId: Id,
  planName: z.string(),
  creditUnit: z.string(),
  roll: Credits,
  rollValue: Money,
  expire: Credits,
  expireValue: Money,
  allocate: Credits,
  events: z.array(CloseEventView),
});

const CustomerPreview = z.object({
  customerId: Id,
  customerName: z.string(),
  customerCode: z.string().describe('the code on their card: tells two customers of one name apart'),
  rollValue: Money,
  expireValue: Money,
  passes: z.array(PassPreview),
});

const Totals = z.object({
  passes: z.number().int(),
  boundaries: z.number().int(),
  lotsRolled: z.number().int(),
  lotsExpired: z.number().int(),
  allocations: z.number().int(),
  carried: Money.describe('paid value carried into rollover lots that are still open after the run (a rollover the same run closed again is a step on the way: its expiry is in breakage)'),
  breakage: Money.describe('revenue recognised from expiry'),
});

const RunView = Totals.extend({
  runId: Id,
  trigger: z.enum(['auto', 'owner']),
  asOf: IsoDateTime,
  ranAt: IsoDateTime,
});

const exampleTotals = { passes: 1, boundaries: 1, lotsRolled: 1, lotsExpired: 1, allocations: 0, carried: '10.00', breakage: '4.00' };
const exampleEvents = [
  { at: '2026-04-01T04:00:00.000Z', kind: 'rollover' as const, lotId: 1, newLotId: 9, credits: '5', value: '10.00' },
  { at: '2026-04-01T04:00:00.000Z', kind: 'expire' as const, lotId: 1, newLotId: null, credits: '2', value: '4.00' },
];

export const periodsContract = {
  'periods.preview': method({
    role: 'owner', write: false,
    summary: 'What a close at asOf (any date up to two years ahead) would roll, expire and allocate, per customer, with its value. Writes nothing.',
    input: z.object({ asOf: IsoDateTime }).strict(),
    output: z.object({ asOf: IsoDateTime, totals: Totals, customers: z.array(CustomerPreview) }),
    example: {
      input: { asOf: '2026-04-01T04:00:00.000Z' },
      output: {
        asOf: '2026-04-01T04:00:00.000Z', totals: exampleTotals,
        customers: [{ customerId: 1, customerName: 'Anna Lee', customerCode: 'K7MX2QPA', rollValue: '10.00', expireValue: '4.00', passes: [{
          passId: 1, planName: 'Coffee Pass', creditUnit: 'drink', roll: '5', rollValue: '10.00', expire: '2', expireValue: '4.00', allocate: '0', events: exampleEvents,
        }] }],
      },
    },
  }),
  'periods.close': method({
    role: 'owner', write: true,
    summary: 'Close every period boundary and lot end up to asOf (default now; never in the future nor before the books begin), in order. Idempotent per pass and period.',
    input: z.object({ clientId: ClientId, asOf: IsoDateTime.optional() }).strict(),
    output: z.object({ runId: Id.nullable(), asOf: IsoDateTime, totals: Totals }),
    example: { input: { clientId: '01JD0000000000000000000060' }, output: { runId: 3, asOf: '2026-04-01T12:00:00.000Z', totals: exampleTotals } },
  }),
  'periods.history': method({
    role: 'owner', write: false,
    summary: 'Past close runs, newest first, with what each did.',
    input: z.object({ limit: z.number().int().min(1).max(500).optional() }).strict(),
    output: z.object({ runs: z.array(RunView) }),
    example: { input: { limit: 20 }, output: { runs: [{ runId: 3, trigger: 'auto', asOf: '2026-04-01T04:00:00.000Z', ranAt: '2026-04-01T04:00:01.000Z', ...exampleTotals }] } },
  }),
};
