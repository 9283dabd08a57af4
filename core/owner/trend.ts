// owner.trend: per local month (shop time zone, DST-safe boundaries from core/periods/calendar), the credits
// still outstanding and the deferred revenue at the month's end, and the money sold, recognised and broken
// during it. Two scans (journal, lot entries) bucketed by month with a CASE over the boundaries.
import type { Handler } from '../api/context';
import { BOOK_TIME_SQL } from '../journal/journal';
import { localMonth, startOfLocalDate } from '../periods/calendar';
import { creditsStr, isoOf, moneyStr, shopNumbers } from './common';

function monthStarts(nowMs: number, count: number, timeZone: string): number[] {
  const [y0, m0] = localMonth(nowMs, timeZone).split('-').map(Number) as [number, number];
  const out: number[] = [];
  for (let i = count - 1; i >= -1; i -= 1) {
    const idx = y0 * 12 + (m0 - 1) - i;
    const y = Math.floor(idx / 12); const m = (idx % 12) + 1;
    out.push(startOfLocalDate(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`, timeZone));
  }
  return out; // count + 1 boundaries: the starts of each month and the end of the last
}

/** CASE expression: -1 before the first boundary, i inside month i, NULL after the last. */
function bucketCase(col: string, bounds: number[]): string {
  const parts = [`WHEN ${col} < ${bounds[0]} THEN -1`];
  for (let i = 1; i < bounds.length; i += 1) parts.push(`WHEN ${col} < ${bounds[i]} THEN ${i - 1}`);
  return `CASE ${parts.join(' ')} ELSE NULL END`;
}

export const ownerTrend: Handler<'owner.trend'> = (ctx, input) => {
  const { digits, timeZone } = shopNumbers(ctx.db);
  const bounds = monthStarts(ctx.nowMs, input.months, timeZone);
  for (const b of bounds) if (!Number.isSafeInteger(b)) throw new Error('bad month boundary');
  const n = input.months;
  // sums over the whole ledger can pass 2^53 (one value cannot): read as BigInt and added exactly
  const money = (ctx.db.prepare(`
    SELECT ${bucketCase(BOOK_TIME_SQL, bounds)} AS bucket, l.account, t.kind, sum(l.amount_minor) AS amount
    FROM journal_tx t JOIN journal_lines l ON l.tx_id = t.id
    WHERE l.account IN ('liabilities:deferred-revenue', 'revenue:redemptions', 'revenue:breakage')
    GROUP BY bucket, l.account, t.kind`).safeIntegers(true).all() as Array<{ bucket: bigint | null; account: string; kind: string; amount: bigint }>)
    .map((r) => ({ ...r, bucket: r.bucket === null ? null : Number(r.bucket) }));
  const credit = (ctx.db.prepare(`
    SELECT ${bucketCase("(occurred_at - (kind = 'expire'))", bounds)} AS bucket, kind, sum(credits_units) AS units
    FROM lot_entries GROUP BY bucket, kind`).safeIntegers(true).all() as Array<{ bucket: bigint | null; kind: string; units: bigint }>)
    .map((r) => ({ ...r, bucket: r.bucket === null ? null : Number(r.bucket) }));

  const m = Array.from({ length: n }, () => ({ deferredDelta: 0n, sold: 0n, recognised: 0n, breakage: 0n, creditsDelta: 0n, breakageCredits: 0n }));
  let deferredOpen = 0n; let creditsOpen = 0n;
  for (const r of money) {
    if (r.bucket === null) continue;
    if (r.bucket === -1) { if (r.account === 'liabilities:deferred-revenue') deferredOpen += -r.amount; continue; }
    const b = m[r.bucket]; if (!b) continue;
    if (r.account === 'liabilities:deferred-revenue') {
      b.deferredDelta += -r.amount;
      if (r.kind === 'sale' || r.kind === 'topup') b.sold += -r.amount;
    } else if (r.account === 'revenue:redemptions') b.recognised += -r.amount;
    else if (r.account === 'revenue:breakage') b.breakage += -r.amount;
  }
  for (const r of credit) {
    if (r.bucket === null) continue;
    if (r.bucket === -1) { creditsOpen += r.units; continue; }
    const b = m[r.bucket]; if (!b) continue;
    b.creditsDelta += r.units;
    if (r.kind === 'expire') b.breakageCredits += -r.units;
  }
  let deferred = deferredOpen; let outstanding = creditsOpen;
  return {
    months: m.map((b, i) => {
      deferred += b.deferredDelta; outstanding += b.creditsDelta;
      return {
        month: localMonth(bounds[i]!, timeZone), start: isoOf(bounds[i]!), end: isoOf(bounds[i + 1]!),
        outstandingCredits: creditsStr(outstanding), deferred: moneyStr(deferred, digits),
        sold: moneyStr(b.sold, digits), recognised: moneyStr(b.recognised, digits), breakage: moneyStr(b.breakage, digits),
        breakageCredits: creditsStr(b.breakageCredits),
      };
    }),
  };
};
