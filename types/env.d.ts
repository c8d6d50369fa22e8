/**
 * Process-wide settings, read when a model or the mixture module first needs them.
 *
 * ```ts
 * import { env } from 'pixelcnnpp';
 * env.wasm.simd = false;                 // force the scalar mixture module
 * env.wasm.wasmPaths = '/static/wasm/';  // fetch the .wasm files instead of the embedded copies
 * env.webgpu.powerPreference = 'low-power';
 * ```
 */
export type LogLevel = 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
/** File names of the two builds of the mixture module. */
export declare const MIXTURE_WASM_FILES: {
    readonly simd: "pixelcnnpp-mixture-simd.wasm";
    readonly scalar: "pixelcnnpp-mixture.wasm";
};
export interface WasmEnv {
    /**
     * Use the SIMD build of the mixture module. `undefined` detects support. `false` also keeps
     * cached generation on the wasm backend on tfjs operations instead of the (SIMD-only) step
     * kernels.
     * @defaultValue undefined
     */
    simd: boolean | undefined;
    /**
     * Bytes of the mixture module to use instead of the embedded copies.
     * @defaultValue undefined
     */
    wasmBinary: {
        simd?: ArrayBuffer | Uint8Array;
        scalar?: ArrayBuffer | Uint8Array;
    } | undefined;
    /**
     * Where to fetch the mixture module from instead of the embedded copies: a prefix
     * (URL or directory) or a map from file name to location.
     * @defaultValue undefined
     */
    wasmPaths: string | Partial<Record<(typeof MIXTURE_WASM_FILES)[keyof typeof MIXTURE_WASM_FILES], string>> | undefined;
    /**
     * Where the tfjs wasm backend finds its own binaries, passed to its `setWasmPaths()`: a prefix
     * (URL or directory, ending in `/`) or a location for each of its three files. Read when the
     * wasm backend starts. In a browser it is rarely needed: the files copied by Vite or webpack,
     * the npm layout next to this package and the page's folder are probed first; set it when
     * the files are served from elsewhere (a CDN), and the probe then checks this location.
     * @defaultValue undefined (browsers: found as above; Node: tfjs reads them from its package)
     */
    tfjsWasmPaths: string | Record<'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm', string> | undefined;
}
export interface WebGPUEnv {
    /** @defaultValue undefined (the adapter's default) */
    powerPreference: 'low-power' | 'high-performance' | undefined;
}
export interface Env {
    /** @defaultValue 'warning' */
    logLevel: LogLevel;
    wasm: WasmEnv;
    webgpu: WebGPUEnv;
    /**
     * Where `PixelCNNPP.load()` without a source finds the bundled MNIST model: a URL or (Node) a
     * path. Set it when a bundler does not copy `models/mnist.safetensors` next to the script.
     * @defaultValue the package's own `models/mnist.safetensors`
     */
    defaultModel: string | URL | undefined;
}
export declare const env: Env;
