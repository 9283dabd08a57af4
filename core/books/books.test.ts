import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { beancountAccount, beancountLines } from './beancount';
import { CHART, oneLine, type BookTransaction } from './book';
import { writeCsv, csvChunks } from './csv';
import { hledgerLines } from './hledger';
import { safeText } from './text';
import { collect, pumpToFileSync, pumpToWritable } from './stream';
import { beancountBalances, hledgerBalances, run, skipWithout } from '../../test/support/bookTools';
import { tempDir } from '../../test/support/tempApp';

const opts = { currency: 'USD', minorDigits: 2, timeZone: 'America/New_York', title: 'Bean "&" Brew; test', openDate: '2026-01-01' };

/** A deterministic pile of balanced transactions over every account, with awkward descriptions. */
function sampleTransactions(n: number): BookTransaction[] {
  const out: BookTransaction[] = [];
  let seed = 42;
  // MINSTD: exact in a double (a multiplier of 1103515245 went past 2^53 and drew only some numbers)
  const rnd = (m: number) => { seed = (seed * 48271) % 2147483647; return seed % m; };
  const t0 = new Date('2026-03-01T05:00:00Z').getTime();
  const payments = ['assets:cash', 'assets:card', 'assets:other'];
  for (let i = 1; i <= n; i += 1) {
    const at = t0 + i * 3_700_000; // crosses the 8 Mar DST change and many local midnights
    const amt = 1 + rnd(500_00);
    const k = i % 7;
    const desc = ['Sale "Gold"; 10 drinks', 'Redeem | latte\nsecond line', 'Expiry \\ breakage', 'Overage ☕ on account', 'Refund, cash', 'Brought over: Zoë\'s card', 'Sold without a pass: Croissant; Tea'][k]!;
    const lines =
      k === 0 ? [{ account: payments[rnd(3)]!, amountMinor: amt }, { account: 'liabilities:deferred-revenue', amountMinor: -amt }]
        : k === 1 ? [{ account: 'liabilities:deferred-revenue', amountMinor: amt }, { account: 'revenue:redemptions', amountMinor: -amt }]
          : k === 2 ? [{ account: 'liabilities:deferred-revenue', amountMinor: amt }, { account: 'revenue:breakage', amountMinor: -amt }]
            : k === 3 ? [{ account: 'assets:receivable:overage', amountMinor: amt }, { account: 'revenue:overage', amountMinor: -amt }]
              // a refund keeps a cancellation fee now and then
              : k === 4 ? [{ account: 'liabilities:deferred-revenue', amountMinor: amt }, { account: 'assets:cash', amountMinor: -(amt - Math.floor(amt / 10)) },
                ...(amt >= 10 ? [{ account: 'revenue:cancellation-fees', amountMinor: -Math.floor(amt / 10) }] : [])]
                // a balance brought over from before Passbook
                : k === 5 ? [{ account: 'equity:opening-balances', amountMinor: amt }, { account: 'liabilities:deferred-revenue', amountMinor: -amt }]
                  // items sold without a pass: revenue at once
                  : [{ account: payments[rnd(3)]!, amountMinor: amt }, { account: 'revenue:cash-sales', amountMinor: -amt }];
    out.push({ id: i, at, kind: ['sale', 'redeem', 'expire', 'overage', 'refund', 'brought_over', 'cash_sale'][k]!, description: desc, lines });
  }
  return out;
}

function ownBalances(txns: BookTransaction[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of txns) for (const l of t.lines) m.set(l.account, (m.get(l.account) ?? 0) + l.amountMinor);
  return m;
}

describe('the sample transactions', () => {
  it('move every account of the chart, so each is compared with the tools below on a balance that is not zero', () => {
    const ours = ownBalances(sampleTransactions(400));
    for (const a of CHART) expect(ours.get(a) ?? 0, a).not.toBe(0);
  });
});

describe('the spreadsheet formula guard', () => {
  it('defuses every cell a spreadsheet would run as a formula, and leaves other text as typed', () => {
    for (const s of ['=1+1', '+1+1', '-2+3+cmd|\' /C calc\'!A0', '@SUM(A1)', '\t=1', '\r=1']) expect(safeText(s), JSON.stringify(s)).toBe(`'${s}`);
    for (const s of ['Anna Lee', '1+1', 'a=b', '', '☕ oat']) expect(safeText(s), JSON.stringify(s)).toBe(s);
  });
});

describe('beancount account names', () => {
  it('maps to capitalised components under the five roots', () => {
    expect(CHART.map(beancountAccount)).toEqual([
      'Assets:Cash', 'Assets:Card', 'Assets:Other', 'Assets:Receivable:Overage', 'Liabilities:Deferred-Revenue',
      'Income:Redemptions', 'Income:Breakage', 'Income:Overage', 'Income:Cancellation-Fees', 'Income:Cash-Sales', 'Equity:Opening-Balances',
    ]);
    expect(() => beancountAccount('stuff:x')).toThrow();
  });
});

/** No lone surrogate: the text survives a UTF-8 round trip. */
const wellFormed = (s: string): boolean => Buffer.from(s, 'utf8').toString('utf8') === s;

describe('oneLine', () => {
  it('cuts on a whole code point: an emoji across the limit is left out, never split', () => {
    expect(oneLine(`${'a'.repeat(199)}😀b`)).toBe('a'.repeat(199));
    expect(oneLine(`${'a'.repeat(198)}😀b`)).toBe(`${'a'.repeat(198)}😀`);
    expect(oneLine('x😀y', 2)).toBe('x');
    expect(oneLine('line\nbreak\t😀', 40)).toBe('line break 😀');
    for (let n = 0; n < 6; n += 1) expect(wellFormed(oneLine('😀😀😀', n))).toBe(true);
  });
});

describe('hledger export', () => {
  it.skipIf(skipWithout('hledger'))('passes hledger check (strict) and its balances agree to the cent', () => {
    const txns = sampleTransactions(400);
    const file = path.join(tempDir(), 'books.journal');
    pumpToFileSync(hledgerLines(txns, opts), file);
    const check = run('hledger', ['-f', file, 'check', '-s']);
    expect(check.err).toBe('');
    expect(check.status).toBe(0);
    const theirs = hledgerBalances(file, 'USD', 2);
    const ours = ownBalances(txns);
    for (const a of CHART) expect([a, theirs.get(a) ?? 0]).toEqual([a, ours.get(a) ?? 0]);
  });

  it('writes local dates and sanitised descriptions', () => {
    const text = collect(hledgerLines([{ id: 7, at: new Date('2026-04-01T03:30:00Z').getTime(), kind: 'redeem', description: 'a;b|c\nd', lines: [
      { account: 'liabilities:deferred-revenue', amountMinor: 205 }, { account: 'revenue:redemptions', amountMinor: -205 }] }], opts));
    expect(text).toContain('2026-03-31 (7) a,b/c d\n');
    expect(text).toContain('    liabilities:deferred-revenue  2.05 USD\n');
    expect(text).toContain('    revenue:redemptions  -2.05 USD\n');
  });

  it('refuses an unbalanced transaction or an unknown account', () => {
    expect(() => collect(hledgerLines([{ id: 1, at: 0, kind: 'x', description: 'x', lines: [{ account: 'assets:cash', amountMinor: 1 }] }], opts))).toThrow(/balance/);
    expect(() => collect(hledgerLines([{ id: 1, at: 0, kind: 'x', description: 'x', lines: [{ account: 'assets:bank', amountMinor: 1 }, { account: 'assets:cash', amountMinor: -1 }] }], opts))).toThrow(/undeclared/);
  });
});

describe('beancount export', () => {
  it.skipIf(skipWithout('bean-check'))('passes bean-check and bean-query balances agree to the cent', () => {
    const txns = sampleTransactions(400);
    const file = path.join(tempDir(), 'books.beancount');
    pumpToFileSync(beancountLines(txns, opts), file);
    const check = run('bean-check', [file]);
    expect(check.out + check.err).toBe('');
    expect(check.status).toBe(0);
    const theirs = beancountBalances(file, 'USD', 2);
    const ours = ownBalances(txns);
    for (const a of CHART) expect([a, theirs.get(beancountAccount(a)) ?? 0]).toEqual([a, ours.get(a) ?? 0]);
  });

  it.skipIf(skipWithout('bean-check'))('zero-decimal and three-decimal currencies', () => {
    for (const [currency, minorDigits] of [['JPY', 0], ['BHD', 3]] as const) {
      const o = { ...opts, currency, minorDigits };
      const txns = sampleTransactions(50);
      const file = path.join(tempDir(), `books-${currency}.beancount`);
      pumpToFileSync(beancountLines(txns, o), file);
      expect(run('bean-check', [file]).status).toBe(0);
      const theirs = beancountBalances(file, currency, minorDigits);
      const ours = ownBalances(txns);
      for (const a of CHART) expect(theirs.get(beancountAccount(a)) ?? 0).toBe(ours.get(a) ?? 0);
      if (!skipWithout('hledger')) {
        const hf = path.join(tempDir(), `books-${currency}.journal`);
        pumpToFileSync(hledgerLines(txns, o), hf);
        expect(run('hledger', ['-f', hf, 'check', '-s']).status).toBe(0);
        const h = hledgerBalances(hf, currency, minorDigits);
        for (const a of CHART) expect(h.get(a) ?? 0).toBe(ours.get(a) ?? 0);
      }
    }
  });
});

/** A Writable that accepts little and drains slowly: backpressure must be respected. */
function slowSink(): { sink: Writable; text: () => string; maxPending: () => number } {
  const parts: string[] = [];
  let pending = 0;
  let maxPending = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, cb) {
      pending += 1;
      maxPending = Math.max(maxPending, pending);
      parts.push(chunk.toString('utf8'));
      setTimeout(() => { pending -= 1; cb(); }, 1);
    },
  });
  return { sink, text: () => parts.join(''), maxPending: () => maxPending };
}

describe('CSV', () => {
  it('streams rows from a better-sqlite3 iterator with a header, quoting and formula guard', async () => {
    const db = new Database(path.join(tempDir(), 'x.sqlite'));
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount INTEGER, at INTEGER)');
    const ins = db.prepare('INSERT INTO t (name, amount, at) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 20_000; i += 1) ins.run(i === 3 ? '=HYPERLINK("x")' : i === 4 ? 'Ann, "the" best\nline2' : `name ${i}`, i * 7 - 50, 1_772_000_000_000 + i * 60_000);
    })();
    const rows = db.prepare('SELECT * FROM t ORDER BY id').iterate() as Iterable<{ id: number; name: string; amount: number; at: number }>;
    const { sink, text, maxPending } = slowSink();
    const r = await writeCsv(rows, [
      { header: 'id', value: (x) => x.id },
      { header: 'name', value: (x) => x.name, text: true },
      { header: 'amount', value: (x) => (x.amount / 100).toFixed(2) === '' ? '' : `${x.amount < 0 ? '-' : ''}${Math.floor(Math.abs(x.amount) / 100)}.${String(Math.abs(x.amount) % 100).padStart(2, '0')}` },
      { header: 'at', value: (x) => new Date(x.at).toISOString() },
    ], sink);
    await new Promise<void>((res) => sink.end(res));
    expect(r.rows).toBe(20_000);
    const out = text();
    expect(r.bytes).toBe(Buffer.byteLength(out));
    expect(maxPending()).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toBe('id,name,amount,at');
    expect(lines[1]).toBe('1,name 0,-0.50,2026-02-25T06:13:20.000Z');
    expect(lines[4]).toBe('4,"\'=HYPERLINK(""x"")",-0.29,2026-02-25T06:16:20.000Z');
    expect(out).toContain('5,"Ann, ""the"" best\nline2",-0.22,');
    db.close();
  });

  it('an empty export still has its header', () => {
    expect(collect(csvChunks([], [{ header: 'a', value: () => 1 }, { header: 'b', value: () => 2 }]))).toBe('a,b\n');
  });

  it('pumpToWritable waits for drain', async () => {
    const { sink, text } = slowSink();
    const chunks = function* () { for (let i = 0; i < 5000; i += 1) yield `line ${i} ${'x'.repeat(50)}\n`; };
    const r = await pumpToWritable(chunks(), sink);
    await new Promise<void>((res) => sink.end(res));
    expect(r.bytes).toBe(Buffer.byteLength(text()));
    expect(text().split('\n').length).toBe(5001);
  });
});

describe('files', () => {
  it('pumpToFileSync refuses to overwrite and leaves nothing behind on failure', () => {
    const dir = tempDir();
    const f = path.join(dir, 'a.txt');
    pumpToFileSync(['a', 'b'], f);
    expect(fs.readFileSync(f, 'utf8')).toBe('ab');
    expect(() => pumpToFileSync(['c'], f)).toThrow();
    const g = path.join(dir, 'b.txt');
    expect(() => pumpToFileSync((function* () { yield 'x'; throw new Error('boom'); })(), g)).toThrow('boom');
    expect(fs.existsSync(g)).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.txt']);
  });

  it('a file gets its name only when whole: half-written it is a hidden part, and a name taken meanwhile is never overwritten', () => {
    const dir = tempDir();
    const f = path.join(dir, 'passbook-journal-1.journal');
    const seen: string[][] = [];
    pumpToFileSync((function* () { yield 'x'.repeat(200_000); seen.push(fs.readdirSync(dir)); yield 'y\n'; })(), f);
    expect(seen[0]!.some((n) => n === 'passbook-journal-1.journal')).toBe(false);
    expect(seen[0]!.every((n) => n.startsWith('.passbook-journal-1.journal.') && n.endsWith('.part'))).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['passbook-journal-1.journal']);
    expect(fs.statSync(f).size).toBe(200_002);

    const h = path.join(dir, 'passbook-entries-1.csv');
    expect(() => pumpToFileSync((function* () { yield 'mine'; fs.writeFileSync(h, 'theirs'); })(), h)).toThrow(/EEXIST|exists/);
    expect(fs.readFileSync(h, 'utf8')).toBe('theirs');
    expect(fs.readdirSync(dir).sort()).toEqual(['passbook-entries-1.csv', 'passbook-journal-1.journal']);
  });
});
