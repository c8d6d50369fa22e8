/**
 * What the running environment offers, probed once when this module loads. Probing only reads
 * globals (and validates a 31-byte wasm module); it changes nothing, so importing
 * this file has no side effects.
 *
 * `HAS_WEBGPU` describes `navigator.gpu` at load time. In Node it is normally false even where the
 * webgpu backend works: that backend installs `navigator.gpu` from the optional `webgpu` package
 * (Dawn) when it starts.
 */

interface ProcessLike {
  release?: { name?: string };
}

const g = globalThis as {
  process?: ProcessLike;
  window?: { document?: unknown };
  navigator?: { gpu?: unknown };
  importScripts?: unknown;
  WebAssembly?: typeof WebAssembly;
};

const isNode = g.process?.release?.name === 'node';
// A window with a document, or a worker scope (workers have importScripts but no document).
const isBrowser = !isNode && ((g.window !== undefined && g.window.document !== undefined) || typeof g.importScripts === 'function');
const hasWasm = typeof g.WebAssembly === 'object' && typeof g.WebAssembly.instantiate === 'function';

/**
 * From GoogleChromeLabs/wasm-feature-detect (the probe tfjs-backend-wasm also uses):
 * (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

function probeSimd(): boolean {
  if (!hasWasm) return false;
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

export const platform = Object.freeze({
  /** Node.js (`process.release.name === 'node'`). */
  IS_NODE: isNode,
  /** A browser page or worker. */
  IS_BROWSER: isBrowser,
  /** `navigator.gpu` existed when this module loaded. */
  HAS_WEBGPU: g.navigator?.gpu != null,
  /** `WebAssembly` can instantiate modules. */
  HAS_WASM: hasWasm,
  /** `WebAssembly` validates a module that uses 128-bit SIMD. */
  HAS_WASM_SIMD: probeSimd(),
});

export const { IS_NODE, IS_BROWSER, HAS_WEBGPU, HAS_WASM, HAS_WASM_SIMD } = platform;
