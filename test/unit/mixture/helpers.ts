// Shared by the mixture tests: seeded random parameters (extreme and realistic), pixels, the
// two builds of the module, and the tolerance the kernels promise against the float64 reference.
import { paramsPerPixel } from '../../../src/mixture/kernel.js';
import type { MixtureKernel, MixtureShape } from '../../../src/mixture/kernel.js';
import { after, before } from 'node:test';
import { loadMixtureKernel } from '../../../src/mixture/load.js';

export const normalFrom = (rand: () => number) => () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());

const pick = <T>(rand: () => number, values: readonly T[]): T => values[Math.floor(rand() * values.length)];

/**
 * Parameters across the whole range the kernels must handle: logits up to +-50, means up to +-10
 * (and near the pixel), log-scales below, at and near the -7 clamp, moderate, and above 5,
 * coupling coefficients well into tanh's saturation.
 */
export function extremeParams(rand: () => number, n: number, channels: 1 | 3, nrMix: number): Float32Array {
  const normal = normalFrom(rand);
  const P = paramsPerPixel(channels, nrMix);
  const params = new Float32Array(n * P);
  const logScale = () =>
    pick(rand, [
      () => -7 - 5 * rand(),
      () => -7,
      () => -7 + rand(),
      () => -6 + 6 * rand(),
      () => -4 + 2 * rand(),
      () => 5 * rand(),
      () => 5 + 3 * rand(),
    ])();
  const mean = () => pick(rand, [() => 20 * rand() - 10, () => 2.4 * rand() - 1.2, () => 2 * rand() - 1, () => 0.1 * normal()])();
  for (let i = 0; i < n; i++) {
    const o = i * P;
    const logitScale = pick(rand, [1, 5, 50]);
    for (let k = 0; k < nrMix; k++) params[o + k] = Math.max(-50, Math.min(50, logitScale * normal()));
    for (let c = 0; c < channels; c++) {
      const base = channels === 3 ? o + nrMix + 3 * nrMix * c : o + nrMix;
      for (let k = 0; k < nrMix; k++) {
        params[base + k] = mean();
        params[base + nrMix + k] = logScale();
        if (channels === 3) params[base + 2 * nrMix + k] = pick(rand, [0.3, 1, 4])! * normal();
      }
    }
  }
  return params;
}

/** Pixels with many 0s and 255s; the rest uniform. */
export function extremePixels(rand: () => number, n: number, channels: number): Uint8Array {
  const pixels = new Uint8Array(n * channels);
  for (let i = 0; i < pixels.length; i++) {
    const r = rand();
    pixels[i] = r < 0.15 ? 0 : r < 0.3 ? 255 : r < 0.4 ? pick(rand, [1, 2, 253, 254, 127, 128]) : Math.floor(256 * rand());
  }
  return pixels;
}

/** A trained-model-like mixture: log-scales -5..-2, means in [-1, 1], moderate coupling. */
export function realisticParams(rand: () => number, n: number, channels: 1 | 3, nrMix: number): Float32Array {
  const normal = normalFrom(rand);
  const P = paramsPerPixel(channels, nrMix);
  const params = new Float32Array(n * P);
  for (let i = 0; i < n; i++) {
    const o = i * P;
    for (let k = 0; k < nrMix; k++) params[o + k] = 2 * normal();
    for (let c = 0; c < channels; c++) {
      const base = channels === 3 ? o + nrMix + 3 * nrMix * c : o + nrMix;
      for (let k = 0; k < nrMix; k++) {
        params[base + k] = 2 * rand() - 1;
        params[base + nrMix + k] = -5 + 3 * rand();
        if (channels === 3) params[base + 2 * nrMix + k] = 0.5 * normal();
      }
    }
  }
  return params;
}

/** The accuracy promised against the float64 reference: 1e-5 absolute or 1e-6 relative. */
export function withinTolerance(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= Math.max(1e-5, 1e-6 * Math.abs(expected));
}

/**
 * The reference picks the density branch when sigmoid(plus) - sigmoid(minus) <= 1e-5, evaluated
 * in float64; right at that threshold the two branches differ, so a float32 kernel can only be
 * compared where the decision is clear. Returns, over the interior sub-pixels and components of
 * pixel i, the smallest |log(delta / 1e-5)|.
 */
export function branchMargin(params: ArrayLike<number>, pixels: ArrayLike<number>, i: number, shape: MixtureShape): number {
  const { channels: C, nrMix: M } = shape;
  const P = paramsPerPixel(C, M);
  const o = i * P;
  const xs: number[] = [];
  let margin = Infinity;
  for (let c = 0; c < C; c++) {
    const v = pixels[i * C + c];
    const x = (v - 127.5) / 127.5;
    xs.push(x);
    if (v === 0 || v === 255) continue;
    const base = C === 3 ? o + M + 3 * M * c : o + M;
    for (let k = 0; k < M; k++) {
      let mean = params[base + k];
      const coef = (j: number) => Math.tanh(params[o + 3 * M + 3 * M * j + k]);
      if (C === 3 && c === 1) mean += coef(0) * xs[0];
      if (C === 3 && c === 2) mean += coef(1) * xs[0] + coef(2) * xs[1];
      const inv = Math.exp(-Math.max(params[base + M + k], -7));
      const sig = (t: number) => 1 / (1 + Math.exp(-t));
      const delta = sig(inv * (x - mean + 1 / 255)) - sig(inv * (x - mean - 1 / 255));
      margin = Math.min(margin, Math.abs(Math.log(delta / 1e-5)));
    }
  }
  return margin;
}

export interface Builds {
  simd: MixtureKernel;
  scalar: MixtureKernel;
}

export async function loadBuilds(): Promise<Builds> {
  return { simd: await loadMixtureKernel({ simd: true }), scalar: await loadMixtureKernel({ simd: false }) };
}

/** Both builds, loaded before the file's tests and disposed after them. */
export function useBuilds(): Builds {
  const builds = {} as Builds;
  before(async () => {
    Object.assign(builds, await loadBuilds());
  });
  after(() => {
    builds.simd.dispose();
    builds.scalar.dispose();
  });
  return builds;
}
