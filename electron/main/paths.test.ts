import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPaths, routeUrl } from './paths';

describe('app paths', () => {
  const mainDir = path.resolve('/work/app/dist-electron');
  it('unpackaged: the Electron-ABI better-sqlite3 copy is used', () => {
    const p = resolveAppPaths(mainDir, { isPackaged: false, electronVersion: '41.10.0' });
    expect(p.indexHtml).toBe(path.resolve('/work/app/dist/index.html'));
    expect(p.preload).toBe(path.join(mainDir, 'preload.cjs'));
    expect(p.migrationsDir).toBe(path.join(mainDir, 'migrations'));
    expect(p.nativeBinding).toBe(path.resolve('/work/app/.electron-native/41.10.0/better_sqlite3.node'));
    expect(p.indexFileUrl.startsWith('file://')).toBe(true);
  });
  it('packaged: no nativeBinding override (electron-builder rebuilt better-sqlite3 for Electron)', () => {
    const p = resolveAppPaths(path.resolve('/opt/Passbook/resources/app.asar/dist-electron'), { isPackaged: true, electronVersion: '41.10.0' });
    expect(p.nativeBinding).toBeUndefined();
    expect(p.indexHtml).toBe(path.resolve('/opt/Passbook/resources/app.asar/dist/index.html'));
  });
  it('routes are hash routes of the index page', () => {
    expect(routeUrl('file:///opt/dist/index.html', '/print/statement/3?from=2026-03-01')).toBe('file:///opt/dist/index.html#/print/statement/3?from=2026-03-01');
    expect(routeUrl('http://localhost:5174/', '/counter')).toBe('http://localhost:5174/#/counter');
  });
});
