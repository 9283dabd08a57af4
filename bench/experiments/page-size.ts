// What-if for the redemption ratio (not part of npm run bench): does a smaller SQLite page narrow the gap? A
// redemption dirties about 17 pages per commit against the baseline's 2, and each dirty page is copied,
// checksummed and written whole to the WAL (then again at the checkpoint), so 1 KiB pages might cost a
// redemption less than 4 KiB ones. The ledger is rebuilt at each page size (VACUUM), the raw INSERT+UPDATE
// baseline made at the same size, and both measured interleaved: durable (synchronous=FULL) and CPU alone
// (synchronous=OFF), with the WAL pages and bytes per commit.
// Usage: npx tsx bench/experiments/page-size.ts [ledger file] [sizes, e.g. 4096,1024] [redemptions per size]
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { monotonicFactory } from 'ulid';
import { createApp, type PassbookApp } from '../../core/app';
import { clockAhead } from '../../core/db/ledgerTime';
import { ensureDataDir, percentile, prng, removeDb, round, timeMs } from '../lib';

const ulid = monotonicFactory();
const src = path.resolve(process.argv[2] ?? path.join(ensureDataDir(), 'ledger-100000-1000000.sqlite'));
const SIZES = (process.argv[3] ?? '4096,1024').split(',').map(Number);
const N = Number(process.argv[4] ?? 1000);
const BLOCK = 100;

function rebuilt(size: number): string {
  const to = path.join(ensureDataDir(), `whatif-page-${size}.sqlite`);
  removeDb(to);
  const s = new Database(src);
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  fs.copyFileSync(src, to);
  const db = new Database(to);
  db.pragma('journal_mode = DELETE');
  db.pragma(`page_size = ${size}`);
  db.exec('VACUUM');
  db.pragma('journal_mode = WAL');
  const got = db.pragma('page_size', { simple: true });
  db.close();
  if (got !== size) throw new Error(`page_size ${got}, wanted ${size}`);
  return to;
}

function baselineAt(size: number, rows: number) {
  const file = path.join(ensureDataDir(), `whatif-page-base-${size}.sqlite`);
  removeDb(file);
  const db = new Database(file);
  db.pragma(`page_size = ${size}`);
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma('foreign_keys = ON');
  db.exec(`CREATE TABLE balances (account_id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
    CREATE TABLE entries (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES balances (account_id), amount INTEGER NOT NULL, at INTEGER NOT NULL);`);
  const seed = db.prepare('INSERT INTO balances VALUES (?, ?)');
  db.transaction(() => { for (let i = 1; i <= rows; i++) seed.run(i, 25_000_000); })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const ins = db.prepare('INSERT INTO entries (account_id, amount, at) VALUES (?, ?, ?)');
  const upd = db.prepare('UPDATE balances SET balance = balance + ? WHERE account_id = ?');
  const tx = db.transaction((a: number) => { ins.run(a, -1_000_000, Date.now()); upd.run(-1_000_000, a); });
  return { db, file, one: (a: number) => tx.immediate(a) };
}

interface Side { size: number; app: PassbookApp; file: string; passes: number; base: ReturnType<typeof baselineAt> }

const sides: Side[] = SIZES.map((size) => {
  const file = rebuilt(size);
  const app = createApp(file, { checkOutput: false });
  if (clockAhead(app.db, Date.now())) app.dispatch('periods.close', { clientId: ulid() }, { sessionToken: app.sessions.unlock(() => true).token });
  const passes = (app.db.prepare('SELECT count(*) AS n FROM passes').get() as { n: number }).n;
  return { size, app, file, passes, base: baselineAt(size, passes) };
});

const rand = prng(23 + (Date.now() % 991));
const redeem = (s: Side) => () => {
  const r = s.app.dispatch('counter.redeem', { clientId: ulid(), passId: 1 + Math.floor(rand() * s.passes), items: [{ itemId: 1, quantity: '1' }] });
  if (!r.ok) throw new Error(`counter.redeem: ${r.error.code} ${r.error.message}`);
};
const baseline = (s: Side) => () => s.base.one(1 + Math.floor(rand() * s.passes));

function walPerCommit(db: Database.Database, file: string, one: () => void, n = 20): { pages: number; kib: number } {
  db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < n; i++) one();
  const bytes = fs.statSync(`${file}-wal`).size - 32;
  const page = db.pragma('page_size', { simple: true }) as number;
  return { pages: round(bytes / (page + 24) / n, 1), kib: round(bytes / n / 1024, 1) };
}

const lat = new Map<number, { r: number[]; b: number[] }>(sides.map((s) => [s.size, { r: [], b: [] }]));
for (const s of sides) for (let i = 0; i < 100; i++) { redeem(s)(); baseline(s)(); }
for (let done = 0; done < N; done += BLOCK) {
  for (const s of sides) {
    const l = lat.get(s.size)!;
    for (let i = 0; i < BLOCK; i++) l.r.push(timeMs(redeem(s)));
    for (let i = 0; i < BLOCK; i++) l.b.push(timeMs(baseline(s)));
  }
}
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const out = sides.map((s) => {
  const l = lat.get(s.size)!;
  s.app.db.pragma('synchronous = OFF'); s.base.db.pragma('synchronous = OFF');
  const cpu: number[] = []; const baseCpu: number[] = [];
  for (let i = 0; i < 500; i++) { cpu.push(timeMs(redeem(s))); baseCpu.push(timeMs(baseline(s))); }
  s.app.db.pragma('synchronous = FULL'); s.base.db.pragma('synchronous = FULL');
  return {
    pageSize: s.size,
    redeemMeanMs: round(mean(l.r), 3), baselineMeanMs: round(mean(l.b), 3), ratio: round(mean(l.b) / mean(l.r), 3),
    redeemP99Ms: round(percentile(l.r, 99), 2),
    cpuMeanMs: { redeem: round(mean(cpu), 3), baseline: round(mean(baseCpu), 3) },
    walPerCommit: { redeem: walPerCommit(s.app.db, s.file, redeem(s)), baseline: walPerCommit(s.base.db, s.base.file, baseline(s)) },
  };
});
console.log(JSON.stringify({ source: path.relative(process.cwd(), src), redemptionsPerSize: N, results: out }, null, 1));
for (const s of sides) { s.app.close(); s.base.db.close(); removeDb(s.file); removeDb(s.base.file); }
