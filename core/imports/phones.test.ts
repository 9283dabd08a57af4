import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { cid } from '../passes/scenario';
import { phoneCutNote } from './phones';

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
    const app = tempApp();
    app.call('shop.update', { clientId: cid(), name: 'Café', currency: 'EUR', timeZone: 'Europe/Berlin', locale: 'de-DE', creditUnit: 'Getränk', receiptFooter: '', undoWindowSeconds: 60, backupKeepDays: 30 }, app.owner);
    const csv = 'Kunde;Telefon\nJürgen Groß;1512345678\nAnna Weber;0151 1111111\nOla Berg;4917612345678\n';
    const p = app.call('imports.preview', { kind: 'customers', csv }, app.owner);
    expect(p).toMatchObject({ create: 3, problemCount: 0, noteCount: 2 });
    expect(p.notes.map((n) => [n.line, n.message.slice(0, 48)])).toEqual([[2, 'Phone 1512345678 may have lost its leading 0 to '], [4, 'Phone 4917612345678 may have lost its + to the s']]);
    const done = app.call('imports.apply', { clientId: cid(), kind: 'customers', csv }, app.owner);
    expect(app.call('customers.get', { id: done.ids[0]! }).customer.phone).toBe('1512345678');
  });
});
