// The BUILT main bundle (dist-electron/main.mjs), started under plain Node against a fake `electron`
// module: the closest check of the real wiring possible where Electron's binary cannot be installed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../core/contract';
import { SHELL_CHANNELS } from '../shell/channels';
import { CONTENT_SECURITY_POLICY } from './csp';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let report: Record<string, any>;
let userData: string;
let indexHtml: string;
let tmpRoot: string | undefined;

afterAll(() => {
  if (tmpRoot) fs.rmSync(tmpRoot, { recursive: true, force: true });
});

beforeAll(() => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bundle-'));
  tmpRoot = root;
  userData = path.join(root, 'userData');
  fs.mkdirSync(path.join(root, 'dist'));
  fs.writeFileSync(path.join(root, 'dist/index.html'), '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="./a.js"></script></head><body></body></html>');
  // the real build script, into the temp root (the repo's dist-electron/ is not touched)
  execFileSync(process.execPath, [path.join(repo, 'scripts/build-electron.mjs'), `--out=${root}`], { stdio: 'pipe' });
  indexHtml = fs.readFileSync(path.join(root, 'dist/index.html'), 'utf8');
  fs.mkdirSync(path.join(root, 'node_modules/electron'), { recursive: true });
  fs.copyFileSync(path.join(repo, 'electron/main/testing/fake-electron.mjs'), path.join(root, 'node_modules/electron/index.mjs'));
  fs.writeFileSync(path.join(root, 'node_modules/electron/package.json'), JSON.stringify({ name: 'electron', type: 'module', exports: './index.mjs' }));
  fs.symlinkSync(path.join(repo, 'node_modules/better-sqlite3'), path.join(root, 'node_modules/better-sqlite3'), 'dir');
  // the unpackaged path loads better-sqlite3 through nativeBinding from .electron-native/<version>/;
  // here that is Node's own build (same ABI as this Node), to exercise the path itself
  const version = '41.10.0';
  fs.mkdirSync(path.join(root, '.electron-native', version), { recursive: true });
  fs.copyFileSync(path.join(repo, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), path.join(root, '.electron-native', version, 'better_sqlite3.node'));
  report = drive(root, userData);
}, 60_000);

function drive(root: string, dataDir: string): Record<string, any> {
  const out = execFileSync(process.execPath, [path.join(repo, 'electron/main/testing/drive-main.mjs'), root], {
    env: { ...process.env, FAKE_ELECTRON_USER_DATA: dataDir, FAKE_ELECTRON_VERSION: '41.10.0', PASSBOOK_DEV_URL: '', PASSBOOK_USER_DATA: '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(out);
}

describe('built main bundle (fake electron)', () => {
  it('starts without errors, takes the single-instance lock, forces the sandbox, opens the ledger in userData', () => {
    expect(report.errors).toEqual([]);
    expect(report.singleInstanceLock).toBe(1);
    expect(report.resumeListeners, 'period close runs again on resume from sleep').toBe(1);
    expect([report.ownerBeforeSleep, report.ownerAfterResume], 'owner mode ends when the computer wakes').toEqual([true, false]);
    expect(report.enableSandbox).toBe(1);
    expect(fs.existsSync(path.join(userData, 'passbook.sqlite'))).toBe(true);
    expect(report.loaded.file).toMatch(/dist[\\/]index\.html$/);
  });
  it('registers every contract method and the shell channels, nothing else', () => {
    expect(report.channels).toEqual([...methodNames.map((n) => `passbook:${n}`), ...Object.values(SHELL_CHANNELS).filter((c) => c !== SHELL_CHANNELS.menuCommand)].sort());
  });
  it('the window is isolated, sandboxed, without Node, with the built preload', () => {
    expect(report.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(report.webPreferences.preload).toMatch(/dist-electron[\\/]preload\.cjs$/);
    expect(fs.existsSync(report.webPreferences.preload)).toBe(true);
  });
  it('answers our page, refuses other pages, sub-frames and bad shell input', () => {
    expect(report.status).toMatchObject({ ok: true, value: { setUp: false } });
    expect(report.foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.subframe).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.shellForeign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(report.shellInvalid).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
  it('offers the open dialog for a backup to anyone before a shop is set up, and then to the owner only', () => {
    expect(report.chooseBackupBeforeSetup).toEqual({ ok: true, value: { chosen: false } });
    expect(report.chooseBackupNoOwner).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'This needs the owner PIN.' } });
  });
  it('before setup keeps only the newest chosen file in incoming/, private to the account', () => {
    expect(report.pickFirst).toMatchObject({ ok: true, value: { chosen: true, fileName: expect.stringMatching(/-old-stick\.sqlite$/) } });
    expect(report.pickSecond).toMatchObject({ ok: true, value: { chosen: true, fileName: expect.stringMatching(/-new-stick\.sqlite$/) } });
    expect(report.pickedFiles).toEqual([report.pickSecond.value.fileName]);
    expect(report.pickedMode).toBe('600');
  });
  it('saves a copy of a backup where the owner chose (a USB stick), whole, owner only, by a backup\'s name only', () => {
    expect(report.saveBackupNoOwner).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'This needs the owner PIN.' } });
    const stick = path.join(path.dirname(userData), 'stick');
    expect(report.saveBackup).toEqual({ ok: true, value: { saved: true, path: path.join(stick, 'shop copy.sqlite') } });
    const copy = fs.readFileSync(path.join(stick, 'shop copy.sqlite'));
    expect(copy.length).toBe(report.madeBackup.bytes);
    expect(copy.equals(fs.readFileSync(path.join(userData, 'backups', report.madeBackup.fileName)))).toBe(true);
    // the extension main added makes another name than the one typed: never replaced without asking
    expect(report.saveBackupAgain).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(report.saveBackupMissing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(report.saveBackupLedger).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(report.stick).toEqual(['shop copy.sqlite']);
  });
  it('blocks new windows, navigation away, and permissions', () => {
    expect(report.windowOpen).toEqual({ action: 'deny' });
    expect(report.navigateAway).toBe(true);
    expect(report.navigateFile).toBe(true);
    expect(report.navigateOwn).toBe(false);
    expect(report.permissionGranted).toBe(false);
    expect(report.permissionCheck).toBe(false);
    expect(report.csp).toEqual({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  it('the build put the CSP meta tag into index.html, before any script', () => {
    const at = indexHtml.indexOf(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`);
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(indexHtml.indexOf('<script'));
  });
  it('refuses to show a page that lacks the CSP meta tag', () => {
    const root = tmpRoot!;
    const file = path.join(root, 'dist/index.html');
    const good = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, '<!doctype html><html><head><script type="module" src="./a.js"></script></head><body></body></html>');
    try {
      const r = drive(root, path.join(root, 'userData2'));
      expect(r.noWindow ?? false).toBe(false); // the window object exists, but nothing was loaded into it
      expect(r.errors.join('\n')).toMatch(/lacks its Content-Security-Policy/);
      expect(r.loaded).toBeNull();
    } finally {
      fs.writeFileSync(file, good);
    }
  });
  it('has the File and Help menus', () => {
    const menu = Object.fromEntries(report.menu);
    expect(menu.File).toEqual(['Back up now…', 'Export…', 'Quit']);
    expect(menu.Help).toEqual(['About Passbook', 'Open demo shop']);
  });
});
