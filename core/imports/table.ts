// A CSV file an owner brings in (a customer list, a menu), read into a header and rows with their line numbers.
// Spreadsheets write commas, or semicolons where the comma is the decimal mark (Excel in de-DE, fr-FR), or tabs:
// the header line says which. Quoted fields may hold the delimiter and line breaks; a byte order mark is dropped.
import { parse } from 'csv-parse/sync';
import { PassbookError } from '../errors';

export type Delimiter = ',' | ';' | '\t';

export interface CsvRow {
  /** the file's line the row starts on (the header is line 1), for the owner to find it */
  line: number;
  cells: string[];
}

export interface CsvTable {
  delimiter: Delimiter;
  headers: string[];
  rows: CsvRow[];
}

/** Rows one file may bring in: far more than a small shop's list, few enough for one transaction. */
export const MAX_IMPORT_ROWS = 20_000;

/** The delimiter the header line uses most, outside quotes; a comma when it uses none (one column). */
function delimiterOf(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  return (Object.keys(counts) as Delimiter[]).reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}

export function readCsv(text: string): CsvTable {
  // one kind of line break: csv-parse counts a CRLF inside quotes as two lines, and a note keeps its breaks as \n
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (body.includes('\u0000')) throw new PassbookError('VALIDATION', 'This is not a CSV file: it holds bytes no text has (a picture, a spreadsheet\'s own file). Save the list from the spreadsheet as CSV.', { field: 'csv' });
  if (body.trim() === '') throw new PassbookError('VALIDATION', 'The file is empty: it needs a header line naming the columns, then a line for each row.', { field: 'csv' });
  const delimiter = delimiterOf(body);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (err) {
    // csv-parse says where: "Quote Not Closed: the parsing is finished with an opening quote at line 7"
    const line = (err as { lines?: number }).lines;
    throw new PassbookError('VALIDATION', `The file is not readable as CSV${line ? ` (near line ${line})` : ''}: a quote (") opens a field and is never closed. Save it again from the spreadsheet as CSV.`, { field: 'csv', line: line ?? null });
  }
  const [head, ...rest] = records;
  const headers = head!.record.map((h) => h.trim());
  // a row of only empty cells (a spreadsheet's trailing ",,,") is no row
  const rows = rest.filter((r) => r.record.some((c) => c !== '')).map((r) => ({ line: r.info.lines - lineSpan(r.record), cells: r.record }));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new PassbookError('VALIDATION', `The file has ${rows.length} rows; one import takes at most ${MAX_IMPORT_ROWS}. Split it into smaller files.`, { field: 'csv', rows: rows.length, limit: MAX_IMPORT_ROWS });
  }
  return { delimiter, headers, rows };
}

/** csv-parse counts the line a record ends on; a quoted field with line breaks starts that many lines earlier. */
function lineSpan(cells: string[]): number {
  let n = 0;
  for (const c of cells) for (const ch of c) if (ch === '\n') n += 1;
  return n;
}

/** A header as a key: "E-mail address", "email_address" and "Email Address" are one column. */
export const headerKey = (h: string): string => h.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^a-z0-9]/g, '');
