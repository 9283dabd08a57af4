// A Passbook on a real temporary SQLite file, with a clock the test controls.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type PassbookApp } from '../../core/app';
import type { CallerState } from '../../core/api/dispatch';
import { PassbookError } from '../../core/errors';

/** `set` changes the wall clock (as a person or a time sync would), `advance` lets time pass: only it moves the monotonic clock forward. */
export interface TestClock { now(): Date; monotonicMs(): number; set(iso: string | Date): void; advance(ms: number): void }

export function testClock(start = '2026-03-01T15:00:00.000Z'): TestClock {
  let t = new Date(start).getTime();
  let mono = 0;
  return {
    now: () => new Date(t),
    monotonicMs: () => mono,
    set: (iso) => { t = new Date(iso).getTime(); },
    advance: (ms) => { t += ms; if (ms > 0) mono += ms; },
  };
}

export function tempDir(prefix = 'passbook-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestApp extends PassbookApp { clockControl: TestClock; owner: CallerState }

/** A fresh ledger file; `setup` creates the shop (PIN 2468) and opens an owner session in `owner`. */
export function tempApp(opts: { setup?: boolean; currency?: string; timeZone?: string; start?: string; file?: string } = {}): TestApp {
  const clock = testClock(opts.start);
  const file = opts.file ?? path.join(tempDir(), 'ledger.sqlite');
  const app = createApp(file, { clock, checkOutput: true }) as TestApp;
  app.clockControl = clock;
  app.owner = {};
  if (opts.setup !== false) {
    app.call('shop.setup', {
      clientId: newId(), name: 'Test Shop', currency: opts.currency ?? 'USD',
      timeZone: opts.timeZone ?? 'America/New_York', locale: 'en-US', creditUnit: 'drink', pin: '2468',
    });
    app.owner = ownerSession(app, '2468');
  }
  return app;
}

export function ownerSession(app: PassbookApp, pin: string): CallerState {
  const r = app.dispatch('owner.unlock', { pin });
  if (!r.ok) throw new PassbookError(r.error.code, r.error.message, r.error.details);
  return { sessionToken: r.sessionChange?.token ?? undefined };
}

let counter = 0;
/** A fresh UUID-shaped client id. */
export function newId(): string {
  counter += 1;
  const hex = (Date.now().toString(16) + counter.toString(16).padStart(8, '0') + Math.random().toString(16).slice(2)).padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The error code a failing call returns (or 'OK'). */
export function codeOf(app: PassbookApp, name: string, input: unknown, caller?: CallerState): string {
  const r = app.dispatch(name, input, caller);
  return r.ok ? 'OK' : r.error.code;
}
