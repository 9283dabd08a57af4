// A seeded fuzz over every method of the contract (core/contract methodNames), on a real ledger file: schema-valid
// but odd inputs (edge amounts, odd text and dates, ids of the wrong kind or unknown), random sequences, clock moves
// (time passing, set back inside and beyond the 5-minute slack), retries and reused client ids. After each call:
//  1. no answer is INTERNAL (or DATABASE), and nothing is thrown past the dispatcher;
//  2. a refused call, and any read, leaves every row of every table as it was;
//  3. after a successful write the ledger invariants hold (test/support/seedChecks.ts) and SQLite's integrity and
//     foreign-key checks pass (every 25 writes, and after each restore or import);
//  4. a retry (same client id and payload) answers as the first time and writes nothing; the client id on another
//     request is CONFLICT;
//  5. after a successful write, the pass it acted on read every way: owner.history's credits add up to passes.get's
//     balance, a statement up to now closes at it, the live lots and the customer's card agree.
// At the end, every method answered OK at least once (or is in the allow-list below, with why).
// It began as a reviewer's scratch fuzzer, which found five defects this catches again: an INTERNAL on a large cash
// sale line, history rollovers counted as credits gained, statements cut at a clock set back, and months and days
// outside the years 2000-9998 (a day in local mean time, London or Monrovia, was INTERNAL). A failure names the seed, step, method and input; the run is deterministic, so rerunning
// reproduces it. FUZZ_SEEDS=7,8 FUZZ_STEPS=5000 runs other seeds, longer (the coverage check is then left out);
// FUZZ_TRACE=counter.redeem prints those calls as they go.
import { describe, expect, it } from 'vitest';
import { methodNames } from '../core/contract';
import { runFuzz, type Tally } from './support/fuzz/run';
import { SHOPS } from './support/fuzz/shops';

const SEEDS = process.env.FUZZ_SEEDS ? process.env.FUZZ_SEEDS.split(',').map(Number) : [1, 2, 3];
const STEPS = Number(process.env.FUZZ_STEPS ?? 2000);
const DEFAULT_RUN = !process.env.FUZZ_SEEDS && !process.env.FUZZ_STEPS;

/**
 * Methods that cannot answer OK here, and why. Keep it short: a method listed here is still fuzzed for faults and for
 * writing nothing when refused, but nobody would notice if it stopped working. shop.setup and shop.loadDemo can only
 * succeed on a ledger without a shop, so during the random steps they answer ALREADY_SET_UP; their OK comes from the
 * call that sets up each run's ledger (seed 1 loads the demo, seeds 2 and 3 set a shop up), which goes through the
 * same checks as every other call and is retried like them. The two below bring a shop back instead of setting one up.
 */
const CANNOT_SUCCEED: Record<string, string> = {
  'backup.inspectForSetup': 'only before a shop is set up (core/backup/setupRestore.test.ts)',
  'backup.restoreForSetup': 'only before a shop is set up (core/backup/setupRestore.test.ts)',
};


const tally: Tally = new Map();
let seedsPassed = 0;

describe('contract fuzz: every method, odd inputs, random sequences', () => {
  for (const seed of SEEDS) {
    const shop = SHOPS[(seed - 1) % SHOPS.length]!;
    it(`seed ${seed}, ${shop.label}: ${STEPS} steps`, async () => {
      const report = await runFuzz(seed, STEPS, shop);
      for (const [method, codes] of report.tally) {
        const into = tally.get(method) ?? new Map<string, number>();
        for (const [code, n] of codes) into.set(code, (into.get(code) ?? 0) + n);
        tally.set(method, into);
      }
      // the run did check what it says it checks
      expect(report.writesChecked, `seed ${seed}: successful writes checked`).toBeGreaterThan(STEPS / 20);
      expect(report.replays, `seed ${seed}: retries checked`).toBeGreaterThan(STEPS / 40);
      expect(report.crossReads, `seed ${seed}: passes cross-read`).toBeGreaterThan(STEPS / 40);
      seedsPassed += 1;
    }, 180_000);
  }

  it.runIf(DEFAULT_RUN)('every method of the contract answered OK at least once', (ctx) => {
    if (seedsPassed < SEEDS.length) ctx.skip('a seed failed: its run stopped early, so its coverage says nothing');
    const neverOk = methodNames.filter((m) => !(tally.get(m)?.get('OK')) && !(m in CANNOT_SUCCEED));
    const seen = (m: string) => [...(tally.get(m) ?? new Map<string, number>())].map(([code, n]) => `${code} ${n}`).join(', ') || 'never called';
    expect(neverOk.map((m) => `${m}: ${seen(m)}`), `methods with no OK answer over seeds ${SEEDS.join(', ')}`).toEqual([]);
    // the allow-list holds only methods that really never succeed
    for (const m of Object.keys(CANNOT_SUCCEED)) expect(tally.get(m)?.get('OK') ?? 0, `${m} is allow-listed but answered OK`).toBe(0);
  });
});
