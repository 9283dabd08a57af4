// Handlers for core/contract/statements.ts.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';
import { parseInstant } from '../periods/handlers';
import { requireShop } from '../shop/settings';
import { buildStatement, entriesView, statementEntries, statementView } from './statement';

/**
 * The statement range from the wire, [from, to): `to` defaults to now and never goes past it. "Up to now" takes
 * in what happened at this very instant, so its exclusive end is now + 1 ms. `nowMs` is the ledger's now, as the
 * dispatcher gives every read (readInstant): with the clock a little behind, the last entries are dated after it.
 */
export function statementRange(input: { from: string; to?: string | undefined }, nowMs: number, timeZone: string): { from: number; to: number } {
  const from = parseInstant(input.from, 'from', timeZone);
  const to = Math.min(input.to === undefined ? nowMs + 1 : parseInstant(input.to, 'to', timeZone), nowMs + 1);
  if (to < from) throw new PassbookError('VALIDATION', 'to: must not be before from (and from not in the future).', { field: 'to' });
  return { from, to };
}

export const statementsHandlers: Handlers<'statements.get' | 'statements.entries'> = {
  'statements.get': (ctx, input) => {
    const { from, to } = statementRange(input, ctx.nowMs, requireShop(ctx.db).time_zone);
    return statementView(buildStatement(ctx.db, { customerId: input.customerId, passId: input.passId, from, to, limit: input.limit }));
  },
  'statements.entries': (ctx, input) => {
    // the range statements.get answered: its `to` was capped at that moment's now, so capping again changes nothing
    const shop = requireShop(ctx.db);
    const { from, to } = statementRange(input, ctx.nowMs, shop.time_zone);
    const page = statementEntries(ctx.db, { customerId: input.customerId, passId: input.passId, from, to, after: input.after, limit: input.limit });
    return { passId: page.passId, entries: entriesView(page.entries, shop.time_zone, shop.minor_digits), next: page.next };
  },
};
