// Passbook's Electron main process (bundled to dist-electron/main.mjs by scripts/build-electron.mjs).
//
// Security (see docs/ELECTRON.md): every renderer is sandboxed and context-isolated without Node; the CSP
// is a meta tag in dist/index.html (file:// responses have no headers) plus a response header for http;
// navigation and new windows are blocked, every permission request is denied, downloads are refused; each
// IPC message is checked for its sender frame and validated; owner session tokens stay in this process.
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, screen, session, shell, type WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type PassbookApp } from '../../core/app';
import { backupToCopy } from '../../core/backup/backup';
import { menuBackup } from './menuBackup';
import { startSchedule } from '../../core/schedule';
import { findShop } from '../../core/shop/settings';
import { SHELL_CHANNELS, type MenuCommand } from '../shell/channels';
import { CONTENT_SECURITY_POLICY, cspMetaTag, devContentSecurityPolicy, withCspHeader } from './csp';
import { registerApi } from './ipc';
import { menuTemplate } from './menuTemplate';
import { LEDGER_FILE_NAME, resolveAppPaths, WINDOW_STATE_FILE_NAME } from './paths';
import { registerShell } from './shell';
import { SessionTokens } from './tokens';
import { allowNavigation, parseDevUrl, type AppOrigin } from './trust';
import { MIN_SIZE, readWindowState, restoreWindowState, writeWindowState } from './windowState';

const isDev = !app.isPackaged;
if (!isDev) process.env.NODE_ENV ??= 'production';

// Tests and development may keep their data elsewhere; a packaged app always uses the real userData.
if (isDev && process.env.PASSBOOK_USER_DATA) app.setPath('userData', path.resolve(process.env.PASSBOOK_USER_DATA));

const paths = resolveAppPaths(path.dirname(fileURLToPath(import.meta.url)), {
  isPackaged: app.isPackaged,
  electronVersion: process.versions.electron ?? '',
});
// The dev server URL is honoured only when unpackaged, and only on loopback.
const devUrl = isDev ? parseDevUrl(process.env.PASSBOOK_DEV_URL) : undefined;
const origin: AppOrigin = { indexFileUrl: paths.indexFileUrl, ...(devUrl ? { devUrl } : {}) };

const tokens = new SessionTokens();
let passbook: PassbookApp | undefined;
let mainWindow: BrowserWindow | undefined;
let stopSchedule: () => void = () => {};

// Every renderer sandboxed, whatever a BrowserWindow says.
app.enableSandbox();

/** A start-up failure already shown to the user. */
class Reported extends Error {}

function fail(title: string, message: string): never {
  dialog.showErrorBox(title, message);
  app.exit(1);
  throw new Reported(message);
}

function openLedger(): PassbookApp {
  const dir = app.getPath('userData');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 }); // the shop's data, for the shop's account only
  const file = path.join(dir, LEDGER_FILE_NAME);
  if (paths.nativeBinding && !fs.existsSync(paths.nativeBinding)) {
    fail('Passbook is not built for Electron yet',
      `The SQLite module for Electron ${process.versions.electron} is missing:\n${paths.nativeBinding}\n\nStart Passbook with "npm start"; it builds this first.`);
  }
  try {
    return createApp(file, { migrationsDir: paths.migrationsDir, ...(paths.nativeBinding ? { nativeBinding: paths.nativeBinding } : {}) });
  } catch (err) {
    // a damaged, foreign or newer file is refused by the core and left untouched
    return fail('Passbook cannot open its data', `${(err as Error).message}\n\nFile: ${file}`);
  }
}

/** Forget a window's owner session; end it in the core unless another window (a print window) still uses it. */
function forgetSession(contentsId: number): void {
  const token = tokens.clear(contentsId);
  if (token && !tokens.inUse(token)) passbook?.sessions.lock(token);
}

function hardenContents(contents: WebContents): void {
  const id = contents.id;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!allowNavigation(event.url, origin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!allowNavigation(event.url, origin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('render-process-gone', () => forgetSession(id));
  contents.once('destroyed', () => forgetSession(id));
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.on('will-download', (event) => event.preventDefault());
  // file:// loads carry no headers (their CSP is the meta tag); http responses (the dev server) get it here
  const policy = devUrl ? devContentSecurityPolicy(devUrl) : CONTENT_SECURITY_POLICY;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, policy) });
  });
}

function sendMenuCommand(command: MenuCommand): void {
  const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (win && !win.isDestroyed()) win.webContents.send(SHELL_CHANNELS.menuCommand, command);
}

async function backupNow(): Promise<void> {
  if (!passbook) return;
  const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
  // into the backups folder beside the ledger (the same place as the daily backups); no path from anyone
  const done = await menuBackup(passbook);
  if (!done.ok) { dialog.showErrorBox('Backup failed', done.message); return; }
  const { info } = done;
  const file = path.join(passbook.ledger.backupsDir, info.fileName);
  const opts = { type: 'info' as const, title: 'Backup saved', message: 'Backup saved', detail: `${info.fileName}\n${passbook.ledger.backupsDir}`, buttons: ['OK', 'Show in folder'], defaultId: 0 };
  const { response } = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
  if (response === 1) shell.showItemInFolder(file);
}

async function about(): Promise<void> {
  const userData = app.getPath('userData');
  const opts = {
    type: 'info' as const,
    title: 'About Passbook',
    message: `Passbook ${app.getVersion()}`,
    detail: `Prepaid passes drawn down at the counter.\n\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}\n\nYour data: ${userData}`,
    buttons: ['OK', 'Open data folder'],
    defaultId: 0,
  };
  const win = mainWindow && !mainWindow.isDestroyed() ? mainWindow : undefined;
  const { response } = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
  if (response === 1) await shell.openPath(userData);
}

function createMainWindow(): BrowserWindow {
  const stateFile = path.join(app.getPath('userData'), WINDOW_STATE_FILE_NAME);
  const state = restoreWindowState(
    readWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Passbook',
    backgroundColor: '#ffffff',
    ...(process.platform === 'linux' && fs.existsSync(paths.icon) ? { icon: paths.icon } : {}),
    // Written out in full (also in shell.ts) on purpose: the security scan reads these literals.
    webPreferences: {
      preload: paths.preload,
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
      devTools: isDev,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | undefined;
  const saveState = () => {
    if (win.isDestroyed()) return;
    try {
      writeWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch {
      /* a read-only profile must not stop the app */
    }
  };
  const saveSoon = () => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveState, 500);
  };
  for (const e of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(e as 'resize', saveSoon);
  win.on('close', () => {
    clearTimeout(saveTimer);
    saveState();
  });

  if (devUrl) {
    void win.loadURL(devUrl);
  } else {
    if (!fs.existsSync(paths.indexHtml)) {
      fail('Passbook is not built', `The screens are missing (${paths.indexHtml}).\n\nStart Passbook with "npm start"; it builds them first.`);
    }
    // file:// pages get their CSP only from the meta tag the build writes: never show a page without it
    if (!fs.readFileSync(paths.indexHtml, 'utf8').includes(cspMetaTag())) {
      fail('Passbook is not built correctly', `${paths.indexHtml} lacks its Content-Security-Policy.\n\nRebuild with "npm run build" (or start with "npm start").`);
    }
    void win.loadFile(paths.indexHtml);
  }
  return win;
}

function start(): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));

  app.on('second-instance', () => {
    // a second launch focuses the running window instead of opening the ledger twice
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.whenReady().then(() => {
    hardenSession();
    passbook = openLedger();
    const opened = passbook;
    registerApi({ ipcMain, app: opened, origin: () => origin, tokens });
    registerShell({
      ipcMain,
      origin: () => origin,
      tokens,
      preload: paths.preload,
      devTools: isDev,
      ownerActive: (id) => opened.sessions.peek(tokens.get(id)) !== null,
      shopSetUp: () => findShop(opened.db) !== undefined,
      incomingDir: () => opened.ledger.incomingDir,
      exportsDir: () => opened.ledger.exportsDir,
      backupToCopy: (fileName) => backupToCopy(opened.db, opened.ledger, fileName),
      now: () => opened.clock.now(),
    });
    // period close now and at each boundary (catching up after the app was closed), and a daily backup
    const schedule = startSchedule(opened, { onError: (e) => console.error('passbook background work failed:', (e as Error)?.message ?? e) });
    // timers do not count time asleep: a laptop that slept over midnight would close up to an hour late. Nor does
    // the monotonic clock of owner sessions: a laptop that slept with owner mode open asks for the PIN again
    const onResume = () => { opened.sessions.lockAll(); schedule.closeNow(); };
    powerMonitor.on('resume', onResume);
    stopSchedule = () => { powerMonitor.off('resume', onResume); schedule.stop(); };

    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          isMac: process.platform === 'darwin',
          isDev,
          actions: {
            backupNow: () => void backupNow(),
            exportData: () => sendMenuCommand('export'),
            about: () => void about(),
            openDemoShop: () => sendMenuCommand('open-demo'),
          },
        }),
      ),
    );

    mainWindow = createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow();
    });
  }).catch((err: unknown) => {
    if (err instanceof Reported) return;
    dialog.showErrorBox('Passbook could not start', String((err as Error)?.stack ?? err));
    app.exit(1);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('will-quit', () => {
    stopSchedule();
    passbook?.close();
  });
}

// One Passbook per data folder: two processes must never write the same ledger.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}
