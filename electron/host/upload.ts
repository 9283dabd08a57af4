// POST /upload/restore?name=<plain file name>: the browser's way to hand the host a file to restore from.
// Owner session required (the cookie's token must be live), unless no shop is set up yet (one is brought back from it). The raw body (at most 200 MB) is streamed to
// <ledger dir>/incoming/<name> through a temporary file, renamed only when complete; the file is only ever
// read afterwards by backup.inspect / backup.restore, which refuse anything that is not a Passbook ledger.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { PassbookApp } from '../../core/app';
import { toApiError, type ApiErrorShape } from '../../core/errors';
import { makePrivateDir } from '../../core/db/open';
import { findShop } from '../../core/shop/settings';

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const NAME = /^[\w][\w.-]{0,120}$/;

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}
const fail = (res: http.ServerResponse, status: number, error: ApiErrorShape) => reply(res, status, error);

/** The route for the host's `routes` option: returns true when it handled the request. */
export function uploadRoute(app: PassbookApp) {
  // before a shop is set up anyone here may hand a file over: only the newest is kept, so nobody fills the disk with them
  let anonymous: string | null = null;
  return async (req: http.IncomingMessage, res: http.ServerResponse, caller: { sessionToken?: string }): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname !== '/upload/restore') return false;
    if (req.method !== 'POST') { fail(res, 405, { code: 'VALIDATION', message: 'Use POST with the file as the body.' }); return true; }
    // the owner's, or anyone's on a computer where no shop is set up yet (a shop brought back: backup.restoreForSetup)
    const owner = app.sessions.peek(caller.sessionToken) !== null;
    if (!owner && findShop(app.db) !== undefined) {
      req.resume();
      fail(res, 403, { code: 'FORBIDDEN', message: 'This needs the owner PIN.', details: { role: 'owner' } });
      return true;
    }
    // application/octet-stream is not a type a cross-site form or no-cors fetch may send: such a request is
    // preflighted (and refused) or arrives as text/plain (refused here)
    if ((req.headers['content-type'] ?? '') !== 'application/octet-stream') {
      req.resume();
      fail(res, 415, { code: 'VALIDATION', message: 'Send the file as application/octet-stream.' });
      return true;
    }
    const name = url.searchParams.get('name') ?? '';
    if (!NAME.test(name) || name.includes('..')) {
      req.resume();
      fail(res, 400, { code: 'VALIDATION', message: 'name: must be a plain file name (letters, digits, . _ -).', details: { field: 'name' } });
      return true;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_UPLOAD_BYTES) {
      req.resume();
      fail(res, 413, { code: 'VALIDATION', message: 'The file is too large (200 MB at most).' });
      return true;
    }
    const dir = app.ledger.incomingDir;
    try {
      makePrivateDir(dir);
    } catch (err) {
      req.resume();
      const e = toApiError(err); // the disk full or read-only: said in the file system's words
      fail(res, e.code === 'INTERNAL' ? 500 : 507, e);
      return true;
    }
    const final = path.join(dir, name);
    const temp = path.join(dir, `.${name}.${process.pid}.${Date.now()}.part`);
    let size = 0;
    const limit = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > MAX_UPLOAD_BYTES) cb(Object.assign(new Error('too large'), { tooLarge: true }));
        else cb(null, chunk);
      },
    });
    try {
      await pipeline(req, limit, fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
      if (size === 0) throw Object.assign(new Error('empty'), { empty: true });
      fs.renameSync(temp, final);
      if (!owner) {
        if (anonymous !== null && anonymous !== final) fs.rmSync(anonymous, { force: true });
        anonymous = final;
      }
      reply(res, 200, { fileName: name, bytes: size });
    } catch (err) {
      fs.rmSync(temp, { force: true });
      const e = err as { tooLarge?: boolean; empty?: boolean };
      if (e.tooLarge) fail(res, 413, { code: 'VALIDATION', message: 'The file is too large (200 MB at most).' });
      else if (e.empty) fail(res, 400, { code: 'VALIDATION', message: 'The file is empty.' });
      else if (!res.headersSent) {
        const words = toApiError(err);
        fail(res, words.code === 'INTERNAL' ? 500 : 507, words.code === 'INTERNAL' ? { code: 'INTERNAL', message: 'The file could not be received.' } : words);
      }
    }
    return true;
  };
}
