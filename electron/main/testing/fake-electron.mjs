// A stand-in for the `electron` module, just enough for dist-electron/main.mjs to start under plain Node.
// Used by bundle.test.ts to check the BUILT main bundle where the Electron binary cannot be installed.
// It records what main asks of Electron; it is not a simulation of Chromium.
import { EventEmitter } from 'node:events';

export const calls = { singleInstanceLock: 0, enableSandbox: 0, errors: [], menu: null, permissionRequest: null, permissionCheck: null, deviceCheck: null, downloads: 0, headersListener: null };
export const handlers = new Map();
export const windows = [];
let nextId = 1;

class FakeContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.windowOpenHandler = null;
    this.sent = [];
    this.mainFrame = { url: '', parent: null };
  }
  setWindowOpenHandler(fn) { this.windowOpenHandler = fn; }
  send(channel, ...args) { this.sent.push([channel, ...args]); }
}

const appEmitter = new EventEmitter();
const userData = process.env.FAKE_ELECTRON_USER_DATA;
export const app = Object.assign(appEmitter, {
  isPackaged: false,
  getPath: (name) => (name === 'userData' ? userData : `${userData}/${name}`),
  setPath() {},
  getVersion: () => '0.0.0-test',
  requestSingleInstanceLock() { calls.singleInstanceLock++; return true; },
  enableSandbox() { calls.enableSandbox++; },
  whenReady: () => new Promise((r) => setTimeout(r, 10)),
  quit() { calls.quit = true; },
  exit(code) { calls.exit = code; },
});

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeContents();
    this.loaded = null;
    windows.push(this);
    appEmitter.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows() { return windows; }
  static getFocusedWindow() { return windows[0] ?? null; }
  static fromWebContents(c) { return windows.find((w) => w.webContents === c) ?? null; }
  loadFile(f) { this.loaded = { file: f }; this.webContents.mainFrame.url = new URL(`file://${f}`).href; return Promise.resolve(); }
  loadURL(u) { this.loaded = { url: u }; return Promise.resolve(); }
  maximize() { this.maximized = true; }
  once(e, fn) { return super.once(e, fn); }
  isDestroyed() { return false; }
  isMaximized() { return !!this.maximized; }
  isMinimized() { return false; }
  getNormalBounds() { return { x: this.options.x, y: this.options.y, width: this.options.width, height: this.options.height }; }
  show() {}
  focus() {}
  restore() {}
  destroy() {}
}

export const ipcMain = { handle(channel, fn) { if (handlers.has(channel)) throw new Error(`handler registered twice: ${channel}`); handlers.set(channel, fn); } };

const sessionEmitter = new EventEmitter();
sessionEmitter.on('will-download', () => { calls.downloads++; });
export const session = {
  defaultSession: Object.assign(sessionEmitter, {
    setPermissionRequestHandler(fn) { calls.permissionRequest = fn; },
    setPermissionCheckHandler(fn) { calls.permissionCheck = fn; },
    setDevicePermissionHandler(fn) { calls.deviceCheck = fn; },
    webRequest: { onHeadersReceived(fn) { calls.headersListener = fn; } },
  }),
};

const display = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
export const screen = { getAllDisplays: () => [display], getPrimaryDisplay: () => display };
export const Menu = {
  buildFromTemplate: (t) => ({ template: t }),
  setApplicationMenu(m) { calls.menu = m; },
};
export const dialog = {
  showErrorBox(title, message) { calls.errors.push(`${title}: ${message}`); },
  showMessageBox: async () => ({ response: 0 }),
  // a test sets calls.savePath to answer the save dialog as an owner would; otherwise the owner cancels
  showSaveDialog: async () => (calls.savePath ? { canceled: false, filePath: calls.savePath } : { canceled: true }),
  // a test sets calls.openPath to answer the open dialog with a file; otherwise the person cancels
  showOpenDialog: async () => (calls.openPath ? { canceled: false, filePaths: [calls.openPath] } : { canceled: true, filePaths: [] }),
};
export const shell = { showItemInFolder() {}, openPath: async () => '' };
// main closes what is due on resume from sleep (timers do not count time asleep)
export const powerMonitor = new EventEmitter();
export const contextBridge = {};
export const ipcRenderer = {};

export default { app, BrowserWindow, ipcMain, session, screen, Menu, dialog, shell, powerMonitor, contextBridge, ipcRenderer };
