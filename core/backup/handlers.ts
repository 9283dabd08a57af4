// Handlers for core/contract/backup.ts.
import fs from 'node:fs';
import type { Handlers, ServiceContext } from '../api/context';
import { PassbookError } from '../errors';
import { recordOperation } from '../api/operations';
import { carryOwnerCredentials, publicDemoPin } from '../shop/credentials';
import { findShop } from '../shop/settings';
import type { Db } from '../db/open';
import { recordCopy, createBackup, inspectLedgerFile, ledgerMarks, newerThan, listBackups, offsiteCopies, restoreFrom, sourcePath, type BackupInfo, type LedgerSummary } from './backup';

export const backupHandlers: Handlers<'backup.create' | 'backup.list' | 'backup.copied' | 'backup.inspect' | 'backup.restore' | 'backup.inspectForSetup' | 'backup.restoreForSetup'> = {
  'backup.create': (ctx) => createBackup(ctx.db, ctx.ledger, ctx.now),
  'backup.list': (ctx) => ({ backups: listBackups(ctx.ledger), copies: offsiteCopies(ctx.db, ctx.now) }),
  'backup.copied': (ctx, input) => recordCopy(ctx.db, ctx.ledger, input.fileName, ctx.now, ctx.clientId ?? null),
  'backup.inspect': (ctx, input) => {
    const file = sourcePath(ctx.ledger, input.source, input.fileName);
    const summary = inspectLedgerFile(file);
    return { ...summary, newerHere: newerThan(ctx.db, ledgerMarks(file)), keepsPin: !publicDemoPin(ctx.db) };
  },
  'backup.restore': async (ctx, input) => {
    const file = existing(sourcePath(ctx.ledger, input.source, input.fileName));
    const answer = (done: { summary: LedgerSummary; safetyBackup: BackupInfo | null }) => ({ restoredFrom: input.fileName, summary: done.summary, safetyBackup: done.safetyBackup! });
    const done = await restoreFrom(ctx.db, ctx.ledger, file, ctx.now, (staged, d) => {
      carryOwnerCredentials(ctx.db, staged);
      recordRestore(ctx, staged, answer(d));
    }, (staged) => sameIdNotInBackup(ctx, staged));
    ctx.sessionChange = { token: null };
    return answer(done);
  },

  'backup.inspectForSetup': (ctx, input) => {
    notSetUp(ctx.db);
    const summary = inspectLedgerFile(existing(sourcePath(ctx.ledger, 'incoming', input.fileName)));
    if (summary.shopName === null) throw noShop();
    return summary;
  },
  'backup.restoreForSetup': async (ctx, input) => {
    notSetUp(ctx.db);
    const file = existing(sourcePath(ctx.ledger, 'incoming', input.fileName));
    const answer = (done: { summary: LedgerSummary }) => ({ restoredFrom: input.fileName, summary: done.summary });
    // without a safety backup the restore has no await before its swap: no other call (a setup in another window)
    // can come between the check above and the swap
    const done = await restoreFrom(ctx.db, ctx.ledger, file, ctx.now, (staged, d) => recordRestore(ctx, staged, answer(d)), (staged) => {
      if (!findShop(staged)) throw noShop();
      sameIdNotInBackup(ctx, staged);
    }, false);
    ctx.sessionChange = { token: null };
    return answer(done);
  },
};

function existing(file: string): string {
  if (!fs.existsSync(file)) throw new PassbookError('NOT_FOUND', 'That backup file does not exist.');
  return file;
}

/**
 * The restored ledger carries the request: a retry of it (same clientId) answers from there. It is the file's newest
 * restore (its mark, core/backup/mark.ts) even when the backup holds one dated later by a clock since set back.
 */
function recordRestore(ctx: ServiceContext, staged: Db, value: unknown): void {
  const operation = ctx.operation;
  if (!operation) return;
  const last = (staged.prepare("SELECT max(occurred_at) AS t FROM operations WHERE method = 'backup.restore'").get() as { t: number | null }).t;
  recordOperation(staged, { ...operation, at: last === null ? operation.at : Math.max(operation.at, last + 1) }, value);
}

/** The backup already holds this request id (a request made before it was taken): a changed request, said as such. */
function sameIdNotInBackup(ctx: ServiceContext, staged: Db): void {
  const operation = ctx.operation;
  if (operation && staged.prepare('SELECT 1 FROM operations WHERE client_id = ?').get(operation.clientId)) {
    throw new PassbookError('CONFLICT', 'That backup already holds a request with this clientId: restoring it under the same id would be a different request. Use a new clientId. Nothing was restored.', { clientId: operation.clientId });
  }
}

function notSetUp(db: Db): void {
  if (findShop(db)) throw new PassbookError('ALREADY_SET_UP', 'A shop is set up here already: restoring a backup over it is the owner\'s, in Settings & data, Backups & restore.');
}

const noShop = () => new PassbookError('VALIDATION', 'That backup holds no shop: it was made before one was set up. Choose a later backup. Nothing was restored.', { reason: 'NO_SHOP' });
