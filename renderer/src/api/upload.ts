// A backup file handed to the host (browser only): POST /upload/restore puts it in the ledger's incoming/ folder, where
// backup.inspect and backup.restore (the owner's), or backup.inspectForSetup and backup.restoreForSetup (before a shop
// is set up), find it by name. Electron's main process copies a file chosen in its own open dialog instead.
import { ApiError, ownerBind, OWNER_BIND_HEADER } from './client';

/** Send a file to the host's incoming folder (browser only), reporting progress. */
export function uploadForRestore(file: File, name: string, onProgress: (f: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/upload/restore?name=${encodeURIComponent(name)}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    const bind = ownerBind();
    if (bind) xhr.setRequestHeader(OWNER_BIND_HEADER, bind);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) { resolve(); return; }
      let body: { code?: string; message?: string; details?: unknown } = {};
      try { body = JSON.parse(xhr.responseText) as typeof body; } catch { /* not JSON */ }
      reject(new ApiError(body.code ?? 'INTERNAL', body.message ?? `The upload failed (${xhr.status}).`, body.details));
    };
    xhr.onerror = () => reject(new ApiError('NETWORK', 'The upload did not reach Passbook.'));
    xhr.send(file);
  });
}

/** A plain name for the host's incoming folder: when, and the file's own name. */
export function incomingName(file: File): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  return `upload-${stamp}-${file.name.replace(/[^\w.-]+/g, '-').replace(/^[^\w]+/, '')}`.slice(0, 120);
}

/**
 * Electron: main's open dialog copies the chosen file into incoming/. Its name there, or null when the owner cancelled;
 * a refusal (main's, or a Passbook without the dialog) is thrown as an ApiError.
 */
export async function chooseBackupInDesktop(): Promise<string | null> {
  const shell = window.passbookShell;
  if (!shell?.chooseBackupFile) throw new ApiError('VALIDATION', 'This version of Passbook cannot open files here.');
  const r = await shell.chooseBackupFile();
  if (!r.ok) throw new ApiError(r.error.code, r.error.message, r.error.details);
  return r.value.chosen ? r.value.fileName : null;
}
