// Mixture log-likelihood throughput: the SIMD and scalar WebAssembly modules, the plain float64
// TypeScript reference, and the same math as tfjs-core ops on tfjs's own wasm backend, measured
// side by side in one run on 8 images of 32x32x3 with nr_mix = 10.
// `node --import tsx bench/mixture.ts`, or `npm run bench -- mixture`.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { paramsPerPixel } from '../src/mixture/kernel.js';
import { loadMixtureKernel } from '../src/mixture/load.js';
import { referenceLogProb, referenceSampleWithNoise } from '../src/mixture/reference.js';
import { discretizedMixLogisticLogProb } from '../src/mixture/tf-ops.js';
import { mulberry32 } from '../src/util/mulberry32.js';

const IMAGES = 8;
const H = 32;
const W = 32;
const C = 3;
const NR_MIX = 10;

const uniforms = mulberry32;

/**
 * Parameters shaped like a trained model's output: a few dominant logits, means in [-1, 1], scales
 * of a few intensity levels (log-scales -5..-2), moderate coupling; pixels drawn from the mixture
 * so they sit where the mass is, as for real images.
 */
function realisticBatch(): { params: Float32Array; pixels: Uint8Array } {
  const rand = uniforms(1234);
  const normal = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  const n = IMAGES * H * W;
  const P = paramsPerPixel(C, NR_MIX);
  const params = new Float32Array(n * P);
  for (let i = 0; i < n; i++) {
    const o = i * P;
    for (let k = 0; k < NR_MIX; k++) params[o + k] = 2 * normal();
    for (let c = 0; c < C; c++) {
      const base = o + NR_MIX + 3 * NR_MIX * c;
      for (let k = 0; k < NR_MIX; k++) {
        params[base + k] = 2 * rand() - 1;
        params[base + NR_MIX + k] = -5 + 3 * rand();
        params[base + 2 * NR_MIX + k] = 0.5 * normal();
      }
    }
  }
  const uMix = Array.from({ length: n * NR_MIX }, rand);
  const uLogistic = Array.from({ length: n * C }, rand);
  const { u8 } = referenceSampleWithNoise(params, uMix, uLogistic, { pixels: n, channels: C, nrMix: NR_MIX });
  return { params, pixels: u8 };
}

/** Median time per run of `fn` (ms) over runs filling about `budgetMs`. */
async function time(fn: () => unknown | Promise<unknown>, budgetMs = 1500): Promise<number> {
  await fn(); // warm-up (compilation, tfjs kernel setup)
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < 5 || (performance.now() - start < budgetMs && samples.length < 200)) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export async function benchMixture(): Promise<void> {
  const { params, pixels } = realisticBatch();
  const n = IMAGES * H * W;
  const shape = { pixels: n, channels: C, nrMix: NR_MIX } as const;
  const simd = await loadMixtureKernel({ simd: true });
  const scalar = await loadMixtureKernel({ simd: false });

  await tf.setBackend('wasm');
  await tf.ready();
  const xT = tf.tensor4d(Float32Array.from(pixels, (v) => (v - 127.5) / 127.5), [IMAGES, H, W, C]);
  const pT = tf.tensor4d(params, [IMAGES, H, W, paramsPerPixel(C, NR_MIX)]);

  // The four agree before they are timed.
  const ref = referenceLogProb(params, pixels, shape).perPixel;
  const tfOut = discretizedMixLogisticLogProb(xT, pT, NR_MIX);
  const tfValues = (await tfOut.data()) as Float32Array;
  tfOut.dispose();
  let worst = { simd: 0, scalar: 0, tf: 0 };
  const s1 = simd.logProb(params, pixels, shape).perPixel;
  const s2 = scalar.logProb(params, pixels, shape).perPixel;
  for (let i = 0; i < n; i++) {
    worst = {
      simd: Math.max(worst.simd, Math.abs(s1[i] - ref[i])),
      scalar: Math.max(worst.scalar, Math.abs(s2[i] - ref[i])),
      tf: Math.max(worst.tf, Math.abs(tfValues[i] - ref[i])),
    };
  }

  const perPixel = new Float64Array(n);
  const perSubpixel = new Float64Array(n * C);
  const rows: [string, number, number][] = [];
  const add = async (name: string, fn: () => unknown | Promise<unknown>, err: number) => rows.push([name, await time(fn), err]);
  await add('wasm SIMD', () => simd.logProb(params, pixels, shape, { perPixel, perSubpixel }), worst.simd);
  await add('wasm scalar', () => scalar.logProb(params, pixels, shape, { perPixel, perSubpixel }), worst.scalar);
  await add('TypeScript float64 reference', () => referenceLogProb(params, pixels, shape), 0);
  await add(
    `tfjs-core ops, ${tf.getBackend()} backend`,
    async () => {
      const out = discretizedMixLogisticLogProb(xT, pT, NR_MIX);
      await out.data();
      out.dispose();
    },
    worst.tf,
  );
  xT.dispose();
  pT.dispose();
  simd.dispose();
  scalar.dispose();

  const simdMs = rows[0][1];
  console.log(`mixture log-likelihood, ${IMAGES} images of ${H}x${W}x${C}, nr_mix = ${NR_MIX} (${n} pixels), median of repeated runs`);
  console.log('| implementation | ms / batch | images / s | Mpixels / s | SIMD speed-up | max abs err vs float64 (nats/pixel) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, ms, err] of rows) {
    console.log(
      `| ${name} | ${ms.toFixed(2)} | ${((IMAGES * 1000) / ms).toFixed(0)} | ${(n / 1000 / ms).toFixed(2)} | ${(ms / simdMs).toFixed(1)}x | ${err.toExponential(1)} |`,
    );
  }
}

const invokedDirectly = typeof process !== 'undefined' && process.argv[1] !== undefined && /bench[\\/]mixture\.ts$/.test(process.argv[1]);
if (invokedDirectly) await benchMixture();
