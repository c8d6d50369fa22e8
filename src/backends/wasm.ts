/**
 * The tfjs wasm backend (XNNPACK kernels compiled to WebAssembly). tfjs picks its SIMD build where
 * WebAssembly SIMD validates, and its threaded build only in cross-origin-isolated browsers; in
 * Node it runs SIMD without threads. In a browser its binaries are located before it starts
 * (wasm-files.ts); in Node the process-wide handlers its runtime adds are taken off again
 * (process-handlers.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { env } from '../env.js';
import { HAS_WASM, HAS_WASM_SIMD, IS_BROWSER } from '../platform.js';
import type { Backend } from './backend.js';
import { withoutNewProcessHandlers } from './process-handlers.js';
import { bundledWasmCandidates } from './wasm-files-bundled.js';
import { locateTfjsWasmFiles, type TfjsWasmFile, type TfjsWasmPaths } from './wasm-files.js';
import { installWasmCopyKernels } from './wasm-copy-kernels.js';
import { defineBackend, describeError, ensureRegistered, loadPackage, registeredInstance, startRegisteredFactory } from './tfjs-engine.js';

const PACKAGE = '@tensorflow/tfjs-backend-wasm';
const load = () => import('@tensorflow/tfjs-backend-wasm');

/** The binary tfjs-backend-wasm loads here: threads need SIMD and cross-origin isolation. */
async function wasmFileInUse(): Promise<TfjsWasmFile> {
  try {
    const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
    return simd ? (threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm') : 'tfjs-backend-wasm.wasm';
  } catch {
    return HAS_WASM_SIMD ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  }
}

/**
 * The probe asks a same-origin server for the first bytes only (a Range request; servers without
 * ranges send the whole file and the probe stops reading). Cross-origin it asks plainly: a Range
 * header could need a CORS preflight the server does not answer.
 */
function probeFetch(url: string): Promise<Response> {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  const sameOrigin = origin !== undefined && new URL(url, origin).origin === origin;
  return fetch(url, sameOrigin ? { headers: { Range: 'bytes=0-3' } } : undefined);
}

/**
 * Tells tfjs where its binaries are: in a browser the first place that serves them (probed
 * before anything else downloads, see wasm-files.ts), in Node `env.wasm.tfjsWasmPaths` if set.
 */
async function configureWasmPaths(): Promise<void> {
  const tfjsWasm = await loadPackage(PACKAGE, load);
  let paths: TfjsWasmPaths | undefined = env.wasm.tfjsWasmPaths;
  if (IS_BROWSER && typeof fetch === 'function') {
    const base = (globalThis as { location?: { href?: string } }).location?.href ?? '';
    paths = await locateTfjsWasmFiles({
      file: await wasmFileInUse(),
      userPaths: paths,
      candidates: [...bundledWasmCandidates(), { paths: new URL('./', base).href, source: "next to the page, tfjs's default" }],
      base,
      version: tfjsWasm.version_wasm,
      fetch: probeFetch,
    });
  }
  if (paths === undefined) return;
  try {
    tfjsWasm.setWasmPaths(paths);
  } catch (err) {
    throw new Error(`${PACKAGE} rejected the paths of its binaries: ${describeError(err)}`, { cause: err });
  }
}

async function start(): Promise<string> {
  if (!HAS_WASM) throw new Error('WebAssembly is not available in this environment');
  const alreadyStarted = registeredInstance('wasm') !== undefined;
  await ensureRegistered('wasm', PACKAGE, load);
  if (!alreadyStarted) await configureWasmPaths();
  try {
    await withoutNewProcessHandlers(() => startRegisteredFactory('wasm'));
  } catch (err) {
    throw new Error(`${PACKAGE} failed to start: ${describeError(err)}`, { cause: err });
  }
  installWasmCopyKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  let threads = 1;
  try {
    threads = (await loadPackage(PACKAGE, load)).getThreadsCount();
  } catch {
    // A wasm backend registered by the user from another copy of the package: threads unknown.
  }
  return `${simd ? 'simd' : 'no simd'}${threads > 1 ? `, ${threads} threads` : ''}`;
}

export const wasmBackend: Backend = /* @__PURE__ */ defineBackend('wasm', () => HAS_WASM, start);
