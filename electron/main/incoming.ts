// Restore from a file the owner picks: main copies it into the ledger's incoming/ folder under a plain name
// (the core's backup.inspect/backup.restore take names inside known folders, never paths). Pure naming here.

/** 'My Backup (old).sqlite' at 2026-03-01T15:00:00Z → 'restore-20260301-150000-My-Backup-old-.sqlite' */
export function incomingFileName(originalName: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const ext = /\.(sqlite|sqlite3|db)$/i.exec(originalName)?.[0]?.toLowerCase() ?? '.sqlite';
  const base = originalName
    .slice(0, originalName.length - (/\.(sqlite|sqlite3|db)$/i.test(originalName) ? ext.length : 0))
    .replace(/[^\w.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+/, '')
    .slice(0, 60);
  return `restore-${stamp}${base ? `-${base}` : ''}${ext}`;
}
