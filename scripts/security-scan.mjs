#!/usr/bin/env node
// `npm run test:security`: Electronegativity (Doyensec) over the Electron code, from an isolated tools folder.
//
//   1. installs tools/electronegativity with `npm ci` when it is missing (its own package-lock.json)
//   2. scans a copy of electron/ (shipped code: tests and test fakes left out), the root package.json, and an
//      index.html carrying the exact Content-Security-Policy the build writes into dist/index.html
//   3. writes SARIF to tools/electronegativity/out/electronegativity.sarif
//   4. fails (exit 1) on any finding not listed in tools/electronegativity/suppressions.json, where each
//      suppression and each excluded check carries a written justification
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = path.join(root, 'tools/electronegativity');
const toolPkg = path.join(toolDir, 'node_modules/@doyensec/electronegativity/package.json');
const outFile = path.join(toolDir, 'out/electronegativity.sarif');
const suppressionsFile = path.join(toolDir, 'suppressions.json');
const require = createRequire(path.join(root, 'package.json'));
const MIN_JUSTIFICATION = 30;

function die(message) {
  console.error(`security-scan: FAILED: ${message}`);
  process.exit(1);
}

function npm(args) {
  // inside `npm run`, npm_execpath is npm's own CLI; otherwise the npm on PATH
  const viaNode = process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath);
  const r = viaNode
    ? spawnSync(process.execPath, [process.env.npm_execpath, ...args], { cwd: root, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status === 0;
}

function ensureTool() {
  const wanted = JSON.parse(fs.readFileSync(path.join(toolDir, 'package.json'), 'utf8')).dependencies['@doyensec/electronegativity'];
  if (fs.existsSync(toolPkg) && JSON.parse(fs.readFileSync(toolPkg, 'utf8')).version === wanted) return wanted;
  console.log(`security-scan: installing @doyensec/electronegativity ${wanted} into tools/electronegativity (npm ci)`);
  if (!npm(['ci', '--prefix', toolDir, '--no-audit', '--no-fund'])) die('npm ci in tools/electronegativity failed');
  if (!fs.existsSync(toolPkg)) die('electronegativity is still not installed after npm ci');
  return wanted;
}

function loadSuppressions() {
  const raw = JSON.parse(fs.readFileSync(suppressionsFile, 'utf8'));
  const problems = [];
  const just = (e, where) => {
    if (typeof e.justification !== 'string' || e.justification.trim().length < MIN_JUSTIFICATION) {
      problems.push(`${where}: needs a written justification (${MIN_JUSTIFICATION}+ characters)`);
    }
  };
  const excluded = raw.excludedChecks ?? [];
  const suppressions = raw.suppressions ?? [];
  excluded.forEach((e, i) => {
    if (typeof e.check !== 'string' || !/^[A-Z_]+$/.test(e.check)) problems.push(`excludedChecks[${i}]: "check" must be a check id`);
    just(e, `excludedChecks[${i}] (${e.check})`);
  });
  suppressions.forEach((s, i) => {
    const extra = Object.keys(s).filter((k) => !['check', 'file', 'match', 'justification'].includes(k));
    if (extra.length) problems.push(`suppressions[${i}]: unknown field(s) ${extra.join(', ')}`);
    if (typeof s.check !== 'string' || typeof s.file !== 'string') problems.push(`suppressions[${i}]: "check" and "file" are required`);
    if (s.match !== undefined && (typeof s.match !== 'string' || !s.match.trim())) problems.push(`suppressions[${i}]: "match" must be a non-empty string`);
    just(s, `suppressions[${i}] (${s.check} in ${s.file})`);
  });
  if (problems.length) die(`tools/electronegativity/suppressions.json:\n  ${problems.join('\n  ')}`);
  return { excluded, suppressions };
}

/** The policy the build writes into dist/index.html, read from electron/main/csp.ts itself. */
async function cspHtml() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-csp-'));
  try {
    const file = path.join(tmp, 'csp.mjs');
    await build({ entryPoints: [path.join(root, 'electron/main/csp.ts')], bundle: true, platform: 'node', format: 'esm', outfile: file, logLevel: 'silent' });
    const { injectCspMeta } = await import(pathToFileURL(file).href);
    return injectCspMeta('<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <title>Passbook</title>\n    <script type="module" crossorigin src="./assets/index.js"></script>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Shipped Electron code only: unit tests and the fake electron used by tests are not part of the app. */
function stageInput(dir, html) {
  const shipped = (src) => {
    const rel = path.relative(path.join(root, 'electron'), src).split(path.sep);
    const base = rel[rel.length - 1] ?? '';
    return !rel.includes('testing') && !/\.test\.[cm]?[jt]sx?$/.test(base);
  };
  fs.cpSync(path.join(root, 'electron'), path.join(dir, 'electron'), { recursive: true, filter: shipped });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist/index.html'), html);
}

function runTool(input, electronVersion, excluded) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.rmSync(outFile, { force: true });
  const cli = path.join(path.dirname(toolPkg), 'dist/index.js');
  const args = [cli, '-i', input, '-o', outFile, '-r', '-v', 'false', '-e', electronVersion];
  // the CLI names checks by class name, case-insensitively: AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK → availablesecurityfixesglobalcheck
  if (excluded.length) args.push('-x', excluded.map((e) => e.check.replace(/_/g, '').toLowerCase()).join(','));
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en' }, timeout: 300_000 });
  const chatter = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').filter((l) => l.trim() && !/translations for the current locale/.test(l));
  if (chatter.length) console.log(chatter.map((l) => `  electronegativity: ${l}`).join('\n'));
  if (r.error) die(`electronegativity did not run: ${r.error.message}`);
  if (r.status !== 0) die(`electronegativity exited with ${r.status}`);
  if (!fs.existsSync(outFile)) die('electronegativity wrote no results file');
}

function readFindings(input) {
  let sarif;
  try {
    sarif = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  } catch (e) {
    die(`cannot read ${path.relative(root, outFile)}: ${e.message}`);
  }
  const run = sarif.runs?.[0];
  if (!run || !Array.isArray(run.results)) die('the results file has no runs/results');
  return run.results.map((r) => {
    const loc = r.locations?.[0]?.physicalLocation;
    const file = (loc?.artifactLocation?.uri ?? 'N/A').replace(/\\/g, '/');
    const line = loc?.region?.startLine ?? 0;
    let source = '';
    try {
      source = fs.readFileSync(path.join(input, file), 'utf8').split('\n')[line - 1]?.trim() ?? '';
    } catch {
      /* global findings have no file */
    }
    return { check: r.ruleId, level: r.level, message: r.message?.text ?? '', file, line, source };
  });
}

async function main() {
  const started = Date.now();
  const version = ensureTool();
  const electronVersion = JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const { excluded, suppressions } = loadSuppressions();

  const input = fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-scan-'));
  try {
    stageInput(input, await cspHtml());
    const scanned = fs.readdirSync(path.join(input, 'electron'), { recursive: true }).filter((f) => /\.(ts|tsx|js|mjs|cjs)$/.test(String(f)));
    if (scanned.length === 0) die('no Electron source files to scan');
    runTool(input, electronVersion, excluded);
    const findings = readFindings(input);

    const used = new Set();
    const open = [];
    const quiet = [];
    for (const f of findings) {
      const i = suppressions.findIndex((s) => s.check === f.check && s.file === f.file && (!s.match || f.source.includes(s.match)));
      if (i >= 0) {
        used.add(i);
        quiet.push({ ...f, why: suppressions[i].justification });
      } else open.push(f);
    }

    console.log(`\nsecurity-scan: Electronegativity ${version}, Electron ${electronVersion}, ${scanned.length} source files + package.json + dist/index.html (CSP)`);
    console.log(`  results: ${path.relative(root, outFile)}`);
    for (const e of excluded) console.log(`  excluded check ${e.check}: ${e.justification}`);
    for (const q of quiet) console.log(`  suppressed ${q.check} ${q.file}:${q.line}: ${q.why}`);
    suppressions.forEach((s, i) => {
      if (!used.has(i)) console.log(`  warning: suppression no longer needed: ${s.check} in ${s.file}${s.match ? ` (${s.match})` : ''}`);
    });
    for (const f of open) console.log(`  FINDING ${f.check} [${f.level}] ${f.file}:${f.line}: ${f.message}${f.source ? `\n      ${f.source}` : ''}`);
    console.log(`security-scan: ${findings.length} findings, ${quiet.length} suppressed with a justification, ${open.length} open — ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (open.length) {
      console.error('security-scan: FAILED: fix the findings above, or add a justified suppression to tools/electronegativity/suppressions.json');
      process.exit(1);
    }
    console.log('security-scan: passed');
  } finally {
    fs.rmSync(input, { recursive: true, force: true });
  }
}

main().catch((err) => die(err?.stack ?? String(err)));
