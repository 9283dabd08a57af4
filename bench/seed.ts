// The bench ledger: 100k customers and 1M lot entries, seeded quickly.
//   - shop, catalog, 100k customers and 100k passes: THROUGH THE CONTRACT (app.dispatch, the same path as the
//     counter, operations rows included), batched inside big outer transactions with synchronous=OFF;
//   - the redemption history (900k redemptions, one lot entry each): DIRECT SQL that writes exactly the rows
//     core/drawdown/redeem.ts writes for a one-line redemption from a single lot (journal_tx + 2 journal_lines,
//     redemptions, redemption_lines, lot_entries, lot_balances update, operations), with revenue computed by the
//     core's own recognitionFor and payload hashes by the dispatcher's payloadHash.
// Then synchronous goes back to FULL, the WAL is checkpointed and the seed's invariants are checked with SQL.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monotonicFactory } from 'ulid';
import { createApp, type PassbookApp } from '../core/app';
import type { Db } from '../core/db/open';
import { payloadHash } from '../core/api/dispatch';
import { recognitionFor, sql } from '../core/lots/lots';
import { creditsToString } from '../core/money/decimal';
import { prng, removeDb } from './lib';

export interface SeedOptions { customers: number; entries: number; log: (m: string) => void }

export interface Seeded {
  file: string;
  customers: number;
  passes: number;
  entries: number;
  redemptions: number;
  seconds: { contract: number; sql: number; total: number };
  method: string;
  itemId: number;
  passIds: number[];
  /** what the counter types: name prefixes, last four phone digits, card code prefixes */
  queries: string[];
  clock: { set(ms: number): void };
}

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jamal', 'Kai', 'Lena', 'Mateo', 'Nora', 'Omar',
  'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Aiko', 'Bruno', 'Carmen', 'Dmitri'];
const LAST = ['Lee', 'Smith', 'García', 'Müller', 'Okafor', 'Nguyen', 'Rossi', 'Kowalski', 'Haddad', 'Tanaka', 'Silva', 'Jensen', 'Patel',
  'Cohen', 'Dubois', 'Ivanova', 'Murphy', 'Santos', 'Novak', 'Berg', 'Khan', 'Lopez', 'Weber', 'Moreau', 'Costa', 'Park', 'Fischer', 'Ali'];

// Client ids are ULIDs, as the renderer makes them (renderer/src/api/client.ts): time-ordered, so the
// operations B-tree grows at its right edge, as it does in a real shop.
const nextUlid = monotonicFactory();

export function seedLedger(file: string, opts: SeedOptions): Seeded {
  removeDb(file);
  const rand = prng(20260301);
  let now = Date.parse('2026-01-01T14:00:00.000Z');
  const clock = { now: () => new Date(now), set(ms: number) { now = ms; } };
  const uuid = () => nextUlid(now);
  const t0 = performance.now();
  const app: PassbookApp = createApp(file, { clock, checkOutput: false });
  const call = <T>(name: string, input: Record<string, unknown>, caller = {}): T => {
    const r = app.dispatch(name, input, caller);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };
  call('shop.setup', { clientId: uuid(), name: 'Bench Brew', currency: 'USD', timeZone: 'America/New_York', creditUnit: 'drink', pin: '2468' });
  const owner = { sessionToken: app.sessions.unlock(() => true).token };
  const item = call<{ id: number }>('items.save', { clientId: uuid(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50' }, owner);
  call('items.save', { clientId: uuid(), name: 'Cold brew (large)', usageUnit: 'drink', rate: '1.5', cashPrice: '5.25' }, owner);
  const plan = call<{ id: number }>('plans.save', { clientId: uuid(), name: 'Coffee 25', credits: '25', price: '50.00', validity: 'none', lowBalanceCredits: '3' }, owner);

  const db = app.db;
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -524288'); // 512 MB while seeding only (the seed runs in its own process)
  const BATCH = 10_000;
  const customerIds: number[] = [];
  const queries: string[] = [];
  for (let start = 0; start < opts.customers; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(opts.customers, start + BATCH); i++) {
        now += 60_000;
        const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]} ${i}`;
        const phone = `+1 ${200 + Math.floor(rand() * 700)} 555 ${String(Math.floor(rand() * 10_000)).padStart(4, '0')}`;
        const c = call<{ id: number; code: string }>('customers.create', { clientId: uuid(), name, phone });
        customerIds.push(c.id);
        if (i % 997 === 0) queries.push(name.slice(0, 2 + (i % 3)), phone.slice(-4), c.code.slice(0, 4), name.split(' ')[1]!.slice(0, 3));
      }
    })();
    opts.log(`  customers ${Math.min(opts.customers, start + BATCH)}/${opts.customers}`);
  }
  const passIds: number[] = [];
  for (let start = 0; start < customerIds.length; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(customerIds.length, start + BATCH); i++) {
        now += 1_000;
        const p = call<{ id: number }>('passes.sell', { clientId: uuid(), customerId: customerIds[i]!, planId: plan.id, paymentMethod: i % 3 === 0 ? 'cash' : 'card' });
        passIds.push(p.id);
      }
    })();
    opts.log(`  passes ${Math.min(customerIds.length, start + BATCH)}/${customerIds.length}`);
  }
  const tContract = performance.now();

  // ---- redemption history by direct SQL, mirroring core/drawdown/redeem.ts for a 1-line, 1-lot redemption
  const grants = (db.prepare('SELECT count(*) AS n FROM lot_entries').get() as { n: number }).n;
  const toWrite = Math.max(0, opts.entries - grants);
  const lots = db.prepare(`SELECT l.id, l.pass_id, p.customer_id, l.amount_units, l.paid_minor, b.remaining_units, b.consumed_units, b.recognized_minor
      FROM lots l JOIN lot_balances b ON b.lot_id = l.id JOIN passes p ON p.id = l.pass_id ORDER BY l.id`).all() as Array<{
    id: number; pass_id: number; customer_id: number; amount_units: number; paid_minor: number; remaining_units: number; consumed_units: number; recognized_minor: number;
  }>;
  const write = mirrorRedeemer(db, item.id);
  const ONE = 1_000_000;
  const perLot = Math.ceil(toWrite / lots.length);
  let written = 0;
  for (let round = 0; round < perLot && written < toWrite; round++) {
    db.transaction(() => {
      for (const l of lots) {
        if (written >= toWrite) break;
        if (l.remaining_units < ONE) continue;
        now += 7;
        write(l, now);
        written++;
      }
    })();
    opts.log(`  redemption history ${written}/${toWrite}`);
  }
  db.pragma('synchronous = FULL');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  const tSql = performance.now();
  const entries = (db.prepare('SELECT count(*) AS n FROM lot_entries').get() as { n: number }).n;
  const redemptions = (db.prepare('SELECT count(*) AS n FROM redemptions').get() as { n: number }).n;
  app.close();
  return {
    file, customers: customerIds.length, passes: passIds.length, entries, redemptions,
    seconds: { contract: (tContract - t0) / 1000, sql: (tSql - tContract) / 1000, total: (tSql - t0) / 1000 },
    method: 'shop, catalog, customers and passes through app.dispatch (batched in outer transactions, synchronous=OFF); ' +
      'redemption history by direct SQL mirroring core/drawdown/redeem.ts rows (incl. operations), revenue by core recognitionFor',
    itemId: item.id, passIds, queries, clock,
  };
}

export interface MirrorLot { id: number; pass_id: number; customer_id: number; amount_units: number; paid_minor: number; remaining_units: number; consumed_units: number; recognized_minor: number }

/**
 * Writes exactly the rows core/drawdown/redeem.ts + the dispatcher write for a one-line redemption of one
 * Cappuccino (rate 1) from a single lot, with plain prepared statements: no zod, no Decimal beyond the
 * core's recognitionFor, no result checks. Used to seed history, and by the bench as the "same rows,
 * no service code" reference.
 */
export function mirrorRedeemer(db: Db, itemId: number): (l: MirrorLot, now: number) => void {
  const insTx = sql(db, 'INSERT INTO journal_tx (kind, memo, pass_id, customer_id, occurred_at, client_id) VALUES (?, ?, ?, ?, ?, ?)');
  const insLine = sql(db, 'INSERT INTO journal_lines (tx_id, account, amount_minor, pass_id, customer_id, lot_id) VALUES (?, ?, ?, ?, ?, ?)');
  const insRed = sql(db, `INSERT INTO redemptions (pass_id, customer_id, occurred_at, credits_units, covered_units, overage_units, overage_minor,
      overage_settlement, payment_method, balance_before_units, balance_after_units, journal_tx_id, client_id)
      VALUES (?, ?, ?, ?, ?, 0, 0, NULL, NULL, ?, ?, ?, ?)`);
  const insRl = sql(db, `INSERT INTO redemption_lines (redemption_id, line_no, item_id, item_name, usage_unit, quantity_units, rate_units,
      credits_units, cash_price_minor, overage_units) VALUES (?, 1, ?, 'Cappuccino', 'drink', ?, ?, ?, 450, 0)`);
  const insEntry = sql(db, `INSERT INTO lot_entries (lot_id, pass_id, kind, credits_units, money_minor, redemption_id, correction_id, journal_tx_id, occurred_at)
      VALUES (?, ?, 'redeem', ?, ?, ?, NULL, ?, ?)`);
  const updBal = sql(db, `UPDATE lot_balances SET remaining_units = remaining_units + ?, consumed_units = consumed_units + ?,
      recognized_minor = recognized_minor + ?, released_minor = released_minor + ?, updated_at = ? WHERE lot_id = ?`);
  const insOp = sql(db, 'INSERT INTO operations (client_id, method, payload_hash, result, occurred_at) VALUES (?, ?, ?, ?, ?)');
  const ONE = 1_000_000;
  return (l, now) => {
    const clientId = nextUlid(now);
    const money = recognitionFor(l, ONE, 2);
    const tx = Number(insTx.run('redeem', 'Redeemed Cappuccino', l.pass_id, l.customer_id, now, clientId).lastInsertRowid);
    insLine.run(tx, 'liabilities:deferred-revenue', money, l.pass_id, l.customer_id, l.id);
    insLine.run(tx, 'revenue:redemptions', -money, l.pass_id, l.customer_id, l.id);
    const before = l.remaining_units;
    const rid = Number(insRed.run(l.pass_id, l.customer_id, now, ONE, ONE, before, before - ONE, tx, clientId).lastInsertRowid);
    insRl.run(rid, itemId, ONE, ONE, ONE);
    insEntry.run(l.id, l.pass_id, -ONE, money, rid, tx, now);
    updBal.run(-ONE, ONE, money, 0, now, l.id);
    l.remaining_units -= ONE; l.consumed_units += ONE; l.recognized_minor += money;
    const input = { clientId, passId: l.pass_id, items: [{ itemId: itemId, quantity: '1' }] };
    const result = {
      redemptionId: rid, passId: l.pass_id, balanceBefore: creditsToString(before), balanceAfter: creditsToString(before - ONE), creditsUsed: '1',
      lines: [{ itemId: itemId, name: 'Cappuccino', quantity: '1', rate: '1', credits: '1' }],
      lotsTouched: [{ lotId: l.id, credits: '1', expiresAt: null }], overage: null,
      lowBalance: { low: before - ONE <= 3 * ONE, thresholdCredits: '3', thresholdPercent: null }, undoUntil: new Date(now + 120_000).toISOString(),
    };
    insOp.run(clientId, 'counter.redeem', payloadHash('counter.redeem', input), JSON.stringify(result), now);
  };
}

/** CLI: tsx bench/seed.ts <file> <customers> <entries> -> writes <file>.json with what was seeded (run by bench/sections/ledger.ts
 *  in a child process, so the bench's own peak RSS is not the seeder's). */
if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const [file, customers, entries] = process.argv.slice(2);
  const s = seedLedger(file!, { customers: Number(customers), entries: Number(entries), log: (m) => process.stderr.write(`${m}\n`) });
  const { clock: _c, ...rest } = s;
  fs.writeFileSync(`${file}.seed.json`, JSON.stringify({ ...rest, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
}
