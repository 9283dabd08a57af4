// Owner sessions live in the trusted process (Electron main or the headless host), never in the UI.
// A session ends after inactivity or on lock; repeated wrong PINs lock the gate for a while, longer each time.
// Durations run on a monotonic clock: a wall clock set years ahead and back must neither keep a session open
// nor lock the owner out for years.
import crypto from 'node:crypto';
import { PassbookError } from '../errors';
import type { PinGuardStore } from '../db/ledgerLock';

export const OWNER_IDLE_MS = 10 * 60_000;
export const MAX_PIN_FAILURES = 5;
/**
 * The first lockout; each further one (without a right PIN between) lasts twice as long, up to an hour. The cap
 * weighs guessing against locking out: anyone at the gate can send wrong PINs, and while a lockout runs the owner's
 * right PIN is refused too. At five guesses an hour a 4-digit PIN takes about six weeks on average.
 */
export const LOCKOUT_MS = 5 * 60_000;
export const MAX_LOCKOUT_MS = 3_600_000;

/** Milliseconds that only ever move forward (performance.now in the app; tests drive their own). */
export type Monotonic = () => number;

const minutes = (ms: number) => {
  const m = Math.round(ms / 60_000);
  return m >= 120 ? `${Math.round(m / 60)} hours` : `${m} minutes`;
};

export class OwnerSessions {
  private sessions = new Map<string, number>(); // token -> expires at (monotonic ms)
  private failures = 0;
  private lockouts = 0; // since the last right PIN
  private lockedUntil = -Infinity;

  /**
   * `guard` keeps the wrong PINs and the lockout across restarts (quitting must not hand out five fresh guesses);
   * a lockout running at a restart goes on for what was left of it by the wall clock (`wall`), or in full when that
   * clock now reads earlier than the lockout's start.
   */
  constructor(private readonly mono: Monotonic = () => performance.now(), private readonly guard?: PinGuardStore, private readonly wall: () => number = Date.now) {
    const saved = guard?.load();
    if (!saved) return;
    this.failures = saved.failures;
    this.lockouts = saved.lockouts;
    if (saved.lockedAt !== null && saved.lockedMs !== null) {
      const now = this.wall();
      const left = now < saved.lockedAt ? saved.lockedMs : saved.lockedAt + saved.lockedMs - now;
      if (left > 0) this.lockedUntil = this.mono() + Math.min(left, saved.lockedMs);
      else this.remember(null); // over: a clock set back later must not bring it back
    }
  }

  /**
   * Keep the gate's state for the next start. Best effort: a disk too full to write it must not turn the owner's
   * right PIN into an error; this process goes on by what it holds.
   */
  private remember(lockedMs: number | null): void {
    try {
      this.guard?.save({ failures: this.failures, lockouts: this.lockouts, lockedAt: lockedMs === null ? null : this.wall(), lockedMs });
    } catch { /* kept in memory */ }
  }

  /** Throws LOCKED_OUT while the gate is locked, FORBIDDEN on a wrong PIN. `ttlMs`: how long the new session lasts idle. */
  unlock(pinOk: () => boolean): { token: string; ttlMs: number } {
    this.verify(pinOk);
    const token = crypto.randomBytes(24).toString('base64url');
    const now = this.mono();
    // sessions that ended idle go here: otherwise only a lock or their own token's next use removed them
    for (const [t, until] of this.sessions) if (until <= now) this.sessions.delete(t);
    this.sessions.set(token, now + OWNER_IDLE_MS);
    return { token, ttlMs: OWNER_IDLE_MS };
  }

  /**
   * Check a PIN at the gate, whatever the call (unlock, or the current PIN of a PIN change): every wrong one
   * counts toward the lockout, so an open session cannot be used to guess the PIN (a lockout reached through a
   * session, `by`, ends it). A lockout does not end other sessions: anyone can send wrong PINs to the gate, and
   * that must not throw the owner out. Throws LOCKED_OUT while locked, FORBIDDEN (with `wrong`'s message and
   * field) on a wrong PIN.
   */
  verify(pinOk: () => boolean, wrong: { message: string; field?: string } = { message: 'That PIN is not right.' }, by?: string): void {
    const now = this.mono();
    if (this.lockedUntil !== -Infinity && now >= this.lockedUntil) {
      this.lockedUntil = -Infinity; // the lockout is over: forget its start, so no restart brings it back
      this.remember(null);
    }
    if (now < this.lockedUntil) {
      throw new PassbookError('LOCKED_OUT', `Too many wrong PINs. Owner mode is locked for ${minutes(this.lockedUntil - now)}.`, {
        retryAfterSeconds: Math.ceil((this.lockedUntil - now) / 1000),
      });
    }
    if (!pinOk()) {
      this.failures += 1;
      if (this.failures >= MAX_PIN_FAILURES) {
        this.failures = 0;
        this.lockouts += 1;
        // doubling, up to the cap: guessing five at a time slows to five an hour
        const ms = Math.min(LOCKOUT_MS * 2 ** Math.min(this.lockouts - 1, 20), MAX_LOCKOUT_MS);
        this.lockedUntil = now + ms;
        this.remember(ms);
        this.lock(by);
        throw new PassbookError('LOCKED_OUT', `Too many wrong PINs. Owner mode is locked for ${minutes(ms)}.`, { retryAfterSeconds: ms / 1000 });
      }
      this.remember(null);
      throw new PassbookError('FORBIDDEN', wrong.message, { attemptsLeft: MAX_PIN_FAILURES - this.failures, ...(wrong.field ? { field: wrong.field } : {}) });
    }
    if (this.failures !== 0 || this.lockouts !== 0) {
      this.failures = 0;
      this.lockouts = 0;
      this.remember(null);
    }
  }

  /** Milliseconds left while the token is live (each use extends it: idle timeout); null when it is not. */
  touch(token: string | undefined): number | null {
    if (!token) return null;
    const exp = this.sessions.get(token);
    if (exp === undefined) return null;
    const now = this.mono();
    if (now >= exp) {
      this.sessions.delete(token);
      return null;
    }
    this.sessions.set(token, now + OWNER_IDLE_MS);
    return OWNER_IDLE_MS;
  }

  /** Milliseconds left while the token is live, without extending it; null when it is not. */
  peek(token: string | undefined): number | null {
    if (!token) return null;
    const exp = this.sessions.get(token);
    const now = this.mono();
    return exp !== undefined && now < exp ? exp - now : null;
  }

  lock(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  lockAll(): void {
    this.sessions.clear();
  }

  /** Every session but `keep` ends: a PIN is changed because someone else may know the old one. */
  lockOthers(keep: string | undefined): void {
    for (const token of [...this.sessions.keys()]) if (token !== keep) this.sessions.delete(token);
  }
}
