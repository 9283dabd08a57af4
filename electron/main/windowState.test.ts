import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { centeredIn, DEFAULT_SIZE, MIN_SIZE, parseWindowState, readWindowState, restoreWindowState, writeWindowState } from './windowState';

const primary = { x: 0, y: 0, width: 1920, height: 1040 };
const right = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state', () => {
  it('first run: default size centred on the primary display', () => {
    const s = restoreWindowState(null, [primary], primary);
    expect(s).toEqual({ bounds: { x: 360, y: 120, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height }, maximized: false });
  });
  it('keeps a saved window that is on a connected display', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: true };
    expect(restoreWindowState(saved, [primary, right], primary)).toEqual(saved);
  });
  it('a window on a display that was unplugged comes back centred on the primary display, same size', () => {
    const saved = { bounds: { x: 2000, y: 50, width: 1000, height: 700 }, maximized: false };
    const s = restoreWindowState(saved, [primary], primary);
    expect(s.bounds).toEqual({ x: 460, y: 170, width: 1000, height: 700 });
  });
  it('pulls a window hanging off an edge back in and clamps its size to the display', () => {
    const saved = { bounds: { x: 1700, y: -30, width: 3000, height: 2000 }, maximized: false };
    const s = restoreWindowState(saved, [primary], primary);
    expect(s.bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });
  it('never smaller than the minimum size (when the display allows)', () => {
    const s = restoreWindowState({ bounds: { x: 10, y: 10, width: 100, height: 100 }, maximized: false }, [primary], primary);
    expect(s.bounds.width).toBe(MIN_SIZE.width);
    expect(s.bounds.height).toBe(MIN_SIZE.height);
  });
  it('a display smaller than the minimum gets a window that fits it', () => {
    const tiny = { x: 0, y: 0, width: 640, height: 480 };
    expect(centeredIn(tiny)).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });
  it('rejects malformed saved state', () => {
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState({})).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: -5, height: 10 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 'a', y: 0, width: 5, height: 10 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: Infinity, height: 10 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 1.4, y: 0, width: 900, height: 700 }, maximized: 'yes' })).toEqual({
      bounds: { x: 1, y: 0, width: 900, height: 700 }, maximized: false,
    });
  });
  it('reads back what it wrote; a damaged file reads as nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-ws-'));
    const file = path.join(dir, 'sub', 'window-state.json');
    expect(readWindowState(file)).toBeNull();
    const s = { bounds: { x: 5, y: 6, width: 900, height: 700 }, maximized: true };
    writeWindowState(file, s);
    expect(readWindowState(file)).toEqual(s);
    fs.writeFileSync(file, '{"bounds":');
    expect(readWindowState(file)).toBeNull();
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
