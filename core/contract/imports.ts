// Bringing a shop's existing lists in from CSV: customers (with the card codes they already carry), the items
// the counter sells, and the balances customers hold from before Passbook (a pass each, paid for before the books
// began: equity:opening-balances → deferred revenue). A preview first, then the import itself, which writes every row or none.
import { z } from 'zod';
import { ClientId, method } from '../api/method';

const ImportKind = z.enum(['customers', 'items', 'balances']).describe('customers: name (or first and last name), phone, email, card code, notes; items: name, unit, rate, price, hotkey, category, credit unit; balances: customers\' credits left from before Passbook: card code or customer name, plan, credits, optional paid value and last day');
/**
 * Text of the file, as read by the window. An import's request (IPC or HTTP) carries at most 8 MB of JSON, in which
 * every quote, line break and tab of a CSV is escaped to two bytes: the file is measured as it travels. 8 MB takes a
 * card system's whole export of 20,000 customers (MAX_IMPORT_ROWS) with its twenty columns; other requests take 1 MB.
 */
export const IMPORT_MAX_INPUT_BYTES = 8_000_000;
export const MAX_CSV_JSON_BYTES = IMPORT_MAX_INPUT_BYTES - 10_000;
export const csvJsonBytes = (s: string): number => new TextEncoder().encode(JSON.stringify(s)).length;
export const TOO_LARGE_WORDS = 'larger than one import takes (about 6 MB)';
const TOO_LARGE = `The file is ${TOO_LARGE_WORDS}: split it into smaller files.`;
const Csv = z.string().superRefine((s, ctx) => {
  // the length check first spares encoding a huge string
  if (s.length > MAX_CSV_JSON_BYTES || csvJsonBytes(s) > MAX_CSV_JSON_BYTES) ctx.addIssue({ code: 'custom', message: TOO_LARGE });
}).describe('the CSV file\'s text (comma, semicolon or tab separated; first line names the columns)');

const ImportPreview = z.object({
  kind: ImportKind,
  delimiter: z.enum([',', ';', '\t']),
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable().describe('what the column is read as; null: not imported') })),
  fields: z.array(z.string()).describe('the fields of `sample` rows, in order'),
  rows: z.number().int().nonnegative().describe('rows in the file, without the header and empty lines'),
  create: z.number().int().nonnegative().describe('rows the import would create'),
  sample: z.array(z.object({ line: z.number().int(), values: z.array(z.string().nullable()) })).describe('the first 50 rows to be created, as they would be stored'),
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })).describe('rows left out (already here, or the same as an earlier line); the first 200'),
  skipCount: z.number().int().nonnegative(),
  notes: z.array(z.object({ line: z.number().int(), message: z.string() })).describe('rows that import as they are, with something to know first (an item of that name was archived, a phone the spreadsheet may have cut); the first 200'),
  noteCount: z.number().int().nonnegative(),
  problems: z.array(z.object({ line: z.number().int(), field: z.string().nullable(), message: z.string() })).describe('what stops the import, by line; the first 200'),
  problemCount: z.number().int().nonnegative(),
});

const exampleCsv = 'Name,Phone,Card\nAnna Lee,+1 212 555 0143,K7MX2QPA\nBen Ode,,\n';
const examplePreview: z.infer<typeof ImportPreview> = {
  kind: 'customers', delimiter: ',',
  columns: [{ header: 'Name', field: 'name' }, { header: 'Phone', field: 'phone' }, { header: 'Card', field: 'code' }],
  fields: ['name', 'phone', 'email', 'code', 'notes'], rows: 2, create: 2,
  sample: [{ line: 2, values: ['Anna Lee', '+1 212 555 0143', null, 'K7MX2QPA', null] }, { line: 3, values: ['Ben Ode', null, null, null, null] }],
  skipped: [], skipCount: 0, notes: [], noteCount: 0, problems: [], problemCount: 0,
};

export const importsContract = {
  'imports.preview': method({
    role: 'owner', write: false, maxInputBytes: IMPORT_MAX_INPUT_BYTES,
    summary: 'Read a CSV file of customers or items and say what importing it would do: how its columns are read, the rows it would create, the rows it leaves out as already here, and each problem by line. Writes nothing.',
    input: z.object({ kind: ImportKind, csv: Csv }).strict(),
    output: ImportPreview,
    example: { input: { kind: 'customers', csv: exampleCsv }, output: examplePreview },
  }),
  'imports.apply': method({
    role: 'owner', write: true, maxInputBytes: IMPORT_MAX_INPUT_BYTES,
    summary: 'Import a CSV file of customers or items: every row the preview would create, in one transaction. A file with any problem imports nothing (VALIDATION, details.problems by line). Rows already here are left out, so the same file imported twice adds nothing the second time.',
    input: z.object({ clientId: ClientId, kind: ImportKind, csv: Csv }).strict(),
    output: z.object({ kind: ImportKind, created: z.number().int().nonnegative(), skipped: z.number().int().nonnegative(), ids: z.array(z.number().int().positive()).describe('the new customers\', items\' or passes\' ids, in the file\'s order'),
      newCards: z.array(z.number().int().positive()).optional().describe('customers: the ids of those given a new card (no card code in the file), whose cards are still to be printed') }),
    example: { input: { clientId: '01JD0000000000000000000091', kind: 'customers', csv: exampleCsv }, output: { kind: 'customers', created: 2, skipped: 0, ids: [41, 42], newCards: [42] } },
  }),
};
