// Streamed CSV with csv-stringify: a header row, then one record per input row, produced as the rows are
// read (a better-sqlite3 `stmt.iterate()` works as the source), never as a whole-file string.
// Values are written as given: callers pass ISO dates and canonical decimal strings (unitsToFixed /
// creditsToString). Free-text columns are protected against spreadsheet formula injection.
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { pumpToFileSync, pumpToWritable } from './stream';

export type CsvValue = string | number | null | undefined;

export interface CsvColumn<R> {
  header: string;
  value: (row: R) => CsvValue;
  /** free text typed by people (names, notes, memos): a leading = + - @ is neutralised for spreadsheets */
  text?: boolean;
}

/** Spreadsheet formula injection guard for text typed by people. */
export function safeText(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

export interface CsvCounter { rows: number }

/**
 * CSV text as chunks: the header, then each record. csv-stringify's stream is driven synchronously:
 * a write runs its transform at once and `read()` takes the record's text from the readable buffer.
 */
export function* csvChunks<R>(rows: Iterable<R>, columns: readonly CsvColumn<R>[], counter: CsvCounter = { rows: 0 }): Generator<string> {
  const s = stringify({ header: true, columns: columns.map((c, i) => ({ key: String(i), header: c.header })), record_delimiter: 'unix', eof: true });
  s.setEncoding('utf8');
  const take = (): string => {
    let out = '';
    for (let c = s.read() as string | null; c !== null; c = s.read() as string | null) out += c;
    return out;
  };
  let failure: Error | null = null;
  s.on('error', (e) => { failure = e; });
  for (const row of rows) {
    const rec: Record<string, string> = {};
    columns.forEach((c, i) => {
      const v = c.value(row);
      const text = v === null || v === undefined ? '' : String(v);
      rec[String(i)] = c.text ? safeText(text) : text;
    });
    s.write(rec);
    if (failure) throw failure;
    counter.rows += 1;
    const out = take();
    if (out) yield out;
  }
  s.end();
  if (failure) throw failure;
  const rest = take();
  if (rest) yield rest;
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
