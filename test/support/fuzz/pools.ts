// What the contract fuzz draws its inputs from: odd but schema-valid values (edges of each field, odd text, odd
// dates), the ids that live in the ledger now, and the ids recent answers handed back (so later calls act on them).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { PassbookApp } from '../../../core/app';
import { MAX_MONEY_MINOR } from '../../../core/money/decimal';
import { chance, pick, type Rng } from './random';

/** Ids no row here has, up to the largest integer a JSON number holds exactly. */
export const UNKNOWN_IDS = [987654, 2 ** 31, Number.MAX_SAFE_INTEGER, 1_000_000];

/** Names, reasons and notes: scripts, bidi marks, combining marks, emoji sequences, SQL and FTS syntax, very long. */
export const TEXTS = [
  'x', 'Zoë ☕️🥐', 'مرحبا \u200F بالعالم', '\u200E\u200Fabc', 'a\u0301', '李小龍', "Robert'); DROP TABLE customers;--",
  '%_\\"*', '  padded  ', 'NEAR', '"quoted"', 'a\u200Db', '🏳️‍🌈', 'A'.repeat(5000), '𝔘'.repeat(3000), 'é'.repeat(2000),
  'ﷺ', '\u0345x', '\u180Ex', 'x\uFE0F', 'Ⅻ', '0', 'null', 'undefined', '<script>alert(1)</script>', '${x}',
];

/** Credits: the smallest step, fractions, round numbers, and just under the magnitude guard (1e9). */
export const CREDITS = ['0.000001', '1', '0.5', '2.5', '7', '25', '999999999.999999', '999999999', '100000000', '0.1', '1000', '3.333333', '0'];
export const SIGNED_CREDITS = [...CREDITS.filter((c) => c !== '0'), '-1', '-0.000001', '-999999999.999999', '-25', '-1000'];
/** Quantities at the counter: mostly small (a cart that can succeed), sometimes at the edge. */
export const SMALL_QUANTITIES = ['1', '2', '0.5', '0.1', '0.000001', '3'];
export const QUANTITIES = ['1', '2', '0.5', '0.000001', '999999999', '999999999.999999', '333333.333333', '10', '0.1', '400000000'];

/** Money just under the largest amount Passbook takes, in minor units ($99,999,999,999.99). */
export const TOP_MONEY_MINOR = MAX_MONEY_MINOR - 1;

/** Minor units written in the shop's currency: 450 is "4.50" in USD, "450" in JPY, "0.450" in BHD. */
export function money(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const s = String(minor).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Money amounts for a currency: zero, one minor unit, everyday prices, the largest stored, and one digit too many. */
export function moneyValues(digits: number): string[] {
  const tooPrecise = digits === 0 ? '0.5' : `0.${'0'.repeat(digits)}1`;
  return [...[0, 1, 100, 450, 1000, 100_000_000, 5_000_000_000_000, TOP_MONEY_MINOR, TOP_MONEY_MINOR - 99].map((m) => money(m, digits)), tooPrecise];
}

/**
 * Months: the first and last the contract takes (1000-01, 9998-12), and some it has refused since the fuzz found them
 * INTERNAL or misread (0000-01, 0026-03, 0999-12, 9999-12): the fuzz sends only what the schema accepts, so these
 * come back into play if the schema ever loosens again.
 */
export const MONTHS = ['0000-01', '0026-03', '0999-12', '1000-01', '1970-01', '9998-12', '9999-12', '2000-01', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2099-12'];

/** Fixed local dates: the first and last LocalDate takes, the epoch, a leap day, DST changes in New York. */
export const LOCAL_DATES = ['1970-01-01', '9999-12-31', '2026-03-08', '2026-11-01', '2000-02-29', '0100-01-01', '2036-03-14', '2027-01-01', '2025-12-31'];

/** Instants as the wire has them (a bare string in the contract): valid, odd, past the Date range, not dates at all. */
export const ODD_INSTANTS = [
  '1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-03-08T07:00:00.000Z', '2026-03-08T06:59:59.999Z', '2026-11-01T05:30:00Z',
  '2026-03-15', '2026-03-15T10:00:00-04:00', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z', 'not a date', '',
  '2026-02-30T00:00:00Z', '2028-03-15T00:00:00Z', '0', '1e3', '2026-01-01T00:00:00.000Z', '2026-03-01T05:00:00.000Z',
  '2025-12-01T05:00:00.000Z', 'T', '2026-W11-1', '2026-03-15T25:00:00Z', '20260315',
];

/** Search text: FTS5 syntax, NUL, a lone surrogate, a right-to-left override. */
export const SEARCHES = ['', ' ', 'ann', '"', '"ann', 'a*', '*', 'NEAR(a b)', 'a AND', 'OR', '^a', '(', ')', 'a:b', 'name:x', '-a', '+1', '555',
  '٥٥٥', '\u0000', '\uD800', '\u202E', 'x'.repeat(120), "'", '%', '_', 'ü', 'Zoë', 'ß', 'İ', 'a"b', '{name}: a', 'a NOT b', '\\'];

/** The rows of the ledger the generators pick ids from, read again after every write and clock move. */
export interface Live {
  customers: number[];
  forgotten: number[];
  codes: string[];
  oldCodes: string[];
  /** allowsOverage: its plan lets a redemption go past the balance (owed on account or paid now) */
  passes: Array<{ id: number; customer: number; status: string; allowsOverage: number }>;
  lots: Array<{ id: number; pass: number; source: string }>;
  plans: Array<{ id: number; kind: string }>;
  items: Array<{ id: number; archived: number; unit: string }>;
  redemptions: number[];
  cashSales: number[];
  /** passes with overage owed on account, and how much (minor units) */
  owing: Array<{ passId: number; dueMinor: number }>;
}

/** Read in a fixed order (card codes are random, and an index may return them sorted): a seed picks the same rows. */
export function readLive(db: PassbookApp['db'], nowMs: number): Live {
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const ids = (sql: string) => (db.prepare(sql).pluck().all() as Array<number | string>);
  return {
    customers: ids('SELECT id FROM customers ORDER BY id') as number[],
    forgotten: ids('SELECT id FROM customers WHERE forgotten_at IS NOT NULL ORDER BY id') as number[],
    codes: ids('SELECT code FROM customers ORDER BY id') as string[],
    oldCodes: ids('SELECT old_code FROM card_replacements ORDER BY rowid') as string[],
    // ended as passes.get says it: the term is over and no live credits are left (else most picks hit ended passes)
    passes: db.prepare(`
      SELECT p.id, p.customer_id AS customer, p.overage_policy = 'allow' AS allowsOverage,
             CASE WHEN coalesce(s.status, 'active') <> 'active' THEN s.status
                  WHEN t.ends_at <= @now AND NOT EXISTS (SELECT 1 FROM lot_balances b WHERE b.pass_id = p.id AND b.remaining_units > 0
                                                          AND (b.expires_at IS NULL OR b.expires_at > @now)) THEN 'ended'
                  ELSE 'active' END AS status
        FROM passes p LEFT JOIN pass_status s ON s.pass_id = p.id LEFT JOIN pass_term_ends t ON t.pass_id = p.id
       ORDER BY p.id`).all({ now: nowMs }) as Live['passes'],
    lots: all('SELECT id, pass_id AS pass, source FROM lots ORDER BY id'),
    plans: all('SELECT id, kind FROM plans ORDER BY id'),
    items: all(`SELECT id, archived, coalesce(credit_unit, 'drink') AS unit FROM items ORDER BY id`),
    redemptions: ids('SELECT id FROM redemptions ORDER BY id') as number[],
    cashSales: ids('SELECT id FROM cash_sales ORDER BY id') as number[],
    owing: all(`SELECT pass_id AS passId, sum(amount_minor) AS dueMinor FROM journal_lines
                 WHERE account = 'assets:receivable:overage' GROUP BY pass_id HAVING dueMinor > 0 ORDER BY pass_id`),
  };
}

/** Ids recent answers handed back: a later call acts on what was just made (undo the redemption, refund the top-up). */
export class Recent {
  passes: number[] = [];
  redemptions: number[] = [];
  lots: number[] = [];
  sales: number[] = [];
  bought: Array<{ passId: number; lotId: number }> = [];
  /** statements with a further page: statements.entries continues them (or misuses their cursor) */
  statements: Array<{ query: { customerId: number; passId: number; from: string; to: string }; next: string }> = [];

  /** The pass the last write acted on, if any. */
  lastPass(): number | undefined {
    return this.passes[this.passes.length - 1];
  }

  learn(method: string, input: Record<string, unknown>, value: unknown): void {
    if (!value || typeof value !== 'object') return;
    const v = value as Record<string, any>;
    const passId = v.id ?? v.passId ?? v.pass?.id ?? v.from?.id;
    if (method.startsWith('passes.') && typeof passId === 'number') this.passes.push(passId);
    if (typeof v.to?.id === 'number') this.passes.push(v.to.id);
    if (v.bought?.lotId) { this.lots.push(v.bought.lotId); this.bought.push({ passId: v.id, lotId: v.bought.lotId }); }
    if (v.given?.lotId) this.lots.push(v.given.lotId);
    if (method === 'counter.redeem') { this.redemptions.push(v.redemptionId); this.passes.push(v.passId); }
    if (method === 'counter.cashSale') this.sales.push(v.saleId);
    if (method === 'statements.get') {
      for (const p of v.passes ?? []) {
        if (p?.next) this.statements.push({ query: { customerId: v.customer.id, passId: p.passId, from: v.from, to: v.to }, next: p.next });
      }
    }
    if (method === 'statements.entries' && v.next) {
      const q = input as { customerId: number; passId: number; from: string; to: string };
      this.statements.push({ query: { customerId: q.customerId, passId: q.passId, from: q.from, to: q.to }, next: v.next });
    }
  }
}

/** CSV files for imports.preview / imports.apply, by kind: well-formed, duplicates, known and replaced cards, huge values. */
export function csvOf(kind: 'customers' | 'items' | 'balances', rng: Rng, live: Live): string {
  const code = () => pick(rng, live.codes);
  const oldCode = live.oldCodes[0] ?? 'ZZZZ';
  switch (kind) {
    case 'customers':
      return pick(rng, [
        'Name,Phone,Card\nAnna Lee,+1 212 555 0143,K7MX2QPA\nBen Ode,,\n',
        `Name,Card\nDup,${code()}\nDup2,${oldCode}\n`,
        'Name,Card\nSame,AAAA1\nSame2,aaaa1\n',
        'Name\n\u200F\n',
        'Name;Phone\n"Quote ""x""";"555"\n',
        'First name,Last name,Email\n𝔘nicode,Ö,x@y\n',
        `Name\n${Array.from({ length: 300 }, (_, i) => `Bulk ${i}`).join('\n')}`,
        'Card\nONLYCODE\n',
        `\uFEFFName,Notes\nBom,${'n'.repeat(3000)}\n`,
      ]);
    case 'items':
      return pick(rng, [
        'Name,Unit,Rate,Price\nTea,cup,1,3.00\n',
        'Name,Unit,Rate,Price\nHuge,cup,999999999.999999,99999999999.99\n',
        'Name,Unit,Rate,Price,Hotkey\nA,cup,1,1,1\nB,cup,1,1,1\n',
        'Name,Unit,Rate,Price\nCappuccino,drink,1,4.50\n',
        'Name,Unit,Rate,Price,Credit unit\nX,h,0.000001,0,hour\n',
        'Name,Unit,Rate,Price\nOld scone,piece,1,3.00\n',
      ]);
    case 'balances':
      return pick(rng, [
        `Card,Plan,Credits\n${code()},Coffee Pass,5\n`,
        `Card,Plan,Credits,Paid,Last day\n${code()},Coffee Pass,999999999.999999,99999999999.99,9999-12-31\n`,
        `Card,Plan,Credits\n${code()},10 more drinks,5\n`,
        `Card,Plan,Credits\n${code()},Old plan,5\n`,
        `Card,Plan,Credits,Last day\n${code()},Coffee Pass,5,2026-03-08\n`,
        'Customer,Plan,Credits\nAnna Lee,Coffee Pass,0\n',
        `Card,Plan,Credits\n${oldCode},Coffee Pass,1\n`,
        `Card,Plan,Credits,Paid\n${code()},Monthly 10 x 3,10,0\n${code()},Monthly 10 x 3,10,0\n`,
        'Customer,Plan,Credits\nForgotten customer,Coffee Pass,2\n',
      ]);
  }
}

/** Names backup.inspect / backup.restore are given in `incoming/`: files that are no ledger, and names that are not there. */
export const INCOMING_NAMES = ['odd-empty.sqlite', 'odd-text.sqlite', 'odd-trunc.sqlite', 'odd-other.sqlite', 'odd-dir.sqlite', 'odd-ledger.sqlite',
  'missing.sqlite', '.hidden', 'a..b'];

/**
 * Puts the odd files in the ledger's `incoming/` folder: empty, text, a truncated ledger, a directory named like a file,
 * an SQLite file that is not a Passbook ledger, and a whole copy of the live ledger (which can be restored).
 */
export function writeOddIncoming(app: PassbookApp): void {
  const dir = app.ledger.incomingDir;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'odd-empty.sqlite'), '');
  fs.writeFileSync(path.join(dir, 'odd-text.sqlite'), 'hello, this is not a database\n'.repeat(100));
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  const ledger = fs.readFileSync(app.file);
  fs.writeFileSync(path.join(dir, 'odd-trunc.sqlite'), ledger.subarray(0, Math.min(ledger.length, 8192)));
  fs.writeFileSync(path.join(dir, 'odd-ledger.sqlite'), ledger);
  fs.mkdirSync(path.join(dir, 'odd-dir.sqlite'), { recursive: true });
  const other = path.join(dir, 'odd-other.sqlite');
  fs.rmSync(other, { force: true });
  const db = new Database(other);
  db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
  db.close();
}

/** The backups on disk now (backup.create adds them, a restore may pick them). */
export function backupNames(app: PassbookApp): string[] {
  try {
    return fs.readdirSync(app.ledger.backupsDir).filter((n) => n.endsWith('.sqlite')).sort();
  } catch {
    return [];
  }
}

/** A file name for backup.* calls: half the time a real backup, else one of the odd names. */
export function fileNameFor(rng: Rng, app: PassbookApp): string {
  const backups = backupNames(app);
  return chance(rng, 0.5) && backups.length ? pick(rng, backups) : pick(rng, INCOMING_NAMES);
}
