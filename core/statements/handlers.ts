// Handlers for core/contract/statements.ts.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';
import { parseInstant } from '../periods/handlers';
import { buildStatement, statementView } from './statement';

/** The statement range from the wire: `to` defaults to now and never goes past it. */
export function statementRange(input: { from: string; to?: string | undefined }, nowMs: number): { from: number; to: number } {
  const from = parseInstant(input.from, 'from');
  const to = Math.min(input.to === undefined ? nowMs : parseInstant(input.to, 'to'), nowMs);
  if (to < from) throw new PassbookError('VALIDATION', 'to: must not be before from (and from not in the future).', { field: 'to' });
  return { from, to };
}

export const statementsHandlers: Handlers<'statements.get'> = {
  'statements.get': (ctx, input) => {
    const { from, to } = statementRange(input, ctx.nowMs);
    return statementView(buildStatement(ctx.db, { customerId: input.customerId, passId: input.passId, from, to }));
  },
};
