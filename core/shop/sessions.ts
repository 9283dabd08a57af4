// Owner sessions live in the trusted process (Electron main or the headless host), never in the UI.
// A session ends after inactivity or on lock; repeated wrong PINs lock the gate for a while.
import crypto from 'node:crypto';
import { PassbookError } from '../errors';

export const OWNER_IDLE_MS = 10 * 60_000;
export const MAX_PIN_FAILURES = 5;
export const LOCKOUT_MS = 5 * 60_000;

export class OwnerSessions {
  private sessions = new Map<string, number>(); // token -> expires at (ms)
  private failures = 0;
  private lockedUntil = 0;

  /** Throws LOCKED_OUT while the gate is locked, FORBIDDEN on a wrong PIN. */
  unlock(pinOk: () => boolean, nowMs: number): { token: string; expiresAt: number } {
    this.verify(pinOk, nowMs);
    const token = crypto.randomBytes(24).toString('base64url');
    const expiresAt = nowMs + OWNER_IDLE_MS;
    this.sessions.set(token, expiresAt);
    return { token, expiresAt };
  }

  /**
   * Check a PIN at the gate, whatever the call (unlock, or the current PIN of a PIN change): every wrong one
   * counts toward the lockout, so an open session cannot be used to guess the PIN. A lockout also ends every
   * session. Throws LOCKED_OUT while locked, FORBIDDEN (with `wrong`'s message and field) on a wrong PIN.
   */
  verify(pinOk: () => boolean, nowMs: number, wrong: { message: string; field?: string } = { message: 'That PIN is not right.' }): void {
    if (nowMs < this.lockedUntil) {
      throw new PassbookError('LOCKED_OUT', 'Too many wrong PINs. Owner mode is locked for a few minutes.', {
        retryAfterSeconds: Math.ceil((this.lockedUntil - nowMs) / 1000),
      });
    }
    if (!pinOk()) {
      this.failures += 1;
      if (this.failures >= MAX_PIN_FAILURES) {
        this.failures = 0;
        this.lockedUntil = nowMs + LOCKOUT_MS;
        this.sessions.clear();
        throw new PassbookError('LOCKED_OUT', 'Too many wrong PINs. Owner mode is locked for 5 minutes.', {
          retryAfterSeconds: LOCKOUT_MS / 1000,
        });
      }
      throw new PassbookError('FORBIDDEN', wrong.message, { attemptsLeft: MAX_PIN_FAILURES - this.failures, ...(wrong.field ? { field: wrong.field } : {}) });
    }
    this.failures = 0;
  }

  /** True while the token is live; each use extends it (idle timeout). */
  touch(token: string | undefined, nowMs: number): number | null {
    if (!token) return null;
    const exp = this.sessions.get(token);
    if (exp === undefined) return null;
    if (nowMs >= exp) {
      this.sessions.delete(token);
      return null;
    }
    const next = nowMs + OWNER_IDLE_MS;
    this.sessions.set(token, next);
    return next;
  }

  peek(token: string | undefined, nowMs: number): number | null {
    if (!token) return null;
    const exp = this.sessions.get(token);
    return exp !== undefined && nowMs < exp ? exp : null;
  }

  lock(token: string | undefined): void {
    if (token) this.sessions.delete(token);
  }

  lockAll(): void {
    this.sessions.clear();
  }
}
