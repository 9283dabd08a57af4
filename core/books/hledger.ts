// The money journal as hledger journal text, one line at a time.
// hledger accepts Passbook's account names as they are ("liabilities:deferred-revenue"). The file declares
// its decimal mark, the commodity's display style and every account, so `hledger check -s` (strict) passes.
// Amounts are exact: integer minor units rendered by unitsToFixed, never through floating point.
import { unitsToFixed } from '../money/decimal';
import { CHART, checkBalanced, oneLine, txDates, type BookOptions, type BookTransaction } from './book';

/** hledger description: one line; ";" would start a comment and "|" splits payee from note. */
export function hledgerDescription(s: string): string {
  return oneLine(s).replace(/;/g, ',').replace(/\|/g, '/');
}

function commodityStyle(currency: string, minorDigits: number): string {
  return `1000.${'0'.repeat(minorDigits)} ${currency}`;
}

export function* hledgerLines(txns: Iterable<BookTransaction>, opts: BookOptions): Generator<string> {
  const accounts = opts.accounts ?? CHART;
  const known = new Set(accounts);
  const cur = opts.currency;
  if (!/^[A-Z]{3}$/.test(cur)) throw new RangeError(`currency ${cur} is not an ISO code`);
  yield `; ${hledgerDescription(opts.title ?? 'Passbook')}: money journal exported by Passbook\n`;
  yield `; amounts in ${cur}; dates are local dates in ${opts.timeZone}\n`;
  yield 'decimal-mark .\n';
  yield `commodity ${commodityStyle(cur, opts.minorDigits)}\n\n`;
  for (const a of accounts) yield `account ${a}\n`;
  yield '\n';
  const txDate = txDates(opts.timeZone);
  for (const t of txns) {
    checkBalanced(t);
    let s = `${txDate(t)} (${t.id}) ${hledgerDescription(t.description || t.kind)}\n`;
    // pass and customer as tags (the ids of the CSV exports' pass_id and customer_id): hledger reg tag:customer=12
    const about = `${t.passId != null ? `, pass:${t.passId}` : ''}${t.customerId != null ? `, customer:${t.customerId}` : ''}`;
    s += `    ; kind:${oneLine(t.kind, 40).replace(/[,;]/g, ' ')}${about}\n`;
    for (const l of t.lines) {
      if (!known.has(l.account)) throw new RangeError(`journal transaction ${t.id} uses undeclared account ${l.account}`);
      s += `    ${l.account}  ${unitsToFixed(l.amountMinor, opts.minorDigits)} ${cur}\n`;
    }
    yield s + '\n';
  }
}
