import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy, injectCspMeta, withCspHeader } from './csp';

describe('CSP', () => {
  it('is strict: self only, no eval, no inline script, no plugins or frames', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
  });
  it('the dev policy only adds what the Vite dev server needs', () => {
    const dev = devContentSecurityPolicy('http://localhost:5174/');
    expect(dev).toContain("connect-src 'self' ws://localhost:5174");
    expect(dev).not.toContain('unsafe-eval');
  });
  it('is injected first in <head> and replaces an older policy', () => {
    const html = '<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src *"><script type="module" src="./a.js"></script></head><body></body></html>';
    const out = injectCspMeta(html);
    expect(out.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(out.indexOf('Content-Security-Policy')).toBeLessThan(out.indexOf('<script'));
    expect(out).toContain(`content="${CONTENT_SECURITY_POLICY}"`);
    expect(injectCspMeta(out)).toBe(out); // idempotent
    expect(() => injectCspMeta('<p>no head</p>')).toThrow(/head/);
  });
  it('replaces a server CSP header', () => {
    expect(withCspHeader({ 'content-security-policy': ['default-src *'], 'X-A': 'b' }, 'P')).toEqual({ 'X-A': ['b'], 'Content-Security-Policy': ['P'] });
  });
});
