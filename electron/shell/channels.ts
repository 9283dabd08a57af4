// Desktop-only bridge (window.passbookShell): fixed IPC channel names, shared by main and preload.
// No imports on purpose: this file is bundled into the sandboxed preload.

export const SHELL_CHANNELS = {
  /** renderer → main: print the current view with the system print dialog */
  print: 'passbook-shell:print',
  /** renderer → main: render a route in a hidden window and save it as PDF (path from main's save dialog) */
  savePdf: 'passbook-shell:save-pdf',
  /** renderer → main: save text the renderer produced (CSV, journal) to a path from main's save dialog */
  saveText: 'passbook-shell:save-text',
  /** renderer → main (owner): save a file from the exports folder, by name, to a path from main's save dialog (a copy) */
  saveExport: 'passbook-shell:save-export',
  /** renderer → main (owner): save a copy of a backup, by name, to a path from main's save dialog (a USB stick, another drive) */
  saveBackup: 'passbook-shell:save-backup',
  /** renderer → main (owner, or anyone before a shop is set up): pick a backup file in an open dialog; main copies it into incoming/ for restore */
  chooseBackupFile: 'passbook-shell:choose-backup-file',
  /** hidden print window → main: the route has rendered its data; print it now */
  printReady: 'passbook-shell:print-ready',
  /** main → renderer: a menu item the renderer carries out (Export…, Open demo shop) */
  menuCommand: 'passbook-shell:menu',
} as const;

export const PAGE_SIZES = ['A4', 'Letter', '80mm'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

export const TEXT_KINDS = ['csv', 'txt', 'journal', 'beancount', 'json'] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export const MENU_COMMANDS = ['export', 'open-demo'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** Command-line switch that tells the preload of a hidden print window which page size it renders for. */
export const PRINT_ARG_PREFIX = '--passbook-print=';

export const isPageSize = (v: unknown): v is PageSize => (PAGE_SIZES as readonly unknown[]).includes(v);
export const isMenuCommand = (v: unknown): v is MenuCommand => (MENU_COMMANDS as readonly unknown[]).includes(v);
