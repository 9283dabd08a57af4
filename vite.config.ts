// Renderer build: index.html -> dist/. base './' so the same build loads from file:// inside Electron
// and from the headless host over HTTP. Only pure modules of core/ (contract, money) may be imported.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: '.',
  base: './',
  plugins: [react()],
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
