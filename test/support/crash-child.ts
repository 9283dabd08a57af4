// Child process for test/crash.test.ts: redeems in a loop against a real ledger file through the contract
// (app.dispatch), and prints "ACK <clientId> <redemptionId>" for each redemption only AFTER dispatch
// returned it committed. The parent kills this process with SIGKILL at a random moment.
// Usage: node --import tsx test/support/crash-child.ts <db> <passId> <itemId> [<passId2> <itemId2>]
import fs from 'node:fs';
import crypto from 'node:crypto';
import { createApp } from '../../core/app';

const [file, ...rest] = process.argv.slice(2);
if (!file || rest.length < 2) {
  process.stderr.write('usage: crash-child.ts <db> <passId> <itemId> [<passId> <itemId> ...]\n');
  process.exit(2);
}
const targets: Array<{ passId: number; itemId: number }> = [];
for (let i = 0; i + 1 < rest.length; i += 2) targets.push({ passId: Number(rest[i]), itemId: Number(rest[i + 1]) });

// CRASH_MIGRATIONS: set when this file runs as an esbuild bundle (import.meta.url is then the bundle's)
const app = createApp(file, { checkOutput: false, ...(process.env.CRASH_MIGRATIONS ? { migrationsDir: process.env.CRASH_MIGRATIONS } : {}) });
const say = (line: string) => fs.writeSync(1, `${line}\n`); // synchronous: the line is in the pipe before the next call

say('READY');
for (let n = 0; ; n++) {
  const t = targets[n % targets.length]!;
  const input = { clientId: crypto.randomUUID(), passId: t.passId, items: [{ itemId: t.itemId, quantity: n % 3 === 0 ? '0.5' : '1' }] };
  const r = app.dispatch('counter.redeem', input);
  if (!r.ok) {
    say(`ERR ${input.clientId} ${r.error.code} ${r.error.message}`);
    process.exit(3);
  }
  const v = r.value as { redemptionId: number };
  say(`ACK ${input.clientId} ${v.redemptionId}`);
  if (n % 5 === 4) {
    // a double tap: the same request again must return the same redemption and write nothing
    const again = app.dispatch('counter.redeem', input);
    if (!again.ok || (again.value as { redemptionId: number }).redemptionId !== v.redemptionId) {
      say(`ERR ${input.clientId} replay gave ${JSON.stringify(again).slice(0, 200)}`);
      process.exit(4);
    }
  }
}
