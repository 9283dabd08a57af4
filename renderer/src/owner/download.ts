// Saving files the owner asked for: Electron's save dialog through window.passbookShell, or a browser download.
import type { TextKind } from '../../../electron/preload/types';
import { ownerBind } from '../api/client';

export async function saveText(kind: TextKind, suggestedName: string, content: string, mime = 'text/plain'): Promise<string | null> {
  if (window.passbookShell?.saveText) {
    const r = await window.passbookShell.saveText({ kind, suggestedName, content });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.saved ? r.value.path : null;
  }
  const ext = kind === 'journal' ? 'journal' : kind;
  const url = URL.createObjectURL(new Blob([content], { type: `${mime};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url; a.download = `${suggestedName}.${ext}`;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return a.download;
}

/**
 * Save a file exports.create wrote, by its name: Electron copies it to a path from its save dialog; a browser
 * downloads it from the host (GET /exports/<name>, owner session cookie and its secret). Its text never passes through the
 * page, so an export of any size is saved whole. Returns where it went (the file name in a browser), or null
 * when the owner cancelled the dialog.
 */
export async function saveExport(fileName: string): Promise<string | null> {
  if (window.passbookShell?.saveExport) {
    const r = await window.passbookShell.saveExport({ fileName });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.saved ? r.value.path : null;
  }
  return downloadFromHost('exports', fileName, `The export ${fileName} could not be found in the exports folder.`);
}

/**
 * Save a copy of a backup (by its name, from backup.list) where the owner chooses: a USB stick, another drive. Electron
 * copies it whole to a path from its save dialog; a browser downloads it from the host (GET /backups/<name>). Returns
 * where it went (the name it is downloaded under, in a browser), or null when the owner cancelled the dialog.
 */
export async function saveBackupCopy(fileName: string): Promise<string | null> {
  if (window.passbookShell?.saveBackup) {
    const r = await window.passbookShell.saveBackup({ fileName });
    if (!r.ok) throw new Error(r.error.message);
    return r.value.saved ? r.value.path : null;
  }
  return downloadFromHost('backups', fileName, `The backup ${fileName} is no longer in the backups folder.`);
}

async function downloadFromHost(folder: 'exports' | 'backups', fileName: string, missing: string): Promise<string> {
  // a link cannot send a header: the owner session's secret rides along as ?bind= (electron/host/server.ts)
  const bind = ownerBind();
  const href = `/${folder}/${encodeURIComponent(fileName)}${bind ? `?bind=${encodeURIComponent(bind)}` : ''}`;
  // a download link fails silently (an owner session that ended meanwhile, a file gone): ask first
  const head = await fetch(href, { method: 'HEAD', credentials: 'same-origin' });
  if (!head.ok) {
    throw new Error(head.status === 403 ? `Owner mode has ended: unlock it and ${folder === 'exports' ? 'export' : 'save the copy'} again.` : missing);
  }
  // the host may offer it under another name (a backup's copy: the shop's local time); the link keeps that name
  const offered = /filename="([\w.-]+)"/.exec(head.headers.get('content-disposition') ?? '')?.[1] ?? fileName;
  const a = document.createElement('a');
  a.href = href;
  a.download = offered;
  document.body.appendChild(a); a.click(); a.remove();
  return offered;
}
