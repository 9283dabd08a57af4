// Shell (IPC) failures in words for the page: the raw message of a file error names paths (the data folder).

/** A failed file operation in words: never the raw message, which names paths (the data folder) to the page. */
export function shellWords(err: unknown): string {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (code === 'ENOENT') return 'That did not work: the file could not be found or read.';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'That did not work: Passbook may not read or write there. Choose another place.';
  if (code === 'ENOSPC') return 'That did not work: the disk is full.';
  if (code === 'EISDIR') return 'That did not work: that is a folder, not a file.';
  if (code === 'EEXIST') return 'That did not work: a file of that name is already there. Choose another name.';
  return 'That did not work.';
}
