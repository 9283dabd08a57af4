// A CSV file an owner brings in (a customer list, a menu), read into a header and rows with their line numbers.
// Spreadsheets write commas, or semicolons where the comma is the decimal mark (Excel in de-DE, fr-FR), or tabs:
// the header line says which. Quoted fields may hold the delimiter and line breaks; a byte order mark is dropped,
// and so is every invisible character in a cell (a second file's mark pasted in the middle, a zero-width space
// copied from a web page), so "Bob\uFEFF Smith" is the Bob Smith already here. A cell written ="…" (the trick that
// keeps a phone or a code as text in Excel) is its text. The header line again further down (two exports pasted
// together) is left out, not read as a customer called "Name".
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

/**
 * The delimiter the header line uses most, outside quotes; a comma when it uses none (one column). A first line with
 * none above more lines is a title (Numbers writes the table's name, "Table 1", above its columns): the next line that
 * has a delimiter says which, so a semicolon file with a title is not read as one column.
 */
function delimiterOf(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  const most = () => (Object.keys(counts) as Delimiter[]).reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
  let quoted = false;
  let lines = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '\n') {
      // a line with a delimiter decides; the title lines above it are a few at most
      if (counts[','] + counts[';'] + counts['\t'] > 0 || (lines += 1) >= 5) break;
    } else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  return most();
}

export function readCsv(text: string): CsvTable {
  // one kind of line break: csv-parse counts a CRLF inside quotes as two lines, and a note keeps its breaks as \n
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (body.includes('\u0000')) throw new PassbookError('VALIDATION', 'This is not a CSV file: it holds bytes no text has (a picture, a spreadsheet\'s own file). Save the list from the spreadsheet as CSV.', { field: 'csv' });
  if (body.trim() === '') throw new PassbookError('VALIDATION', 'The file is empty: it needs a header line naming the columns, then a line for each row.', { field: 'csv' });
  // U+FFFD is what a decoder writes for bytes that were not UTF-8 (a Windows-1252 "Müller" read as UTF-8): the
  // letter is gone, and storing "M\uFFFDller" would keep it gone in an append-only ledger
  const lost = body.indexOf('\uFFFD');
  if (lost >= 0) {
    const line = body.slice(0, lost).split('\n').length;
    throw new PassbookError('VALIDATION', `Line ${line} has a letter that could not be read (\uFFFD): the file was not read as the text it was saved as (a "Müller" or "Café" saved in Windows-1252, read as UTF-8). Save it from the spreadsheet as "CSV UTF-8" and choose it again.`, { field: 'csv', line });
  }
  // and a C1 control character (U+0080 to U+009F) is in no text: it is what a DOS code page's letter becomes read as
  // Windows-1252 (Excel's "CSV (MS-DOS)" writes the ü of "Müller" as the byte 0x81)
  const control = body.search(/[\u0080-\u009f]/);
  if (control >= 0) {
    const line = body.slice(0, control).split('\n').length;
    const code = `U+${body.charCodeAt(control).toString(16).toUpperCase().padStart(4, '0')}`;
    throw new PassbookError('VALIDATION', `Line ${line} has a character that is in no text (${code}): the file was saved in an encoding it was not read as (Excel's "CSV (MS-DOS)" writes "Müller" so). Save it from the spreadsheet as "CSV UTF-8" and choose it again.`, { field: 'csv', line });
  }
  const delimiter = delimiterOf(body);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(textCells(body, delimiter), { delimiter, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as never;
  } catch (err) {
    // csv-parse says where ("... at line 7") and what, by its code
    const { lines: line, code } = err as { lines?: number; code?: string };
    throw new PassbookError('VALIDATION', `The file is not readable as CSV${line ? ` (near line ${line})` : ''}: ${unreadable(code)}`, { field: 'csv', line: line ?? null });
  }
  const cleaned = records.map((r) => ({ ...r, record: r.record.map(cleanCell) }));
  const [head, ...rest] = cleaned;
  const headers = head!.record;
  // a row of only empty cells (a spreadsheet's trailing ",,,") is no row; nor is the header line again
  const rows = rest.filter((r) => r.record.some((c) => c !== '') && !isHeaderAgain(r.record, headers))
    .map((r) => ({ line: r.info.lines - lineSpan(r.record), cells: r.record }));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new PassbookError('VALIDATION', `The file has ${rows.length} rows; one import takes at most ${MAX_IMPORT_ROWS}. Split it into smaller files.`, { field: 'csv', rows: rows.length, limit: MAX_IMPORT_ROWS });
  }
  return { delimiter, headers, rows };
}

/** What csv-parse's error code means for the owner, and what to do. */
function unreadable(code: string | undefined): string {
  const fix = 'Put quotes around the whole value and write the quote inside twice (""), or save the file again from the spreadsheet as CSV.';
  switch (code) {
    case 'INVALID_OPENING_QUOTE': case 'CSV_INVALID_OPENING_QUOTE': return `a value has a quote (") inside it without starting with one. ${fix}`;
    case 'CSV_INVALID_CLOSING_QUOTE': case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE': return `a quoted value has more after its closing quote. ${fix}`;
    case 'CSV_MAX_RECORD_SIZE': return 'one line is far too long for a list. Save it again from the spreadsheet as CSV.';
    default: return 'a quote (") opens a field and is never closed. Save it again from the spreadsheet as CSV.';
  }
}

/**
 * A field written ="…" (Excel keeps "+44 20 7946 0018" or "0012" as text so) as the plain quoted field "…": the = is
 * dropped where a field starts, outside quotes, when its closing quote ends the field. Nothing else changes, so the
 * parser counts the same lines.
 */
function textCells(body: string, delimiter: Delimiter): string {
  if (!body.includes('="')) return body;
  let out = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"') { if (body[i + 1] === '"') { out += '""'; i += 1; continue; } quoted = false; }
      out += ch;
      continue;
    }
    if (fieldStart && (ch === ' ' || (ch === '\t' && delimiter !== '\t'))) { out += ch; continue; }
    if (fieldStart && ch === '=' && body[i + 1] === '"' && closesField(body, i + 1, delimiter)) { fieldStart = false; continue; }
    if (ch === '"') quoted = true;
    fieldStart = ch === delimiter || ch === '\n';
    out += ch;
  }
  return out;
}

/** Whether the quote at `open` has a closing quote followed (after spaces) by the delimiter, a line break or the end. */
function closesField(body: string, open: number, delimiter: Delimiter): boolean {
  let i = open + 1;
  for (;;) {
    const q = body.indexOf('"', i);
    if (q < 0) return false;
    if (body[q + 1] === '"') { i = q + 2; continue; }
    let j = q + 1;
    while (body[j] === ' ' || (body[j] === '\t' && delimiter !== '\t')) j += 1;
    return j >= body.length || body[j] === delimiter || body[j] === '\n';
  }
}

/**
 * A cell without invisible characters: byte order marks, zero-width spaces and word joiners anywhere; zero-width
 * (non-)joiners too, except between two letters of a script that needs them (Persian ‌ between two words of one
 * name, an emoji family). A field that arrived quoted as "=""…""" is its text as well.
 */
export function cleanCell(cell: string): string {
  let c = cell.replace(/[\uFEFF\u200B\u2060]/g, '');
  if (/[\u200C\u200D]/.test(c)) c = c.replace(/[\u200C\u200D]/g, (j, at: number, all: string) => (/[^\s\x00-\x7F]/u.test(all[at - 1] ?? ' ') && /[^\s\x00-\x7F]/u.test(all[at + 1] ?? ' ') ? j : ''));
  c = c.trim();
  const wrapped = /^="(.*)"$/s.exec(c);
  return wrapped && !wrapped[1]!.replace(/""/g, '').includes('"') ? wrapped[1]!.replace(/""/g, '"').trim() : c;
}

/** The header line again: the same column names (as headerKey reads them), with nothing past them. */
export function isHeaderAgain(cells: string[], headers: string[]): boolean {
  const keys = (cs: string[]) => { const k = cs.map(headerKey); while (k.length && k[k.length - 1] === '') k.pop(); return k; };
  const a = keys(cells);
  const b = keys(headers);
  return a.length > 0 && a.length === b.length && a.every((k, i) => k === b[i]) && a.some((k) => k !== '');
}

/** csv-parse counts the line a record ends on; a quoted field with line breaks starts that many lines earlier. */
function lineSpan(cells: string[]): number {
  let n = 0;
  for (const c of cells) for (const ch of c) if (ch === '\n') n += 1;
  return n;
}

/** A header as a key: "E-mail address", "email_address" and "Email Address" are one column. */
export const headerKey = (h: string): string => h.toLowerCase().normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^a-z0-9]/g, '');
