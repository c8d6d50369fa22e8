// Shared by the backend tests: deterministic inputs and numeric comparison.
import * as tf from '@tensorflow/tfjs-core';
import { env } from '../../../src/env.js';
import { IS_BROWSER } from '../../../src/platform.js';

/** Karma serves node_modules under /base; tfjs-backend-wasm's .wasm files are found from there. */
export function configureWasmPathsForBrowser(): void {
  if (IS_BROWSER && env.wasm.tfjsWasmPaths === undefined) {
    env.wasm.tfjsWasmPaths = '/base/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
  }
}

/** Uniform values in [lo, hi) from a fixed LCG, so every backend sees the same numbers. */
export function pseudoRandom(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** The ops the PixelCNN++ network is built from, on small fixed inputs; returns each result's values. */
export async function networkOps(): Promise<Record<string, Float32Array>> {
  const results = tf.tidy(() => {
    const x = tf.tensor4d(pseudoRandom(1 * 6 * 6 * 4, 1), [1, 6, 6, 4]);
    const w = tf.tensor4d(pseudoRandom(3 * 3 * 4 * 5, 2, -0.5, 0.5), [3, 3, 4, 5]);
    const up = tf.tensor4d(pseudoRandom(1 * 3 * 3 * 5, 3), [1, 3, 3, 5]);
    // conv2dTranspose filter is [h, w, outChannels, inChannels].
    const wt = tf.tensor4d(pseudoRandom(3 * 3 * 4 * 5, 4, -0.5, 0.5), [3, 3, 4, 5]);
    const a = tf.tensor2d(pseudoRandom(9 * 12, 5), [9, 12]);
    const b = tf.tensor2d(pseudoRandom(12 * 7, 6), [12, 7]);
    const v = tf.tensor1d(pseudoRandom(64, 7, -4, 4));
    return {
      conv2d: tf.conv2d(x, w, 1, 'same'),
      conv2dValid: tf.conv2d(x, w, 1, 'valid'),
      conv2dTranspose: tf.conv2dTranspose(up, wt, [1, 6, 6, 4], 2, 'same'),
      matMul: tf.matMul(a, b),
      elu: tf.elu(v),
      sigmoid: tf.sigmoid(v),
    };
  });
  const out: Record<string, Float32Array> = {};
  for (const [name, t] of Object.entries(results)) {
    out[name] = (await t.data()) as Float32Array;
    t.dispose();
  }
  return out;
}
