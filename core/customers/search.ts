// Counter search over customers: FTS5 (customer_search, prefix indexes 1-4) so a prefix query stays fast
// with 100k customers. A word matches a name word prefix or a card code prefix; a run of digits matches
// anywhere in the phone digits (customers.phone_search holds every digit suffix) or a name word's start, and a
// number written at home (06…) and with its country code (+33 6…) find each other. Words are ANDed.
import type { Db } from '../db/open';
import { sql } from '../lots/lots';
import { codeCandidates, normalizeCode } from './codes';
import { customerByCode } from './customers';
import { currentCustomer } from './merge';
import { foldLetters } from './fold';
import type { CustomerRow } from './customers';

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The FTS5 MATCH expression for what was typed, or null when there is nothing to search for. */
export function matchExpression(query: string): string | null {
  const words = query.normalize('NFKC').split(/\s+/).map((w) => w.trim()).filter(Boolean).slice(0, 8);
  const parts: string[] = [];
  for (const w of words) {
    const digits = w.replace(/[-().+/]/g, '');
    if (/^\d+$/.test(digits)) {
      // a name may hold a number too ("Walk-in 0003", "Table 12"): the word alone matched only phones and codes
      const name = /^\d+$/.test(w) ? ` OR name : ${quote(w)}*` : '';
      parts.push(`(phone_digits : ${quote(digits)}* OR phone_search : ${quote(digits)}*${nationalMatch(digits)} OR code : ${quote(digits)}*${name})`);
      continue;
    }
    // what the tokenizer would split anyway (punctuation) becomes a phrase of prefixes
    const tokens = foldLetters(w).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (tokens.length === 0) continue;
    const phrase = tokens.map(quote).join(' + ');
    const codes = codeCandidates(w).map((c) => c.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
    const codePart = (codes.length ? codes : [tokens[0]!]).map((c) => `code : ${quote(c)}*`).join(' OR ');
    parts.push(`(name : ${phrase}* OR ${codePart})`);
  }
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * The whole stored numbers a longer typed number may be (at least 7 digits): it without a country or trunk
 * prefix the shop did not store (+1 555 010 1234 for 555-010-1234), and each of those with a trunk 0 in front,
 * as most of the world writes its numbers at home (+33 6 12 34 56 78 for 06 12 34 56 78, +44 7700 900123 for
 * 07700 900123). Exact lookups on the phone index, a few per possible length.
 */
export function phoneSuffixes(digits: string): string[] {
  const out: string[] = [];
  for (let k = digits.length - 1; k >= 7; k -= 1) out.push(digits.slice(-k), `0${digits.slice(-k)}`);
  return out;
}

/**
 * A number typed with its trunk 0 (06 12 34 56 78) is how a number stored with its country code
 * (+33 6 12 34 56 78) ends once the 0 is dropped: that end, or null. An international 00 prefix is not a trunk.
 */
export function nationalEnd(digits: string): string | null {
  return /^0[1-9]\d{6,}$/.test(digits) ? digits.slice(1) : null;
}

/** FTS: stored numbers ending in the typed national number without its trunk 0 (an exact phone_search token). */
const nationalMatch = (digits: string): string => {
  const end = nationalEnd(digits);
  return end ? ` OR phone_search : ${quote(end)}` : '';
};

function phoneEndingIn(db: Db, digits: string): CustomerRow[] {
  const rows: CustomerRow[] = [];
  for (const tail of phoneSuffixes(digits)) rows.push(...(sql(db, 'SELECT * FROM customers WHERE phone_digits = ? LIMIT 20').all(tail) as CustomerRow[]));
  return rows;
}

/** Matching customers: an exact card code first, then hits sorted by name (from the first 200 hits). */
export function searchCustomers(db: Db, query: string, limit: number): CustomerRow[] {
  const out: CustomerRow[] = [];
  const seen = new Set<number>();
  const add = (found: CustomerRow[]) => {
    // a duplicate merged into another customer (customers.merge) is that customer now: found by their old name, phone
    // or card, the kept one is listed (once), never the duplicate as a person of their own
    const rows = found.map((r) => currentCustomer(db, r));
    rows.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    for (const r of rows) if (!seen.has(r.id)) { out.push(r); seen.add(r.id); }
  };
  const code = normalizeCode(query);
  if (code.length >= 4 && code.length <= 16) {
    const exact = customerByCode(db, query);
    if (exact) add([exact]);
  }
  // a phone number as people type it, in groups ("+1 646 555 9876", "(212) 555-0143"), is one run of digits: read
  // group by group, the "1" of a country code the shop never stored matched no phone at all
  const digits = query.replace(/[\s\-().+/]/g, '');
  if (/^\d+$/.test(digits)) {
    // one run of digits (the common phone case): B-tree prefix ranges for the phone start and card codes,
    // FTS only for the digit suffixes (a long shared prefix like "1212" would make an FTS prefix scan slow)
    const rows = [
      // a number typed with more in front than was stored (a country code: +1 555 010 1234 for 555-010-1234),
      // or with its country code where the shop stored it with a trunk 0; the other way round is nationalMatch
      ...phoneEndingIn(db, digits),
      ...(sql(db, `SELECT * FROM customers WHERE phone_digits >= ? AND phone_digits < ? ORDER BY phone_digits LIMIT 200`).all(digits, `${digits}:`) as CustomerRow[]),
      // the digit suffixes of phones, and a number in a name ("0003" finds Walk-in 0003, as the owner's list does)
      ...(sql(db, `SELECT c.* FROM customer_search s JOIN customers c ON c.id = s.rowid WHERE customer_search MATCH ? LIMIT 200`)
        .all(`phone_search : ${quote(digits)}*${nationalMatch(digits)} OR name : ${quote(digits)}*`) as CustomerRow[]),
      ...(sql(db, `SELECT * FROM customers WHERE code >= ? AND code < ? ORDER BY code LIMIT 200`).all(digits, `${digits}~`) as CustomerRow[]),
    ];
    add(rows);
    return out.slice(0, limit);
  }
  const expr = matchExpression(query);
  if (expr) {
    add(sql(db, `SELECT c.* FROM customer_search s JOIN customers c ON c.id = s.rowid
        WHERE customer_search MATCH ? LIMIT 200`).all(expr) as CustomerRow[]);
  }
  return out.slice(0, limit);
}
