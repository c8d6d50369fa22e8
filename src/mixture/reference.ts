/**
 * A plain float64 TypeScript implementation of the mixture, written as directly as possible from
 * the original `discretized_mix_logistic_loss` (openai/pixel-cnn) and its sampler. It is the
 * yardstick for the WebAssembly kernels in tests, the "plain TypeScript" line of the benchmark,
 * and a fallback kernel (`impl: 'js'`) where WebAssembly is unavailable.
 */
import { PixelCNNPPError } from '../errors.js';
import {
  checkKeys,
  checkOutput,
  checkParams,
  checkPixels,
  checkShape,
  checkTemperature,
  checkUniforms,
  checkImageShape,
  pixelSamplerOf,
  describeParam,
  paramsPerPixel,
  sumImages,
  type FloatArray,
  type ImageLogProbOutput,
  type ImageMixtureShape,
  type LogProbOutput,
  type MixtureKernel,
  type MixtureShape,
  type SampleKeys,
  type MixtureSampleOptions,
  type SampleOutput,
} from './kernel.js';
import { pixelUniforms } from './philox.js';

const LOG_127_5 = Math.log(127.5);

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * log P(bin of value v) for one logistic component, with the reference's branches: the tails for
 * 0 and 255, the log of the CDF difference when it exceeds 1e-5, else the density at the bin
 * centre times the bin width.
 */
export function binLogProb(v: number, mean: number, logScale: number): number {
  const x = (v - 127.5) / 127.5;
  const s = Math.max(logScale, -7);
  const centred = x - mean;
  const inv = Math.exp(-s);
  const plus = inv * (centred + 1 / 255);
  const minus = inv * (centred - 1 / 255);
  if (v === 0) return plus - softplus(plus);
  if (v === 255) return -softplus(minus);
  const delta = sigmoid(plus) - sigmoid(minus);
  if (delta > 1e-5) return Math.log(delta);
  const mid = inv * centred;
  return mid - s - 2 * softplus(mid) - LOG_127_5;
}

/**
 * The bin's probability mass under one logistic component, computed without cancellation (the
 * tails for 0 and 255). Unlike `exp(binLogProb)` it never takes the density branch, so the masses
 * of the 256 values sum to 1.
 */
export function binMass(v: number, mean: number, logScale: number): number {
  const x = (v - 127.5) / 127.5;
  const inv = Math.exp(-Math.max(logScale, -7));
  const plus = inv * (x - mean + 1 / 255);
  const minus = inv * (x - mean - 1 / 255);
  if (v === 0) return sigmoid(plus);
  if (v === 255) return sigmoid(-minus);
  // sigmoid(a) - sigmoid(b) = sigmoid(-b) - sigmoid(-a): subtract whichever pair is below 1/2.
  return minus > 0 ? sigmoid(-minus) - sigmoid(-plus) : sigmoid(plus) - sigmoid(minus);
}

function logSumExp(values: ArrayLike<number>, start: number, count: number): number {
  let max = -Infinity;
  for (let k = start; k < start + count; k++) max = Math.max(max, values[k]);
  let sum = 0;
  for (let k = start; k < start + count; k++) sum += Math.exp(values[k] - max);
  return max + Math.log(sum);
}

/** Mean of channel `c`, component `k`, coupled to the (observed or drawn) earlier channels. */
function coupledMean(params: ArrayLike<number>, o: number, M: number, c: number, k: number, xs: ArrayLike<number>): number {
  const mean = params[o + M + 3 * M * c + k];
  const coef = o + 3 * M + k; // colour j's coefficient for component k is at coef + 3 M j
  if (c === 0) return mean;
  if (c === 1) return mean + Math.tanh(params[coef]) * xs[0];
  return mean + Math.tanh(params[coef + 3 * M]) * xs[0] + Math.tanh(params[coef + 6 * M]) * xs[1];
}

export interface ReferenceLogProb {
  perPixel: Float64Array;
  perSubpixel: Float64Array;
}

/** Log-likelihood in float64: per pixel, and per sub-pixel as log p(x_c | x_<c). */
export function referenceLogProb(params: ArrayLike<number>, pixels: ArrayLike<number>, shape: MixtureShape): ReferenceLogProb {
  const { pixels: n, channels: C, nrMix: M } = shape;
  const P = paramsPerPixel(C, M);
  const perPixel = new Float64Array(n);
  const perSubpixel = new Float64Array(n * C);
  const acc = new Float64Array(M);
  const xs = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const o = i * P;
    const norm = logSumExp(params, o, M);
    for (let k = 0; k < M; k++) acc[k] = params[o + k] - norm;
    let previous = 0;
    for (let c = 0; c < C; c++) {
      const v = pixels[i * C + c];
      xs[c] = (v - 127.5) / 127.5;
      for (let k = 0; k < M; k++) {
        const mean = C === 3 ? coupledMean(params, o, M, c, k, xs) : params[o + M + k];
        const logScale = C === 3 ? params[o + M + 3 * M * c + M + k] : params[o + 2 * M + k];
        acc[k] += binLogProb(v, mean, logScale);
      }
      const total = logSumExp(acc, 0, M);
      perSubpixel[i * C + c] = total - previous;
      previous = total;
    }
    perPixel[i] = previous;
  }
  return { perPixel, perSubpixel };
}

export interface ReferenceSample {
  /** Clamped continuous values, `n * channels`. */
  x: Float64Array;
  u8: Uint8Array;
  /** The chosen mixture component per pixel. */
  component: Int32Array;
}

/** Sampling in float64 with explicit uniforms; see `MixtureKernel.sampleWithNoise`. */
export function referenceSampleWithNoise(
  params: ArrayLike<number>,
  uMix: ArrayLike<number>,
  uLogistic: ArrayLike<number>,
  shape: MixtureShape,
  temperature = 1,
): ReferenceSample {
  const { pixels: n, channels: C, nrMix: M } = shape;
  const P = paramsPerPixel(C, M);
  const x = new Float64Array(n * C);
  const u8 = new Uint8Array(n * C);
  const component = new Int32Array(n);
  const xs = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    const o = i * P;
    let best = -Infinity;
    let k = 0;
    for (let j = 0; j < M; j++) {
      const score = params[o + j] / temperature - Math.log(-Math.log(uMix[i * M + j]));
      if (score > best) {
        best = score;
        k = j;
      }
    }
    component[i] = k;
    for (let c = 0; c < C; c++) {
      const mean = C === 3 ? coupledMean(params, o, M, c, k, xs) : params[o + M + k];
      const logScale = C === 3 ? params[o + M + 3 * M * c + M + k] : params[o + 2 * M + k];
      const u = uLogistic[i * C + c];
      const z = mean + Math.exp(Math.max(logScale, -7)) * temperature * (Math.log(u) - Math.log(1 - u));
      xs[c] = Math.min(Math.max(z, -1), 1);
      x[i * C + c] = xs[c];
      u8[i * C + c] = Math.min(255, Math.floor((xs[c] + 1) * 127.5 + 0.5));
    }
  }
  return { x, u8, component };
}

/** The reference as a {@link MixtureKernel} (`impl: 'js'`). */
export function createReferenceKernel(): MixtureKernel {
  let disposed = false;
  const checkAlive = () => {
    if (disposed) throw new PixelCNNPPError('E_DISPOSED', 'the mixture kernel was disposed; load a new one with loadMixtureKernel().');
  };
  const checkFinite = (params: Float32Array, P: number, channels: 1 | 3, nrMix: number) => {
    for (let i = 0; i < params.length; i++) {
      if (!Number.isFinite(params[i])) {
        throw new PixelCNNPPError(
          'E_INPUT',
          `params[${i}] (pixel ${Math.floor(i / P)}, ${describeParam(i % P, channels, nrMix)}) is ${params[i]}; the mixture parameters must be finite.`,
        );
      }
    }
  };
  const finishSample = (r: ReferenceSample, options: MixtureSampleOptions | undefined): SampleOutput => {
    const x = options?.outX ?? new Float32Array(r.x.length);
    const u8 = options?.outU8 ?? new Uint8Array(r.u8.length);
    x.set(r.x);
    u8.set(r.u8);
    return { x, u8 };
  };
  const kernel: MixtureKernel = {
    impl: 'js',
    logProb<PP extends FloatArray = Float64Array, PS extends FloatArray = Float64Array>(
      params: Float32Array,
      pixels: Uint8Array,
      shape: MixtureShape,
      out?: { perPixel?: PP; perSubpixel?: PS },
    ): LogProbOutput<PP, PS> {
      checkAlive();
      const s = checkShape(shape);
      checkParams(params, s);
      checkPixels(pixels, s);
      checkOutput('out.perPixel', out?.perPixel, s.n, 'float');
      checkOutput('out.perSubpixel', out?.perSubpixel, s.n * s.channels, 'float');
      checkFinite(params, s.P, s.channels, s.nrMix);
      const r = referenceLogProb(params, pixels, shape);
      const perPixel = (out?.perPixel ?? new Float64Array(s.n)) as PP;
      const perSubpixel = (out?.perSubpixel ?? new Float64Array(s.n * s.channels)) as PS;
      perPixel.set(r.perPixel);
      perSubpixel.set(r.perSubpixel);
      return { perPixel, perSubpixel };
    },
    imageLogProb(params: Float32Array, pixels: Uint8Array, shape: ImageMixtureShape): ImageLogProbOutput {
      const s = checkImageShape(shape);
      const { perPixel } = this.logProb(params, pixels, { pixels: s.n, channels: s.channels, nrMix: s.nrMix });
      return sumImages(perPixel, s.images, s.pixelsPerImage, s.channels);
    },
    sampleWithNoise(params, uMix, uLogistic, shape, options) {
      checkAlive();
      const s = checkShape(shape);
      checkParams(params, s);
      const t = checkTemperature(options?.temperature);
      checkUniforms('uMix', uMix, s.n * s.nrMix);
      checkUniforms('uLogistic', uLogistic, s.n * s.channels);
      checkOutput('options.outX', options?.outX, s.n * s.channels, 'f32');
      checkOutput('options.outU8', options?.outU8, s.n * s.channels, 'u8');
      checkFinite(params, s.P, s.channels, s.nrMix);
      return finishSample(referenceSampleWithNoise(params, uMix, uLogistic, shape, t), options);
    },
    sample(params: Float32Array, keys: SampleKeys, shape: MixtureShape, options?: MixtureSampleOptions): SampleOutput {
      checkAlive();
      const s = checkShape(shape);
      checkParams(params, s);
      const t = checkTemperature(options?.temperature);
      checkKeys(keys, s.n);
      checkOutput('options.outX', options?.outX, s.n * s.channels, 'f32');
      checkOutput('options.outU8', options?.outU8, s.n * s.channels, 'u8');
      checkFinite(params, s.P, s.channels, s.nrMix);
      const uMix = new Float64Array(s.n * s.nrMix);
      const uLogistic = new Float64Array(s.n * s.channels);
      for (let i = 0; i < s.n; i++) {
        const u = pixelUniforms(keys.seed, keys.imageIndex[i], keys.pixelIndex[i], s.channels, s.nrMix);
        uMix.set(u.uMix, i * s.nrMix);
        uLogistic.set(u.uLogistic, i * s.channels);
      }
      return finishSample(referenceSampleWithNoise(params, uMix, uLogistic, shape, t), options);
    },
    pixelSampler(shape, keys, options) {
      checkAlive();
      return pixelSamplerOf(kernel, shape, keys, options);
    },
    dispose() {
      disposed = true;
    },
  };
  return kernel;
}
