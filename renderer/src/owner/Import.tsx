// Bring a shop's lists in from a spreadsheet: customers (with the cards they already carry) or the items the
// counter sells. The file is read here, the core says what importing it would do (imports.preview), and only
// then, on the owner's word, imports every row or none (imports.apply). Settings & data → Import.
import { useRef, useState } from 'react';
import QRCode from 'qrcode';
import { CARDS_PER_SHEET, usePrint, type CardSheet } from '../store/print';
import { api, newClientId } from '../api/client';
import type { OutputOf } from '../../../core/contract';
import { csvJsonBytes, MAX_CSV_JSON_BYTES, TOO_LARGE_WORDS } from '../../../core/contract/imports';
import { count, credits, money } from '../lib/format';
import { lostAnswer } from '../store/counter';
import { errorText, owner, useOwner } from './store';
import { ErrorLine, Select, useShop } from './ui';
import { decodeSpreadsheetText, DOS_CODE_PAGE, type DecodedText } from '../lib/textFile';

/** Where the new customers' cards print: a card printer, or sheets of office paper to cut. */
type CardPaper = 'card' | CardSheet;

type Kind = 'customers' | 'items' | 'balances';
type Preview = OutputOf<'imports.preview'>;

const FIELD_LABELS: Record<string, string> = {
  name: 'Name', firstName: 'First name', lastName: 'Last name', phone: 'Phone', email: 'Email', code: 'Card code', notes: 'Notes',
  usageUnit: 'Unit', rate: 'Rate', cashPrice: 'Price', hotkey: 'Hotkey', category: 'Category', creditUnit: 'Credit unit',
  customer: 'Customer', plan: 'Plan', credits: 'Credits', paid: 'Paid', expires: 'Valid until',
};
// `others`: a few of the column names it reads in the other languages, each one this kind's (Import.test.ts)
export const KINDS: Record<Kind, { noun: string; one: string; columns: string; others: string[] }> = {
  customers: { noun: 'customers', one: 'customer', others: ['Kunde', 'Prénom', 'Teléfono'], columns: 'Name (or First name and Last name); optional Phone, Email, Card (the code on a card they already carry), Notes' },
  items: { noun: 'items', one: 'item', others: ['Artikel', 'Prix', 'Unidad'], columns: 'Item, Unit, Rate (credits one unit takes), Price (without a pass); optional Hotkey, Category, Credit unit' },
  balances: { noun: 'balances', one: 'balance', others: ['Kartennummer', 'Formule', 'Gültig bis'], columns: 'Card (or Customer, a name only one customer has), Plan, Credits (left); optional Paid (what the customer paid for those credits; else the plan\'s price per credit), Valid until (their last day; else the end of the plan\'s period, or of the next one when less than half of this one is left)' },
};

/** The file's text: see decodeSpreadsheetText for how its encoding is told. */
async function readText(file: File, locale: string): Promise<DecodedText> {
  return decodeSpreadsheetText(new Uint8Array(await file.arrayBuffer()), locale);
}

/**
 * Why an import did not answer with its result. A refusal imported nothing; a lost answer (Passbook did not answer, or
 * the disk failed as the import was written) may have imported every row: pressing the button again sends the same
 * request (its client id), which Passbook answers once.
 */
export function importErrorText(err: unknown, button: string): string {
  if (lostAnswer(err)) return `Passbook did not answer, so the file may or may not have been imported. Press “${button}” again: the same import is never done twice.`;
  const said = errorText(err);
  return said.startsWith('Nothing was imported') ? said : `${said} Nothing was imported.`;
}

/** What the owner is told of a UTF-8 file with some lines in a code page: which lines, to check their letters. */
export function otherLinesText(lines: number[], codePage: string, locale: string): string {
  const shown = lines.slice(0, 10).map((n) => count(n, locale));
  // 'en': the sentence is English, as the screens' words are; the line numbers are the shop's
  const list = new Intl.ListFormat('en', { type: 'conjunction' }).format(lines.length > 10 ? [...shown, `${count(lines.length - 10, locale)} more`] : shown);
  return `This file is UTF-8 but for ${lines.length === 1 ? 'line' : 'lines'} ${list}, which ${lines.length === 1 ? 'was' : 'were'} read as ${codePage}. Check ${lines.length === 1 ? 'its' : 'their'} letters below; if they are wrong, correct ${lines.length === 1 ? 'it' : 'them'} in the spreadsheet, save the file as “CSV UTF-8” and choose it again.`;
}

/** "2026-04-15" as the shop writes a day. */
function dayText(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function ImportForm() {
  const shop = useShop();
  const [kind, setKind] = useState<Kind>('customers');
  const [file, setFile] = useState<({ name: string } & DecodedText) | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [clientId, setClientId] = useState(newClientId);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** customers just imported without a card code: their new cards are still to be printed */
  const [newCards, setNewCards] = useState<number[]>([]);
  const [cardPaper, setCardPaper] = useState<CardPaper>('card');
  /** pages of office paper the new cards take (null: a card printer) */
  const sheets = cardPaper === 'card' ? null : Math.ceil(newCards.length / CARDS_PER_SHEET[cardPaper]);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLHeadingElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const progress = (p: { label: string; value: number | null } | null) => useOwner.getState().setProgress(p);
  const words = KINDS[kind];
  const importLabel = (n: number) => `Import ${count(n, shop.locale)} ${n === 1 ? words.one : words.noun}`;

  function reset(next?: Kind) {
    if (next) setKind(next);
    setFile(null); setPreview(null); setError(null); setDone(null); setNewCards([]);
  }

  async function check(k: Kind, f: { name: string } & DecodedText) {
    setBusy(true); setError(null); setDone(null); setPreview(null);
    progress({ label: `Reading ${f.name}…`, value: null });
    try {
      const p = await owner(api.imports.preview({ kind: k, csv: f.text }));
      setPreview(p);
      setClientId(newClientId()); // a new file (or the same one again) is a new import
      requestAnimationFrame(() => summaryRef.current?.focus());
    } catch (err) {
      setError(`${errorText(err)} Nothing was imported.`);
    } finally { setBusy(false); progress(null); }
  }

  async function choose(chosen: File | undefined) {
    if (!chosen || busy) return;
    reset();
    const read = await readText(chosen, shop.locale);
    if (read.text.length > MAX_CSV_JSON_BYTES || csvJsonBytes(read.text) > MAX_CSV_JSON_BYTES) { setError(`${chosen.name} is ${TOO_LARGE_WORDS}. Split the list into smaller files and import them one after another.`); return; }
    const f = { name: chosen.name, ...read };
    setFile(f);
    await check(kind, f);
  }

  async function apply() {
    if (!preview || !file || busy || preview.problemCount > 0 || preview.create === 0) return;
    setBusy(true); setError(null);
    progress({ label: `Importing ${preview.create} ${preview.create === 1 ? words.one : words.noun}…`, value: null });
    try {
      const r = await owner(api.imports.apply({ clientId, kind, csv: file.text }));
      setNewCards(r.newCards ?? []);
      setDone(`Imported ${count(r.created, shop.locale)} ${r.created === 1 ? words.one : words.noun} from ${file.name}.${r.skipped ? ` ${count(r.skipped, shop.locale)} ${r.skipped === 1 ? 'row was' : 'rows were'} already here and left out.` : ''}`);
      setPreview(null); setFile(null);
      requestAnimationFrame(() => doneRef.current?.focus());
    } catch (err) {
      setError(importErrorText(err, importLabel(preview.create)));
    } finally { setBusy(false); progress(null); }
  }

  /** The new customers' cards (one a page, or sheets of them): names and codes 500 at a time, a QR code each, then print. */
  async function printCards() {
    if (busy || newCards.length === 0) return;
    setBusy(true); setError(null);
    const total = newCards.length;
    try {
      const cards: Array<{ name: string; code: string; qrDataUrl: string }> = [];
      for (let i = 0; i < total; i += 500) {
        progress({ label: `Preparing cards… ${cards.length} of ${total}`, value: cards.length / total });
        const page = await owner(api.customers.cards({ ids: newCards.slice(i, i + 500) }));
        for (const c of page.cards) cards.push({ ...c, qrDataUrl: await QRCode.toDataURL(c.code, { errorCorrectionLevel: 'M', margin: 1, width: 320 }) });
      }
      progress(null);
      await usePrint.getState().print({ kind: 'cards', cards, ...(cardPaper === 'card' ? {} : { sheet: cardPaper }) });
      const failed = usePrint.getState().error;
      if (failed) setError(failed);
    } catch (err) {
      setError(`The cards could not be printed. ${errorText(err)}`);
    } finally { setBusy(false); progress(null); }
  }

  const cell = (field: string, v: string | null) => {
    if (v === null) return field === 'expires' ? <span className="muted">never ends</span> : field === 'code' ? <span className="muted">new card</span> : '';
    if (field === 'cashPrice' || field === 'paid') return money(v, shop);
    if (field === 'rate' || field === 'credits') return credits(v, shop.locale);
    if (field === 'expires') return dayText(v, shop.locale);
    return v;
  };

  return (
    <div className="card oform" role="region" aria-labelledby="import-title">
      <h3 id="import-title">Import from a spreadsheet</h3>
      <p className="muted small">Save the list from your spreadsheet as CSV (comma, semicolon or tab separated). Its first line names the columns. Passbook shows what it would import, and imports nothing until you say so.</p>
      <fieldset className="oradios">
        <legend>The file holds</legend>
        {(['customers', 'items', 'balances'] as Kind[]).map((k) => (
          <label key={k}>
            <input type="radio" name="import-kind" value={k} checked={kind === k} disabled={busy} onChange={() => reset(k)} />
            {k === 'customers' ? 'Customers' : k === 'items' ? 'Items the counter sells' : 'Balances customers hold from before Passbook'}
          </label>
        ))}
      </fieldset>
      <p className="small" id="import-columns">Columns: {words.columns} (or their names in German, French, Spanish, Italian, Dutch, Swedish or Portuguese: {words.others.join(', ')}…).{kind !== 'customers' ? ` Amounts as your shop writes them (${money('1234.5', shop)}).` : ''}</p>
      {kind === 'balances' && (
        <p className="small">Import the customers first. Each balance becomes a pass of its plan holding the credits left. No money is taken: what the customer paid before is carried into deferred revenue from the account equity:opening-balances, which your accountant matches with the old books.</p>
      )}
      <div className="oactions">
        <label className={`btn btn-primary filebtn ${busy ? 'disabled' : ''}`}>
          Choose a CSV file of {words.noun}…
          <input type="file" className="sr-only" accept=".csv,.txt,text/csv,text/plain" disabled={busy} data-testid="import-file" aria-describedby="import-columns"
            onChange={(e) => { void choose(e.target.files?.[0]); e.target.value = ''; }} />
        </label>
      </div>
      <ErrorLine error={error} />
      {done && <p className="onotice ok" role="status" tabIndex={-1} ref={doneRef} data-testid="import-done">{done}</p>}
      {done && newCards.length > 0 && (
        <div className="oactions obottom">
          <Select label="Cards on" name="card-paper" value={cardPaper} onChange={(v) => setCardPaper(v as CardPaper)} options={[
            { value: 'card', label: 'a card printer: one card a page' },
            { value: 'A4', label: `A4 sheets: ${CARDS_PER_SHEET.A4} cards a page` },
            { value: 'Letter', label: `Letter sheets: ${CARDS_PER_SHEET.Letter} cards a page` },
          ]} />
          <button className="btn" type="button" onClick={() => void printCards()} aria-disabled={busy || undefined}>
            Print cards for the {newCards.length} new {newCards.length === 1 ? 'customer' : 'customers'}
          </button>
          <span className="small muted">{sheets === null ? 'Cards of 85.6 × 54 mm, as a card printer takes them.' : `Cards of 85.6 × 54 mm, ${sheets} ${sheets === 1 ? 'page' : 'pages'}, their edges dashed to cut along. Print at actual size (100 %).`}</span>
        </div>
      )}
      {preview && file && (
        <div className="oimport" data-testid="import-preview">
          <h4 tabIndex={-1} ref={summaryRef}>
            {file.name}: {count(preview.rows, shop.locale)} {preview.rows === 1 ? 'row' : 'rows'}. {count(preview.create, shop.locale)} to import
            {preview.skipCount ? `, ${count(preview.skipCount, shop.locale)} already here` : ''}
            {preview.problemCount ? `, ${count(preview.problemCount, shop.locale)} ${preview.problemCount === 1 ? 'problem' : 'problems'}` : ''}.
          </h4>
          {file.codePage && file.otherLines.length > 0 && (
            <div className="onotice onotes" data-testid="import-other-lines">
              <p className="small">{otherLinesText(file.otherLines.map((o) => o.line), file.codePage, shop.locale)}</p>
              <ul className="small">{file.otherLines.slice(0, 10).map((o) => <li key={o.line} className="break">Line {count(o.line, shop.locale)}: {o.text}</li>)}</ul>
            </div>
          )}
          {file.codePage && file.otherLines.length === 0 && <p className="small">This file is not UTF-8; it was read as {file.codePage}, {file.codePage === DOS_CODE_PAGE ? 'as Excel’s “CSV (MS-DOS)” writes it' : 'the code page of the shop\'s language'}. Check the letters below; if they are wrong, save the file from the spreadsheet as “CSV UTF-8” and choose it again.</p>}
          <p className="small">
            Columns read: {preview.columns.map((c, i) => (
              <span key={i}>{i ? '; ' : ''}“{c.header || '(no name)'}” → {c.field ? FIELD_LABELS[c.field] ?? c.field : <em>not imported</em>}</span>
            ))}.
          </p>
          {preview.problemCount > 0 && (
            <>
              <p className="error" role="alert">Nothing can be imported while a line has a problem. Fix {preview.problemCount === 1 ? 'it' : 'them'} in the spreadsheet, save it as CSV again and choose the file again.</p>
              <div className="otable-wrap" tabIndex={0} role="region" aria-label="Problems">
                <table className="otable compact">
                  <caption className="sr-only">Problems by line</caption>
                  <thead><tr><th className="r">Line</th><th>Column</th><th>Problem</th></tr></thead>
                  <tbody>
                    {preview.problems.map((p, i) => (
                      <tr key={i}><td className="r">{p.line}</td><td>{p.field ? FIELD_LABELS[p.field] ?? p.field : ''}</td><td className="break">{p.message}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.problemCount > preview.problems.length && <p className="small">The first {preview.problems.length} of {preview.problemCount} problems are shown.</p>}
            </>
          )}
          {preview.create > 0 && (
            <div className="otable-wrap" tabIndex={0} role="region" aria-label={`${words.noun} to import`}>
              <table className="otable compact">
                <caption className="sr-only">{preview.sample.length < preview.create ? `The first ${preview.sample.length} of ${preview.create} ${words.noun} to import` : `The ${words.noun} to import`}</caption>
                <thead><tr><th className="r">Line</th>{preview.fields.map((f) => <th key={f}>{FIELD_LABELS[f] ?? f}</th>)}</tr></thead>
                <tbody>
                  {preview.sample.map((s) => (
                    <tr key={s.line}><td className="r">{s.line}</td>{s.values.map((v, i) => <td key={i} className="break">{cell(preview.fields[i]!, v)}</td>)}</tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.sample.length < preview.create && <p className="small">The first {preview.sample.length} of {preview.create} are shown.</p>}
          {preview.noteCount > 0 && (
            <div className="onotice onotes" data-testid="import-notes">
              <p><strong>{preview.noteCount === 1 ? 'One line to check' : `${preview.noteCount} lines to check`}</strong> before you import:</p>
              <ul className="small">{preview.notes.map((n) => <li key={n.line}>Line {n.line}: {n.message}</li>)}</ul>
              {preview.noteCount > preview.notes.length && <p className="small">The first {preview.notes.length} of {preview.noteCount} are shown.</p>}
            </div>
          )}
          {preview.skipCount > 0 && (
            <details>
              <summary>{count(preview.skipCount, shop.locale)} {preview.skipCount === 1 ? 'row is' : 'rows are'} left out</summary>
              <ul className="small">{preview.skipped.map((s) => <li key={s.line}>Line {s.line}: {s.reason}</li>)}</ul>
            </details>
          )}
          <div className="dialog-actions">
            <button className="btn" type="button" onClick={() => reset()} disabled={busy}>Cancel</button>
            {preview.problemCount === 0 && preview.create > 0 && (
              <button className="btn btn-primary" type="button" onClick={() => void apply()} aria-disabled={busy || undefined}>
                {importLabel(preview.create)}
              </button>
            )}
          </div>
          {preview.problemCount === 0 && preview.create === 0 && <p className="onotice" role="status">There is nothing new to import in this file.</p>}
        </div>
      )}
    </div>
  );
}
