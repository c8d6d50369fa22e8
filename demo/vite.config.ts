/**
 * The demo page: `npm run demo` serves it on 127.0.0.1, `npm run demo:build` writes static
 * files to demo/dist that any static host serves (every asset local, paths relative).
 *
 * `pixelcnnpp` resolves to this repository's built package (run `npm run build` first), through
 * its package.json `exports`, so the page imports exactly what an application installing the
 * package gets: the `browser` build, with its bundled model found by `new URL(..., import.meta.url)`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Cross-origin isolation, so tfjs-backend-wasm can use its threaded build (SharedArrayBuffer).
 * A static host should send the same two headers (demo/public/_headers has them for hosts that
 * read that file); without them the page still works, on one thread.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** The page needs the built package; say so plainly rather than fail on a missing import. */
function requireBuiltPackage() {
  return {
    name: 'require-built-package',
    buildStart() {
      if (!existsSync(new URL('../dist/pixelcnnpp.browser.mjs', import.meta.url))) {
        throw new Error('The demo imports the built package: run `npm run build` first.');
      }
    },
  };
}

export default defineConfig({
  plugins: [requireBuiltPackage()],
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: {
    alias: [{ find: /^pixelcnnpp$/, replacement: repositoryRoot }],
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    headers: isolation,
    fs: { allow: [repositoryRoot] },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    headers: isolation,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Not the default minifier: it rewrites tfjs-backend-wasm's `typeof _scriptDir !== 'undefined'`
    // to `_scriptDir !== void 0`, and the threaded build runs that function's source text in its
    // worker threads, where the variable does not exist (ReferenceError). esbuild keeps the guard.
    minify: 'esbuild',
    // The model (2.4 MB) and the wasm binaries stay separate files, never inlined.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2048,
  },
});
