// Month totals: the journal's lines and the lot entries' credits summed per local month of their book time, kept
// in memory for the month reports (owner.trend, the deferred revenue roll-forward) so that they do not read the
// whole ledger at every call (2.6 s and 1.6 s on a million entries, on the one thread the counter also waits on).
//
// The ledger is append-only, and a row's book time, kind, account and amount never change, so a sum over the
// rows up to a given id is final. The totals hold sums up to a high-water id per table and add only what was
// written since. A row booked into a past month later (a late close's expiry) is added to that month.
// Months are the shop's local calendar: a change of time zone starts the totals again.
//
// Catching up reads a slice of rows at a time. The schedule warms the totals in slices in the background after
// start-up (warmMonthTotals), so neither the first report nor the counter waits for a whole-ledger scan.
import type { Db } from '../db/open';
import { sql } from '../db/statements';
import { BOOK_TIME_SQL } from '../journal/journal';
import { localMonth, startOfLocalDate } from '../periods/calendar';

/** Rows read per step: a few tens of milliseconds on a slow machine, so a cashier's call between steps waits little. */
export const SLICE_ROWS = 20_000;

/** Sums per month ("YYYY-MM"), then per key: "account|kind" for the journal, the entry kind for credits. */
export type MonthSums = Map<string, Map<string, bigint>>;

interface Totals {
  timeZone: string;
  /** journal_lines.id and lot_entries.id up to which the sums are complete */
  linesUpTo: number;
  entriesUpTo: number;
  money: MonthSums;
  credits: MonthSums;
}

// one set of totals per open ledger: a restore opens a new handle, and so starts from nothing
const cache = new WeakMap<Db, Totals>();

interface Source {
  table: 'journal_lines' | 'lot_entries';
  /** the book time of a row (an expiry counts a millisecond earlier: core/journal/journal.ts) */
  bookTime: string;
  from: string;
  key: string;
  amount: string;
}

const JOURNAL: Source = {
  table: 'journal_lines', bookTime: BOOK_TIME_SQL, from: 'journal_lines r JOIN journal_tx t ON t.id = r.tx_id',
  key: "r.account || '|' || t.kind", amount: 'r.amount_minor',
};
// the same rule as BOOK_TIME_SQL, for a lot entry: its expiry is the journal's
const ENTRIES: Source = {
  table: 'lot_entries', bookTime: "(r.occurred_at - (r.kind = 'expire'))", from: 'lot_entries r',
  key: 'r.kind', amount: 'r.credits_units',
};

/** The local month after "YYYY-MM" (the reports' one rule for stepping through months). */
export const nextMonth = (m: string): string => {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(mo + 1).padStart(2, '0')}`;
};

/** The local months from the one holding `lo` to the one holding `hi`, each with the instant it starts. */
function monthsCovering(lo: number, hi: number, timeZone: string): { month: string; start: number }[] {
  const out: { month: string; start: number }[] = [];
  const last = localMonth(hi, timeZone);
  for (let m = localMonth(lo, timeZone); ; m = nextMonth(m)) {
    const start = startOfLocalDate(`${m}-01`, timeZone);
    if (!Number.isSafeInteger(start)) throw new Error(`month ${m} in ${timeZone} has no start`); // it goes into SQL text
    out.push({ month: m, start });
    if (m >= last) break;
    // ledger instants lie between the shop's start and at most 50 years ahead (imports): never this many months
    if (out.length > 12 * 400) throw new Error(`rows from ${localMonth(lo, timeZone)} to ${last} in one slice`);
  }
  return out;
}

function add(sums: MonthSums, month: string, key: string, amount: bigint): void {
  let m = sums.get(month);
  if (!m) sums.set(month, (m = new Map()));
  m.set(key, (m.get(key) ?? 0n) + amount);
}

/** Adds the rows with id in (upTo, upTo + slice], no further than `until`; returns the new high-water id. */
function step(db: Db, src: Source, sums: MonthSums, upTo: number, until: number, timeZone: string, slice: number): number {
  const to = Math.min(upTo + slice, until);
  const span = sql(db, `SELECT min(${src.bookTime}) AS lo, max(${src.bookTime}) AS hi FROM ${src.from} WHERE r.id > ? AND r.id <= ?`)
    .get(upTo, to) as { lo: number | null; hi: number | null };
  if (span.lo === null || span.hi === null) return to;
  // the months this slice's rows fall in, as a CASE over their starts (a slice spans one or two months, mostly)
  const months = monthsCovering(span.lo, span.hi, timeZone);
  const bucket = months.length === 1 ? '0'
    : `CASE ${months.slice(1).map((m, i) => `WHEN ${src.bookTime} < ${m.start} THEN ${i}`).join(' ')} ELSE ${months.length - 1} END`;
  // prepared here, not cached: its text changes with the slice's months
  const rows = db.prepare(`SELECT ${bucket} AS i, ${src.key} AS k, sum(${src.amount}) AS n FROM ${src.from}
      WHERE r.id > ? AND r.id <= ? GROUP BY i, k`).safeIntegers(true).all(upTo, to) as { i: bigint; k: string; n: bigint }[];
  for (const r of rows) add(sums, months[Number(r.i)]!.month, r.k, r.n);
  return to;
}

function highWater(db: Db, table: Source['table']): number {
  return (sql(db, `SELECT coalesce(max(id), 0) AS n FROM ${table}`).get() as { n: number }).n;
}

function totalsFor(db: Db, timeZone: string): Totals {
  let t = cache.get(db);
  if (!t || t.timeZone !== timeZone) {
    t = { timeZone, linesUpTo: 0, entriesUpTo: 0, money: new Map(), credits: new Map() };
    cache.set(db, t);
  }
  return t;
}

/**
 * Catches up with at most `maxSteps` slices (all of them by default); true when the totals are complete. Call it
 * only where no uncommitted write is pending on this handle (a read, or outside any transaction): the totals
 * would keep rows a rollback then takes away.
 */
function catchUp(db: Db, timeZone: string, maxSteps = Infinity, slice = SLICE_ROWS): boolean {
  const t = totalsFor(db, timeZone);
  const lines = highWater(db, 'journal_lines');
  const entries = highWater(db, 'lot_entries');
  let steps = 0;
  while (t.linesUpTo < lines && steps < maxSteps) { t.linesUpTo = step(db, JOURNAL, t.money, t.linesUpTo, lines, timeZone, slice); steps += 1; }
  while (t.entriesUpTo < entries && steps < maxSteps) { t.entriesUpTo = step(db, ENTRIES, t.credits, t.entriesUpTo, entries, timeZone, slice); steps += 1; }
  return t.linesUpTo >= lines && t.entriesUpTo >= entries;
}

/** The complete month totals of the ledger as it is now (the rows written since the last call are added first). */
export function monthTotals(db: Db, timeZone: string): { money: MonthSums; credits: MonthSums } {
  catchUp(db, timeZone);
  const t = totalsFor(db, timeZone);
  return { money: t.money, credits: t.credits };
}

/**
 * Builds the totals a slice at a time, yielding to the event loop between slices, so a cashier's call is never
 * behind more than one slice. `db` is asked for again at every step: a restore swaps the handle.
 */
export async function warmMonthTotals(db: () => Db, timeZone: () => string | null,
  opts: { stopped?: () => boolean; pause?: () => Promise<void>; sliceRows?: number } = {}): Promise<void> {
  const pause = opts.pause ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  for (;;) {
    if (opts.stopped?.()) return;
    const tz = timeZone();
    if (tz === null) return; // no shop yet: nothing to sum
    const d = db();
    if (!d.open) return; // the app closed
    if (d.inTransaction) { await pause(); continue; } // a long write at work: never sum what it may roll back
    if (catchUp(d, tz, 1, opts.sliceRows)) return;
    await pause();
  }
}

/** Whether the totals already hold every row of the ledger (without catching up). */
export function monthTotalsComplete(db: Db, timeZone: string): boolean {
  const t = cache.get(db);
  return !!t && t.timeZone === timeZone && t.linesUpTo >= highWater(db, 'journal_lines') && t.entriesUpTo >= highWater(db, 'lot_entries');
}

