// Pumping generated text to its destination without building whole-file strings.
// Writers in core/books produce Iterable<string> (one line or one CSV record at a time); these helpers
// batch them into blocks of about 64 KB and either await a Writable's backpressure or write a file
// synchronously (the contract's export handler is synchronous, like every handler).
import fs from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

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

/** Write every chunk to a new file `file` (exclusive create), fsync it, return its size. */
export function pumpToFileSync(chunks: Iterable<string>, file: string): PumpResult {
  const fd = fs.openSync(file, 'wx', 0o600);
  let bytes = 0;
  try {
    let block = '';
    const flush = () => {
      if (!block) return;
      const buf = Buffer.from(block, 'utf8');
      block = '';
      let off = 0;
      while (off < buf.length) off += fs.writeSync(fd, buf, off, buf.length - off);
      bytes += buf.length;
    };
    for (const chunk of chunks) {
      block += chunk;
      if (block.length >= BLOCK) flush();
    }
    flush();
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  return { bytes };
}

/** Collect chunks into one string: for tests and small previews only. */
export function collect(chunks: Iterable<string>): string {
  let s = '';
  for (const c of chunks) s += c;
  return s;
}
