// Saving files the owner asked for: Electron's save dialog through window.passbookShell, or a browser download.
import type { TextKind } from '../../../electron/preload/types';

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
