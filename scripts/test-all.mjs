// npm test: every check CI runs, in order, with one summary at the end.
// typecheck -> unit + integration (vitest, real SQLite files) -> build -> end-to-end (Playwright:
// Chromium through the headless host, and the real Electron app where its binary exists) -> security scan.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const UNIT_REPORT = 'test-results/unit-report.json';
const E2E_REPORT = 'test-results/e2e-report.json';

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['api docs up to date + unit + integration', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_REPORT}`]],
  ['build renderer', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  ['build electron shell', 'node', ['scripts/build-electron.mjs']],
  ['browser for end-to-end', 'node', ['scripts/ensure-browser.mjs']],
  ['end-to-end (Playwright)', 'npx', ['playwright', 'test'], { PASSBOOK_PW_JSON: E2E_REPORT }],
  ['electron security scan', 'node', ['scripts/security-scan.mjs']],
];

// reports of an earlier run must not be taken for this one's
for (const f of [UNIT_REPORT, E2E_REPORT]) fs.rmSync(f, { force: true });

const results = [];
for (const [name, cmd, args, env = {}] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1', ...env } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  if (!ok && (name.startsWith('build') || name === 'browser for end-to-end')) break; // later steps need these
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
if (failed) printFailures();
process.exit(failed ? 1 : 0);

// A CI log is long and may be cut: name every failed test once more, last, with the start of its error.
function printFailures() {
  const lines = [];
  const unit = readJson(UNIT_REPORT);
  for (const file of unit?.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) lines.push(`unit  ${file.name.replace(process.cwd() + '/', '')} > ${t.fullName}`, ...firstLines(t.failureMessages?.join('\n')));
    if (file.status === 'failed' && failedTests.length === 0) lines.push(`unit  ${file.name}`, ...firstLines(file.message));
  }
  const e2e = readJson(E2E_REPORT);
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const last = t.results?.[t.results.length - 1];
        lines.push(`e2e   ${spec.file}:${spec.line} > ${spec.title} [${t.projectName}]`, ...firstLines(last?.error?.message ?? last?.status));
      }
    }
    for (const s of suite.suites ?? []) walk(s);
  };
  for (const s of e2e?.suites ?? []) walk(s);
  for (const e of e2e?.errors ?? []) lines.push('e2e   (outside a test)', ...firstLines(e.message));
  if (lines.length === 0) return;
  console.log('\n=== failed tests');
  for (const l of lines) console.log(l);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function firstLines(text, n = 12) {
  // eslint-disable-next-line no-control-regex
  return String(text ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter((l) => l.trim() && !/node_modules|<anonymous>/.test(l)).slice(0, n).map((l) => `      ${l}`);
}
