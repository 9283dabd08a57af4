// Methods of the "Periods and books" area (issue 4), called by name through the one client transport while
// their contract is still landing, typed here by the shapes that contract declares. When a method is not
// there yet the core answers NOT_FOUND and the screen says so.
import { ApiError, transport } from '../api/client';
import { owner } from './store';

export async function call<T>(name: string, input: unknown): Promise<T> {
  return owner(transport(name, input) as Promise<T>);
}

export const notThereYet = (err: unknown): boolean =>
  err instanceof ApiError && err.code === 'NOT_FOUND' && /no (API )?method/i.test(err.message);

export interface CloseEvent { at: string; kind: 'rollover' | 'expire' | 'allocation'; lotId: number; newLotId: number | null; credits: string; value: string }
export interface PassPreview { passId: number; planName: string; creditUnit: string; roll: string; rollValue: string; expire: string; expireValue: string; allocate: string; events: CloseEvent[] }
export interface CustomerPreview { customerId: number; customerName: string; rollValue: string; expireValue: string; passes: PassPreview[] }
export interface CloseTotals { passes: number; boundaries: number; lotsRolled: number; lotsExpired: number; allocations: number; carried: string; breakage: string }
export interface Preview { asOf: string; totals: CloseTotals; customers: CustomerPreview[] }
export interface CloseResult { runId: number | null; asOf: string; totals: CloseTotals }
export interface CloseRun extends CloseTotals { runId: number; trigger: 'auto' | 'owner'; asOf: string; ranAt: string }

/** statements.get, as core/statements/statement.ts statementView() puts it on the wire. */
export interface StatementItemView { name: string; usageUnit: string; quantity: string; rate: string; credits: string; overage: string }
export interface StatementEntryView {
  at: string; localTime: string; kind: string; lotId: number | null; credits: string; value: string; balanceAfter: string;
  redemptionId: number | null; items: StatementItemView[] | null;
  overage: { credits: string; amount: string; settlement: 'now' | 'account' | null } | null;
}
export interface PassStatementView {
  passId: number; planName: string; creditUnit: string; opening: string; closing: string; overageDue: string;
  totals: Record<'granted' | 'topUps' | 'rolledIn' | 'rolledOut' | 'redeemed' | 'restored' | 'adjusted' | 'refunded' | 'expired' | 'overageCredits' | 'overageAmount', string>;
  entries: StatementEntryView[];
}
export interface StatementView {
  customer: { id: number; name: string; code: string };
  from: string; to: string; timeZone: string; currency: string;
  passes: PassStatementView[];
  payments: Array<{ at: string; localTime: string; kind: string; method: string; amount: string; passId: number }>;
  overageDue: string;
}
