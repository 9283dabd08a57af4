// Types of the two globals the Electron preload exposes. The renderer imports these as types only:
//
//   import type { PassbookBridge, PassbookShell } from '../../electron/preload/types';
//   if (window.passbook) { const r = await window.passbook.shop.status({}); if (r.ok) ... else r.error.code }
//
// window.passbook       exists only inside Electron. One function per contract method, nested by the
//                        text before the first dot: 'counter.redeem' → window.passbook.counter.redeem(input).
//                        Each returns a Promise of a BridgeResult and never rejects for API errors (Error
//                        objects lose their fields across contextBridge, so errors come back as data with
//                        the same { code, message, details? } shape the HTTP host sends).
// window.passbookShell  exists only inside Electron: printing, PDF, saving files, menu commands.
import type { InputOf, MethodName, OutputOf } from '../../core/contract';
import type { ApiErrorShape } from '../../core/errors';
import type { MenuCommand, PageSize, TextKind } from '../shell/channels';

export type { MenuCommand, PageSize, TextKind };

export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

type GroupOf<N> = N extends `${infer G}.${string}` ? G : never;
type LeafOf<N, G extends string> = N extends `${G}.${infer L}` ? L : never;

/** window.passbook */
export type PassbookBridge = {
  readonly [G in GroupOf<MethodName>]: {
    readonly [L in LeafOf<MethodName, G>]: (
      input: InputOf<Extract<MethodName, `${G}.${L}`>>,
    ) => Promise<BridgeResult<OutputOf<Extract<MethodName, `${G}.${L}`>>>>;
  };
};

/** Result of a shell action; `error` uses the API's stable codes (VALIDATION, FORBIDDEN, INTERNAL). */
export type ShellResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

export interface SavePdfOptions {
  /** a renderer hash route that renders the document from core data, e.g. '/print/statement/12?from=2026-03-01' */
  route: string;
  pageSize: PageSize;
  /** shown in the save dialog, e.g. 'Statement Ana March 2026' (no folders; '.pdf' is added) */
  suggestedName: string;
  landscape?: boolean;
}

export interface SaveTextOptions {
  kind: TextKind;
  /** shown in the save dialog; the extension follows `kind` */
  suggestedName: string;
  /** the file content (at most 50 MB), e.g. CSV from an export method */
  content: string;
}

/** window.passbookShell */
export interface PassbookShell {
  readonly isDesktop: true;
  /**
   * Set only inside the hidden window main opens for savePdf: the paper the route renders for. A print route
   * seeing this must call printReady() once its data is on screen (main waits up to 30 s).
   */
  readonly printPageSize: PageSize | null;
  /** Print the current view with the system print dialog. printed=false when the user cancelled. */
  print(): Promise<ShellResult<{ printed: boolean }>>;
  /** Ask main for a path (save dialog), render `route` in a hidden window, save it as PDF. */
  savePdf(options: SavePdfOptions): Promise<ShellResult<{ saved: true; path: string } | { saved: false }>>;
  /** Ask main for a path (save dialog) and write `content` there. */
  saveText(options: SaveTextOptions): Promise<ShellResult<{ saved: true; path: string } | { saved: false }>>;
  /**
   * Owner only: save a file exports.create wrote (by its name) to a path from main's save dialog. Main copies
   * the file, so an export of any size is saved whole.
   */
  saveExport(options: { fileName: string }): Promise<ShellResult<{ saved: true; path: string } | { saved: false }>>;
  /**
   * Owner only: save a copy of a backup (by its name, from api.backup.list) to a path from main's save dialog: a USB
   * stick or another drive. Main copies the file whole (a part file renamed when complete, flushed to the disk).
   */
  saveBackup(options: { fileName: string }): Promise<ShellResult<{ saved: true; path: string } | { saved: false }>>;
  /**
   * Owner only, or anyone before a shop is set up: pick a backup file (open dialog in main); main copies it into the
   * ledger's incoming/ folder (before setup only the newest pick is kept). Then call api.backup.inspect /
   * api.backup.restore (before setup: backup.inspectForSetup / backup.restoreForSetup) with { source: 'incoming', fileName }.
   */
  chooseBackupFile(): Promise<ShellResult<{ chosen: true; fileName: string } | { chosen: false }>>;
  /** From a print route in the hidden window: rendered; contentHeightPx sizes the 80 mm receipt roll. */
  printReady(info?: { contentHeightPx?: number }): Promise<ShellResult<{ ready: true }>>;
  /** Menu items the renderer carries out. Returns an unsubscribe function. */
  onMenuCommand(callback: (command: MenuCommand) => void): () => void;
}

/**
 * The globals, for the renderer's own `declare global` (declared there, once, so the two never disagree):
 *
 *   declare global { interface Window { passbook?: PassbookBridge; passbookShell?: PassbookShell } }
 */
export interface PassbookGlobals {
  /** Inside Electron only (undefined in a browser on the headless host). */
  passbook?: PassbookBridge;
  /** Inside Electron only. */
  passbookShell?: PassbookShell;
}
