#!/usr/bin/env node
// `npm start`: open the real app.
//   1. find the Electron binary (fail early, with the fix, when it was never downloaded)
//   2. better-sqlite3 for Electron's ABI in .electron-native/ (node_modules stays Node's, for `npm test`)
//   3. build the renderer (vite build → dist/) and the Electron side (→ dist-electron/)
//   4. run Electron on dist-electron/main.mjs
// Extra arguments go to Electron. PASSBOOK_DEV_URL=http://localhost:5174 uses a running Vite dev server
// instead of building the renderer (unpackaged runs only; loopback only).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

function electronBinary() {
  try {
    const p = require('electron'); // the npm package exports the path of the downloaded binary
    if (typeof p === 'string' && fs.existsSync(p)) return p;
  } catch {
    /* not downloaded */
  }
  return null;
}

function step(label, args) {
  console.log(`\n> ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\nnpm start: "${label}" failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

const electron = electronBinary();
if (!electron) {
  console.error(
    [
      'npm start: the Electron binary is not installed.',
      '',
      'node_modules/electron has no dist/ folder: it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1',
      '(as CI does) or the download failed. Install it again, with internet access and without that variable:',
      '',
      '    unset ELECTRON_SKIP_BINARY_DOWNLOAD',
      '    rm -rf node_modules/electron && npm install',
      '',
      '(or fetch just the binary: node node_modules/electron/install.js)',
      '',
      'Everything else works without it: `npm test`, and `npm run serve` (the app in a browser).',
    ].join('\n'),
  );
  process.exit(1);
}

step('better-sqlite3 for Electron', [path.join(root, 'scripts/ensure-electron-native.mjs')]);
if (!process.env.PASSBOOK_DEV_URL) {
  step('vite build', [path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'), 'build']);
}
step('build Electron main and preload', [path.join(root, 'scripts/build-electron.mjs')]);

console.log('\n> electron dist-electron/main.mjs');
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE; // would turn Electron into plain Node
const child = spawn(electron, [path.join(root, 'dist-electron/main.mjs'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
child.on('error', (err) => {
  console.error(`npm start: could not run Electron (${electron}): ${err.message}`);
  process.exit(1);
});
