// owner.customers: every customer with the live balance of their active passes, the next expiry, the
// overage due and the low-balance state; filtered, sorted and paged in SQL so 100k customers stay quick.
import type { Handler } from '../api/context';
import { PassbookError } from '../errors';
import { creditsStr, isoOf, likeEscape, moneyStr, shopNumbers } from './common';
import { matchExpression, phoneSuffixes } from '../customers/search';
import { normalizeCode } from '../customers/codes';
import { liveLots } from '../lots/lots';
import { notMergedSql } from '../customers/merge';
import { hasMerges } from '../customers/customers';
import { endedSql, lotEnds, lowBalanceSql, requirePass } from '../passes/passes';

interface Row {
  id: number; name: string; code: string; phone: string | null; email: string | null;
  pass_id: number | null; active_passes: number | null; balance: number; balance_text: string; next_exp: number | null; overage: number; overage_text: string; low: number;
}

const SORTS: Record<string, string> = {
  name: 'c.sort_key, c.id',
  balance: 'c.balance, c.sort_key, c.id',
  nextExpiry: 'c.next_exp IS NULL, c.next_exp, c.sort_key, c.id',
  overageDue: 'c.overage DESC, c.sort_key, c.id',
  newest: 'c.id DESC',
};


/** Per active pass of the given customers (or of everyone): live balance, next expiry, low flag; per customer:
 *  the current passes summed, and the overage still owed. `scope` narrows every aggregate to some customers. */
export function aggregates(scope: string): string {
  return `
    WITH active AS (
      SELECT p.id, p.customer_id, p.credits_units, p.low_balance_units, p.low_balance_percent_units
      FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id
      WHERE coalesce(s.status, 'active') = 'active' ${scope ? `AND p.customer_id IN (${scope})` : ''}
    ),
    live AS MATERIALIZED (
      SELECT a.id AS pass_id, a.customer_id,
             coalesce(sum(lb.remaining_units), 0) AS bal,
             min(lb.expires_at) AS next_exp
      FROM active a
      LEFT JOIN lot_balances lb ON lb.pass_id = a.id AND lb.remaining_units > 0 AND (lb.expires_at IS NULL OR lb.expires_at > :now)
      GROUP BY a.id
    ),
    pass_rows AS MATERIALIZED (
      SELECT l.pass_id, l.customer_id, l.bal, l.next_exp,
             max(l.pass_id) OVER (PARTITION BY l.customer_id) AS newest_id,
             CASE WHEN ${lowBalanceSql('a', 'l.bal')} THEN 1 ELSE 0 END AS low
      FROM live l JOIN active a ON a.id = l.pass_id
      -- a pass whose term is over with nothing left has ended (passStatus), though no close wrote it so
      WHERE NOT ${endedSql('a', 'l.bal', ':now')}
    ),
    -- current passes: an active pass with live credits, or the customer's newest active pass (a spent-out
    -- pass of last month is history, not something to warn about)
    current AS (SELECT * FROM pass_rows WHERE bal > 0 OR pass_id = newest_id),
    per_customer AS MATERIALIZED (
      SELECT customer_id, count(*) AS active_passes, sum(bal) AS balance, min(next_exp) AS next_exp, max(low) AS low,
             max(pass_id) AS pass_id
      FROM current GROUP BY customer_id
    ),
    owing AS (
      SELECT customer_id, sum(amount_minor) AS overage FROM journal_lines
      WHERE account = 'assets:receivable:overage' AND customer_id IS NOT NULL ${scope ? `AND customer_id IN (${scope})` : ''}
      GROUP BY customer_id
    )`;
}

/** Customers with an active pass at or under a threshold: a superset of the low filter's (it looks at current passes only). */
const MAYBE_LOW = `SELECT DISTINCT p.customer_id AS id
  FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id
  LEFT JOIN (SELECT pass_id, sum(remaining_units) AS bal FROM lot_balances
             WHERE remaining_units > 0 AND (expires_at IS NULL OR expires_at > :now) GROUP BY pass_id) lv ON lv.pass_id = p.id
  WHERE coalesce(s.status, 'active') = 'active'
    AND ${lowBalanceSql('p', 'coalesce(lv.bal, 0)')} AND NOT ${endedSql('p', 'coalesce(lv.bal, 0)', ':now')}`;

/** Customers with live credits on an active pass ending after now and by :soon: the expiring filter's. */
const MAYBE_EXPIRING = `SELECT DISTINCT p.customer_id AS id
  FROM lot_balances lb JOIN passes p ON p.id = lb.pass_id LEFT JOIN pass_status s ON s.pass_id = p.id
  WHERE lb.remaining_units > 0 AND lb.expires_at IS NOT NULL AND lb.expires_at + 0 > :now AND lb.expires_at + 0 <= :soon
    AND coalesce(s.status, 'active') = 'active'`;

// the sums also as text: a customer's passes together may hold more millionths than a JS number counts exactly
const COLUMNS = `c.id, c.name, c.sort_key, c.code, c.phone, c.email, pc.pass_id, pc.active_passes, coalesce(pc.balance, 0) AS balance,
  CAST(coalesce(pc.balance, 0) AS TEXT) AS balance_text, pc.next_exp, coalesce(pc.low, 0) AS low, coalesce(o.overage, 0) AS overage,
  CAST(coalesce(o.overage, 0) AS TEXT) AS overage_text`;

export const ownerCustomers: Handler<'owner.customers'> = (ctx, input) => {
  const { digits } = shopNumbers(ctx.db);
  const now = ctx.nowMs;
  const params: Record<string, unknown> = { now, soon: now + input.expiringDays * 86_400_000 };
  const match: string[] = [];
  const q = (input.query ?? '').trim();
  if (q) {
    const digitsOnly = q.replace(/\D/g, '');
    params.like = `%${likeEscape(q)}%`;
    params.code = `${likeEscape(q.toUpperCase())}%`;
    const parts = ["c.name LIKE :like ESCAPE '\\'", "c.code LIKE :code ESCAPE '\\'", "c.email LIKE :like ESCAPE '\\'"];
    const code = normalizeCode(q); // a card code as printed or typed: "y6xw-kfjc" is Y6XWKFJC
    if (code.length >= 2) { params.ncode = `${likeEscape(code)}%`; parts.push("c.code LIKE :ncode ESCAPE '\\'"); }
    // digits find phones only when the query is a phone number: "Carmen Khan 4999" is a name, not every phone with 4999
    const phoneLike = /^[\d\s()+./-]+$/.test(q);
    if (phoneLike && digitsOnly.length >= 3) { params.digits = `%${digitsOnly}%`; parts.push('c.phone_digits LIKE :digits'); }
    // and whatever the counter's search finds: accents and case folded (zoe, ZOË), a number with a country code
    const fts = matchExpression(digitsOnly.length >= 3 && phoneLike ? digitsOnly : q);
    if (fts) { params.fts = fts; parts.push('c.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH :fts)'); }
    if (phoneLike && digitsOnly.length >= 8) {
      params.tails = JSON.stringify(phoneSuffixes(digitsOnly));
      parts.push('c.phone_digits IN (SELECT value FROM json_each(:tails))');
    }
    match.push(`(${parts.join(' OR ')})`);
  }
  // a duplicate merged into another customer is that customer now, not a person of their own (core/customers/merge.ts)
  // (only when there is one: a shop that never merged pays no probe per customer on its 100k-row list)
  if (hasMerges(ctx.db) && ctx.db.prepare('SELECT 1 FROM customer_merges LIMIT 1').get()) match.push(notMergedSql('c'));
  const sort = SORTS[input.sort];
  if (!sort) throw new PassbookError('VALIDATION', 'Unknown sort.');
  const page = { limit: input.limit, offset: input.offset };
  let total: number;
  let rows: Row[];

  // everyone who ever held a pass, ended and refunded ones too (a month's statements are for them)
  if (input.filter === 'passes') match.push('EXISTS (SELECT 1 FROM passes p WHERE p.customer_id = c.id)');
  if ((input.filter === 'all' || input.filter === 'passes') && (input.sort === 'name' || input.sort === 'newest')) {
    // everyone, in name or id order: page over the customers table, then add the figures for that page only
    const where = match.length ? `WHERE ${match.join(' AND ')}` : '';
    total = (ctx.db.prepare(`SELECT count(*) AS n FROM customers c ${where}`).get(params) as { n: number }).n;
    const ids = (ctx.db.prepare(`SELECT c.id FROM customers c ${where} ORDER BY ${sort} LIMIT :limit OFFSET :offset`)
      .all({ ...params, ...page }) as Array<{ id: number }>).map((r) => r.id);
    params.ids = JSON.stringify(ids);
    rows = ctx.db.prepare(`${aggregates('SELECT value FROM json_each(:ids)')}
      SELECT ${COLUMNS} FROM customers c LEFT JOIN per_customer pc ON pc.customer_id = c.id LEFT JOIN owing o ON o.customer_id = c.id
      WHERE c.id IN (SELECT value FROM json_each(:ids)) ORDER BY ${sort}`).all(params) as Row[];
  } else {
    // filters (low / expiring / owing) start from the passes and the receivables, which are few;
    // sorting everyone by a figure needs every customer's figures
    const where = [...match];
    let from = 'customers c LEFT JOIN per_customer pc ON pc.customer_id = c.id LEFT JOIN owing o ON o.customer_id = c.id';
    if (input.filter === 'low') { from = 'per_customer pc JOIN customers c ON c.id = pc.customer_id LEFT JOIN owing o ON o.customer_id = c.id'; where.push('pc.low = 1'); }
    if (input.filter === 'expiring') { from = 'per_customer pc JOIN customers c ON c.id = pc.customer_id LEFT JOIN owing o ON o.customer_id = c.id'; where.push('pc.next_exp IS NOT NULL AND pc.next_exp <= :soon'); }
    if (input.filter === 'owing') { from = 'owing o JOIN customers c ON c.id = o.customer_id LEFT JOIN per_customer pc ON pc.customer_id = c.id'; where.push('o.overage > 0'); }
    // low and expiring are few: who could be (any active pass of theirs low, or with live credits ending by then) is
    // found first, and only their figures are worked out (everyone's took 0.3 s at 100k customers)
    let scope = '';
    if (input.filter === 'low' || input.filter === 'expiring') {
      const ids = (ctx.db.prepare(input.filter === 'low' ? MAYBE_LOW : MAYBE_EXPIRING).all(params) as { id: number }[]).map((r) => r.id);
      params.scope = JSON.stringify(ids);
      scope = 'SELECT value FROM json_each(:scope)';
    }
    const listed = `${aggregates(scope)}, list AS (SELECT ${COLUMNS} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''})`;
    // the page and the count in one pass over everyone's figures (two queries worked them all out twice)
    rows = ctx.db.prepare(`${listed} SELECT *, count(*) OVER () AS full_count FROM list c ORDER BY ${sort} LIMIT :limit OFFSET :offset`)
      .all({ ...params, ...page }) as (Row & { full_count: number })[];
    total = (rows[0] as { full_count?: number } | undefined)?.full_count
      ?? (page.offset === 0 ? 0 : (ctx.db.prepare(`${listed} SELECT count(*) AS n FROM list`).get(params) as { n: number }).n);
  }

  const passInfo = ctx.db.prepare('SELECT plan_name, credit_unit FROM passes WHERE id = ?');
  const ending = ctx.db.prepare(`SELECT DISTINCT lb.pass_id AS id FROM lot_balances lb
    JOIN passes p ON p.id = lb.pass_id LEFT JOIN pass_status s ON s.pass_id = p.id
    WHERE p.customer_id = ? AND coalesce(s.status, 'active') = 'active' AND lb.remaining_units > 0 AND lb.expires_at = ?`);
  /** The credits ending at the customer's next end, and what the close does with them (the close's own rule). */
  const nextEnd = (customerId: number, at: number) => {
    // summed in BigInt: several passes together may pass what a JS number counts exactly
    let credits = 0n; let rolled = 0n; let expired = 0n;
    for (const { id } of ending.all(customerId, at) as { id: number }[]) {
      const pass = requirePass(ctx.db, id);
      const lots = liveLots(ctx.db, id, now, pass.consumption_order).filter((l) => l.expires_at === at);
      for (const [, e] of lotEnds(pass, lots)) { rolled += BigInt(e.rolled); expired += BigInt(e.expired); }
      credits += lots.reduce((n, l) => n + BigInt(l.remaining_units), 0n);
    }
    return { credits: creditsStr(credits), expiresAt: isoOf(at), rollsOver: creditsStr(rolled), expires: creditsStr(expired) };
  };

  return {
    total,
    offset: input.offset,
    rows: rows.map((r) => {
      const info = r.pass_id ? (passInfo.get(r.pass_id) as { plan_name: string; credit_unit: string } | undefined) : undefined;
      return {
        id: r.id, name: r.name, code: r.code, phone: r.phone, email: r.email,
        passId: r.pass_id ?? null,
        planName: info?.plan_name ?? null,
        creditUnit: info?.credit_unit ?? null,
        activePasses: r.active_passes ?? 0,
        balance: creditsStr(BigInt(r.balance_text)),
        nextExpiry: r.next_exp === null || r.next_exp === undefined ? null : nextEnd(r.id, r.next_exp),
        overageDue: moneyStr(BigInt(r.overage_text), digits),
        low: r.low === 1,
      };
    }),
  };
};
