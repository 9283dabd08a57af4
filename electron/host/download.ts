// GET /exports/<file name>: the browser's way to save an export. Owner session required (the cookie's token
// must be live); the name is looked up in the exports folder by core/exports/files.ts, never used as a path.
// The file is streamed as an attachment, so an export of any size reaches the accountant without its text
// passing through the API or the page's memory.
import fs from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { PassbookApp } from '../../core/app';
import { PassbookError, httpStatus, toApiError, type ApiErrorShape } from '../../core/errors';
import { EXPORT_MIME, findExportFile } from '../../core/exports/files';

const PREFIX = '/exports/';

function fail(res: http.ServerResponse, error: ApiErrorShape, status = httpStatus(error.code)): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(error));
}

/** The route for the host's `routes` option: returns true when it handled the request. */
export function downloadRoute(app: PassbookApp) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, caller: { sessionToken?: string }): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://host');
    if (!url.pathname.startsWith(PREFIX)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      fail(res, { code: 'VALIDATION', message: 'Use GET to download an export.' }, 405);
      return true;
    }
    try {
      if (app.sessions.peek(caller.sessionToken) === null) {
        throw new PassbookError('FORBIDDEN', 'This needs the owner PIN.', { role: 'owner' });
      }
      let name: string;
      try { name = decodeURIComponent(url.pathname.slice(PREFIX.length)); } catch { name = ''; }
      const file = findExportFile(app.ledger.exportsDir, name);
      res.writeHead(200, {
        'content-type': `${EXPORT_MIME[file.kind]}; charset=utf-8`,
        'content-length': String(file.bytes),
        // the name is [\w.-] only (findExportFile), so it needs no quoting beyond the quotes
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') { res.end(); return true; }
      await pipeline(fs.createReadStream(file.path), res);
    } catch (err) {
      if (!res.headersSent) fail(res, toApiError(err));
      else res.destroy();
    }
    return true;
  };
}
