// 100k customers: search stays responsive; p95 of scan -> customer and balance on screen, and of
// Enter -> new balance on screen, each over 50 repetitions. Printed as figures (no assertion on time)
// and written to bench/ui-results.json for `npm run bench`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startHost, type Host } from './support/host';
import { seedCustomers, type Seeded } from '../support/seedCustomers';
import { axe, shot } from './support/checks';

const CUSTOMERS = Number(process.env.PASSBOOK_UI_BENCH_CUSTOMERS ?? 100_000);
const REPS = 50;

test.describe.configure({ mode: 'serial', timeout: 600_000 });
// No trace here: the config records one for every test (kept on failure), and its DOM snapshot at each
// keypress and expect ran on the page's main thread inside the measured window. A CPU profile of the loop
// showed it as the largest item, and with it on Enter -> new balance measured 37 ms at p50 instead of 23.
// A shop's counter runs no tracer.
test.use({ trace: 'off' });

let host: Host & { stop(): Promise<void> };
let seeded: Seeded;
let dir: string;

test.beforeAll(async () => {
  test.setTimeout(600_000);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-100k-'));
  const file = path.join(dir, 'ledger.sqlite');
  seeded = seedCustomers(file, CUSTOMERS, REPS + 10);
  console.log(`seeded ${seeded.customers} customers (${seeded.withPass.length} with a pass) in ${seeded.seconds.toFixed(1)} s`);
  host = await startHost({ dbFile: file });
});
test.afterAll(async () => {
  await host?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const round = (n: number) => Math.round(n * 10) / 10;

/** duration of the last call to `method` in this page (request start -> response end), from resource timing */
async function apiMs(page: Page, method: string): Promise<number> {
  return page.evaluate((m) => {
    const e = performance.getEntriesByType('resource').filter((r) => r.name.endsWith(`/api/${m}`)).at(-1) as PerformanceResourceTiming | undefined;
    performance.clearResourceTimings();
    return e ? e.responseEnd - e.startTime : NaN;
  }, method);
}

/** performance.now() of the last Enter keydown, recorded in the page before the app sees it */
async function installEnterClock(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __enterAt: number; __keyAt: number };
    w.__enterAt = 0; w.__keyAt = 0;
    window.addEventListener('keydown', (e) => { w.__keyAt = performance.now(); if (e.key === 'Enter') w.__enterAt = performance.now(); }, true);
    // the frame in which the search results (or the search hint) last changed: what the cashier sees
    const s = window as unknown as { __searchPaintAt: number };
    s.__searchPaintAt = 0;
    new MutationObserver((records) => {
      if (records.some((r) => (r.target as Element).closest?.('[data-testid="results"], #search-hint') || (r.target.parentElement?.closest('[data-testid="results"], #search-hint')))) {
        requestAnimationFrame(() => { s.__searchPaintAt = performance.now(); });
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

test('search, scan and redeem stay fast with 100k customers', async ({ page }) => {
  await installEnterClock(page);
  await page.goto(host.url);
  const search = page.getByTestId('search');
  await expect(search).toBeFocused();

  // search as you type: last key -> matching list on screen
  const searchMs: number[] = [];
  for (const q of ['Grace', 'Nguyen', 'Zoe Park', '555 000', 'Omar Singh 4', 'Lena', 'Tan', 'Hugo B', 'Isla 7', 'Kai Walsh']) {
    await page.keyboard.press('Escape');
    // a person typing: 60 ms a key. Playwright's type() waits that long after the last key too, so the time
    // is taken in the page (last keydown -> the frame where the results last changed), not by polling after it
    await page.keyboard.type(q, { delay: 60 });
    await page.waitForFunction(() => {
      const list = document.querySelector('[data-testid="results"]');
      const busy = document.querySelector('#search-hint')?.textContent?.includes('Searching');
      return list && list.querySelectorAll('[role="option"]').length > 0 && !busy;
    }, undefined, { polling: 'raf', timeout: 30_000 });
    await page.waitForTimeout(250); // any answer still on its way lands (and counts) before we read the clock
    const ms = await page.evaluate(() => {
      const w = window as unknown as { __keyAt: number; __searchPaintAt: number };
      return w.__searchPaintAt - w.__keyAt;
    });
    // the list (or its hint) changes after every key; a frame before the last key would measure nothing (it was
    // clamped to 0 before, which could only make the figure look better)
    expect(ms, `"${q}": the results changed after the last key`).toBeGreaterThan(0);
    searchMs.push(ms);
    if (process.env.PASSBOOK_UI_BENCH_VERBOSE) console.log(`search "${q}": ${ms.toFixed(1)} ms, last api ${(await apiMs(page, 'customers.search')).toFixed(1)} ms`);
  }
  await shot(page, '30-100k-search');
  await axe(page, 'search among 100k');
  await page.keyboard.press('Escape');

  // scan -> customer and balance on screen
  const scanMs: number[] = [];
  const scanApiMs: number[] = [];
  await page.evaluate(() => performance.clearResourceTimings());
  for (let i = 0; i < REPS; i++) {
    const c = seeded.withPass[i]!;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.type(c.code, { delay: 2 });
    await page.keyboard.press('Enter');
    const ms = await page.waitForFunction((name) => {
      const w = window as unknown as { __enterAt: number };
      const h = document.querySelector('#customer-name');
      const b = document.querySelector('[data-testid="balance"]');
      return h?.textContent === name && b?.textContent ? performance.now() - w.__enterAt : false;
    }, c.name, { polling: 'raf', timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>);
    scanMs.push(ms);
    scanApiMs.push(await apiMs(page, 'customers.byCode'));
  }
  await shot(page, '31-100k-scanned');

  // Enter -> the committed new balance on screen (one cappuccino each time)
  const c = seeded.withPass[REPS]!;
  await page.keyboard.press('Escape');
  await page.keyboard.type(c.code, { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: c.name })).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('1,000');
  const redeemMs: number[] = [];
  const redeemApiMs: number[] = [];
  await page.evaluate(() => performance.clearResourceTimings());
  for (let i = 0; i < REPS; i++) {
    await page.keyboard.press('1');
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await page.keyboard.press('Enter');
    const expected = (999 - i).toLocaleString('en-US');
    const ms = await page.waitForFunction((want) => {
      const w = window as unknown as { __enterAt: number };
      const after = document.querySelector('[data-testid="balance-after"]');
      return after?.textContent === want ? performance.now() - w.__enterAt : false;
    }, expected, { polling: 'raf', timeout: 30_000 }).then((h) => h.jsonValue() as Promise<number>);
    redeemMs.push(ms);
    if (process.env.PASSBOOK_UI_BENCH_VERBOSE) {
      // where the time goes: Enter -> request sent, the request, answer -> balance painted
      const split = await page.evaluate(() => {
        const w = window as unknown as { __enterAt: number };
        const e = performance.getEntriesByType('resource').filter((r) => r.name.endsWith('/api/counter.redeem')).at(-1) as PerformanceResourceTiming | undefined;
        return e ? [e.startTime - w.__enterAt, e.responseEnd - e.startTime] : [NaN, NaN];
      });
      console.log(`redeem ${i}: ${ms.toFixed(1)} ms = ${split[0]!.toFixed(1)} before the request + ${split[1]!.toFixed(1)} request + ${(ms - split[0]! - split[1]!).toFixed(1)} after`);
    }
    redeemApiMs.push(await apiMs(page, 'counter.redeem'));
    await expect(page.getByTestId('balance')).toHaveText(expected);
  }
  await shot(page, '32-100k-redeemed');
  const recent = await host.call<{ redemptions: unknown[] }>('counter.recent', { passId: c.passId, limit: 200 });
  expect(recent.redemptions).toHaveLength(REPS);

  const figures = [
    { name: 'ui.search_to_results_p95_ms', value: round(p(searchMs, 0.95)), unit: 'ms', target: { op: '<=' as const, value: 50 }, note: `last key -> matching customers painted, ${searchMs.length} queries over ${CUSTOMERS} customers (typed at a person's pace, 60 ms a key)` },
    { name: 'ui.scan_to_balance_p95_ms', value: round(p(scanMs, 0.95)), unit: 'ms', target: { op: '<=' as const, value: 50 }, note: `scanner Enter -> customer and balance painted, ${REPS} scans over ${CUSTOMERS} customers, Chromium via the host` },
    { name: 'ui.scan_to_balance_p50_ms', value: round(p(scanMs, 0.5)), unit: 'ms', note: 'median of the same' },
    { name: 'ui.enter_to_new_balance_p95_ms', value: round(p(redeemMs, 0.95)), unit: 'ms', target: { op: '<=' as const, value: 50 }, note: `Enter -> committed balance after painted, ${REPS} redemptions, one counter.redeem each` },
    { name: 'ui.enter_to_new_balance_p50_ms', value: round(p(redeemMs, 0.5)), unit: 'ms', note: 'median of the same' },
    { name: 'ui.scan_api_p95_ms', value: round(p(scanApiMs.filter(Number.isFinite), 0.95)), unit: 'ms', note: 'of the scan: the customers.byCode HTTP call alone (resource timing)' },
    { name: 'ui.redeem_api_p95_ms', value: round(p(redeemApiMs.filter(Number.isFinite), 0.95)), unit: 'ms', note: 'of the Enter: the counter.redeem HTTP call alone (durable write, synchronous=FULL)' },
  ];
  console.log(`UI figures with ${CUSTOMERS} customers:\n${figures.map((f) => `  ${f.name} = ${f.value} ${f.unit}`).join('\n')}`);
  const out = { generatedAt: new Date().toISOString(), customers: CUSTOMERS, machine: { cores: os.cpus().length, platform: `${os.platform()} ${os.arch()}` }, figures };
  fs.writeFileSync(path.resolve(import.meta.dirname, '../../bench/ui-results.json'), `${JSON.stringify(out, null, 2)}\n`);
});
