// The daily backup nobody watches: when it fails, shop.status says so in words until a backup goes through.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tempApp } from '../../test/support/tempApp';
import { scheduleDailyBackups } from './daily';

const settle = () => new Promise((r) => setTimeout(r, 200));

describe('a failing daily backup', () => {
  it('is said on every screen (shop.status) from its first failure until a backup goes through', async () => {
    const app = tempApp({ start: '2026-03-01T12:00:00Z' });
    fs.writeFileSync(app.ledger.backupsDir, 'a file where the backups folder goes');
    const logged: unknown[] = [];
    let stop = scheduleDailyBackups(app, (e) => logged.push(e));
    await settle();
    stop();
    expect(logged).toHaveLength(1);
    expect(app.call('shop.status', {}).problems).toEqual([{
      work: 'backup', since: '2026-03-01T12:00:00.000Z', message: 'Passbook cannot make its backups folder: a file of that name is in the way.',
    }]);
    // an hour later it fails again: still the first failure's time
    app.clockControl.advance(3_600_000);
    stop = scheduleDailyBackups(app, () => undefined);
    await settle();
    stop();
    expect(app.call('shop.status', {}).problems[0]?.since).toBe('2026-03-01T12:00:00.000Z');
    // the folder can be made again: the next backup goes through and the screens stop saying it
    fs.rmSync(app.ledger.backupsDir);
    stop = scheduleDailyBackups(app, () => undefined);
    await settle();
    stop();
    expect(app.call('shop.status', {}).problems).toEqual([]);
    expect(fs.readdirSync(app.ledger.backupsDir)).toHaveLength(1);
  });
});
