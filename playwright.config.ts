// End-to-end tests. "chromium": the built renderer through the headless host (each spec file starts its own
// host on a free port with a fresh temporary ledger in --test mode: test/e2e/support/host.ts).
// "electron": the real app through Playwright's _electron (test/electron; skips where the binary is absent).
import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const executablePath = fs.existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;

export default defineConfig({
  globalSetup: './test/e2e/support/global-setup.ts',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  // list for people; json so `npm test` can name each failure again at the very end of a long CI log
  reporter: [['list'], ['json', { outputFile: process.env.PASSBOOK_PW_JSON ?? 'test-results/e2e-report.json' }]],
  use: {
    viewport: { width: 1024, height: 768 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-US',
    timezoneId: 'America/New_York',
  },
  projects: [
    {
      name: 'chromium',
      testDir: 'test/e2e',
      // each project its own output folder: running one project never wipes the other's traces
      outputDir: process.env.PASSBOOK_PW_OUT ?? 'test-results/e2e',
      use: {
        browserName: 'chromium',
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    {
      name: 'electron',
      testDir: 'test/electron',
      outputDir: 'test-results/electron',
    },
  ],
});
