// The application menu as data (pure; main turns it into a Menu with Menu.buildFromTemplate).
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  backupNow(): void;
  exportData(): void;
  about(): void;
  openDemoShop(): void;
}

export function menuTemplate(opts: { isMac: boolean; isDev: boolean; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { isMac, isDev, actions } = opts;
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { id: 'backup', label: 'Back up now…', accelerator: 'CmdOrCtrl+Shift+B', click: () => actions.backupNow() },
      { id: 'export', label: 'Export…', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.exportData() },
      { type: 'separator' },
      { id: 'quit', label: 'Quit', role: 'quit', accelerator: 'CmdOrCtrl+Q' },
    ],
  };
  // Edit gives text fields their copy/paste shortcuts (on macOS they only work through a menu).
  const edit: MenuItemConstructorOptions = { label: 'Edit', role: 'editMenu' };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
      ...(isDev ? ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      { id: 'about', label: 'About Passbook', click: () => actions.about() },
      { id: 'demo', label: 'Open demo shop', click: () => actions.openDemoShop() },
    ],
  };
  const appMenu: MenuItemConstructorOptions[] = isMac ? [{ label: 'Passbook', role: 'appMenu' }] : [];
  return [...appMenu, file, edit, view, help];
}
