#!/usr/bin/env node
// better-sqlite3 for Electron's ABI, WITHOUT touching node_modules (which stays built for Node, for tests).
//
//   .electron-native/<electron version>/better_sqlite3.node   (+ stamp.json)
//
// Made only when missing or stale: copy node_modules/better-sqlite3 to a temp dir, then
//   1. prebuild-install --runtime electron --target <version>          (downloads a prebuilt binary), or
//   2. node-gyp rebuild --release --runtime=electron --target=<version> --dist-url=https://electronjs.org/headers
// Electron main passes the file to better-sqlite3 as `nativeBinding` in unpackaged runs (npm start).
// Packaged apps do not use this: electron-builder rebuilds better-sqlite3 for Electron (npmRebuild).
//
// Usage: node scripts/ensure-electron-native.mjs [--check] [--force] [--verify=<file.node>]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const args = new Set(process.argv.slice(2));

const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const electronVersion = readJson(require.resolve('electron/package.json')).version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = readJson(path.join(sqliteDir, 'package.json')).version;
const targetDir = path.join(root, '.electron-native', electronVersion);
const target = path.join(targetDir, 'better_sqlite3.node');
const stampFile = path.join(targetDir, 'stamp.json');
const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

function upToDate() {
  if (!fs.existsSync(target) || !fs.existsSync(stampFile)) return false;
  try {
    const s = readJson(stampFile);
    return Object.entries(stamp).every(([k, v]) => s[k] === v);
  } catch {
    return false;
  }
}

const electronAbi = fs.readFileSync(path.join(path.dirname(require.resolve('electron/package.json')), 'abi_version'), 'utf8').trim();

/** The environment for the build tools: Electron as the runtime, and no nodedir (a user's `nodedir=/usr` in
 * .npmrc reaches us as npm_config_nodedir and would make node-gyp compile against Node's headers). */
function buildEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_config_(nodedir|runtime|target|disturl|dist_url|arch)$/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_disturl: 'https://electronjs.org/headers' };
}

function run(cmd, argv, cwd) {
  console.log(`ensure-electron-native: ${path.basename(argv[0] ?? cmd)} ${argv.slice(1).join(' ')}`);
  const r = spawnSync(cmd, argv, { cwd, stdio: 'inherit', env: buildEnv() });
  return r.status === 0;
}

/**
 * Make sure a binary is for Electron's ABI (node_modules/electron/abi_version), not Node's: this Node must refuse
 * to load it and name Electron's NODE_MODULE_VERSION. Returns null when fine, else the reason.
 */
export function abiProblem(file) {
  if (electronAbi === process.versions.modules) return null; // same ABI: nothing to tell apart
  const r = spawnSync(process.execPath, ['-e', `try { process.dlopen({ exports: {} }, ${JSON.stringify(file)}); console.log('LOADED') } catch (e) { console.log(e.message) }`], { encoding: 'utf8' });
  const out = `${r.stdout}`.trim();
  if (out === 'LOADED') return `it loads in Node ${process.version} (ABI ${process.versions.modules}): it was built for Node, not for Electron (ABI ${electronAbi})`;
  const m = /NODE_MODULE_VERSION (\d+)/.exec(out);
  if (m && m[1] !== electronAbi) return `it was built for ABI ${m[1]}, Electron ${electronVersion} needs ${electronAbi}`;
  return null;
}

/**
 * A build tool's script, found without relying on how npm hoisted node_modules: from the project, from
 * better-sqlite3's own dependencies (prebuild-install is one), or the node-gyp that ships inside npm.
 */
function toolBin(pkg, bin) {
  const bases = [require, createRequire(path.join(sqliteDir, 'package.json'))];
  if (process.env.npm_execpath) bases.push(createRequire(process.env.npm_execpath));
  for (const r of bases) {
    try {
      const file = path.join(path.dirname(r.resolve(`${pkg}/package.json`)), bin);
      if (fs.existsSync(file)) return file;
    } catch {
      /* next */
    }
  }
  const npmDir = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', pkg, bin);
  return fs.existsSync(npmDir) ? npmDir : null;
}

function build() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-electron-native-'));
  const work = path.join(tmp, 'better-sqlite3');
  try {
    // the sources only: never the Node build in build/ (that is what the tests use)
    fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => path.relative(sqliteDir, src).split(path.sep)[0] !== 'build' });
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');

    const prebuild = toolBin('prebuild-install', 'bin.js');
    let ok = !!prebuild && run(process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform, '--verbose'], work) && fs.existsSync(built);
    if (!ok) {
      console.log('ensure-electron-native: no prebuilt binary; compiling against Electron headers (about 90 s)');
      const gyp = toolBin('node-gyp', 'bin/node-gyp.js');
      if (!gyp) {
        console.error('ensure-electron-native: node-gyp not found (neither in node_modules nor bundled with npm)');
        return false;
      }
      ok = run(process.execPath, [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], work) && fs.existsSync(built);
    }
    if (!ok) return false;
    const problem = abiProblem(built);
    if (problem) {
      console.error(`ensure-electron-native: the binary is wrong: ${problem}`);
      return false;
    }
    fs.mkdirSync(targetDir, { recursive: true });
    fs.copyFileSync(built, `${target}.partial`);
    fs.renameSync(`${target}.partial`, target);
    fs.writeFileSync(stampFile, JSON.stringify({ ...stamp, builtAt: new Date().toISOString() }, null, 2) + '\n');
    return true;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const verify = process.argv.find((a) => a.startsWith('--verify='));
if (verify) {
  // node scripts/ensure-electron-native.mjs --verify=<file.node>: is this binary for Electron's ABI?
  const problem = abiProblem(path.resolve(verify.slice('--verify='.length)));
  console.log(problem ? `not for Electron: ${problem}` : `for Electron ${electronVersion} (ABI ${electronAbi})`);
  process.exit(problem ? 1 : 0);
}

if (upToDate() && !args.has('--force')) {
  console.log(`ensure-electron-native: better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} is ready (${path.relative(root, target)})`);
  process.exit(0);
}
if (args.has('--check')) {
  console.log(`ensure-electron-native: missing ${path.relative(root, target)}`);
  process.exit(1);
}
if (!build()) {
  console.error(
    `ensure-electron-native: could not get better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch}).\n` +
      'It needs either internet access to download a prebuilt binary, or a C++ toolchain (python3, make, g++ /\n' +
      'Visual Studio Build Tools / Xcode command line tools) and internet access for the Electron headers.\n' +
      'node_modules was not changed: `npm test` keeps working.',
  );
  process.exit(1);
}
console.log(`ensure-electron-native: built ${path.relative(root, target)}`);
