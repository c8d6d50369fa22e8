/**
 * What the running environment offers, probed once when this module loads. Probing only reads
 * globals (and validates a 31-byte wasm module); it changes nothing, so importing
 * this file has no side effects.
 *
 * `HAS_WEBGPU` describes `navigator.gpu` at load time. In Node it is normally false even where the
 * webgpu backend works: that backend installs `navigator.gpu` from the optional `webgpu` package
 * (Dawn) when it starts.
 */
export declare const platform: Readonly<{
    /** Node.js (`process.release.name === 'node'`). */
    IS_NODE: boolean;
    /** A browser page or worker. */
    IS_BROWSER: boolean;
    /** `navigator.gpu` existed when this module loaded. */
    HAS_WEBGPU: boolean;
    /** `WebAssembly` can instantiate modules. */
    HAS_WASM: boolean;
    /** `WebAssembly` validates a module that uses 128-bit SIMD. */
    HAS_WASM_SIMD: boolean;
}>;
export declare const IS_NODE: boolean, IS_BROWSER: boolean, HAS_WEBGPU: boolean, HAS_WASM: boolean, HAS_WASM_SIMD: boolean;
