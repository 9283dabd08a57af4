// The accounts (a trial balance): every account of the journal with its balance when a local month begins, its
// change in the month and its balance when the month ends, by book time (core/journal/journal.ts: an expiry counts
// on the last day its credits could be used), signed as the journal keeps them: debit +, credit −. Each column
// sums to zero, so the owner and the accountant see that the books balance, and what the till, the card terminal,
// customers' unused credits and each kind of revenue stand at, as hledger's `balance` would say for the same dates.
// From the month totals (core/reports/monthTotals.ts): no read of the whole journal per call.
import type { Db } from '../db/open';
import { PassbookError } from '../errors';
import { ACCOUNTS } from '../journal/journal';
import { localMonth, startOfLocalDate } from '../periods/calendar';
import { monthTotals, nextMonth } from './monthTotals';
import { shopInfo } from './reports';

/** What each account holds, in the owner's words: the screen, the printed accounts and their CSV say the same. */
export const ACCOUNT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  [ACCOUNTS.cash]: 'Cash taken, less cash paid back',
  [ACCOUNTS.card]: 'Card payments taken, less paid back',
  [ACCOUNTS.other]: 'Other payments taken, less paid back',
  [ACCOUNTS.receivable]: 'Overage customers owe on account',
  [ACCOUNTS.deferred]: 'Credits paid for and not used yet: owed to customers',
  [ACCOUNTS.opening]: 'Balances brought over from before Passbook',
  [ACCOUNTS.redemptions]: 'Credits used',
  [ACCOUNTS.breakage]: 'Credits that expired or were written off',
  [ACCOUNTS.overage]: 'Overage charged',
  [ACCOUNTS.fees]: 'Cancellation fees kept from refunds',
  [ACCOUNTS.cashSales]: 'Sales without a pass',
};

export interface AccountRow { account: string; opening: bigint; change: bigint; closing: bigint }
export interface AccountsMonth { month: string; from: number; to: number; accounts: AccountRow[] }

// assets first, then what the shop owes, the books' opening side, and revenue; anything else after them
const ORDER = ['assets', 'liabilities', 'equity', 'revenue', 'expenses'];
const rank = (account: string): number => {
  const i = ORDER.indexOf(account.split(':')[0]!);
  return i < 0 ? ORDER.length : i;
};

export function accountsForMonth(db: Db, month: string | null, now: number): AccountsMonth {
  const tz = shopInfo(db).time_zone;
  const current = localMonth(now, tz);
  const m = month ?? current;
  if (m > current) throw new PassbookError('VALIDATION', `month: ${m} has not begun yet (this month is ${current}).`, { field: 'month' });
  const totals = monthTotals(db, tz).money;
  const rows = new Map<string, AccountRow>();
  const row = (account: string): AccountRow => {
    let r = rows.get(account);
    if (!r) { r = { account, opening: 0n, change: 0n, closing: 0n }; rows.set(account, r); }
    return r;
  };
  for (const [mo, sums] of totals) {
    if (mo > m) continue;
    for (const [key, n] of sums) {
      const r = row(key.slice(0, key.indexOf('|')));
      if (mo < m) r.opening += n; else r.change += n;
    }
  }
  const accounts = [...rows.values()]
    .map((r) => ({ ...r, closing: r.opening + r.change }))
    .sort((a, b) => rank(a.account) - rank(b.account) || (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  return { month: m, from: startOfLocalDate(`${m}-01`, tz), to: startOfLocalDate(`${nextMonth(m)}-01`, tz), accounts };
}
