// Ledger figures at 100k customers / 1M lot entries: durable redemptions through the contract against a raw
// better-sqlite3 INSERT + UPDATE baseline (same pragmas, same folder, same run, interleaved), redemption
// latency, balance read and customer search p99, and where the time of one redemption goes.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type PassbookApp } from '../../core/app';
import { liveLots } from '../../core/lots/lots';
import { clockAhead } from '../../core/db/ledgerTime';
import { benchDir, percentile, prng, removeDb, round, timeMs, type BenchContext, type Figure, type Section } from '../lib';
import { monotonicFactory } from 'ulid';
import { mirrorRedeemer, type MirrorLot, type Seeded } from '../seed';

const ulid = monotonicFactory();

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const REDEMPTIONS = Number(process.env.BENCH_REDEMPTIONS ?? 2_000);
const BLOCK = 200;

type SeedInfo = Omit<Seeded, 'clock'> & { seededAt: string; userVersion: number; peakRssMB?: number };

/** The seeded 100k/1M ledger: reused from bench/data when it matches (BENCH_RESEED=1 forces a fresh seed). */
export function ledger100k(ctx: BenchContext): SeedInfo & { reused: boolean } {
  const cached = ctx.shared.get('ledger100k') as (SeedInfo & { reused: boolean }) | undefined;
  if (cached) return cached;
  const file = path.join(ctx.dataDir, `ledger-${CUSTOMERS}-${ENTRIES}.sqlite`);
  const meta = `${file}.json`;
  const migrations = fs.readdirSync(path.join(ctx.dataDir, '..', '..', 'core', 'db', 'migrations')).filter((f) => /^\d{3}_.*\.sql$/.test(f)).length;
  let info: (SeedInfo & { reused: boolean }) | undefined;
  if (!process.env.BENCH_RESEED && fs.existsSync(file) && fs.existsSync(meta)) {
    const m = JSON.parse(fs.readFileSync(meta, 'utf8')) as SeedInfo;
    const db = new Database(file, { readonly: true });
    const uv = db.pragma('user_version', { simple: true }) as number;
    db.close();
    if (m.userVersion === migrations && uv === migrations) info = { ...m, file, reused: true };
  }
  if (!info) {
    ctx.log(`seeding ${CUSTOMERS} customers / ${ENTRIES} lot entries into ${path.relative(process.cwd(), file)} (child process) ...`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, 'seed.ts'), file, String(CUSTOMERS), String(ENTRIES)], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`seeding failed (exit ${r.status})`);
    const s = JSON.parse(fs.readFileSync(`${file}.seed.json`, 'utf8')) as Omit<Seeded, 'clock'> & { peakRssMB: number };
    const m: SeedInfo = { ...s, seededAt: new Date().toISOString(), userVersion: migrations };
    fs.writeFileSync(meta, JSON.stringify(m));
    info = { ...m, reused: false };
  }
  ctx.shared.set('ledger100k', info);
  ctx.facts.seed = {
    file: path.relative(process.cwd(), info.file), customers: info.customers, passes: info.passes, lotEntries: info.entries,
    redemptions: info.redemptions, seconds: { contract: round(info.seconds.contract, 1), sql: round(info.seconds.sql, 1), total: round(info.seconds.total, 1) },
    method: info.method, seededAt: info.seededAt, reused: info.reused, seederPeakRssMB: info.peakRssMB,
    fileMB: round(fs.statSync(info.file).size / 1048576, 1),
  };
  return info;
}

/** A fresh file with the ledger's pragmas (core/db/open.ts). */
function freshWithLedgerPragmas(file: string): Database.Database {
  removeDb(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * The raw baseline: one INSERT + one UPDATE per transaction, same pragmas as the ledger. `clientId` (what-if
 * experiments only, not npm run bench): the INSERT also carries a unique caller's id, what idempotency alone costs.
 */
export function openBaseline(file: string, opts: { clientId?: boolean } = {}): { db: Database.Database; tx: (account: number, amount: number) => void } {
  const db = freshWithLedgerPragmas(file);
  const idColumn = opts.clientId ? 'client_id TEXT NOT NULL UNIQUE, ' : '';
  db.exec(`CREATE TABLE balances (account_id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
           CREATE TABLE entries (id INTEGER PRIMARY KEY, ${idColumn}account_id INTEGER NOT NULL REFERENCES balances (account_id), amount INTEGER NOT NULL, at INTEGER NOT NULL);`);
  const seed = db.prepare('INSERT INTO balances (account_id, balance) VALUES (?, ?)');
  db.transaction(() => { for (let i = 1; i <= CUSTOMERS; i++) seed.run(i, 25_000_000); })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const ins = opts.clientId
    ? db.prepare('INSERT INTO entries (client_id, account_id, amount, at) VALUES (?, ?, ?, ?)')
    : db.prepare('INSERT INTO entries (account_id, amount, at) VALUES (?, ?, ?)');
  const upd = db.prepare('UPDATE balances SET balance = balance + ? WHERE account_id = ?');
  const t = db.transaction((account: number, amount: number) => {
    if (opts.clientId) ins.run(ulid(), account, amount, Date.now()); else ins.run(account, amount, Date.now());
    upd.run(amount, account);
  });
  return { db, tx: (a, m) => t.immediate(a, m) };
}

/**
 * The floor: the least a redemption could write and still be found again. One row carrying the pass, the
 * credits and the caller's id (unique, for retries), indexed by pass (for statements), and one balance
 * UPDATE; plain prepared statements, same pragmas, no service code, no lot entries, no journal. Whatever a
 * real redemption costs over the baseline, it cannot cost less than this.
 */
function openFloor(file: string): { db: Database.Database; tx: (passId: number) => void } {
  const db = freshWithLedgerPragmas(file);
  db.exec(`CREATE TABLE balances (pass_id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);
           CREATE TABLE redemptions (id INTEGER PRIMARY KEY, client_id TEXT NOT NULL UNIQUE, pass_id INTEGER NOT NULL REFERENCES balances (pass_id),
             credits INTEGER NOT NULL, at INTEGER NOT NULL);
           CREATE INDEX redemptions_pass ON redemptions (pass_id, at);`);
  const seed = db.prepare('INSERT INTO balances (pass_id, balance) VALUES (?, ?)');
  const old = db.prepare('INSERT INTO redemptions (client_id, pass_id, credits, at) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= CUSTOMERS; i++) seed.run(i, 25_000_000);
    for (let i = 0; i < ENTRIES / 4; i++) old.run(ulid(), 1 + ((i * 7919) % CUSTOMERS), -1_000_000, Date.now());
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const ins = db.prepare('INSERT INTO redemptions (client_id, pass_id, credits, at) VALUES (?, ?, ?, ?)');
  const upd = db.prepare('UPDATE balances SET balance = balance + ? WHERE pass_id = ?');
  const t = db.transaction((passId: number) => { ins.run(ulid(), passId, -1_000_000, Date.now()); upd.run(-1_000_000, passId); });
  return { db, tx: (p) => t.immediate(p) };
}

/**
 * A leaner ledger's rows: what a redesign could keep of a redemption (the operations row with its result,
 * the redemption with its lines packed in, one lot entry, the lot balance UPDATE; the journal derived, not
 * stored), written with plain statements. Read against the baseline it bounds what such a rewrite could reach.
 */
function openLeanRows(file: string): { db: Database.Database; tx: (passId: number) => void } {
  const db = freshWithLedgerPragmas(file);
  db.exec(`CREATE TABLE operations (client_id TEXT PRIMARY KEY, method TEXT NOT NULL, payload_hash TEXT NOT NULL, result TEXT NOT NULL, occurred_at INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE lot_balances (lot_id INTEGER PRIMARY KEY, pass_id INTEGER NOT NULL, remaining_units INTEGER NOT NULL, consumed_units INTEGER NOT NULL,
      recognized_minor INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
    CREATE INDEX lot_balances_live ON lot_balances (pass_id) WHERE remaining_units > 0;
    CREATE TABLE redemptions (id INTEGER PRIMARY KEY, pass_id INTEGER NOT NULL, occurred_at INTEGER NOT NULL, credits_units INTEGER NOT NULL,
      balance_before_units INTEGER NOT NULL, balance_after_units INTEGER NOT NULL, lines TEXT NOT NULL, client_id TEXT);
    CREATE INDEX redemptions_pass ON redemptions (pass_id, id);
    CREATE INDEX redemptions_time ON redemptions (occurred_at);
    CREATE TABLE lot_entries (id INTEGER PRIMARY KEY, lot_id INTEGER NOT NULL, pass_id INTEGER NOT NULL, kind TEXT NOT NULL, credits_units INTEGER NOT NULL,
      money_minor INTEGER NOT NULL, redemption_id INTEGER, occurred_at INTEGER NOT NULL);
    CREATE INDEX lot_entries_pass ON lot_entries (pass_id, occurred_at, id, kind, lot_id, credits_units, money_minor, redemption_id);`);
  // a real redemption's stored result and lines, for realistic row sizes
  const result = JSON.stringify({ redemptionId: 50490, passId: 3249, balanceBefore: '14', balanceAfter: '13', creditsUsed: '1',
    lines: [{ itemId: 1, name: 'Cappuccino', quantity: '1', rate: '1', credits: '1' }], lotsTouched: [{ lotId: 3249, credits: '1', expiresAt: null }],
    overage: null, lowBalance: { low: false, thresholdCredits: '3', thresholdPercent: null }, undoUntil: '2026-11-22T06:53:20.209Z' });
  const lines = JSON.stringify([{ itemId: 1, name: 'Cappuccino', unit: 'cup', quantity: 1_000_000, rate: 1_000_000, credits: 1_000_000, cash: 450, overage: 0 }]);
  const insOp = db.prepare('INSERT INTO operations VALUES (?, ?, ?, ?, ?)');
  const insR = db.prepare('INSERT INTO redemptions (pass_id, occurred_at, credits_units, balance_before_units, balance_after_units, lines, client_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insE = db.prepare("INSERT INTO lot_entries (lot_id, pass_id, kind, credits_units, money_minor, redemption_id, occurred_at) VALUES (?, ?, 'redeem', ?, ?, ?, ?)");
  const upd = db.prepare('UPDATE lot_balances SET remaining_units = remaining_units - ?, consumed_units = consumed_units + ?, recognized_minor = recognized_minor + ?, updated_at = ? WHERE lot_id = ?');
  const hash = 'h'.repeat(64);
  const one = (p: number) => {
    const c = ulid();
    const at = Date.now();
    insOp.run(c, 'counter.redeem', hash, result, at);
    const r = insR.run(p, at, 1_000_000, 5_000_000_000, 4_999_000_000, lines, c);
    insE.run(p, p, -1_000_000, 200, r.lastInsertRowid, at);
    upd.run(1_000_000, 1_000_000, 200, at, p);
  };
  const seedLot = db.prepare('INSERT INTO lot_balances VALUES (?, ?, ?, 0, 0, 0)');
  db.transaction(() => {
    for (let i = 1; i <= CUSTOMERS; i++) seedLot.run(i, i, 1_000_000_000_000);
    for (let i = 0; i < ENTRIES / 4; i++) one(1 + ((i * 7919) % CUSTOMERS));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const t = db.transaction((passId: number) => one(passId));
  return { db, tx: (p) => t.immediate(p) };
}

/** Count statement executions (run/get/all/iterate) on one connection while fn runs. */
function countStatements(db: Database.Database, fn: () => void): { total: number; byKind: Record<string, number>; prepared: Record<string, number> } {
  const proto = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, (...a: unknown[]) => unknown>;
  const byKind: Record<string, number> = {};
  const saved: Record<string, (...a: unknown[]) => unknown> = {};
  for (const m of ['run', 'get', 'all', 'iterate'] as const) {
    saved[m] = proto[m]!;
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      const verb = this.source.trim().split(/\s+/)[0]!.toUpperCase();
      const table = /(?:INTO|UPDATE|FROM)\s+([a-z_]+)/i.exec(this.source)?.[1] ?? '?';
      const key = `${verb} ${table}`;
      byKind[key] = (byKind[key] ?? 0) + 1;
      return saved[m]!.apply(this, args);
    };
  }
  // statements prepared during the calls (not served from a statement cache)
  const prepared: string[] = [];
  const dbAny = db as unknown as { prepare: (src: string) => unknown };
  const prep = dbAny.prepare;
  dbAny.prepare = function (this: unknown, src: string) { prepared.push(src.replace(/\s+/g, ' ').slice(0, 60)); return prep.call(this, src); };
  try { fn(); } finally { for (const m of Object.keys(saved)) proto[m] = saved[m]!; dbAny.prepare = prep; }
  const preparedBySql: Record<string, number> = {};
  for (const p of prepared) preparedBySql[p] = (preparedBySql[p] ?? 0) + 1;
  return { total: Object.values(byKind).reduce((a, b) => a + b, 0), byKind, prepared: preparedBySql };
}

/** Pages written to the WAL per commit, over n commits (WAL truncated first, n small enough to avoid auto-checkpoint). */
function walPagesPerCommit(db: Database.Database, file: string, n: number, one: (i: number) => void): number {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const page = db.pragma('page_size', { simple: true }) as number;
  for (let i = 0; i < n; i++) one(i);
  const size = fs.statSync(`${file}-wal`).size;
  return (size - 32) / (page + 24) / n;
}

/**
 * Which B-trees (tables and indexes) one commit writes: reads the page numbers of the WAL frames each commit
 * appends, then maps page numbers to their table/index with the dbstat virtual table. Average pages per commit.
 */
function walPagesByTree(db: Database.Database, file: string, n: number, one: () => void): Record<string, number> {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const page = db.pragma('page_size', { simple: true }) as number;
  const frame = page + 24;
  const wal = `${file}-wal`;
  const touched = new Map<number, number>();
  let offset = 32;
  for (let i = 0; i < n; i++) {
    one();
    const size = fs.statSync(wal).size;
    const fd = fs.openSync(wal, 'r');
    const seen = new Set<number>();
    const head = Buffer.alloc(4);
    for (; offset + frame <= size; offset += frame) {
      fs.readSync(fd, head, 0, 4, offset);
      seen.add(head.readUInt32BE(0));
    }
    fs.closeSync(fd);
    for (const p of seen) touched.set(p, (touched.get(p) ?? 0) + 1);
  }
  const out: Record<string, number> = {};
  for (const r of db.prepare('SELECT name, pageno FROM dbstat').iterate() as Iterable<{ name: string; pageno: number }>) {
    const c = touched.get(r.pageno);
    if (c) out[r.name] = (out[r.name] ?? 0) + c / n;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, round(v, 2)] as const).sort((a, b) => b[1] - a[1]));
}

const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;

export const ledgerSection: Section = {
  name: 'ledger',
  run(ctx) {
    const seed = ledger100k(ctx);
    const app: PassbookApp = createApp(seed.file, { checkOutput: false });
    // the seeded history ends in early 2026: the first run on it confirms today's date as the owner would
    // (periods.close), since a clock far past the ledger's last entry waits for that (core/db/ledgerTime.ts)
    if (clockAhead(app.db, Date.now())) {
      const owner = { sessionToken: app.sessions.unlock(() => true).token };
      const r = app.dispatch('periods.close', { clientId: ulid() }, owner);
      if (!r.ok) throw new Error(`periods.close: ${r.error.code} ${r.error.message}`);
    }
    // a reused seed keeps every run's redemptions: each run draws from other passes (seeded by how many there are
    // already), so repeated runs do not empty the same few passes
    const rand = prng(42 + ((app.db.prepare('SELECT coalesce(max(id), 0) AS n FROM redemptions').get() as { n: number }).n % 1_000_003));
    const db = app.db;
    const sync = db.pragma('synchronous', { simple: true });
    const mode = db.pragma('journal_mode', { simple: true });
    if (sync !== 2 || mode !== 'wal') throw new Error(`ledger pragmas: synchronous=${sync} journal_mode=${mode}; expected FULL (2) and wal`);
    const baseFile = path.join(ctx.dataDir, 'baseline.sqlite');
    const base = openBaseline(baseFile);
    const floorFile = path.join(ctx.dataDir, 'floor.sqlite');
    const floor = openFloor(floorFile);
    const leanFile = path.join(ctx.dataDir, 'lean-rows.sqlite');
    const lean = openLeanRows(leanFile);

    const pass = () => seed.passIds[Math.floor(rand() * seed.passIds.length)]!;
    const redeemOnce = (passId: number) => {
      // as the counter sends it: with the credits its Redeem button showed (the seeded Cappuccino takes 1)
      const r = app.dispatch('counter.redeem', { clientId: ulid(), passId, items: [{ itemId: seed.itemId, quantity: '1' }], expected: { credits: '1' } });
      if (!r.ok) throw new Error(`counter.redeem: ${r.error.code} ${r.error.message}`);
    };
    const baseOnce = () => base.tx(1 + Math.floor(rand() * CUSTOMERS), -1_000_000);
    const floorOnce = () => floor.tx(1 + Math.floor(rand() * CUSTOMERS));
    const leanOnce = () => lean.tx(1 + Math.floor(rand() * CUSTOMERS));
    // the least any redemption through the contract could cost: it must at least read the pass it draws
    // from through the contract (validation, pass, live lots) and then make the floor's write
    // tighter still, without the contract: the pass row and its live lots in plain SQL (core liveLots), then the floor's write
    const passRowStmt = db.prepare('SELECT * FROM passes WHERE id = ?');
    const lotsThenFloorOnce = () => {
      const id = pass();
      if (!passRowStmt.get(id)) throw new Error(`no pass ${id}`);
      liveLots(db, id, Date.now());
      floor.tx(1 + Math.floor(rand() * CUSTOMERS));
    };
    const readThenFloorOnce = () => {
      const r = app.dispatch('passes.get', { passId: pass() });
      if (!r.ok) throw new Error(`passes.get: ${r.error.code}`);
      floor.tx(1 + Math.floor(rand() * CUSTOMERS));
    };
    // the same rows as a redemption, written with plain prepared statements on the same file (no service code)
    const mirror = mirrorRedeemer(db, seed.itemId);
    const lotOf = db.prepare(`SELECT l.id, l.pass_id, p.customer_id, l.amount_units, l.paid_minor, b.remaining_units, b.consumed_units, b.recognized_minor
        FROM lots l JOIN lot_balances b ON b.lot_id = l.id JOIN passes p ON p.id = l.pass_id WHERE l.pass_id = ? AND b.remaining_units >= 1000000 LIMIT 1`);
    const mirrorTx = db.transaction((passId: number) => {
      const l = lotOf.get(passId) as MirrorLot | undefined;
      if (l) mirror(l, Date.now());
    });
    const mirrorOnce = () => mirrorTx.immediate(pass());

    // warm-up (page cache, statement caches, JIT)
    for (let i = 0; i < 100; i++) { redeemOnce(pass()); baseOnce(); mirrorOnce(); floorOnce(); leanOnce(); readThenFloorOnce(); lotsThenFloorOnce(); }

    // (a) + (b): interleaved blocks so both see the same disk weather
    ctx.log(`durable redemptions: ${REDEMPTIONS} through the contract, ${REDEMPTIONS} raw baseline, blocks of ${BLOCK} ...`);
    const lat: number[] = [];
    const baseLat: number[] = [];
    const mirrorLat: number[] = [];
    const floorLat: number[] = [];
    const leanLat: number[] = [];
    const readFloorLat: number[] = [];
    const lotsFloorLat: number[] = [];
    let contractMs = 0;
    let baseMs = 0;
    for (let done = 0; done < REDEMPTIONS; done += BLOCK) {
      const n = Math.min(BLOCK, REDEMPTIONS - done);
      for (let i = 0; i < n; i++) { const ms = timeMs(() => redeemOnce(pass())); lat.push(ms); contractMs += ms; }
      for (let i = 0; i < n; i++) { const ms = timeMs(baseOnce); baseLat.push(ms); baseMs += ms; }
      for (let i = 0; i < n; i++) mirrorLat.push(timeMs(mirrorOnce));
      for (let i = 0; i < n; i++) floorLat.push(timeMs(floorOnce));
      for (let i = 0; i < n; i++) leanLat.push(timeMs(leanOnce));
      for (let i = 0; i < n; i++) readFloorLat.push(timeMs(readThenFloorOnce));
      for (let i = 0; i < n; i++) lotsFloorLat.push(timeMs(lotsThenFloorOnce));
    }
    const lotsFloorPerS = (lotsFloorLat.length / lotsFloorLat.reduce((a, b) => a + b, 0)) * 1000;
    const readFloorPerS = (readFloorLat.length / readFloorLat.reduce((a, b) => a + b, 0)) * 1000;
    const leanPerS = (leanLat.length / leanLat.reduce((a, b) => a + b, 0)) * 1000;
    const floorPerS = (floorLat.length / floorLat.reduce((a, b) => a + b, 0)) * 1000;
    const mirrorPerS = (mirrorLat.length / mirrorLat.reduce((a, b) => a + b, 0)) * 1000;
    const contractPerS = (lat.length / contractMs) * 1000;
    const basePerS = (baseLat.length / baseMs) * 1000;

    // where one redemption's time goes: CPU (synchronous=OFF) vs durable, statements, WAL pages
    ctx.log('profiling one redemption ...');
    const stmts = countStatements(db, () => { for (let i = 0; i < 50; i++) redeemOnce(pass()); });
    const walContract = walPagesPerCommit(db, seed.file, 20, () => redeemOnce(pass()));
    const walBase = walPagesPerCommit(base.db, baseFile, 20, baseOnce);
    const walMirror = walPagesPerCommit(db, seed.file, 20, mirrorOnce);
    const walFloor = walPagesPerCommit(floor.db, floorFile, 20, floorOnce);
    const walLean = walPagesPerCommit(lean.db, leanFile, 20, leanOnce);
    const byTree = process.env.BENCH_PAGE_MAP === '0' ? null : walPagesByTree(db, seed.file, 20, () => redeemOnce(pass()));
    db.pragma('synchronous = OFF'); base.db.pragma('synchronous = OFF');
    const cpu: number[] = []; const baseCpu: number[] = []; const mirrorCpu: number[] = [];
    for (let i = 0; i < 500; i++) { cpu.push(timeMs(() => redeemOnce(pass()))); baseCpu.push(timeMs(baseOnce)); mirrorCpu.push(timeMs(mirrorOnce)); }
    db.pragma('synchronous = FULL'); base.db.pragma('synchronous = FULL');

    // (c) reads
    ctx.log('balance reads and customer searches ...');
    const reads: number[] = [];
    for (let i = 0; i < 2_000; i++) reads.push(timeMs(() => { const r = app.dispatch('passes.get', { passId: pass() }); if (!r.ok) throw new Error(r.error.message); }));
    // a pass sold at the counter to a customer of the 100k: a new lot, its grant and the sale's journal, durable
    const planId = (db.prepare("SELECT id FROM plans WHERE kind = 'plan' ORDER BY id LIMIT 1").get() as { id: number }).id;
    const sells: number[] = [];
    for (let i = 0; i < 300; i++) {
      sells.push(timeMs(() => {
        const r = app.dispatch('passes.sell', { clientId: ulid(), customerId: 1 + Math.floor(rand() * CUSTOMERS), planId, paymentMethod: 'card' });
        if (!r.ok) throw new Error(`passes.sell: ${r.error.code} ${r.error.message}`);
      }));
    }
    const searches: number[] = [];
    const hits: number[] = [];
    const slow: Array<{ q: string; ms: number }> = [];
    for (let i = 0; i < 1_000; i++) {
      const q = seed.queries[i % seed.queries.length]!;
      let n = 0;
      const ms = timeMs(() => { const r = app.dispatch('customers.search', { query: q, limit: 20 }); if (!r.ok) throw new Error(r.error.message); n = (r.value as { customers: unknown[] }).customers.length; });
      searches.push(ms); hits.push(n); slow.push({ q, ms });
    }
    slow.sort((a, b) => b.ms - a.ms);
    // the owner opens a customer: the first page of the history (it read every redemption of the shop until its
    // plan was checked with aliases resolved), and the shop's corrections of this month
    const viewer = { sessionToken: app.sessions.unlock(() => true).token };
    const histories: number[] = [];
    for (let i = 0; i < 200; i++) {
      const customerId = 1 + Math.floor(rand() * CUSTOMERS);
      histories.push(timeMs(() => { const r = app.dispatch('owner.history', { customerId, limit: 25, offset: 0 }, viewer); if (!r.ok) throw new Error(r.error.message); }));
    }
    const month = new Date().toISOString().slice(0, 8);
    const corrections: number[] = [];
    for (let i = 0; i < 20; i++) {
      corrections.push(timeMs(() => { const r = app.dispatch('reports.corrections', { from: `${month}01`, to: new Date().toISOString().slice(0, 10) }, viewer); if (!r.ok) throw new Error(r.error.message); }));
    }
    // a shop moving in: the preview of a 20,000-line customer list (the import's limit) against the 100k here; each line
    // is checked against the file's earlier lines and the customers of its name (core/imports/customers.ts). Writes nothing
    // (names only, as this figure has been measured since it began; a card system's wide export is a test in core/imports)
    const list = `Name\n${Array.from({ length: 20_000 }, (_, i) => `Member of the morning club ${String(i).padStart(5, '0')}`).join('\n')}\n`;
    const importPreviewMs = timeMs(() => {
      const r = app.dispatch('imports.preview', { kind: 'customers', csv: list }, viewer);
      if (!r.ok) throw new Error(`imports.preview: ${r.error.code} ${r.error.message}`);
    });
    // a customer who asks to be forgotten: every stored answer that may name them is read, and the search index of
    // the 100k is merged so their tokens go (core/customers/erasure.ts); one owner call, its checkpoint included
    const gone = app.dispatch('customers.create', { clientId: ulid(), name: 'Bench Forget-Me', phone: '+1 212 555 0100' });
    if (!gone.ok) throw new Error(gone.error.message);
    const operations = (db.prepare('SELECT count(*) AS n FROM operations').get() as { n: number }).n;
    const forgetMs = timeMs(() => {
      const r = app.dispatch('customers.forget', { clientId: ulid(), id: (gone.value as { id: number }).id, reason: 'bench' }, viewer);
      if (!r.ok) throw new Error(`customers.forget: ${r.error.code} ${r.error.message}`);
    });
    const quick = db.pragma('quick_check', { simple: true });
    app.close();
    base.db.close();
    floor.db.close();
    removeDb(floorFile);
    lean.db.close();
    removeDb(leanFile);

    ctx.facts.redeemProfile = {
      statementsPerRedemption: round(stmts.total / 50, 1),
      preparedPerRedemption: Object.fromEntries(Object.entries(stmts.prepared).map(([k, v]) => [k, round(v / 50, 2)])),
      statementsByKind: Object.fromEntries(Object.entries(stmts.byKind).map(([k, v]) => [k, round(v / 50, 2)]).sort((a, b) => (b[1] as number) - (a[1] as number))),
      walPagesByTreePerCommit: byTree,
      walPagesPerCommit: { contract: round(walContract, 1), sameRowsRawSql: round(walMirror, 1), floor: round(walFloor, 1), leanRows: round(walLean, 1), baseline: round(walBase, 1) },
      cpuMsMean: { contract: round(mean(cpu), 3), sameRowsRawSql: round(mean(mirrorCpu), 3), baseline: round(mean(baseCpu), 3) },
      durableMsMean: { contract: round(contractMs / lat.length, 3), sameRowsRawSql: round(mean(mirrorLat), 3), baseline: round(baseMs / baseLat.length, 3) },
      durableMsP50: { contract: round(percentile(lat, 50), 3), sameRowsRawSql: round(percentile(mirrorLat, 50), 3), baseline: round(percentile(baseLat, 50), 3) },
      slowestSearches: slow.slice(0, 5).map((s) => ({ q: s.q, ms: round(s.ms, 2) })),
      searchMeanHits: round(hits.reduce((a, b) => a + b, 0) / hits.length, 1),
      quickCheckAfter: quick,
    };

    const f: Figure[] = [
      { name: 'redeem.durable_per_s', value: round(contractPerS, 0), unit: '/s', note: 'app.dispatch counter.redeem, synchronous=FULL, one tx each' },
      { name: 'baseline.durable_per_s', value: round(basePerS, 0), unit: '/s', note: 'raw better-sqlite3 INSERT+UPDATE per tx, same pragmas' },
      { name: 'redeem.ratio_to_baseline', value: round(contractPerS / basePerS, 3), unit: '×', target: { op: '>=', value: 0.8 } },
      { name: 'floor.durable_per_s', value: round(floorPerS, 0), unit: '/s', note: 'least a redemption could write: 1 row (unique client id, pass index) + 1 balance UPDATE, plain SQL, same pragmas' },
      { name: 'floor.ratio_to_baseline', value: round(floorPerS / basePerS, 3), unit: '×', note: 'the best any redemption could reach against the baseline on this machine' },
      { name: 'read_then_floor.ratio_to_baseline', value: round(readFloorPerS / basePerS, 3), unit: '×', note: 'passes.get through the contract, then the floor\'s write: the least any redemption through the contract could cost' },
      { name: 'lots_then_floor.ratio_to_baseline', value: round(lotsFloorPerS / basePerS, 3), unit: '×', note: 'the pass and its live lots in plain SQL, then the floor\'s write: the least any redemption that checks the balance could cost' },
      { name: 'lots_then_floor.mean_ms', value: round(mean(lotsFloorLat), 3), unit: 'ms' },
      { name: 'target.max_redeem_ms', value: round((baseMs / baseLat.length) / 0.8, 3), unit: 'ms', note: 'what one durable redemption may take, on average, for the 0.8 ratio' },
      { name: 'read_then_floor.mean_ms', value: round(mean(readFloorLat), 3), unit: 'ms', note: 'mean of the least a redemption through the contract could cost' },
      { name: 'lean_rows.ratio_to_baseline', value: round(leanPerS / basePerS, 3), unit: '×', note: 'a leaner ledger\'s rows (operations, redemption with packed lines, 1 lot entry, lot balance; no stored journal), plain SQL: the most a storage rewrite could reach' },
      { name: 'same_rows_raw_sql.durable_per_s', value: round(mirrorPerS, 0), unit: '/s', note: 'the rows of one redemption via plain prepared statements, same file' },
      { name: 'redeem.ratio_to_same_rows', value: round(contractPerS / mirrorPerS, 3), unit: '×', note: 'service-code overhead alone' },
      { name: 'redeem.p50_ms', value: round(percentile(lat, 50), 3), unit: 'ms' },
      { name: 'redeem.p99_ms', value: round(percentile(lat, 99), 3), unit: 'ms', target: { op: '<=', value: 20 } },
      { name: 'baseline.p50_ms', value: round(percentile(baseLat, 50), 3), unit: 'ms' },
      { name: 'redeem.cpu_ms_mean', value: round(cpu.reduce((a, b) => a + b, 0) / cpu.length, 3), unit: 'ms', note: 'same call with synchronous=OFF' },
      { name: 'baseline.cpu_ms_mean', value: round(baseCpu.reduce((a, b) => a + b, 0) / baseCpu.length, 3), unit: 'ms', note: 'synchronous=OFF' },
      { name: 'redeem.statements', value: round(stmts.total / 50, 1), unit: 'stmts', note: 'statement executions per redemption' },
      { name: 'redeem.wal_pages_per_commit', value: round(walContract, 1), unit: 'pages', note: `baseline ${round(walBase, 1)}` },
      { name: 'passes.get.p50_ms', value: round(percentile(reads, 50), 3), unit: 'ms' },
      { name: 'passes.get.p99_ms', value: round(percentile(reads, 99), 3), unit: 'ms', target: { op: '<=', value: 10 } },
      { name: 'passes.sell.p50_ms', value: round(percentile(sells, 50), 3), unit: 'ms', note: 'a pass sold to one of the 100k customers, durable' },
      { name: 'passes.sell.p99_ms', value: round(percentile(sells, 99), 3), unit: 'ms' },
      { name: 'owner.history.p50_ms', value: round(percentile(histories, 50), 3), unit: 'ms', note: 'a customer\'s history, first page of 25, 200 random customers of the 100k' },
      { name: 'owner.history.p99_ms', value: round(percentile(histories, 99), 3), unit: 'ms' },
      { name: 'reports.corrections.p50_ms', value: round(percentile(corrections, 50), 3), unit: 'ms', note: 'the shop\'s corrections of this month, first page' },
      { name: 'imports.preview_20k_ms', value: round(importPreviewMs, 0), unit: 'ms', note: `a 20,000-line customer list (names, 660 kB) checked against the ${seed.customers} customers; writes nothing` },
      { name: 'customers.forget_ms', value: round(forgetMs, 1), unit: 'ms', note: `one customer forgotten: ${operations} stored answers looked through, the search index of ${seed.customers} merged` },
      { name: 'customers.search.p50_ms', value: round(percentile(searches, 50), 3), unit: 'ms' },
      { name: 'customers.search.p99_ms', value: round(percentile(searches, 99), 3), unit: 'ms', target: { op: '<=', value: 50 }, note: `${seed.customers} customers, name/phone/code prefixes` },
    ];
    return f;
  },
};
