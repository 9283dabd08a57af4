// Registers the whole API contract over ipcMain.handle: one fixed channel per method, from methodNames.
// Each call: check the sender frame → make the input plain JSON (≤ 1 MB; an import's file 8 MB) → dispatch with this window's
// owner session token (kept here in main, never sent to the renderer) → return { ok, value } or
// { ok: false, error }. Pure enough to test without Electron: ipcMain and the event are passed in.
import type { CallResult, CallerState } from '../../core/api/dispatch';
import { channelOf, maxInputBytesOf, methodNames, type MethodName } from '../../core/contract';
import { DEFAULT_MAX_INPUT_BYTES } from '../../core/api/method';
import type { ApiErrorShape } from '../../core/errors';
import { checkSender, type AppOrigin, type SenderInfo } from './trust';
import type { SessionTokens } from './tokens';

/** a request's most JSON unless its method says more (an import's file: maxInputBytesOf) */
export const MAX_IPC_INPUT_BYTES = DEFAULT_MAX_INPUT_BYTES;

/** The parts of IpcMainInvokeEvent we use (structural, so tests can pass plain objects). */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches Electron's IpcMain.handle signature
  handle(channel: string, listener: (event: any, ...args: any[]) => unknown): void;
}

export interface Dispatcher {
  dispatchAsync(name: string, input: unknown, caller?: CallerState): Promise<CallResult>;
  /** whether a window's token is a live owner session (the core ends one without telling main: idle, wake, restore) */
  sessions: { peek(token: string | undefined): number | null };
}

/** What crosses back to the renderer: never the sessionChange (it carries the token). */
export type BridgeResult = { ok: true; value: unknown } | { ok: false; error: ApiErrorShape };

export function senderInfo(event: InvokeEventLike): SenderInfo {
  let frame: InvokeEventLike['senderFrame'] = null;
  try {
    frame = event.senderFrame; // may throw if the frame is already disposed
  } catch {
    frame = null;
  }
  if (!frame) return { frameUrl: null, isMainFrame: false };
  return { frameUrl: frame.url, isMainFrame: frame.parent === null };
}

/** The same input rules as the HTTP host: plain JSON, at most `limit` bytes (1 MB, an import 8 MB); nothing else reaches the dispatcher. */
export function normalizeInput(raw: unknown, limit = MAX_IPC_INPUT_BYTES): { ok: true; input: unknown } | { ok: false; error: ApiErrorShape } {
  if (raw === undefined || raw === null) return { ok: true, input: {} };
  let json: string | undefined;
  try {
    json = JSON.stringify(raw);
  } catch {
    return { ok: false, error: { code: 'VALIDATION', message: 'The input must be plain JSON data.' } };
  }
  if (json === undefined) return { ok: false, error: { code: 'VALIDATION', message: 'The input must be plain JSON data.' } };
  if (Buffer.byteLength(json, 'utf8') > limit) {
    return { ok: false, error: { code: 'VALIDATION', message: 'The request is too large.' } };
  }
  return { ok: true, input: JSON.parse(json) };
}

export const refused = (reason: string): BridgeResult => ({ ok: false, error: { code: 'FORBIDDEN', message: `Refused: ${reason}.` } });

export function toBridgeResult(r: CallResult): BridgeResult {
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

export interface RegisterApiOptions {
  ipcMain: IpcMainLike;
  app: Dispatcher;
  origin: () => AppOrigin;
  tokens: SessionTokens;
  names?: readonly MethodName[];
}

/** Returns the channels registered (one per contract method). */
export function registerApi({ ipcMain, app, origin, tokens, names = methodNames }: RegisterApiOptions): string[] {
  const channels: string[] = [];
  for (const name of names) {
    const channel = channelOf(name);
    ipcMain.handle(channel, async (event: InvokeEventLike, input: unknown): Promise<BridgeResult> => {
      const verdict = checkSender(senderInfo(event), origin());
      if (!verdict.ok) return refused(verdict.reason);
      const id = event.sender.id;
      const token = tokens.get(id);
      // an import's file may be larger than other requests, for the owner only (an import needs the owner session): a
      // token the core has ended since (idle, wake, restore) is no owner, and is not read 8 MB to be refused
      const n = normalizeInput(input, app.sessions.peek(token) !== null ? maxInputBytesOf(name) : MAX_IPC_INPUT_BYTES);
      if (!n.ok) return { ok: false, error: n.error };
      try {
        const result = await app.dispatchAsync(name, n.input, token ? { sessionToken: token } : {});
        tokens.apply(id, result.sessionChange);
        return toBridgeResult(result);
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Passbook.' } };
      }
    });
    channels.push(channel);
  }
  return channels;
}
