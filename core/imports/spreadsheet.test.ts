// What spreadsheets do to a list on its way to a CSV file, on a real ledger file: numbers rewritten as 6.98765432E+08,
// two exports pasted together, invisible characters, ="…" cells, dates in the other order, amounts in another
// currency. Each is a problem on its line, or read as the owner meant; a file with a problem writes nothing.
import { describe, expect, it } from 'vitest';
import { tempApp, type TestApp } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';
import { PassbookError } from '../errors';

const count = (app: TestApp, table: string): number => (app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** A shop set up, then moved to this language, currency and zone (before anything is sold). */
function shopIn(locale: string, currency: string, timeZone: string): TestApp {
  const app = tempApp(); // 2026-03-01
  app.call('shop.update', { clientId: cid(), name: 'Shop', currency, timeZone, locale, creditUnit: 'drink', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
  return app;
}
const preview = (app: TestApp, kind: 'customers' | 'items' | 'balances', csv: string) => app.call('imports.preview', { kind, csv }, app.owner);
const apply = (app: TestApp, kind: 'customers' | 'items' | 'balances', csv: string) => app.call('imports.apply', { clientId: cid(), kind, csv }, app.owner);
function refused(app: TestApp, kind: 'customers' | 'items' | 'balances', csv: string): PassbookError {
  const r = app.dispatch('imports.apply', { clientId: cid(), kind, csv }, app.owner);
  if (r.ok) throw new Error('expected the import to be refused');
  return new PassbookError(r.error.code, r.error.message, r.error.details);
}
/** A shop with a plan and two customers with cards, ready for balances. */
function balancesShop(locale: string, currency: string, timeZone: string, delimiter = ','): TestApp {
  const app = shopIn(locale, currency, timeZone);
  scenario(app, app.owner).plan({ name: 'Coffee Pass', credits: '10', price: '20', validity: 'month' });
  apply(app, 'customers', `Name${delimiter}Card\nAnna Lee${delimiter}ANNA0001\nBen Ode${delimiter}BEN00001\nCara Diaz${delimiter}CARA0001\nDan Fox${delimiter}DAN00001\n`);
  return app;
}

describe('phones a spreadsheet turned into numbers', () => {
  it('6.98765432E+08 is a problem on its line naming the phone; a leading \' or = that kept a phone as text is dropped', () => {
    const app = shopIn('fr-FR', 'EUR', 'Europe/Paris');
    const csv = 'Name;Phone\r\nZoë Ångström;6.98765432E+08\r\nKen Yamada;4,42079E+11\r\nLéa Roux;\'06 98 76 54 32\r\nMo Diallo;=0612345678\r\n';
    const p = preview(app, 'customers', csv);
    expect(p.problems).toEqual([
      { line: 2, field: 'phone', message: '6.98765432E+08 is a number the spreadsheet rewrote and some digits are lost; format the column as Text and type the numbers again.' },
      { line: 3, field: 'phone', message: '4,42079E+11 is a number the spreadsheet rewrote and some digits are lost; format the column as Text and type the numbers again.' },
    ]);
    expect(p.sample).toEqual([
      { line: 4, values: ['Léa Roux', '06 98 76 54 32', null, null, null] },
      { line: 5, values: ['Mo Diallo', '0612345678', null, null, null] },
    ]);
    // every row or none
    expect(refused(app, 'customers', csv).message).toBe('Nothing was imported: the file has 2 problems. Line 2: phone: 6.98765432E+08 is a number the spreadsheet rewrote and some digits are lost; format the column as Text and type the numbers again.');
    expect(count(app, 'customers')).toBe(0);
  });
});

describe('card numbers a spreadsheet turned into numbers', () => {
  it('1.23457E+15 in a Card column is a problem saying so, for customers and for balances; a code like 2E345678 is a code', () => {
    const app = balancesShop('en-US', 'USD', 'America/New_York');
    const p = preview(app, 'customers', 'Name,Card\nEve Moss,1.23457E+15\nFay Ng,2E345678\n');
    expect(p.problems).toEqual([{ line: 2, field: 'code', message: '1.23457E+15 is a number the spreadsheet rewrote and some digits are lost; format the column as Text and type the numbers again.' }]);
    expect(p.sample.map((s) => s.values[3])).toEqual(['2E345678']);
    const b = preview(app, 'balances', 'Card,Plan,Credits\n1.23457E+15,Coffee Pass,3\nANNA0001,Coffee Pass,3\n');
    expect(b.problems).toEqual([{ line: 2, field: 'code', message: '1.23457E+15 is a number the spreadsheet rewrote and some digits are lost; format the column as Text and type the numbers again.' }]);
    expect(b.create).toBe(1);
  });
});

describe('invisible characters and a second header line', () => {
  it('two exports pasted together (the second\'s byte order mark inside the file) bring no customer called "Name"; lines stay right', () => {
    const app = shopIn('en-GB', 'GBP', 'Europe/London');
    const csv = '\uFEFFName,Phone,Email,Notes\r\nAnna Lee,020 7946 0018,,\r\n\uFEFFName,Phone,Email,Notes\r\nBen Ode,020 7946 0019,,"oat\r\nmilk"\r\nCara Diaz,,,\r\n';
    const p = preview(app, 'customers', csv);
    expect(p).toMatchObject({ rows: 3, create: 3, problemCount: 0, skipCount: 0 });
    expect(p.sample.map((s) => [s.line, s.values[0], s.values[4]])).toEqual([[2, 'Anna Lee', null], [4, 'Ben Ode', 'oat / milk'], [6, 'Cara Diaz', null]]);
    expect(apply(app, 'customers', csv)).toMatchObject({ created: 3, skipped: 0 });
    expect(count(app, 'customers')).toBe(3);
  });

  it('the column names again under a title line are left out too; a line that only looks like them is kept', () => {
    const app = shopIn('en-GB', 'GBP', 'Europe/London');
    const csv = 'Members, March 2026\nName,Phone\nAnna Lee,020 7946 0018\nname,PHONE\nName,020 7946 0099\n';
    const p = preview(app, 'customers', csv);
    expect(p.sample.map((s) => [s.line, s.values[0], s.values[1]])).toEqual([[3, 'Anna Lee', '020 7946 0018'], [5, 'Name', '020 7946 0099']]);
  });

  it('a title with no delimiter above a semicolon file (Numbers writes "Table 1") does not make it one column', () => {
    const app = shopIn('de-DE', 'EUR', 'Europe/Berlin');
    const p = preview(app, 'customers', 'Table 1\r\nName;Phone;Notes\r\nAnna Müller;0151 2345678;Hafer, kein Zucker\r\n');
    expect(p).toMatchObject({ delimiter: ';', create: 1, problemCount: 0 });
    expect(p.sample).toEqual([{ line: 3, values: ['Anna Müller', '0151 2345678', null, null, 'Hafer, kein Zucker'] }]);
    // a list of one column is still one column
    expect(preview(app, 'customers', 'Name\nBen Ode\n')).toMatchObject({ delimiter: ',', create: 1 });
  });

  it('an invisible character inside a name is not stored, so the clean list adds no one twice; Persian and emoji joiners stay', () => {
    const app = shopIn('en-GB', 'GBP', 'Europe/London');
    apply(app, 'customers', 'Name,Phone\r\nBob\uFEFF Smith,020 7946 0018\r\nAnn\u200Be Kay\u2060,\r\n\u200DZed Ray\u200C,\r\nمهر\u200Cآسا,\r\n');
    expect(app.db.prepare('SELECT name FROM customers ORDER BY id').all()).toEqual([{ name: 'Bob Smith' }, { name: 'Anne Kay' }, { name: 'Zed Ray' }, { name: 'مهر\u200Cآسا' }]);
    const again = preview(app, 'customers', 'Name,Phone\r\nBob Smith,020 7946 0018\r\nAnne Kay,\r\nZed Ray,\r\n');
    expect(again).toMatchObject({ create: 0, skipCount: 3, problemCount: 0 });
  });
});

describe('cells written ="…" to keep them text', () => {
  it('are read as their text, with any delimiter and after a note over two lines; the lines stay right', () => {
    const app = shopIn('en-GB', 'GBP', 'Europe/London');
    const p = preview(app, 'customers', 'Name,Phone,Notes\r\nBob Smith,="+44 20 7946 0018",\r\nAda Ng, ="020 7946 0019" ,"two\r\nlines"\r\nCy Po,"=""0044 20 7946 0020""",="a, b"\r\n');
    expect(p.problems).toEqual([]);
    expect(p.sample).toEqual([
      { line: 2, values: ['Bob Smith', '+44 20 7946 0018', null, null, null] },
      { line: 3, values: ['Ada Ng', '020 7946 0019', null, null, 'two / lines'] },
      { line: 5, values: ['Cy Po', '0044 20 7946 0020', null, null, 'a, b'] },
    ]);
    const semi = preview(app, 'customers', 'Name;Phone\nBob Smith;="+44 20 7946 0018"\n');
    expect(semi.sample[0]!.values[1]).toBe('+44 20 7946 0018');
  });

  it('a quote inside a value and a quote never closed are told apart', () => {
    const app = shopIn('en-GB', 'GBP', 'Europe/London');
    const inside = refused(app, 'customers', 'Name,Phone\nBob Smith,020 "home"\n');
    expect(inside.message).toBe('The file is not readable as CSV (near line 2): a value has a quote (") inside it without starting with one. Put quotes around the whole value and write the quote inside twice (""), or save the file again from the spreadsheet as CSV.');
    const open = refused(app, 'customers', 'Name,Phone\nBob Smith,"020 7946\nAda,1\n');
    expect(open.message).toMatch(/^The file is not readable as CSV \(near line \d\): a quote \("\) opens a field and is never closed/);
    const after = refused(app, 'customers', 'Name,Phone\nBob Smith,"020" 7946\n');
    expect(after.message).toBe('The file is not readable as CSV (near line 2): a quoted value has more after its closing quote. Put quotes around the whole value and write the quote inside twice (""), or save the file again from the spreadsheet as CSV.');
    expect(count(app, 'customers')).toBe(0);
  });
});

describe('dates in the other order', () => {
  it('a US shop given a day-first file: the impossible date says why, and the ambiguous ones of that file are refused', () => {
    const app = balancesShop('en-US', 'USD', 'America/New_York');
    const csv = 'Card,Plan,Credits,Valid until\nANNA0001,Coffee Pass,5,31/03/2026\nBEN00001,Coffee Pass,5,03/04/2026\nCARA0001,Coffee Pass,5,2026-04-03\nDAN00001,Coffee Pass,5,05/05/2026\n';
    const p = preview(app, 'balances', csv);
    expect(p.problems).toEqual([
      { line: 2, field: 'expires', message: '"31/03/2026": this shop writes dates month first (12/31/2026), and this one seems to put the day first. Write it as 2026-03-31.' },
      { line: 3, field: 'expires', message: '"03/04/2026" could be read two ways: line 2 (31/03/2026) puts the day first, and this shop writes the month first (12/31/2026). Write it year first, as 2026-04-03 if the day comes first.' },
    ]);
    // the ISO form, and a day whose day and month are one number, read the same either way
    expect(p.sample.map((s) => [s.line, s.values[4]])).toEqual([[4, '2026-04-03'], [5, '2026-05-05']]);
    expect(refused(app, 'balances', csv).details).toMatchObject({ problemCount: 2 });
    expect(count(app, 'passes')).toBe(0);
  });

  it('a file whose dates all read in the shop\'s order is read in that order; a day-first shop says the other way round', () => {
    const us = balancesShop('en-US', 'USD', 'America/New_York');
    expect(preview(us, 'balances', 'Card,Plan,Credits,Valid until\nANNA0001,Coffee Pass,5,03/04/2026\nBEN00001,Coffee Pass,5,12/31/2026\n').sample.map((s) => s.values[4])).toEqual(['2026-03-04', '2026-12-31']);
    const uk = balancesShop('en-GB', 'GBP', 'Europe/London');
    const p = preview(uk, 'balances', 'Card,Plan,Credits,Valid until\nANNA0001,Coffee Pass,5,12/31/2026\nBEN00001,Coffee Pass,5,2026-12-31\nCARA0001,Coffee Pass,5,30/02/2026\n');
    expect(p.problems).toEqual([
      { line: 2, field: 'expires', message: '"12/31/2026": this shop writes dates day first (31/12/2026), and this one seems to put the month first. Write it as 2026-12-31.' },
      { line: 4, field: 'expires', message: '"30/02/2026" is not a day of the calendar' },
    ]);
  });
});

describe('amounts in another currency', () => {
  it('a balance paid in another currency says so, and what to do; a negative one says it must not be', () => {
    const de = balancesShop('de-DE', 'EUR', 'Europe/Berlin', ';');
    const p = preview(de, 'balances', 'Card;Plan;Credits;Paid\nANNA0001;Coffee Pass;2;25,00 $\nBEN00001;Coffee Pass;2;EUR 5,00\nCARA0001;Coffee Pass;2;"5,00 €"\nDAN00001;Coffee Pass;2;zwei\n');
    expect(p.problems).toEqual([
      { line: 2, field: 'paid', message: '25,00 $ is in another currency; this shop counts EUR: convert it, or leave Paid empty to use the plan\'s price.' },
      { line: 5, field: 'paid', message: '"zwei" is not a number: write it like 1234,50' },
    ]);
    expect(p.sample.map((s) => s.values[3])).toEqual(['5.00', '5.00']);

    const us = balancesShop('en-US', 'USD', 'America/New_York');
    const q = preview(us, 'balances', 'Card,Plan,Credits,Paid\nANNA0001,Coffee Pass,2,€10.00\nBEN00001,Coffee Pass,2,CAD 4.00\nCARA0001,Coffee Pass,2,-$4.00\nDAN00001,Coffee Pass,2,$-4.00\n');
    expect(q.problems).toEqual([
      { line: 2, field: 'paid', message: '€10.00 is in another currency; this shop counts USD: convert it, or leave Paid empty to use the plan\'s price.' },
      { line: 3, field: 'paid', message: 'CAD 4.00 is in another currency; this shop counts USD: convert it, or leave Paid empty to use the plan\'s price.' },
      { line: 4, field: 'paid', message: 'must not be negative' },
      { line: 5, field: 'paid', message: 'must not be negative' },
    ]);
    expect(count(us, 'passes')).toBe(0);
  });

  it('US$ and the shop currency\'s other signs are the shop\'s own; an item priced in another currency says so', () => {
    const us = balancesShop('en-US', 'USD', 'America/New_York');
    const p = preview(us, 'balances', 'Card,Plan,Credits,Paid\nANNA0001,Coffee Pass,2,US$25.00\nBEN00001,Coffee Pass,2,25.00 USD\nCARA0001,Coffee Pass,2,$US 4.00\n');
    expect(p.problems).toEqual([]);
    expect(p.sample.map((s) => s.values[3])).toEqual(['25.00', '25.00', '4.00']);
    const ca = shopIn('en-CA', 'CAD', 'America/Toronto');
    const items = preview(ca, 'items', 'Item,Unit,Rate,Price\nLatte,cup,1,CA$4.50\nMocha,cup,1,$5.00\nTea,cup,1,US$3.00\n');
    expect(items.problems).toEqual([{ line: 4, field: 'cashPrice', message: 'US$3.00 is in another currency; this shop counts CAD: give the price in CAD.' }]);
    expect(items.sample.map((s) => s.values[3])).toEqual(['4.50', '5.00']);
  });
});

describe('amounts written another country\'s way', () => {
  it('"12.5" credits and a 4.50 price in a German shop name the cell and how the shop writes it, not misplaced thousands separators', () => {
    const de = balancesShop('de-DE', 'EUR', 'Europe/Berlin', ';');
    const p = preview(de, 'balances', 'Card;Plan;Credits;Paid\nANNA0001;Coffee Pass;12.5;\nBEN00001;Coffee Pass;2;4.50\nCARA0001;Coffee Pass;1.500;\nDAN00001;Coffee Pass;12,5;4,50 €\n');
    expect(p.problems).toEqual([
      { line: 2, field: 'credits', message: '"12.5" is not a number: write it like 12,5' },
      { line: 3, field: 'paid', message: '"4.50" is not a number: write it like 1234,50' },
    ]);
    // 1.500 is fifteen hundred in Germany, as the shop's own screens write it
    expect(p.sample.map((s) => s.values.slice(2, 4))).toEqual([['1500', '3000.00'], ['12.5', '4.50']]);
    const items = preview(de, 'items', 'Item;Unit;Rate;Price\nTee;Tasse;0.5;2,50\n');
    expect(items.problems).toEqual([{ line: 2, field: 'rate', message: '"0.5" is not a number: write it like 12,5' }]);
    const us = balancesShop('en-US', 'USD', 'America/New_York');
    expect(preview(us, 'balances', 'Card,Plan,Credits\nANNA0001,Coffee Pass,"12,5"\n').problems)
      .toEqual([{ line: 2, field: 'credits', message: '"12,5" is not a number: write it like 12.5' }]);
    expect(count(de, 'passes') + count(us, 'passes')).toBe(0);
  });
});

describe('a file saved in another encoding', () => {
  it('a Windows-1252 file read as UTF-8 (Müller as M\uFFFDller) is refused, naming the line, and stores nothing', () => {
    const app = shopIn('de-DE', 'EUR', 'Europe/Berlin');
    // the bytes Excel on Windows writes for "Müller" and "Café", decoded as UTF-8 the way a script or a browser does
    const csv = Buffer.from('Name;Telefon\r\nAnna Lee;\r\nM\xfcller;0151 2345678\r\nCaf\xe9 Bar;\r\n', 'latin1').toString('utf8');
    expect(csv).toContain('\uFFFD');
    for (const kind of ['customers', 'items', 'balances'] as const) {
      const r = app.dispatch('imports.preview', { kind, csv }, app.owner);
      expect(r.ok ? 'OK' : r.error).toMatchObject({ code: 'VALIDATION', details: { field: 'csv', line: 3 } });
    }
    expect(refused(app, 'customers', csv).message).toBe('Line 3 has a letter that could not be read (\uFFFD): the file was not read as the text it was saved as (a "Müller" or "Café" saved in Windows-1252, read as UTF-8). Save it from the spreadsheet as "CSV UTF-8" and choose it again.');
    expect(count(app, 'customers')).toBe(0);
    // the same file read as what it is imports the names as written
    expect(apply(app, 'customers', Buffer.from('Name;Telefon\r\nAnna Lee;\r\nM\xfcller;0151 2345678\r\nCaf\xe9 Bar;\r\n', 'latin1').toString('latin1')).created).toBe(3);
    expect(app.call('customers.search', { query: 'müller' }).customers.map((c) => c.name)).toEqual(['Müller']);
  });

  it('an Excel "CSV (MS-DOS)" file read as Windows-1252 (its ü a C1 control character) is refused, naming the line', () => {
    const app = shopIn('de-DE', 'EUR', 'Europe/Berlin');
    // code page 850 writes ü as 0x81, which Windows-1252 (as the Import screen reads a file that is not UTF-8) has no letter for
    const csv = new TextDecoder('windows-1252').decode(Buffer.from('Name;Notes\r\nAnna Lee;\r\nBen Ode;"mag\r\nHafer"\r\nM\x81ller;\r\n', 'latin1'));
    const r = app.dispatch('imports.preview', { kind: 'customers', csv }, app.owner);
    expect(r.ok ? 'OK' : r.error).toMatchObject({ code: 'VALIDATION', details: { field: 'csv', line: 5 },
      message: 'Line 5 has a character that is in no text (U+0081): the file was saved in an encoding it was not read as (Excel\'s "CSV (MS-DOS)" writes "Müller" so). Save it from the spreadsheet as "CSV UTF-8" and choose it again.' });
    expect(count(app, 'customers')).toBe(0);
  });
});
