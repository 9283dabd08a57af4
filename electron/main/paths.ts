// Where the running app finds its pieces. Pure: no electron import (main passes app.isPackaged etc.).
//
//   <root>/dist/index.html                  renderer (Vite build)
//   <root>/dist-electron/main.mjs           this bundle          (mainDir)
//   <root>/dist-electron/preload.cjs        sandboxed preload
//   <root>/dist-electron/migrations/*.sql   ledger migrations, copied by scripts/build-electron.mjs
//   <root>/.electron-native/<v>/better_sqlite3.node   better-sqlite3 built for Electron's ABI (unpackaged runs)
//
// In a packaged app <root> is resources/app.asar; better-sqlite3 there was rebuilt for Electron by
// electron-builder (npmRebuild) and unpacked from the asar, so no nativeBinding override is needed.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  rootDir: string;
  indexHtml: string;
  indexFileUrl: string;
  preload: string;
  migrationsDir: string;
  icon: string;
  /** only for unpackaged runs (npm start): the Electron-ABI copy made by scripts/ensure-electron-native.mjs */
  nativeBinding?: string;
}

export const LEDGER_FILE_NAME = 'passbook.sqlite';
export const WINDOW_STATE_FILE_NAME = 'window-state.json';

export function nativeBindingPath(rootDir: string, electronVersion: string): string {
  return path.join(rootDir, '.electron-native', electronVersion, 'better_sqlite3.node');
}

export function resolveAppPaths(mainDir: string, opts: { isPackaged: boolean; electronVersion: string }): AppPaths {
  const rootDir = path.dirname(mainDir);
  const indexHtml = path.join(rootDir, 'dist', 'index.html');
  return {
    rootDir,
    indexHtml,
    indexFileUrl: pathToFileURL(indexHtml).href,
    preload: path.join(mainDir, 'preload.cjs'),
    migrationsDir: path.join(mainDir, 'migrations'),
    icon: path.join(rootDir, 'resources', 'icons', '512x512.png'),
    ...(opts.isPackaged ? {} : { nativeBinding: nativeBindingPath(rootDir, opts.electronVersion) }),
  };
}

/** The URL of a renderer route inside our page: routes are hash routes ('#/counter'). */
export function routeUrl(base: string, route: string): string {
  const u = new URL(base);
  u.hash = route;
  return u.href;
}
