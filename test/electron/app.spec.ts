// The real desktop app through Playwright's _electron: first-run screen, the preload's API surface, and no
// Node in the page. Runs wherever the Electron binary is installed; skips with the reason where it is not
// (CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(root, 'package.json'));

/** The npm package exports the binary's path, and throws when the binary was never downloaded. */
function electronBinary(): string | null {
  try {
    const p: unknown = require('electron');
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const electronPath = electronBinary();
export const electronBinaryAvailable = electronPath !== null;

const SKIP_REASON =
  'Electron binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD): node_modules/electron has no dist/. ' +
  'Run `node node_modules/electron/install.js` (with internet access) to run the desktop tests.';
if (!electronBinaryAvailable && process.env.TEST_WORKER_INDEX === undefined) console.log(`[electron] skipped: ${SKIP_REASON}`);

function node(script: string, ...args: string[]): void {
  execFileSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
}

test.describe('Passbook desktop app', () => {
  test.skip(!electronBinaryAvailable, SKIP_REASON);
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    test.setTimeout(600_000); // first run may compile better-sqlite3 for Electron
    node('scripts/ensure-electron-native.mjs');
    if (!fs.existsSync(path.join(root, 'dist/index.html'))) node('node_modules/vite/bin/vite.js', 'build');
    node('scripts/build-electron.mjs');
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-electron-'));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    app = await electron.launch({
      executablePath: electronPath!,
      args: [path.join(root, 'dist-electron/main.mjs'), ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...env, PASSBOOK_USER_DATA: userData },
      timeout: 60_000,
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  test('opens on the first-run screen', async () => {
    await expect(page.getByRole('heading', { name: 'Set up your shop' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Open the demo shop/ })).toBeVisible();
    expect(fs.existsSync(path.join(userData, 'passbook.sqlite'))).toBe(true);
  });

  test('window.passbook has exactly one function per contract method', async () => {
    const { methodNames } = await import('../../core/contract');
    const exposed = await page.evaluate(() => {
      const api = (window as unknown as { passbook?: Record<string, Record<string, unknown>> }).passbook;
      if (!api) return null;
      return Object.entries(api).flatMap(([g, leaves]) => Object.entries(leaves).map(([l, fn]) => `${g}.${l}:${typeof fn}`));
    });
    expect(exposed?.sort()).toEqual(methodNames.map((n) => `${n}:function`).sort());
    const status = await page.evaluate(() => (window as unknown as { passbook: { shop: { status(i: object): Promise<unknown> } } }).passbook.shop.status({}));
    expect(status).toMatchObject({ ok: true, value: { setUp: false } });
    const shell = await page.evaluate(() => Object.keys((window as unknown as { passbookShell?: object }).passbookShell ?? {}).sort());
    expect(shell).toEqual(['chooseBackupFile', 'isDesktop', 'onMenuCommand', 'printPageSize', 'printReady', 'print', 'saveBackup', 'saveExport', 'savePdf', 'saveText'].sort());
  });

  test('saveExport is for the owner, by a plain file name only', async () => {
    type Shell = { saveExport(o: unknown): Promise<{ ok: boolean; error?: { code: string } }> };
    const call = (o: unknown) => page.evaluate((arg) => (window as unknown as { passbookShell: Shell }).passbookShell.saveExport(arg), o);
    expect(await call({ fileName: 'passbook-journal-1.journal' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ fileName: 'x', path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  test('saveBackup is for the owner, by a plain file name only', async () => {
    type Shell = { saveBackup(o: unknown): Promise<{ ok: boolean; error?: { code: string } }> };
    const call = (o: unknown) => page.evaluate((arg) => (window as unknown as { passbookShell: Shell }).passbookShell.saveBackup(arg), o);
    expect(await call({ fileName: 'passbook-20260301-150000.sqlite' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ fileName: '../ledger.sqlite', path: '/media/stick' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  test('the page has no Node: no require, no process, no module', async () => {
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, module: typeof w.module, Buffer: typeof w.Buffer, ipc: typeof w.ipcRenderer };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', ipc: 'undefined' });
  });

  test('hardened: CSP in place, new windows and navigation refused, token kept in main', async () => {
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
    expect(csp).toContain("script-src 'self'");
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // the owner session token stays in main: an unlock answer carries only ok/value
    const unlocked = await page.evaluate(() => (window as unknown as { passbook: { owner: { unlock(i: object): Promise<unknown> } } }).passbook.owner.unlock({ pin: '0000' }));
    expect(Object.keys(unlocked as object).sort()).toEqual(['error', 'ok']);
    // navigating away is blocked: the page stays ours
    const before = page.url();
    await page.evaluate(() => { window.location.href = 'https://example.com/'; });
    await page.waitForTimeout(500);
    expect(page.url()).toBe(before);
  });

  // last: it sets a shop up in this ledger
  test('the first screen brings a shop back from a backup picked in the open dialog, owner PIN and all', async () => {
    const { tempApp } = await import('../support/tempApp');
    const old = tempApp(); // "Test Shop", owner PIN 2468
    const made = await old.callAsync('backup.create', {}, old.owner);
    const picked = path.join(old.ledger.backupsDir, made.fileName);
    old.close();
    // main's open dialog answers with the backup, as the owner picking it on a USB stick would
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [file] })) as typeof dialog.showOpenDialog;
    }, picked);
    await page.getByRole('button', { name: 'Choose the backup…' }).click();
    await expect(page.getByTestId('bring-back-preview')).toContainText('Test Shop (USD)');
    await page.getByRole('button', { name: 'Bring back Test Shop' }).click();
    await expect(page.getByRole('heading', { name: /Passbook · Test Shop/ })).toBeVisible();
    const unlocked = await page.evaluate(() => (window as unknown as { passbook: { owner: { unlock(i: object): Promise<{ ok: boolean }> } } }).passbook.owner.unlock({ pin: '2468' }));
    expect(unlocked.ok).toBe(true);
  });
});
