// What-if for the redemption ratio (not part of npm run bench): can SQLite's own knobs close the gap to the raw
// baseline? Redemptions through the contract on the seeded 100k ledger, interleaved with the raw INSERT+UPDATE
// baseline, under: SQLite's defaults; a 64 MB page cache; a 2 GB memory map; checkpoints every 10,000 WAL pages
// instead of 1,000; and checkpoints taken off the counter's thread by a worker with its own connection
// (wal_autocheckpoint=0 on the counter, PASSIVE checkpoints every 20 ms). Each knob is applied to both sides.
// Also the CPU alone (synchronous=OFF) of a redemption, which bounds the ratio whatever the I/O does.
// Usage: npx tsx bench/experiments/cache-and-checkpoints.ts [bench/data/ledger-100000-1000000.sqlite]
import Database from 'better-sqlite3';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { monotonicFactory } from 'ulid';
import { createApp } from '../../core/app';
import { clockAhead } from '../../core/db/ledgerTime';
import { ensureDataDir, percentile, prng, removeDb, round, timeMs } from '../lib';

const ulid = monotonicFactory();
const file = path.resolve(process.argv[2] ?? path.join(ensureDataDir(), 'ledger-100000-1000000.sqlite'));
const app = createApp(file, { checkOutput: false });
if (clockAhead(app.db, Date.now())) app.dispatch('periods.close', { clientId: ulid() }, { sessionToken: app.sessions.unlock(() => true).token });
const passes = (app.db.prepare('SELECT count(*) AS n FROM passes').get() as { n: number }).n;

const baseFile = path.join(ensureDataDir(), 'whatif-baseline.sqlite');
removeDb(baseFile);
const base = new Database(baseFile);
base.pragma('journal_mode = WAL'); base.pragma('synchronous = FULL'); base.pragma('foreign_keys = ON');
base.exec(`CREATE TABLE balances (account_id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
  CREATE TABLE entries (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES balances (account_id), amount INTEGER NOT NULL, at INTEGER NOT NULL);`);
const seedRow = base.prepare('INSERT INTO balances VALUES (?, ?)');
base.transaction(() => { for (let i = 1; i <= passes; i++) seedRow.run(i, 25_000_000); })();
const ins = base.prepare('INSERT INTO entries (account_id, amount, at) VALUES (?, ?, ?)');
const upd = base.prepare('UPDATE balances SET balance = balance + ? WHERE account_id = ?');
const baseTx = base.transaction((a: number) => { ins.run(a, -1_000_000, Date.now()); upd.run(-1_000_000, a); });

const rand = prng(11 + (Date.now() % 997));
const redeem = () => {
  const r = app.dispatch('counter.redeem', { clientId: ulid(), passId: 1 + Math.floor(rand() * passes), items: [{ itemId: 1, quantity: '1' }] });
  if (!r.ok) throw new Error(`counter.redeem: ${r.error.code} ${r.error.message}`);
};
const baseline = () => baseTx.immediate(1 + Math.floor(rand() * passes));
const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
const pause = () => new Promise((r) => setTimeout(r, 2));

// a checkpointer with its own connection: the counter's commits never wait for a checkpoint
const checkpointer = (db: string) => new Worker(`
  const { workerData, parentPort } = require('node:worker_threads');
  const Database = require(workerData.module);
  const db = new Database(workerData.db);
  db.pragma('synchronous = FULL');
  const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, 20);
  parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`, { eval: true, workerData: { db, module: createRequire(import.meta.url).resolve('better-sqlite3') } });

interface Knob { name: string; apply: () => Worker[] }
const both = (p: string) => () => { app.db.pragma(p); base.pragma(p); return []; };
const knobs: Knob[] = [
  { name: 'SQLite defaults', apply: () => [] },
  { name: 'cache_size = -65536 (64 MB)', apply: both('cache_size = -65536') },
  { name: 'mmap_size = 2 GB', apply: both('mmap_size = 2000000000') },
  { name: 'wal_autocheckpoint = 10000', apply: both('wal_autocheckpoint = 10000') },
  { name: 'checkpoints on a worker thread', apply: () => { both('wal_autocheckpoint = 0')(); return [checkpointer(file), checkpointer(baseFile)]; } },
];
const reset = () => { for (const db of [app.db, base]) { db.pragma('cache_size = -2000'); db.pragma('mmap_size = 0'); db.pragma('wal_autocheckpoint = 1000'); db.pragma('wal_checkpoint(TRUNCATE)'); } };

const rows: Record<string, unknown>[] = [];
for (const k of knobs) {
  reset();
  const workers = k.apply();
  for (let i = 0; i < 300; i++) { redeem(); baseline(); }
  const r: number[] = []; const b: number[] = [];
  for (let block = 0; block < 8; block++) {
    for (let i = 0; i < 200; i++) r.push(timeMs(redeem));
    await pause();
    for (let i = 0; i < 200; i++) b.push(timeMs(baseline));
    await pause();
  }
  app.db.pragma('synchronous = OFF');
  const cpu: number[] = [];
  for (let i = 0; i < 500; i++) cpu.push(timeMs(redeem));
  app.db.pragma('synchronous = FULL');
  for (const w of workers) w.postMessage('stop');
  rows.push({ knob: k.name, redeemMs: round(mean(r), 3), redeemP99Ms: round(percentile(r, 99), 3), baselineMs: round(mean(b), 3),
    ratio: round(mean(b) / mean(r), 3), redeemCpuMs: round(mean(cpu), 3), ratioIfIoWereFree: round(mean(b) / mean(cpu), 3) });
  console.log(JSON.stringify(rows.at(-1)));
}
reset();
app.close();
base.close();
removeDb(baseFile);
