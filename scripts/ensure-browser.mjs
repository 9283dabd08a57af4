#!/usr/bin/env node
// Before the end-to-end tests: make sure a Chromium exists. /usr/bin/chromium (Debian, CI) is used when
// present; otherwise Playwright's own build, downloaded once with `npx playwright install chromium`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

if (existsSync('/usr/bin/chromium')) {
  console.log('ensure-browser: using /usr/bin/chromium');
  process.exit(0);
}
let installed = false;
try {
  const require = createRequire(import.meta.url);
  const { chromium } = require('@playwright/test');
  installed = existsSync(chromium.executablePath());
} catch {
  installed = false;
}
if (installed) {
  console.log('ensure-browser: Playwright Chromium is installed');
  process.exit(0);
}
console.log('ensure-browser: no Chromium found; running `npx playwright install chromium`');
const r = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
