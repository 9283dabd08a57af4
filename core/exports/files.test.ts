import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { findExportFile } from './files';
import { tempDir } from '../../test/support/tempApp';

describe('findExportFile', () => {
  it('finds an export in the exports folder by its plain name, and nothing else', () => {
    const root = tempDir();
    const dir = path.join(root, 'exports');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(root, 'ledger.csv'), 'secret');
    fs.writeFileSync(path.join(dir, 'passbook-journal-1.beancount'), '; hello\n');
    fs.writeFileSync(path.join(dir, 'passbook-entries-1.csv'), 'a,b\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    fs.mkdirSync(path.join(dir, 'folder.csv'));

    expect(findExportFile(dir, 'passbook-journal-1.beancount')).toEqual({ fileName: 'passbook-journal-1.beancount', path: path.join(dir, 'passbook-journal-1.beancount'), bytes: 8, kind: 'beancount' });
    expect(findExportFile(dir, 'passbook-entries-1.csv').kind).toBe('csv');
    const code = (name: string) => { try { findExportFile(dir, name); return 'found'; } catch (e) { return (e as { code: string }).code; } };
    expect(code('../ledger.csv')).toBe('VALIDATION');
    expect(code('..')).toBe('VALIDATION');
    expect(code('.hidden.csv')).toBe('VALIDATION');
    expect(code(`${dir}/passbook-entries-1.csv`)).toBe('VALIDATION');
    expect(code('a\\b.csv')).toBe('VALIDATION');
    expect(code('')).toBe('VALIDATION');
    expect(code('x'.repeat(300) + '.csv')).toBe('VALIDATION');
    expect(code('nope.csv')).toBe('NOT_FOUND');
    expect(code('notes.txt')).toBe('NOT_FOUND'); // not a kind of export
    expect(code('folder.csv')).toBe('NOT_FOUND'); // not a file
  });
});

describe('removeStaleParts', () => {
  it('clears what a crashed export left, never a part still being written', async () => {
    const { removeStaleParts } = await import('./exports');
    const dir = tempDir();
    const now = Date.now();
    const make = (name: string, ageMs: number) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, 'x');
      fs.utimesSync(f, (now - ageMs) / 1000, (now - ageMs) / 1000);
    };
    make('.passbook-journal-20260401-090000.journal.999999.part', 2 * 3_600_000); // a crashed process's, old
    make('.passbook-entries-20260401-090000.csv.999999.part', 60_000); // another process's, recent: maybe live
    make(`.passbook-customers-20260401-090000.csv.${process.pid}.part`, 2 * 3_600_000); // ours: a running export
    make('passbook-journal-20260401-080000.journal', 2 * 3_600_000); // a finished export
    make('.notes.part', 2 * 3_600_000); // not ours to judge
    removeStaleParts(dir, now);
    expect(fs.readdirSync(dir).sort()).toEqual([
      `.passbook-customers-20260401-090000.csv.${process.pid}.part`,
      '.passbook-entries-20260401-090000.csv.999999.part',
      '.notes.part',
      'passbook-journal-20260401-080000.journal',
    ].sort());
  });
});
