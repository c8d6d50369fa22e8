export declare const TFJS_WASM_FILES: readonly ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];
export type TfjsWasmFile = (typeof TFJS_WASM_FILES)[number];
export type TfjsWasmFileMap = Record<TfjsWasmFile, string>;
/** What tfjs-backend-wasm's `setWasmPaths` takes: a folder (ending in `/`) or a location per file. */
export type TfjsWasmPaths = string | TfjsWasmFileMap;
/** A place the binaries may be, and how to name it in an error. */
export interface WasmFilesCandidate {
    paths: TfjsWasmPaths;
    source: string;
}
/** The URL tfjs fetches `file` from, given `paths` and the page's URL. */
export declare function wasmFileUrl(paths: TfjsWasmPaths, file: TfjsWasmFile, base: string): string;
/**
 * Fetches `url` and checks that it starts like a WebAssembly binary. Returns `undefined` when it
 * does, otherwise what went wrong.
 */
export declare function probeWasmFile(url: string, fetchImpl: (url: string) => Promise<Response>): Promise<string | undefined>;
export interface LocateWasmFilesOptions {
    /** The binary tfjs will load here (it depends on SIMD and thread support). */
    file: TfjsWasmFile;
    /** `env.wasm.tfjsWasmPaths`. */
    userPaths: TfjsWasmPaths | undefined;
    /** Where else to look, in order (bundler-copied files, the npm layout, next to the page). */
    candidates: readonly WasmFilesCandidate[];
    /** The URL relative locations resolve against (the page). */
    base: string;
    /** tfjs-backend-wasm's version, for the CDN example in the error. */
    version: string | undefined;
    /** Fetches a URL for the probe. */
    fetch: (url: string) => Promise<Response>;
}
/**
 * The first place that serves `file` as a WebAssembly binary, or an error naming each URL tried,
 * what it answered, and the fix.
 */
export declare function locateTfjsWasmFiles(options: LocateWasmFilesOptions): Promise<TfjsWasmPaths>;
