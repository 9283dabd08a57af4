// Which pages are "our app": the built index.html on disk (file://) or, in development only, the Vite dev
// server on loopback. Used for the IPC sender check and for blocking navigation. Pure: no electron import.

export interface AppOrigin {
  /** file:// URL of dist/index.html (production and `npm start`) */
  indexFileUrl: string;
  /** http://localhost:5174/ etc. when PASSBOOK_DEV_URL is set in an unpackaged run */
  devUrl?: string;
}

/** A dev server URL is accepted only on loopback over http(s); anything else is refused. */
export function parseDevUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`PASSBOOK_DEV_URL is not a URL: ${raw}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('PASSBOOK_DEV_URL must be http(s)');
  if (!['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) throw new Error('PASSBOOK_DEV_URL must point at localhost');
  return u.origin + '/';
}

function samePath(a: URL, b: URL): boolean {
  const norm = (p: string) => {
    let s = p;
    try {
      s = decodeURIComponent(p);
    } catch {
      return null;
    }
    return process.platform === 'win32' ? s.toLowerCase() : s;
  };
  const pa = norm(a.pathname);
  return pa !== null && pa === norm(b.pathname);
}

/** True when `url` is our app page (any hash/query route of it), never a different file or site. */
export function isAppUrl(url: string | undefined | null, origin: AppOrigin): boolean {
  if (!url) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'file:') {
    if (u.host !== '') return false; // file://server/share is never ours
    return samePath(u, new URL(origin.indexFileUrl));
  }
  if (origin.devUrl && (u.protocol === 'http:' || u.protocol === 'https:')) {
    return u.origin === new URL(origin.devUrl).origin;
  }
  return false;
}

/** What main knows about the frame that sent an IPC message (from event.senderFrame). */
export interface SenderInfo {
  /** senderFrame.url; null when the frame navigated away or was destroyed before we looked */
  frameUrl: string | null;
  /** senderFrame is the top frame of its page (senderFrame.parent === null) */
  isMainFrame: boolean;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

/** The IPC sender check: only the top frame of our own app page may call the API. */
export function checkSender(sender: SenderInfo, origin: AppOrigin): SenderVerdict {
  if (sender.frameUrl === null) return { ok: false, reason: 'the calling frame is gone' };
  if (!sender.isMainFrame) return { ok: false, reason: 'calls from sub-frames are refused' };
  if (!isAppUrl(sender.frameUrl, origin)) return { ok: false, reason: 'calls from pages that are not Passbook are refused' };
  return { ok: true };
}

/** will-navigate / will-redirect: stay on our page; everything else is blocked. */
export function allowNavigation(targetUrl: string, origin: AppOrigin): boolean {
  return isAppUrl(targetUrl, origin);
}
