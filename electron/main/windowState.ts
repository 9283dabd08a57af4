// Window size/position/maximized kept in userData/window-state.json. The maths is pure (no electron):
// a saved position is used only if enough of the window is still on a connected display, and the size is
// clamped to the display it lands on; otherwise the window is centred on the primary display.
import fs from 'node:fs';
import path from 'node:path';

export interface Rect { x: number; y: number; width: number; height: number }
export interface WindowState { bounds: Rect; maximized: boolean }

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** at least this much of the title-bar area must be visible on some display */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e6;

/** Parse what was saved; anything malformed gives null (the default is used). */
export function parseWindowState(raw: unknown): WindowState | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as { bounds?: Partial<Rect>; maximized?: unknown };
  const b = r.bounds;
  if (!b || !isInt(b.x) || !isInt(b.y) || !isInt(b.width) || !isInt(b.height)) return null;
  if (b.width <= 0 || b.height <= 0) return null;
  return {
    bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
    maximized: r.maximized === true,
  };
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, w), height: Math.max(0, h) };
}

export function centeredIn(area: Rect, size: { width: number; height: number } = DEFAULT_SIZE): Rect {
  const width = Math.max(Math.min(size.width, area.width), Math.min(MIN_SIZE.width, area.width));
  const height = Math.max(Math.min(size.height, area.height), Math.min(MIN_SIZE.height, area.height));
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where to open the window. `workAreas` are the connected displays' work areas (screen.getAllDisplays()),
 * `primary` the primary display's work area.
 */
export function restoreWindowState(saved: WindowState | null, workAreas: Rect[], primary: Rect): WindowState {
  if (!saved) return { bounds: centeredIn(primary), maximized: false };
  const { bounds } = saved;
  // the display showing the largest part of the saved window
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of workAreas) {
    const o = overlap(bounds, area);
    if (o.width >= MIN_VISIBLE.width && o.height >= MIN_VISIBLE.height && o.width * o.height > bestArea) {
      best = area;
      bestArea = o.width * o.height;
    }
  }
  if (!best) return { bounds: centeredIn(primary, bounds), maximized: saved.maximized };
  const width = Math.min(Math.max(bounds.width, Math.min(MIN_SIZE.width, best.width)), best.width);
  const height = Math.min(Math.max(bounds.height, Math.min(MIN_SIZE.height, best.height)), best.height);
  // pull the window fully onto that display if it hangs over an edge
  const x = Math.min(Math.max(bounds.x, best.x), best.x + best.width - width);
  const y = Math.min(Math.max(bounds.y, best.y), best.y + best.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

/** Written atomically (temp file + rename) so a crash never leaves half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, file);
}
