// The accountant's tools (hledger, beancount) for export tests: found on PATH, run on a file, balances
// read back as integer minor units. Tests skip when a tool is missing only outside CI; in CI they must run.
import { execFileSync, spawnSync } from 'node:child_process';
import { parseUnits } from '../../core/money/parse';

export function hasTool(cmd: string): boolean {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

/** true when the test should be skipped: the tool is missing and this is not CI. */
export function skipWithout(cmd: string): boolean {
  return !hasTool(cmd) && !process.env.CI;
}

export function run(cmd: string, args: string[]): { status: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function amountMinor(text: string, currency: string, minorDigits: number): number {
  const t = text.trim();
  if (t === '0' || t === '') return 0;
  const m = new RegExp(`^(-?[0-9.,]+) ${currency}$`).exec(t) ?? new RegExp(`^${currency} (-?[0-9.,]+)$`).exec(t);
  if (!m || !m[1]) throw new Error(`cannot read amount "${t}"`);
  return parseUnits(m[1].replace(/,/g, ''), { scale: minorDigits, sign: 'any' });
}

function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i += 1; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** `hledger balance` per account (flat, no total), in minor units. */
export function hledgerBalances(file: string, currency: string, minorDigits: number, end?: string): Map<string, number> {
  // end: a date (YYYY-MM-DD), exclusive, as hledger's -e takes it
  const out = execFileSync('hledger', ['-f', file, 'balance', '--flat', '--no-total', '--empty', '-O', 'csv', ...(end ? ['-e', end] : [])], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const map = new Map<string, number>();
  for (const line of out.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const [acct, amt] = csvCells(line);
    if (!acct) continue;
    map.set(acct, amountMinor(amt ?? '0', currency, minorDigits));
  }
  return map;
}

/** bean-query: Σ position per account, in minor units (beancount names). */
export function beancountBalances(file: string, currency: string, minorDigits: number): Map<string, number> {
  const out = execFileSync('bean-query', ['-f', 'csv', file, 'SELECT account, sum(number) AS total GROUP BY account ORDER BY account'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const map = new Map<string, number>();
  for (const line of out.split('\n').slice(1)) {
    if (!line.trim()) continue;
    const [acct, amt] = csvCells(line);
    if (!acct) continue;
    map.set(acct.trim(), parseUnits((amt ?? '0').trim() || '0', { scale: minorDigits, sign: 'any' }));
  }
  return map;
}
