// Bringing a shop's lists in from CSV, on a real ledger file: what the preview says, what the import writes, and
// that a file with a problem writes nothing.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp, type TestApp } from '../../test/support/tempApp';
import { cid } from '../passes/scenario';
import { PassbookError } from '../errors';
import { MAX_IMPORT_ROWS } from './table';

const count = (app: TestApp, table: string): number => (app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function refused(app: TestApp, input: object): PassbookError {
  const r = app.dispatch('imports.apply', { clientId: cid(), ...input }, app.owner);
  if (r.ok) throw new Error('expected the import to be refused');
  return new PassbookError(r.error.code, r.error.message, r.error.details);
}

describe('customers from a CSV file', () => {
  // a spreadsheet's export: byte order mark, CRLF, a quoted name with quotes in it, notes over two lines
  const LIST = '\uFEFFName,Phone,E-mail,Card number,Notes,Birthday\r\n'
    + 'Anna Lee,+1 212 555 0143,anna@example.com,k7mx-2qpa,,1990-01-01\r\n'
    + '"Ben ""The Baker"" Ode",,,,"likes\r\noat milk",\r\n'
    + 'Émilie Zoé, 020 7946 0018 ,,,,\r\n'
    + ',,,,,\r\n';

  it('previews, then imports every row in one go; card codes are kept and the counter finds them', () => {
    const app = tempApp();
    const preview = app.call('imports.preview', { kind: 'customers', csv: LIST }, app.owner);
    expect(preview).toMatchObject({ kind: 'customers', delimiter: ',', rows: 3, create: 3, skipCount: 0, problemCount: 0 });
    expect(preview.columns).toEqual([
      { header: 'Name', field: 'name' }, { header: 'Phone', field: 'phone' }, { header: 'E-mail', field: 'email' },
      { header: 'Card number', field: 'code' }, { header: 'Notes', field: 'notes' }, { header: 'Birthday', field: null },
    ]);
    expect(preview.sample).toEqual([
      { line: 2, values: ['Anna Lee', '+1 212 555 0143', 'anna@example.com', 'K7MX2QPA', null] },
      { line: 3, values: ['Ben "The Baker" Ode', null, null, null, 'likes / oat milk'] },
      { line: 5, values: ['Émilie Zoé', '020 7946 0018', null, null, null] },
    ]);
    expect(count(app, 'customers')).toBe(0); // a preview writes nothing

    const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: LIST }, app.owner);
    expect(done).toMatchObject({ kind: 'customers', created: 3, skipped: 0 });
    expect(done.ids).toHaveLength(3);
    expect(count(app, 'customers')).toBe(3);
    // the card Anna already carries scans as before, typed however the scanner types it
    expect(app.call('customers.byCode', { code: 'K7MX2QPA' }).customer).toMatchObject({ id: done.ids[0], name: 'Anna Lee', email: 'anna@example.com' });
    const ben = app.call('customers.get', { id: done.ids[1]! }).customer;
    expect(ben).toMatchObject({ name: 'Ben "The Baker" Ode', notes: 'likes / oat milk' });
    expect(ben.code).toMatch(/^[23456789ACDEFGHJKMNPQRTVWXY]{8}$/); // a new card code
    // the counter's search finds them by name (accents folded) and phone digits
    expect(app.call('customers.search', { query: 'emilie' }).customers.map((c) => c.name)).toEqual(['Émilie Zoé']);
    expect(app.call('customers.search', { query: '7946' }).customers.map((c) => c.name)).toEqual(['Émilie Zoé']);
  });

  it('the same file twice adds no one twice; a retry of the import answers as the first did', () => {
    const app = tempApp();
    const clientId = cid();
    const first = app.call('imports.apply', { clientId, kind: 'customers', csv: LIST }, app.owner);
    expect(app.call('imports.apply', { clientId, kind: 'customers', csv: LIST }, app.owner)).toEqual(first);
    expect(codeOf(app, 'imports.apply', { clientId, kind: 'customers', csv: `${LIST}Cara Diaz,,,,,\n` }, app.owner)).toBe('CONFLICT');
    const again = app.call('imports.preview', { kind: 'customers', csv: `${LIST}Cara Diaz,,,,,\n` }, app.owner);
    expect(again).toMatchObject({ rows: 4, create: 1, skipCount: 3, problemCount: 0 });
    expect(again.skipped.map((s) => s.line)).toEqual([2, 3, 5]);
    expect(again.skipped[0]!.reason).toBe('Anna Lee (card K7MX2QPA) is already a customer.');
    expect(app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: `${LIST}Cara Diaz,,,,,\n` }, app.owner)).toMatchObject({ created: 1, skipped: 3 });
    expect(count(app, 'customers')).toBe(4);
  });

  it('a file with problems imports nothing and names each problem by its line', () => {
    const app = tempApp();
    app.call('customers.create', { clientId: cid(), name: 'Dana Fox' }, app.owner);
    const dana = app.call('customers.search', { query: 'Dana' }).customers[0]!;
    const bad = 'Name;Phone;Code;Notes\n'
      + 'Ok Person;555 0100;;\n'
      + '"Two\nLines";;;\n' // a line break in a name: refused, as customers.create refuses it
      + `Someone Else;;${dana.code};\n` // another customer's card
      + ';555 0199;;\n' // no name
      + 'Card Twice;;ABC123;\n'
      + 'Card Again;;abc-123;\n' // the same card as the line before
      + 'Bad Card;;#1;\n'
      + `${'x'.repeat(121)};;;\n`;
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = fs.readFileSync(app.file);
    const preview = app.call('imports.preview', { kind: 'customers', csv: bad }, app.owner);
    expect(preview).toMatchObject({ delimiter: ';', rows: 8, create: 2, problemCount: 6 });
    expect(preview.problems.map((p) => [p.line, p.field])).toEqual([[3, 'name'], [5, 'code'], [6, 'name'], [8, 'code'], [9, 'code'], [10, 'name']]);
    expect(preview.problems[1]!.message).toBe(`The card code ${dana.code} belongs to Dana Fox, who is already a customer.`);
    expect(preview.problems[3]!.message).toBe('The card code ABC123 is also on line 7: each card belongs to one customer.');
    expect(preview.problems[4]!.message).toBe('"#1" is not a card code Passbook can scan: use 3 to 32 letters and digits.');
    expect(preview.problems[5]!.message).toBe('name must be at most 120 characters');

    const err = refused(app, { kind: 'customers', csv: bad });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe('Nothing was imported: the file has 6 problems. Line 3: name: name must not contain control or direction-override characters');
    expect((err.details as { problems: unknown[] }).problems).toHaveLength(6);
    expect(count(app, 'customers')).toBe(1);
    app.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(count(app, 'operations')).toBe(2); // setup and the one customer: the refused import left no record either
    expect(fs.readFileSync(app.file).equals(before)).toBe(true);
  });

  it('takes first and last names, and tab-separated files', () => {
    const app = tempApp();
    const p = app.call('imports.preview', { kind: 'customers', csv: 'First name\tLast name\tMobile\nAnna\tLee\t555 0143\nPrince\t\t\n' }, app.owner);
    expect(p).toMatchObject({ delimiter: '\t', create: 2, problemCount: 0 });
    expect(p.sample.map((s) => s.values.slice(0, 2))).toEqual([['Anna Lee', '555 0143'], ['Prince', null]]);
  });

  it('refuses files it cannot read, clearly, and is for the owner only', () => {
    const app = tempApp();
    const say = (csv: string) => { const r = app.dispatch('imports.preview', { kind: 'customers', csv }, app.owner); return r.ok ? 'OK' : r.error.message; };
    expect(say('')).toBe('The file is empty: it needs a header line naming the columns, then a line for each row.');
    expect(say('Phone,Email\n555,a@b.c\n')).toBe('The first line of the file must name the columns. It needs a "Name" column (or "First name" and "Last name"); the columns found were: "Phone", "Email".');
    expect(say('Name,Notes\nAnna,"never closed\nBen,\n')).toMatch(/^The file is not readable as CSV \(near line \d\): a quote \(\"\) opens a field and is never closed/);
    expect(say(`Name\n${'a\n'.repeat(MAX_IMPORT_ROWS + 1)}`)).toBe(`The file has ${MAX_IMPORT_ROWS + 1} rows; one import takes at most ${MAX_IMPORT_ROWS}. Split it into smaller files.`);
    expect(say('x'.repeat(800_001))).toBe('csv: The file is larger than 800 kB: split it into smaller files.');
    expect(say(`Name\n${'é'.repeat(400_000)}\n`)).toBe('csv: The file is larger than 800 kB: split it into smaller files.'); // 400,006 characters, 800,006 bytes
    expect(codeOf(app, 'imports.preview', { kind: 'customers', csv: 'Name\nAnna\n' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name\nAnna\n' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'imports.preview', { kind: 'passes', csv: 'Name\nAnna\n' }, app.owner)).toBe('VALIDATION');
    expect(count(app, 'customers')).toBe(0);
    // a header with no rows imports nothing, and says so
    expect(app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name\n' }, app.owner)).toEqual({ kind: 'customers', created: 0, skipped: 0, ids: [] });
  });
});

describe('items from a CSV file', () => {
  it('reads rates and prices in the shop\'s number format, with its currency sign, by the one parser', () => {
    const app = tempApp({ currency: 'EUR' });
    app.call('shop.update', { clientId: cid(), name: 'Café', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Getränk', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
    const csv = 'Artikel;Unit;Rate;Price;Hotkey;Category\n'
      + 'Cappuccino;Tasse;1;"4,50 €";1;Kaffee\n'
      + 'Cold Brew groß;Becher;1,5;€ 5,20;2;Kaffee\n'
      + 'Croissant;Stück;0,5;2;;Backwaren\n';
    // "Artikel" is no column name it knows: the item's name column is required
    expect(app.dispatch('imports.preview', { kind: 'items', csv }, app.owner)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const named = csv.replace('Artikel', 'Item');
    const p = app.call('imports.preview', { kind: 'items', csv: named }, app.owner);
    expect(p).toMatchObject({ delimiter: ';', create: 3, problemCount: 0 });
    expect(p.sample.map((s) => s.values)).toEqual([
      ['Cappuccino', 'Tasse', '1', '4.50', '1', 'Kaffee', 'Getränk'],
      ['Cold Brew groß', 'Becher', '1.5', '5.20', '2', 'Kaffee', 'Getränk'],
      ['Croissant', 'Stück', '0.5', '2.00', null, 'Backwaren', 'Getränk'],
    ]);
    app.call('imports.apply', { clientId: cid(), kind: 'items', csv: named }, app.owner);
    expect(app.call('items.list', {}).items.map((i) => [i.name, i.rate, i.cashPrice, i.hotkey, i.category]).sort()).toEqual([
      ['Cappuccino', '1', '4.50', '1', 'Kaffee'], ['Cold Brew groß', '1.5', '5.20', '2', 'Kaffee'], ['Croissant', '0.5', '2.00', null, 'Backwaren'],
    ]);
    // the same menu again: nothing new; a changed price is the owner's to make on the item, not the file's
    expect(app.call('imports.preview', { kind: 'items', csv: named }, app.owner)).toMatchObject({ create: 0, skipCount: 3, problemCount: 0 });
    const changed = app.call('imports.preview', { kind: 'items', csv: named.replace('"4,50 €"', '4,80') }, app.owner);
    expect(changed.problems).toEqual([{ line: 2, field: 'name', message: 'Cappuccino is already sold (1 Getränk per Tasse, 4.50 EUR). Change it on the Plans & items screen, or leave this line out.' }]);
  });

  it('names every wrong amount, hotkey and repeat by line, and imports nothing then', () => {
    const app = tempApp();
    app.call('items.save', { clientId: cid(), name: 'Espresso', usageUnit: 'cup', rate: '1', cashPrice: '3', hotkey: 'E' }, app.owner);
    const csv = 'Name,Usage unit,Rate,Cash price,Hotkey\n'
      + 'Latte,cup,1,"$1,000.50",\n' // grouped thousands in an en-US shop: fine
      + 'Mocha,cup,0,4,\n'
      + 'Tea,cup,1e3,4,\n'
      + 'Scone,piece,1,abc,\n'
      + 'Bagel,piece,1,-2,\n'
      + 'Muffin,piece,1.0000001,3,\n'
      + 'Juice,bottle,2,5,E\n'
      + 'Water,bottle,1,1,W\n'
      + 'Soda,can,1,1,W\n'
      + 'latte,cup,1,4,\n'
      + 'Cookie,,1,2,\n'
      + 'Brownie,piece,,2,\n';
    const p = app.call('imports.preview', { kind: 'items', csv }, app.owner);
    expect(p.problems.map((x) => [x.line, x.field])).toEqual([
      [3, 'rate'], [4, 'rate'], [5, 'cashPrice'], [6, 'cashPrice'], [7, 'rate'], [8, 'hotkey'], [10, 'hotkey'], [11, 'name'], [12, 'usageUnit'], [13, 'rate'],
    ]);
    expect(p.problems.find((x) => x.line === 3)!.message).toBe('must be greater than zero');
    expect(p.problems.find((x) => x.line === 8)!.message).toBe('"E" is already the hotkey of Espresso.');
    expect(p.problems.find((x) => x.line === 10)!.message).toBe('"W" is also the hotkey on line 9.');
    expect(p.problems.find((x) => x.line === 11)!.message).toBe('latte is also on line 2: give each item one line.');
    expect(p.sample[0]!.values.slice(0, 4)).toEqual(['Latte', 'cup', '1', '1000.50']);
    expect(refused(app, { kind: 'items', csv }).code).toBe('VALIDATION');
    expect(app.call('items.list', {}).items.map((i) => i.name)).toEqual(['Espresso']);
  });
});
