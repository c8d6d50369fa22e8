/**
 * Where a bundler put tfjs-backend-wasm's binaries (the browser build uses this file in place of
 * `wasm-files-bundled.ts`). Vite and webpack 5 resolve the package path in each
 * `new URL('…', import.meta.url)` below, copy the file into the build and rewrite the URL, so the
 * wasm backend starts with no configuration. Without a bundler those URLs point under this
 * script's folder and fail the probe; the npm layout (this script in
 * `node_modules/pixelcnnpp/dist/`) is the next guess.
 */
import type { WasmFilesCandidate } from './wasm-files.js';

// Not in the `new URL('literal', import.meta.url)` form: bundlers must not try to copy a folder
// (nor warn that they cannot).
const NPM_LAYOUT = '../../@tensorflow/tfjs-backend-wasm/dist/';
const here = (): string => import.meta.url;

export function bundledWasmCandidates(): WasmFilesCandidate[] {
  const bundled = {
    'tfjs-backend-wasm.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url)
      .href,
  };
  return [
    { paths: bundled, source: 'copied by the bundler' },
    { paths: new URL(NPM_LAYOUT, here()).href, source: 'the npm layout next to pixelcnnpp' },
  ];
}
