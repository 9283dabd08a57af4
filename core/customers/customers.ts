// Customers: create, edit, read. Never deleted (their passes and history refer to them).
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import type { CustomerView } from '../contract/customers';
import { iso } from '../lots/amounts';
import { sql } from '../lots/lots';
import { codeCandidates, normalizeCode, randomCode, readForm } from './codes';

export interface CustomerRow {
  id: number; code: string; name: string; phone: string | null; phone_digits: string | null; phone_rev: string | null; phone_search: string | null;
  email: string | null; notes: string | null; created_at: number; updated_at: number;
  /** customers.forget (migration 019; undefined on a ledger of an earlier schema) */
  forgotten_at?: number | null;
}

export function customerView(r: CustomerRow): CustomerView {
  return { id: r.id, code: r.code, name: r.name, phone: r.phone, email: r.email, notes: r.notes, createdAt: iso(r.created_at) };
}

export function findCustomer(db: Db, id: number): CustomerRow | undefined {
  return sql(db, 'SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
}

export function requireCustomer(db: Db, id: number): CustomerRow {
  const r = findCustomer(db, id);
  if (!r) throw new PassbookError('NOT_FOUND', `There is no customer ${id}.`, { customerId: id });
  return r;
}

/** customers.forget's record (core/customers/erasure.ts) */
export interface Erasure { customerId: number; erasedAt: number; reason: string; operationsRedacted: number }

export function erasureOf(db: Db, customerId: number): Erasure | undefined {
  const r = sql(db, 'SELECT customer_id, erased_at, reason, operations_redacted FROM customer_erasures WHERE customer_id = ?').get(customerId) as
    { customer_id: number; erased_at: number; reason: string; operations_redacted: number } | undefined;
  return r && { customerId: r.customer_id, erasedAt: r.erased_at, reason: r.reason, operationsRedacted: r.operations_redacted };
}

const withMerges = new WeakSet<Db>();
/**
 * The ledger has customer_merges (migration 024). The upgrade tests run this code on ledgers of earlier schemas, where a
 * statement naming the table cannot even be prepared; once seen, a ledger keeps it (tables are never dropped).
 */
export function hasMerges(db: Db): boolean {
  if (withMerges.has(db)) return true;
  const yes = sql(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'customer_merges'").get() !== undefined;
  if (yes) withMerges.add(db);
  return yes;
}

/** A customer who may still be sold to and edited: not forgotten, not merged into another. */
export function requireRememberedCustomer(db: Db, id: number): CustomerRow {
  const c = requireCustomer(db, id);
  if (c.forgotten_at != null) {
    throw new PassbookError('CONFLICT', 'This customer was forgotten at their request: add them again as a new customer.', { customerId: id, forgottenAt: new Date(c.forgotten_at).toISOString() });
  }
  // a duplicate merged into another customer (core/customers/merge.ts) is that customer now: sell to and edit them
  const into = hasMerges(db) && sql(db, 'SELECT k.id, k.name FROM customer_merges m JOIN customers k ON k.id = m.kept_id WHERE m.duplicate_id = ?').get(id) as { id: number; name: string } | undefined;
  if (into) {
    throw new PassbookError('CONFLICT', `${c.name} was merged into ${into.name} (the same person): use ${into.name} instead.`, { customerId: id, reason: 'MERGED', mergedInto: into.id });
  }
  return c;
}

/** The fewest characters a card number with leading zeros has for customerByCode to read it without them. */
export const MIN_PADDED_CARD = 6;

/**
 * The customer a scanned or typed card opens. A card number of digits with leading zeros that no one holds (six
 * characters at least, and no customer's phone) finds the customer stored without them: a spreadsheet dropped the zeros of "00012345" when the list was imported, and the
 * card in the customer's wallet still reads them. An exact code always wins.
 */
export function customerByCode(db: Db, code: string): CustomerRow | undefined {
  const byCode = sql(db, 'SELECT * FROM customers WHERE code = ?');
  for (const c of codeCandidates(code)) {
    const row = byCode.get(c) as CustomerRow | undefined;
    if (row) return row;
  }
  const typed = normalizeCode(code);
  const unpadded = typed.replace(/^0+/, '');
  // a replaced card's own code is that card, to be refused as replaced, never another customer's card without zeros
  if (!/^\d+$/.test(typed) || unpadded.length < 3 || unpadded === typed || sql(db, 'SELECT 1 FROM card_replacements WHERE old_code = ?').get(typed)) return undefined;
  // digits with a 0 in front are also how a phone is typed: its last digits ("0123", Enter, for the one customer whose
  // phone ends so) opened the customer holding card 123, a shop whose old cards were numbered 1, 2, 3…, and the sale
  // went on their pass. A card a spreadsheet cut is a card number of fixed width (00012345), never that short; and
  // digits that are in a customer's phone (its start, its end, all of it) are that phone being typed: the search finds it
  if (typed.length < MIN_PADDED_CARD || phoneHolds(db, typed)) return undefined;
  return byCode.get(unpadded) as CustomerRow | undefined;
}

/** Whether some customer's phone holds these digits: at its start (the index's range), or anywhere after (its suffixes). */
function phoneHolds(db: Db, digits: string): boolean {
  return Boolean(sql(db, 'SELECT 1 FROM customers WHERE phone_digits >= ? AND phone_digits < ? LIMIT 1').get(digits, `${digits}:`)
    || sql(db, 'SELECT 1 FROM customer_search WHERE customer_search MATCH ? LIMIT 1').get(`phone_search : "${digits}"*`));
}

/** No card carries this code now and none ever did (core/customers/cards.ts): it may go on a new card. */
export function codeIsFree(db: Db, code: string): boolean {
  return !sql(db, 'SELECT 1 FROM customers WHERE code = ?').get(code) && !sql(db, 'SELECT 1 FROM card_replacements WHERE old_code = ?').get(code);
}

const digitsOf = (phone: string | null): string | null => {
  const d = phone ? phone.replace(/\D/g, '') : '';
  return d.length ? d : null;
};
/** Every suffix of the digits with 3+ digits (but the whole): a prefix query over them is a substring search. */
export const digitSuffixes = (s: string | null): string | null => {
  if (s === null) return null;
  const out: string[] = [];
  for (let i = 1; i + 3 <= s.length; i += 1) out.push(s.slice(i));
  return out.length ? out.join(' ') : null;
};
const reversed = (s: string | null): string | null => (s === null ? null : [...s].reverse().join(''));
const blankToNull = (s: string | null | undefined): string | null => (s === undefined || s === null || s === '' ? null : s);

export interface CustomerInput { name: string; phone?: string | null | undefined; email?: string | null | undefined; notes?: string | null | undefined }

/**
 * A new customer with a fresh unique card code. `reserved`: codes (as they read by hand) a new code must not take,
 * though no customer holds them yet: an import's later lines' cards.
 */
export function createCustomer(db: Db, input: CustomerInput, at: number, code?: string, reserved?: ReadonlySet<string>): CustomerRow {
  const phone = blankToNull(input.phone);
  const digits = digitsOf(phone);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const c = code ?? randomCode();
    if (!code && reserved?.has(readForm(c))) continue;
    if (!codeIsFree(db, c)) {
      // a code that was on a replaced card stays retired: a found old card must never open someone else
      if (code) throw new PassbookError('CONFLICT', `The card code ${code} is taken.`, { code });
      continue;
    }
    const r = sql(db, `INSERT INTO customers (code, name, phone, phone_digits, phone_rev, phone_search, email, notes, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(c, input.name, phone, digits, reversed(digits), digitSuffixes(digits), blankToNull(input.email), blankToNull(input.notes), at, at);
    return requireCustomer(db, Number(r.lastInsertRowid));
  }
  throw new PassbookError('INTERNAL', 'Could not find a free card code.');
}

export function updateCustomer(db: Db, id: number, input: Partial<CustomerInput>, at: number): CustomerRow {
  const prior = requireRememberedCustomer(db, id);
  const name = input.name ?? prior.name;
  const phone = input.phone === undefined ? prior.phone : blankToNull(input.phone);
  const email = input.email === undefined ? prior.email : blankToNull(input.email);
  const notes = input.notes === undefined ? prior.notes : blankToNull(input.notes);
  const digits = digitsOf(phone);
  sql(db, 'UPDATE customers SET name = ?, phone = ?, phone_digits = ?, phone_rev = ?, phone_search = ?, email = ?, notes = ?, updated_at = ? WHERE id = ?')
    .run(name, phone, digits, reversed(digits), digitSuffixes(digits), email, notes, at, id);
  return requireCustomer(db, id);
}
