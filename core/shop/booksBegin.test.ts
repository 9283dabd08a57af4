// The books begin at the shop's set-up or its first journal entry, whichever is earlier: a computer clock
// corrected backwards after set-up must not give beancount a transaction before its accounts were opened.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { run, skipWithout } from '../../test/support/bookTools';
import { scenario } from '../passes/scenario';
import { booksBegin, requireShop } from './settings';

describe('booksBegin', () => {
  it.skipIf(skipWithout('bean-check'))('is the first entry when the clock went back after set-up, and bean-check accepts the books', async () => {
    const app = tempApp({ start: '2026-03-10T15:00:00.000Z' });
    const setUp = requireShop(app.db).created_at;
    expect(booksBegin(app.db, requireShop(app.db))).toBe(setUp); // no entries yet
    app.clockControl.set('2026-03-02T15:00:00.000Z'); // the owner fixes a clock that ran 8 days fast
    const s = scenario(app, app.owner);
    const pass = s.sell(s.customer('Anna'), s.plan({ name: '25 drinks', credits: '25', price: '50' }));
    expect(pass).toBeGreaterThan(0);
    expect(booksBegin(app.db, requireShop(app.db))).toBe(new Date('2026-03-02T15:00:00.000Z').getTime());
    const e = await app.callAsync('exports.create', { kind: 'journal', format: 'beancount' }, app.owner);
    const r = run('bean-check', [path.join(app.ledger.exportsDir, e.fileName)]);
    expect(r.out + r.err).toBe('');
    expect(r.status).toBe(0);
  });
});
