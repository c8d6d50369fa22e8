// Sampling: explicit noise against the fixtures and the reference, the counter-based stream's
// determinism and batch independence, and chi-square tests of the sampled distribution against
// the exact bin probabilities.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { loadFixture } from '../../helpers/fixtures.js';
import { paramsPerPixel, type MixtureKernel } from '../../../src/mixture/kernel.js';
import { binMass, createReferenceKernel, referenceSampleWithNoise } from '../../../src/mixture/reference.js';
import { loadBuilds, realisticParams, type Builds } from './helpers.js';
import { mulberry32 } from '../../../src/util/mulberry32.js';

interface SampleCase {
  params: number[];
  u_mix: number[];
  u_logistic: number[];
  component: number;
  x: number[];
}

let builds: Builds;
let kernels: MixtureKernel[];
before(async () => {
  builds = await loadBuilds();
  kernels = [builds.simd, builds.scalar];
});
after(() => kernels.forEach((k) => k.dispose()));

const quantize = (x: number) => Math.min(255, Math.floor((x + 1) * 127.5 + 0.5));
/** Distance of (x + 1) * 127.5 from a rounding boundary, in levels. */
const boundaryDistance = (x: number) => Math.abs((((x + 1) * 127.5) % 1) - 0.5);

/** Repeats one pixel's parameters n times. */
function tile(one: number[], n: number): Float32Array {
  const out = new Float32Array(n * one.length);
  for (let i = 0; i < n; i++) out.set(one, i * one.length);
  return out;
}

function sequentialKeys(seed: number, n: number, perImage: number) {
  return {
    seed,
    imageIndex: Uint32Array.from({ length: n }, (_, i) => Math.floor(i / perImage)),
    pixelIndex: Uint32Array.from({ length: n }, (_, i) => i % perImage),
  };
}

/** Upper-tail p-value of a chi-square statistic (Wilson-Hilferty; ample for a 1e-4 threshold). */
function chiSquarePValue(stat: number, df: number): number {
  const z = (Math.cbrt(stat / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df));
  // erfc (Numerical Recipes' erfcc, fractional error < 1.2e-7)
  const t = 1 / (1 + (0.5 * Math.abs(z)) / Math.SQRT2);
  const u = Math.abs(z) / Math.SQRT2;
  const erfc =
    t *
    Math.exp(
      -u * u - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** Chi-square goodness of fit, merging neighbouring cells until each expects at least 5. */
function chiSquare(observed: ArrayLike<number>, probabilities: ArrayLike<number>, total: number): { p: number; df: number } {
  const groups: [number, number][] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < observed.length; i++) {
    o += observed[i];
    e += probabilities[i] * total;
    if (e >= 5) {
      groups.push([o, e]);
      o = 0;
      e = 0;
    }
  }
  if (groups.length === 0) throw new Error('no cell expects 5 counts');
  groups[groups.length - 1][0] += o;
  groups[groups.length - 1][1] += e;
  const stat = groups.reduce((s, [obs, exp]) => s + (obs - exp) ** 2 / exp, 0);
  return { p: chiSquarePValue(stat, groups.length - 1), df: groups.length - 1 };
}

describe('sampling with explicit noise', () => {
  for (const name of ['tiny-rgb', 'tiny-gray'] as const) {
    it(`${name}: sample_pixel.cases`, () => {
      const fixture = loadFixture(name);
      const cases = (fixture.expected as unknown as { sample_pixel: { cases: SampleCase[] } }).sample_pixel.cases;
      const { channels, nr_logistic_mix: nrMix } = fixture.config;
      const shape = { pixels: 1, channels, nrMix };
      for (const [i, c] of cases.entries()) {
        const ref = referenceSampleWithNoise(c.params, c.u_mix, c.u_logistic, shape);
        assert.equal(ref.component[0], c.component, `reference, case ${i}`);
        for (let ch = 0; ch < channels; ch++) assert.ok(Math.abs(ref.x[ch] - c.x[ch]) < 1e-12, `reference, case ${i}`);
        // The kernels take float32: compare them with the reference on the same rounded inputs.
        const [p32, um32, ul32] = [new Float32Array(c.params), new Float32Array(c.u_mix), new Float32Array(c.u_logistic)];
        const ref32 = referenceSampleWithNoise(p32, um32, ul32, shape);
        for (const kernel of kernels) {
          const { x, u8 } = kernel.sampleWithNoise(p32, um32, ul32, shape);
          for (let ch = 0; ch < channels; ch++) {
            assert.ok(Math.abs(x[ch] - ref32.x[ch]) < 1e-5, `${kernel.impl} case ${i} channel ${ch}: ${x[ch]} vs ${ref32.x[ch]}`);
            assert.ok(Math.abs(x[ch] - c.x[ch]) < 1e-3, `${kernel.impl} case ${i} channel ${ch}: ${x[ch]} vs fixture ${c.x[ch]}`);
            assert.equal(u8[ch], quantize(x[ch]));
          }
        }
      }
    });
  }

  it('applies the temperature to logits and scales', () => {
    const rand = mulberry32(3);
    const n = 2000;
    const shape = { pixels: n, channels: 3 as const, nrMix: 4 };
    const params = realisticParams(rand, n, 3, 4);
    const uMix = Float32Array.from({ length: n * 4 }, rand);
    const uLogistic = Float32Array.from({ length: n * 3 }, rand);
    for (const temperature of [0.3, 1, 2.5]) {
      const ref = referenceSampleWithNoise(params, uMix, uLogistic, shape, temperature);
      for (const kernel of kernels) {
        const { x } = kernel.sampleWithNoise(params, uMix, uLogistic, shape, { temperature });
        for (let i = 0; i < n * 3; i++) assert.ok(Math.abs(x[i] - ref.x[i]) < 1e-5, `${kernel.impl} T=${temperature} value ${i}: ${x[i]} vs ${ref.x[i]}`);
      }
    }
  });
});

describe('sampling with the counter-based generator', () => {
  const rand = mulberry32(11);
  const perImage = 64;
  const images = 5;
  const n = perImage * images;
  const shape = { pixels: n, channels: 3 as const, nrMix: 10 };
  const params = realisticParams(rand, n, 3, 10);

  it('matches the reference fed with the TypeScript Philox stream', () => {
    const reference = createReferenceKernel();
    const keys = sequentialKeys(0x1234_5678_9abc, n, perImage);
    const ref = reference.sample(params, keys, shape);
    for (const kernel of kernels) {
      const { x, u8 } = kernel.sample(params, keys, shape);
      for (let i = 0; i < n * 3; i++) {
        assert.ok(Math.abs(x[i] - ref.x[i]) < 1e-5, `${kernel.impl} value ${i}: ${x[i]} vs ${ref.x[i]}`);
        if (boundaryDistance(ref.x[i]) > 1e-3) assert.equal(u8[i], ref.u8[i]);
      }
    }
  });

  it('is deterministic, and the same in both builds', () => {
    const keys = sequentialKeys(42, n, perImage);
    const a = builds.simd.sample(params, keys, shape);
    const b = builds.simd.sample(params, keys, shape);
    const c = builds.scalar.sample(params, keys, shape);
    assert.deepEqual(b.u8, a.u8);
    assert.deepEqual(b.x, a.x);
    assert.deepEqual(c.u8, a.u8);
    assert.deepEqual(c.x, a.x);
    const other = builds.simd.sample(params, { ...keys, seed: 43 }, shape);
    assert.notDeepEqual(other.u8, a.u8);
  });

  it('gives an image the same values whatever batch it is drawn in', () => {
    const seed = 2 ** 53 - 1; // both key words in use
    const keys = sequentialKeys(seed, n, perImage);
    const batch = builds.simd.sample(params, keys, shape);
    const P = paramsPerPixel(3, 10);
    for (const image of [0, 3]) {
      const alone = builds.simd.sample(
        params.subarray(image * perImage * P, (image + 1) * perImage * P),
        { seed, imageIndex: new Uint32Array(perImage).fill(image), pixelIndex: keys.pixelIndex.subarray(0, perImage) },
        { ...shape, pixels: perImage },
      );
      assert.deepEqual(alone.u8, batch.u8.subarray(image * perImage * 3, (image + 1) * perImage * 3));
    }
    // Reordered batch: each pixel keeps its values.
    const order = Array.from({ length: n }, (_, i) => (i * 37) % n);
    const shuffled = new Float32Array(n * P);
    order.forEach((from, to) => shuffled.set(params.subarray(from * P, (from + 1) * P), to * P));
    const reordered = builds.scalar.sample(
      shuffled,
      { seed, imageIndex: order.map((i) => keys.imageIndex[i]), pixelIndex: order.map((i) => keys.pixelIndex[i]) },
      shape,
    );
    order.forEach((from, to) => assert.deepEqual(reordered.u8.subarray(to * 3, to * 3 + 3), batch.u8.subarray(from * 3, from * 3 + 3)));
  });

  it('writes into caller-supplied outputs', () => {
    const keys = sequentialKeys(7, n, perImage);
    const outX = new Float32Array(n * 3);
    const outU8 = new Uint8Array(n * 3);
    const r = builds.simd.sample(params, keys, shape, { outX, outU8 });
    assert.equal(r.x, outX);
    assert.equal(r.u8, outU8);
    assert.deepEqual(outU8, builds.simd.sample(params, keys, shape).u8);
  });
});

describe('pixelSampler (the autoregressive loop\'s draw)', () => {
  const rand = mulberry32(12);
  const images = 3;
  const pixels = 40;
  const nrMix = 4;
  const P = paramsPerPixel(3, nrMix);
  // Per pixel p, the parameters of every image: [pixels][images * P].
  const params = Array.from({ length: pixels }, () => realisticParams(rand, images, 3, nrMix));
  const imageIndex = [5, 9, 2 ** 32 - 1];
  const seed = 2 ** 40 + 3;
  const shape = { pixels: images, channels: 3 as const, nrMix };
  const bySample = (kernel: MixtureKernel, temperature: number) =>
    params.map((pp, p) => kernel.sample(pp, { seed, imageIndex, pixelIndex: [p, p, p] }, shape, { temperature }).u8);

  it('draws what sample draws for the same keys, on every kernel, also when other calls move the workspace between draws', () => {
    for (const kernel of [...kernels, createReferenceKernel()]) {
      for (const temperature of [1, 0.7]) {
        const draw = kernel.pixelSampler(shape, { seed, imageIndex }, { temperature });
        const expected = bySample(kernel, temperature);
        params.forEach((pp, p) => {
          // A larger call between two draws grows (and may move) the kernel's workspace and overwrites it.
          if (p === 17) kernel.sample(realisticParams(rand, 20000, 3, nrMix), sequentialKeys(1, 20000, 100), { pixels: 20000, channels: 3, nrMix });
          const out = new Uint8Array(images * 3);
          draw(pp, p, out);
          assert.deepEqual(out, expected[p], `${kernel.impl}, T=${temperature}, pixel ${p}`);
        });
      }
    }
  });

  it('checks its keys once and every draw\'s arguments, naming what is wrong', () => {
    for (const kernel of [builds.simd, createReferenceKernel()]) {
      assert.throws(() => kernel.pixelSampler(shape, { seed: -1, imageIndex }), /keys\.seed/);
      assert.throws(() => kernel.pixelSampler(shape, { seed, imageIndex: [1, 2] }), /keys\.imageIndex: expected 3 values/);
      assert.throws(() => kernel.pixelSampler(shape, { seed, imageIndex: [1, -2, 3] }), /keys\.imageIndex\[1\]/);
      assert.throws(() => kernel.pixelSampler(shape, { seed, imageIndex }, { temperature: 0 }), /temperature/);
      const draw = kernel.pixelSampler(shape, { seed, imageIndex });
      const out = new Uint8Array(images * 3);
      assert.throws(() => draw(params[0]!.subarray(1), 0, out), /params: expected 120 values/);
      assert.throws(() => draw(params[0]!, 0, new Uint8Array(2)), /out: expected length 9/);
      assert.throws(() => draw(params[0]!, -1, out), /pixel: expected an integer/);
      const bad = params[0]!.slice();
      bad[P + 2] = Number.NaN;
      assert.throws(() => draw(bad, 0, out), (e: Error & { code?: string }) => e.code === 'E_INPUT' && /params\[\d+\] \(pixel 1,/.test(e.message));
    }
  });
});

describe('sampled distribution (chi-square, 1e5 draws, p > 1e-4)', () => {
  const DRAWS = 100_000;

  function draw(kernel: MixtureKernel, one: number[], channels: 1 | 3, nrMix: number, temperature = 1): Uint8Array {
    const params = tile(one, DRAWS);
    return kernel.sample(params, sequentialKeys(20240501, DRAWS, 1000), { pixels: DRAWS, channels, nrMix }, { temperature }).u8;
  }

  const softmax = (logits: number[]) => {
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };

  for (const temperature of [1, 0.6]) {
    it(`1 channel, 256 levels, T=${temperature}`, () => {
      const logits = [0.5, -0.3, 1.0];
      const means = [-0.6, 0.1, 0.95];
      const logScales = [-3, -2.5, -4];
      const pi = softmax(logits.map((l) => l / temperature));
      const expected = Array.from({ length: 256 }, (_, v) =>
        pi.reduce((s, p, k) => s + p * binMass(v, means[k], logScales[k] + Math.log(temperature)), 0),
      );
      assert.ok(Math.abs(expected.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      for (const kernel of kernels) {
        const u8 = draw(kernel, [...logits, ...means, ...logScales], 1, 3, temperature);
        const counts = new Float64Array(256);
        u8.forEach((v) => counts[v]++);
        const { p, df } = chiSquare(counts, expected, DRAWS);
        assert.ok(p > 1e-4, `${kernel.impl}: chi-square p = ${p} (df ${df})`);
      }
    });
  }

  it('3 channels with coupling: R at 256 levels, and the joint of (R, G, B) in 8 x 8 x 8 groups', () => {
    const M = 3;
    const logits = [0.2, -0.5, 0.4];
    const mean = [
      [-0.5, 0.3, 0.8],
      [0.1, -0.4, 0.5],
      [0.0, 0.5, -0.6],
    ];
    const logScale = [
      [-2.5, -2, -3],
      [-2.5, -3, -2],
      [-2.8, -2.2, -2.5],
    ];
    const coef = [
      [0.8, -1.2, 0.3], // x_R in G's mean
      [-0.5, 0.7, 0.2], // x_R in B's mean
      [0.6, -0.3, 1.5], // x_G in B's mean
    ];
    const one = [...logits];
    for (let c = 0; c < 3; c++) one.push(...mean[c], ...logScale[c], ...coef[c]);
    const pi = softmax(logits);
    const t = coef.map((row) => row.map(Math.tanh));

    // R alone has no coupling: exact bin masses.
    const expectedR = Array.from({ length: 256 }, (_, v) => pi.reduce((s, p, k) => s + p * binMass(v, mean[0][k], logScale[0][k]), 0));

    // The joint of 32-level groups, integrating over the continuous R and G that the coupling
    // uses: each group's interval split in 8, 8-point Gauss-Legendre on each, plus the point
    // masses of the clamp at -1 and 1. B's group probabilities are logistic CDF differences.
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const bounds = [-Infinity, ...Array.from({ length: 7 }, (_, g) => (32 * (g + 1) - 0.5) / 127.5 - 1), Infinity];
    const GL_X = [-0.9602898564975363, -0.7966664774136267, -0.525532409916329, -0.1834346424956498, 0.1834346424956498, 0.525532409916329, 0.7966664774136267, 0.9602898564975363];
    const GL_W = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783378362, 0.362683783378362, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];
    const nodes = (mu: number, s: number): [number, number, number][] => {
      const scale = Math.exp(s);
      const cdf = (x: number) => sigmoid((x - mu) / scale);
      const out: [number, number, number][] = [
        [-1, cdf(-1), 0],
        [1, 1 - cdf(1), 7],
      ];
      for (let g = 0; g < 8; g++) {
        const lo = Math.max(bounds[g], -1);
        const hi = Math.min(bounds[g + 1], 1);
        const h = (hi - lo) / 8;
        for (let j = 0; j < 8; j++) {
          for (let q = 0; q < 8; q++) {
            const x = lo + h * (j + 0.5 + GL_X[q] / 2);
            const sz = sigmoid((x - mu) / scale);
            out.push([x, (GL_W[q] * h) / 2 * (sz * (1 - sz)) / scale, g]);
          }
        }
      }
      return out;
    };
    const expectedJoint = new Float64Array(512);
    for (let k = 0; k < M; k++) {
      for (const [xr, wr, gr] of nodes(mean[0][k], logScale[0][k])) {
        for (const [xg, wg, gg] of nodes(mean[1][k] + t[0][k] * xr, logScale[1][k])) {
          const mb = mean[2][k] + t[1][k] * xr + t[2][k] * xg;
          const sb = Math.exp(logScale[2][k]);
          let previous = 0;
          for (let gb = 0; gb < 8; gb++) {
            const cdf = gb === 7 ? 1 : sigmoid((bounds[gb + 1] - mb) / sb);
            expectedJoint[gr * 64 + gg * 8 + gb] += pi[k] * wr * wg * (cdf - previous);
            previous = cdf;
          }
        }
      }
    }
    assert.ok(Math.abs(expectedJoint.reduce((a, b) => a + b, 0) - 1) < 1e-9);

    for (const kernel of kernels) {
      const u8 = draw(kernel, one, 3, M);
      const countsR = new Float64Array(256);
      const countsJoint = new Float64Array(512);
      for (let i = 0; i < DRAWS; i++) {
        const [r, g, b] = [u8[3 * i], u8[3 * i + 1], u8[3 * i + 2]];
        countsR[r]++;
        countsJoint[(r >> 5) * 64 + (g >> 5) * 8 + (b >> 5)]++;
      }
      const r = chiSquare(countsR, expectedR, DRAWS);
      assert.ok(r.p > 1e-4, `${kernel.impl}: R chi-square p = ${r.p} (df ${r.df})`);
      const joint = chiSquare(countsJoint, expectedJoint, DRAWS);
      assert.ok(joint.p > 1e-4, `${kernel.impl}: joint chi-square p = ${joint.p} (df ${joint.df})`);
    }
  });
});
