import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { savePath } from './savePath';
import { tempDir } from '../../test/support/tempApp';

describe('savePath', () => {
  it('overwrites only what the save dialog confirmed', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'report.txt.csv'), 'old');
    // typed with the extension: the dialog asked about this very file
    expect(savePath(path.join(dir, 'journal.CSV'), '.csv')).toEqual({ file: path.join(dir, 'journal.CSV'), overwrite: true });
    // extension added by main, file new: written, never over something
    expect(savePath(path.join(dir, 'march'), '.csv')).toEqual({ file: path.join(dir, 'march.csv'), overwrite: false });
    // extension added by main, and that file exists: the owner was never asked
    expect(savePath(path.join(dir, 'report.txt'), '.csv')).toEqual({ taken: path.join(dir, 'report.txt.csv') });
  });
});
