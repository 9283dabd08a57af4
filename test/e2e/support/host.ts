// One headless host per spec file: a fresh temporary ledger, a free port, --test mode (settable clock).
// The host prints "Passbook host listening on http://127.0.0.1:PORT"; we read the port from that line.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { E2E_DIST, ROOT } from './paths';
import { test, type APIRequestContext, request as pwRequest } from '@playwright/test';


export interface Host {
  url: string;
  dbFile: string;
  /** an API client with its own cookie jar (owner session stays separate from the page's); call and fail also send the session's secret */
  api: APIRequestContext;
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  /** call expecting failure: returns the {code, message, details} body */
  fail(method: string, input?: unknown): Promise<{ code: string; message: string; details?: unknown }>;
  setClock(iso: string | null): Promise<void>;
}

export async function startHost(opts: { dbFile?: string } = {}): Promise<Host & { stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-e2e-'));
  const dbFile = opts.dbFile ?? path.join(dir, 'ledger.sqlite');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', '--db', dbFile, '--port', '0', '--static', E2E_DIST, '--test'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' },
  });
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 60 s:\n${log}`)), 60_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      const m = /Passbook host listening on (http:\/\/[\d.]+:\d+)/.exec(log);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => { log += b.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`host exited with ${code}:\n${log}`)); });
  });
  child.removeAllListeners('exit');
  const api = await pwRequest.newContext({ baseURL: url });
  // the owner session: the cookie in api's jar, and the secret the host sends beside it (x-passbook-bind)
  let bind = '';
  const post = async (method: string, input: unknown) => {
    const r = await api.post(`/api/${method}`, { data: input as object, headers: bind ? { 'x-passbook-bind': bind } : {} });
    const b = r.headers()['x-passbook-bind'];
    if (b !== undefined) bind = b;
    return r;
  };
  const host = {
    url, dbFile, api,
    async call<T>(method: string, input: unknown = {}): Promise<T> {
      const r = await post(method, input);
      const body = await r.json();
      if (!r.ok()) throw new Error(`${method} failed: ${r.status()} ${JSON.stringify(body)}`);
      return body as T;
    },
    async fail(method: string, input: unknown = {}) {
      const r = await post(method, input);
      if (r.ok()) throw new Error(`${method} unexpectedly succeeded`);
      return (await r.json()) as { code: string; message: string; details?: unknown };
    },
    async setClock(iso: string | null) {
      const r = await api.post('/test/clock', { data: { now: iso } });
      if (!r.ok()) throw new Error(`setting the clock failed: ${r.status()} ${await r.text()}`);
    },
    async stop() {
      await api.dispose();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => { child.once('exit', r); setTimeout(r, 5000); });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return host;
}

/** Register a host for the current spec file (beforeAll/afterAll); use the returned holder in tests. */
export function hostPerFile(opts: { dbFile?: () => string } = {}): Host {
  const holder = {} as Host & { stop?: () => Promise<void> };
  test.beforeAll(async () => {
    const h = await startHost(opts.dbFile ? { dbFile: opts.dbFile() } : {});
    Object.assign(holder, h);
  });
  test.afterAll(async () => { await holder.stop?.(); });
  return holder;
}

/** A fresh client id for a write. */
export const clientId = (): string => ulid();
