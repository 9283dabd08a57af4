#!/usr/bin/env node
// Builds the Electron side into dist-electron/ (the renderer is built by Vite into dist/):
//   main.mjs      electron/main/index.ts, ESM, Node platform; electron and better-sqlite3 stay external
//   preload.cjs   electron/preload/index.ts, CommonJS (sandboxed preloads cannot be ES modules); only
//                 `electron` is required at run time; the contract's method names and channels are baked in
//   migrations/   core/db/migrations/*.sql (main passes this folder to the ledger explicitly)
// and writes the Content-Security-Policy meta tag into dist/index.html (file:// pages have no headers).
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// --out=<dir>: build into <dir>/dist-electron and add the CSP to <dir>/dist/index.html (tests); default: the repo
const outArg = process.argv.find((a) => a.startsWith('--out='));
const outRoot = outArg ? path.resolve(outArg.slice('--out='.length)) : root;
const outDir = path.join(outRoot, 'dist-electron');
const rel = (p) => path.relative(root, p) || '.';

/** The contract's method names/channels and the CSP helpers, read from the TypeScript sources themselves. */
async function loadBuildInfo() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passbook-build-'));
  const file = path.join(tmp, 'info.mjs');
  try {
    await build({
      stdin: {
        contents: [
          "export { methodNames, channelOf } from './core/contract/index.ts';",
          "export { CONTENT_SECURITY_POLICY, injectCspMeta } from './electron/main/csp.ts';",
        ].join('\n'),
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: file,
      logLevel: 'silent',
    });
    return await import(pathToFileURL(file).href);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  const started = Date.now();
  const info = await loadBuildInfo();
  const methods = info.methodNames.map((n) => [n, info.channelOf(n)]);
  if (methods.length === 0) throw new Error('the contract has no methods');

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });

  await build({
    entryPoints: [path.join(root, 'electron/main/index.ts')],
    outfile: path.join(outDir, 'main.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: ['electron', 'better-sqlite3'],
    // bundled CommonJS dependencies may call require(): give the ES module a real one
    banner: { js: "import { createRequire as __pbCreateRequire } from 'node:module'; const require = __pbCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });

  await build({
    entryPoints: [path.join(root, 'electron/preload/index.ts')],
    outfile: path.join(outDir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'chrome130',
    external: ['electron'],
    define: { __PASSBOOK_METHODS__: JSON.stringify(methods) },
    sourcemap: 'inline',
    legalComments: 'none',
    logLevel: 'warning',
  });

  // A sandboxed preload can require only a few modules; ours needs `electron` alone. Check, and check that
  // every contract method got its channel.
  const preload = fs.readFileSync(path.join(outDir, 'preload.cjs'), 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
  const foreign = required.filter((m) => m !== 'electron');
  if (foreign.length) throw new Error(`preload.cjs requires ${foreign.join(', ')}: a sandboxed preload may only require "electron"`);
  const missing = methods.filter(([, ch]) => !preload.includes(JSON.stringify(ch)));
  if (missing.length) throw new Error(`preload.cjs lacks channels for: ${missing.map(([n]) => n).join(', ')}`);

  const migSrc = path.join(root, 'core/db/migrations');
  const migOut = path.join(outDir, 'migrations');
  fs.mkdirSync(migOut, { recursive: true });
  const sql = fs.readdirSync(migSrc).filter((f) => f.endsWith('.sql')).sort();
  for (const f of sql) fs.copyFileSync(path.join(migSrc, f), path.join(migOut, f));

  const indexHtml = path.join(outRoot, 'dist/index.html');
  let csp = 'dist/index.html not built yet (run `npx vite build`, then this script again)';
  if (fs.existsSync(indexHtml)) {
    const before = fs.readFileSync(indexHtml, 'utf8');
    const after = info.injectCspMeta(before);
    if (after !== before) fs.writeFileSync(indexHtml, after);
    csp = 'meta tag in dist/index.html';
  } else {
    console.warn(`build-electron: warning: ${csp}`);
  }

  console.log(
    `build-electron: ${rel(path.join(outDir, 'main.mjs'))}, ${rel(path.join(outDir, 'preload.cjs'))} ` +
      `(${methods.length} methods), ${sql.length} migrations, CSP: ${csp} — ${Date.now() - started} ms`,
  );
}

main().catch((err) => {
  console.error(`build-electron failed: ${err?.stack ?? err}`);
  process.exit(1);
});
