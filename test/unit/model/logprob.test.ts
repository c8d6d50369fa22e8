// The whole model on every backend against the fixtures of an independent implementation:
// network output, per-pixel and per-image log-likelihoods, and no tensor leaks.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPP, randomTensors } from '../../../src/index.js';
import type { BackendName } from '../../../src/index.js';
import type { FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';

interface Expected {
  log_likelihood_nats: number[];
  bits_per_dim: number[];
  output_image0: { data: number[] };
  logprob_per_pixel_image0: { shape: [number, number]; data: number[] };
}

const BACKENDS: BackendName[] = ['cpu', 'wasm', 'webgpu'];
const FIXTURES: FixtureName[] = ['tiny-rgb', 'tiny-gray'];

for (const backend of BACKENDS) {
  for (const name of FIXTURES) {
    describe(`logProb on ${backend}: ${name}`, () => {
      let model: PixelCNNPP;
      let images: { data: Uint8Array; shape: [number, number, number, number] };
      let expected: Expected;

      before(async () => {
        const fixture = await loadFixture(name);
        const { height, width, channels, n_images } = fixture.config;
        images = { data: fixture.images, shape: [n_images, height, width, channels] };
        expected = fixture.expected as unknown as Expected;
        model = await PixelCNNPP.load(fixture.weights, { backend });
        assert.equal(model.backend, backend);
      });
      after(() => model?.dispose());

      it('reproduces the raw network output of image 0 within 1e-4', async () => {
        const out = await model.forward(images);
        const want = expected.output_image0.data;
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out[i]! - want[i]!));
        assert.ok(worst < 1e-4, `max abs error ${worst}`);
      });

      it('gives per-image nats within 1e-3 relative and matching bits/dim', async () => {
        const { nats, bitsPerDim } = await model.logProb(images);
        expected.log_likelihood_nats.forEach((want, i) => {
          const rel = Math.abs(nats[i]! - want) / Math.abs(want);
          assert.ok(rel < 1e-3, `image ${i}: ${nats[i]} vs ${want} (relative ${rel})`);
          assert.ok(Math.abs(bitsPerDim[i]! - expected.bits_per_dim[i]!) < 1e-3 * expected.bits_per_dim[i]!);
        });
      });

      it('gives per-pixel values of image 0 (logProbMap) that sum to the image total', async () => {
        const map = await model.logProbMap(images);
        const [h, w] = expected.logprob_per_pixel_image0.shape;
        assert.deepEqual(map.shape, [images.shape[0], h, w]);
        let worst = 0;
        expected.logprob_per_pixel_image0.data.forEach((want, p) => {
          worst = Math.max(worst, Math.abs(map.data[p]! - want) / Math.max(1, Math.abs(want)));
        });
        assert.ok(worst < 1e-3, `worst per-pixel error ${worst}`);
        let sum = 0;
        for (let p = 0; p < h * w; p++) sum += map.data[p]!;
        assert.ok(Math.abs(sum - map.nats[0]!) < 1e-9 * Math.abs(sum));
      });

      // cpu and wasm compute each image alike whatever the batch; WebGPU's kernels are tiled by
      // the batch's size, which moves the float32 rounding.
      const exact = backend !== 'webgpu';
      it(`scores a batch in chunks as in one call, ${exact ? 'exactly' : 'within 1e-6 relative'}`, async () => {
        const whole = await model.logProb(images);
        const chunked = await model.logProb(images, { batchSize: 3 });
        if (exact) {
          assert.deepEqual(chunked.nats, whole.nats);
          assert.deepEqual(chunked.bitsPerDim, whole.bitsPerDim);
        } else {
          whole.nats.forEach((want, i) => assert.ok(Math.abs(chunked.nats[i]! - want) < 1e-6 * Math.abs(want), `image ${i}: ${chunked.nats[i]} vs ${want}`));
        }
      });

    });
  }
}

// A tiny random model keeps 100 calls quick even on software WebGPU.
const LEAK_CONFIG = { height: 4, width: 4, channels: 3 as const, nrResnet: 1, nrFilters: 4, nrLogisticMix: 2 };

for (const backend of BACKENDS) {
  describe(`logProb on ${backend}: memory`, () => {
    it('leaves no tensors behind after 100 calls', async () => {
      const model = await PixelCNNPP.load({ config: LEAK_CONFIG, tensors: randomTensors(LEAK_CONFIG, 9) }, { backend });
      const images = { data: new Uint8Array(2 * 4 * 4 * 3).map((_, i) => (i * 37) % 256), shape: [2, 4, 4, 3] as const };
      const first = await model.logProb(images);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 100; i++) {
        const { nats } = await model.logProb(images);
        assert.deepEqual(nats, first.nats);
      }
      assert.equal(tf.memory().numTensors, before);
      model.dispose();
    });
  });
}
