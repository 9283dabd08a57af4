import { describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { allowNavigation, checkSender, isAppUrl, parseDevUrl } from './trust';

const index = path.resolve('/opt/Passbook/resources/app.asar/dist/index.html');
const origin = { indexFileUrl: pathToFileURL(index).href };
const dev = { ...origin, devUrl: 'http://localhost:5174/' };

describe('isAppUrl', () => {
  it('accepts our index.html with any hash route or query', () => {
    expect(isAppUrl(origin.indexFileUrl, origin)).toBe(true);
    expect(isAppUrl(`${origin.indexFileUrl}#/counter`, origin)).toBe(true);
    expect(isAppUrl(`${origin.indexFileUrl}?x=1#/print/statement/3`, origin)).toBe(true);
  });
  it('refuses other files, other schemes, remote sites and garbage', () => {
    expect(isAppUrl(pathToFileURL(path.resolve('/opt/Passbook/resources/app.asar/dist/other.html')).href, origin)).toBe(false);
    expect(isAppUrl(pathToFileURL(path.resolve('/tmp/index.html')).href, origin)).toBe(false);
    expect(isAppUrl('file://evil-host/opt/Passbook/resources/app.asar/dist/index.html', origin)).toBe(false);
    expect(isAppUrl('https://example.com/', origin)).toBe(false);
    expect(isAppUrl('http://localhost:5174/', origin)).toBe(false); // no dev server configured
    expect(isAppUrl('about:blank', origin)).toBe(false);
    expect(isAppUrl('data:text/html,<script>1</script>', origin)).toBe(false);
    expect(isAppUrl('not a url', origin)).toBe(false);
    expect(isAppUrl(null, origin)).toBe(false);
    expect(isAppUrl('', origin)).toBe(false);
  });
  it('with a dev server, accepts exactly that origin', () => {
    expect(isAppUrl('http://localhost:5174/#/counter', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5175/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5174/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5174/', dev)).toBe(false);
  });
  it('encoded paths cannot escape the index file', () => {
    expect(isAppUrl(origin.indexFileUrl.replace('index.html', '..%2Findex.html'), origin)).toBe(false);
  });
});

describe('checkSender', () => {
  it('accepts only the main frame of our page', () => {
    expect(checkSender({ frameUrl: `${origin.indexFileUrl}#/counter`, isMainFrame: true }, origin)).toEqual({ ok: true });
    expect(checkSender({ frameUrl: origin.indexFileUrl, isMainFrame: false }, origin)).toMatchObject({ ok: false, reason: expect.stringMatching(/sub-frame/) });
    expect(checkSender({ frameUrl: 'https://example.com/', isMainFrame: true }, origin)).toMatchObject({ ok: false });
    expect(checkSender({ frameUrl: null, isMainFrame: true }, origin)).toMatchObject({ ok: false, reason: expect.stringMatching(/gone/) });
  });
});

describe('navigation', () => {
  it('stays on our page', () => {
    expect(allowNavigation(`${origin.indexFileUrl}#/reports`, origin)).toBe(true);
    expect(allowNavigation('https://example.com/phish', origin)).toBe(false);
    expect(allowNavigation('file:///etc/passwd', origin)).toBe(false);
  });
});

describe('parseDevUrl', () => {
  it('accepts loopback http only', () => {
    expect(parseDevUrl(undefined)).toBeUndefined();
    expect(parseDevUrl('http://localhost:5174')).toBe('http://localhost:5174/');
    expect(parseDevUrl('http://127.0.0.1:5174/some/path')).toBe('http://127.0.0.1:5174/');
    expect(() => parseDevUrl('https://example.com')).toThrow(/localhost/);
    expect(() => parseDevUrl('file:///tmp/x.html')).toThrow(/http/);
    expect(() => parseDevUrl('nope')).toThrow(/not a URL/);
  });
});
