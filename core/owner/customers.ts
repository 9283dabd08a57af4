// owner.customers: every customer with the live balance of their active passes, the next expiry, the
// overage due and the low-balance state; filtered, sorted and paged in SQL so 100k customers stay quick.
import type { Handler } from '../api/context';
import { PassbookError } from '../errors';
import { creditsStr, isoOf, likeEscape, moneyStr, shopNumbers } from './common';

interface Row {
  id: number; name: string; code: string; phone: string | null; email: string | null;
  pass_id: number | null; plan_name: string | null; credit_unit: string | null; active_passes: number;
  balance: number; next_exp: number | null; overage: number; low: number;
}

const SORTS: Record<string, string> = {
  name: 'c.name COLLATE NOCASE, c.id',
  balance: 'balance, c.name COLLATE NOCASE, c.id',
  nextExpiry: 'next_exp IS NULL, next_exp, c.name COLLATE NOCASE, c.id',
  overageDue: 'overage DESC, c.name COLLATE NOCASE, c.id',
  newest: 'c.id DESC',
};

export const ownerCustomers: Handler<'owner.customers'> = (ctx, input) => {
  const { digits } = shopNumbers(ctx.db);
  const now = ctx.nowMs;
  const params: Record<string, unknown> = { now, soon: now + input.expiringDays * 86_400_000 };
  const where: string[] = [];
  const q = (input.query ?? '').trim();
  if (q) {
    const digitsOnly = q.replace(/\D/g, '');
    params.like = `%${likeEscape(q)}%`;
    params.code = `${likeEscape(q.toUpperCase())}%`;
    const parts = ["c.name LIKE :like ESCAPE '\\'", "c.code LIKE :code ESCAPE '\\'", "c.email LIKE :like ESCAPE '\\'"];
    if (digitsOnly.length >= 3) { params.digits = `%${digitsOnly}%`; parts.push('c.phone_digits LIKE :digits'); }
    where.push(`(${parts.join(' OR ')})`);
  }
  switch (input.filter) {
    case 'low': where.push('low = 1'); break;
    case 'expiring': where.push('next_exp IS NOT NULL AND next_exp <= :soon'); break;
    case 'owing': where.push('overage > 0'); break;
    default: break;
  }
  const sort = SORTS[input.sort];
  if (!sort) throw new PassbookError('VALIDATION', 'Unknown sort.');

  // live: per active pass, the credits on lots that have not run out and have not reached their expiry
  const base = `
    WITH active AS (
      SELECT p.id, p.customer_id, p.plan_name, p.credit_unit, p.credits_units, p.low_balance_units, p.low_balance_percent_units
      FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id
      WHERE coalesce(s.status, 'active') = 'active'
    ),
    live AS (
      SELECT a.id AS pass_id, a.customer_id,
             coalesce(sum(lb.remaining_units), 0) AS bal,
             min(lb.expires_at) AS next_exp
      FROM active a
      LEFT JOIN lot_balances lb ON lb.pass_id = a.id AND lb.remaining_units > 0 AND (lb.expires_at IS NULL OR lb.expires_at > :now)
      GROUP BY a.id
    ),
    pass_rows AS (
      SELECT l.pass_id, l.customer_id, l.bal, l.next_exp,
             CASE WHEN (a.low_balance_units IS NOT NULL AND l.bal <= a.low_balance_units)
                    OR (a.low_balance_percent_units IS NOT NULL AND l.bal * 100000000.0 <= a.low_balance_percent_units * 1.0 * a.credits_units)
                  THEN 1 ELSE 0 END AS low
      FROM live l JOIN active a ON a.id = l.pass_id
    ),
    newest AS (SELECT customer_id, max(pass_id) AS pass_id FROM pass_rows GROUP BY customer_id),
    -- current passes: an active pass with live credits, or the customer's newest active pass (a spent-out
    -- pass of last month is history, not something to warn about)
    current AS (
      SELECT r.* FROM pass_rows r LEFT JOIN newest n ON n.pass_id = r.pass_id
      WHERE r.bal > 0 OR n.pass_id IS NOT NULL
    ),
    per_customer AS (
      SELECT customer_id, count(*) AS active_passes, sum(bal) AS balance, min(next_exp) AS next_exp, max(low) AS low,
             max(pass_id) AS pass_id
      FROM current GROUP BY customer_id
    ),
    owing AS (
      SELECT customer_id, sum(amount_minor) AS overage FROM journal_lines
      WHERE account = 'assets:receivable:overage' AND customer_id IS NOT NULL GROUP BY customer_id
    ),
    list AS (
      SELECT c.id, c.name, c.code, c.phone, c.email, c.phone_digits,
             pc.pass_id, pc.active_passes, coalesce(pc.balance, 0) AS balance, pc.next_exp, coalesce(pc.low, 0) AS low,
             coalesce(o.overage, 0) AS overage
      FROM customers c
      LEFT JOIN per_customer pc ON pc.customer_id = c.id
      LEFT JOIN owing o ON o.customer_id = c.id
    )`;
  const filtered = `${base} SELECT * FROM list c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  const total = (ctx.db.prepare(`SELECT count(*) AS n FROM (${filtered})`).get(params) as { n: number }).n;
  const rows = ctx.db.prepare(`${filtered} ORDER BY ${sort} LIMIT :limit OFFSET :offset`)
    .all({ ...params, limit: input.limit, offset: input.offset }) as Array<Omit<Row, 'plan_name' | 'credit_unit'> & { active_passes: number | null }>;

  const passInfo = ctx.db.prepare('SELECT plan_name, credit_unit FROM passes WHERE id = ?');
  const expiring = ctx.db.prepare(`
    SELECT coalesce(sum(lb.remaining_units), 0) AS n FROM lot_balances lb
    JOIN passes p ON p.id = lb.pass_id LEFT JOIN pass_status s ON s.pass_id = p.id
    WHERE p.customer_id = ? AND coalesce(s.status, 'active') = 'active' AND lb.remaining_units > 0 AND lb.expires_at = ?`);

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
        balance: creditsStr(r.balance),
        nextExpiry: r.next_exp === null || r.next_exp === undefined ? null
          : { credits: creditsStr((expiring.get(r.id, r.next_exp) as { n: number }).n), expiresAt: isoOf(r.next_exp) },
        overageDue: moneyStr(r.overage, digits),
        low: r.low === 1,
      };
    }),
  };
};
