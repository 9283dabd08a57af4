// npm run serve -- --db FILE --port N [--host 127.0.0.1] [--static dist] [--test]
// Opens the ledger, serves the renderer and the contract on loopback. --test allows a settable clock.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../core/app';
import { settableClock } from './clock';
import { createHostServer } from './server';
import { startSchedule } from '../../core/schedule';
import { uploadRoute } from './upload';
import { downloadRoute } from './download';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'passbook.sqlite' },
    port: { type: 'string', default: '5173' },
    host: { type: 'string', default: '127.0.0.1' },
    static: { type: 'string', default: 'dist' },
    test: { type: 'boolean', default: false },
    'allow-remote': { type: 'boolean', default: false },
  },
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
if (!LOOPBACK.has(values.host!) && !values['allow-remote']) {
  console.error(`Refusing to listen on ${values.host}: the host binds to loopback only unless --allow-remote is given.`);
  process.exit(2);
}

const clock = settableClock();
let app;
try {
  app = createApp(path.resolve(values.db!), { clock });
} catch (err) {
  console.error(`Cannot open the ledger: ${(err as Error).message}`);
  process.exit(1);
}
const server = createHostServer({ app, staticDir: values.static, routes: [uploadRoute(app), downloadRoute(app)], ...(values.test ? { testClock: clock } : {}) });
server.listen(Number(values.port), values.host, () => {
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : values.port;
  const shown = LOOPBACK.has(values.host!) ? '127.0.0.1' : values.host!.includes(':') ? `[${values.host}]` : values.host;
  console.log(`Passbook host listening on http://${shown}:${port}${values.test ? ' (test mode: settable clock)' : ''}`);
  // the counter's methods need no PIN (a cashier has none): off loopback, anyone who reaches the port may use them
  if (!LOOPBACK.has(values.host!)) console.warn('Warning: listening beyond this computer (--allow-remote). Anyone who can reach this port can search customers and redeem at the counter; owner methods still need the PIN, sent in clear HTTP.');
});

// Period close at start-up and at each boundary; a backup a day. Test runs move the clock themselves
// (the owner closes from the month-end review) and keep their folders clean.
const schedule = startSchedule(app, { backups: !values.test, timers: !values.test });

const stop = () => {
  schedule.stop();
  server.close();
  app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
