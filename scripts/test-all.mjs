// npm test: every check CI runs, in order, with one summary at the end.
// typecheck -> unit + integration (vitest, real SQLite files) -> build -> end-to-end (Playwright:
// Chromium through the headless host, and the real Electron app where its binary exists) -> security scan.
import { spawnSync } from 'node:child_process';

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['api docs up to date + unit + integration', 'npx', ['vitest', 'run']],
  ['build renderer', 'npx', ['vite', 'build', '--logLevel', 'warn']],
  ['build electron shell', 'node', ['scripts/build-electron.mjs']],
  ['browser for end-to-end', 'node', ['scripts/ensure-browser.mjs']],
  ['end-to-end (Playwright)', 'npx', ['playwright', 'test']],
  ['electron security scan', 'node', ['scripts/security-scan.mjs']],
];

const results = [];
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  if (!ok && (name.startsWith('build') || name === 'browser for end-to-end')) break; // later steps need these
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
