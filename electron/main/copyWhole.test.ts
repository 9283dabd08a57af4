import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copyWhole, partName } from './copyWhole';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-copy-'));

describe('copyWhole', () => {
  it('copies the file byte for byte under its name and leaves no part file', async () => {
    const d = dir();
    const src = path.join(d, 'passbook-20261124-010000.sqlite');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 'ab');
    fs.writeFileSync(src, bytes);
    const dest = path.join(d, 'stick', 'shop backup.sqlite');
    fs.mkdirSync(path.dirname(dest));
    await copyWhole(src, dest, false);
    expect(fs.readFileSync(dest).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(dest))).toEqual(['shop backup.sqlite']);
  });

  it('replaces the chosen file only when the owner agreed to; a name taken since is refused and kept as it was', async () => {
    const d = dir();
    const src = path.join(d, 'b.sqlite');
    fs.writeFileSync(src, 'new copy');
    const dest = path.join(d, 'old.sqlite');
    fs.writeFileSync(dest, 'older copy');
    await expect(copyWhole(src, dest, false)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(dest, 'utf8')).toBe('older copy');
    await copyWhole(src, dest, true);
    expect(fs.readFileSync(dest, 'utf8')).toBe('new copy');
    expect(fs.existsSync(partName(dest))).toBe(false);
  });

  it('a copy that fails half-way leaves neither a file under the chosen name nor its part file', async () => {
    const d = dir();
    const dest = path.join(d, 'copy.sqlite');
    await expect(copyWhole(path.join(d, 'gone.sqlite'), dest, false)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.readdirSync(d)).toEqual([]);
    // a part file left by an earlier cut (the stick pulled out) does not block the next copy, and is not taken for it
    fs.writeFileSync(path.join(d, 'src.sqlite'), 'whole');
    fs.writeFileSync(partName(dest), 'half');
    await copyWhole(path.join(d, 'src.sqlite'), dest, false);
    expect(fs.readFileSync(dest, 'utf8')).toBe('whole');
    expect(fs.readdirSync(d).sort()).toEqual(['copy.sqlite', 'src.sqlite']);
  });
});
