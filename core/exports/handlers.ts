// Handlers for core/contract/exports.ts. Files go only into the ledger's exports folder, under a name this
// code chooses; the export reads one consistent snapshot through its own connection, a slice at a time.
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';
import { statementRange } from '../statements/handlers';
import { parseInstant } from '../periods/handlers';
import { requireShop } from '../shop/settings';
import { accountsForMonth } from '../reports/accounts';
import { CORRECTIONS_MAX_MS } from '../reports/corrections';
import { exportToFolder, type ExportJob } from './exports';

export const exportsHandlers: Handlers<'exports.create'> = {
  'exports.create': async (ctx, input) => {
    const dir = ctx.ledger.exportsDir;
    if (input.kind !== 'accounts' && input.month !== undefined) {
      throw new PassbookError('VALIDATION', 'month belongs to accounts exports only.', { field: 'month' });
    }
    if (input.kind === 'statement') {
      if (input.customerId === undefined || input.from === undefined) {
        throw new PassbookError('VALIDATION', 'customerId and from are needed for a statement export.', { field: input.customerId === undefined ? 'customerId' : 'from' });
      }
      if (input.format !== 'csv') throw new PassbookError('VALIDATION', 'format: statements export as csv.', { field: 'format' });
      const { from, to } = statementRange({ from: input.from, to: input.to }, ctx.nowMs, requireShop(ctx.db).time_zone);
      const query = { customerId: input.customerId, passId: input.passId, from, to };
      return ctx.ledger.reading(() => exportToFolder(ctx.ledger.file, dir, { kind: 'statement', query }, ctx.nowMs));
    }
    if (input.kind === 'corrections') {
      if (input.from === undefined || input.to === undefined) {
        throw new PassbookError('VALIDATION', 'from and to are needed for a corrections export.', { field: input.from === undefined ? 'from' : 'to' });
      }
      if (input.format !== 'csv') throw new PassbookError('VALIDATION', 'format: corrections export as csv.', { field: 'format' });
      if (input.customerId !== undefined || input.passId !== undefined) {
        throw new PassbookError('VALIDATION', 'customerId and passId belong to statement exports only.', { field: input.customerId !== undefined ? 'customerId' : 'passId' });
      }
      const tz = requireShop(ctx.db).time_zone;
      const range = { from: parseInstant(input.from, 'from', tz), to: parseInstant(input.to, 'to', tz) };
      if (range.to <= range.from) throw new PassbookError('VALIDATION', 'to: the range ends before it begins.', { field: 'to' });
      if (range.to - range.from > CORRECTIONS_MAX_MS) throw new PassbookError('VALIDATION', 'to: a corrections export covers at most 400 days.', { field: 'to' });
      return ctx.ledger.reading(() => exportToFolder(ctx.ledger.file, dir, { kind: 'corrections', range }, ctx.nowMs));
    }
    if (input.customerId !== undefined || input.passId !== undefined || input.from !== undefined || input.to !== undefined) {
      throw new PassbookError('VALIDATION', 'customerId and passId belong to statement exports only; from and to to statement and corrections exports.', { field: 'kind' });
    }
    if (input.kind === 'accounts') {
      if (input.format !== 'csv') throw new PassbookError('VALIDATION', 'format: the accounts export as csv.', { field: 'format' });
      // from the month totals on the ledger's own connection (warm: no read of the whole journal), taken now, before any file exists
      const accounts = accountsForMonth(ctx.db, input.month ?? null, ctx.nowMs);
      return ctx.ledger.reading(() => exportToFolder(ctx.ledger.file, dir, { kind: 'accounts', accounts }, ctx.nowMs));
    }
    const job: ExportJob = { kind: input.kind, format: input.format };
    return ctx.ledger.reading(() => exportToFolder(ctx.ledger.file, dir, job, ctx.nowMs));
  },
};
