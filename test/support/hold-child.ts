// Child process for core/db/ledgerLock.test.ts: opens a ledger as the app does, says "open", and holds it until killed.
// Usage: node --import tsx test/support/hold-child.ts <db>
import { createApp } from '../../core/app';

createApp(process.argv[2]!);
process.stdout.write('open\n');
setInterval(() => undefined, 60_000);
