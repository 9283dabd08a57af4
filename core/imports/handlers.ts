// Handlers for core/contract/imports.ts: the preview and the import share one plan (core/imports/plan.ts).
import type { Handlers } from '../api/context';
import type { Db } from '../db/open';
import { requireShop } from '../shop/settings';
import { applyCustomers, planCustomers } from './customers';
import { applyItems, planItems } from './items';
import { assertNoProblems, type ImportKind, type ImportPlan } from './plan';
import { readCsv } from './table';

function planOf(db: Db, kind: ImportKind, csv: string): ImportPlan<unknown> {
  const shop = requireShop(db);
  const table = readCsv(csv);
  return kind === 'customers' ? planCustomers(db, table) : planItems(db, shop, table);
}

export const importsHandlers: Handlers<'imports.preview' | 'imports.apply'> = {
  'imports.preview': (ctx, input) => {
    const p = planOf(ctx.db, input.kind, input.csv);
    return {
      kind: p.kind, delimiter: p.delimiter, columns: p.columns, fields: p.fields, rows: p.rows, create: p.create.length,
      sample: p.create.slice(0, 50).map((c) => ({ line: c.line, values: c.shown })),
      skipped: p.skipped.slice(0, 200), skipCount: p.skipped.length,
      problems: p.problems.slice(0, 200), problemCount: p.problems.length,
    };
  },
  'imports.apply': (ctx, input) => {
    const shop = requireShop(ctx.db);
    const table = readCsv(input.csv);
    if (input.kind === 'customers') {
      const plan = planCustomers(ctx.db, table);
      assertNoProblems(plan);
      return { kind: 'customers', created: plan.create.length, skipped: plan.skipped.length, ids: applyCustomers(ctx.db, plan, ctx.nowMs) };
    }
    const plan = planItems(ctx.db, shop, table);
    assertNoProblems(plan);
    return { kind: 'items', created: plan.create.length, skipped: plan.skipped.length, ids: applyItems(ctx.db, shop, plan, ctx.nowMs) };
  },
};
