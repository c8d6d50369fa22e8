// The tfjs-core ops version of the log-likelihood (float32, cpu backend) against the float64
// reference and the fixtures.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

import { loadFixture } from '../../helpers/fixtures.js';
import { paramsPerPixel } from '../../../src/mixture/kernel.js';
import { referenceLogProb } from '../../../src/mixture/reference.js';
import { discretizedMixLogisticLogProb } from '../../../src/mixture/tf-ops.js';
import { realisticParams } from './helpers.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

function tfLogProb(params: Float32Array, pixels: Uint8Array, [N, H, W, C]: number[], nrMix: number): Float32Array {
  const x = tf.tensor4d(Float32Array.from(pixels, (v) => (v - 127.5) / 127.5), [N, H, W, C]);
  const p = tf.tensor4d(params, [N, H, W, paramsPerPixel(C as 1 | 3, nrMix)]);
  const out = discretizedMixLogisticLogProb(x, p, nrMix);
  assert.deepEqual(out.shape, [N, H, W]);
  const values = out.dataSync() as Float32Array;
  tf.dispose([x, p, out]);
  return values;
}

describe('mixture log-likelihood as tfjs-core ops', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  for (const channels of [1, 3] as const) {
    it(`realistic parameters, C=${channels}, nr_mix=5`, () => {
      const rand = mulberry32(31 + channels);
      const [N, H, W] = [2, 8, 8];
      const n = N * H * W;
      const params = realisticParams(rand, n, channels, 5);
      const pixels = new Uint8Array(n * channels).map(() => (rand() < 0.1 ? 0 : rand() < 0.1 ? 255 : Math.floor(256 * rand())));
      const ref = referenceLogProb(params, pixels, { pixels: n, channels, nrMix: 5 }).perPixel;
      const out = tfLogProb(params, pixels, [N, H, W, channels], 5);
      for (let i = 0; i < n; i++) assert.ok(Math.abs(out[i] - ref[i]) < 1e-4 * Math.max(1, Math.abs(ref[i])), `pixel ${i}: ${out[i]} vs ${ref[i]}`);
    });
  }

  for (const name of ['tiny-rgb', 'tiny-gray'] as const) {
    it(`${name}: per-pixel log p of image 0`, () => {
      const fixture = loadFixture(name);
      const expected = fixture.expected as unknown as { output_image0: { data: number[] }; logprob_per_pixel_image0: { data: number[] } };
      const { channels, height, width, nr_logistic_mix: nrMix } = fixture.config;
      const out = tfLogProb(new Float32Array(expected.output_image0.data), fixture.images.subarray(0, height * width * channels), [1, height, width, channels], nrMix);
      for (let i = 0; i < height * width; i++) {
        const e = expected.logprob_per_pixel_image0.data[i];
        assert.ok(Math.abs(out[i] - e) < 1e-4 * Math.max(1, Math.abs(e)), `pixel ${i}: ${out[i]} vs ${e}`);
      }
    });
  }
});
