/**
 * The tfjs wasm backend (XNNPACK kernels compiled to WebAssembly). tfjs picks its SIMD build where
 * WebAssembly SIMD validates, and its threaded build only in cross-origin-isolated browsers; in
 * Node it runs SIMD without threads.
 */
import * as tf from '@tensorflow/tfjs-core';
import { env } from '../env.js';
import { HAS_WASM, IS_BROWSER } from '../platform.js';
import type { Backend } from './backend.js';
import { installWasmCopyKernels } from './wasm-copy-kernels.js';
import { defineBackend, describeError, ensureRegistered, loadPackage, registeredInstance, startRegisteredFactory } from './tfjs-engine.js';

const PACKAGE = '@tensorflow/tfjs-backend-wasm';
const load = () => import('@tensorflow/tfjs-backend-wasm');

async function start(): Promise<string> {
  if (!HAS_WASM) throw new Error('WebAssembly is not available in this environment');
  const alreadyStarted = registeredInstance('wasm') !== undefined;
  await ensureRegistered('wasm', PACKAGE, load);
  const paths = env.wasm.tfjsWasmPaths;
  if (paths !== undefined && !alreadyStarted) {
    const { setWasmPaths } = await loadPackage(PACKAGE, load);
    try {
      setWasmPaths(paths);
    } catch (err) {
      throw new Error(`env.wasm.tfjsWasmPaths was rejected by ${PACKAGE}: ${describeError(err)}`, { cause: err });
    }
  }
  try {
    await startRegisteredFactory('wasm');
  } catch (err) {
    const hint =
      IS_BROWSER && paths === undefined
        ? ' (if its .wasm files are not served next to the script, set env.wasm.tfjsWasmPaths to where they are)'
        : '';
    throw new Error(`${PACKAGE} failed to start: ${describeError(err)}${hint}`, { cause: err });
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
