/**
 * The discretized logistic mixture of PixelCNN++ (Salimans et al. 2017): the likelihood of 8-bit
 * pixels under the network's per-pixel mixture parameters, and sampling from it.
 *
 * Parameter layout per pixel (`M = nrMix`, the network output's last axis, NHWC):
 * - 3 channels, `P = 10 M`: `[0, M)` logits; for colour `c` with `base = M + 3 M c`: means
 *   `[base, base + M)`, log-scales `[base + M, base + 2M)`, raw coupling coefficients
 *   `[base + 2M, base + 3M)` (through `tanh`; colour `j`'s block is coupling term `j`:
 *   `mean_G = mu_G + tanh(coef_0) x_R`, `mean_B = mu_B + tanh(coef_1) x_R + tanh(coef_2) x_G`).
 * - 1 channel, `P = 3 M`: logits, means, log-scales.
 *
 * Pixels `v` map to `x = (v - 127.5) / 127.5`; each value owns a bin of width 2/255, with 0 and
 * 255 taking the tails. Log-scales are clamped below at -7.
 *
 * **Temperature** `T > 0` (sampling): logits are divided by `T` and logistic scales multiplied by
 * `T`; `T = 1` samples the model's distribution, smaller values sharpen it.
 */

export type MixtureImpl = 'wasm-simd' | 'wasm' | 'js';

export type FloatArray = Float32Array | Float64Array;

/** A batch of pixels, each with its own mixture parameters. */
export interface MixtureShape {
  /** Number of pixels `n`. */
  pixels: number;
  channels: 1 | 3;
  nrMix: number;
}

/** `n` pixels grouped into images of `pixelsPerImage` (`H * W`) pixels each. */
export interface ImageMixtureShape {
  images: number;
  pixelsPerImage: number;
  channels: 1 | 3;
  nrMix: number;
}

export interface LogProbOutput<PP extends FloatArray = Float64Array, PS extends FloatArray = Float64Array> {
  /** `n` values: log p(pixel) in nats. */
  perPixel: PP;
  /**
   * `n * channels` values: log p(x_c | x_<c) in nats, the conditional of the mixture
   * (`LSE_k(log pi_k + sum_{c' <= c} l_c',k) - LSE_k(log pi_k + sum_{c' < c} l_c',k)`); a
   * pixel's values sum to its `perPixel` value.
   */
  perSubpixel: PS;
}

export interface ImageLogProbOutput {
  /** Per image: the sum of its pixels' log p in nats (float64 accumulation). */
  nats: Float64Array;
  /** Per image: `-nats / (H * W * C * ln 2)`. */
  bitsPerDim: Float64Array;
}

export interface MixtureSampleOptions {
  /** @defaultValue 1 */
  temperature?: number;
  /** Receives the clamped continuous values in [-1, 1], `n * channels`. */
  outX?: Float32Array;
  /** Receives `round((x + 1) * 127.5)`, `n * channels`. */
  outU8?: Uint8Array;
}

export interface SampleOutput {
  x: Float32Array;
  u8: Uint8Array;
}

/**
 * Counter-based randomness: pixel `i` of the batch draws from the Philox4x32-10 stream of
 * `(seed, imageIndex[i], pixelIndex[i])`, so an image's values never depend on the batch it is
 * drawn in or its position there.
 */
export interface SampleKeys {
  /** Integer in [0, 2^53 - 1]. */
  seed: number;
  /** Per pixel: the image it belongs to, integers in [0, 2^32). */
  imageIndex: ArrayLike<number>;
  /** Per pixel: its raster index in the image, integers in [0, 2^32). */
  pixelIndex: ArrayLike<number>;
}

/** The keys of a {@link MixtureKernel.pixelSampler}: `sample`'s, less the pixel, which each draw gives. */
export type PixelSamplerKeys = Omit<SampleKeys, 'pixelIndex'>;

/** Draws pixel `pixel` of every image from its parameters into `out` (see {@link MixtureKernel.pixelSampler}). */
export type PixelSampler = (params: Float32Array, pixel: number, out: Uint8Array) => void;

export interface MixtureKernel {
  readonly impl: MixtureImpl;

  /**
   * Log-likelihood of `n` pixels. `params`: `n * P` values, `pixels`: `n * channels` values.
   * Throws `PixelCNNPPError('E_INPUT')` naming the first non-finite parameter.
   */
  logProb<PP extends FloatArray = Float64Array, PS extends FloatArray = Float64Array>(
    params: Float32Array,
    pixels: Uint8Array,
    shape: MixtureShape,
    out?: { perPixel?: PP; perSubpixel?: PS },
  ): LogProbOutput<PP, PS>;

  /** Per-image log-likelihood of `images * pixelsPerImage` pixels (images contiguous). */
  imageLogProb(params: Float32Array, pixels: Uint8Array, shape: ImageMixtureShape): ImageLogProbOutput;

  /**
   * Sampling with explicit uniforms in (0, 1): `uMix` (`n * nrMix`) for the Gumbel-max choice
   * `k = argmax_k(logit_k / T - log(-log u_k))`, `uLogistic` (`n * channels`) for the inverse CDF
   * `z_c = mean + e^max(s, -7) T (log u - log(1 - u))`; G and B are coupled to the drawn
   * continuous R and G, each value is clamped to [-1, 1].
   */
  sampleWithNoise(
    params: Float32Array,
    uMix: ArrayLike<number>,
    uLogistic: ArrayLike<number>,
    shape: MixtureShape,
    options?: MixtureSampleOptions,
  ): SampleOutput;

  /** Sampling with the counter-based generator; see {@link SampleKeys}. */
  sample(params: Float32Array, keys: SampleKeys, shape: MixtureShape, options?: MixtureSampleOptions): SampleOutput;

  /**
   * `sample` for the autoregressive loop: pixel `p` of `shape.pixels` images at a time, image `i`
   * keyed by `imageIndex[i]`. Checked and laid out once, so that a draw costs little more than
   * the arithmetic: the returned function draws pixel `p` of every image from its parameters
   * (`n * P`) into `out` (uint8, `n * channels`), as `sample` would.
   */
  pixelSampler(shape: MixtureShape, keys: PixelSamplerKeys, options?: { temperature?: number }): PixelSampler;

  /** Frees the kernel's memory; later calls throw `E_DISPOSED`. Idempotent. */
  dispose(): void;
}

/** The largest `nrMix` the kernels accept (PCNN_MAX_MIX in wasm/include/pcnn.h). */
export const MAX_NR_MIX = 64;

/** Values per pixel of the network output. */
export function paramsPerPixel(channels: 1 | 3, nrMix: number): number {
  return channels === 3 ? 10 * nrMix : 3 * nrMix;
}

/** What `params[index]` of a pixel is, for error messages: "mean of channel 1, component 2". */
export function describeParam(index: number, channels: 1 | 3, nrMix: number): string {
  const M = nrMix;
  if (index < M) return `logit of component ${index}`;
  const rest = index - M;
  const block = channels === 3 ? Math.floor(rest / (3 * M)) : 0;
  const within = channels === 3 ? rest % (3 * M) : rest;
  const k = within % M;
  const what = ['mean', 'log-scale', 'coupling coefficient'][Math.floor(within / M)];
  return `${what} of channel ${block}, component ${k}`;
}

/** Validated sizes of a call. */
export interface CheckedShape {
  n: number;
  channels: 1 | 3;
  nrMix: number;
  /** Parameters per pixel. */
  P: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function checkShape(shape: MixtureShape): CheckedShape {
  if (typeof shape !== 'object' || shape === null) throw new TypeError(`shape: expected {pixels, channels, nrMix}, got ${String(shape)}.`);
  const { pixels, channels, nrMix } = shape;
  if (!isCount(pixels)) throw new RangeError(`shape.pixels: expected a non-negative integer, got ${String(pixels)}.`);
  if (channels !== 1 && channels !== 3) throw new RangeError(`shape.channels: expected 1 or 3, got ${String(channels)}.`);
  if (!isCount(nrMix) || nrMix < 1 || nrMix > MAX_NR_MIX)
    throw new RangeError(`shape.nrMix: expected an integer in [1, ${MAX_NR_MIX}], got ${String(nrMix)}.`);
  return { n: pixels, channels, nrMix, P: paramsPerPixel(channels, nrMix) };
}

export function checkParams(params: Float32Array, s: CheckedShape): void {
  if (!(params instanceof Float32Array)) throw new TypeError(`params: expected a Float32Array, got ${describeValue(params)}.`);
  if (params.length !== s.n * s.P)
    throw new RangeError(
      `params: expected ${s.n * s.P} values (${s.n} pixels x ${s.P} parameters for channels=${s.channels}, nrMix=${s.nrMix}), got ${params.length}.`,
    );
}

export function checkPixels(pixels: Uint8Array, s: CheckedShape): void {
  if (!(pixels instanceof Uint8Array)) throw new TypeError(`pixels: expected a Uint8Array, got ${describeValue(pixels)}.`);
  if (pixels.length !== s.n * s.channels)
    throw new RangeError(`pixels: expected ${s.n * s.channels} values (${s.n} pixels x ${s.channels} channels), got ${pixels.length}.`);
}

export function checkOutput(name: string, out: unknown, length: number, kinds: 'float' | 'f32' | 'u8'): void {
  if (out === undefined) return;
  const ok =
    kinds === 'float' ? out instanceof Float32Array || out instanceof Float64Array : kinds === 'f32' ? out instanceof Float32Array : out instanceof Uint8Array;
  const expected = kinds === 'float' ? 'a Float32Array or Float64Array' : kinds === 'f32' ? 'a Float32Array' : 'a Uint8Array';
  if (!ok) throw new TypeError(`${name}: expected ${expected}, got ${describeValue(out)}.`);
  if ((out as ArrayLike<number>).length !== length)
    throw new RangeError(`${name}: expected length ${length}, got ${(out as ArrayLike<number>).length}.`);
}

/** Temperature as the kernels use it (float32); must be finite and > 0 there. */
export function checkTemperature(temperature: number | undefined): number {
  const t = temperature ?? 1;
  if (typeof t !== 'number' || !Number.isFinite(t) || !(Math.fround(t) > 0) || !Number.isFinite(Math.fround(t)))
    throw new RangeError(`temperature: expected a finite number > 0 (1 samples the model's distribution), got ${String(t)}.`);
  return t;
}

export function checkUniforms(name: string, u: ArrayLike<number>, length: number): void {
  if (u === null || typeof u !== 'object' || typeof u.length !== 'number')
    throw new TypeError(`${name}: expected an array of numbers, got ${describeValue(u)}.`);
  if (u.length !== length) throw new RangeError(`${name}: expected ${length} values, got ${u.length}.`);
  for (let i = 0; i < length; i++) {
    const v = Math.fround(u[i]);
    if (!(v > 0 && v < 1)) throw new RangeError(`${name}[${i}]: expected a uniform in the open interval (0, 1), got ${String(u[i])}.`);
  }
}

/** Splits the seed into the two 32-bit words of the Philox key. */
export function checkKeys(keys: SampleKeys, n: number): { seedLo: number; seedHi: number } {
  if (typeof keys !== 'object' || keys === null) throw new TypeError(`keys: expected {seed, imageIndex, pixelIndex}, got ${String(keys)}.`);
  const { seed } = keys;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`keys.seed: expected an integer in [0, 2^53 - 1], got ${String(seed)}.`);
  for (const name of ['imageIndex', 'pixelIndex'] as const) {
    const a = keys[name];
    if (a === null || typeof a !== 'object' || typeof a.length !== 'number')
      throw new TypeError(`keys.${name}: expected an array of integers, got ${describeValue(a)}.`);
    if (a.length !== n) throw new RangeError(`keys.${name}: expected ${n} values (one per pixel), got ${a.length}.`);
    if (!(a instanceof Uint32Array)) {
      for (let i = 0; i < n; i++) {
        const v = a[i];
        if (!Number.isInteger(v) || v < 0 || v > 0xffffffff)
          throw new RangeError(`keys.${name}[${i}]: expected an integer in [0, 2^32), got ${String(v)}.`);
      }
    }
  }
  return { seedLo: seed % 0x100000000, seedHi: Math.floor(seed / 0x100000000) };
}

export function checkImageShape(shape: ImageMixtureShape): CheckedShape & { images: number; pixelsPerImage: number } {
  if (typeof shape !== 'object' || shape === null)
    throw new TypeError(`shape: expected {images, pixelsPerImage, channels, nrMix}, got ${String(shape)}.`);
  const { images, pixelsPerImage } = shape;
  if (!isCount(images)) throw new RangeError(`shape.images: expected a non-negative integer, got ${String(images)}.`);
  if (!isCount(pixelsPerImage) || pixelsPerImage < 1)
    throw new RangeError(`shape.pixelsPerImage: expected a positive integer (H * W), got ${String(pixelsPerImage)}.`);
  const s = checkShape({ pixels: images * pixelsPerImage, channels: shape.channels, nrMix: shape.nrMix });
  return { ...s, images, pixelsPerImage };
}

/** Sums per-pixel log p into per-image nats and bits/dim. */
export function sumImages(perPixel: Float64Array, images: number, pixelsPerImage: number, channels: number): ImageLogProbOutput {
  const nats = new Float64Array(images);
  const bitsPerDim = new Float64Array(images);
  for (let i = 0; i < images; i++) {
    let sum = 0;
    for (let p = i * pixelsPerImage, end = p + pixelsPerImage; p < end; p++) sum += perPixel[p];
    nats[i] = sum;
    bitsPerDim[i] = -sum / (pixelsPerImage * channels * Math.LN2);
  }
  return { nats, bitsPerDim };
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

/**
 * A {@link MixtureKernel.pixelSampler} on the kernel's `sample` (for kernels with no layout
 * to keep between draws).
 */
export function pixelSamplerOf(kernel: Pick<MixtureKernel, 'sample'>, shape: MixtureShape, keys: PixelSamplerKeys, options?: { temperature?: number }): PixelSampler {
  const s = checkShape(shape);
  const temperature = checkTemperature(options?.temperature);
  const pixelIndex = new Uint32Array(s.n);
  checkKeys({ seed: keys.seed, imageIndex: keys.imageIndex, pixelIndex }, s.n);
  const imageIndex = Uint32Array.from(keys.imageIndex);
  const pixelKeys = { seed: keys.seed, imageIndex, pixelIndex };
  return (params, pixel, out) => {
    checkParams(params, s);
    checkOutput('out', out, s.n * s.channels, 'u8');
    pixelIndex.fill(checkPixelIndex(pixel));
    kernel.sample(params, pixelKeys, shape, { temperature, outU8: out });
  };
}

export function checkPixelIndex(pixel: number): number {
  if (!Number.isInteger(pixel) || pixel < 0 || pixel > 0xffffffff) throw new RangeError(`pixel: expected an integer in [0, 2^32), got ${String(pixel)}.`);
  return pixel;
}
