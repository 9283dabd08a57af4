// Bringing a shop's lists in from CSV, on a real ledger file: what the preview says, what the import writes, and
// that a file with a problem writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { codeOf, tempApp, type TestApp } from '../../test/support/tempApp';
import { cid, scenario } from '../passes/scenario';
import { beancountBalances, hledgerBalances, run, skipWithout } from '../../test/support/bookTools';
import { PassbookError } from '../errors';
import { MAX_IMPORT_ROWS } from './table';
import { MAX_CSV_JSON_BYTES } from '../contract/imports';
import type { OutputOf } from '../contract';

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
    // Ben and Émilie came without a card code: their new cards are to print, and customers.cards gives what they show
    expect(done.newCards).toEqual([done.ids[1], done.ids[2]]);
    const cards = app.call('customers.cards', { ids: done.newCards! }, app.owner).cards;
    expect(cards.map((c) => c.name)).toEqual(['Ben "The Baker" Ode', 'Émilie Zoé']);
    expect(codeOf(app, 'customers.cards', { ids: done.newCards! })).toBe('FORBIDDEN');
    expect(codeOf(app, 'customers.cards', { ids: [999_999] }, app.owner)).toBe('NOT_FOUND');
    expect(codeOf(app, 'customers.cards', { ids: Array.from({ length: 501 }, (_, i) => i + 1) }, app.owner)).toBe('VALIDATION');
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

  it('a new card is never drawn with a code a later line of the file gives its customer', () => {
    const app = tempApp();
    // the draw is random: make its first code the one line 3's card carries (CODE_ALPHABET's indexes of 'K7MX2QPA'
    // and then of 'HHHHHHHH'); before, creating line 3 was refused as 'The card code K7MX2QPA is taken' and with it the import
    const alphabet = '23456789ACDEFGHJKMNPQRTVWXY';
    const draws = [...'K7MX2QPA', ...'HHHHHHHH'].map((c) => alphabet.indexOf(c));
    const spy = vi.spyOn(crypto, 'randomInt').mockImplementation((() => draws.shift() ?? 0) as never);
    try {
      const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card\nBen Ode,\nAnna Lee,k7mx-2qpa\n' }, app.owner);
      expect(done).toMatchObject({ created: 2, newCards: [done.ids[0]] });
      expect(app.call('customers.get', { id: done.ids[0]! }).customer.code).toBe('HHHHHHHH');
      expect(app.call('customers.byCode', { code: 'K7MX2QPA' }).customer).toMatchObject({ id: done.ids[1], name: 'Anna Lee' });
    } finally { spy.mockRestore(); }
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
    expect(preview.problems[4]!.message).toBe('"#1" is not a card code Passbook can scan and print: use 3 to 16 letters and digits.');
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

  it('reads the columns card systems and address books export: Square, Shopify, Google Contacts', () => {
    const app = tempApp();
    const read = (csv: string) => app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    const square = read('Reference ID,First Name,Surname,Email Address,Phone Number,Nickname,Company Name,Memo,Square Customer ID\n'
      + ',Anna,Lee,anna@example.com,+12125550143,,,likes oat milk,ABC123\n');
    expect(square.sample.map((s) => s.values)).toEqual([['Anna Lee', '+12125550143', 'anna@example.com', null, 'likes oat milk']]);
    const shopify = read('Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Phone,Phone,Total Spent,Note,Tags\n'
      + "1,Ben,Ode,ben@example.com,yes,,'+12125550199,12.50,regular,vip\n");
    expect(shopify.sample.map((s) => s.values)).toEqual([['Ben Ode', '+12125550199', 'ben@example.com', null, 'regular']]);
    const google = read('First Name,Middle Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n'
      + 'Cara,,Diaz,* myContacts,cara@example.com,Mobile,+1 212 555 0177\n');
    expect(google.sample.map((s) => s.values)).toEqual([['Cara Diaz', '+1 212 555 0177', 'cara@example.com', null, null]]);
    expect(read('Name,Mobile Number,Telephone Number\nDev,,020 7946 0018\n').sample[0]!.values[1]).toBe('020 7946 0018');
  });

  it('reads column names in the languages of the shops it serves; "Nom" and "Nombre" are the whole name alone, half of it beside the other half', () => {
    const app = tempApp();
    const read = (csv: string) => app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    // a German shop's Excel list (semicolons), with its own words for every column
    const german = read('Kunde;Telefon;E-Mail-Adresse;Kartennummer;Bemerkung\nJürgen Groß;0171 2345678;jg@example.de;K7MX2QPA;Hafermilch\n');
    expect(german.columns.map((c) => c.field)).toEqual(['name', 'phone', 'email', 'code', 'notes']);
    expect(german.sample[0]!.values).toEqual(['Jürgen Groß', '0171 2345678', 'jg@example.de', 'K7MX2QPA', 'Hafermilch']);
    expect(read('Vorname,Nachname,Handy\nAnna,Weber,0151 1111111\n').sample[0]!.values.slice(0, 2)).toEqual(['Anna Weber', '0151 1111111']);
    // French: Nom beside Prénom is the family name; Nom alone the whole name
    const french = read('Nom,Prénom,Téléphone,Courriel\nDupont,Marie,06 12 34 56 78,marie@example.fr\n');
    expect(french.columns.map((c) => c.field)).toEqual(['lastName', 'firstName', 'phone', 'email']);
    expect(french.sample[0]!.values.slice(0, 3)).toEqual(['Marie Dupont', '06 12 34 56 78', 'marie@example.fr']);
    expect(read('Nom,Numéro de carte\nMarie Dupont,K7MX2QPB\n').sample[0]!.values.slice(0, 3)).toEqual(['Marie Dupont', null, null]);
    // Spanish and Italian: Nombre beside Apellidos (Nome beside Cognome) is the given name; alone, the whole name
    const spanish = read('Nombre,Apellidos,Teléfono,Correo electrónico\nLucía,García López,612 345 678,lucia@example.es\n');
    expect(spanish.columns.map((c) => c.field)).toEqual(['firstName', 'lastName', 'phone', 'email']);
    expect(spanish.sample[0]!.values.slice(0, 3)).toEqual(['Lucía García López', '612 345 678', 'lucia@example.es']);
    // a Spanish name's two family names in two columns are both the name, not the first alone
    const two = read('Nombre;Primer apellido;Segundo apellido;Teléfono\nLucía;García;López;612 345 678\nPablo;Ruiz;;\n');
    expect(two.columns.map((c) => c.field)).toEqual(['firstName', 'lastName', 'lastName', 'phone']);
    expect(two.sample.map((s) => s.values[0])).toEqual(['Lucía García López', 'Pablo Ruiz']);
    expect(read('First Name,Last Name,Surname\nAnna,Lee,Lee\n').sample[0]!.values[0]).toBe('Anna Lee');
    expect(read('Nome,Cognome,Cellulare\nGiulia,Bianchi,333 1234567\n').sample[0]!.values.slice(0, 2)).toEqual(['Giulia Bianchi', '333 1234567']);
    expect(read('Nome,Tessera\nGiulia Bianchi,GB000001\n').sample[0]!.values).toEqual(['Giulia Bianchi', null, null, 'GB000001', null]);
    // Dutch and Swedish
    expect(read('Naam,Telefoonnummer,Kaartnummer,Opmerkingen\nSanne de Vries,06 1234 5678,SV000001,geen suiker\n').sample[0]!.values)
      .toEqual(['Sanne de Vries', '06 1234 5678', null, 'SV000001', 'geen suiker']);
    expect(read('Förnamn,Efternamn,E-post\nAstrid,Lind,astrid@example.se\n').sample[0]!.values.slice(0, 3)).toEqual(['Astrid Lind', null, 'astrid@example.se']);
  });

  it('a customer number (Kundennummer, Klantnummer, Código) is the old system\'s, not the card: it is left unread, and the card column is the card', () => {
    const app = tempApp();
    const read = (csv: string) => app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    // a German POS export: the customer number first, the card further on
    const de = read('Kundennummer;Vorname;Nachname;Kartennummer\n10023;Anna;Weber;K7MX2QPA\n10024;Ben;Ode;\n');
    expect(de.columns.map((c) => c.field)).toEqual([null, 'firstName', 'lastName', 'code']);
    expect(de.sample.map((s) => s.values[3])).toEqual(['K7MX2QPA', null]);
    const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Kundennummer;Vorname;Nachname;Kartennummer\n10023;Anna;Weber;K7MX2QPA\n10024;Ben;Ode;\n' }, app.owner);
    // Ben has no card yet: he gets a new one to print, not the old system's number as a code no card carries
    expect(done.newCards).toEqual([done.ids[1]]);
    expect(app.call('customers.get', { id: done.ids[1]! }).customer.code).not.toBe('10024');
    expect(read('Klantnummer;Naam;Kaartnummer\n10025;Sanne de Vries;SV000001\n').sample[0]!.values[3]).toBe('SV000001');
    expect(read('Código;Nombre;Apellidos;Número de tarjeta\n10026;Ana;García;AG000001\n').sample[0]!.values.slice(0, 4)).toEqual(['Ana García', null, null, 'AG000001']);
    // and a balances sheet of that system finds the customer by the card
    const b = app.call('imports.preview', { kind: 'balances', csv: 'Kundennummer;Kartennummer;Abo;Rest\n10023;K7MX2QPA;Nothing;1\n' }, app.owner);
    expect(b.columns.map((c) => c.field)).toEqual([null, 'code', 'plan', 'credits']);
    expect(b.problems.map((p) => p.field)).toEqual(['plan']);
  });

  it('refuses files it cannot read, clearly, and is for the owner only', () => {
    const app = tempApp();
    const say = (csv: string) => { const r = app.dispatch('imports.preview', { kind: 'customers', csv }, app.owner); return r.ok ? 'OK' : r.error.message; };
    expect(say('')).toBe('The file is empty: it needs a header line naming the columns, then a line for each row.');
    expect(say('Phone,Email\n555,a@b.c\n')).toBe('The first line of the file must name the columns. It needs a "Name" column (or "First name" and "Last name"); the columns found were: "Phone", "Email".');
    expect(say('Name,Notes\nAnna,"never closed\nBen,\n')).toMatch(/^The file is not readable as CSV \(near line \d\): a quote \(\"\) opens a field and is never closed/);
    expect(say(`Name\n${'a\n'.repeat(MAX_IMPORT_ROWS + 1)}`)).toBe(`The file has ${MAX_IMPORT_ROWS + 1} rows; one import takes at most ${MAX_IMPORT_ROWS}. Split it into smaller files.`);
    const tooLarge = 'csv: The file is larger than one import takes (about 6 MB): split it into smaller files.';
    expect(MAX_CSV_JSON_BYTES).toBe(7_990_000);
    expect(say('x'.repeat(7_990_001))).toBe(tooLarge);
    expect(say(`Name\n${'é'.repeat(3_995_000)}\n`)).toBe(tooLarge); // 3,995,006 characters, 7,990,006 bytes
    // every quote and line break travels as two bytes: 4.8 million characters of a quoted CRLF export do not fit the request
    expect(say(`Name\r\n${'"ab"\r\n'.repeat(800_000)}`)).toBe(tooLarge);
    expect(say(`Name\n${'ab\n'.repeat(800_000)}`)).not.toBe(tooLarge);
    expect(codeOf(app, 'imports.preview', { kind: 'customers', csv: 'Name\nAnna\n' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name\nAnna\n' })).toBe('FORBIDDEN');
    expect(codeOf(app, 'imports.preview', { kind: 'passes', csv: 'Name\nAnna\n' }, app.owner)).toBe('VALIDATION');
    expect(count(app, 'customers')).toBe(0);
    // a header with no rows imports nothing, and says so
    expect(app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name\n' }, app.owner)).toEqual({ kind: 'customers', created: 0, skipped: 0, ids: [], newCards: [] });
  });
});

describe('a card system\'s whole export', () => {
  it('20,000 customers with the twenty columns Shopify exports fit one import (over 1 MB, which other requests take)', () => {
    const app = tempApp();
    const head = 'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,'
      + 'Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,'
      + 'Total Spent,Total Orders,Note,Tax Exempt,Tags';
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) =>
      `${7_000_000_000 + i},Given${i},Family${i},person${i}@example.com,yes,,${i} Main Street,Apt ${i % 40},Springfield,IL,US,62701,,'+1217555${String(i).padStart(4, '0')},no,${i % 300}.50,${i % 30},"regular, oat milk",no,vip`);
    const csv = `${head}\n${rows.join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(3_000_000);
    const p = app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    expect(p).toMatchObject({ rows: MAX_IMPORT_ROWS, create: MAX_IMPORT_ROWS, problemCount: 0 });
    expect(p.sample[0]!.values).toEqual(['Given0 Family0', '+12175550000', 'person0@example.com', null, 'regular, oat milk']);
  }, 120_000);
});

describe('a shop\'s whole customer list', () => {
  it('20,000 lines (the limit): the last line, the first again, is the same person as line 2 and nothing else is', () => {
    // how long it takes is in `npm run bench` (imports.preview_20k_ms), not here: a timed test fails on a busy machine
    const app = tempApp();
    // names alike but for their last digits, as a card system's export numbers its members; the last line is the first again
    const names = Array.from({ length: MAX_IMPORT_ROWS - 1 }, (_, i) => `Member of the morning club ${String(i).padStart(5, '0')}`);
    const csv = `Name\n${names.join('\n')}\n${names[0]}\n`;
    const p = app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    expect(p).toMatchObject({ rows: MAX_IMPORT_ROWS, create: MAX_IMPORT_ROWS - 1, skipCount: 1, problemCount: 0 });
    expect(p.skipped).toEqual([{ line: MAX_IMPORT_ROWS + 1, reason: 'The same person as line 2.' }]);
    const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv }, app.owner);
    expect(done).toMatchObject({ created: MAX_IMPORT_ROWS - 1, skipped: 1 });
    expect(count(app, 'customers')).toBe(MAX_IMPORT_ROWS - 1);
  }, 120_000);
});

describe('items from a CSV file', () => {
  it('reads rates and prices in the shop\'s number format, with its currency sign, by the one parser', () => {
    const app = tempApp({ currency: 'EUR' });
    app.call('shop.update', { clientId: cid(), name: 'Café', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Getränk', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
    const csv = 'Artikel;Unit;Rate;Price;Hotkey;Category\n'
      + 'Cappuccino;Tasse;1;"4,50 €";1;Kaffee\n'
      + 'Cold Brew groß;Becher;1,5;€ 5,20;2;Kaffee\n'
      + 'Croissant;Stück;0,5;2;;Backwaren\n';
    // "Ding" is no column name it knows: the item's name column is required ("Artikel" is German for it, read as "Item")
    expect(app.dispatch('imports.preview', { kind: 'items', csv: csv.replace('Artikel', 'Ding') }, app.owner)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(app.call('imports.preview', { kind: 'items', csv }, app.owner)).toMatchObject({ create: 3, problemCount: 0 });
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
    expect(changed.problems).toEqual([{ line: 2, field: 'name', message: expect.stringMatching(/^Cappuccino is already sold \(1 Getränk per Tasse, 4,50\s€\)\. Change it on the Plans & items screen, or leave this line out\.$/) }]);
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

describe('items: an archived item of the same name', () => {
  it('is named in the preview before a new item of its name is imported; the archived one keeps its sales', () => {
    const app = tempApp();
    const s = scenario(app, app.owner);
    const pumpkin = s.item('Pumpkin Latte', '1.5', '5.25');
    const plan = s.plan({ name: 'Ten', credits: '10', price: '20', validity: 'none' });
    const pass = s.sell(s.customer('Ann'), plan);
    s.redeem(pass, [[pumpkin, '1']]);
    app.call('items.archive', { clientId: cid(), id: pumpkin, archived: true }, app.owner);
    const csv = 'Item,Unit,Rate,Price\nFlat White,cup,1,4.25\npumpkin latte,cup,1,5.50\n';
    const p = app.call('imports.preview', { kind: 'items', csv }, app.owner);
    expect(p).toMatchObject({ create: 2, problemCount: 0, skipCount: 0, noteCount: 1 });
    // matched as the counter matches names (case and accents folded), and said with the archived item's terms
    expect(p.notes).toEqual([{ line: 3, message: 'Pumpkin Latte was archived (1.5 drinks per unit, $5.25). This line adds a new item of that name; the archived one keeps its past sales. To sell the archived one again instead, bring it back on the Plans & items screen and leave this line out.' }]);
    app.call('imports.apply', { clientId: cid(), kind: 'items', csv }, app.owner);
    const items = app.call('items.list', { includeArchived: true }).items.map((i) => [i.name, i.archived, i.cashPrice]);
    expect(items.sort()).toEqual([['Flat White', false, '4.25'], ['Pumpkin Latte', true, '5.25'], ['pumpkin latte', false, '5.50']].sort());
    // the sale stays on the archived item
    const line = app.db.prepare('SELECT item_id FROM redemption_lines').get() as { item_id: number };
    expect(line.item_id).toBe(pumpkin);
    // once imported, the same file is already here: skipped, with nothing more to say
    expect(app.call('imports.preview', { kind: 'items', csv }, app.owner)).toMatchObject({ create: 0, skipCount: 2, noteCount: 0, notes: [] });
    // a customer list's notes are of phones a spreadsheet cut (phones.test.ts); this one has none
    expect(app.call('imports.preview', { kind: 'customers', csv: 'Name\nZed\n' }, app.owner)).toMatchObject({ noteCount: 0, notes: [] });
    app.close();
  });
});

describe('balances brought over from before Passbook', () => {
  function shopWithCustomers() {
    const app = tempApp(); // 2026-03-01 10:00 in New York
    const s = scenario(app, app.owner);
    const latte = s.item('Latte', '1', '4.50');
    const coffee = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card,Phone\nAnna Lee,K7MX2QPA,\nBen Ode,,\nSam Lee,,555 0101\nSam Lee,SAM00002,555 0202\n' }, app.owner);
    return { app, s, latte, coffee };
  }
  const lines = (app: TestApp, kind: string) => app.db.prepare(`SELECT l.account, l.amount_minor FROM journal_lines l JOIN journal_tx t ON t.id = l.tx_id
      WHERE t.kind = ? ORDER BY l.id`).all(kind) as Array<{ account: string; amount_minor: number }>;

  const FILE = 'Card,Customer,Plan,Credits left,Paid,Valid until\n'
    + 'K7MX2QPA,Anna Lee,Coffee Pass,7,,\n' // paid for at the plan's price: 7 × $2.00
    + ',Ben Ode,coffee pass,3.5,$10.00,04/15/2026\n'; // the shop writes dates month first (en-US)

  it('opens a pass per customer whose lot holds the credits left, paid for before the books began', () => {
    const { app, s, latte } = shopWithCustomers();
    const p = app.call('imports.preview', { kind: 'balances', csv: FILE }, app.owner);
    expect(p).toMatchObject({ create: 2, problemCount: 0 });
    expect(p.sample.map((r) => r.values)).toEqual([
      ['Anna Lee (K7MX2QPA)', 'Coffee Pass', '7', '14.00', '2026-03-31'], // the plan's month: its last day
      [expect.stringMatching(/^Ben Ode \([A-Z0-9]{8}\)$/), 'Coffee Pass', '3.5', '10.00', '2026-04-15'],
    ]);
    const done = app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: FILE }, app.owner);
    expect(done).toMatchObject({ kind: 'balances', created: 2, skipped: 0 });
    const [anna, ben] = done.ids.map((id) => app.call('passes.get', { passId: id }));
    expect(anna).toMatchObject({ customerName: 'Anna Lee', planName: 'Coffee Pass', balance: '7', periods: 1, status: 'active' });
    expect(anna!.lots).toEqual([expect.objectContaining({ source: 'sale', amount: '7', remaining: '7', costBasis: '2.00', expiresAt: '2026-04-01T04:00:00.000Z' })]);
    // valid through 15 April, New York time: the credits end at the midnight that starts the 16th (EDT)
    expect(ben!.lots).toEqual([expect.objectContaining({ amount: '3.5', expiresAt: '2026-04-16T04:00:00.000Z' })]);
    expect(ben!.lots[0]!.costBasis).toBe('2.857143'); // $10.00 / 3.5 to a millionth; recognised to the cent (below)

    // the books: deferred revenue from equity, no money taken today
    expect(lines(app, 'brought_over')).toEqual([
      { account: 'equity:opening-balances', amount_minor: 1400 }, { account: 'liabilities:deferred-revenue', amount_minor: -1400 },
      { account: 'equity:opening-balances', amount_minor: 1000 }, { account: 'liabilities:deferred-revenue', amount_minor: -1000 },
    ]);
    const day = app.call('reports.daily', { from: '2026-03-01', to: '2026-03-01' }, app.owner).days[0];
    expect(day === undefined || day.sales === 0).toBe(true);
    const rf = app.call('reports.deferredRevenue', { from: '2026-03', to: '2026-03' }, app.owner).months[0]!;
    expect(rf).toMatchObject({ opening: '0.00', sold: '0.00', other: '24.00', closing: '24.00', journalClosing: '24.00' });

    // an ordinary pass from here: the counter draws on it, revenue at its cost basis, to the cent at the end
    s.redeem(anna!.id, [[latte, '2']]);
    expect(lines(app, 'redeem')).toEqual([{ account: 'liabilities:deferred-revenue', amount_minor: 400 }, { account: 'revenue:redemptions', amount_minor: -400 }]);
    s.redeem(ben!.id, [[latte, '3.5']]);
    const benRevenue = (app.db.prepare(`SELECT -sum(l.amount_minor) AS n FROM journal_lines l WHERE l.account = 'revenue:redemptions' AND l.pass_id = ?`).get(ben!.id) as { n: number }).n;
    expect(benRevenue).toBe(1000); // used up: exactly what was paid for it

    // the customer's papers and the owner's history call it what it is
    const st = app.call('statements.get', { customerId: anna!.customerId, from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' }, app.owner);
    expect(st.passes[0]!.entries[0]).toMatchObject({ kind: 'brought_over', credits: '7', value: '0.00' });
    expect(st.passes[0]!.totals).toMatchObject({ granted: '7' });
    expect(st.payments).toEqual([]); // nothing was paid in Passbook
    const hist = app.call('owner.history', { customerId: anna!.customerId }, app.owner).entries;
    expect(hist.find((h) => h.kind === 'brought_over')).toMatchObject({ credits: '7', money: null, reason: 'Balance brought over from before Passbook' });
    expect(app.call('owner.lots', { passId: anna!.id }, app.owner).lots[0]!.source).toBe('brought_over');

    // a refund pays back what the customer paid for what is left: Anna 5 of her 7 at $2.00
    const refund = app.call('passes.refund', { clientId: cid(), passId: anna!.id, reason: 'Moving away', paymentMethod: 'cash' }, app.owner);
    expect(refund.refunded).toBe('10.00');
  });

  it('a customer named in two columns, "Nom" beside "Prénom" or "Vorname" beside "Nachname", is found by the whole name', () => {
    const { app } = shopWithCustomers();
    const fr = app.call('imports.preview', { kind: 'balances', csv: 'Nom;Prénom;Formule;Crédits restants\nLee;Anna;Coffee Pass;3\nOde;Ben;Coffee Pass;2\n' }, app.owner);
    expect(fr.columns.map((c) => c.field)).toEqual(['lastName', 'firstName', 'plan', 'credits']);
    expect(fr).toMatchObject({ create: 2, problemCount: 0 });
    expect(fr.sample.map((r) => r.values[0])).toEqual(['Anna Lee (K7MX2QPA)', expect.stringMatching(/^Ben Ode \(/)]);
    const de = app.call('imports.preview', { kind: 'balances', csv: 'Vorname,Nachname,Abo,Verbleibend\nAnna,Lee,Coffee Pass,3\n' }, app.owner);
    expect(de).toMatchObject({ create: 1, problemCount: 0 });
    // "Nom" alone is the whole name
    expect(app.call('imports.preview', { kind: 'balances', csv: 'Nom;Formule;Restant\nAnna Lee;Coffee Pass;3\n' }, app.owner)).toMatchObject({ create: 1, problemCount: 0 });
    // words that mostly mean money on account are no credits column: 45,00 € is never stored as 45 credits
    for (const money of ['Guthaben', 'Saldo', 'Solde', 'Tegoed']) {
      const r = app.dispatch('imports.preview', { kind: 'balances', csv: `Vorname;Nachname;Abo;${money}\nAnna;Lee;Coffee Pass;45,00\n` }, app.owner);
      expect(r.ok ? 'read' : r.error.message, money).toMatch(/needs a "Credits" column/);
    }
  });

  it('a German shop\'s balances sheet: its column names, decimal commas, euros and day-first dates', () => {
    const app = tempApp({ timeZone: 'Europe/Berlin', currency: 'EUR' });
    app.call('shop.update', { clientId: cid(), name: 'Café', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Getränk', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
    const s = scenario(app, app.owner);
    s.plan({ name: 'Kaffeekarte', credits: '10', price: '25', validity: 'month' });
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Kunde;Kartennummer\nJürgen Groß;K7MX2QPA\nAnna Weber;AW000001\n' }, app.owner);
    const p = app.call('imports.preview', {
      kind: 'balances', csv: 'Kartennummer;Kunde;Abo;Rest;Bezahlt;Gültig bis\nK7MX2QPA;Jürgen Groß;Kaffeekarte;7;;\nAW000001;Anna Weber;Kaffeekarte;3,5;10,00 €;15.04.2026\n',
    }, app.owner);
    expect(p.columns.map((c) => c.field)).toEqual(['code', 'customer', 'plan', 'credits', 'paid', 'expires']);
    expect(p).toMatchObject({ create: 2, problemCount: 0 });
    expect(p.sample.map((r) => r.values)).toEqual([
      ['Jürgen Groß (K7MX2QPA)', 'Kaffeekarte', '7', '17.50', '2026-03-31'],
      ['Anna Weber (AW000001)', 'Kaffeekarte', '3.5', '10.00', '2026-04-15'],
    ]);
    // and its items list: Artikel, Einheit, Punkte (credits per unit), Preis, Taste, Kategorie
    const items = app.call('imports.preview', { kind: 'items', csv: 'Artikel;Einheit;Punkte;Preis;Taste;Kategorie\nCappuccino;Tasse;1,5;3,50 €;1;Kaffee\n' }, app.owner);
    expect(items.columns.map((c) => c.field)).toEqual(['name', 'usageUnit', 'rate', 'cashPrice', 'hotkey', 'category']);
    expect(items).toMatchObject({ create: 1, problemCount: 0 });
    expect(items.sample[0]!.values.slice(0, 4)).toEqual(['Cappuccino', 'Tasse', '1.5', '3.50']);
  });

  it('the accountant\'s journals open the equity account and balance (hledger check -s, bean-check)', async () => {
    const { app } = shopWithCustomers();
    app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: FILE }, app.owner);
    for (const format of ['hledger', 'beancount'] as const) {
      const r = await app.callAsync('exports.create', { kind: 'journal', format }, app.owner);
      const file = path.join(app.ledger.exportsDir, r.fileName);
      const text = fs.readFileSync(file, 'utf8');
      if (format === 'hledger') {
        expect(text).toContain('equity:opening-balances  14.00 USD');
        if (!skipWithout('hledger')) {
          expect(run('hledger', ['-f', file, 'check', '-s']).status).toBe(0);
          expect(hledgerBalances(file, 'USD', 2).get('equity:opening-balances')).toBe(2400);
        }
      } else if (!skipWithout('bean-check')) {
        const check = run('bean-check', [file]);
        expect(check.out + check.err).toBe('');
        expect(beancountBalances(file, 'USD', 2).get('Equity:Opening-Balances')).toBe(2400);
      }
    }
  });

  it('a balance worth more than Passbook holds at its plan\'s price is a problem on its line, not an error', () => {
    const { app, s } = shopWithCustomers();
    // $10,000,000,000 for one credit: 999,999,999 credits is 10^23 cents (past 2^53: INTERNAL), 2,000 is 2 × 10^15
    // (past the limit of 10^13: stored as it was)
    s.plan({ name: 'Gold Pass', credits: '1', price: '10000000000', validity: 'month' });
    for (const credits of ['999999999', '2000']) {
      const file = `Card,Customer,Plan,Credits,Paid,Expires\nK7MX2QPA,Anna Lee,Gold Pass,${credits},,\n`;
      const p = app.call('imports.preview', { kind: 'balances', csv: file }, app.owner);
      expect(p.problems).toEqual([{ line: 2, field: 'credits', message: `${credits} at the Gold Pass price comes to more than Passbook can hold: give what was paid for them in a Paid column.` }]);
      expect(() => app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: file }, app.owner)).toThrow(/Nothing was imported/);
    }
    expect(count(app, 'passes')).toBe(0);
  });

  it('names whose balance, which plan, how many credits and until when, by line; the same file twice brings nothing twice', () => {
    const { app } = shopWithCustomers();
    const bad = 'Card,Customer,Plan,Credits,Paid,Expires\n'
      + 'NOSUCH01,,Coffee Pass,5,,\n'
      + ',Sam Lee,Coffee Pass,5,,\n' // two customers are named Sam Lee
      + 'SAM00002,Sam Lee,Tea Pass,5,,\n'
      + 'K7MX2QPA,Ben Ode,Coffee Pass,5,,\n' // Anna's card
      + ',Ben Ode,Coffee Pass,0,,\n'
      + 'SAM00002,,Coffee Pass,1.0000001,,\n'
      + ',Anna Lee,Coffee Pass,2,-1,\n'
      + ',Anna Lee,Coffee Pass,2,,2026-02-28\n'
      + ',Anna Lee,Coffee Pass,2,,31/12/2026\n'
      + ',Anna Lee,Coffee Pass,2,,12/31/26\n';
    const p = app.call('imports.preview', { kind: 'balances', csv: bad }, app.owner);
    expect(p.problems.map((x) => [x.line, x.field, x.message])).toEqual([
      [2, 'code', 'No customer has the card code NOSUCH01. Import the customers first.'],
      [3, 'customer', 'More than one customer is named Sam Lee: give their card code in a "Card" column.'],
      [4, 'plan', 'No plan is named Tea Pass. The plans are: Coffee Pass.'],
      [5, 'customer', 'The card K7MX2QPA belongs to Anna Lee, not Ben Ode.'],
      [6, 'credits', 'must be greater than zero'],
      [7, 'credits', 'allows at most 6 decimal places'],
      [8, 'paid', 'must not be negative'],
      [9, 'expires', '2026-02-28 has passed: these credits have ended. Leave the line out, or give the day they may now be used until.'],
      [10, 'expires', '"31/12/2026": this shop writes dates month first (12/31/2026), and this one seems to put the day first. Write it as 2026-12-31.'],
      [11, 'expires', '"12/31/26": write the year in full (12/31/2026)'],
    ]);
    expect(() => app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: bad }, app.owner)).toThrow(/Nothing was imported: the file has 10 problems/);
    expect(count(app, 'passes')).toBe(0);

    app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: FILE }, app.owner);
    expect(app.call('imports.preview', { kind: 'balances', csv: FILE }, app.owner)).toMatchObject({ create: 0, skipCount: 2, problemCount: 0 });
    const changed = app.call('imports.preview', { kind: 'balances', csv: FILE.replace('Coffee Pass,7,', 'Coffee Pass,8,') }, app.owner);
    expect(changed.problems).toEqual([{ line: 2, field: 'customer', message: 'Anna Lee already has a Coffee Pass balance brought over (on 2026-03-01). Correct it with an adjustment on their pass, or leave this line out.' }]);
    // the same credits with another paid value is a change too (the books would keep the wrong liability), not a repeat
    const repriced = app.call('imports.preview', { kind: 'balances', csv: FILE.replace('$10.00', '$12.00') }, app.owner);
    expect(repriced.problems).toEqual([{ line: 3, field: 'customer', message: 'Ben Ode already has a Coffee Pass balance brought over (on 2026-03-01). Correct it with an adjustment on their pass, or leave this line out.' }]);
    // credits valid through today can still be brought over on the day of the move
    const today = app.call('imports.preview', { kind: 'balances', csv: 'Card,Plan,Credits,Valid until\nSAM00002,Coffee Pass,2,03/01/2026\n' }, app.owner);
    expect([today.problemCount, today.create]).toEqual([0, 1]);
    expect(app.call('imports.preview', { kind: 'balances', csv: `${FILE},Ben Ode,Coffee Pass,1,,\n` }, app.owner).problems[0])
      .toMatchObject({ line: 4, message: 'Ben Ode has a Coffee Pass balance on line 3 too: give one line per customer and plan (add them up).' });
    expect(count(app, 'passes')).toBe(2);
  });
});

describe('what a review of the import found', () => {
  it('the same person under another card, or written another way, is never a second customer', () => {
    const app = tempApp();
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Phone,Email\nAnna Lee,(212) 555-0143,anna@example.com\nBo Chan,,\n' }, app.owner);
    // the same list again, now with the numbers of the old cards: each a problem to settle, not a duplicate
    const withCards = app.call('imports.preview', { kind: 'customers', csv: 'Name,Phone,Card\nAnna Lee,+1 212 555 0143,ANNA0001\nBo Chan,,BO000001\n' }, app.owner);
    expect(withCards).toMatchObject({ create: 0, problemCount: 2 });
    expect(withCards.problems[0]!.message).toMatch(/^Anna Lee is already a customer, with card [A-Z0-9]{8}\. If this is the same person, give them this card with Replace card on their page \(Customers\) or leave the line out/);
    // another spelling of the phone, a double space, no email column: the same person, left out
    const again = app.call('imports.preview', { kind: 'customers', csv: 'Name,Mobile\nanna  lee,212.555.0143\nAnna Lee,\nBo Chan,555 0100\n' }, app.owner);
    expect(again).toMatchObject({ create: 0, skipCount: 3, problemCount: 0 });
    // a different phone is a different person
    expect(app.call('imports.preview', { kind: 'customers', csv: 'Name,Phone\nAnna Lee,020 7946 0018\n' }, app.owner)).toMatchObject({ create: 1 });
    // one person twice in the file with two cards
    const twice = app.call('imports.preview', { kind: 'customers', csv: 'Name,Card\nCara Diaz,CARA0001\nCara Diaz,CARA0002\n' }, app.owner);
    expect(twice.problems).toEqual([{ line: 3, field: 'code', message: 'Cara Diaz is also on line 2, with card CARA0001: give each person one line, with their card. If they are two people, give their phones or emails.' }]);
  });

  it('a name with two spaces (a spreadsheet joining first, middle and last) is the same name with one, either way round, for customers, balances, items and plans', () => {
    const app = tempApp();
    scenario(app, app.owner).plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    // ="Ben"&" "&""&" "&"Ode": Ben has no middle name
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card\nAnna Lee,ANNA0001\nBen  Ode,BEN00001\n' }, app.owner);
    const again = app.call('imports.preview', { kind: 'customers', csv: 'Name\nAnna  Lee\nBen Ode\n' }, app.owner);
    expect(again).toMatchObject({ create: 0, skipCount: 2 });
    expect(again.skipped.map((s) => s.reason)).toEqual(['Anna Lee (card ANNA0001) is already a customer.', 'Ben  Ode (card BEN00001) is already a customer.']);
    const balances = app.call('imports.preview', { kind: 'balances', csv: 'Card,Customer,Plan,Credits\n,Anna  Lee,Coffee Pass,3\nBEN00001,Ben Ode,Coffee Pass,2\n' }, app.owner);
    expect(balances).toMatchObject({ create: 2, problemCount: 0 });
    expect(balances.sample.map((s) => s.values[0])).toEqual(['Anna Lee (ANNA0001)', 'Ben  Ode (BEN00001)']);
    expect(count(app, 'customers')).toBe(2);
    // an item and a plan too: the menu again is no second Flat White, and Coffee  Pass is the plan
    scenario(app, app.owner).item('Flat White', '1', '4.25', { usageUnit: 'cup' });
    expect(app.call('imports.preview', { kind: 'items', csv: 'Item,Unit,Rate,Price\nFlat  White,cup,1,4.25\n' }, app.owner)).toMatchObject({ create: 0, skipCount: 1 });
    expect(app.call('imports.preview', { kind: 'balances', csv: 'Card,Plan,Credits\nANNA0001,Coffee  Pass,3\n' }, app.owner)).toMatchObject({ create: 1, problemCount: 0 });
  });

  it('a short phone is not the same phone as a long one that ends with it; a code is at most 16 characters; a BOM before a quoted header is read', () => {
    const app = tempApp();
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Phone\nSam Lee,212 555 0143\n' }, app.owner);
    // five digits that end Sam's number: another Sam Lee, not the same person (under 7 digits proves nothing)
    expect(app.call('imports.preview', { kind: 'customers', csv: 'Name,Phone\nSam Lee,50143\n' }, app.owner)).toMatchObject({ create: 1, skipCount: 0 });
    // the seven last digits of the same number: the same person
    expect(app.call('imports.preview', { kind: 'customers', csv: 'Name,Phone\nSam Lee,555-0143\n' }, app.owner)).toMatchObject({ create: 0, skipCount: 1 });
    const codes = app.call('imports.preview', { kind: 'customers', csv: 'Name,Card\nAna,ABCDEFGHJK2345678\nBea,ABCDEFGHJK234567\n' }, app.owner);
    expect(codes.problems.map((p) => [p.line, p.field])).toEqual([[2, 'code']]);
    expect(codes.problems[0]!.message).toMatch(/16/);
    // Excel's "CSV UTF-8" with quoted headers
    expect(app.call('imports.preview', { kind: 'customers', csv: '\uFEFF"Name","Phone"\r\n"Ana Ruiz","555 0100"\r\n' }, app.owner)).toMatchObject({ create: 1, problemCount: 0 });
  });

  it('a code that reads as another card when typed by hand is refused: a worn card must open its own customer', () => {
    const app = tempApp();
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card\nBen Ode,3X5J6YTJ\n' }, app.owner);
    const p = app.call('imports.preview', { kind: 'customers', csv: 'Name,Card\nNew Person,3XSJ6YTJ\nOne,S0B1\nTwo,5081\n' }, app.owner);
    expect(p.problems).toEqual([
      { line: 2, field: 'code', message: "The card code 3XSJ6YTJ reads as Ben Ode's card 3X5J6YTJ when typed by hand (S, Z and B are read as 5, 2 and 8): give this customer another code, or none for a new card." },
      { line: 4, field: 'code', message: 'The card code 5081 reads as S0B1 on line 3 when typed by hand (S, Z and B are read as 5, 2 and 8).' },
    ]);
    expect(app.call('customers.byCode', { code: '3XSJ6YTJ' }).customer.name).toBe('Ben Ode'); // still Ben, as before the import
  });

  it('a value pushed past the header by an unquoted comma is a problem, not a shifted row; trailing empty cells are nothing', () => {
    const app = tempApp();
    const p = app.call('imports.preview', { kind: 'customers', csv: 'Name,Phone\nLee, Anna,555 0100\nBo Chan,555 0101,,\n' }, app.owner);
    expect(p).toMatchObject({ create: 1, problemCount: 1 });
    expect(p.problems[0]).toEqual({ line: 2, field: null, message: 'has 3 cells, but the first line names 2 columns: a value with a comma in it (a name, or an amount like 1,000.50) needs quotes around it.' });
    const items = app.call('imports.preview', { kind: 'items', csv: 'Item;Unit;Rate;Price\nTray;tray;10;1;000,50\n' }, app.owner);
    expect(items.problems[0]!.message).toMatch(/^has 5 cells, but the first line names 4 columns: a value with a semicolon in it/);
  });

  it('a second column of a field is read where the first is empty; a title above the column names is passed over', () => {
    const app = tempApp();
    const p = app.call('imports.preview', { kind: 'customers', csv: 'Members, March 2026\nName,Phone,Mobile\nAnna Lee,,555 0143\nBo Chan,555 0100,555 0101\n' }, app.owner);
    expect(p).toMatchObject({ rows: 2, create: 2, problemCount: 0 });
    expect(p.columns).toEqual([{ header: 'Name', field: 'name' }, { header: 'Phone', field: 'phone' }, { header: 'Mobile', field: 'phone' }]);
    expect(p.sample.map((r) => [r.line, ...r.values.slice(0, 2)])).toEqual([[3, 'Anna Lee', '555 0143'], [4, 'Bo Chan', '555 0100']]);
    // a one-column list is not a title
    expect(app.call('imports.preview', { kind: 'customers', csv: 'Name\nAnna Lee\n' }, app.owner)).toMatchObject({ rows: 1, create: 1 });
  });

  it('a file that is not text says so; a tab in a note is a space', () => {
    const app = tempApp();
    expect(app.dispatch('imports.preview', { kind: 'customers', csv: '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR' }, app.owner))
      .toMatchObject({ ok: false, error: { code: 'VALIDATION', message: "This is not a CSV file: it holds bytes no text has (a picture, a spreadsheet's own file). Save the list from the spreadsheet as CSV." } });
    expect(app.call('imports.preview', { kind: 'customers', csv: 'Name\tNotes\nAnna\t"oat\tmilk"\n' }, app.owner).sample[0]!.values[4]).toBe('oat milk');
  });

  it('items: the credit unit is one the shop has, hotkeys are one key whatever their case, prices carry their currency word', () => {
    const app = tempApp();
    app.call('items.save', { clientId: cid(), name: 'Espresso', usageUnit: 'cup', rate: '1', cashPrice: '3', hotkey: 'E', category: 'Coffee' }, app.owner);
    expect(codeOf(app, 'items.save', { clientId: cid(), name: 'Earl Grey', usageUnit: 'cup', rate: '1', cashPrice: '3', hotkey: 'e' }, app.owner)).toBe('VALIDATION');
    const p = app.call('imports.preview', { kind: 'items', csv: 'Item,Unit,Rate,Price,Hotkey,Category,Credit unit\nLatte,cup,1,4,,,Drink\nScone,piece,1,3,,,Points\nEarl Grey,cup,1,3,e,,\nEspresso,cup,1,3,X,Hot,\n' }, app.owner);
    expect(p.sample[0]!.values[6]).toBe('drink'); // the shop's spelling: the counter matches units exactly
    expect(p.problems).toEqual([
      { line: 3, field: 'creditUnit', message: 'No plan or pack here sells Points credits, so the counter could never sell this item on a pass. The credit units here: drink.' },
      { line: 4, field: 'hotkey', message: '"e" is already the hotkey of Espresso.' },
    ]);
    expect(p.skipped).toEqual([{ line: 5, reason: 'Espresso is already sold, at the same rate and price. Its hotkey and category in the file are not taken: change them on the Plans & items screen.' }]);

    const yen = tempApp({ currency: 'JPY' });
    yen.call('shop.update', { clientId: cid(), name: '喫茶', currency: 'JPY', timeZone: 'Asia/Tokyo', locale: 'ja-JP', creditUnit: 'drink', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, yen.owner);
    const y = yen.call('imports.preview', { kind: 'items', csv: 'Item,Unit,Rate,Price\nA,cup,1,¥450\nB,cup,1,450円\nC,cup,1,￥1,200\nD,cup,1,"1,200 円"\n' }, yen.owner);
    expect(y.problems).toEqual([{ line: 4, field: null, message: expect.stringMatching(/^has 5 cells/) }]);
    expect(y.sample.map((r) => r.values[3])).toEqual(['450', '450', '1200']);
  });
});

describe('what a review of the balances found', () => {
  function shop(opts: { start?: string } = {}) {
    const app = tempApp(opts);
    const s = scenario(app, app.owner);
    s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month' });
    s.plan({ name: 'Lunch Card', credits: '10', price: '80', validity: 'week' });
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card\nAnna Lee,K7MX2QPA\n' }, app.owner);
    return app;
  }

  it('with no last day, credits last to the end of the plan\'s period, or of the next one when less than half of this one is left', () => {
    const app = shop({ start: '2026-03-30T22:00:00.000Z' }); // 30 March, 6 PM in New York: a day and a bit of March left
    const p = app.call('imports.preview', { kind: 'balances', csv: 'Card,Plan,Credits\nK7MX2QPA,Coffee Pass,20\nK7MX2QPA,Lunch Card,3\n' }, app.owner);
    // an old coffee card and an old lunch card: two balances of one customer
    expect(p).toMatchObject({ create: 2, problemCount: 0 });
    expect(p.sample.map((r) => r.values[4])).toEqual(['2026-04-30', '2026-04-05']); // not 31 March; the week of 30 March ends Sunday 5 April
    const [coffee] = app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: 'Card,Plan,Credits\nK7MX2QPA,Coffee Pass,20\n' }, app.owner).ids;
    expect(app.call('passes.get', { passId: coffee! }).lots[0]!.expiresAt).toBe('2026-05-01T04:00:00.000Z');
  });

  it('dates: the Gregorian year in Latin digits whatever the shop\'s calendar, year first in any shop, nothing absurdly far ahead', () => {
    const app = shop();
    const say = (day: string) => app.call('imports.preview', { kind: 'balances', csv: `Card,Plan,Credits,Valid until\nK7MX2QPA,Coffee Pass,1,${day}\n` }, app.owner);
    expect(say('2026/04/15').sample[0]!.values[4]).toBe('2026-04-15');
    // en-US writes the month first: a day only the other way round says so, and how to write it
    expect(say('31.12.2026').problems[0]!.message).toBe('"31.12.2026": this shop writes dates month first (12/31/2026), and this one seems to put the day first. Write it as 2026-12-31.');
    expect(say('30.02.2026').problems[0]!.message).toBe('"30.02.2026" is not a day of the calendar');
    expect(say('12/31/9999').problems[0]!.message).toBe('9999 is more than 50 years ahead: give the year of the Gregorian calendar, e.g. 2027');
    // exactly 50 years ahead is still a year someone could mean; 51 is not
    expect(say('12/31/2076').problemCount).toBe(0);
    expect(say('01/01/2077').problems[0]!.message).toBe('2077 is more than 50 years ahead: give the year of the Gregorian calendar, e.g. 2027');
    app.call('shop.update', { clientId: cid(), name: 'ร้านกาแฟ', currency: 'USD', timeZone: 'Asia/Bangkok', locale: 'th-TH', creditUnit: 'drink', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
    // a Thai spreadsheet may write the Buddhist year: 2569 is 2026, and is refused rather than read as 2569
    expect(say('31/12/2569').problems[0]!.message).toBe('2569 is more than 50 years ahead: give the year of the Gregorian calendar, e.g. 2027');
    expect(say('x').problems[0]!.message).toBe('"x" is not a date: write it as 2026-12-31 or 31/12/2026');
    expect(say('31/12/2026').sample[0]!.values[4]).toBe('2026-12-31');
  });

  it('dates as spreadsheets export them: with a midnight (or last-minute) time after them, or as Excel\'s day number', () => {
    const app = shop();
    const say = (day: string) => app.call('imports.preview', { kind: 'balances', csv: `Card,Plan,Credits,Valid until\nK7MX2QPA,Coffee Pass,1,"${day}"\n` }, app.owner);
    const read = (day: string) => { const p = say(day); expect(p.problems, day).toEqual([]); return p.sample[0]!.values[4]; };
    // Excel's "4/15/2026 0:00" when a date column also holds times, and the ISO forms other tools write
    for (const t of ['4/15/2026 0:00', '4/15/2026 12:00:00 AM', '4/15/2026, 12:00 AM', '2026-04-15 00:00:00', '2026-04-15T00:00', '4/15/2026 23:59', '2026-04-15 23:59:59']) {
      expect(read(t), t).toBe('2026-04-15');
    }
    // another time is named: the owner says which day the credits last through
    expect(say('4/15/2026 14:30').problems[0]!.message)
      .toBe('"4/15/2026 14:30": a last day is a whole day; write the date without the time (14:30), or the day before if the credits end then');
    // a date column formatted as a number: Excel's day 46127 is 15 April 2026 (its 1900 date system)
    expect(read('46127')).toBe('2026-04-15');
    expect(read('46127,0')).toBe('2026-04-15');
    // a count or a year is no day number
    expect(say('2026').problems[0]!.message).toBe('"2026" is not a date: write it as 2026-12-31 or 12/31/2026');
    expect(say('99999').problems[0]!.message).toBe('"99999" is not a date: write it as 2026-12-31 or 12/31/2026');
    // a German file's "15.04.2026 00:00" in a German shop
    app.call('shop.update', { clientId: cid(), name: 'Café', currency: 'USD', timeZone: 'America/New_York', locale: 'de-DE', creditUnit: 'drink', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
    expect(read('15.04.2026 00:00')).toBe('2026-04-15');
  });

  it('the restore preview counts a balance brought over apart from passes sold; the expiring report names its lot', async () => {
    const app = shop();
    const b = await app.callAsync('backup.create', {}, app.owner);
    app.call('imports.apply', { clientId: cid(), kind: 'balances', csv: 'Card,Plan,Credits,Valid until\nK7MX2QPA,Coffee Pass,4,2026-03-05\n' }, app.owner);
    const lots = app.call('reports.expiring', { days: 7 }, app.owner).lots;
    expect(lots.map((l) => [l.customerName, l.source, l.credits])).toEqual([['Anna Lee', 'brought_over', '4']]);
    const p = await app.callAsync('backup.inspect', { source: 'backups', fileName: b.fileName }, app.owner);
    expect(p.newerHere).toMatchObject({ passesSold: 0, balancesBroughtOver: 1, moneyIn: '0.00' });
  });
});
