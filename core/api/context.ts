// What a handler gets: the open ledger, the call's instant, and who is calling.
import type { z } from 'zod';
import type { Db } from '../db/open';
import type { Contract, MethodName } from '../contract';
import type { OwnerSessions } from '../shop/sessions';

export interface Clock {
  now(): Date;
  /** milliseconds that only move forward, for durations (owner sessions, lockouts); performance.now() when absent */
  monotonicMs?(): number;
}
export const systemClock: Clock = { now: () => new Date(), monotonicMs: () => performance.now() };

/** The ledger file and the folders beside it; `replace` swaps the open file (restore). */
export interface LedgerHandle {
  file: string;
  backupsDir: string;
  exportsDir: string;
  /** files a transport placed here for restore (Electron: from the open dialog; host: an upload) */
  incomingDir: string;
  /** close the open ledger, run `swap` (which may replace the file on disk), reopen it; refused while `reading` */
  replace(swap: () => void): void;
  /** throws CONFLICT while long reads run: exports (connections of their own) and backups (stepping through this one) */
  checkReplaceable(): void;
  /** run long read work (an export, a backup); the file is not replaced meanwhile */
  reading<T>(work: () => Promise<T>): Promise<T>;
  /** run `task` on the open ledger now, or when the last reading has ended (a checkpoint a reader would hold up) */
  whenIdle(task: (db: Db) => void): void;
  /** what the work nobody watches (the daily backup, the month-end close) last said, for the screens (shop.status) */
  background: BackgroundState;
}

export type BackgroundWork = 'backup' | 'close' | 'ledger';
export interface BackgroundProblem { work: BackgroundWork; since: number; message: string }
export interface BackgroundState {
  problems: Map<BackgroundWork, BackgroundProblem>;
  /** a run of `work` failed (kept from its first failure) or went through (cleared) */
  report(work: BackgroundWork, outcome: { ok: true } | { ok: false; at: number; error: unknown }): void;
}

export interface ServiceContext {
  db: Db;
  ledger: LedgerHandle;
  /** which ledger this is (core/backup/mark.ts): shop.status tells the screens */
  ledgerMark: string;
  /**
   * one instant for the whole call: every row it writes carries the same time. It is the ledger's: a write is dated
   * no earlier than the ledger's last instant (writeInstant), and a read runs up to that instant too (readInstant),
   * so with the clock a little behind, what was just written is in what is read
   */
  now: Date;
  nowMs: number;
  /** this computer's clock at the call, for what is about the clock itself (shop.status's clock check) */
  clockMs: number;
  owner: boolean;
  sessions: OwnerSessions;
  /** the caller's session token (owner.unlock/lock set it through `sessionChange`) */
  sessionToken?: string;
  sessionChange?: { token: string | null };
  /** the method being called (for journal memos and errors) */
  method: MethodName;
  clientId?: string;
  /** work to do once this call's transaction has committed (best effort: the answer stands if it fails) */
  afterCommit?: Array<() => void>;
  /** long writes (async): the request to record where the work lands (restore: inside the restored ledger) */
  operation?: PendingOperation;
}

/** A write's idempotency record, written by the dispatcher for quick writes and by long writes themselves. */
export interface PendingOperation {
  clientId: string;
  method: MethodName;
  payloadHash: string;
  at: number;
}

export type Handler<N extends MethodName> = (
  ctx: ServiceContext,
  input: z.output<Contract[N]['input']>,
) => z.input<Contract[N]['output']> | Promise<z.input<Contract[N]['output']>>;

export type Handlers<N extends MethodName> = { [K in N]: Handler<K> };
