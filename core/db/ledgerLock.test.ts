// One process at a time on a ledger: a second open is refused in words while the first holds it, and a crash
// never leaves the file locked (the operating system drops the lock with the process).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { OwnerSessions } from '../shop/sessions';
import { PassbookError } from '../errors';
import { newId, tempDir, testClock } from '../../test/support/tempApp';

/** A shop whose PIN gate five wrong PINs locked at `at` (five minutes), closed again. */
function lockedOutAt(at: string) {
  const file = path.join(tempDir(), 'shop.sqlite');
  const clock = testClock(at);
  const app = createApp(file, { clock });
  app.call('shop.setup', { clientId: newId(), name: 'Gate', currency: 'USD', timeZone: 'UTC', pin: '2468' });
  for (let i = 0; i < 5; i += 1) app.dispatch('owner.unlock', { pin: '0000' });
  app.close();
  return { file, clock };
}

const refusal = (fn: () => unknown) => {
  try { fn(); } catch (e) { return { code: (e as PassbookError).code, reason: ((e as PassbookError).details as { reason?: string } | undefined)?.reason }; }
  return null;
};

describe('the ledger lock', () => {
  it('refuses a second open in the same process until the first closes, and the first goes on working', () => {
    const file = path.join(tempDir(), 'shop.sqlite');
    const first = createApp(file);
    expect(refusal(() => createApp(file))).toEqual({ code: 'CONFLICT', reason: 'LEDGER_IN_USE' });
    // the same file by another name (a symlink to it, or to its folder) meets the same lock
    const link = path.join(tempDir(), 'link.sqlite');
    fs.symlinkSync(file, link);
    const folderLink = path.join(tempDir(), 'folder');
    fs.symlinkSync(path.dirname(file), folderLink);
    expect(refusal(() => createApp(link))).toEqual({ code: 'CONFLICT', reason: 'LEDGER_IN_USE' });
    expect(refusal(() => createApp(path.join(folderLink, 'shop.sqlite')))).toEqual({ code: 'CONFLICT', reason: 'LEDGER_IN_USE' });
    expect(first.dispatch('shop.status', {}).ok).toBe(true);
    first.close();
    const again = createApp(file);
    expect(again.dispatch('shop.status', {}).ok).toBe(true);
    again.close();
    // the lock file and its (empty) journal beside the ledger, nothing else
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.startsWith('shop.sqlite.lock')).sort()).toEqual(['shop.sqlite.lock', 'shop.sqlite.lock-journal']);
    expect(fs.statSync(`${file}.lock-journal`).size).toBe(0);
  });

  it('keeps the wrong PINs and the lockout across a restart: quitting does not hand out five fresh guesses', () => {
    const file = path.join(tempDir(), 'shop.sqlite');
    const clock = testClock('2026-03-01T15:00:00.000Z');
    let app = createApp(file, { clock });
    app.call('shop.setup', { clientId: newId(), name: 'Gate', currency: 'USD', timeZone: 'UTC', pin: '2468' });
    const guess = (pin: string) => { const r = app.dispatch('owner.unlock', { pin }); return r.ok ? 'OK' : r.error.code; };
    expect([guess('0000'), guess('0001'), guess('0002')]).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    app.close();
    app = createApp(file, { clock });
    // two guesses left, not five
    expect(guess('0003')).toBe('FORBIDDEN');
    expect(guess('0004')).toBe('LOCKED_OUT');
    app.close();
    // a restart during the lockout: still locked, the right PIN too
    clock.advance(60_000);
    app = createApp(file, { clock });
    expect(guess('2468')).toBe('LOCKED_OUT');
    app.close();
    // once the five minutes have passed by the wall clock, the right PIN opens and clears the count
    clock.set('2026-03-01T15:06:00.000Z');
    app = createApp(file, { clock });
    expect(guess('2468')).toBe('OK');
    app.close();
    app = createApp(file, { clock });
    expect([1, 2, 3, 4].map((n) => guess(`111${n}`))).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
    app.close();
  });

  it('a clock set back after a lockout started keeps the whole lockout, not a longer or a shorter one', () => {
    const { file, clock } = lockedOutAt('2026-03-01T15:00:00.000Z');
    clock.set('2026-02-01T15:00:00.000Z'); // a month back
    const app = createApp(file, { clock });
    const r = app.dispatch('owner.unlock', { pin: '2468' });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'LOCKED_OUT', details: { retryAfterSeconds: 300 } });
    app.close();
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

  it('a lockout that is over stays over, even when the clock is later set back before it', () => {
    const { file, clock } = lockedOutAt('2026-03-01T15:00:00.000Z');
    clock.set('2026-03-04T15:00:00.000Z'); // three days on: the lockout is over
    let app = createApp(file, { clock });
    app.close();
    clock.set('2026-03-01T14:00:00.000Z'); // a clock reset to before the lockout began
    app = createApp(file, { clock });
    expect(app.dispatch('owner.unlock', { pin: '2468' }).ok).toBe(true);
    app.close();
  });

  it('a gate that cannot write its state (a full disk) still opens for the right PIN', () => {
    const failing = { load: () => ({ failures: 0, lockouts: 0, lockedAt: null, lockedMs: null }), save: () => { throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }); } };
    const sessions = new OwnerSessions(() => 0, failing, () => 0);
    expect(() => sessions.unlock(() => false)).toThrow(/not right/);
    expect(sessions.unlock(() => true).token).toMatch(/^[\w-]+$/);
  });

  it('a lock file in the way is said in words, and the ledger is not opened without it; a ledger in memory needs none', () => {
    const dir = tempDir();
    const file = path.join(dir, 'shop.sqlite');
    fs.mkdirSync(`${file}.lock`); // a folder where the lock file goes
    const err = (() => { try { createApp(file); } catch (e) { return e as PassbookError; } return null; })();
    expect(err?.code).toBe('DATABASE');
    expect(err?.message).toMatch(/^Passbook cannot use shop\.sqlite\.lock beside shop\.sqlite \(SQLITE_\w+\)\. Allow writing to it, or delete it \(it holds no sales\), then start again\.$/);
    expect(fs.existsSync(file)).toBe(false);
    const before = fs.readdirSync(process.cwd());
    const a = createApp(':memory:');
    const b = createApp(':memory:');
    a.close(); b.close();
    expect(fs.readdirSync(process.cwd())).toEqual(before);
  });
});
