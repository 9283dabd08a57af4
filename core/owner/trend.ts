// owner.trend: per local month (shop time zone, DST-safe boundaries from core/periods/calendar), the credits
// still outstanding and the deferred revenue at the month's end, and the money sold, recognised and broken
// during it, from the month totals (core/reports/monthTotals.ts): the ledger is not read again at every call.
import type { Handler } from '../api/context';
import { ACCOUNTS } from '../journal/journal';
import { monthTotals } from '../reports/monthTotals';
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

export const ownerTrend: Handler<'owner.trend'> = (ctx, input) => {
  const { digits, timeZone } = shopNumbers(ctx.db);
  const bounds = monthStarts(ctx.nowMs, input.months, timeZone);
  const n = input.months;
  const names = bounds.slice(0, n).map((b) => localMonth(b, timeZone));
  const first = names[0]!; const last = names[n - 1]!;
  const index = new Map(names.map((name, i) => [name, i]));
  // every sum is a BigInt: a whole ledger's can pass 2^53 (one value cannot)
  const totals = monthTotals(ctx.db, timeZone);
  const m = Array.from({ length: n }, () => ({ deferredDelta: 0n, sold: 0n, recognised: 0n, breakage: 0n, creditsDelta: 0n, breakageCredits: 0n }));
  let deferredOpen = 0n; let creditsOpen = 0n;
  for (const [month, sums] of totals.money) {
    if (month > last) continue; // dated after the months asked for (a clock that ran ahead once)
    const b = month < first ? null : m[index.get(month)!]!;
    for (const [key, amount] of sums) {
      const [account, kind] = key.split('|') as [string, string];
      if (account === ACCOUNTS.deferred) {
        if (!b) { deferredOpen += -amount; continue; }
        b.deferredDelta += -amount;
        if (kind === 'sale' || kind === 'topup') b.sold += -amount;
      } else if (b && account === ACCOUNTS.redemptions) b.recognised += -amount;
      else if (b && account === ACCOUNTS.breakage) b.breakage += -amount;
    }
  }
  for (const [month, sums] of totals.credits) {
    if (month > last) continue;
    const b = month < first ? null : m[index.get(month)!]!;
    for (const [kind, units] of sums) {
      if (!b) { creditsOpen += units; continue; }
      b.creditsDelta += units;
      if (kind === 'expire') b.breakageCredits += -units;
    }
  }
  let deferred = deferredOpen; let outstanding = creditsOpen;
  return {
    months: m.map((b, i) => {
      deferred += b.deferredDelta; outstanding += b.creditsDelta;
      return {
        month: names[i]!, start: isoOf(bounds[i]!), end: isoOf(bounds[i + 1]!),
        outstandingCredits: creditsStr(outstanding), deferred: moneyStr(deferred, digits),
        sold: moneyStr(b.sold, digits), recognised: moneyStr(b.recognised, digits), breakage: moneyStr(b.breakage, digits),
        breakageCredits: creditsStr(b.breakageCredits),
      };
    }),
  };
};
