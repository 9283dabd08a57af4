// The desktop-only bridge in main (window.passbookShell): print, save a route as PDF, save an export, save a copy
// of a backup, pick a backup to restore.
// Every message is sender-checked like the API and validated with zod; paths come only from main's own
// save dialog, never from the renderer.
import { app, BrowserWindow, dialog, type IpcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { PRINT_ARG_PREFIX, SHELL_CHANNELS, type PageSize } from '../shell/channels';
import { ChooseBackupFileInput, PrintInput, PrintReadyInput, SaveBackupInput, SaveExportInput, SavePdfInput, SaveTextInput, TEXT_FILTERS } from '../shell/schemas';
import { PassbookError, toApiError } from '../../core/errors';
import { makePrivateDir } from '../../core/db/open';
import { findExportFile } from '../../core/exports/files';
import { backupToCopy } from '../../core/backup/backup';
import { copyWhole } from './copyWhole';
import { incomingFileName } from './incoming';
import { savePath } from './savePath';
import { refused, senderInfo, type BridgeResult } from './ipc';
import { pdfPageSize, printViewportWidth } from './pageSize';
import { routeUrl } from './paths';
import type { SessionTokens } from './tokens';
import { checkSender, type AppOrigin } from './trust';
import { shellWords } from './shellWords';

export const PRINT_READY_TIMEOUT_MS = 30_000;

export interface ShellDeps {
  ipcMain: IpcMain;
  origin: () => AppOrigin;
  tokens: SessionTokens;
  /** the preload path: hidden print windows get the same hardened preferences as the main window */
  preload: string;
  devTools: boolean;
  /** does this window hold a live owner session (main's token for it, checked by the core's sessions) */
  ownerActive(contentsId: number): boolean;
  /** is a shop set up in the ledger (before one is, the first screen may bring one back from a backup) */
  shopSetUp(): boolean;
  /** the ledger's incoming/ folder (files placed there can be inspected and restored by the core) */
  incomingDir(): string;
  /** a backup of the open ledger to copy elsewhere, by name (core/backup/backup.ts backupToCopy) */
  backupToCopy(fileName: string): { path: string; copyName: string };
  /** the ledger's exports/ folder (exports.create writes there) */
  exportsDir(): string;
  now(): Date;
}

type Handler<S extends z.ZodType> = (event: IpcMainInvokeEvent, input: z.output<S>) => Promise<BridgeResult>;

function validationFailure(err: z.ZodError): BridgeResult {
  const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  return {
    ok: false,
    error: { code: 'VALIDATION', message: first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid input', details: { issues } },
  };
}

function withExtension(file: string, ext: string): string {
  return path.extname(file).toLowerCase() === ext ? file : `${file}${ext}`;
}

function takenFailure(file: string): BridgeResult {
  return { ok: false, error: { code: 'CONFLICT', message: `${path.basename(file)} is already there (a file, or a link to one). Save again and choose another name.` } };
}

function saveDialog(owner: WebContents, options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue> {
  const win = BrowserWindow.fromWebContents(owner);
  return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
}

export function registerShell(deps: ShellDeps): void {
  const { ipcMain, origin, tokens } = deps;
  const waitingForReady = new Map<number, (info: { contentHeightPx?: number }) => void>();
  /** the last file copied into incoming/ before a shop was set up (replaced by the next one) */
  let lastAnonymousPick: string | null = null;

  function handle<S extends z.ZodType>(channel: string, schema: S, fn: Handler<S>): void {
    ipcMain.handle(channel, async (event, raw: unknown) => {
      const verdict = checkSender(senderInfo(event), origin());
      if (!verdict.ok) return refused(verdict.reason);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return validationFailure(parsed.error);
      try {
        return await fn(event, parsed.data);
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: shellWords(err) } };
      }
    });
  }

  handle(SHELL_CHANNELS.print, PrintInput, (event) =>
    new Promise<BridgeResult>((resolve) => {
      event.sender.print({ silent: false, printBackground: true }, (success, failureReason) => {
        if (success) resolve({ ok: true, value: { printed: true } });
        else if (/cancel/i.test(failureReason)) resolve({ ok: true, value: { printed: false } });
        else resolve({ ok: false, error: { code: 'INTERNAL', message: `Printing failed: ${failureReason}` } });
      });
    }),
  );

  /** Open `route` in a hidden window that acts for `forContentsId`, wait for printReady, print to PDF. */
  async function renderPdf(forContentsId: number, route: string, pageSize: PageSize, landscape: boolean): Promise<Buffer> {
    const hidden = new BrowserWindow({
      show: false,
      width: printViewportWidth(pageSize, landscape),
      height: 1100,
      // Written out in full (also in index.ts) on purpose: the security scan reads these literals.
      webPreferences: {
        preload: deps.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        // middle-click would ask for a new window (denied anyway by setWindowOpenHandler)
        disableBlinkFeatures: 'Auxclick',
        devTools: deps.devTools,
        additionalArguments: [`${PRINT_ARG_PREFIX}${pageSize}`],
      },
    });
    const id = hidden.webContents.id;
    tokens.share(forContentsId, id); // same owner session as the asking window, kept in main
    let timer: NodeJS.Timeout | undefined;
    try {
      const ready = new Promise<{ contentHeightPx?: number }>((resolve, reject) => {
        waitingForReady.set(id, resolve);
        timer = setTimeout(() => reject(new Error('the page did not finish rendering in 30 seconds')), PRINT_READY_TIMEOUT_MS);
        hidden.webContents.once('did-fail-load', (_e, _code, description) => reject(new Error(`the page did not load (${description})`)));
        hidden.webContents.once('render-process-gone', () => reject(new Error('the page crashed')));
      });
      const o = origin();
      await hidden.loadURL(routeUrl(o.devUrl ?? o.indexFileUrl, route));
      const info = await ready;
      return await hidden.webContents.printToPDF({
        pageSize: pdfPageSize(pageSize, info.contentHeightPx),
        landscape,
        printBackground: true,
        margins: pageSize === '80mm' ? { marginType: 'none' } : { marginType: 'default' },
      });
    } finally {
      if (timer) clearTimeout(timer);
      waitingForReady.delete(id);
      tokens.clear(id); // the shared token stays with the asking window
      if (!hidden.isDestroyed()) hidden.destroy();
    }
  }

  handle(SHELL_CHANNELS.savePdf, SavePdfInput, async (event, input) => {
    const choice = await saveDialog(event.sender, {
      title: 'Save as PDF',
      defaultPath: path.join(app.getPath('documents'), `${input.suggestedName}.pdf`),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
    const to = savePath(choice.filePath, '.pdf');
    if ('taken' in to) return takenFailure(to.taken);
    const pdf = await renderPdf(event.sender.id, input.route, input.pageSize, input.landscape ?? false);
    await fs.writeFile(to.file, pdf, { flag: to.overwrite ? 'w' : 'wx' });
    return { ok: true, value: { saved: true, path: to.file } };
  });

  handle(SHELL_CHANNELS.saveText, SaveTextInput, async (event, input) => {
    const filter = TEXT_FILTERS[input.kind];
    const ext = `.${filter.extensions[0]}`;
    const choice = await saveDialog(event.sender, {
      title: 'Export',
      defaultPath: path.join(app.getPath('documents'), withExtension(input.suggestedName, ext)),
      filters: [filter],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
    const to = savePath(choice.filePath, ext);
    if ('taken' in to) return takenFailure(to.taken);
    await fs.writeFile(to.file, input.content, { encoding: 'utf8', flag: to.overwrite ? 'w' : 'wx' });
    return { ok: true, value: { saved: true, path: to.file } };
  });

  /**
   * Owner only: a file of one of the ledger's own folders, found by its name, copied whole (copyWhole) to the path
   * from main's save dialog. Copied on disk, so no size limit, and nothing of it crosses IPC.
   */
  async function saveOwnFile(event: IpcMainInvokeEvent, title: string, find: () => { path: string; suggested: string; filter: { name: string; extensions: string[] } }): Promise<BridgeResult> {
    if (!deps.ownerActive(event.sender.id)) return { ok: false, error: { code: 'FORBIDDEN', message: 'This needs the owner PIN.' } };
    let source;
    try {
      source = find();
    } catch (err) {
      if (err instanceof PassbookError) return { ok: false, error: toApiError(err) };
      throw err;
    }
    const ext = `.${source.filter.extensions[0]}`;
    const choice = await saveDialog(event.sender, {
      title,
      defaultPath: path.join(app.getPath('documents'), source.suggested),
      filters: [source.filter],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false } };
    const to = savePath(choice.filePath, ext);
    if ('taken' in to) return takenFailure(to.taken);
    try {
      await copyWhole(source.path, to.file, to.overwrite);
    } catch (err) {
      if ((err as { code?: string }).code === 'EEXIST') return takenFailure(to.file);
      throw err;
    }
    return { ok: true, value: { saved: true, path: to.file } };
  }

  // an export holds the whole book: owner only, like the API's exports.create
  handle(SHELL_CHANNELS.saveExport, SaveExportInput, (event, input) => saveOwnFile(event, 'Save the export', () => {
    const f = findExportFile(deps.exportsDir(), input.fileName);
    return { path: f.path, suggested: f.fileName, filter: TEXT_FILTERS[f.kind] };
  }));

  // a backup holds the whole ledger: owner only, as backup.list is
  handle(SHELL_CHANNELS.saveBackup, SaveBackupInput, (event, input) => saveOwnFile(event, 'Save a copy of the backup', () => {
    const b = deps.backupToCopy(input.fileName);
    return { path: b.path, suggested: b.copyName, filter: { name: 'Passbook backup', extensions: ['sqlite'] } };
  }));

  handle(SHELL_CHANNELS.chooseBackupFile, ChooseBackupFileInput, async (event) => {
    // same rule as the host's upload: only an owner session may place a file for restore, or anyone before a shop is set up
    if (!deps.ownerActive(event.sender.id) && deps.shopSetUp()) return { ok: false, error: { code: 'FORBIDDEN', message: 'This needs the owner PIN.' } };
    const win = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.OpenDialogOptions = {
      title: 'Restore from a backup',
      defaultPath: app.getPath('documents'),
      filters: [{ name: 'Passbook backup', extensions: ['sqlite', 'sqlite3', 'db'] }, { name: 'All files', extensions: ['*'] }],
      properties: ['openFile'],
    };
    const choice = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const picked = choice.filePaths[0];
    if (choice.canceled || !picked) return { ok: true, value: { chosen: false } };
    const anonymous = !deps.shopSetUp();
    const dir = deps.incomingDir();
    makePrivateDir(dir); // the ledger's folders are the shop account's alone, as the host's upload makes them
    const fileName = incomingFileName(path.basename(picked), deps.now());
    const dest = path.join(dir, fileName);
    await fs.copyFile(picked, `${dest}.part`);
    await fs.chmod(`${dest}.part`, 0o600); // a copy takes the source's mode: a whole ledger is not for other accounts
    await fs.rename(`${dest}.part`, dest); // whole or absent
    if (anonymous) {
      // before setup anyone at the screen may pick: keep only the newest pick, as the host keeps only the newest anonymous upload
      if (lastAnonymousPick !== null && lastAnonymousPick !== dest) await fs.rm(lastAnonymousPick, { force: true });
      lastAnonymousPick = dest;
    }
    return { ok: true, value: { chosen: true, fileName } };
  });

  handle(SHELL_CHANNELS.printReady, PrintReadyInput, async (event, input) => {
    const resolve = waitingForReady.get(event.sender.id);
    if (resolve) {
      waitingForReady.delete(event.sender.id);
      resolve({ ...(input?.contentHeightPx ? { contentHeightPx: input.contentHeightPx } : {}) });
    }
    return { ok: true, value: { ready: true } };
  });
}
