// What-if for the redemption write volume (not part of npm run bench): the rows of one redemption written
// with plain statements on two copies of a seeded ledger, one as migrated and one without three secondary
// indexes that every redemption updates (journal_lines_account, journal_tx_pass, redemptions_time),
// interleaved, synchronous=FULL, one transaction each. Prints durable writes/s and WAL pages per commit.
// Usage: npx tsx bench/experiments/fewer-indexes.ts [bench/data/ledger-5000-50000.sqlite] [commits]
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { mirrorRedeemer, type MirrorLot } from '../seed';
import { ensureDataDir, percentile, prng, removeDb, round, timeMs } from '../lib';

const src = process.argv[2] ?? path.join(ensureDataDir(), 'ledger-5000-50000.sqlite');
const N = Number(process.argv[3] ?? 600);
const DROP = (process.env.DROP ?? 'journal_lines_account,journal_tx_pass,redemptions_time').split(',');

function copy(name: string): string {
  const to = path.join(ensureDataDir(), name);
  removeDb(to);
  const s = new Database(src);
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  fs.copyFileSync(src, to);
  return to;
}

function open(file: string, drop: boolean) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  if (drop) for (const i of DROP) db.exec(`DROP INDEX IF EXISTS ${i}`);
  const item = (db.prepare("SELECT id FROM items WHERE name = 'Cappuccino'").get() as { id: number }).id;
  const write = mirrorRedeemer(db, item);
  const passes = (db.prepare('SELECT id FROM passes').all() as { id: number }[]).map((r) => r.id);
  const lotOf = db.prepare(`SELECT l.id, l.pass_id, p.customer_id, l.amount_units, l.paid_minor, b.remaining_units, b.consumed_units, b.recognized_minor
      FROM lots l JOIN lot_balances b ON b.lot_id = l.id JOIN passes p ON p.id = l.pass_id WHERE l.pass_id = ? AND b.remaining_units >= 1000000 LIMIT 1`);
  const rand = prng(7);
  const tx = db.transaction(() => {
    const l = lotOf.get(passes[Math.floor(rand() * passes.length)]) as MirrorLot | undefined;
    if (l) write(l, Date.now());
  });
  return { db, file, one: () => tx.immediate() };
}

function pages(t: ReturnType<typeof open>, n: number): number {
  t.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < n; i++) t.one();
  return (fs.statSync(`${t.file}-wal`).size - 32) / ((t.db.pragma('page_size', { simple: true }) as number) + 24) / n;
}

const a = open(copy('whatif-as-migrated.sqlite'), false);
const b = open(copy('whatif-fewer-indexes.sqlite'), true);
for (let i = 0; i < 50; i++) { a.one(); b.one(); }
const la: number[] = []; const lb: number[] = [];
for (let done = 0; done < N; done += 50) {
  for (let i = 0; i < 50; i++) la.push(timeMs(a.one));
  for (let i = 0; i < 50; i++) lb.push(timeMs(b.one));
}
const rate = (l: number[]) => round(l.length / l.reduce((x, y) => x + y, 0) * 1000, 0);
console.log(JSON.stringify({
  source: path.relative(process.cwd(), src), commits: N, dropped: DROP,
  asMigrated: { perS: rate(la), p50ms: round(percentile(la, 50), 3), walPagesPerCommit: round(pages(a, 20), 1) },
  fewerIndexes: { perS: rate(lb), p50ms: round(percentile(lb, 50), 3), walPagesPerCommit: round(pages(b, 20), 1) },
}, null, 1));
a.db.close(); b.db.close();
removeDb(a.file); removeDb(b.file);
