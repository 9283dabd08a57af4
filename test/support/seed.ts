// Seeding a shop through the real API, for period/statement/report tests.
import { newId, type TestApp } from './tempApp';

export interface PlanSpec {
  name?: string; kind?: 'plan' | 'topup'; credits: string; price: string; validity?: 'none' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'days';
  validityDays?: number | null; periods?: number; rolloverPolicy?: 'none' | 'all' | 'cap'; rolloverCapCredits?: string | null;
  rolloverCapPercent?: string | null; rolloverExpiresAfterPeriods?: number | null; rolloverMaxTimes?: number | null;
  consumptionOrder?: 'default' | 'rollover_first' | 'rollover_last'; overagePolicy?: 'block' | 'allow'; overagePricePerCredit?: string | null;
  overdraftLimitCredits?: string | null; lowBalanceCredits?: string | null; lowBalancePercent?: string | null; bonusCredits?: string | null;
}

let planNo = 0;
export function plan(app: TestApp, spec: PlanSpec): number {
  planNo += 1;
  const r = app.call('plans.save', { clientId: newId(), name: spec.name ?? `Plan ${planNo}`, ...spec } as never, app.owner) as { id: number };
  return r.id;
}

export function item(app: TestApp, name: string, rate: string, cashPrice = '4.00'): number {
  const r = app.call('items.save', { clientId: newId(), name, usageUnit: 'unit', rate, cashPrice } as never, app.owner) as { id: number };
  return r.id;
}

export function customer(app: TestApp, name: string): number {
  const r = app.call('customers.create', { clientId: newId(), name } as never) as { id: number };
  return r.id;
}

export function sell(app: TestApp, customerId: number, planId: number, paymentMethod: 'cash' | 'card' | 'other' = 'card'): number {
  const r = app.call('passes.sell', { clientId: newId(), customerId, planId, paymentMethod } as never) as { id: number };
  return r.id;
}

export function topUp(app: TestApp, passId: number, packId: number, paymentMethod: 'cash' | 'card' | 'other' = 'cash'): void {
  app.call('passes.topUp', { clientId: newId(), passId, packId, paymentMethod } as never);
}

export function redeem(app: TestApp, passId: number, itemId: number, quantity: string, extra: Record<string, unknown> = {}): { balanceAfter: string; redemptionId: number } {
  return app.call('counter.redeem', { clientId: newId(), passId, items: [{ itemId, quantity }], ...extra } as never) as { balanceAfter: string; redemptionId: number };
}

export function passGet(app: TestApp, passId: number): { balance: string; lots: { id: number; source: string; remaining: string; rolledTimes: number; expiresAt: string | null }[] } {
  return app.call('passes.get', { passId } as never) as never;
}
