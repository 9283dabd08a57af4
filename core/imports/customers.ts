// A customer list brought in from a spreadsheet, a card system or a mailing list: name (or first and last name),
// phone, email, the code on the card they already carry, notes. Each row passes the same checks as
// customers.create. A card code is kept, so cards in customers' wallets scan as before; a row without one gets a
// new code. Someone already here (same card, or same name, phone and email) is left out, so importing the same
// file twice adds no one twice.
import type { Db } from '../db/open';
import { customersContract } from '../contract/customers';
import { sql } from '../lots/lots';
import { createCustomer, type CustomerInput, type CustomerRow } from '../customers/customers';
import { normalizeCode } from '../customers/codes';
import { sortKey } from '../customers/fold';
import { cellOf, mapColumns, requireColumns, rowIssues, type ImportPlan, type ImportProblem } from './plan';
import type { CsvTable } from './table';

const COLUMNS: Record<string, string[]> = {
  name: ['name', 'customer', 'customername', 'fullname', 'client', 'clientname'],
  firstName: ['firstname', 'givenname', 'forename'],
  lastName: ['lastname', 'surname', 'familyname'],
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'cellphone'],
  email: ['email', 'emailaddress', 'mail'],
  code: ['code', 'card', 'cardcode', 'cardnumber', 'passcode', 'barcode', 'membernumber'],
  notes: ['notes', 'note', 'comment', 'comments'],
};
const FIELDS = ['name', 'phone', 'email', 'code', 'notes'];

const RowSchema = customersContract['customers.create'].input.omit({ clientId: true });

/** Card codes a scanner can type and a counter can read out: letters and digits (spaces and dashes dropped). */
const CODE_SHAPE = /^[A-Z0-9]{3,32}$/;

/** Notes are one line (the customer form's field): a spreadsheet's note over several lines keeps them, joined. */
const oneLine = (text: string | undefined): string | undefined => text?.replace(/\s*\n\s*/g, ' / ');

export interface CustomerImport { input: CustomerInput; code: string | null }

/** Who a row names, for finding them again: folded name, phone digits, email in lower case. */
const personKey = (name: string, phone: string | null | undefined, email: string | null | undefined): string =>
  [sortKey(name), (phone ?? '').replace(/\D/g, ''), (email ?? '').trim().toLowerCase()].join('\u0000');

export function planCustomers(db: Db, table: CsvTable): ImportPlan<CustomerImport> {
  const { columns, index } = mapColumns(table.headers, COLUMNS);
  if (!index.has('name') && (index.has('firstName') || index.has('lastName'))) index.set('name', -1);
  requireColumns(index, [['name', 'a "Name" column (or "First name" and "Last name")']], table);
  const plan: ImportPlan<CustomerImport> = { kind: 'customers', delimiter: table.delimiter, columns, fields: FIELDS, rows: table.rows.length, create: [], skipped: [], problems: [] };
  const seenCodes = new Map<string, number>();
  const seenPeople = new Map<string, number>();
  const byCode = sql(db, 'SELECT * FROM customers WHERE code = ?');
  const byName = sql(db, 'SELECT * FROM customers WHERE sort_key = ?');

  for (const row of table.rows) {
    const first = cellOf(row, index, 'firstName');
    const last = cellOf(row, index, 'lastName');
    const name = index.get('name') === -1 ? [first, last].filter(Boolean).join(' ') : (cellOf(row, index, 'name') ?? '');
    const raw = { name, phone: cellOf(row, index, 'phone'), email: cellOf(row, index, 'email'), notes: oneLine(cellOf(row, index, 'notes')) };
    const problems: ImportProblem[] = [];
    const checked = rowIssues(RowSchema, raw, row.line);
    if (!checked.ok) problems.push(...checked.problems);
    const typedCode = cellOf(row, index, 'code');
    const code = typedCode === undefined ? null : normalizeCode(typedCode);
    if (code !== null && !CODE_SHAPE.test(code)) {
      problems.push({ line: row.line, field: 'code', message: `"${typedCode!.slice(0, 40)}" is not a card code Passbook can scan: use 3 to 32 letters and digits.` });
    }
    if (problems.length || !checked.ok) { plan.problems.push(...problems); continue; }
    const input = checked.data as CustomerInput;

    if (code !== null) {
      const again = seenCodes.get(code);
      if (again !== undefined) { plan.problems.push({ line: row.line, field: 'code', message: `The card code ${code} is also on line ${again}: each card belongs to one customer.` }); continue; }
      seenCodes.set(code, row.line);
      const holder = byCode.get(code) as CustomerRow | undefined;
      if (holder) {
        if (sortKey(holder.name) === sortKey(input.name)) { plan.skipped.push({ line: row.line, reason: `${holder.name} (card ${code}) is already a customer.` }); continue; }
        plan.problems.push({ line: row.line, field: 'code', message: `The card code ${code} belongs to ${holder.name}, who is already a customer.` });
        continue;
      }
    }
    const key = personKey(input.name, input.phone, input.email);
    if (code === null) {
      const twin = seenPeople.get(key);
      if (twin !== undefined) { plan.skipped.push({ line: row.line, reason: `The same person as line ${twin}.` }); continue; }
      const here = (byName.all(sortKey(input.name)) as CustomerRow[]).find((c) => personKey(c.name, c.phone, c.email) === key);
      if (here) { plan.skipped.push({ line: row.line, reason: `${here.name} (card ${here.code}) is already a customer.` }); continue; }
    }
    seenPeople.set(key, row.line);
    plan.create.push({ line: row.line, value: { input, code }, shown: [input.name, input.phone ?? null, input.email ?? null, code, input.notes ?? null] });
  }
  return plan;
}

/** Create the planned customers (inside the caller's transaction). */
export function applyCustomers(db: Db, plan: ImportPlan<CustomerImport>, at: number): number[] {
  return plan.create.map((c) => createCustomer(db, c.value.input, at, c.value.code ?? undefined).id);
}
