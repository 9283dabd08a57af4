// What an import would do, worked out before anything is written: which columns are read as what, the rows it
// would create, the rows it leaves out (already here, or repeated in the file), and the problems that stop it.
// The preview shows this plan; applying works it out again inside the write's transaction and creates the rows
// only when there is no problem, so a file with one bad line changes nothing.
import type { z } from 'zod';
import { PassbookError } from '../errors';
import { parseCredits, parseMoney } from '../money/parse';
import type { ShopRow } from '../shop/settings';
import { headerKey, isHeaderAgain, type CsvRow, type CsvTable, type Delimiter } from './table';

const DELIMITER_WORD: Record<Delimiter, string> = { ',': 'a comma', ';': 'a semicolon', '\t': 'a tab' };

export type ImportKind = 'customers' | 'items' | 'balances';

export interface ImportProblem { line: number; field: string | null; message: string }
export interface ImportSkip { line: number; reason: string }
export interface ImportNote { line: number; message: string }
export interface ImportColumn { header: string; field: string | null }

export interface ImportPlan<T> {
  kind: ImportKind;
  delimiter: Delimiter;
  columns: ImportColumn[];
  /** the fields the rows fill, in the order the preview shows them */
  fields: string[];
  rows: number;
  create: Array<{ line: number; value: T; shown: Array<string | null> }>;
  skipped: ImportSkip[];
  /** rows imported as they are, with something the owner should know first (an archived item of the same name) */
  notes: ImportNote[];
  problems: ImportProblem[];
}

/**
 * A new plan, and the rows to work through: a row with a value past the last named column is a problem of its own
 * (a delimiter inside a value that was not quoted pushes every later cell into the wrong column) and is not read.
 */
export function startPlan<T>(kind: ImportKind, table: CsvTable, columns: ImportColumn[], fields: string[]): { plan: ImportPlan<T>; rows: CsvRow[] } {
  const plan: ImportPlan<T> = { kind, delimiter: table.delimiter, columns, fields, rows: table.rows.length, create: [], skipped: [], notes: [], problems: [] };
  // a spreadsheet's trailing empty cells are nothing; a value past the header is a field pushed along by an
  // unquoted delimiter ("Lee, Anna", "1,000.50"), and every cell of that row may be in the wrong column
  const overflow = table.rows.filter((r) => r.cells.slice(table.headers.length).some((c) => c !== '')).map((r) => ({ line: r.line, cells: r.cells.length }));
  const over = new Set(overflow.map((o) => o.line));
  for (const o of overflow) {
    plan.problems.push({ line: o.line, field: null, message: `has ${o.cells} cells, but the first line names ${table.headers.length} columns: a value with ${DELIMITER_WORD[table.delimiter]} in it (a name, or an amount like 1,000.50) needs quotes around it.` });
  }
  return { plan, rows: table.rows.filter((r) => !over.has(r.line)) };
}

/**
 * A number the spreadsheet read as a number and wrote in its own way (6.98765432E+08, 1.23457E+15): its leading zeros
 * and last digits are gone, so a phone or a card number in it cannot be read back. Spreadsheets write the exponent's
 * sign (E+15): a card code such as 2E345678 is a code.
 */
export const spreadsheetRewrote = (text: string): boolean => /^[+-]?\d+(?:[.,]\d+)?[eE][+-]\d+$/.test(text.trim());

/** What to say of a cell spreadsheetRewrote: which number, and how to get the digits back. */
export const rewrittenText = (text: string): string =>
  `${text.trim().slice(0, 40)} is a number the spreadsheet rewrote and some digits are lost; format the column as Text and type the numbers again.`;

// a name as an import matches it: core/customers/fold.ts (the counter's new-customer check matches the same way)
export { nameKey } from '../customers/fold';

/** Problems in the file's order (a row's own problems keep theirs). */
export function byLine(plan: ImportPlan<unknown>): void {
  plan.problems.sort((a, b) => a.line - b.line);
}

/**
 * Where each field is in a row: its first column, and the further columns of the same field ("Phone" and "Mobile"),
 * read in turn when the earlier ones are empty.
 */
export class ColumnIndex {
  private readonly first = new Map<string, number>();
  private readonly more = new Map<string, number[]>();
  get(field: string): number | undefined { return this.first.get(field); }
  has(field: string): boolean { return this.first.has(field); }
  set(field: string, column: number): void { this.first.set(field, column); }
  add(field: string, column: number): void {
    if (!this.first.has(field)) this.first.set(field, column);
    else this.more.set(field, [...(this.more.get(field) ?? []), column]);
  }
  columns(field: string): number[] {
    const i = this.first.get(field);
    return i === undefined ? [] : [i, ...(this.more.get(field) ?? [])];
  }
}

/**
 * A title above the column names ("Members, March 2026" on the first line): when the first line names at most one
 * known column and the next names more, and at least two, the next is the header. Rows keep their own line numbers.
 */
export function withoutTitle(table: CsvTable, names: Record<string, string[]>): CsvTable {
  const keys = new Set(Object.values(names).flat());
  const known = (cells: string[]) => cells.filter((c) => keys.has(headerKey(c))).length;
  const next = table.rows[0];
  const named = known(table.headers);
  if (!next || named > 1 || known(next.cells) < 2 || known(next.cells) <= named) return table;
  const headers = next.cells.map((c) => c.trim());
  // the column names again further down (two exports pasted together, each with its title) are no row either
  return { ...table, headers, rows: table.rows.slice(1).filter((r) => !isHeaderAgain(r.cells, headers)) };
}

/** Which field each header names; a field named twice is read from the first of its columns that is not empty. */
export function mapColumns(headers: string[], names: Record<string, string[]>): { columns: ImportColumn[]; index: ColumnIndex } {
  const byKey = new Map<string, string>();
  for (const [field, keys] of Object.entries(names)) for (const k of keys) byKey.set(k, field);
  const index = new ColumnIndex();
  const columns = headers.map((header, i) => {
    const field = byKey.get(headerKey(header)) ?? null;
    if (field !== null) index.add(field, i);
    return { header, field };
  });
  return { columns, index };
}

/** A row's cell for a field: trimmed text, or undefined where the columns are missing or their cells empty. */
export function cellOf(row: CsvRow, index: ColumnIndex, field: string): string | undefined {
  for (const i of index.columns(field)) {
    const v = row.cells[i];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/** The header must name the columns the rows cannot do without; the message lists the names it would take. */
export function requireColumns(index: ColumnIndex, required: Array<[string, string]>, table: CsvTable): void {
  const missing = required.filter(([field]) => !index.has(field));
  if (!missing.length) return;
  const found = table.headers.filter((h) => h !== '').map((h) => `"${h}"`).join(', ') || 'none';
  throw new PassbookError('VALIDATION', `The first line of the file must name the columns. It needs ${missing.map(([, say]) => say).join(' and ')}; the columns found were: ${found}.`, {
    field: 'csv', missing: missing.map(([f]) => f),
  });
}

/** A zod check of one row's fields, its issues as problems on that row's line (the same rules as the API's). */
export function rowIssues(schema: z.ZodType, value: unknown, line: number): { ok: true; data: unknown } | { ok: false; problems: ImportProblem[] } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, data: r.data };
  return { ok: false, problems: r.error.issues.map((i) => ({ line, field: i.path.length ? String(i.path[0]) : null, message: i.message })) };
}

/** A row's problem from a PassbookError the parser or a check threw (VALIDATION with a field). */
export function problemOf(err: unknown, line: number, field: string): ImportProblem {
  if (err instanceof PassbookError && err.code === 'VALIDATION') return { line, field, message: err.message.replace(new RegExp(`^${field}: `), '') };
  throw err;
}

/** Refuse to apply a plan with problems: nothing is written, and the error lists the first of them. */
export function assertNoProblems(plan: ImportPlan<unknown>): void {
  const n = plan.problems.length;
  if (!n) return;
  const first = plan.problems[0]!;
  throw new PassbookError('VALIDATION', `Nothing was imported: the file has ${n} ${n === 1 ? 'problem' : 'problems'}. Line ${first.line}: ${first.field ? `${first.field}: ` : ''}${first.message}`, {
    field: 'csv', problemCount: n, problems: plan.problems.slice(0, 50),
  });
}

/** Currencies written after the amount as a word in their own script, which Intl does not give as a sign. */
const LOCAL_WORDS: Record<string, string[]> = { JPY: ['円', '￥'], CNY: ['元', '￥'], TWD: ['元'], KRW: ['원', '￦'], HKD: ['元'] };

/**
 * Where a currency's signs are looked up besides the shop's own language: its home (en-US gives $ for USD, CA$ for
 * CAD), and languages that write it from abroad (en-CA and en-GB write US$, fr-FR $US and $CA).
 */
const SIGN_LOCALES = ['en-US', 'en-CA', 'en-GB', 'fr-FR'];

/** A currency's code and the signs Intl writes it with (standard and narrow) in these languages. */
function signsOf(currency: string, locales: string[]): Set<string> {
  const signs = new Set<string>([currency, ...(LOCAL_WORDS[currency] ?? [])]);
  for (const locale of locales) {
    for (const display of ['symbol', 'narrowSymbol'] as const) {
      try {
        const part = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: display }).formatToParts(1).find((p) => p.type === 'currency');
        if (part) signs.add(part.value);
      } catch { /* the shop's locale was checked when it was saved */ }
    }
  }
  return signs;
}

const longestFirst = (signs: Iterable<string>): string[] => [...signs].sort((a, b) => b.length - a.length);
const startsWith = (t: string, m: string): boolean => t.toUpperCase().startsWith(m.toUpperCase());
const endsWith = (t: string, m: string): boolean => t.toUpperCase().endsWith(m.toUpperCase());

/** The signs of every other currency (a single Latin letter, R or K, is too like a typing error to say so). */
const otherSignsCache = new Map<string, string[]>();
function otherSigns(currency: string, locale: string, own: Set<string>): string[] {
  const key = `${currency}|${locale}`;
  let found = otherSignsCache.get(key);
  if (!found) {
    const all = new Set<string>();
    for (const c of Intl.supportedValuesOf('currency')) if (c !== currency) for (const m of signsOf(c, [locale, ...SIGN_LOCALES])) all.add(m);
    found = longestFirst([...all].filter((m) => !own.has(m) && !/^[A-Za-z]$/.test(m)));
    otherSignsCache.set(key, found);
  }
  return found;
}

/**
 * A price cell without the shop currency's code or signs around it ("$4.50", "4,50 €", "EUR 4,50", "US$4.50" → the
 * number), its sign kept in front ("-$4.00" → "-4.00", which the parser then says must not be negative). A cell in
 * another currency ("25,00 $" in a euro shop, "CAD 4.00" in a dollar one) is a VALIDATION error of `field` that says
 * so, and `ifOther` what to do.
 */
export function withoutCurrency(shop: Pick<ShopRow, 'currency' | 'locale'>): (text: string, field?: string, ifOther?: string) => string {
  const own = signsOf(shop.currency, [shop.locale, ...SIGN_LOCALES]);
  const sorted = longestFirst(own);
  return (text, field = 'amount', ifOther = `give it in ${shop.currency}.`) => {
    let t = text.trim();
    const sign = /^[-\u2212+]/.test(t) ? t[0]! : '';
    t = t.slice(sign.length).trim();
    for (const m of sorted) {
      if (startsWith(t, m)) t = t.slice(m.length).trim();
      if (endsWith(t, m)) t = t.slice(0, t.length - m.length).trim();
    }
    if (/\d/.test(t) && otherSigns(shop.currency, shop.locale, own).some((m) => startsWith(t, m) || endsWith(t, m))) {
      const shown = text.trim().slice(0, 40);
      throw new PassbookError('VALIDATION', `${field}: ${shown} is in another currency; this shop counts ${shop.currency}: ${ifOther}`, { field, input: shown });
    }
    return sign + t;
  };
}

/**
 * A money cell in the shop's currency, as minor units: the currency's signs taken off (withoutCurrency), then read by
 * the one amount parser in the shop's number format. Text that is still no number says so with the value, and how
 * this shop writes an amount.
 */
export function moneyReader(shop: Pick<ShopRow, 'currency' | 'locale' | 'minor_digits'>): (text: string, field: string, ifOther: string) => number {
  const bare = withoutCurrency(shop);
  const example = new Intl.NumberFormat(`${shop.locale.split('-u-')[0]}-u-nu-latn`, { useGrouping: false, minimumFractionDigits: shop.minor_digits, maximumFractionDigits: shop.minor_digits })
    .format(shop.minor_digits > 0 ? 1234.5 : 1234);
  return (text, field, ifOther) => {
    try {
      return parseMoney(bare(text, field, ifOther), shop.minor_digits, { locale: shop.locale, field, sign: 'nonnegative' });
    } catch (err) { throw withExample(err, field, text, example); }
  };
}

/**
 * A credits cell (credits left, a drawdown rate) as millionths, by the one amount parser in the shop's number format;
 * text that is no number there says so with the value, and how this shop writes one ("12.5" in a German shop: 12,5).
 */
export function creditsReader(shop: Pick<ShopRow, 'locale'>): (text: string, field: string) => number {
  const example = new Intl.NumberFormat(`${shop.locale.split('-u-')[0]}-u-nu-latn`, { useGrouping: false, minimumFractionDigits: 1 }).format(12.5);
  return (text, field) => {
    try {
      return parseCredits(text, { locale: shop.locale, field, sign: 'positive' });
    } catch (err) { throw withExample(err, field, text, example); }
  };
}

/**
 * The parser's "is not a number", and its "has misplaced thousands separators" (which is what "12.5" or "4.50" is in a
 * shop that writes 12,5: its group mark in the wrong place), as the cell and an amount written this shop's way.
 */
function withExample(err: unknown, field: string, text: string, example: string): unknown {
  if (err instanceof PassbookError && (err.message === `${field}: is not a number` || err.message === `${field}: has misplaced thousands separators`)) {
    return new PassbookError('VALIDATION', `${field}: "${text.trim().slice(0, 40)}" is not a number: write it like ${example}`, err.details);
  }
  return err;
}
