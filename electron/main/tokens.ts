// Owner session tokens held by main, one per webContents (window). The renderer never sees a token:
// main keeps it here, passes it to the core with each call, and updates it from result.sessionChange.
// Pure: no electron import.

export class SessionTokens {
  private byContents = new Map<number, string>();

  get(contentsId: number): string | undefined {
    return this.byContents.get(contentsId);
  }

  /** Apply a call result's sessionChange: a token opens/replaces the session, null ends it. */
  apply(contentsId: number, change: { token: string | null } | undefined): void {
    if (!change) return;
    if (change.token) this.byContents.set(contentsId, change.token);
    else this.byContents.delete(contentsId);
  }

  /** A hidden print window acts for the window that asked for the PDF (same owner session, if any). */
  share(fromId: number, toId: number): void {
    const t = this.byContents.get(fromId);
    if (t) this.byContents.set(toId, t);
    else this.byContents.delete(toId);
  }

  /** Forget the window's token (window closed, renderer crashed). Returns it so the caller can end it in the core. */
  clear(contentsId: number): string | undefined {
    const t = this.byContents.get(contentsId);
    this.byContents.delete(contentsId);
    return t;
  }

  /** Is the token still used by another window (e.g. the window a print window was shared from)? */
  inUse(token: string): boolean {
    for (const t of this.byContents.values()) if (t === token) return true;
    return false;
  }

  get size(): number {
    return this.byContents.size;
  }
}
