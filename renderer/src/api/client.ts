// The one typed client of the renderer: api.counter.redeem(input) -> Promise<output>.
// Built from the contract's method names. Inside Electron it calls the preload's functions
// (window.passbook, one per method); in a browser it POSTs to the headless host at /api/<method>.
// Every failure rejects with an ApiError(code, message, details) — the wire shape of core/errors.ts.
import { ulid } from 'ulid';
import { methodNames, type ApiClient } from '../../../core/contract';
import type { PassbookBridge, PassbookShell } from '../../../electron/preload/types';

declare global {
  interface Window {
    /** Inside Electron only: one function per API method (electron/preload). */
    passbook?: PassbookBridge;
    /** Inside Electron only: printing, PDF, saving files, menu commands. */
    passbookShell?: PassbookShell;
  }
}

export class ApiError extends Error {
  readonly code: string;
  readonly details?: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

export type Api = ApiClient;

type Fn = (input: unknown) => Promise<unknown>;
/** window.passbook seen loosely: each function resolves to a BridgeResult ({ok, value} | {ok:false, error}). */
type LooseBridge = Record<string, Record<string, Fn>>;

/** A fresh idempotency key for a write: a ULID (sortable, 26 chars). */
export const newClientId = (): string => ulid();

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { code?: unknown; message?: unknown; details?: unknown } | null;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') return new ApiError(e.code, e.message, e.details);
  // Electron wraps errors thrown in ipcMain.handle: "Error invoking remote method 'x': Error: {json}"
  const text = String((e && typeof e.message === 'string' ? e.message : err) ?? '');
  const json = text.match(/(\{.*\})\s*$/s);
  if (json?.[1]) {
    try {
      const parsed = JSON.parse(json[1]) as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof parsed.code === 'string' && typeof parsed.message === 'string') return new ApiError(parsed.code, parsed.message, parsed.details);
    } catch { /* not JSON */ }
  }
  return new ApiError('INTERNAL', text || 'Something went wrong.');
}

/**
 * The headless host's owner session is a cookie plus a secret this page sends as a header (electron/host/server.ts:
 * other local ports receive 127.0.0.1 cookies, never this origin's storage). Kept in localStorage, which is this
 * origin's alone, so a reload or a second tab of the same host keeps owner mode.
 */
export const OWNER_BIND_HEADER = 'x-passbook-bind';
const BIND_KEY = 'passbook.ownerBind';
export function ownerBind(): string | null {
  try { return localStorage.getItem(BIND_KEY); } catch { return null; }
}
function keepOwnerBind(res: Response): void {
  const b = res.headers.get(OWNER_BIND_HEADER);
  if (b === null) return;
  try { if (b) localStorage.setItem(BIND_KEY, b); else localStorage.removeItem(BIND_KEY); } catch { /* storage refused: owner mode lasts this page */ }
}

/**
 * The ledger the screens were read from (shop.status's `ledger`), sent with every call to the host: after a restore
 * from a backup (in another tab) ids name other customers and passes, and the host refuses a write from this page
 * (CONFLICT, reason LEDGER_REPLACED) instead of doing it to someone else. Inside Electron the one window that restores
 * starts its own screens over (owner/Settings.tsx).
 */
export const LEDGER_HEADER = 'x-passbook-ledger';
let ledgerMark: string | null = null;
let ledgerReplaced: (() => void) | null = null;
export function setLedgerMark(mark: string | null): void { ledgerMark = mark; }
export function onLedgerReplaced(listener: () => void): void { ledgerReplaced = listener; }
export function notifyLedgerReplaced(): void { ledgerReplaced?.(); }
/** A CONFLICT's reason (LEDGER_REPLACED, CHANGED, FORGOTTEN, …); null for any other answer, '' for a CONFLICT without one. */
export function conflictReason(err: unknown): string | null {
  if (!(err instanceof ApiError) || err.code !== 'CONFLICT') return null;
  const reason = (err.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : '';
}
export const isLedgerReplaced = (err: unknown): boolean => conflictReason(err) === 'LEDGER_REPLACED';

/**
 * The counter's calls are quick (a redemption takes about a millisecond): one that has had no answer for this long
 * is a host that hangs, and the cashier is told so (it may or may not have gone through) instead of watching
 * "Redeeming…" for ever (a dialog cannot be closed while its write is on its way). The owner's long jobs (a backup of
 * a large file, exports, restores) are not timed.
 */
export const COUNTER_ANSWER_MS = 15_000;
const timed = (name: string): boolean => /^(counter|customers|passes|cashSales)\./.test(name) || name === 'plans.gift';

async function httpCall(name: string, input: unknown): Promise<unknown> {
  let res: Response;
  const bind = ownerBind();
  const abort = timed(name) ? new AbortController() : null;
  const timer = abort ? setTimeout(() => abort.abort(), COUNTER_ANSWER_MS) : undefined;
  try {
    res = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bind ? { [OWNER_BIND_HEADER]: bind } : {}), ...(ledgerMark ? { [LEDGER_HEADER]: ledgerMark } : {}) },
      body: JSON.stringify(input ?? {}),
      credentials: 'same-origin',
      ...(abort ? { signal: abort.signal } : {}),
    });
  } catch {
    throw new ApiError('NETWORK', abort?.signal.aborted
      ? `Passbook has not answered for ${COUNTER_ANSWER_MS / 1000} seconds. Check that it is still running, then try again.`
      : 'Cannot reach Passbook. Check that it is still running, then try again.');
  } finally {
    clearTimeout(timer);
  }
  keepOwnerBind(res);
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    if (res.ok) throw new ApiError('INTERNAL', 'Passbook answered with something unreadable.');
  }
  if (res.ok) return body;
  const error = toApiError(body ?? { code: 'INTERNAL', message: `Passbook answered ${res.status}.` });
  if (isLedgerReplaced(error)) ledgerReplaced?.();
  throw error;
}

export type Transport = (name: string, input: unknown) => Promise<unknown>;

export function ipcTransport(bridge: LooseBridge): Transport {
  return async (name, input) => {
    const dot = name.indexOf('.');
    const fn = bridge[name.slice(0, dot)]?.[name.slice(dot + 1)];
    if (typeof fn !== 'function') throw new ApiError('NOT_FOUND', `This version of Passbook has no method "${name}".`);
    let r: unknown;
    try {
      r = await fn(input ?? {});
    } catch (err) {
      throw toApiError(err);
    }
    const res = r as { ok?: boolean; value?: unknown; error?: unknown } | null;
    if (res && res.ok === true) return res.value;
    if (res && res.ok === false) throw toApiError(res.error);
    throw new ApiError('INTERNAL', `Passbook answered ${name} with something unreadable.`);
  };
}

/** Build the nested client from the contract's method names over one transport. */
export function createClient(transport: Transport, names: readonly string[] = methodNames): Api {
  const client: Record<string, Record<string, Fn>> = {};
  for (const name of names) {
    const dot = name.indexOf('.');
    (client[name.slice(0, dot)] ??= {})[name.slice(dot + 1)] = (input: unknown) => transport(name, input);
  }
  return client as unknown as Api;
}

export const transport: Transport = typeof window !== 'undefined' && window.passbook ? ipcTransport(window.passbook as unknown as LooseBridge) : httpCall;
export const api: Api = createClient(transport);
export const insideElectron = typeof window !== 'undefined' && !!window.passbook;
