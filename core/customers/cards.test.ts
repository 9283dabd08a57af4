// Replacing a lost card: the old code stops opening the customer at once (and says whose it was), the new one
// opens them with their passes unchanged, no code is ever handed out twice, and a retry replaces nothing more.
import { describe, expect, it } from 'vitest';
import { codeOf, tempApp, type TestApp } from '../../test/support/tempApp';
import { cid, ledgerCounts, scenario } from '../passes/scenario';
import { CODE_ALPHABET, CODE_LENGTH } from './codes';
import { createCustomer } from './customers';
import { planCustomers } from '../imports/customers';
import { planBalances } from '../imports/balances';
import { requireShop } from '../shop/settings';
import { readCsv } from '../imports/table';

function shopWithAnna(app: TestApp) {
  const s = scenario(app, app.owner);
  const drink = s.item('Latte', '1');
  const anna = app.call('customers.create', { clientId: cid(), name: 'Anna Lee', phone: '+1 212 555 0143' });
  const pass = s.sell(anna.id, s.plan({ name: '25 drinks', credits: '25', price: '50' }));
  s.redeem(pass, [[drink, '2']]);
  return { s, drink, anna, pass };
}

const errorOf = (app: TestApp, name: string, input: unknown) => {
  const r = app.dispatch(name, input);
  if (r.ok) throw new Error(`${name} succeeded`);
  return r.error as { code: string; message: string; details?: Record<string, unknown> };
};

describe('replacing a card', () => {
  it('gives a new code; the old card is refused by name, the new one opens the same passes', () => {
    const app = tempApp();
    const { s, drink, anna, pass } = shopWithAnna(app);
    app.clockControl.set('2026-03-05T10:12:00.000Z');
    const r = app.call('customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'lost' });
    expect(r.replaced).toEqual({ code: anna.code, reason: 'lost', replacedAt: '2026-03-05T10:12:00.000Z' });
    expect(r.customer).toMatchObject({ id: anna.id, name: 'Anna Lee', phone: '+1 212 555 0143' });
    expect(r.customer.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
    expect(r.customer.code).not.toBe(anna.code);

    // the old card, scanned or typed (lower case, a dash, S for 5 on a worn card): refused, saying whose and when
    const typedOld = anna.code.toLowerCase().replace(/5/g, 's');
    for (const code of [anna.code, `${anna.code.slice(0, 4)}-${anna.code.slice(4)}`, typedOld]) {
      const e = errorOf(app, 'customers.byCode', { code });
      expect(e.code).toBe('CARD_REPLACED');
      expect(e.message).toBe(`Card ${anna.code} no longer works: it was reported lost and replaced on Mar 5, 2026. It was Anna Lee's card; they have a new one.`);
      expect(e.details).toEqual({ code: anna.code, customerId: anna.id, reason: 'lost', replacedAt: '2026-03-05T10:12:00.000Z' });
    }
    // the new card opens Anna with her pass and history; her detail lists the old card
    const d = app.call('customers.byCode', { code: r.customer.code.toLowerCase() });
    expect(d.customer.id).toBe(anna.id);
    expect(d.passes.map((p) => [p.id, p.balance])).toEqual([[pass, '23']]);
    expect(d.recent).toHaveLength(1);
    expect(d.formerCards).toEqual([{ code: anna.code, reason: 'lost', replacedAt: '2026-03-05T10:12:00.000Z' }]);
    expect(s.redeem(pass, [[drink, '1']]).balanceAfter).toBe('22');

    // search finds her by the new code's prefix, never by the old one's
    const ids = (query: string) => app.call('customers.search', { query }).customers.map((c) => c.id);
    expect(ids(r.customer.code.slice(0, 4))).toContain(anna.id);
    expect(ids(anna.code)).toEqual([]);
    expect(ids(anna.code.slice(0, 5))).not.toContain(anna.id);
    expect(ids('anna')).toEqual([anna.id]);

    // replaced again (the new card was damaged): both earlier codes are refused, newest first in her detail
    app.clockControl.set('2026-04-01T09:00:00.000Z');
    const again = app.call('customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'damaged' });
    expect(errorOf(app, 'customers.byCode', { code: r.customer.code }).message).toMatch(/^Card \w+ no longer works: it was reported damaged and replaced on Apr 1, 2026\./);
    expect(codeOf(app, 'customers.byCode', { code: anna.code })).toBe('CARD_REPLACED');
    expect(app.call('customers.get', { id: anna.id }).formerCards.map((c) => [c.code, c.reason])).toEqual([[r.customer.code, 'damaged'], [anna.code, 'lost']]);
    expect(app.call('customers.byCode', { code: again.customer.code }).customer.id).toBe(anna.id);
    // a worn card typed by hand: S, Z and B for 5, 2 and 8 still name the replaced card
    app.call('customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'other', code: 'K5M2X8QA' });
    app.call('customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'lost' });
    expect(errorOf(app, 'customers.byCode', { code: 'ksmzxbqa' }).details).toMatchObject({ code: 'K5M2X8QA', customerId: anna.id });
    // a code never seen is still plain NOT_FOUND
    expect(codeOf(app, 'customers.byCode', { code: 'QQQQQQQQ' })).toBe('NOT_FOUND');
  });

  it('takes the code of a pre-printed card, refusing one that is taken, was ever used or reads as another', () => {
    const app = tempApp();
    const { anna } = shopWithAnna(app);
    const ben = app.call('customers.create', { clientId: cid(), name: 'Ben Ortiz' });
    const refusal = (code: string, id = anna.id) => {
      const e = errorOf(app, 'customers.replaceCard', { clientId: cid(), id, reason: 'lost', code });
      expect(e.code).toBe('VALIDATION');
      expect(e.details).toMatchObject({ field: 'code' });
      expect(e.message.startsWith('code: ')).toBe(true); // the field first, as every refusal of a field (forms drop it)
      return e.message.slice('code: '.length);
    };
    expect(refusal('ab')).toBe('"AB" is not a card code Passbook can scan and print: use 3 to 16 letters and digits.');
    expect(refusal('ABC#123')).toMatch(/is not a card code/);
    expect(refusal(anna.code)).toBe(`${anna.code} is the card Anna Lee has now.`);
    expect(refusal(ben.code)).toBe(`The card code ${ben.code} belongs to Ben Ortiz.`);

    // a pre-printed card, typed with spaces and in lower case
    const r = app.call('customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'stolen', code: 'pb 0042 7' });
    expect(r.customer.code).toBe('PB00427');
    expect(app.call('customers.byCode', { code: 'PB00427' }).customer.id).toBe(anna.id);
    // her old code can go on no card again: not hers, not Ben's, not a new customer's, not an import's
    expect(refusal(anna.code)).toBe(`The card code ${anna.code} was on a card replaced on Mar 1, 2026: a code is never used twice, so a lost card cannot come back to life.`);
    expect(refusal(anna.code, ben.id)).toMatch(/was on a card replaced on/);
    expect(() => createCustomer(app.db, { name: 'Finder' }, Date.now(), anna.code)).toThrow(/is taken/);
    // typed by hand B reads as 8, so PBOO427 and P8OO427 would be one card
    app.call('customers.replaceCard', { clientId: cid(), id: ben.id, reason: 'other', code: 'P8OO427' });
    const before = { counts: ledgerCounts(app.db), customers: app.db.prepare('SELECT * FROM customers ORDER BY id').all() };
    expect(refusal('PBOO427')).toBe('The card code PBOO427 reads as the card P8OO427 when typed by hand (S, Z and B are read as 5, 2 and 8): use another card.');
    expect(refusal('pb00427', ben.id)).toBe('The card code PB00427 belongs to Anna Lee.');
    // refusals wrote nothing: no operation recorded, no code changed
    expect({ counts: ledgerCounts(app.db), customers: app.db.prepare('SELECT * FROM customers ORDER BY id').all() }).toEqual(before);
    expect(app.db.prepare('SELECT count(*) AS n FROM card_replacements').get()).toEqual({ n: 2 });
    expect(app.db.prepare('SELECT id, code FROM customers WHERE id = ?').get(anna.id)).toEqual({ id: anna.id, code: 'PB00427' });
  });

  it('is idempotent by client id; unknown customers, bad reasons and long codes are clear errors that change nothing', () => {
    const app = tempApp();
    const { anna } = shopWithAnna(app);
    const clientId = cid();
    const first = app.call('customers.replaceCard', { clientId, id: anna.id, reason: 'lost' });
    const retry = app.call('customers.replaceCard', { clientId, id: anna.id, reason: 'lost' });
    expect(retry).toEqual(first);
    expect(app.db.prepare('SELECT count(*) AS n FROM card_replacements').get()).toEqual({ n: 1 });
    expect(app.call('customers.get', { id: anna.id }).customer.code).toBe(first.customer.code);
    expect(codeOf(app, 'customers.replaceCard', { clientId, id: anna.id, reason: 'stolen' })).toBe('CONFLICT');
    expect(codeOf(app, 'customers.replaceCard', { clientId: cid(), id: 999, reason: 'lost' })).toBe('NOT_FOUND');
    expect(codeOf(app, 'customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'forgot' })).toBe('VALIDATION');
    expect(codeOf(app, 'customers.replaceCard', { clientId: cid(), id: anna.id })).toBe('VALIDATION');
    expect(codeOf(app, 'customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'lost', code: 'x'.repeat(41) })).toBe('VALIDATION');
    expect(app.db.prepare('SELECT count(*) AS n FROM card_replacements').get()).toEqual({ n: 1 });
    // the record of a replacement is part of the books' history: never changed or removed
    expect(() => app.db.prepare('UPDATE card_replacements SET reason = reason').run()).toThrow(/append-only/);
    expect(() => app.db.prepare('DELETE FROM card_replacements').run()).toThrow(/append-only/);
  });

  it('an import line carrying a replaced card\'s code is a problem, not a customer or a balance', () => {
    const app = tempApp();
    const { anna } = shopWithAnna(app);
    app.call('customers.replaceCard', { clientId: cid(), id: anna.id, reason: 'lost' });
    const plan = planCustomers(app.db, readCsv(`Name,Card\nFinder Person,${anna.code}\n`));
    expect(plan.create).toEqual([]);
    expect(plan.problems).toEqual([{ line: 2, field: 'code', message: `The card code ${anna.code} was on Anna Lee's card, replaced on Mar 1, 2026: it opens no one now and goes on no new card. Leave the code out for a new card.` }]);
    // a balance brought over under her old card points to her card now, and is not taken as hers without the owner
    const now = app.call('customers.get', { id: anna.id }).customer.code;
    const balances = planBalances(app.db, requireShop(app.db), readCsv(`Card,Plan,Credits\n${anna.code},25 drinks,4\n`), Date.now());
    expect(balances.create).toEqual([]);
    expect(balances.problems).toEqual([{ line: 2, field: 'code', message: `The card ${anna.code} was replaced: Anna Lee's card is now ${now}. Give that code.` }]);
  });
});
