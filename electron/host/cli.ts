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
  },
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
// loopback only: the counter's methods need no PIN, and the server answers only requests addressed to
// 127.0.0.1/localhost (a browser elsewhere on the network would be refused anyway)
if (!LOOPBACK.has(values.host!)) {
  console.error(`Refusing to listen on ${values.host}: the host binds to this computer only (127.0.0.1, localhost or ::1).`);
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
  const shown = values.host === '::1' ? '[::1]' : values.host === 'localhost' ? 'localhost' : '127.0.0.1';
  console.log(`Passbook host listening on http://${shown}:${port}${values.test ? ' (test mode: settable clock)' : ''}`);
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
