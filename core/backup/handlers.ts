// Handlers for core/contract/backup.ts.
import fs from 'node:fs';
import type { Handlers } from '../api/context';
import { PassbookError } from '../errors';
import { recordOperation } from '../api/operations';
import { carryOwnerCredentials } from '../shop/credentials';
import { recordCopy, createBackup, inspectLedgerFile, ledgerMarks, newerThan, listBackups, offsiteCopies, restoreFrom, sourcePath, type BackupInfo, type LedgerSummary } from './backup';

export const backupHandlers: Handlers<'backup.create' | 'backup.list' | 'backup.copied' | 'backup.inspect' | 'backup.restore'> = {
  'backup.create': (ctx) => createBackup(ctx.db, ctx.ledger, ctx.now),
  'backup.list': (ctx) => ({ backups: listBackups(ctx.ledger), copies: offsiteCopies(ctx.db, ctx.now) }),
  'backup.copied': (ctx, input) => recordCopy(ctx.db, ctx.ledger, input.fileName, ctx.now, ctx.clientId ?? null),
  'backup.inspect': (ctx, input) => {
    const file = sourcePath(ctx.ledger, input.source, input.fileName);
    const summary = inspectLedgerFile(file);
    return { ...summary, newerHere: newerThan(ctx.db, ledgerMarks(file)) };
  },
  'backup.restore': async (ctx, input) => {
    const file = sourcePath(ctx.ledger, input.source, input.fileName);
    if (!fs.existsSync(file)) throw new PassbookError('NOT_FOUND', 'That backup file does not exist.');
    const operation = ctx.operation;
    const answer = (done: { summary: LedgerSummary; safetyBackup: BackupInfo }) => ({ restoredFrom: input.fileName, ...done });
    const done = await restoreFrom(ctx.db, ctx.ledger, file, ctx.now, (staged, d) => {
      carryOwnerCredentials(ctx.db, staged);
      // the restored ledger carries this request: a retry of it (same clientId) answers from there. It is the file's
      // newest restore (its mark, core/backup/mark.ts) even when the backup holds one dated later by a clock since set back
      if (operation) {
        const last = (staged.prepare("SELECT max(occurred_at) AS t FROM operations WHERE method = 'backup.restore'").get() as { t: number | null }).t;
        recordOperation(staged, { ...operation, at: last === null ? operation.at : Math.max(operation.at, last + 1) }, answer(d));
      }
    }, (staged) => {
      // the backup already holds this request id (a request made before it was taken): a changed request, said as such
      if (operation && staged.prepare('SELECT 1 FROM operations WHERE client_id = ?').get(operation.clientId)) {
        throw new PassbookError('CONFLICT', 'That backup already holds a request with this clientId: restoring it under the same id would be a different request. Use a new clientId. Nothing was restored.', { clientId: operation.clientId });
      }
    });
    ctx.sessionChange = { token: null };
    return answer(done);
  },
};
