// A shop with a small but awkward catalog (rates 1, 1.5, 0.5, 2.5, 0.2; prices that do not divide evenly;
// block and allow overage; expiring and non-expiring plans and packs), built once through the contract and
// copied as a file for each test run (copying is far cheaper than the PIN KDF of a fresh setup).
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type PassbookApp } from '../../core/app';
import type { CallerState } from '../../core/api/dispatch';
import { newId, tempApp, tempDir, testClock, type TestApp, type TestClock } from './tempApp';

export interface Catalog {
  items: Array<{ id: number; rate: string; name: string }>;
  plans: Array<{ id: number; name: string; overage: 'block' | 'allow' }>;
  packs: Array<{ id: number; name: string }>;
}

export const SHOP_START = '2026-03-01T15:00:00.000Z';

export function seedCatalog(app: TestApp): Catalog {
  const o = app.owner;
  const item = (name: string, usageUnit: string, rate: string, cashPrice: string) => {
    const r = app.call('items.save', { clientId: newId(), name, usageUnit, rate, cashPrice }, o);
    return { id: r.id, rate: r.rate, name: r.name };
  };
  const items = [
    item('Cappuccino', 'drink', '1', '4.50'),
    item('Cold brew (large)', 'drink', '1.5', '5.25'),
    item('Compressed GB', 'GB', '0.5', '0.10'),
    item('Consulting hour', 'hour', '2.5', '90.00'),
    item('Espresso shot', 'shot', '0.2', '1.10'),
  ];
  const plan = (input: Record<string, unknown>) => app.call('plans.save', { clientId: newId(), ...input } as never, o) as { id: number; name: string; overagePolicy: 'block' | 'allow' };
  const plans = [
    plan({ name: 'Coffee 25', credits: '25', price: '50.00', validity: 'month' }),
    plan({ name: 'Thirds', credits: '3', bonusCredits: '0.5', price: '10.00', validity: 'none' }),
    plan({ name: 'Sevenths (allow)', credits: '7', price: '9.99', validity: 'week', overagePolicy: 'allow' }),
    plan({ name: 'Day pass (allow, limit 2)', credits: '2.5', price: '3.33', validity: 'day', overagePolicy: 'allow', overdraftLimitCredits: '2', overagePricePerCredit: '1.7' }),
    plan({ name: 'Promo (free)', credits: '1', price: '0', validity: 'none' }),
    plan({ name: 'Monthly 10 × 3, cap 5, rollover first', credits: '10', price: '10.00', validity: 'month', periods: 3, rolloverPolicy: 'cap', rolloverCapCredits: '5', rolloverExpiresAfterPeriods: 1, consumptionOrder: 'rollover_first', lowBalancePercent: '20' }),
    plan({ name: 'Weekly 4 × 5, roll all, rollover last', credits: '4', bonusCredits: '1', price: '7.77', validity: 'week', periods: 5, rolloverPolicy: 'all', consumptionOrder: 'rollover_last', overagePolicy: 'allow' }),
    plan({ name: 'Monthly 3.3, cap 50%', credits: '3.3', price: '9.99', validity: 'month', rolloverPolicy: 'cap', rolloverCapPercent: '50', rolloverMaxTimes: 2 }),
  ].map((p) => ({ id: p.id, name: p.name, overage: p.overagePolicy }));
  const packs = [
    app.call('plans.save', { clientId: newId(), kind: 'topup', name: 'Top-up 1', credits: '1', price: '3.00', validity: 'none' }, o),
    app.call('plans.save', { clientId: newId(), kind: 'topup', name: 'Top-up 7/10', credits: '7', bonusCredits: '1.5', price: '10.00', validity: 'days', validityDays: 1 }, o),
    app.call('plans.save', { clientId: newId(), kind: 'topup', name: 'Top-up 0.3', credits: '0.3', price: '0.07', validity: 'month' }, o),
  ].map((p) => ({ id: p.id, name: p.name }));
  return { items, plans, packs };
}

export interface Template { file: string; catalog: Catalog }

/** Build the template shop once per test file. */
export function makeTemplate(): Template {
  const app = tempApp({ start: SHOP_START });
  const catalog = seedCatalog(app);
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  app.close();
  return { file: app.file, catalog };
}

/** A fresh copy of the template on its own temp file, with a test clock and an owner session (no KDF). */
export function fromTemplate(t: Template, start = SHOP_START): TestApp & { dir: string } {
  const dir = tempDir('passbook-prop-');
  const file = path.join(dir, 'ledger.sqlite');
  fs.copyFileSync(t.file, file);
  const clock: TestClock = testClock(start);
  const app = createApp(file, { clock, checkOutput: true }) as TestApp & { dir: string };
  app.clockControl = clock;
  app.dir = dir;
  app.owner = ownerToken(app);
  return app;
}

/** An owner session without running the PIN KDF (the PIN path has its own tests). */
export function ownerToken(app: PassbookApp): CallerState {
  return { sessionToken: app.sessions.unlock(() => true).token };
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
