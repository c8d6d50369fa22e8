/**
 * Where a bundler put tfjs-backend-wasm's binaries. Under Node tfjs reads them from its own
 * package, so this build names none; the browser build's twin (`wasm-files-bundled.browser.ts`)
 * references them in the `new URL(…, import.meta.url)` form that bundlers copy.
 */
import type { WasmFilesCandidate } from './wasm-files.js';

export function bundledWasmCandidates(): WasmFilesCandidate[] {
  return [];
}
