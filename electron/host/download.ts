// GET /exports/<file name> and /backups/<file name>: the browser's way to save an export, or a copy of a backup for
// a USB stick or another drive. Owner session required (the cookie's token must be live); the name is looked up in
// its folder by core/exports/files.ts or core/backup/files.ts, never used as a path. The file is streamed as an
// attachment, so a file of any size reaches the accountant (or the stick) without passing through the API or the
// page's memory.
import fs from 'node:fs';
import type http from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { PassbookApp } from '../../core/app';
import { PassbookError, httpStatus, toApiError, type ApiErrorShape } from '../../core/errors';
import { EXPORT_MIME, findExportFile } from '../../core/exports/files';
import { backupToCopy } from '../../core/backup/backup';

/** What each prefix serves: the file found by its name, and its Content-Type. */
const SERVED: ReadonlyArray<{ prefix: string; what: string; find(app: PassbookApp, name: string): { fileName: string; path: string; bytes: number; type: string } }> = [
  {
    prefix: '/exports/', what: 'an export',
    find: (app, name) => { const f = findExportFile(app.ledger.exportsDir, name); return { ...f, type: `${EXPORT_MIME[f.kind]}; charset=utf-8` }; },
  },
  {
    prefix: '/backups/', what: 'a backup',
    // offered under the shop's local time, as the backups list shows it
    find: (app, name) => { const b = backupToCopy(app.db, app.ledger, name); return { ...b, fileName: b.copyName, type: 'application/vnd.sqlite3' }; },
  },
];

/** The paths a download link fetches: the only ones whose owner secret may come as ?bind= (server.ts). */
export const DOWNLOAD_PREFIXES: readonly string[] = SERVED.map((s) => s.prefix);

function fail(res: http.ServerResponse, error: ApiErrorShape, status = httpStatus(error.code)): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(error));
}

/** The route for the host's `routes` option: returns true when it handled the request. */
export function downloadRoute(app: PassbookApp) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, caller: { sessionToken?: string }): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://host');
    const served = SERVED.find((s) => url.pathname.startsWith(s.prefix));
    if (!served) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.resume();
      fail(res, { code: 'VALIDATION', message: `Use GET to download ${served.what}.` }, 405);
      return true;
    }
    try {
      if (app.sessions.peek(caller.sessionToken) === null) {
        throw new PassbookError('FORBIDDEN', 'This needs the owner PIN.', { role: 'owner' });
      }
      let name: string;
      try { name = decodeURIComponent(url.pathname.slice(served.prefix.length)); } catch { name = ''; }
      const file = served.find(app, name);
      res.writeHead(200, {
        'content-type': file.type,
        'content-length': String(file.bytes),
        // both finders allow [\w.-] names only, so the name needs no quoting beyond the quotes
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
