// Build the renderer once before the end-to-end run, into its own folder (test-results/renderer-dist):
// the hosts of this run serve that copy, so a `vite build` elsewhere in the checkout cannot pull dist/
// out from under a running test.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { E2E_DIST, ROOT } from './paths';

export default function globalSetup(): void {
  if (process.env.PASSBOOK_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', E2E_DIST, '--emptyOutDir'], { cwd: ROOT, stdio: 'inherit' });
}
