import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { savePath } from './savePath';
import { shellWords } from './shellWords';
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

  it('never writes through a link planted at the chosen name', () => {
    const dir = tempDir();
    const target = path.join(dir, 'elsewhere.txt');
    fs.writeFileSync(target, 'precious');
    fs.symlinkSync(target, path.join(dir, 'journal.csv'));
    fs.symlinkSync(target, path.join(dir, 'march.csv'));
    expect(savePath(path.join(dir, 'journal.csv'), '.csv')).toEqual({ taken: path.join(dir, 'journal.csv') });
    expect(savePath(path.join(dir, 'march'), '.csv')).toEqual({ taken: path.join(dir, 'march.csv') });
    // a dangling link too
    fs.symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'april.csv'));
    expect(savePath(path.join(dir, 'april'), '.csv')).toEqual({ taken: path.join(dir, 'april.csv') });
  });

  it('words a failed file operation without its path', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: copyfile '/home/x/.config/Passbook/incoming/a.part'`), { code });
    expect(shellWords(err('ENOENT'))).toBe('That did not work: the file could not be found or read.');
    expect(shellWords(err('EACCES'))).toBe('That did not work: Passbook may not read or write there. Choose another place.');
    for (const c of ['ENOENT', 'EACCES', 'ENOSPC', 'EIO']) expect(shellWords(err(c))).not.toContain('/home');
  });
});
