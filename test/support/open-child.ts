// Child process for core/db/open.test.ts: opens a ledger and prints what happened as one JSON line. The test
// runs it as an unprivileged user when the suite runs as root, since root may write a file marked read-only.
// Usage: node --import tsx test/support/open-child.ts <db>
import { openLedger } from '../../core/db/open';

const file = process.argv[2]!;
try {
  openLedger(file).close();
  process.stdout.write(`${JSON.stringify({ opened: true })}\n`);
} catch (e) {
  const err = e as { code?: string; message?: string; details?: { reason?: string } };
  process.stdout.write(`${JSON.stringify({ opened: false, code: err.code, reason: err.details?.reason, message: err.message })}\n`);
}
