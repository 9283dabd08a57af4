// Handlers for core/contract/imports.ts: the preview and the import share one plan (core/imports/plan.ts).
import type { Handlers } from '../api/context';
import type { Db } from '../db/open';
import { requireShop, type ShopRow } from '../shop/settings';
import { applyBalances, planBalances } from './balances';
import { applyCustomers, planCustomers } from './customers';
import { applyItems, planItems } from './items';
import { assertNoProblems, byLine, type ImportKind, type ImportPlan } from './plan';
import { readCsv } from './table';

/** What importing the file would do, and how to do it (inside a write's transaction). */
function planOf(db: Db, shop: ShopRow, kind: ImportKind, csv: string, at: number): { plan: ImportPlan<unknown>; apply(clientId: string | null): number[]; newCards(ids: number[]): number[] | undefined } {
  const table = readCsv(csv);
  const none = () => undefined;
  const planned = ((): ReturnType<typeof planOf> => {
    switch (kind) {
      case 'customers': {
        const plan = planCustomers(db, table);
        // the customers whose rows gave no card code: the cards still to print
        return { plan, apply: () => applyCustomers(db, plan, at), newCards: (ids) => ids.filter((_, i) => plan.create[i]!.value.code === null) };
      }
      case 'items': { const plan = planItems(db, shop, table); return { plan, apply: () => applyItems(db, shop, plan, at), newCards: none }; }
      case 'balances': { const plan = planBalances(db, shop, table, at); return { plan, apply: (clientId) => applyBalances(db, shop, plan, at, clientId), newCards: none }; }
    }
  })();
  byLine(planned.plan);
  return planned;
}

export const importsHandlers: Handlers<'imports.preview' | 'imports.apply'> = {
  'imports.preview': (ctx, input) => {
    const { plan: p } = planOf(ctx.db, requireShop(ctx.db), input.kind, input.csv, ctx.nowMs);
    return {
      kind: p.kind, delimiter: p.delimiter, columns: p.columns, fields: p.fields, rows: p.rows, create: p.create.length,
      sample: p.create.slice(0, 50).map((c) => ({ line: c.line, values: c.shown })),
      skipped: p.skipped.slice(0, 200), skipCount: p.skipped.length,
      notes: p.notes.slice(0, 200), noteCount: p.notes.length,
      problems: p.problems.slice(0, 200), problemCount: p.problems.length,
    };
  },
  'imports.apply': (ctx, input) => {
    const { plan, apply, newCards } = planOf(ctx.db, requireShop(ctx.db), input.kind, input.csv, ctx.nowMs);
    assertNoProblems(plan);
    const ids = apply(ctx.clientId ?? null);
    const cards = newCards(ids);
    return { kind: input.kind, created: plan.create.length, skipped: plan.skipped.length, ids, ...(cards ? { newCards: cards } : {}) };
  },
};
