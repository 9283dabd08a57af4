// Backups and restore (owner). Files are named, never given as paths: backups live in the
// `backups/` folder beside the ledger; a file to restore from is first placed in `incoming/`
// by the transport (Electron: the main process's open dialog; the host: an upload).
import { z } from 'zod';
import { ClientId, method } from '../api/method';
import { Empty } from './common';

const Source = z.enum(['backups', 'incoming']);
const FileName = z.string().regex(/^[\w][\w.-]{0,120}$/, 'must be a plain file name');
const BackupInfo = z.object({ fileName: z.string(), bytes: z.number().int(), createdAt: z.string() });
const Summary = z.object({
  shopName: z.string().nullable(), currency: z.string().nullable(), schemaVersion: z.number().int(),
  customers: z.number().int(), passes: z.number().int(), redemptions: z.number().int(),
  journalTransactions: z.number().int(), lastActivityAt: z.string().nullable(), bytes: z.number().int(),
});
/** What the ledger open now holds beyond the backup (rows added after it was made): restoring removes it. */
const Newer = z.object({
  customers: z.number().int().describe('customers added since the backup'),
  passesSold: z.number().int(), redemptions: z.number().int(),
  balancesBroughtOver: z.number().int().describe('passes opened for balances brought over from before Passbook (imports)'),
  corrections: z.number().int().describe('undos, voids, adjustments, refunds and extensions of credits\' ends'), closes: z.number().int().describe('month-end close runs'),
  cardsReplaced: z.number().int().describe('cards replaced since the backup: restoring makes those old cards (lost, stolen) open their customers again'),
  customersForgotten: z.number().int().describe('customers forgotten at their request since the backup (customers.forget): the backup still holds their details, and restoring it brings them back, so forget them again after'),
  cashSales: z.number().int().describe('sales without a pass since the backup'),
  gifts: z.number().int().describe('free credits the owner gave since the backup (passes.givePromo)'),
  moneyIn: z.string().describe('money taken (less refunds) since, in the current shop currency: "60.00"'),
  lastActivityAt: z.string().nullable().describe('the current ledger\'s own last activity'),
});
const OffsiteCopies = z.object({
  lastAt: z.string().nullable().describe('when the last copy was saved elsewhere (null: never)'),
  lastFileName: z.string().nullable().describe('the backup it was a copy of'),
  due: z.boolean().describe('time to save another copy off this computer'),
});
const exampleInfo = { fileName: 'passbook-20260301-150000.sqlite', bytes: 245760, createdAt: '2026-03-01T15:00:00.000Z' };
const exampleSummary = {
  shopName: 'Bean & Brew', currency: 'USD', schemaVersion: 3, customers: 12, passes: 14, redemptions: 310,
  journalTransactions: 342, lastActivityAt: '2026-03-01T14:59:00.000Z', bytes: 245760,
};

export const backupContract = {
  'backup.create': method({
    role: 'owner', write: false, async: true,
    summary: 'Back up the ledger now with SQLite\'s online backup API into the backups folder.',
    input: Empty, output: BackupInfo,
    example: { input: {}, output: exampleInfo },
  }),
  'backup.list': method({
    role: 'owner', write: false,
    summary: 'The backups kept beside the ledger, newest first, and the copies of them saved elsewhere (backup.copied): the last one, and whether '
      + 'another is due (30 days after the last; with none, a week after the shop was set up).',
    input: Empty, output: z.object({ backups: z.array(BackupInfo), copies: OffsiteCopies }),
    example: { input: {}, output: { backups: [exampleInfo], copies: { lastAt: '2026-02-27T18:20:00.000Z', lastFileName: 'passbook-20260227-182000.sqlite', due: false } } },
  }),
  'backup.copied': method({
    role: 'owner', write: true,
    summary: 'Record that a copy of a backup was saved elsewhere (a USB stick, another drive): the desktop shell\'s saveBackup or the host\'s '
      + 'GET /backups/<name> made it, outside the ledger. NOT_FOUND when no backup has that name. backup.list says when the last one was.',
    input: z.object({ clientId: ClientId, fileName: FileName }).strict(),
    output: z.object({ fileName: z.string(), copiedAt: z.string() }),
    example: { input: { clientId: '01JD0000000000000000000091', fileName: exampleInfo.fileName }, output: { fileName: exampleInfo.fileName, copiedAt: '2026-03-01T15:01:00.000Z' } },
  }),
  'backup.inspect': method({
    role: 'owner', write: false,
    summary: 'Preview what a backup holds before restoring it, and what the ledger open now holds that is newer than the backup (restoring removes it; the safety backup keeps it). Refuses files that are not Passbook ledgers, damaged, newer, or whose tables and rules are not the ones their version\'s migrations make (reason ALTERED: a trigger dropped or added by hand), or whose rows point at rows the file does not hold (reason BROKEN_LINKS: rows written by hand with foreign keys off).',
    input: z.object({ source: Source, fileName: FileName }).strict(),
    output: Summary.extend({
      newerHere: Newer,
      keepsPin: z.boolean().describe('a restore keeps the owner PIN and recovery code of the ledger open now; false over the demo shop, whose PIN is '
        + 'public: the backup\'s own come with it'),
    }),
    example: { input: { source: 'backups', fileName: exampleInfo.fileName }, output: { ...exampleSummary, keepsPin: true, newerHere: { customers: 1, passesSold: 1, balancesBroughtOver: 0, redemptions: 2, corrections: 0, closes: 0, cardsReplaced: 0, customersForgotten: 0, cashSales: 0, gifts: 0, moneyIn: '60.00', lastActivityAt: '2026-03-02T09:10:00.000Z' } } },
  }),
  'backup.restore': method({
    role: 'owner', write: true, async: true,
    summary: 'Replace the ledger with a checked backup, after saving a safety backup of the current file. The owner PIN and recovery code stay '
      + 'those of the ledger replaced (a restore brings back the books, not an old PIN), except over the demo shop. Ends owner sessions. '
      + 'The restored ledger records the request, so a retry with the same clientId returns this answer and restores nothing.',
    input: z.object({ clientId: ClientId, source: Source, fileName: FileName }).strict(),
    output: z.object({ restoredFrom: z.string(), safetyBackup: BackupInfo, summary: Summary }),
    example: { input: { clientId: '01JD0000000000000000000090', source: 'backups', fileName: exampleInfo.fileName }, output: { restoredFrom: exampleInfo.fileName, safetyBackup: { ...exampleInfo, fileName: 'passbook-20260301-151500.sqlite' }, summary: exampleSummary } },
  }),
  'backup.inspectForSetup': method({
    role: 'counter', write: false,
    summary: 'On a computer where no shop is set up yet (a new or repaired one): what a backup placed in incoming/ holds, before bringing the '
      + 'shop back from it (backup.restoreForSetup). Refuses what backup.inspect refuses, and a backup that holds no shop. ALREADY_SET_UP once '
      + 'this ledger has a shop: restoring over it is the owner\'s (backup.inspect, backup.restore).',
    input: z.object({ fileName: FileName }).strict(),
    output: Summary,
    example: { input: { fileName: 'restore-20260301-150000-passbook-backup.sqlite' }, output: exampleSummary },
  }),
  'backup.restoreForSetup': method({
    role: 'counter', write: true, async: true,
    summary: 'Bring a shop back from a backup placed in incoming/, on a computer where none is set up yet: the ledger becomes the backup, with '
      + 'the shop\'s own owner PIN and recovery code. No safety backup (there is nothing to keep). ALREADY_SET_UP once a shop is set up, even one '
      + 'set up while this ran. The restored ledger records the request, so a retry with the same clientId returns this answer.',
    input: z.object({ clientId: ClientId, fileName: FileName }).strict(),
    output: z.object({ restoredFrom: z.string(), summary: Summary }),
    example: { input: { clientId: '01JD0000000000000000000092', fileName: 'restore-20260301-150000-passbook-backup.sqlite' }, output: { restoredFrom: 'restore-20260301-150000-passbook-backup.sqlite', summary: exampleSummary } },
  }),
};
