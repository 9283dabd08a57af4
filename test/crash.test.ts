// Crash safety: a child process redeems in a loop on a real ledger file (WAL, synchronous=FULL) and is
// killed with SIGKILL at random moments. After every kill the file is reopened: the integrity check passes,
// every redemption the child acknowledged exists exactly once (by its clientId, in operations and in
// redemptions, with the redemption id it was acknowledged with), and the ledger invariants hold.
// The next child continues on the reopened file.
import { prng } from '../core/demo/prng';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../core/app';
import { ledgerViolations } from './support/seedChecks';
import { removeDir, seedCatalog } from './support/seedShop';
import { newId, tempApp, tempDir } from './support/tempApp';

const KILLS = Number(process.env.CRASH_KILLS ?? 24);
const here = path.dirname(fileURLToPath(import.meta.url));
const child = path.join(here, 'support', 'crash-child.ts');
const repo = path.resolve(here, '..');


interface Round { acks: Array<{ clientId: string; redemptionId: number }>; delayMs: number; signal: string | null; stderr: string; errors: string[] }

/**
 * The child, bundled once with esbuild into a temp folder (node_modules linked beside it for the native
 * better-sqlite3), so each of the many restarts costs a plain `node` start instead of a tsx compile.
 * Falls back to `node --import tsx` when bundling is not possible.
 */
async function childCommand(): Promise<{ args: string[]; env: NodeJS.ProcessEnv; dir?: string }> {
  try {
    const dir = tempDir('passbook-crash-child-');
    fs.symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const out = path.join(dir, 'crash-child.mjs');
    await build({
      entryPoints: [child], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      external: ['better-sqlite3'], logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return { args: [out], env: { ...process.env, CRASH_MIGRATIONS: path.join(repo, 'core', 'db', 'migrations') }, dir };
  } catch {
    return { args: ['--import', 'tsx', child], env: process.env };
  }
}

function runChild(cmd: { args: string[]; env: NodeJS.ProcessEnv }, file: string, args: string[], delayMs: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...cmd.args, file, ...args], { cwd: repo, env: cmd.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const round: Round = { acks: [], delayMs, signal: null, stderr: '', errors: [] };
    let buf = '';
    let timer: NodeJS.Timeout | null = null;
    const guard = setTimeout(() => { p.kill('SIGKILL'); round.errors.push('child gave no ack within 20 s'); }, 20_000);
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ACK (\S+) (\d+)$/.exec(line);
        if (m) {
          round.acks.push({ clientId: m[1]!, redemptionId: Number(m[2]) });
          if (!timer) {
            clearTimeout(guard);
            timer = setTimeout(() => p.kill('SIGKILL'), delayMs);
          }
        } else if (line.startsWith('ERR')) round.errors.push(line);
      }
      // a partial last line (cut by the kill) is not an acknowledgement
    });
    p.stderr.setEncoding('utf8');
    p.stderr.on('data', (s: string) => { round.stderr += s; });
    p.on('error', reject);
    p.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (timer) clearTimeout(timer);
      round.signal = signal;
      resolve(round);
    });
  });
}

describe('crash safety: SIGKILL during redemptions', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => {
    // unlink the node_modules link first: never recurse into the repo's node_modules
    const link = path.join(d, 'node_modules');
    if (fs.lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(link);
    removeDir(d);
  }));

  it(`every acknowledged redemption survives ${KILLS} kill -9s exactly once; the file stays sound`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const rand = prng(seed);
    // seed the shop once: two passes with plenty of credits, on different plans and items; an hour ago, as the
    // children redeem on the real clock (a ledger far behind it would wait for the owner to confirm the date)
    const app = tempApp({ start: new Date(Date.now() - 3_600_000).toISOString() });
    dirs.push(path.dirname(app.file));
    const cat = seedCatalog(app);
    const big = app.call('plans.save', { clientId: newId(), name: 'Crash test 1M', credits: '1000000', price: '999.99', validity: 'none' }, app.owner);
    const c1 = app.call('customers.create', { clientId: newId(), name: 'Kill Nine' });
    const c2 = app.call('customers.create', { clientId: newId(), name: 'Sig Kill' });
    const p1 = app.call('passes.sell', { clientId: newId(), customerId: c1.id, planId: big.id, paymentMethod: 'card' });
    const p2 = app.call('passes.sell', { clientId: newId(), customerId: c2.id, planId: big.id, paymentMethod: 'cash' });
    const rate1 = cat.items.find((i) => i.rate === '1')!;
    const rate25 = cat.items.find((i) => i.rate === '2.5')!;
    const file = app.file;
    app.close();

    const args = [String(p1.id), String(rate1.id), String(p2.id), String(rate25.id)];
    const cmd = await childCommand();
    if (cmd.dir) dirs.push(cmd.dir);
    // eslint-disable-next-line no-console
    console.log(`crash child: ${cmd.dir ? 'esbuild bundle' : 'node --import tsx (bundling failed)'}`);
    const allAcks = new Map<string, number>();
    let kills = 0;
    const started = Date.now();
    for (let i = 0; i < KILLS; i++) {
      const delayMs = 50 + Math.floor(rand() * 350);
      const round = await runChild(cmd, file, args, delayMs);
      expect(round.errors, `round ${i} (seed ${seed}): child errors; stderr: ${round.stderr.slice(0, 500)}`).toEqual([]);
      expect(round.signal, `round ${i}: the child was killed (stderr: ${round.stderr.slice(0, 500)})`).toBe('SIGKILL');
      expect(round.acks.length).toBeGreaterThan(0);
      kills++;
      for (const a of round.acks) {
        expect(allAcks.has(a.clientId), `clientId ${a.clientId} acknowledged twice`).toBe(false);
        allAcks.set(a.clientId, a.redemptionId);
      }

      // reopen after the crash: openLedger runs quick_check itself; run the full integrity check too
      const re = createApp(file, { checkOutput: true });
      try {
        expect(re.db.pragma('quick_check', { simple: true })).toBe('ok');
        if (i % 6 === 5) expect(re.db.pragma('integrity_check', { simple: true })).toBe('ok');
        const opBy = re.db.prepare("SELECT method, result FROM operations WHERE client_id = ?");
        const redBy = re.db.prepare('SELECT id FROM redemptions WHERE client_id = ?');
        const missing: string[] = [];
        for (const [clientId, redemptionId] of allAcks) {
          // the ledger keeps client ids in upper case (a retry in another case is the same request)
          const ops = opBy.all(clientId.toUpperCase()) as Array<{ method: string; result: string }>;
          const reds = redBy.all(clientId.toUpperCase()) as Array<{ id: number }>;
          if (ops.length !== 1 || ops[0]!.method !== 'counter.redeem' || (JSON.parse(ops[0]!.result) as { redemptionId: number }).redemptionId !== redemptionId) {
            missing.push(`${clientId}: operations ${JSON.stringify(ops).slice(0, 200)}`);
          }
          if (reds.length !== 1 || reds[0]!.id !== redemptionId) missing.push(`${clientId}: redemptions ${JSON.stringify(reds)} (acknowledged as ${redemptionId})`);
        }
        expect(missing, `round ${i} (seed ${seed})`).toEqual([]);
        // no redemption without its operation record (one transaction), none twice
        const counts = re.db.prepare(`SELECT
            (SELECT count(*) FROM redemptions) AS reds,
            (SELECT count(*) FROM operations WHERE method = 'counter.redeem') AS ops,
            (SELECT count(DISTINCT client_id) FROM redemptions) AS distinct_ids`).get() as { reds: number; ops: number; distinct_ids: number };
        expect(counts.reds).toBe(counts.ops);
        expect(counts.distinct_ids).toBe(counts.reds);
        expect(counts.reds).toBeGreaterThanOrEqual(allAcks.size);
        expect(ledgerViolations(re, Date.now()), `round ${i}: ledger invariants after the crash`).toEqual([]);
      } finally {
        re.close();
      }
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    // eslint-disable-next-line no-console
    console.log(`crash test: ${kills} kills, ${allAcks.size} acknowledged redemptions, ${Date.now() - started} ms, seed ${seed}`);
  }, 150_000);
});
