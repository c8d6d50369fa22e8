/**
 * Loading the mixture module. Both builds are embedded as base64 (src/mixture/binaries.ts), so
 * by default nothing is fetched and no path is worked out: the same code runs in Node (ESM and
 * CommonJS), browsers, workers and bundlers. `env.wasm.wasmBinary`, then `env.wasm.wasmPaths`,
 * replace the embedded bytes when set. Each build is compiled once and the
 * `Promise<WebAssembly.Module>` cached; every kernel gets its own instance (and memory).
 */
import { MIXTURE_WASM_FILES } from '../env.js';
import type { MixtureKernel } from './kernel.js';
export type MixtureBuild = keyof typeof MIXTURE_WASM_FILES;
export interface LoadMixtureOptions {
    /** Use the SIMD build; overrides `env.wasm.simd`. `undefined` detects support. */
    simd?: boolean;
}
/** Forgets the compiled modules so the next load reads `env.wasm` again (for tests). */
export declare function clearMixtureModuleCache(): void;
/** Picks the build: the option, else `env.wasm.simd`, else detection. */
export declare function chooseMixtureBuild(options?: LoadMixtureOptions): MixtureBuild;
/** Compiles the chosen build (once) and returns a new kernel instance of it. */
export declare function loadMixtureKernel(options?: LoadMixtureOptions): Promise<MixtureKernel>;
/** Base64 to bytes without atob/Buffer, which not every runtime has. */
export declare function decodeBase64(text: string): Uint8Array;
