// A headless host for the owner tests that also serves the restore upload route (electron/host/upload.ts),
// in case the shared host does not register it yet. Same flags and output line as electron/host/cli.ts.
//   node --import tsx test/e2e/owner-host.ts --db FILE --static dist
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../core/app';
import { settableClock } from '../../electron/host/clock';
import { createHostServer } from '../../electron/host/server';
import { uploadRoute } from '../../electron/host/upload';

const { values } = parseArgs({ options: { db: { type: 'string' }, static: { type: 'string', default: 'dist' } } });
const clock = settableClock();
const app = createApp(path.resolve(values.db!), { clock });
const server = createHostServer({ app, staticDir: values.static, testClock: clock, routes: [uploadRoute(app)] });
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  console.log(`Passbook host listening on http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0} (test mode: settable clock)`);
});
const stop = () => { server.close(); app.close(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
