// Migration 011: the owner's customer list sorts names with accents and case folded (Émilie with Emilie, not after
// Zoé), for the customers already there and for every name written since; the counter's search still finds them.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createApp } from '../app';
import { migrationsUpTo, oldCustomer } from '../../test/support/olderSchema';
import { newId, ownerSession, tempDir, testClock } from '../../test/support/tempApp';
import { sortKey } from '../customers/fold';

describe('migration 011', () => {
  it('sorts a schema-10 ledger\'s customers and every new or renamed one by the folded name', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const clock = testClock();
    const old = createApp(file, { clock, migrationsDir: migrationsUpTo(dir, 10), checkOutput: true });
    old.call('shop.setup', { clientId: newId(), name: 'Studio', currency: 'CAD', timeZone: 'America/Toronto', locale: 'fr-CA', creditUnit: 'cours', pin: '2468' });
    ['Zoé Roy', 'émilie Tremblay', 'Étienne Gagnon', 'Eva Côté', 'Łukasz Nowak', 'zach Bell'].forEach((name, i) => oldCustomer(old.db, name, `OLD${i}CARD`));
    old.close();

    const app = createApp(file, { clock, checkOutput: true });
    const owner = ownerSession(app, '2468');
    const names = () => app.call('owner.customers', { sort: 'name' }, owner).rows.map((r) => r.name);
    expect(names()).toEqual(['émilie Tremblay', 'Étienne Gagnon', 'Eva Côté', 'Łukasz Nowak', 'zach Bell', 'Zoé Roy']);
    // a new customer and a renamed one take their place by the same rule
    app.call('customers.create', { clientId: newId(), name: 'Élodie Roy' });
    const zoe = app.call('owner.customers', { query: 'Zoé' }, owner).rows[0]!.id;
    app.call('customers.update', { clientId: newId(), id: zoe, name: 'Anaïs Roy' });
    expect(names()).toEqual(['Anaïs Roy', 'Élodie Roy', 'émilie Tremblay', 'Étienne Gagnon', 'Eva Côté', 'Łukasz Nowak', 'zach Bell']);
    // the key is the one rule, and the search index still follows names and phones
    expect(app.db.prepare('SELECT count(*) AS n FROM customers WHERE sort_key IS NOT passbook_sort_key(name)').get()).toEqual({ n: 0 });
    expect(sortKey('  Ærø ÉLISE ')).toBe('aero elise');
    expect(app.call('customers.search', { query: 'anais' }).customers.map((c) => c.name)).toEqual(['Anaïs Roy']);
    expect(app.call('customers.search', { query: 'zoe' }).customers).toEqual([]);
    app.close();
  });
});
