// The Content Security Policy of the renderer. Pure: no electron import.
//
// Production (file://): webRequest does not see file:// loads, so the policy travels as a
// <meta http-equiv="Content-Security-Policy"> tag that scripts/build-electron.mjs writes into dist/index.html
// (first element of <head>, before any script). Development (PASSBOOK_DEV_URL, http on loopback): main
// also sends it as a response header through session.webRequest.onHeadersReceived.

export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  // React sets styles through the CSSOM (not blocked by CSP); Vite emits CSS files. No inline <style>.
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  // the headless host is same-origin (fetch '/api/...'); Electron uses IPC, no network at all
  ['connect-src', "'self'"],
  ['worker-src', "'self'"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.map(([k, v]) => `${k} ${v}`).join('; ');

/** The Vite dev server needs its HMR websocket and injects inline styles and the React refresh preamble. */
export function devContentSecurityPolicy(devUrl: string): string {
  const u = new URL(devUrl);
  const ws = `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}`;
  return CSP_DIRECTIVES.map(([k, v]) => {
    if (k === 'connect-src') return `${k} ${v} ${ws}`;
    if (k === 'script-src' || k === 'style-src') return `${k} ${v} 'unsafe-inline'`;
    return `${k} ${v}`;
  }).join('; ');
}

export const cspMetaTag = (policy = CONTENT_SECURITY_POLICY): string =>
  `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;

/** Response headers with our CSP added (any CSP from the server replaced). */
export function withCspHeader(headers: Record<string, string[] | string> | undefined, policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [policy];
  return out;
}

/** Insert the CSP meta tag as the first element of <head>; replace an existing CSP meta tag. */
export function injectCspMeta(html: string, policy = CONTENT_SECURITY_POLICY): string {
  const tag = cspMetaTag(policy);
  const existing = /\n?[ \t]*<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/gi;
  const found = html.match(existing) ?? [];
  if (found.length === 1 && found[0]!.trim() === tag) return html; // already there
  const stripped = html.replace(existing, '');
  const head = /<head(\s[^>]*)?>/i.exec(stripped);
  if (!head) throw new Error('index.html has no <head>: cannot add the Content-Security-Policy');
  const at = head.index + head[0].length;
  return `${stripped.slice(0, at)}\n    ${tag}${stripped.slice(at)}`;
}
