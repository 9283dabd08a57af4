// File → Back up now when the disk refuses: the dialog says what to do, in the owner's words, never the raw error.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuBackup } from './menuBackup';
import { tempApp, type TestApp } from '../../test/support/tempApp';
import { canMountTmpfs, smallDisk } from '../../test/support/smallDisk';

describe('File → Back up now', () => {
  it('a file where the backups folder goes: said in words, without the data folder\'s path', async () => {
    const app = tempApp();
    fs.writeFileSync(app.ledger.backupsDir, 'in the way');
    const r = await menuBackup(app);
    expect(r).toEqual({ ok: false, message: 'A file is in the way of a folder Passbook writes to beside the ledger (backups, exports), so this was not done. Move it away, then try again.' });
    fs.rmSync(app.ledger.backupsDir);
    const ok = await menuBackup(app);
    expect(ok.ok && fs.existsSync(path.join(app.ledger.backupsDir, ok.info.fileName))).toBe(true);
    app.close();
  });

  it.skipIf(!canMountTmpfs())('on a full disk: the disk named, and no backup file left that looks whole', async () => {
    const { dir, unmount } = smallDisk('2m');
    let app: TestApp | undefined;
    try {
      app = tempApp({ file: path.join(dir, 'ledger.sqlite') });
      // room for the ledger, none for a copy of it
      const fd = fs.openSync(path.join(dir, 'filler'), 'w');
      try { for (;;) fs.writeSync(fd, Buffer.alloc(16 * 1024)); } catch (err) { expect((err as { code?: string }).code).toBe('ENOSPC'); } finally { fs.closeSync(fd); }
      const r = await menuBackup(app);
      expect(r).toEqual({ ok: false, message: 'The disk is full, so this was not saved. Free some space on this computer, then try again.' });
      expect(fs.readdirSync(app.ledger.backupsDir)).toEqual([]);
    } finally {
      app?.close();
      unmount();
    }
  });
});
