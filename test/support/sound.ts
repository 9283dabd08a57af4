// The checks a correction's tests end with, and Bean & Brew's pass they start from (DESIGN's worked example: $50 for
// 25 drinks, $2 recognised per drink), so each test file does not keep its own copy.
import { expect } from 'vitest';
import { checkProjections } from '../../core/lots/projections';
import { scenario, unbalancedTransactions } from '../../core/passes/scenario';
import { ledgerViolations } from './seedChecks';
import { tempApp, type TestApp } from './tempApp';

/** Every journal transaction sums to zero, the ledger's invariants hold, and the projections are what the ledger says. */
export function expectSound(app: TestApp): void {
  expect(unbalancedTransactions(app.db)).toEqual([]);
  expect(ledgerViolations(app, app.clock.now().getTime())).toEqual([]);
  expect(checkProjections(app.db)).toEqual([]);
}

/** Anna's Coffee Pass ($50 for 25 drinks, a month) in a fresh shop (2026-03-01 15:00 UTC, New York), and a $4.50 cappuccino. */
export function beanAndBrew(planExtra: Record<string, unknown> = {}) {
  const app = tempApp();
  const s = scenario(app, app.owner);
  const capp = s.item('Cappuccino', '1', '4.50');
  const plan = s.plan({ name: 'Coffee Pass', credits: '25', price: '50', validity: 'month', ...planExtra });
  const customer = s.customer('Anna');
  const pass = s.sell(customer, plan);
  return { app, s, capp, plan, pass, customer };
}
