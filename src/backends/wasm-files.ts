/**
 * Finding tfjs-backend-wasm's `.wasm` binaries in a browser. tfjs fetches them next to the page
 * unless told otherwise, which in a bundled app is usually wrong (a dev server or an SPA host then
 * answers with index.html, and the backend fails after the whole model has downloaded). So before
 * the backend starts, each place the files may be is probed with one request, in order:
 *
 * 1. `env.wasm.tfjsWasmPaths`, when set (nothing else is tried then);
 * 2. the files a bundler copied from the browser build's `new URL('@tensorflow/…', import.meta.url)`;
 * 3. the npm layout next to this package (`node_modules/@tensorflow/tfjs-backend-wasm/dist/`),
 *    for pages that import the package from node_modules without a bundler;
 * 4. next to the page (tfjs's own default).
 *
 * When none answers with a WebAssembly binary, the error names every URL tried, what came back,
 * and how to fix it.
 */
import { describeError } from './tfjs-engine.js';

export const TFJS_WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'] as const;
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
export function wasmFileUrl(paths: TfjsWasmPaths, file: TfjsWasmFile, base: string): string {
  const location = typeof paths === 'string' ? paths + file : paths[file];
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** The first `n` bytes of a response body (fewer if it is shorter); the rest is not downloaded. */
async function readPrefix(response: Response, n: number): Promise<Uint8Array> {
  if (response.body == null) return new Uint8Array(await response.arrayBuffer()).subarray(0, n);
  const reader = response.body.getReader();
  const prefix = new Uint8Array(n);
  let filled = 0;
  try {
    while (filled < n) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(n - filled, value.length);
      prefix.set(value.subarray(0, take), filled);
      filled += take;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return prefix.subarray(0, filled);
}

/**
 * Fetches `url` and checks that it starts like a WebAssembly binary. Returns `undefined` when it
 * does, otherwise what went wrong.
 */
export async function probeWasmFile(url: string, fetchImpl: (url: string) => Promise<Response>): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (err) {
    return `the request failed: ${describeError(err)}`;
  }
  if (!response.ok) {
    response.body?.cancel().catch(() => undefined);
    return `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  }
  let prefix: Uint8Array;
  try {
    prefix = await readPrefix(response, WASM_MAGIC.length);
  } catch (err) {
    return `reading the response failed: ${describeError(err)}`;
  }
  if (WASM_MAGIC.every((byte, i) => prefix[i] === byte)) return undefined;
  const type = response.headers.get('content-type');
  return `the server answered with something else than a WebAssembly binary${type ? ` (${type.split(';')[0]})` : ''}, such as a page served in place of a missing file`;
}

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
export async function locateTfjsWasmFiles(options: LocateWasmFilesOptions): Promise<TfjsWasmPaths> {
  const { file, userPaths, base } = options;
  const candidates = userPaths !== undefined ? [{ paths: userPaths, source: 'env.wasm.tfjsWasmPaths' }] : options.candidates;
  const tried: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const url = wasmFileUrl(candidate.paths, file, base);
    if (seen.has(url)) continue;
    seen.add(url);
    const problem = await probeWasmFile(url, options.fetch);
    if (problem === undefined) return candidate.paths;
    tried.push(`${url} (${candidate.source}): ${problem}`);
  }
  const cdn = `https://cdn.jsdelivr.net/npm/@tensorflow/tfjs-backend-wasm@${options.version ?? '<version>'}/dist/`;
  const fix =
    userPaths !== undefined
      ? `Point env.wasm.tfjsWasmPaths at the folder that serves node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm (e.g. '${cdn}').`
      : `Serve node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm and set env.wasm.tfjsWasmPaths to their folder before loading a model (e.g. env.wasm.tfjsWasmPaths = '${cdn}'), or bundle the page with Vite or webpack 5, which copy them.`;
  throw new Error(`@tensorflow/tfjs-backend-wasm's ${file} could not be fetched: ${tried.join('; ')}. ${fix}`);
}
