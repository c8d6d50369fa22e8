// @browser-only: tfjs's WebGL backend, which the package does not ship, plugged in from outside it
// the way an application does (import the tfjs backend, then name it), against the fixtures like
// the built-in backends.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { PixelCNNPP, tfjsBackend } from '../../../src/index.js';
import type { FixtureName } from '../../helpers/fixtures.js';
import { loadFixture } from '../../helpers/fixtures.js';

interface Expected {
  log_likelihood_nats: number[];
  output_image0: { data: number[] };
}

const FIXTURES: FixtureName[] = ['tiny-rgb', 'tiny-gray'];

describe('a backend plugged in by the user: tfjs webgl', () => {
  it("is found by its tfjs name, or as tfjsBackend('webgl'), and reported as chosen", async () => {
    const fixture = await loadFixture('tiny-gray');
    for (const backend of ['webgl', [tfjsBackend('webgl'), 'wasm'] as const]) {
      const model = await PixelCNNPP.load(fixture.weights, { backend: backend as never });
      try {
        assert.equal(model.backend, 'webgl');
        assert.deepEqual(model.backendReport, [{ name: 'webgl', status: 'chosen', detail: 'webgl' }]);
      } finally {
        model.dispose();
      }
    }
  });

  for (const name of FIXTURES) {
    describe(`webgl: ${name}`, () => {
      let model: PixelCNNPP;
      let images: { data: Uint8Array; shape: [number, number, number, number] };
      let expected: Expected;

      before(async () => {
        const fixture = await loadFixture(name);
        const { height, width, channels, n_images } = fixture.config;
        images = { data: fixture.images, shape: [n_images, height, width, channels] };
        expected = fixture.expected as unknown as Expected;
        model = await PixelCNNPP.load(fixture.weights, { backend: 'webgl' });
      });
      after(() => model?.dispose());

      it('reproduces the raw network output of image 0 within 1e-4', async () => {
        const out = await model.forward(images);
        const want = expected.output_image0.data;
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out[i]! - want[i]!));
        console.log(`${name}: webgl network output max abs error ${worst.toExponential(2)}`);
        assert.ok(worst < 1e-4, `max abs error ${worst}`);
      });

      it('gives per-image nats within 1e-3 relative', async () => {
        const { nats } = await model.logProb(images);
        expected.log_likelihood_nats.forEach((want, i) => {
          const rel = Math.abs(nats[i]! - want) / Math.abs(want);
          assert.ok(rel < 1e-3, `image ${i}: ${nats[i]} vs ${want} (relative ${rel})`);
        });
      });

      it('samples what the cpu backend samples on at least 99% of sub-pixels, leaking no tensors', async () => {
        const before = tf.memory().numTensors;
        const onWebgl = (await model.sample({ seed: 2024, count: 4 })).data;
        assert.equal(tf.memory().numTensors, before);
        const onCpu = await PixelCNNPP.load((await loadFixture(name)).weights, { backend: 'cpu' });
        const reference = (await onCpu.sample({ seed: 2024, count: 4 })).data;
        onCpu.dispose();
        let same = 0;
        for (let i = 0; i < reference.length; i++) if (onWebgl[i] === reference[i]) same++;
        console.log(`${name}: cpu vs webgl: ${((100 * same) / reference.length).toFixed(2)}% of ${reference.length} sub-pixels agree`);
        assert.ok(same / reference.length >= 0.99, `${same} of ${reference.length}`);
      });
    });
  }
});
