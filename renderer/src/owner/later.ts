// Shapes of the "Periods and books" methods (issue 4) as the owner screens use them, derived from the one
// contract; and a test for "this build has no such method" so a screen can say so instead of failing.
import type { OutputOf } from '../../../core/contract';
import { ApiError } from '../api/client';

export const notThereYet = (err: unknown): boolean =>
  err instanceof ApiError && err.code === 'NOT_FOUND' && /no (API )?method/i.test(err.message);

export type Preview = OutputOf<'periods.preview'>;
export type CloseResult = OutputOf<'periods.close'>;
export type CloseRun = OutputOf<'periods.history'>['runs'][number];
export type StatementView = OutputOf<'statements.get'>;
export type PassStatementView = StatementView['passes'][number];
export type StatementEntryView = PassStatementView['entries'][number];
