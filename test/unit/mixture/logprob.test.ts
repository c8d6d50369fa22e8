// The WebAssembly log-likelihood (both builds) against the float64 reference and the fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { loadFixture } from '../../helpers/fixtures.js';
import { paramsPerPixel, type MixtureShape } from '../../../src/mixture/kernel.js';
import { referenceLogProb } from '../../../src/mixture/reference.js';
import { branchMargin, extremeParams, extremePixels, useBuilds, realisticParams, withinTolerance } from './helpers.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

interface MixtureCase {
  params: number[];
  pixel: number[];
  logprob: number;
}

const builds = useBuilds();

/** Compares a kernel with the reference on every pixel whose branch decision is clear. */
function compare(name: string, params: Float32Array, pixels: Uint8Array, shape: MixtureShape) {
  const ref = referenceLogProb(params, pixels, shape);
  const results = { simd: builds.simd.logProb(params, pixels, shape), scalar: builds.scalar.logProb(params, pixels, shape) };
  // Both builds run the same instructions lane by lane: identical bits.
  assert.deepEqual(results.scalar.perSubpixel, results.simd.perSubpixel, `${name}: the builds disagree`);
  assert.deepEqual(results.scalar.perPixel, results.simd.perPixel, `${name}: the builds disagree`);
  const { perPixel, perSubpixel } = results.simd;
  const C = shape.channels;
  let compared = 0;
  let worst = 0;
  for (let i = 0; i < shape.pixels; i++) {
    if (branchMargin(params, pixels, i, shape) < 1e-3) continue;
    compared++;
    for (let c = 0; c < C; c++) {
      const [a, e] = [perSubpixel[i * C + c], ref.perSubpixel[i * C + c]];
      assert.ok(Number.isFinite(a), `${name}: pixel ${i} channel ${c} is ${a}`);
      worst = Math.max(worst, Math.abs(a - e) / Math.max(1, Math.abs(e) / 10));
      if (!withinTolerance(a, e)) {
        const p = Array.from(params.subarray(i * paramsPerPixel(C, shape.nrMix), (i + 1) * paramsPerPixel(C, shape.nrMix)));
        assert.fail(`${name}: pixel ${i} channel ${c}: ${a} vs reference ${e} (diff ${a - e}); pixel ${Array.from(pixels.subarray(i * C, i * C + C))}, params ${JSON.stringify(p)}`);
      }
    }
    assert.ok(withinTolerance(perPixel[i], ref.perPixel[i]), `${name}: pixel ${i}: ${perPixel[i]} vs ${ref.perPixel[i]}`);
  }
  assert.ok(compared > shape.pixels * 0.9, `${name}: only ${compared} of ${shape.pixels} pixels had a clear branch decision`);
  return worst;
}

describe('mixture log-likelihood (wasm) vs the float64 reference', () => {
  for (const channels of [1, 3] as const) {
    for (const nrMix of [1, 2, 3, 5, 10]) {
      it(`extreme parameters, C=${channels}, nr_mix=${nrMix}`, () => {
        const rand = mulberry32(1000 * channels + nrMix);
        const n = 1500;
        const shape = { pixels: n, channels, nrMix };
        compare('extreme', extremeParams(rand, n, channels, nrMix), extremePixels(rand, n, channels), shape);
      });
    }
    it(`realistic parameters, C=${channels}, nr_mix=10`, () => {
      const rand = mulberry32(77 + channels);
      const n = 1500;
      const pixels = new Uint8Array(n * channels).map(() => Math.floor(256 * rand()));
      compare('realistic', realisticParams(rand, n, channels, 10), pixels, { pixels: n, channels, nrMix: 10 });
    });
  }

  it('keeps conditional log p(x_c | x_<c) precise when earlier channels are very unlikely', () => {
    // Every component puts R thousands of nats away, with near-ties between components, so the
    // conditional of G and B is a small difference of large sums.
    const rand = mulberry32(5);
    const M = 5;
    const n = 400;
    const params = new Float32Array(n * 10 * M);
    const pixels = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      const o = i * 10 * M;
      for (let k = 0; k < M; k++) {
        params[o + k] = rand() - 0.5;
        params[o + M + k] = 5 + 0.01 * rand(); // R means far from any pixel
        params[o + 2 * M + k] = -7; // at the clamp: R log p about -4500 per component
        for (const c of [1, 2]) {
          const base = o + M + 3 * M * c;
          params[base + k] = 2 * rand() - 1;
          params[base + M + k] = -3 + rand();
          params[base + 2 * M + k] = rand() - 0.5;
        }
        params[o + 3 * M + k] = rand() - 0.5; // coefficient of x_R in G's mean
      }
      pixels.set([Math.floor(256 * rand()), 100 + Math.floor(50 * rand()), Math.floor(256 * rand())], i * 3);
    }
    compare('far R', params, pixels, { pixels: n, channels: 3, nrMix: M });
  });

  it('gives finite values for huge finite parameters', () => {
    const big = [3e38, -3e38, 1e30, -1e30, 1e10, 0, -80, 80];
    const rand = mulberry32(9);
    for (const channels of [1, 3] as const) {
      const M = 3;
      const n = 64;
      const params = new Float32Array(n * paramsPerPixel(channels, M)).map(() => big[Math.floor(rand() * big.length)]);
      const pixels = extremePixels(rand, n, channels);
      for (const kernel of [builds.simd, builds.scalar]) {
        const r64 = kernel.logProb(params, pixels, { pixels: n, channels, nrMix: M });
        const r32 = kernel.logProb(params, pixels, { pixels: n, channels, nrMix: M }, {
          perPixel: new Float32Array(n),
          perSubpixel: new Float32Array(n * channels),
        });
        for (const v of [...r64.perPixel, ...r64.perSubpixel, ...r32.perPixel, ...r32.perSubpixel])
          assert.ok(Number.isFinite(v), `${kernel.impl}: ${v}`);
      }
    }
  });

  it('processes long inputs in chunks with the same results', () => {
    const rand = mulberry32(21);
    const n = 40000; // more than CHUNK_PIXELS
    const shape = { pixels: n, channels: 3 as const, nrMix: 2 };
    const params = realisticParams(rand, n, 3, 2);
    const pixels = new Uint8Array(n * 3).map(() => Math.floor(256 * rand()));
    const whole = builds.simd.logProb(params, pixels, shape).perPixel;
    const tail = builds.simd.logProb(params.subarray(30000 * 20), pixels.subarray(30000 * 3), { ...shape, pixels: n - 30000 }).perPixel;
    assert.deepEqual(tail, whole.subarray(30000));
  });
});

describe('mixture log-likelihood vs the fixtures', () => {
  for (const name of ['tiny-rgb', 'tiny-gray'] as const) {
    const fixture = loadFixture(name);
    const expected = fixture.expected as unknown as {
      mixture: { cases: MixtureCase[] };
      output_image0: { data: number[] };
      logprob_per_pixel_image0: { data: number[] };
      log_likelihood_nats: number[];
    };
    const { channels, nr_logistic_mix: nrMix, height, width } = fixture.config;
    const shape1 = { pixels: 1, channels, nrMix };

    it(`${name}: the reference reproduces mixture.cases (float64 parameters)`, () => {
      for (const [i, c] of expected.mixture.cases.entries()) {
        const r = referenceLogProb(c.params, c.pixel, shape1);
        assert.ok(Math.abs(r.perPixel[0] - c.logprob) < 1e-9, `case ${i}: ${r.perPixel[0]} vs ${c.logprob}`);
      }
    });

    it(`${name}: both builds reproduce mixture.cases`, () => {
      for (const [i, c] of expected.mixture.cases.entries()) {
        const params = new Float32Array(c.params);
        const pixels = new Uint8Array(c.pixel);
        const ref = referenceLogProb(params, pixels, shape1);
        for (const kernel of [builds.simd, builds.scalar]) {
          const r = kernel.logProb(params, pixels, shape1);
          for (let ch = 0; ch < channels; ch++)
            assert.ok(withinTolerance(r.perSubpixel[ch], ref.perSubpixel[ch]), `${kernel.impl} case ${i} channel ${ch}`);
          // The fixture used float64 parameters; rounding them to float32 moves log p slightly.
          assert.ok(Math.abs(r.perPixel[0] - c.logprob) < 1e-3 * Math.max(1, Math.abs(c.logprob)), `${kernel.impl} case ${i}: ${r.perPixel[0]} vs ${c.logprob}`);
        }
      }
    });

    it(`${name}: per-pixel log p and the image sum of image 0 from output_image0`, () => {
      const n = height * width;
      const params = new Float32Array(expected.output_image0.data); // float32 values already
      const pixels = fixture.images.subarray(0, n * channels);
      for (const kernel of [builds.simd, builds.scalar]) {
        const { perPixel } = kernel.logProb(params, pixels, { pixels: n, channels, nrMix });
        for (let i = 0; i < n; i++)
          assert.ok(withinTolerance(perPixel[i], expected.logprob_per_pixel_image0.data[i]), `${kernel.impl} pixel ${i}: ${perPixel[i]} vs ${expected.logprob_per_pixel_image0.data[i]}`);
        const image = kernel.imageLogProb(params, pixels, { images: 1, pixelsPerImage: n, channels, nrMix });
        assert.ok(Math.abs(image.nats[0] - expected.log_likelihood_nats[0]) < 1e-4, `${kernel.impl}: ${image.nats[0]} vs ${expected.log_likelihood_nats[0]}`);
        const bpd = -expected.log_likelihood_nats[0] / (n * channels * Math.LN2);
        assert.ok(Math.abs(image.bitsPerDim[0] - bpd) < 1e-6);
      }
    });
  }
});
