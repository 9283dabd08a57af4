// Test-only seeding: a shop with many customers, written through the core's own API (app.call →
// dispatcher → handlers), batched inside outer transactions so 100k customers take seconds, not an fsync
// each. There is no bulk-create API on purpose: the counter never needs one.
//
//   node --import tsx test/support/seedCustomers.ts --db FILE --customers 100000 --passes 200
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ulid } from 'ulid';
import { createApp } from '../../core/app';

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dev', 'Ema', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jon', 'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia', 'Quinn', 'Rui', 'Sara', 'Tom', 'Uma', 'Vic', 'Wen', 'Xan', 'Yara', 'Zoe', 'Ana', 'Bo', 'Cy', 'Dita'];
const LAST = ['Abbott', 'Baker', 'Cruz', 'Dunn', 'Ellis', 'Ford', 'Garcia', 'Hale', 'Ito', 'Jones', 'Khan', 'Lopez', 'Meyer', 'Nguyen', 'Ortiz', 'Park', 'Quist', 'Rossi', 'Singh', 'Tan', 'Ueda', 'Vogel', 'Walsh', 'Xu', 'Young', 'Zhou', 'Berg', 'Costa', 'Diaz', 'Eze'];

export interface Seeded {
  itemId: number;
  planId: number;
  /** customers holding a pass of 1000 drinks: [code, name, passId] */
  withPass: Array<{ id: number; code: string; name: string; passId: number }>;
  customers: number;
  seconds: number;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

export function seedCustomers(file: string, customers: number, passes: number): Seeded {
  const t0 = Date.now();
  const app = createApp(file, { checkOutput: false });
  try {
    app.call('shop.setup', { clientId: ulid(), name: 'Big Coffee', currency: 'USD', timeZone: 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468' });
    const unlock = app.dispatch('owner.unlock', { pin: '2468' });
    const owner = { sessionToken: unlock.sessionChange?.token ?? undefined };
    const item = app.call('items.save', { clientId: ulid(), name: 'Cappuccino', usageUnit: 'drink', rate: '1', cashPrice: '4.50', hotkey: '1', category: 'Coffee' }, owner);
    app.call('items.save', { clientId: ulid(), name: 'Espresso', usageUnit: 'drink', rate: '0.5', cashPrice: '2.50', hotkey: '2', category: 'Coffee' }, owner);
    const plan = app.call('plans.save', { clientId: ulid(), name: 'Big Pass', credits: '1000', price: '1500', validity: 'year' }, owner);
    const rand = rng(42);
    const withPass: Seeded['withPass'] = [];
    const BATCH = 5000;
    for (let start = 0; start < customers; start += BATCH) {
      app.db.transaction(() => {
        for (let i = start; i < Math.min(customers, start + BATCH); i++) {
          const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]} ${i}`;
          const phone = `+1 555 ${String(1000000 + i).slice(1)}`;
          const c = app.call('customers.create', { clientId: ulid(), name, phone });
          if (i % Math.max(1, Math.floor(customers / passes)) === 0 && withPass.length < passes) {
            const p = app.call('passes.sell', { clientId: ulid(), customerId: c.id, planId: plan.id, paymentMethod: 'card' });
            withPass.push({ id: c.id, code: c.code, name: c.name, passId: p.id });
          }
        }
      })();
    }
    return { itemId: item.id, planId: plan.id, withPass, customers, seconds: (Date.now() - t0) / 1000 };
  } finally {
    app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { db: { type: 'string' }, customers: { type: 'string', default: '100000' }, passes: { type: 'string', default: '200' } } });
  if (!values.db) { console.error('--db FILE is required'); process.exit(2); }
  const r = seedCustomers(path.resolve(values.db), Number(values.customers), Number(values.passes));
  console.log(`seeded ${r.customers} customers (${r.withPass.length} with a pass) in ${r.seconds.toFixed(1)} s`);
}
