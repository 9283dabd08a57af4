// Pumping generated text to its destination without building whole-file strings.
// Writers in core/books produce Iterable<string> (one line or one CSV record at a time); these helpers
// batch them into blocks of about 64 KB and either await a Writable's backpressure or write a file, in
// slices of a few milliseconds that give the event loop back between them (an export must not hold up the
// counter), or synchronously for small files and tests.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { nameWhenWhole } from '../wholeFile';

const BLOCK = 64 * 1024;

export interface PumpResult { bytes: number }

/** Write every chunk to `out`, waiting for 'drain' whenever it asks to; does not end `out`. */
export async function pumpToWritable(chunks: Iterable<string>, out: Writable): Promise<PumpResult> {
  let bytes = 0;
  let block = '';
  const flush = async () => {
    if (!block) return;
    const data = block;
    block = '';
    bytes += Buffer.byteLength(data, 'utf8');
    if (!out.write(data, 'utf8')) {
      await once(out, 'drain'); // rejects if `out` emits 'error' meanwhile
    }
  };
  for (const chunk of chunks) {
    block += chunk;
    if (block.length >= BLOCK) await flush();
  }
  await flush();
  return { bytes };
}

/**
 * A new file written in blocks of about 64 KB under a hidden temporary name beside it, and given its name
 * only once whole and fsynced: an export cut short (a crash, a full disk) never looks like a finished one,
 * and nothing can read it half-written. Removed again if the write fails.
 */
class BlockFile {
  private readonly fd: number;
  private readonly part: string;
  private block = '';
  bytes = 0;
  constructor(private readonly file: string) {
    if (fs.existsSync(file)) throw Object.assign(new Error(`${path.basename(file)} already exists`), { code: 'EEXIST' });
    this.part = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
    this.fd = fs.openSync(this.part, 'wx', 0o600);
  }
  add(chunk: string): void {
    this.block += chunk;
    if (this.block.length >= BLOCK) this.flush();
  }
  private flush(): void {
    if (!this.block) return;
    const buf = Buffer.from(this.block, 'utf8');
    this.block = '';
    let off = 0;
    while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
    this.bytes += buf.length;
  }
  /** flush, fsync, close, then give the file its name (or remove it if any of that fails) */
  finish(): PumpResult {
    try {
      this.flush();
      fs.fsyncSync(this.fd);
    } catch (err) {
      this.abandon();
      throw err;
    }
    fs.closeSync(this.fd);
    try {
      // never over a file that took the name meanwhile
      nameWhenWhole(this.part, this.file);
    } catch (err) {
      fs.rmSync(this.part, { force: true });
      throw err;
    }
    fs.rmSync(this.part, { force: true });
    return { bytes: this.bytes };
  }
  abandon(): void {
    fs.closeSync(this.fd);
    fs.rmSync(this.part, { force: true });
  }
}

/** Write every chunk to a new file `file` (never over an existing one), fsync it, return its size. */
export function pumpToFileSync(chunks: Iterable<string>, file: string): PumpResult {
  const out = new BlockFile(file);
  try {
    for (const chunk of chunks) out.add(chunk);
  } catch (err) {
    out.abandon();
    throw err;
  }
  return out.finish();
}

/**
 * Write every chunk to a new file `file` (exclusive create) a slice at a time: after `sliceMs` of work it
 * waits for the event loop to run whatever else is waiting (a redemption at the counter), then goes on.
 * The file is fsynced; on failure it is removed.
 */
export async function pumpToFile(chunks: Iterable<string>, file: string, sliceMs: number): Promise<PumpResult> {
  const out = new BlockFile(file);
  try {
    let sliceStart = performance.now();
    for (const chunk of chunks) {
      out.add(chunk);
      // a chunk is a line or a batch of CSV rows: a slice overshoots by one chunk at most
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  } catch (err) {
    out.abandon();
    throw err;
  }
  return out.finish();
}

/** Collect chunks into one string: for tests and small previews only. */
export function collect(chunks: Iterable<string>): string {
  let s = '';
  for (const c of chunks) s += c;
  return s;
}
