import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
/** the renderer build the end-to-end hosts serve (PASSBOOK_E2E_STATIC overrides, e.g. "dist") */
export const E2E_DIST = path.resolve(ROOT, process.env.PASSBOOK_E2E_STATIC ?? 'test-results/renderer-dist');
