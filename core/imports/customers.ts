// A customer list brought in from a spreadsheet, a card system or a mailing list: name (or first and last name),
// phone, email, the code on the card they already carry, notes. Each row passes the same checks as
// customers.create. A card code is kept, so cards in customers' wallets scan as before; a row without one gets a
// new code. Someone already here is left out, so importing the same file twice adds no one twice: the same card,
// or the same name where phone and email do not differ (a field the file leaves empty or has no column for is
// not a difference; phones are the same when one's digits end with the other's, "+1 212 555 0143" and
// "(212) 555-0143"). The same person under another card is a problem to settle, never a second customer. A phone
// the spreadsheet turned into a number (6.98765432E+08) has lost digits and is a problem on its line.
import type { Db } from '../db/open';
import { customersContract } from '../contract/customers';
import { sql } from '../lots/lots';
import { createCustomer, requireCustomer, type CustomerInput, type CustomerRow } from '../customers/customers';
import { replacedCard } from '../customers/cards';
import { shopWords } from '../shop/words';
import { findShop } from '../shop/settings';
import { CODE_SHAPE, normalizeCode, readForm } from '../customers/codes';
import { cardCutNotes, phoneCutNote } from './spreadsheetCuts';
import { cellOf, mapColumns, type ColumnIndex, startPlan, withoutTitle, requireColumns, rowIssues, rewrittenText, spreadsheetRewrote, nameKey, type ImportPlan, type ImportProblem } from './plan';
import type { CsvRow, CsvTable } from './table';

/**
 * A name in two columns, and the words that are the whole name alone but half of it beside the other half: French
 * "Nom" is the family name beside "Prénom"; Spanish "Nombre" and Italian "Nome" the given name beside "Apellidos" or
 * "Cognome" (resolved by nameColumns). For the customers and the balances a shop brings in.
 */
export const NAME_HALVES: Record<string, string[]> = {
  firstName: ['firstname', 'givenname', 'forename', 'vorname', 'prenom', 'voornaam', 'fornamn', 'primeironome'],
  lastName: ['lastname', 'surname', 'familyname', 'nachname', 'familienname', 'apellido', 'apellidos', 'cognome', 'achternaam', 'efternamn', 'sobrenome', 'nomdefamille',
    // a Spanish list's two family names, each in its column ("Primer apellido", "Segundo apellido"): both are the name
    'primerapellido', 'segundoapellido', 'apellido1', 'apellido2'],
  nameOrLast: ['nom'],
  nameOrFirst: ['nombre', 'nome'],
};

// Column names as shops write them, in English and in the languages of the shops Passbook serves (German, French,
// Spanish, Italian, Dutch, Swedish, Portuguese: "Kunde", "Téléphone", "Correo", "Kaartnummer"), as headerKey reads them
// (lower case, accents and punctuation gone: "E-Mail-Adresse" is "emailadresse").
export const COLUMNS: Record<string, string[]> = {
  name: ['name', 'customer', 'customername', 'fullname', 'client', 'clientname',
    'kunde', 'kundenname', 'vollstandigername', 'nomcomplet', 'nomduclient', 'cliente', 'nombrecompleto', 'nomecompleto', 'naam', 'klant', 'klantnaam',
    'volledigenaam', 'namn', 'kund', 'kundnamn', 'fulltnamn'],
  ...NAME_HALVES,
  // and as card systems and address books export them: Square's Phone Number and Memo, Google Contacts' "Phone 1 - Value"
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'mobile', 'mobilephone', 'cell', 'cellphone', 'mobilenumber', 'telephonenumber', 'cellnumber', 'phone1value',
    'telefon', 'telefonnummer', 'handy', 'handynummer', 'mobil', 'mobilnummer', 'mobiltelefon', 'portable', 'numerodetelephone', 'telefono', 'movil', 'celular',
    'telefoon', 'telefoonnummer', 'mobiel', 'mobielnummer', 'cellulare', 'telemovel'],
  email: ['email', 'emailaddress', 'mail', 'email1value', 'emailadresse', 'adresseemail', 'courriel', 'correo', 'correoelectronico', 'emailadres', 'epost', 'epostadress'],
  code: ['code', 'card', 'cardcode', 'cardnumber', 'passcode', 'barcode', 'membernumber',
    'karte', 'kartennummer', 'kundenkarte', 'mitgliedsnummer', 'carte', 'numerodecarte', 'tarjeta', 'numerodetarjeta', 'tessera', 'numerotessera',
    'kaart', 'kaartnummer', 'kort', 'kortnummer', 'cartao'],
  notes: ['notes', 'note', 'comment', 'comments', 'memo', 'notiz', 'notizen', 'bemerkung', 'bemerkungen', 'kommentar', 'remarque', 'remarques', 'commentaire',
    'commentaires', 'nota', 'notas', 'comentario', 'comentarios', 'opmerking', 'opmerkingen', 'anteckning', 'anteckningar', 'observacoes'],
};

/**
 * Where a word is the whole name in one file and half of it in another (French "Nom" with "Prénom", Spanish "Nombre"
 * with "Apellidos"), the other columns of the file say which: the preview then shows the column as read.
 */
export function nameColumns(columns: { header: string; field: string | null }[], index: ColumnIndex, whole = 'name'): void {
  const resolve = (field: string, half: string, other: string) => {
    if (!index.has(field)) return;
    const as = index.has(other) ? half : whole;
    for (const i of index.columns(field)) { index.add(as, i); columns[i]!.field = as; }
  };
  resolve('nameOrLast', 'lastName', 'firstName');
  resolve('nameOrFirst', 'firstName', 'lastName');
}

/** A row's name: its name column's, or its first and last names joined (index `whole` is -1 then: see below). */
export function nameOf(row: CsvRow, index: ColumnIndex, whole = 'name'): string | undefined {
  if (index.get(whole) !== -1) return cellOf(row, index, whole);
  // every family name column that holds one (a Spanish name has two), the same name twice once
  const last = [...new Set(index.columns('lastName').map((i) => row.cells[i]).filter((v): v is string => v !== undefined && v !== ''))];
  const joined = [cellOf(row, index, 'firstName'), ...last].filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}
const FIELDS = ['name', 'phone', 'email', 'code', 'notes'];

const RowSchema = customersContract['customers.create'].input.omit({ clientId: true });

/** Notes are one line (the customer form's field): a spreadsheet's note over several lines keeps them, joined. */
const oneLine = (text: string | undefined): string | undefined => text?.replace(/\s*\n\s*/g, ' / ').replace(/\t+/g, ' ');

/** A phone cell without the ' or = a spreadsheet user typed to keep it as text ('0698765432, =0698765432). */
const phoneOf = (text: string | undefined): string | undefined => {
  const t = text?.replace(/^['=]+/, '').trim();
  return t === '' ? undefined : t;
};

export interface CustomerImport { input: CustomerInput; code: string | null }

/**
 * The customers here of a nameKey, in the order they came: a file's "Ben Ode" finds the "Ben  Ode" (two spaces, as a
 * spreadsheet's =A2&" "&B2&" "&C2 writes a name without a middle one) already here, and the other way round. A name
 * spaced once is found by the sort key's index; the few with a wider gap (or a tab: what NFKD leaves of other spaces)
 * are read once, by their key.
 */
export function customersByName(db: Db): (key: string) => CustomerRow[] {
  const spaced = new Map<string, number[]>();
  const gaps = sql(db, `SELECT id, sort_key FROM customers WHERE instr(sort_key, '  ') > 0
      OR sort_key GLOB '*[' || char(9, 10, 11, 12, 13, 133, 5760, 8232, 8233) || ']*' ORDER BY id`);
  for (const c of gaps.iterate() as Iterable<{ id: number; sort_key: string }>) {
    const key = c.sort_key.replace(/\s+/g, ' ');
    const named = spaced.get(key);
    if (named) named.push(c.id); else spaced.set(key, [c.id]);
  }
  const exact = sql(db, 'SELECT * FROM customers WHERE sort_key = ? ORDER BY id');
  return (key) => {
    const rows = exact.all(key) as CustomerRow[];
    const more = spaced.get(key);
    return more ? [...rows, ...more.map((id) => requireCustomer(db, id))].sort((a, b) => a.id - b.id) : rows;
  };
}

interface Person { name: string; digits: string; email: string }
const personOf = (name: string, phone: string | null | undefined, email: string | null | undefined): Person => ({
  name: nameKey(name), digits: (phone ?? '').replace(/\D/g, ''), email: (email ?? '').trim().toLowerCase(),
});
/** Phones agree when either is unknown, or one's digits end with the other's (7 digits at least, as search reads them). */
const samePhone = (a: string, b: string): boolean =>
  a === '' || b === '' || a === b || (Math.min(a.length, b.length) >= 7 && (a.endsWith(b) || b.endsWith(a)));
const samePerson = (a: Person, b: Person): boolean =>
  a.name === b.name && samePhone(a.digits, b.digits) && (a.email === '' || b.email === '' || a.email === b.email);

export function planCustomers(db: Db, file: CsvTable): ImportPlan<CustomerImport> {
  const table = withoutTitle(file, COLUMNS);
  const { columns, index } = mapColumns(table.headers, COLUMNS);
  nameColumns(columns, index);
  if (!index.has('name') && (index.has('firstName') || index.has('lastName'))) index.set('name', -1);
  requireColumns(index, [['name', 'a "Name" column (or "First name" and "Last name")']], table);
  const { plan, rows } = startPlan<CustomerImport>('customers', table, columns, FIELDS);
  // every code here by how it reads when typed by hand: a new code must not read as another customer's
  const readCodes = new Map<string, { code: string; name: string }>();
  for (const c of sql(db, 'SELECT code, name FROM customers').iterate() as Iterable<{ code: string; name: string }>) readCodes.set(readForm(c.code), c);
  // and the codes of replaced cards: a lost card must never open the customer an import gives its code to
  for (const c of sql(db, `SELECT r.old_code AS code, c.name FROM card_replacements r JOIN customers c ON c.id = r.customer_id`).iterate() as Iterable<{ code: string; name: string }>) {
    readCodes.set(readForm(c.code), { code: `${c.code} (replaced since)`, name: c.name });
  }
  const say = shopWords(db);
  const locale = findShop(db)?.locale ?? 'en-US';
  const seenCodes = new Map<string, { line: number; code: string }>();
  // the people of earlier lines by name (samePerson needs the same name): a 20,000-line file is not 200 million comparisons
  const seenPeople = new Map<string, Array<{ person: Person; line: number; code: string | null }>>();
  const byCode = sql(db, 'SELECT * FROM customers WHERE code = ?');
  const byName = customersByName(db);

  for (const row of rows) {
    const name = nameOf(row, index) ?? '';
    const phone = phoneOf(cellOf(row, index, 'phone'));
    const raw = { name, phone, email: cellOf(row, index, 'email'), notes: oneLine(cellOf(row, index, 'notes')) };
    const problems: ImportProblem[] = [];
    if (phone !== undefined && spreadsheetRewrote(phone)) problems.push({ line: row.line, field: 'phone', message: rewrittenText(phone) });
    const checked = rowIssues(RowSchema, raw, row.line);
    if (!checked.ok) problems.push(...checked.problems);
    const typedCode = cellOf(row, index, 'code');
    const code = typedCode === undefined ? null : normalizeCode(typedCode);
    if (typedCode !== undefined && spreadsheetRewrote(typedCode)) {
      problems.push({ line: row.line, field: 'code', message: rewrittenText(typedCode) });
    } else if (code !== null && !CODE_SHAPE.test(code)) {
      problems.push({ line: row.line, field: 'code', message: `"${typedCode!.slice(0, 40)}" is not a card code Passbook can scan and print: use 3 to 16 letters and digits.` });
    }
    if (problems.length || !checked.ok) { plan.problems.push(...problems); continue; }
    const input = checked.data as CustomerInput;
    const person = personOf(input.name, input.phone, input.email);
    const problem = (field: string, message: string) => plan.problems.push({ line: row.line, field, message });

    if (code !== null) {
      const old = replacedCard(db, code);
      if (old && old.old_code === code) {
        problem('code', `The card code ${code} was on ${requireCustomer(db, old.customer_id).name}'s card, replaced on ${say.date(old.replaced_at)}: it opens no one now and goes on no new card. Leave the code out for a new card.`);
        continue;
      }
      const holder = byCode.get(code) as CustomerRow | undefined;
      if (holder) {
        if (samePerson(personOf(holder.name, holder.phone, holder.email), person)) plan.skipped.push({ line: row.line, reason: `${holder.name} (card ${code}) is already a customer.` });
        else problem('code', `The card code ${code} belongs to ${holder.name}, who is already a customer.`);
        continue;
      }
      const twin = readCodes.get(readForm(code));
      if (twin) { problem('code', `The card code ${code} reads as ${twin.name}'s card ${twin.code} when typed by hand (S, Z and B are read as 5, 2 and 8): give this customer another code, or none for a new card.`); continue; }
      const again = seenCodes.get(readForm(code));
      if (again !== undefined) {
        problem('code', again.code === code ? `The card code ${code} is also on line ${again.line}: each card belongs to one customer.`
          : `The card code ${code} reads as ${again.code} on line ${again.line} when typed by hand (S, Z and B are read as 5, 2 and 8).`);
        continue;
      }
    }
    const inFile = seenPeople.get(person.name)?.find((p) => samePerson(p.person, person));
    if (inFile) {
      if (code === null || inFile.code === code) plan.skipped.push({ line: row.line, reason: `The same person as line ${inFile.line}.` });
      else problem('code', `${input.name} is also on line ${inFile.line}, ${inFile.code === null ? 'without a card code' : `with card ${inFile.code}`}: give each person one line, with their card. If they are two people, give their phones or emails.`);
      continue;
    }
    const here = byName(person.name).find((c) => samePerson(personOf(c.name, c.phone, c.email), person));
    if (here) {
      if (code === null) plan.skipped.push({ line: row.line, reason: `${here.name} (card ${here.code}) is already a customer.` });
      else problem('code', `${here.name} is already a customer, with card ${here.code}. If this is the same person, give them this card with Replace card on their page (Customers) or leave the line out; if another, give their phone or email to tell them apart.`);
      continue;
    }
    if (code !== null) seenCodes.set(readForm(code), { line: row.line, code });
    const named = seenPeople.get(person.name);
    if (named) named.push({ person, line: row.line, code }); else seenPeople.set(person.name, [{ person, line: row.line, code }]);
    const cut = input.phone ? phoneCutNote(input.phone, locale) : null;
    if (cut) plan.notes.push({ line: row.line, message: cut });
    plan.create.push({ line: row.line, value: { input, code }, shown: [input.name, input.phone ?? null, input.email ?? null, code, input.notes ?? null] });
  }
  const cards = plan.create.flatMap((c) => (c.value.code === null ? [] : [{ line: c.line, code: c.value.code }]));
  plan.notes.push(...cardCutNotes(cards));
  plan.notes.sort((a, b) => a.line - b.line);
  return plan;
}

/**
 * Create the planned customers (inside the caller's transaction). A new card's code keeps clear of the codes the
 * file gives later lines: one drawn alike (about one import in a thousand at 20,000 lines) refused the whole import.
 */
export function applyCustomers(db: Db, plan: ImportPlan<CustomerImport>, at: number): number[] {
  const given = new Set(plan.create.flatMap((c) => (c.value.code === null ? [] : [readForm(c.value.code)])));
  return plan.create.map((c) => createCustomer(db, c.value.input, at, c.value.code ?? undefined, given).id);
}
