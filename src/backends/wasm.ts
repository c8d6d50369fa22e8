/**
 * The tfjs wasm backend (XNNPACK kernels compiled to WebAssembly). tfjs picks its SIMD build where
 * WebAssembly SIMD validates, and its threaded build only in browsers with cross-origin isolation;
 * in Node it runs SIMD without threads.
 */
import * as tf from '@tensorflow/tfjs-core';
import { env } from '../env.js';
import { HAS_WASM, IS_BROWSER } from '../platform.js';
import type { Backend } from './backend.js';
import { defineBackend, describeError, ensureRegistered, loadPackage, registeredInstance, startRegisteredFactory } from './tfjs-engine.js';

const PACKAGE = '@tensorflow/tfjs-backend-wasm';

async function start(): Promise<string> {
  if (!HAS_WASM) throw new Error('WebAssembly is not available in this environment');
  const alreadyStarted = registeredInstance('wasm') !== undefined;
  await ensureRegistered('wasm', PACKAGE, () => import('@tensorflow/tfjs-backend-wasm'));
  const paths = env.wasm.tfjsWasmPaths;
  if (paths !== undefined && !alreadyStarted) {
    const { setWasmPaths } = await loadPackage(PACKAGE, () => import('@tensorflow/tfjs-backend-wasm'));
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
        ? ` (if the .wasm files are not served next to the script, set env.wasm.tfjsWasmPaths to where they are)`
        : '';
    throw new Error(`${PACKAGE} failed to start: ${describeError(err)}${hint}`, { cause: err });
  }
  const [simd, threads] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    loadPackage(PACKAGE, () => import('@tensorflow/tfjs-backend-wasm')).then(
      (m) => m.getThreadsCount(),
      () => 1,
    ),
  ]);
  return `${simd ? 'simd' : 'no simd'}${threads > 1 ? `, ${threads} threads` : ''}`;
}

export const wasmBackend: Backend = /* @__PURE__ */ defineBackend('wasm', () => HAS_WASM, start);
