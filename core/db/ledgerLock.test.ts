// One process at a time on a ledger: a second open is refused in words while the first holds it, and a crash
// never leaves the file locked (the operating system drops the lock with the process).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { PassbookError } from '../errors';
import { tempDir } from '../../test/support/tempApp';

const refusal = (fn: () => unknown) => {
  try { fn(); } catch (e) { return { code: (e as PassbookError).code, reason: ((e as PassbookError).details as { reason?: string } | undefined)?.reason }; }
  return null;
};

describe('the ledger lock', () => {
  it('refuses a second open in the same process until the first closes, and the first goes on working', () => {
    const file = path.join(tempDir(), 'shop.sqlite');
    const first = createApp(file);
    expect(refusal(() => createApp(file))).toEqual({ code: 'CONFLICT', reason: 'LEDGER_IN_USE' });
    expect(first.dispatch('shop.status', {}).ok).toBe(true);
    first.close();
    const again = createApp(file);
    expect(again.dispatch('shop.status', {}).ok).toBe(true);
    again.close();
    // only an empty lock file beside the ledger: no journal left over
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('shop.sqlite.lock'))).toEqual(['shop.sqlite.lock']);
  });

  it('refuses while another process holds the ledger, and opens once that process is killed', async () => {
    const file = path.join(tempDir(), 'shop.sqlite');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/hold-child.ts', file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('open')) resolve(); });
        child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      const err = (() => { try { createApp(file); } catch (e) { return e as PassbookError; } return null; })();
      expect(err?.code).toBe('CONFLICT');
      expect(err?.message).toBe('This ledger is already open in another Passbook (the app, or a host started with npm run serve). Close that one first: two at once could lose sales.');
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const after = createApp(file); // a killed holder leaves nothing locked
    expect(after.dispatch('shop.status', {}).ok).toBe(true);
    after.close();
  }, 30_000);
});
