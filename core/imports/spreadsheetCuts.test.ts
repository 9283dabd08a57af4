import { describe, expect, it } from 'vitest';
import { cid } from '../passes/scenario';
import { codeOf, tempApp as app0 } from '../../test/support/tempApp';
import { cardCutNotes, phoneCutNote } from './spreadsheetCuts';

describe('a phone the spreadsheet cut', () => {
  it('is named where the shop\'s country writes numbers with a leading 0: the 0 or the + is gone', () => {
    expect(phoneCutNote('1512345678', 'de-DE')).toBe('Phone 1512345678 may have lost its leading 0 to the spreadsheet (numbers in Germany start with 0 or +): check it, or format the column as Text in the spreadsheet and type the number again.');
    expect(phoneCutNote('4915123456789', 'de-DE')).toBe('Phone 4915123456789 may have lost its + to the spreadsheet (+49 is Germany\'s code): check it, or format the column as Text in the spreadsheet and type the number again.');
    expect(phoneCutNote('612345678', 'fr')).toMatch(/leading 0 .* France/); // a language alone: its likely country
    expect(phoneCutNote('447700900123', 'en-GB')).toMatch(/lost its \+ .*\+44 is United Kingdom's code/);
  });

  it('is not named when it is written as a phone, or where numbers start with any digit', () => {
    for (const phone of ['01512345678', '0151 2345678', '+49 151 2345678', '+4915123456789', '151 2345678', '12345']) expect(phoneCutNote(phone, 'de-DE')).toBeNull();
    expect(phoneCutNote('2125550143', 'en-US')).toBeNull(); // the US writes no 0
    expect(phoneCutNote('612345678', 'es-ES')).toBeNull(); // Spain's numbers start with 6, 7, 8 or 9
    expect(phoneCutNote('3331234567', 'it-IT')).toBeNull(); // Italy's mobiles start with 3
    expect(phoneCutNote('1512345678', 'not a locale')).toBeNull();
  });

  it('shows in a German shop\'s preview as a line to check, and the customer is imported as written', () => {
    const app = app0();
    app.call('shop.update', { clientId: cid(), name: 'Café', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Getränk', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
    const csv = 'Kunde;Telefon\nJürgen Groß;1512345678\nAnna Weber;0151 1111111\nOla Berg;4917612345678\n';
    const p = app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    expect(p).toMatchObject({ create: 3, problemCount: 0, noteCount: 2 });
    expect(p.notes.map((n) => [n.line, n.message.slice(0, 48)])).toEqual([[2, 'Phone 1512345678 may have lost its leading 0 to '], [4, 'Phone 4917612345678 may have lost its + to the s']]);
    const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv }, app.owner);
    expect(app.call('customers.get', { id: done.ids[0]! }).customer.phone).toBe('1512345678');
  });
});

describe('a card number the spreadsheet cut', () => {
  it('is named when it has fewer digits than most of the file\'s cards, with the number the card may read', () => {
    const notes = cardCutNotes([{ line: 2, code: '00012001' }, { line: 3, code: '12345' }, { line: 4, code: '10012002' }, { line: 5, code: 'K7MX2QPA' }]);
    expect(notes).toEqual([{ line: 3, message: 'Card 12345 has fewer digits than the file\'s other cards (8): if it reads 00012345, the spreadsheet dropped its leading zeros. A scan of the card still finds the customer; to keep the zeros on statements and in searches, format the column as Text in the spreadsheet and type the numbers again.' }]);
    // numbers of any length (no one length most cards have) and codes of letters are not named
    expect(cardCutNotes([{ line: 2, code: '123' }, { line: 3, code: '4567' }, { line: 4, code: '89012' }])).toEqual([]);
    expect(cardCutNotes([{ line: 2, code: 'AB12' }, { line: 3, code: 'K7MX2QPA' }])).toEqual([]);
  });

  it('still opens its customer when scanned with the zeros; an exact code wins, and a replaced card is never another\'s', () => {
    const app = app0();
    const csv = 'Name,Card\nAnna Lee,00012001\nBen Ode,12345\nCara Diaz,10012002\nDev Rao,045678\n';
    const p = app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    expect(p.notes.map((n) => n.line)).toEqual([3, 5]);
    const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv }, app.owner);
    const [anna, ben, , dev] = done.ids;
    // the card in Ben's wallet reads 00012345; the spreadsheet stored 12345
    expect(app.call('customers.byCode', { code: '00012345' }).customer.id).toBe(ben);
    expect(app.call('customers.byCode', { code: '0001 2345' }).customer.id).toBe(ben);
    expect(app.call('customers.search', { query: '00012345' }).customers.map((c) => c.id)).toEqual([ben]);
    expect(app.call('customers.byCode', { code: '00012001' }).customer.id).toBe(anna); // as stored, zeros and all
    expect(codeOf(app, 'customers.byCode', { code: '12001' })).toBe('NOT_FOUND'); // zeros are never added, only dropped
    expect(codeOf(app, 'customers.byCode', { code: '00045' })).toBe('NOT_FOUND'); // "45" is no card
    // Dev's card 045678 is replaced (lost): its code is refused as replaced, and never opens a customer holding 45678
    app.call('customers.replaceCard', { clientId: cid(), id: dev!, reason: 'lost' });
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card\nEve Holt,45678\n' }, app.owner);
    expect(codeOf(app, 'customers.byCode', { code: '045678' })).toBe('CARD_REPLACED');
    expect(app.call('customers.byCode', { code: '0045678' }).customer.name).toBe('Eve Holt');
  });
  it('never opens a customer with a short card number for the last digits of a phone typed with their 0', () => {
    const app = app0();
    // a shop whose old cards were numbered 1, 2, 3…: card 123 is Ben's; Cara's phone ends in 0123
    const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card,Phone\nBen Ode,123,\nCara Diaz,,020 7946 0123\nDev Rao,4567,\n' }, app.owner);
    const [ben, cara] = done.ids;
    // the cashier types Cara's phone ending and Enter: that is no card, and the search finds Cara, not Ben
    expect(codeOf(app, 'customers.byCode', { code: '0123' })).toBe('NOT_FOUND');
    expect(app.call('customers.search', { query: '0123' }).customers.map((c) => c.id)).toEqual([cara]);
    expect(codeOf(app, 'customers.byCode', { code: '04567' })).toBe('NOT_FOUND');
    // a whole phone typed with its 0 is a phone, not a card without it
    app.call('customers.update', { clientId: cid(), id: cara!, phone: '0123456789' });
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card\nEve Holt,123456789\n' }, app.owner);
    expect(codeOf(app, 'customers.byCode', { code: '0123456789' })).toBe('NOT_FOUND');
    // nor is its start or a part of it typed from a 0 (cards 123405 and 567890 are Fay's and Gus's; Cara's phone
    // 0123 40567890 starts 0123405… and holds 0567890)
    app.call('imports.apply', { clientId: cid(), kind: 'customers', csv: 'Name,Card\nFay Lin,123405\nGus Orr,567890\n' }, app.owner);
    app.call('customers.update', { clientId: cid(), id: cara!, phone: '0123 40567890' });
    expect(codeOf(app, 'customers.byCode', { code: '0123405' })).toBe('NOT_FOUND');
    expect(codeOf(app, 'customers.byCode', { code: '0567890' })).toBe('NOT_FOUND');
    expect(app.call('customers.search', { query: '0567890' }).customers.map((c) => c.id)).toEqual([cara]);
    // digits no phone holds are a card that lost its zeros
    expect(app.call('customers.byCode', { code: '000123405' }).customer.name).toBe('Fay Lin');
    void ben;
    // and the owner importing so short a card is not told a scan still finds it
    expect(cardCutNotes([{ line: 2, code: '01234' }, { line: 3, code: '1234' }, { line: 4, code: '02345' }])[0]!.message).toMatch(/A scan of the card would not find the customer: format the column as Text/);
  });
});
