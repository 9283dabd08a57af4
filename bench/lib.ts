// What a bench section is, and small measuring helpers. Sections live in bench/sections/*.ts and are listed
// in bench/sections/index.ts; bench/run.ts runs them in order, prints one table and writes bench/results.json.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Target { op: '>=' | '<='; value: number }

export interface Figure {
  /** stable key, e.g. "redeem.durable_per_s" */
  name: string;
  value: number;
  unit: string;
  target?: Target;
  /** how it was measured, in a few words */
  note?: string;
}

export interface BenchContext {
  /** bench/data: gitignored scratch folder for database files */
  dataDir: string;
  /** progress lines (stderr, so stdout keeps the table) */
  log(msg: string): void;
  /** state sections may share (e.g. a seeded ledger), by key */
  shared: Map<string, unknown>;
  /** free-form facts for results.json (seed method, sizes, timings) */
  facts: Record<string, unknown>;
}

export interface Section {
  name: string;
  run(ctx: BenchContext): Promise<Figure[]> | Figure[];
}

export const benchDir = path.dirname(fileURLToPath(import.meta.url));

export function ensureDataDir(): string {
  const d = path.join(benchDir, 'data');
  fs.mkdirSync(d, { recursive: true });
  return d;
}

export function removeDb(file: string): void {
  for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + s, { force: true });
}

/** Percentile of a sample (nearest rank), in the sample's unit. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = [...samples].sort((a, b) => a - b);
  const rank = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[rank]!;
}

/** Time one call in milliseconds (high resolution). */
export function timeMs(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export const round = (n: number, digits = 2): number => Number.isFinite(n) ? Number(n.toFixed(digits)) : n;

export function meets(f: Figure): boolean | null {
  if (!f.target) return null;
  return f.target.op === '>=' ? f.value >= f.target.value : f.value <= f.target.value;
}

export { prng } from '../core/demo/prng';
