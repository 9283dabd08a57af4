// The counter's search and the owner's customer list find the same people for what a person types: accents
// and case folded, a phone with a country code or punctuation, a card code with a dash or in lower case.
import { describe, expect, it } from 'vitest';
import { newId, tempApp } from '../../test/support/tempApp';

describe('customer search, at the counter and in the owner list', () => {
  it('finds Zoë as zoe, José Núñez as jose nunez, +1 (555) 010-1234 and +15550101234, 06… as +33 6…, and a code typed any way', () => {
    const app = tempApp();
    const add = (name: string, phone?: string) => app.call('customers.create', { clientId: newId(), name, ...(phone ? { phone } : {}) });
    const zoe = add('Zoë Adams');
    const zoeCaps = add('ZOË BLAKE');
    const zoePlain = add('Zoe Carter');
    const jose = add('José Núñez', '555-010-1234');
    add('Someone Else', '555-999-0000');
    const counter = (q: string) => app.call('customers.search', { query: q, limit: 20 }).customers.map((c) => c.id).sort();
    const owner = (q: string) => app.call('owner.customers', { query: q }, app.owner).rows.map((r) => r.id).sort();
    const both = (q: string, ids: number[]) => {
      expect(counter(q), `counter: ${q}`).toEqual([...ids].sort());
      expect(owner(q), `owner: ${q}`).toEqual([...ids].sort());
    };
    both('zoe', [zoe.id, zoeCaps.id, zoePlain.id]);
    both('Zoë', [zoe.id, zoeCaps.id, zoePlain.id]);
    both('jose nunez', [jose.id]);
    both('+1 (555) 010-1234', [jose.id]);
    both('+15550101234', [jose.id]);
    both('1-555-010-1234', [jose.id]);
    both('5550101234', [jose.id]);
    // a number in a name is found beside the other words, as the phone digits it may also be
    const walkIn2 = add('Walk-in 0002', '555-000-0003');
    const walkIn3 = add('Walk-in 0003');
    both('walk-in 0003', [walkIn2.id, walkIn3.id]);
    both('walk 0002', [walkIn2.id]);
    both('0003', [walkIn2.id, walkIn3.id]);
    // a number written at home with its trunk 0 and the same number with its country code find each other
    const francois = add('François Dupont', '+33 6 98 76 54 32');
    const zoeFr = add('Zoé Martin', '06 12 34 56 78');
    const olivia = add('Olivia Hart', '07700 900123');
    add('Other Number', '06 12 34 56 79');
    both('06 98 76 54 32', [francois.id]);
    both('0698765432', [francois.id]);
    both('+33 6 12 34 56 78', [zoeFr.id]);
    both('0033 6 12 34 56 78', [zoeFr.id]);
    both('+44 7700 900123', [olivia.id]);
    both('07700 900123', [olivia.id]);
    both('698765432', [francois.id]);
    both('0612', [zoeFr.id, app.call('customers.search', { query: '0612345679', limit: 1 }).customers[0]!.id]);
    const code = jose.code;
    both(`${code.slice(0, 4).toLowerCase()}-${code.slice(4).toLowerCase()}`, [jose.id]);
  });
});
