// The preload of every Passbook window (sandboxed, context-isolated; bundled to dist-electron/preload.cjs).
// It exposes exactly two globals to the page:
//   window.passbook      one function per API method, api.<group>.<leaf>(input) → Promise<BridgeResult>
//   window.passbookShell desktop-only actions (print, save as PDF, save an export or a backup's copy, menu commands)
// Types for the renderer: electron/preload/types.ts.
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './buildApi';
import { isMenuCommand, isPageSize, PRINT_ARG_PREFIX, SHELL_CHANNELS, type MenuCommand, type PageSize } from '../shell/channels';
import type { PassbookShell } from './types';

/** [method name, channel] for every contract method: injected at build time by scripts/build-electron.mjs. */
declare const __PASSBOOK_METHODS__: ReadonlyArray<readonly [string, string]>;

const api = buildApi(__PASSBOOK_METHODS__, (channel, input) => ipcRenderer.invoke(channel, input));

function printPageSize(): PageSize | null {
  // additionalArguments from main land in the sandboxed preload's (reduced) process.argv
  const argv: readonly string[] = typeof process !== 'undefined' && Array.isArray(process.argv) ? process.argv : [];
  const arg = argv.find((a) => a.startsWith(PRINT_ARG_PREFIX));
  const v = arg?.slice(PRINT_ARG_PREFIX.length);
  return isPageSize(v) ? v : null;
}

const shell: PassbookShell = {
  isDesktop: true,
  printPageSize: printPageSize(),
  print: () => ipcRenderer.invoke(SHELL_CHANNELS.print),
  savePdf: (options) => ipcRenderer.invoke(SHELL_CHANNELS.savePdf, options),
  saveText: (options) => ipcRenderer.invoke(SHELL_CHANNELS.saveText, options),
  saveExport: (options) => ipcRenderer.invoke(SHELL_CHANNELS.saveExport, options),
  saveBackup: (options) => ipcRenderer.invoke(SHELL_CHANNELS.saveBackup, options),
  chooseBackupFile: () => ipcRenderer.invoke(SHELL_CHANNELS.chooseBackupFile),
  printReady: (info) => ipcRenderer.invoke(SHELL_CHANNELS.printReady, info),
  onMenuCommand(callback) {
    // the IPC event object never reaches the page (it would expose ipcRenderer); only a known command does
    const listener = (_event: unknown, command: unknown) => {
      if (isMenuCommand(command)) callback(command as MenuCommand);
    };
    ipcRenderer.on(SHELL_CHANNELS.menuCommand, listener);
    return () => {
      ipcRenderer.removeListener(SHELL_CHANNELS.menuCommand, listener);
    };
  },
};

contextBridge.exposeInMainWorld('passbook', api);
contextBridge.exposeInMainWorld('passbookShell', Object.freeze(shell));
