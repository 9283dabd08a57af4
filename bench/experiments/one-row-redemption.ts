// What-if for the owner's third option (not part of npm run bench): a redemption stored as ONE row, with the
// balances of passes and lots held in memory and the lot entries and journal lines packed into that row (to be
// derived after), against the raw INSERT + UPDATE baseline, interleaved, synchronous=FULL, one transaction each.
// The redemption side does the work no design can skip: the real contract's input schema, the item's rate,
// credits = quantity × rate in decimal, the lots drawn in order with revenue at cost basis (the last drawdown takes
// the remainder), the answer built and stored with the row for retries (client id unique). It skips what a real
// redesign would still need (the look-up of a retried client id before the write, overage, period close, the
// low-balance rule; revenue here is rounded per draw, not by the ledger's cumulative rule), so it is an upper bound.
// Also printed: the baseline's own write carrying a unique client id (what idempotency alone costs it).
// Variants: BODY=compact (the row holds the lots drawn, not the answer), PASS_INDEX=0 (no index by pass: no
// statements), OLD_ROWS=n (history already in the file), RAW=1 (the row alone, no work before it), NOPARSE=1 (the
// input taken as valid without the contract's schema).
// Measured 2026-11-23 on the CI machine (ratios to the baseline, 4,000-6,000 commits each, runs repeated):
// baseline + client id 0.90-0.96; one row, answer stored, index by pass 0.57-0.65; compact 0.62-0.66; compact
// without the pass index 0.66-0.73; the row alone (RAW) 0.94-0.97; the same without input validation 0.79-0.80.
// So the work before the write, 0.02-0.03 ms in a hot loop (one_row_cpu_ms, synchronous off), costs 0.05-0.07 ms
// between durable commits (p50 against the RAW run's), and even
// this least design reaches 0.8 only when it skips validating its input.
// Usage: [BODY=compact] [PASS_INDEX=0] [OLD_ROWS=n] [RAW=1] [NOPARSE=1] npx tsx bench/experiments/one-row-redemption.ts [commits]
import Database from 'better-sqlite3';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { contract } from '../../core/contract';
import { Decimal, CREDIT_FACTOR, creditsToString, moneyToString } from '../../core/money/decimal';
import { ensureDataDir, percentile, prng, removeDb, round, timeMs } from '../lib';
import { openBaseline } from '../sections/ledger';

const N = Number(process.argv[2] ?? 2000);
const PASSES = 100_000; // the baseline's accounts (BENCH_CUSTOMERS, 100k by default) and the passes held in memory
const OLD_ROWS = Number(process.env.OLD_ROWS ?? 250_000);
const ulid = monotonicFactory();
const rand = prng(11);

function fresh(name: string): Database.Database {
  const file = path.join(ensureDataDir(), name);
  removeDb(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

// the baseline of npm run bench, and the same write carrying the caller's id for retries (unique): what
// idempotency alone costs it
const base = openBaseline(path.join(ensureDataDir(), 'whatif-baseline.sqlite'));
const baseOnce = () => base.tx(1 + Math.floor(rand() * PASSES), -1_000_000);
const idem = openBaseline(path.join(ensureDataDir(), 'whatif-baseline-idempotent.sqlite'), { clientId: true });
const idemOnce = () => idem.tx(1 + Math.floor(rand() * PASSES), -1_000_000);

// the one-row design: the log of redemptions, found by client id (retries) and by pass (statements)
const one = fresh('whatif-one-row.sqlite');
one.exec(`CREATE TABLE redemption_log (id INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, pass_id INTEGER NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);
  ${process.env.PASS_INDEX === "0" ? "" : "CREATE INDEX redemption_log_pass ON redemption_log (pass_id, id);"}`);
{
  const old = one.prepare('INSERT INTO redemption_log (client_id, pass_id, at, body) VALUES (?, ?, ?, ?)');
  one.transaction(() => { for (let i = 0; i < OLD_ROWS; i++) old.run(ulid(), 1 + ((i * 7919) % PASSES), Date.now(), '{}'); })();
  one.pragma('wal_checkpoint(TRUNCATE)');
}
interface Lot { id: number; expiresAt: number | null; amount: number; paid: number; remaining: number; recognized: number }
const lots = new Map<number, Lot[]>();
for (let p = 1; p <= PASSES; p++) {
  lots.set(p, [
    { id: p * 2, expiresAt: Date.now() + 86_400_000, amount: 5 * CREDIT_FACTOR, paid: 1000, remaining: 5 * CREDIT_FACTOR, recognized: 0 },
    { id: p * 2 + 1, expiresAt: null, amount: 25 * CREDIT_FACTOR, paid: 5000, remaining: 25 * CREDIT_FACTOR, recognized: 0 },
  ]);
}
const items = new Map([[1, { name: 'Cappuccino', rate: new Decimal('1') }]]);
const schema = contract['counter.redeem'].input;
const insLog = one.prepare('INSERT INTO redemption_log (client_id, pass_id, at, body) VALUES (?, ?, ?, ?)');
const logTx = one.transaction((clientId: string, passId: number, at: number, body: string) => Number(insLog.run(clientId, passId, at, body).lastInsertRowid));

function redeem(raw: unknown) {
  const input = process.env.NOPARSE === '1' ? (raw as ReturnType<typeof schema.parse>) : schema.parse(raw); // NOPARSE=1: what validation costs
  const passId = input.passId!;
  const at = Date.now();
  const passLots = lots.get(passId)!;
  const lines = input.items.map((l) => {
    const item = items.get(l.itemId)!;
    const units = new Decimal(l.quantity).times(item.rate).times(CREDIT_FACTOR).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    return { itemId: l.itemId, name: item.name, quantity: l.quantity, rate: item.rate.toString(), units };
  });
  let need = lines.reduce((s, l) => s + l.units, 0);
  const before = passLots.reduce((s, l) => s + l.remaining, 0);
  const touched: { lot: Lot; units: number; money: number }[] = [];
  for (const lot of passLots) { // already in consumption order
    if (need === 0) break;
    const take = Math.min(need, lot.remaining);
    if (take === 0) continue;
    const money = take === lot.remaining
      ? lot.paid - lot.recognized
      : new Decimal(lot.paid).times(take).div(lot.amount).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    touched.push({ lot, units: take, money });
    need -= take;
  }
  const used = lines.reduce((s, l) => s + l.units, 0) - need;
  const result = {
    passId, balanceBefore: creditsToString(before), balanceAfter: creditsToString(before - used), creditsUsed: creditsToString(used),
    lines: lines.map((l) => ({ itemId: l.itemId, name: l.name, quantity: l.quantity, rate: l.rate, credits: creditsToString(l.units) })),
    lotsTouched: touched.map((t) => ({ lotId: t.lot.id, credits: creditsToString(t.units), expiresAt: t.lot.expiresAt === null ? null : new Date(t.lot.expiresAt).toISOString() })),
    journal: touched.flatMap((t) => [{ account: 'liabilities:deferred', amount: moneyToString(t.money, 2), lot: t.lot.id }, { account: 'revenue:redemptions', amount: moneyToString(-t.money, 2), lot: t.lot.id }]),
    at: new Date(at).toISOString(),
  };
  // BODY=compact stores only the lots drawn (the answer rebuilt on a retry): the row's size is the experiment
  const body = process.env.BODY === 'compact' ? touched.map((t) => `${t.lot.id}:${t.units}:${t.money}`).join(',') : JSON.stringify(result);
  const id = logTx.immediate(input.clientId, passId, at, body);
  for (const t of touched) { t.lot.remaining -= t.units; t.lot.recognized += t.money; } // only once the row is durable
  return { redemptionId: id, ...result };
}
// RAW=1: the same row written with no work before it (what the row itself costs)
const oneOnce = process.env.RAW === '1'
  ? () => logTx.immediate(ulid(), 1 + Math.floor(rand() * PASSES), Date.now(), `${Math.floor(rand() * 1e6)}:1000000:200`)
  : () => redeem({ clientId: ulid(), passId: 1 + Math.floor(rand() * PASSES), items: [{ itemId: 1, quantity: '1' }] });

for (let i = 0; i < 200; i++) { baseOnce(); idemOnce(); oneOnce(); }
const lb: number[] = []; const li: number[] = []; const lo: number[] = [];
for (let done = 0; done < N; done += 200) {
  // in turn, and the order rotated each block, so none is always the one after another's writes
  const runs: [number[], () => unknown][] = [[lb, baseOnce], [li, idemOnce], [lo, oneOnce]];
  for (let k = 0; k < 3; k++) {
    const [into, fn] = runs[(k + done / 200) % 3]!;
    for (let i = 0; i < 200; i++) into.push(timeMs(fn));
  }
}
const rate = (l: number[]) => l.length / l.reduce((x, y) => x + y, 0) * 1000;
one.pragma('synchronous = OFF');
const cpu: number[] = [];
for (let i = 0; i < 500; i++) cpu.push(timeMs(oneOnce));
console.log(JSON.stringify({
  commits: N,
  baseline_per_s: round(rate(lb), 0),
  baseline_with_client_id_per_s: round(rate(li), 0),
  baseline_with_client_id_ratio: round(rate(li) / rate(lb), 3),
  one_row_per_s: round(rate(lo), 0),
  ratio: round(rate(lo) / rate(lb), 3),
  one_row_p50_ms: round(percentile(lo, 50), 3),
  one_row_p99_ms: round(percentile(lo, 99), 3),
  one_row_cpu_ms: round(cpu.reduce((a, b) => a + b, 0) / cpu.length, 3),
}, null, 1));
