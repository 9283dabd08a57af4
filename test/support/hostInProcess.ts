// The headless host in this process on a free loopback port, over a fresh ledger, with extra routes
// (upload, download); servers close after each test.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { createApp, type PassbookApp } from '../../core/app';
import { settableClock } from '../../electron/host/clock';
import { createHostServer, type HostOptions } from '../../electron/host/server';
import { tempDir } from './tempApp';

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

export async function hostWith(routes: (app: PassbookApp) => NonNullable<HostOptions['routes']>): Promise<{ app: PassbookApp; base: string }> {
  const app = createApp(path.join(tempDir(), 'ledger.sqlite'), { clock: settableClock() });
  const server = createHostServer({ app, routes: routes(app) });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { app, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
