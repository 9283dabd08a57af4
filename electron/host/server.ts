// The headless host: the same contract as Electron's IPC, served over HTTP on loopback,
// together with the built renderer. Used for end-to-end tests, scripting, and later a second counter.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { PassbookApp } from '../../core/app';
import { httpStatus, type ApiErrorShape } from '../../core/errors';
import { maxInputBytesOf } from '../../core/contract';
import { DEFAULT_MAX_INPUT_BYTES } from '../../core/api/method';
import type { SettableClock } from './clock';
import { CONTENT_SECURITY_POLICY as RENDERER_CSP } from '../main/csp';
import { DOWNLOAD_PREFIXES } from './download';

export const SESSION_COOKIE = 'pb_owner';
/**
 * The owner session is a cookie and a second secret sent as a header. Browsers send 127.0.0.1 cookies to every
 * port, so a server on another local port, opened in the same browser, receives the cookie; it never sees the
 * header's secret, which the page keeps in its own origin's storage (per port). A download link, which cannot
 * carry a header, carries the secret as ?bind= (GET and HEAD of /exports/ and /backups/ only).
 */
export const BIND_HEADER = 'x-passbook-bind';
/** The ledger the page's screens were read from (shop.status's `ledger`), sent with its calls: core/backup/mark.ts. */
export const LEDGER_HEADER = 'x-passbook-ledger';
/** a body's most bytes unless the method says more (an import's file: maxInputBytesOf) */
const MAX_BODY = DEFAULT_MAX_INPUT_BYTES;

/** The renderer's one policy (electron/main/csp.ts), plus what only a header can say: no framing. */
export const CONTENT_SECURITY_POLICY = `${RENDERER_CSP}; frame-ancestors 'none'`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

export interface HostOptions {
  app: PassbookApp;
  staticDir?: string;
  /** test mode: the clock may be set over HTTP (never in normal runs) */
  testClock?: SettableClock;
  /** extra routes (exports, downloads) registered by other modules: return true when handled */
  routes?: Array<(req: http.IncomingMessage, res: http.ServerResponse, caller: { sessionToken?: string }) => boolean | Promise<boolean>>;
}

function readCookie(req: http.IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    // a cookie we did not set (any page on 127.0.0.1 can plant one) is no session, not a failed request
    try { return decodeURIComponent(v.join('=')); } catch { return undefined; }
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(data);
}

const sendError = (res: http.ServerResponse, status: number, error: ApiErrorShape) => send(res, status, error);

function readBody(req: http.IncomingMessage, limit = MAX_BODY): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    let over = false;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      if (over) return; // the rest is read and dropped, so the 413 reaches the client instead of a reset
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        reject(Object.assign(new Error('too large'), { tooLarge: true }));
        // a body that never ends is cut off after a while
        setTimeout(() => { if (!req.complete) req.destroy(); }, 10_000).unref();
        return;
      }
      chunks.push(c);
    });
    // bytes that are not UTF-8 are refused, not stored as replacement characters in a customer's name
    req.on('end', () => {
      try { resolve(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))); } catch { reject(Object.assign(new Error('not utf-8'), { notUtf8: true })); }
    });
    req.on('error', reject);
  });
}

/** Requests must name our own host (no DNS rebinding) and, when cross-site capable, come from our origin. */
function trustedRequest(req: http.IncomingMessage, port: () => number): boolean {
  const host = req.headers.host ?? '';
  const okHosts = new Set([`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`]);
  if (!okHosts.has(host)) return false;
  const origin = req.headers.origin;
  // "null" is what a sandboxed frame, a file:// page or a cross-site redirect sends: never ours for a write
  if (origin === 'null') return req.method === 'GET' || req.method === 'HEAD';
  if (origin && !okHosts.has(origin.replace(/^https?:\/\//, ''))) return false;
  return true;
}

export function createHostServer(opts: HostOptions): http.Server {
  const { app } = opts;
  const staticDir = opts.staticDir ? path.resolve(opts.staticDir) : undefined;
  let boundPort = 0;
  const binds = new Map<string, string>(); // session token -> its header secret

  /** The caller's owner session: the cookie's token, when the request also carries that token's secret. */
  const callerOf = (req: http.IncomingMessage, url: URL): { sessionToken?: string } => {
    const token = readCookie(req, SESSION_COOKIE);
    const bind = token ? binds.get(token) : undefined;
    if (!token || !bind) return {};
    const header = req.headers[BIND_HEADER];
    const given = typeof header === 'string' ? header
      : (req.method === 'GET' || req.method === 'HEAD') && DOWNLOAD_PREFIXES.some((d) => url.pathname.startsWith(d)) ? url.searchParams.get('bind') : null;
    if (!given || given.length !== bind.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(bind))) return {};
    return { sessionToken: token };
  };

  const server = http.createServer(async (req, res) => {
    try {
      if (!trustedRequest(req, () => boundPort)) {
        sendError(res, 403, { code: 'FORBIDDEN', message: 'Requests must come from this computer, to 127.0.0.1 or localhost.' });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://host');
      const caller = callerOf(req, url);

      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') { sendError(res, 405, { code: 'VALIDATION', message: 'Use POST with a JSON body.' }); return; }
        // application/json, with parameters (charset) or none; not application/jsonx nor another JSON dialect
        if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
          sendError(res, 415, { code: 'VALIDATION', message: 'The body must be JSON (Content-Type: application/json).' });
          return;
        }
        let input: unknown;
        try {
          // an import's file may be larger than other requests (maxInputBytesOf), for the owner only (an import needs the
          // owner session, live: one the core has ended since is none): a caller without one is not held 8 MB; a name
          // that is no method gets the default
          const limit = app.sessions.peek(caller.sessionToken) !== null ? maxInputBytesOf(safeDecode(url.pathname.slice('/api/'.length)) ?? '') : MAX_BODY;
          const body = await readBody(req, limit);
          input = body.trim() === '' ? {} : JSON.parse(body);
        } catch (e) {
          const tooLarge = (e as { tooLarge?: boolean }).tooLarge;
          if (tooLarge) send(res, 413, { code: 'VALIDATION', message: 'The request is too large.' }, { connection: 'close' });
          else if ((e as { notUtf8?: boolean }).notUtf8) sendError(res, 400, { code: 'VALIDATION', message: 'The body is not valid UTF-8.' });
          else sendError(res, 400, { code: 'VALIDATION', message: 'The body is not valid JSON.' });
          return;
        }
        const name = safeDecode(url.pathname.slice('/api/'.length));
        if (name === null) { sendError(res, 404, { code: 'NOT_FOUND', message: 'There is no such method.' }); return; }
        const mark = req.headers[LEDGER_HEADER];
        const result = await app.dispatchAsync(name, input, typeof mark === 'string' && mark !== '' ? { ...caller, ledgerMark: mark.slice(0, 100) } : caller);
        const headers: Record<string, string> = {};
        if (result.sessionChange) {
          const t = result.sessionChange.token;
          headers['set-cookie'] = t
            ? `${SESSION_COOKIE}=${encodeURIComponent(t)}; HttpOnly; SameSite=Strict; Path=/`
            : `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
          // forget the secrets of sessions that ended (locked, timed out, replaced)
          for (const k of [...binds.keys()]) if (app.sessions.peek(k) === null) binds.delete(k);
          if (t) {
            const bind = crypto.randomBytes(24).toString('base64url');
            binds.set(t, bind);
            headers[BIND_HEADER] = bind;
          } else {
            headers[BIND_HEADER] = '';
          }
        }
        if (result.ok) send(res, 200, result.value ?? null, headers);
        else send(res, httpStatus(result.error.code), result.error, headers);
        return;
      }

      if (opts.testClock && url.pathname === '/test/clock' && req.method === 'POST') {
        let body: { now?: unknown };
        try { body = JSON.parse((await readBody(req)) || '{}') as { now?: unknown }; } catch { sendError(res, 400, { code: 'VALIDATION', message: 'The body is not valid JSON.' }); return; }
        const now = body.now ?? null;
        if (now !== null && (typeof now !== 'string' || Number.isNaN(Date.parse(now)))) { sendError(res, 400, { code: 'VALIDATION', message: 'now: an ISO 8601 instant, or null for the real clock.' }); return; }
        opts.testClock.set(now);
        send(res, 200, { now: opts.testClock.now().toISOString(), fixed: opts.testClock.fixed() });
        return;
      }

      for (const route of opts.routes ?? []) if (await route(req, res, caller)) return;

      if (staticDir && (req.method === 'GET' || req.method === 'HEAD')) {
        serveStatic(staticDir, url.pathname, res);
        return;
      }
      sendError(res, 404, { code: 'NOT_FOUND', message: 'Not found.' });
    } catch (err) {
      if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: 'The host failed to answer.' });
      if (process.env.PASSBOOK_DEBUG) console.error(err);
    }
  });
  server.on('listening', () => {
    const a = server.address();
    boundPort = typeof a === 'object' && a ? a.port : 0;
  });
  return server;
}

/** decodeURIComponent that answers null for a malformed escape (%E0%A4%A, %FF) instead of throwing. */
function safeDecode(s: string): string | null {
  try { return decodeURIComponent(s); } catch { return null; }
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const decoded = safeDecode(pathname);
  if (decoded === null) { sendError(res, 400, { code: 'VALIDATION', message: 'The address is not valid.' }); return; }
  const rel = decoded.replace(/^\/+/, '');
  let file = path.resolve(root, rel || 'index.html');
  if (!file.startsWith(root + path.sep) && file !== root) { sendError(res, 403, { code: 'FORBIDDEN', message: 'Outside the app.' }); return; }
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html'); // single-page app
  if (!fs.existsSync(file)) { sendError(res, 404, { code: 'NOT_FOUND', message: 'The renderer is not built. Run npm run build:renderer.' }); return; }
  res.writeHead(200, {
    'content-type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  fs.createReadStream(file).pipe(res);
}
