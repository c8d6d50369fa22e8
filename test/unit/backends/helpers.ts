// Shared by the backend tests.
import * as tf from '@tensorflow/tfjs-core';
import { randomArray } from '../../helpers/random.js';



/** The ops the PixelCNN++ network is built from, on small fixed inputs; returns each result's values. */
export async function networkOps(): Promise<Record<string, Float32Array>> {
  const results = tf.tidy(() => {
    const x = tf.tensor4d(randomArray(1 * 6 * 6 * 4, 1), [1, 6, 6, 4]);
    const w = tf.tensor4d(randomArray(3 * 3 * 4 * 5, 2, -0.5, 0.5), [3, 3, 4, 5]);
    const up = tf.tensor4d(randomArray(1 * 3 * 3 * 5, 3), [1, 3, 3, 5]);
    // conv2dTranspose filter is [h, w, outChannels, inChannels].
    const wt = tf.tensor4d(randomArray(3 * 3 * 4 * 5, 4, -0.5, 0.5), [3, 3, 4, 5]);
    const a = tf.tensor2d(randomArray(9 * 12, 5), [9, 12]);
    const b = tf.tensor2d(randomArray(12 * 7, 6), [12, 7]);
    const v = tf.tensor1d(randomArray(64, 7, -4, 4));
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
