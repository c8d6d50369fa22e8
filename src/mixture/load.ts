/**
 * Loading the mixture module. Both builds are embedded as base64 (src/mixture/binaries.ts), so
 * by default nothing is fetched and no path is worked out: the same code runs in Node (ESM and
 * CommonJS), browsers, workers and bundlers. `env.wasm.wasmBinary`, then `env.wasm.wasmPaths`,
 * replace the embedded bytes when set. Each build is compiled once and the
 * `Promise<WebAssembly.Module>` cached; every kernel gets its own instance (and memory).
 */
import { env, MIXTURE_WASM_FILES } from '../env.js';
import { PixelCNNPPError } from '../errors.js';
import { HAS_WASM_SIMD } from '../platform.js';
import { readBytes } from '../util/read-bytes.js';
import { MIXTURE_WASM_SCALAR_BASE64, MIXTURE_WASM_SIMD_BASE64 } from './binaries.js';
import type { MixtureKernel } from './kernel.js';
import { WasmMixtureKernel } from './wasm-kernel.js';

export type MixtureBuild = keyof typeof MIXTURE_WASM_FILES;

export interface LoadMixtureOptions {
  /** Use the SIMD build; overrides `env.wasm.simd`. `undefined` detects support. */
  simd?: boolean;
}

interface CachedModule {
  /** Where the bytes came from, to notice an env change after the first compile. */
  source: unknown;
  module: Promise<WebAssembly.Module>;
}

const moduleCache = new Map<MixtureBuild, CachedModule>();

/** Forgets the compiled modules so the next load reads `env.wasm` again (for tests). */
export function clearMixtureModuleCache(): void {
  moduleCache.clear();
}

/** Picks the build: the option, else `env.wasm.simd`, else detection. */
export function chooseMixtureBuild(options?: LoadMixtureOptions): MixtureBuild {
  let wanted = options?.simd;
  if (wanted === undefined) {
    const flag = env.wasm.simd as unknown;
    if (flag === true || flag === false) wanted = flag;
    else if (flag !== undefined && env.logLevel !== 'error' && env.logLevel !== 'fatal')
      console.warn(`Property "env.wasm.simd" is set to unknown value "${String(flag)}"; detecting SIMD support instead.`);
  }
  const supported = HAS_WASM_SIMD;
  if (wanted === true && !supported)
    throw new PixelCNNPPError(
      'E_WASM',
      'the SIMD mixture module was requested but this engine does not support WebAssembly SIMD; set env.wasm.simd = false or leave it undefined.',
    );
  return (wanted ?? supported) ? 'simd' : 'scalar';
}

/** Compiles the chosen build (once) and returns a new kernel instance of it. */
export async function loadMixtureKernel(options?: LoadMixtureOptions): Promise<MixtureKernel> {
  if (typeof WebAssembly !== 'object')
    throw new PixelCNNPPError(
      'E_BACKEND_UNAVAILABLE',
      'WebAssembly is not available here, and the mixture module needs it.',
    );
  const build = chooseMixtureBuild(options);
  const module = await compiledModule(build);
  return WasmMixtureKernel.create(module, build === 'simd' ? 'wasm-simd' : 'wasm');
}

function compiledModule(build: MixtureBuild): Promise<WebAssembly.Module> {
  const file = MIXTURE_WASM_FILES[build];
  const binary = env.wasm.wasmBinary?.[build];
  const location = binary ? undefined : pathOverride(file);
  const source = binary ?? (location !== undefined ? `path:${location}` : 'embedded');
  const cached = moduleCache.get(build);
  if (cached) {
    if (cached.source !== source) {
      const what = binary ? 'env.wasm.wasmBinary' : 'env.wasm.wasmPaths';
      throw new PixelCNNPPError(
        'E_CONFIG',
        `${what} was changed after the mixture module (${file}) was compiled; set env.wasm before the first model or kernel is loaded.`,
      );
    }
    return cached.module;
  }
  const bytes: Promise<Uint8Array | ArrayBuffer> = binary
    ? Promise.resolve(binary)
    : location !== undefined
      ? readLocation(file, location)
      : Promise.resolve(decodeBase64(build === 'simd' ? MIXTURE_WASM_SIMD_BASE64 : MIXTURE_WASM_SCALAR_BASE64));
  const module = bytes.then(async (b) => {
    try {
      return await WebAssembly.compile(b as BufferSource);
    } catch (cause) {
      const from = binary ? 'env.wasm.wasmBinary' : location !== undefined ? `"${location}"` : 'the embedded copy';
      throw new PixelCNNPPError('E_WASM', `could not compile ${file} from ${from}: ${String(cause)}`, { cause });
    }
  });
  // A failed load is not cached, so a corrected env can be tried again.
  module.catch(() => {
    if (moduleCache.get(build)?.module === module) moduleCache.delete(build);
  });
  moduleCache.set(build, { source, module });
  return module;
}

/** `env.wasm.wasmPaths` for one file: a map entry, or prefix + file name. */
function pathOverride(file: string): string | undefined {
  const paths = env.wasm.wasmPaths;
  if (typeof paths === 'string') return paths + file;
  if (paths && typeof paths === 'object') return (paths as Record<string, string | undefined>)[file];
  return undefined;
}

async function readLocation(file: string, location: string): Promise<Uint8Array> {
  try {
    return await readBytes(location, { errorCode: 'E_WASM' });
  } catch (cause) {
    throw new PixelCNNPPError(
      'E_WASM',
      `could not read ${file} from "${location}" (env.wasm.wasmPaths): ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Check the path, or unset env.wasm.wasmPaths to use the embedded copy.',
      { cause },
    );
  }
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes without atob/Buffer, which not every runtime has. */
export function decodeBase64(text: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < BASE64_ALPHABET.length; i++) lookup[BASE64_ALPHABET.charCodeAt(i)] = i;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (lookup[text.charCodeAt(i)] << 18) |
      (lookup[text.charCodeAt(i + 1)] << 12) |
      (lookup[text.charCodeAt(i + 2)] << 6) |
      lookup[text.charCodeAt(i + 3)];
    if (o < out.length) out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}
