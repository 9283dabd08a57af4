// Exports: files written into the `exports/` folder beside the ledger. The caller names what, never where.
import { z } from 'zod';
import { Id, IsoDateTime, method } from '../api/method';
import { Month } from './reports';

export const exportsContract = {
  'exports.create': method({
    role: 'owner', write: false, async: true,
    summary: 'Write an export into the exports folder beside the ledger: customers, passes (with lots), entries (ledger entries) or journal as CSV; the journal also as hledger or beancount text; a statement (customerId, from, to) as CSV; the accounts of a local month (month, default this one: reports.accounts\'s opening, change and closing per account) as CSV; '
      + 'the shop\'s corrections in [from, to) (the instants reports.corrections answers with, at most 400 days) as CSV, oldest first.',
    input: z.object({
      kind: z.enum(['customers', 'passes', 'entries', 'journal', 'statement', 'accounts', 'corrections']),
      format: z.enum(['csv', 'hledger', 'beancount']).default('csv'),
      customerId: Id.optional().describe('statement only'),
      passId: Id.optional().describe('statement only'),
      from: IsoDateTime.optional().describe('statement and corrections (needed for corrections)'),
      to: IsoDateTime.optional().describe('statement and corrections (needed for corrections; exclusive)'),
      month: Month.optional().describe('accounts only (default: this month)'),
    }).strict(),
    output: z.object({ fileName: z.string(), rows: z.number().int(), bytes: z.number().int() }),
    example: { input: { kind: 'journal', format: 'beancount' }, output: { fileName: 'passbook-journal-20260401-090000.beancount', rows: 342, bytes: 61234 } },
  }),
};
