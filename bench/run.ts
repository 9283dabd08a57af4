// npm run bench: run every section in bench/sections/index.ts, print "figure | value | target | ok",
// add the UI figures from bench/ui-results.json when the UI end-to-end tests wrote it, and write
// bench/results.json with the machine it ran on. Not a test: nothing fails when a target is missed.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir, ensureDataDir, meets, type BenchContext, type Figure } from './lib';
import { sections } from './sections';

interface Row extends Figure { section: string }

/** bench/ui-results.json, tolerant of its shape: {figures:[Figure]}, [Figure], or {name: number | Figure}. */
function uiFigures(): Row[] {
  const file = path.join(benchDir, 'ui-results.json');
  if (!fs.existsSync(file)) return [];
  try {
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    const list: unknown[] = Array.isArray(raw) ? raw
      : Array.isArray((raw as { figures?: unknown[] }).figures) ? (raw as { figures: unknown[] }).figures
        : Object.entries(raw as Record<string, unknown>).filter(([k]) => !['machine', 'date', 'generatedAt'].includes(k))
          .map(([name, v]) => (typeof v === 'number' ? { name, value: v, unit: '' } : { name, ...(v as object) }));
    return list
      .filter((f): f is Figure => typeof (f as Figure)?.name === 'string' && typeof (f as Figure)?.value === 'number')
      .map((f) => ({ ...f, unit: f.unit ?? '', section: 'ui' }));
  } catch (err) {
    console.error(`bench/ui-results.json is not readable: ${(err as Error).message}`);
    return [];
  }
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 1000 ? n.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(n);
}

function table(rows: Row[]): string {
  const cells = rows.map((r) => {
    const ok = meets(r);
    return [r.name, `${fmt(r.value)} ${r.unit}`.trim(), r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.unit}`.trim() : '', ok === null ? '' : ok ? 'ok' : 'MISS'];
  });
  const head = ['figure', 'value', 'target', 'ok'];
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(w[i]!)).join(' | ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('-|-'), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const ctx: BenchContext = {
    dataDir: ensureDataDir(),
    log: (m) => process.stderr.write(`${m}\n`),
    shared: new Map(),
    facts: {},
  };
  const started = Date.now();
  const rows: Row[] = [];
  const errors: Record<string, string> = {};
  for (const s of sections) {
    if (only.length && !only.includes(s.name) && s.name !== 'memory') continue;
    ctx.log(`== ${s.name}`);
    try {
      const figs = await s.run(ctx);
      rows.push(...figs.map((f) => ({ ...f, section: s.name })));
    } catch (err) {
      errors[s.name] = (err as Error).stack ?? String(err);
      ctx.log(`section ${s.name} failed: ${(err as Error).message}`);
    }
  }
  const ui = uiFigures();
  rows.push(...ui);

  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`, node: process.version,
    sqlite: sqliteVersion(),
  };
  console.log(table(rows));
  console.log(`\n${machine.cpu}, ${machine.cores} cores, node ${machine.node}, SQLite ${machine.sqlite}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const [k, v] of Object.entries(ctx.facts)) console.log(`${k}: ${JSON.stringify(v)}`);
  if (Object.keys(errors).length) console.log(`\nFAILED sections: ${Object.keys(errors).join(', ')}`);

  const out = {
    date: new Date().toISOString(),
    machine,
    seconds: Math.round((Date.now() - started) / 1000),
    figures: rows.map((r) => ({ section: r.section, name: r.name, value: r.value, unit: r.unit, target: r.target ?? null, ok: meets(r), note: r.note ?? null })),
    facts: ctx.facts,
    ...(Object.keys(errors).length ? { errors } : {}),
  };
  // bench/results.json is the committed record: only a full run at the default sizes writes it
  const partial = only.length > 0 || Object.keys(process.env).some((k) => /^BENCH_(CUSTOMERS|ENTRIES|REDEMPTIONS)$/.test(k));
  const target = partial ? path.join(ctx.dataDir, 'results-partial.json') : path.join(benchDir, 'results.json');
  fs.writeFileSync(target, `${JSON.stringify({ ...out, partial }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), target)}${partial ? ' (partial run: bench/results.json left as it was)' : ''}`);
  if (Object.keys(errors).length) process.exitCode = 1;
}

function sqliteVersion(): string {
  const db = new Database(':memory:');
  const v = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  db.close();
  return v;
}

void main();
