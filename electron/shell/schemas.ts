// zod schemas for every desktop-shell IPC input. Main validates each message with these before acting;
// the renderer is untrusted. (Not bundled into the preload: the preload only forwards.)
import { z } from 'zod';
import { PAGE_SIZES, TEXT_KINDS } from './channels';

/** A file name the user will see suggested in the save dialog: no folders, no control characters. */
export const SuggestedName = z
  .string()
  .max(120)
  .transform((s) => s.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, ''))
  .pipe(z.string().min(1, 'suggestedName must not be empty').max(120));

/** A renderer route, loaded as the hash of the app's own index.html: '/statements/12?from=2026-03-01'. */
export const Route = z
  .string()
  .max(500)
  .regex(/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/, 'route must be an app path starting with "/"');

export const PrintInput = z.object({}).strict().optional();

export const ChooseBackupFileInput = z.object({}).strict().optional();

export const SavePdfInput = z
  .object({
    route: Route,
    pageSize: z.enum(PAGE_SIZES),
    suggestedName: SuggestedName,
    landscape: z.boolean().optional(),
  })
  .strict();

export const MAX_TEXT_CHARS = 50 * 1024 * 1024;

export const SaveTextInput = z
  .object({
    kind: z.enum(TEXT_KINDS),
    suggestedName: SuggestedName,
    content: z.string().max(MAX_TEXT_CHARS, 'the file is too large (50 MB at most)'),
  })
  .strict();

/** A file in the exports folder, by name only (core/exports/files.ts checks it again and finds it). */
export const SaveExportInput = z.object({ fileName: z.string().min(1).max(200) }).strict();

/** A backup in the backups folder, by name only (core/backup/files.ts checks it again and finds it). */
export const SaveBackupInput = z.object({ fileName: z.string().min(1).max(200) }).strict();

export const PrintReadyInput = z
  .object({
    /** height of the rendered content in CSS px; used for the 80 mm receipt roll */
    contentHeightPx: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict()
  .optional();

export type SavePdfInput = z.infer<typeof SavePdfInput>;
export type SaveTextInput = z.infer<typeof SaveTextInput>;
export type SaveExportInput = z.infer<typeof SaveExportInput>;
export type SaveBackupInput = z.infer<typeof SaveBackupInput>;
export type PrintReadyInput = z.infer<typeof PrintReadyInput>;

export const TEXT_FILTERS: Record<(typeof TEXT_KINDS)[number], { name: string; extensions: string[] }> = {
  csv: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
  txt: { name: 'Text', extensions: ['txt'] },
  journal: { name: 'hledger journal', extensions: ['journal'] },
  beancount: { name: 'Beancount ledger', extensions: ['beancount'] },
  json: { name: 'JSON', extensions: ['json'] },
};
