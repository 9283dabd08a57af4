// A whole file given its name, never over another: by a hard link, or where the file system has none (a FAT or exFAT
// USB stick, where every export and backup failed as "Passbook may not write to the folders beside the ledger") by a
// rename. The second needs such a file system: a FUSE passthrough that refuses link() as vfat does
// (test/support/nolinks-fs.py), which needs root, /dev/fuse and python3-fusepy.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nameWhenWhole } from './wholeFile';
import { tempApp, tempDir } from '../test/support/tempApp';

const FS_SCRIPT = fileURLToPath(new URL('../test/support/nolinks-fs.py', import.meta.url));
const PYTHON = '/usr/bin/python3';
const FUSERMOUNT = spawnSync('fusermount3', ['-V'], { stdio: 'ignore' }).status === 0 ? 'fusermount3' : 'fusermount';

function canMountNoLinks(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !fs.existsSync('/dev/fuse')) return false;
  return spawnSync(PYTHON, ['-c', 'import fusepy'], { stdio: 'ignore' }).status === 0 && spawnSync(FUSERMOUNT, ['-V'], { stdio: 'ignore' }).status === 0;
}

const mounts: { dir: string; child: ChildProcess }[] = [];
afterAll(() => {
  for (const m of mounts) { spawnSync(FUSERMOUNT, ['-u', '-z', m.dir]); m.child.kill(); }
});

/** A folder on a file system without hard links. */
async function stick(): Promise<string> {
  const back = tempDir('pb-stick-back-');
  const dir = tempDir('pb-stick-');
  const child = spawn(PYTHON, [FS_SCRIPT, back, dir], { stdio: 'ignore' });
  mounts.push({ dir, child });
  for (let i = 0; i < 100 && !fs.readFileSync('/proc/mounts', 'utf8').includes(` ${dir} fuse`); i += 1) await new Promise((r) => setTimeout(r, 50));
  const probe = path.join(dir, 'probe');
  fs.writeFileSync(probe, 'x');
  expect(() => fs.linkSync(probe, `${probe}2`)).toThrow(expect.objectContaining({ code: 'EPERM' }));
  fs.rmSync(probe);
  return dir;
}

describe('nameWhenWhole', () => {
  it('names the file, and never over one already there', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.part'), 'whole');
    nameWhenWhole(path.join(dir, 'a.part'), path.join(dir, 'a.csv'));
    expect(fs.readFileSync(path.join(dir, 'a.csv'), 'utf8')).toBe('whole');
    fs.writeFileSync(path.join(dir, 'b.part'), 'new');
    expect(() => nameWhenWhole(path.join(dir, 'b.part'), path.join(dir, 'a.csv'))).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(fs.readFileSync(path.join(dir, 'a.csv'), 'utf8')).toBe('whole');
  });

  it.skipIf(!canMountNoLinks())('on a file system without hard links (a FAT USB stick): named by a rename, still never over one there', async () => {
    const dir = await stick();
    fs.writeFileSync(path.join(dir, 'a.part'), 'whole');
    nameWhenWhole(path.join(dir, 'a.part'), path.join(dir, 'a.sqlite'));
    expect(fs.readdirSync(dir)).toEqual(['a.sqlite']);
    expect(fs.readFileSync(path.join(dir, 'a.sqlite'), 'utf8')).toBe('whole');
    fs.writeFileSync(path.join(dir, 'b.part'), 'new');
    expect(() => nameWhenWhole(path.join(dir, 'b.part'), path.join(dir, 'a.sqlite'))).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(fs.readFileSync(path.join(dir, 'a.sqlite'), 'utf8')).toBe('whole');
  });

  it.skipIf(!canMountNoLinks())('an export into a folder on such a stick is written, not refused as "may not write"', async () => {
    const onStick = await stick();
    const app = tempApp();
    // the exports folder beside the ledger is on the stick
    fs.symlinkSync(onStick, app.ledger.exportsDir);
    try {
      const r = await app.callAsync('exports.create', { kind: 'customers', format: 'csv' }, app.owner);
      expect(fs.readdirSync(onStick)).toEqual([r.fileName]);
      expect(fs.readFileSync(path.join(onStick, r.fileName), 'utf8')).toMatch(/^customer_id,/);
    } finally {
      app.close();
    }
  });
});
