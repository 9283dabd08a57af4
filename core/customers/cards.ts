// A customer's card: replaced when it is lost, stolen or worn out. The customer keeps one current code (the one
// the counter finds and prints); every code a card ever carried stays in card_replacements, so a found or stolen
// card scanned later is refused by name instead of drawing from the pass, and no code is ever handed out twice.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { sql } from '../db/statements';
import { shopWords } from '../shop/words';
import { codeCandidates, CODE_SHAPE, normalizeCode, randomCode, readForm } from './codes';
import { codeIsFree, requireCustomer, requireRememberedCustomer, type CustomerRow } from './customers';
import type { ReplaceReason } from '../contract/customers';
import { iso } from '../lots/amounts';


export interface ReplacedCardRow {
  customer_id: number; old_code: string; new_code: string; reason: ReplaceReason; replaced_at: number;
}

/** The replaced card a typed code stands for (read as the counter reads it: as typed, then S, Z, B as 5, 2, 8). */
export function replacedCard(db: Db, typed: string): ReplacedCardRow | undefined {
  for (const c of codeCandidates(typed)) {
    const row = sql(db, 'SELECT customer_id, old_code, new_code, reason, replaced_at FROM card_replacements WHERE old_code = ?').get(c) as ReplacedCardRow | undefined;
    if (row) return row;
  }
  return undefined;
}

/** A customer's earlier cards, newest first. */
export function formerCards(db: Db, customerId: number): ReplacedCardRow[] {
  return sql(db, `SELECT customer_id, old_code, new_code, reason, replaced_at FROM card_replacements
      WHERE customer_id = ? ORDER BY replaced_at DESC, id DESC`).all(customerId) as ReplacedCardRow[];
}

/** The refusal for a scan of a replaced card: whose it was, when it was replaced, and that they have another. */
export function cardReplacedError(db: Db, r: ReplacedCardRow): PassbookError {
  const holder = requireCustomer(db, r.customer_id);
  const why = r.reason === 'other' ? 'replaced' : `reported ${r.reason} and replaced`;
  return new PassbookError('CARD_REPLACED',
    `Card ${r.old_code} no longer works: it was ${why} on ${shopWords(db).date(r.replaced_at)}. It was ${holder.name}'s card; they have a new one.`,
    { code: r.old_code, customerId: holder.id, reason: r.reason, replacedAt: iso(r.replaced_at) });
}

/** Why a code chosen for a card (a pre-printed card, a code from another system) cannot be used; null when it can. */
function codeRefusal(db: Db, code: string, customer: CustomerRow): string | null {
  if (!CODE_SHAPE.test(code)) return `"${code.slice(0, 40)}" is not a card code Passbook can scan and print: use 3 to 16 letters and digits.`;
  if (code === customer.code) return `${code} is the card ${customer.name} has now.`;
  const holder = sql(db, 'SELECT name FROM customers WHERE code = ?').get(code) as { name: string } | undefined;
  if (holder) return `The card code ${code} belongs to ${holder.name}.`;
  const old = sql(db, 'SELECT customer_id, replaced_at FROM card_replacements WHERE old_code = ?').get(code) as { customer_id: number; replaced_at: number } | undefined;
  if (old) return `The card code ${code} was on a card replaced on ${shopWords(db).date(old.replaced_at)}: a code is never used twice, so a lost card cannot come back to life.`;
  // a code typed by hand reads S, Z and B as 5, 2 and 8: a code that reads as another card would open the wrong customer
  const read = readForm(code);
  const codes = sql(db, 'SELECT code FROM customers UNION ALL SELECT old_code FROM card_replacements').iterate() as Iterable<{ code: string }>;
  for (const c of codes) {
    if (readForm(c.code) === read) return `The card code ${code} reads as the card ${c.code} when typed by hand (S, Z and B are read as 5, 2 and 8): use another card.`;
  }
  return null;
}

export interface ReplaceCardArgs { customerId: number; reason: ReplaceReason; code?: string | undefined }

/**
 * Give a customer a new card code and retire the old one at once (inside the caller's transaction). `code`: the
 * code of a card the shop hands out (pre-printed); without it Passbook makes one. Passes, balances and history stay
 * with the customer: only the code changes.
 */
export function replaceCard(db: Db, a: ReplaceCardArgs, at: number, clientId: string | null): { customer: CustomerRow; replaced: ReplacedCardRow } {
  const customer = requireRememberedCustomer(db, a.customerId);
  let code: string | null = null;
  if (a.code !== undefined) {
    code = normalizeCode(a.code);
    const refusal = codeRefusal(db, code, customer);
    if (refusal) throw new PassbookError('VALIDATION', `code: ${refusal}`, { field: 'code' });
  } else {
    for (let attempt = 0; attempt < 20 && code === null; attempt += 1) {
      const c = randomCode();
      if (codeIsFree(db, c)) code = c;
    }
    if (code === null) throw new PassbookError('INTERNAL', 'Could not find a free card code.');
  }
  sql(db, `INSERT INTO card_replacements (customer_id, old_code, new_code, reason, replaced_at, client_id) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(customer.id, customer.code, code, a.reason, at, clientId);
  sql(db, 'UPDATE customers SET code = ?, updated_at = ? WHERE id = ?').run(code, at, customer.id);
  return {
    customer: requireCustomer(db, customer.id),
    replaced: { customer_id: customer.id, old_code: customer.code, new_code: code, reason: a.reason, replaced_at: at },
  };
}
