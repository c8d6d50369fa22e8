// Argument checks and error reporting of the mixture kernels (wasm builds and the reference).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { PixelCNNPPError } from '../../../src/errors.js';
import type { MixtureKernel } from '../../../src/mixture/kernel.js';
import { createReferenceKernel } from '../../../src/mixture/reference.js';
import { loadBuilds, realisticParams } from './helpers.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

let kernels: MixtureKernel[];
before(async () => {
  const b = await loadBuilds();
  kernels = [b.simd, b.scalar, createReferenceKernel()];
});
after(() => kernels.forEach((k) => k.dispose()));

const rand = mulberry32(4);
const shape = { pixels: 6, channels: 3 as const, nrMix: 2 };
const params = realisticParams(rand, 6, 3, 2); // 20 per pixel
const pixels = new Uint8Array(18).fill(100);
const uMix = new Float32Array(12).fill(0.5);
const uLogistic = new Float32Array(18).fill(0.25);
const keys = { seed: 1, imageIndex: new Uint32Array(6), pixelIndex: Uint32Array.from([0, 1, 2, 3, 4, 5]) };

const inputError = (pattern: RegExp) => (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_INPUT' && pattern.test(e.message);

describe('mixture kernel errors', () => {
  it('names the first non-finite parameter, its pixel and its role', () => {
    for (const kernel of kernels) {
      for (const [index, bad, role] of [
        [49, NaN, /params\[49\] \(pixel 2, mean of channel 1, component 1\) is NaN/],
        [1, Infinity, /params\[1\] \(pixel 0, logit of component 1\) is Infinity/],
        [119, -Infinity, /params\[119\] \(pixel 5, coupling coefficient of channel 2, component 1\) is -Infinity/],
        [84, NaN, /params\[84\] \(pixel 4, log-scale of channel 0, component 0\)/],
      ] as const) {
        const p = params.slice();
        p[index] = bad;
        assert.throws(() => kernel.logProb(p, pixels, shape), inputError(role), kernel.impl);
        assert.throws(() => kernel.sample(p, keys, shape), inputError(role), kernel.impl);
        assert.throws(() => kernel.sampleWithNoise(p, uMix, uLogistic, shape), inputError(role), kernel.impl);
      }
      const gray = new Float32Array(12);
      gray[8] = NaN;
      assert.throws(() => kernel.logProb(gray, new Uint8Array(2), { pixels: 2, channels: 1, nrMix: 2 }), inputError(/params\[8\] \(pixel 1, mean of channel 0, component 0\)/));
    }
  });

  it('rejects wrong shapes and lengths, naming the argument', () => {
    for (const kernel of kernels) {
      assert.throws(() => kernel.logProb(params.subarray(1), pixels, shape), /params: expected 120 values \(6 pixels x 20 parameters/);
      assert.throws(() => kernel.logProb(params, pixels.subarray(1), shape), /pixels: expected 18 values/);
      assert.throws(() => kernel.logProb(Array.from(params) as unknown as Float32Array, pixels, shape), TypeError);
      assert.throws(() => kernel.logProb(params, pixels, { ...shape, channels: 2 as 3 }), /shape.channels: expected 1 or 3, got 2/);
      assert.throws(() => kernel.logProb(params, pixels, { ...shape, nrMix: 0 }), /shape.nrMix: expected an integer in \[1, 64\]/);
      assert.throws(() => kernel.logProb(params, pixels, { ...shape, nrMix: 65 }), RangeError);
      assert.throws(() => kernel.logProb(params, pixels, { ...shape, pixels: 1.5 }), /shape.pixels/);
      assert.throws(() => kernel.logProb(params, pixels, shape, { perPixel: new Float64Array(5) }), /out.perPixel: expected length 6, got 5/);
      assert.throws(() => kernel.imageLogProb(params, pixels, { images: 2, pixelsPerImage: 4, channels: 3, nrMix: 2 }), /params: expected 160 values/);
      assert.throws(() => kernel.sampleWithNoise(params, uMix.subarray(1), uLogistic, shape), /uMix: expected 12 values, got 11/);
      assert.throws(() => kernel.sample(params, { ...keys, pixelIndex: [0, 1] }, shape), /keys.pixelIndex: expected 6 values/);
      assert.throws(() => kernel.sample(params, { ...keys, imageIndex: [0, 0, 0, -1, 0, 0] }, shape), /keys.imageIndex\[3\]/);
      assert.throws(() => kernel.sample(params, keys, shape, { outU8: new Uint8Array(3) }), /options.outU8: expected length 18, got 3/);
    }
  });

  it('rejects a temperature that is not a finite number > 0', () => {
    for (const kernel of kernels) {
      for (const temperature of [0, -1, NaN, Infinity, 1e-50, 1e39]) {
        assert.throws(() => kernel.sample(params, keys, shape, { temperature }), /temperature: expected a finite number > 0/, `${kernel.impl} ${temperature}`);
        assert.throws(() => kernel.sampleWithNoise(params, uMix, uLogistic, shape, { temperature }), RangeError);
      }
    }
  });

  it('rejects uniforms outside (0, 1) and bad seeds', () => {
    for (const kernel of kernels) {
      for (const bad of [0, 1, -0.5, NaN, 1 - 1e-10]) {
        const u = uMix.slice();
        u[3] = bad;
        assert.throws(() => kernel.sampleWithNoise(params, u, uLogistic, shape), /uMix\[3\]: expected a uniform in the open interval \(0, 1\)/);
      }
      for (const seed of [-1, 0.5, 2 ** 53, NaN]) assert.throws(() => kernel.sample(params, { ...keys, seed }, shape), /keys.seed/);
    }
  });

  it('accepts an empty batch', () => {
    for (const kernel of kernels) {
      const empty = { pixels: 0, channels: 3 as const, nrMix: 2 };
      assert.equal(kernel.logProb(new Float32Array(0), new Uint8Array(0), empty).perPixel.length, 0);
      assert.equal(kernel.sample(new Float32Array(0), { seed: 0, imageIndex: [], pixelIndex: [] }, empty).u8.length, 0);
    }
  });

  it('throws E_DISPOSED after dispose (which is idempotent)', () => {
    for (const kernel of [createReferenceKernel()]) {
      kernel.dispose();
      kernel.dispose();
      assert.throws(() => kernel.logProb(params, pixels, shape), (e: unknown) => e instanceof PixelCNNPPError && e.code === 'E_DISPOSED');
    }
  });
});
