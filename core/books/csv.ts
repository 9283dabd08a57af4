// Streamed CSV with csv-stringify: a header row, then the records in small batches, produced as the rows are
// read (a better-sqlite3 `stmt.iterate()` works as the source), never as a whole-file string.
// Values are written as given: callers pass ISO dates and canonical decimal strings (unitsToFixed /
// creditsToString). Free-text columns are protected against spreadsheet formula injection.
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Writable } from 'node:stream';
import { pumpToFileSync, pumpToWritable } from './stream';
import { safeText } from './text';

export type CsvValue = string | number | null | undefined;

export interface CsvColumn<R> {
  header: string;
  value: (row: R) => CsvValue;
  /** free text typed by people (names, notes, memos): a leading = + - @ is neutralised for spreadsheets */
  text?: boolean;
}

export { safeText } from './text';

export interface CsvCounter { rows: number }

const BATCH = 512;

/**
 * CSV text as chunks: the header, then the records in batches of up to 512 rows, each batch written by
 * csv-stringify (its synchronous API on that batch only), so memory stays one batch deep whatever the size.
 */
export function* csvChunks<R>(rows: Iterable<R>, columns: readonly CsvColumn<R>[], counter: CsvCounter = { rows: 0 }): Generator<string> {
  const opts = { record_delimiter: 'unix' as const, eof: true };
  yield stringifySync([columns.map((c) => c.header)], opts);
  const n = columns.length;
  let batch: string[][] = [];
  for (const row of rows) {
    const rec = new Array<string>(n);
    for (let i = 0; i < n; i += 1) {
      const c = columns[i]!;
      const v = c.value(row);
      const text = v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v);
      rec[i] = c.text ? safeText(text) : text;
    }
    batch.push(rec);
    counter.rows += 1;
    if (batch.length >= BATCH) {
      yield stringifySync(batch, opts);
      batch = [];
    }
  }
  if (batch.length) yield stringifySync(batch, opts);
}

/** Stream rows as CSV to `out` with backpressure; `out` is not ended. */
export async function writeCsv<R>(rows: Iterable<R>, columns: readonly CsvColumn<R>[], out: Writable): Promise<{ rows: number; bytes: number }> {
  const counter = { rows: 0 };
  const { bytes } = await pumpToWritable(csvChunks(rows, columns, counter), out);
  return { rows: counter.rows, bytes };
}

/** Write rows as CSV into a new file (synchronous; used by the export handler). */
export function writeCsvFileSync<R>(rows: Iterable<R>, columns: readonly CsvColumn<R>[], file: string): { rows: number; bytes: number } {
  const counter = { rows: 0 };
  const { bytes } = pumpToFileSync(csvChunks(rows, columns, counter), file);
  return { rows: counter.rows, bytes };
}
