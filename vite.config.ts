// Renderer build: index.html -> dist/. base './' so the same build loads from file:// inside Electron
// and from the headless host over HTTP. Only pure modules of core/ (contract, money, catalog/units, books/text, drawdown/pricing, customers/fold,
// imports/table, shop/recovery: no SQLite, no Node) may be imported.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * PASSBOOK_NO_OWNER=1 builds the counter without renderer/src/owner (the shell's placeholder takes its
 * place). For working on the counter while the owner area is mid-change; normal builds include it.
 */
function withoutOwnerArea(): Plugin {
  const placeholder = path.resolve(import.meta.dirname, 'renderer/src/shell/OwnerPlaceholder.tsx');
  return {
    name: 'passbook-without-owner',
    enforce: 'pre',
    resolveId(id) {
      return /(^|\/)owner\/index\.tsx$/.test(id) ? '\0passbook-owner-placeholder' : null;
    },
    load(id) {
      return id === '\0passbook-owner-placeholder' ? `export { OwnerPlaceholder as default } from ${JSON.stringify(placeholder)};` : null;
    },
  };
}

export default defineConfig({
  root: '.',
  base: './',
  plugins: [react(), ...(process.env.PASSBOOK_NO_OWNER === '1' ? [withoutOwnerArea()] : [])],
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // keep the app one small set of files; no inline scripts (the CSP says script-src 'self')
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: 'index.html',
    },
  },
  server: { port: 5174, strictPort: false },
});
