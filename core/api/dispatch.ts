// The one entry point of every call, whatever the transport (IPC, HTTP, tests):
// look the method up in the contract, check the role, validate the input, run the handler
// in one synchronous SQLite transaction, make writes idempotent by their client id. Long work
// (backup, restore, exports; `async` in the contract) runs outside one transaction: see dispatchAsync.
import crypto from 'node:crypto';
import { z } from 'zod';
import { contract, type MethodName } from '../contract';
import type { Db } from '../db/open';
import { ledgerMark } from '../backup/mark';
import { PassbookError, toApiError, type ApiErrorShape } from '../errors';
import type { OwnerSessions } from '../shop/sessions';
import type { Clock, LedgerHandle, ServiceContext } from './context';
import type { MethodSpec } from './method';
import { handlers } from './handlers';
import { INSERT_OPERATION_SQL } from './operations';
import { readInstant, writeInstant } from '../db/ledgerTime';
import { pinReplayChecks } from '../shop/handlers';

export type CallResult =
  | { ok: true; value: unknown; sessionChange?: { token: string | null } }
  | { ok: false; error: ApiErrorShape; sessionChange?: { token: string | null } };

export interface CallerState {
  /** owner session token held by the transport for this caller (window or HTTP client) */
  sessionToken?: string;
  /** the ledger the caller's screen was read from (shop.status's `ledger`): a write from another is refused */
  ledgerMark?: string;
}

export interface DispatchDeps {
  db: Db;
  ledger: LedgerHandle;
  clock: Clock;
  sessions: OwnerSessions;
  /** validate outputs against the contract too (tests, development) */
  checkOutput?: boolean;
}

const SECRET_FIELDS = new Set(['pin', 'currentPin', 'newPin', 'recoveryCode']);
/**
 * What the screen showed (counter.redeem's `expected`, a sale's `expectedPrice`, `expectedTotal`, `expectedRefund`):
 * conditions on a request, not part of it. A sale whose answer was lost, asked again after the counter read a new
 * price, is the same sale: answered with what was done, never refused as another request and then sold twice.
 */
const CONDITION_FIELDS = new Set(['expected', 'expectedPrice', 'expectedTotal', 'expectedRefund']);

/**
 * Stable hash of a payload: keys sorted, secrets left out so no PIN is ever stored, even hashed, and the screen's
 * expected figures left out (above). Hashed after validation, so amounts are in their one spelling ("1.50" is "1.5"),
 * defaults are filled in and unknown keys dropped: a retry that says the same thing in other words gets the first answer.
 */
export function payloadHash(method: string, input: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as object)
          .filter((k) => !SECRET_FIELDS.has(k) && !CONDITION_FIELDS.has(k) && k !== 'clientId')
          .sort()
          .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return crypto.createHash('sha256').update(method).update('\0').update(JSON.stringify(canon(input))).digest('hex');
}

function validationError(err: z.ZodError): PassbookError {
  const issues = err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const msg = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid input';
  return new PassbookError('VALIDATION', msg, { issues });
}

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function createDispatcher(deps: DispatchDeps) {
  const findOp = deps.db.prepare('SELECT method, payload_hash, result FROM operations WHERE client_id = ?');
  // one dispatcher per open file: a restore reopens the ledger and makes a new one, with the new file's mark
  const mark = ledgerMark(deps.db);
  const saveOp = deps.db.prepare(INSERT_OPERATION_SQL);
  const beginRead = deps.db.prepare('BEGIN DEFERRED');
  const endRead = deps.db.prepare('ROLLBACK');

  /**
   * A read runs in one transaction (one snapshot) that ends in ROLLBACK, not COMMIT: a read never writes. Reads
   * that preview the period close (periods.preview, reports.expiring) write inside it and roll back to a
   * savepoint; committing would still put those pages in the WAL and sync them.
   */
  function readOnly<T>(work: () => T): T {
    if (deps.db.inTransaction) return work();
    beginRead.run();
    try {
      return work();
    } finally {
      if (deps.db.inTransaction) endRead.run();
    }
  }

  /**
   * A write's retry: the first answer when this client id was used for the same request (method and payload),
   * CONFLICT when it was used for another one, undefined when it is new.
   */
  function priorAnswer(name: string, clientId: string, hash: string, ctx: Partial<ServiceContext>, input: Record<string, unknown>): { value: unknown } | undefined {
    const prior = findOp.get(clientId) as { method: string; payload_hash: string; result: string } | undefined;
    if (!prior) return undefined;
    if (prior.method === name && prior.payload_hash.startsWith('erased:')) {
      // customers.forget took this request's details out of the ledger (core/customers/erasure.ts): its retry
      // cannot be matched to it any more, and must not run again either
      throw new PassbookError('CONFLICT', 'This request named a customer who has since been forgotten, so it cannot be answered again; nothing was written.', { clientId, method: prior.method, reason: 'FORGOTTEN' });
    }
    if (prior.method !== name || prior.payload_hash !== hash) {
      throw new PassbookError('CONFLICT', 'This client id was already used for a different request.', { clientId, method: prior.method });
    }
    pinReplayChecks[name as keyof typeof pinReplayChecks]?.(ctx as ServiceContext, input);
    return { value: JSON.parse(prior.result) };
  }

  /** Role and input checks shared by both entry points. */
  function prepare(name: string, rawInput: unknown, caller: CallerState, ctx: Partial<ServiceContext>) {
    if (!isMethodName(name)) throw new PassbookError('NOT_FOUND', `There is no API method "${String(name).slice(0, 80)}".`);
    const spec = contract[name] as MethodSpec;
    const clockMs = deps.clock.now().getTime();
    // a read runs up to the ledger's now (a write is dated by writeInstant below, in its transaction)
    const nowMs = spec.write ? clockMs : readInstant(deps.db, clockMs);
    const now = new Date(nowMs);
    // an owner call renews the session (idle timeout); a counter call only looks, so a screen that polls the shop's
    // status, or the counter in another tab, never keeps owner mode open
    const owner = (spec.role === 'owner' ? deps.sessions.touch(caller.sessionToken) : deps.sessions.peek(caller.sessionToken)) !== null;
    if (spec.role === 'owner' && !owner) {
      throw new PassbookError('FORBIDDEN', 'This needs the owner PIN.', { method: name, role: 'owner' });
    }
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw validationError(parsed.error);
    const input = parsed.data as Record<string, unknown>;
    // a screen of the ledger before a restore: its ids may now name other customers, passes and redemptions. Unless it
    // repeats a request the ledger holds (the restore itself, its answer lost): that is answered as it was, nothing written
    if (spec.write && caller.ledgerMark !== undefined && caller.ledgerMark !== mark && !findOp.get(input.clientId)) {
      throw new PassbookError('CONFLICT', 'The ledger was restored from a backup since this screen was read, so what it shows may be another customer\'s. Nothing was written: the screen starts again from the restored ledger.', { reason: 'LEDGER_REPLACED' });
    }
    Object.assign(ctx, {
      db: deps.db, ledger: deps.ledger, ledgerMark: mark, now, nowMs, clockMs, owner, sessions: deps.sessions, sessionToken: caller.sessionToken, method: name,
      clientId: typeof input.clientId === 'string' ? input.clientId : undefined,
    });
    const handler = handlers[name] as (c: ServiceContext, i: unknown) => unknown;
    return { name, spec, input, handler };
  }

  function failure(err: unknown, ctx: Partial<ServiceContext>): CallResult {
    if (!(err instanceof PassbookError) && process.env.PASSBOOK_DEBUG) console.error(err);
    const error = toApiError(err);
    if (error.code === 'INTERNAL' && (process.env.VITEST || process.env.PASSBOOK_DEBUG) && !(err instanceof PassbookError)) {
      // surface programming errors in tests (and when asked): never to a caller of the app or the host, which would
      // read raw exception text (SQL, paths)
      (error as ApiErrorShape).details = { reason: String((err as Error)?.message ?? err).slice(0, 500) };
    }
    return ctx.sessionChange ? { ok: false, error, sessionChange: ctx.sessionChange } : { ok: false, error };
  }

  function checked(name: string, spec: MethodSpec, value: unknown): void {
    if (deps.checkOutput) {
      const out = spec.output.safeParse(value);
      if (!out.success) throw new Error(`output of ${name} breaks the contract: ${out.error.message}`);
    }
  }

  function dispatch(name: string, rawInput: unknown, caller: CallerState = {}): CallResult {
    const ctx: Partial<ServiceContext> = {};
    try {
      const { spec, input, handler } = prepare(name, rawInput, caller, ctx);
      if (spec.async) throw new PassbookError('INTERNAL', `${name} is long work: call it through dispatchAsync.`);

      const run = (): unknown => {
        if (!spec.write) return handler(ctx as ServiceContext, input);
        const clientId = input.clientId as string;
        const hash = payloadHash(name, input);
        const prior = priorAnswer(name, clientId, hash, ctx, input);
        if (prior) return prior.value;
        // dated no earlier than what the ledger holds (CLOCK_BEHIND when the clock is well behind it)
        const at = writeInstant(deps.db, ctx.nowMs!, { confirmsDate: name === 'periods.close' });
        if (at !== ctx.nowMs) { ctx.nowMs = at; ctx.now = new Date(at); }
        const value = handler(ctx as ServiceContext, input);
        saveOp.run(clientId, name, hash, JSON.stringify(value), ctx.nowMs!);
        return value;
      };
      const value = spec.write ? deps.db.transaction(run).immediate() : readOnly(run);
      if (value instanceof Promise) throw new Error(`${name} returned a Promise but is not declared async`);
      for (const after of ctx.afterCommit ?? []) {
        try { after(); } catch (err) { if (process.env.PASSBOOK_DEBUG) console.error(err); }
      }
      checked(name, spec, value);
      return ctx.sessionChange ? { ok: true, value, sessionChange: ctx.sessionChange } : { ok: true, value };
    } catch (err) {
      return failure(err, ctx);
    }
  }

  // long writes still running, by client id: a retry sent while the first is at work (a double click on Restore,
  // a transport that gave up waiting) waits for the first one's answer instead of starting the work again
  const running = new Map<string, { name: string; hash: string; done: Promise<unknown>; ctx: Partial<ServiceContext> }>();

  /** Every method, including long async work. Transports (IPC, HTTP) use this one. */
  async function dispatchAsync(name: string, rawInput: unknown, caller: CallerState = {}): Promise<CallResult> {
    if (!isMethodName(name) || !(contract[name] as MethodSpec).async) return dispatch(name, rawInput, caller);
    const ctx: Partial<ServiceContext> = {};
    try {
      const { spec, input, handler } = prepare(name, rawInput, caller, ctx);
      let value: unknown;
      if (spec.write) {
        // a long write cannot hold a transaction across its awaits: the dispatcher answers a retry here, and the
        // handler records the request where its work lands (a restore: in the restored ledger, before the swap)
        const clientId = input.clientId as string;
        const hash = payloadHash(name, input);
        const prior = priorAnswer(name, clientId, hash, ctx, input);
        const first = running.get(clientId);
        if (prior) {
          value = prior.value;
        } else if (first) {
          if (first.name !== name || first.hash !== hash) {
            throw new PassbookError('CONFLICT', 'This client id was already used for a different request.', { clientId, method: first.name });
          }
          value = await first.done; // its answer, or its error
          if (first.ctx.sessionChange) ctx.sessionChange = first.ctx.sessionChange; // a restore ends sessions: this caller's too
        } else {
          ctx.operation = { clientId, method: name as MethodName, payloadHash: hash, at: ctx.nowMs! };
          const done = Promise.resolve(handler(ctx as ServiceContext, input));
          running.set(clientId, { name, hash, done, ctx });
          try {
            value = await done;
          } finally {
            running.delete(clientId);
          }
        }
      } else {
        value = await handler(ctx as ServiceContext, input);
      }
      checked(name, spec, value);
      return ctx.sessionChange ? { ok: true, value, sessionChange: ctx.sessionChange } : { ok: true, value };
    } catch (err) {
      return failure(err, ctx);
    }
  }

  return { dispatch, dispatchAsync };
}

export type Dispatch = ReturnType<typeof createDispatcher>['dispatch'];
