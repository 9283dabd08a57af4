// The money journal as beancount text, one transaction at a time.
// Beancount's account names are colon-separated components; the first is one of the five root types
// (Assets, Liabilities, Equity, Income, Expenses) and each component starts with a capital letter or a
// digit, followed by letters, digits or dashes. Passbook's "revenue:*" accounts are Income:*.
// Every account is opened (on `openDate`) before the first transaction, with the shop currency as its
// constraint; the operating currency is set. Amounts are exact (unitsToFixed).
import { unitsToFixed } from '../money/decimal';
import { CHART, checkBalanced, oneLine, txDates, type BookOptions, type BookTransaction } from './book';

const ROOTS: Record<string, string> = {
  assets: 'Assets', liabilities: 'Liabilities', equity: 'Equity', revenue: 'Income', income: 'Income', expenses: 'Expenses',
};

/** "liabilities:deferred-revenue" -> "Liabilities:Deferred-Revenue"; "revenue:breakage" -> "Income:Breakage". */
export function beancountAccount(account: string): string {
  const parts = account.split(':');
  const root = ROOTS[parts[0]?.toLowerCase() ?? ''];
  if (!root || parts.length < 2) throw new RangeError(`account ${account} has no beancount root type`);
  const rest = parts.slice(1).map((p) => {
    const words = p.replace(/[^A-Za-z0-9-]+/g, '-').split('-').filter(Boolean);
    if (words.length === 0) throw new RangeError(`account ${account} has an empty component`);
    return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('-');
  });
  return [root, ...rest].join(':');
}

/** A beancount double-quoted string. */
export function beancountString(s: string): string {
  return `"${oneLine(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function* beancountLines(txns: Iterable<BookTransaction>, opts: BookOptions): Generator<string> {
  const accounts = opts.accounts ?? CHART;
  const names = new Map(accounts.map((a) => [a, beancountAccount(a)]));
  const cur = opts.currency;
  if (!/^[A-Z]{3}$/.test(cur)) throw new RangeError(`currency ${cur} is not an ISO code`);
  const openDate = opts.openDate ?? '2000-01-01';
  yield `; ${oneLine(opts.title ?? 'Passbook')}: money journal exported by Passbook\n`;
  yield `; amounts in ${cur}; dates are local dates in ${opts.timeZone}\n`;
  yield `option "title" ${beancountString(opts.title ?? 'Passbook')}\n`;
  yield `option "operating_currency" "${cur}"\n\n`;
  for (const [, name] of names) yield `${openDate} open ${name} ${cur}\n`;
  yield '\n';
  const txDate = txDates(opts.timeZone);
  for (const t of txns) {
    checkBalanced(t);
    let s = `${txDate(t)} * ${beancountString(t.description || t.kind)}\n`;
    s += `  passbook-tx: "${t.id}"\n  kind: ${beancountString(t.kind)}\n`;
    // whose it is: the ids of the CSV exports' pass_id and customer_id
    if (t.passId != null) s += `  pass: "${t.passId}"\n`;
    if (t.customerId != null) s += `  customer: "${t.customerId}"\n`;
    for (const l of t.lines) {
      const name = names.get(l.account);
      if (!name) throw new RangeError(`journal transaction ${t.id} uses undeclared account ${l.account}`);
      s += `  ${name}  ${unitsToFixed(l.amountMinor, opts.minorDigits)} ${cur}\n`;
    }
    yield s + '\n';
  }
}
