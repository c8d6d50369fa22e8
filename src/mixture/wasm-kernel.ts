/**
 * The mixture kernel on the WebAssembly module built from wasm/src/mixture.c: instantiation, the
 * layout of a call's arrays in the module's memory, and the C status codes as errors.
 *
 * Memory: the module's one workspace (`pcnn_workspace_reserve`), grown when a call needs more.
 * Long inputs are processed in chunks of {@link CHUNK_PIXELS} pixels so it stays a few megabytes.
 */
import { PixelCNNPPError } from '../errors.js';
import {
  checkImageShape,
  checkKeys,
  checkOutput,
  checkParams,
  checkPixels,
  checkShape,
  checkTemperature,
  checkUniforms,
  checkPixelIndex,
  describeParam,
  pixelSamplerOf,
  sumImages,
  type CheckedShape,
  type FloatArray,
  type ImageLogProbOutput,
  type ImageMixtureShape,
  type LogProbOutput,
  type MixtureKernel,
  type MixtureShape,
  type SampleKeys,
  type MixtureSampleOptions,
  type PixelSampler,
  type PixelSamplerKeys,
  type SampleOutput,
} from './kernel.js';

/** The module's exports (wasm/include/pcnn.h); pointers are byte offsets into `memory`. */
export interface MixtureExports {
  memory: WebAssembly.Memory;
  pcnn_workspace_reserve(bytes: number): number;
  pcnn_error_index(): number;
  pcnn_mixture_logprob(params: number, pixels: number, n: number, channels: number, nrMix: number, outSubpixel: number, outPixel: number): number;
  pcnn_mixture_sample_noise(
    params: number,
    uMix: number,
    uLogistic: number,
    n: number,
    channels: number,
    nrMix: number,
    temperature: number,
    outX: number,
    outU8: number,
  ): number;
  pcnn_mixture_sample(
    params: number,
    n: number,
    channels: number,
    nrMix: number,
    seedLo: number,
    seedHi: number,
    imageIndex: number,
    pixelIndex: number,
    temperature: number,
    outX: number,
    outU8: number,
  ): number;
}

/** pcnn_status in wasm/include/pcnn.h. */
const PCNN_OK = 0;
const PCNN_E_NONFINITE = 1;
const PCNN_E_RANGE = 2;

/** Pixels per call into the module. */
export const CHUNK_PIXELS = 16384;

const REQUIRED_EXPORTS = [
  'memory',
  'pcnn_workspace_reserve',
  'pcnn_error_index',
  'pcnn_mixture_logprob',
  'pcnn_mixture_sample_noise',
  'pcnn_mixture_sample',
] as const;

const align16 = (bytes: number) => (bytes + 15) & ~15;

/** Consecutive 16-byte aligned regions of the workspace. */
function layout<K extends string>(sizes: Record<K, number>): { offsets: Record<K, number>; total: number } {
  const offsets = {} as Record<K, number>;
  let total = 0;
  for (const key of Object.keys(sizes) as K[]) {
    offsets[key] = total;
    total += align16(sizes[key]);
  }
  return { offsets, total };
}

export class WasmMixtureKernel implements MixtureKernel {
  readonly impl: 'wasm-simd' | 'wasm';
  private exports: MixtureExports | null;
  private workspace = 0;
  private capacity = 0;

  private constructor(exports: MixtureExports, impl: 'wasm-simd' | 'wasm') {
    this.exports = exports;
    this.impl = impl;
  }

  /** Instantiates a compiled module (it imports nothing). */
  static async create(module: WebAssembly.Module, impl: 'wasm-simd' | 'wasm'): Promise<WasmMixtureKernel> {
    let instance: WebAssembly.Instance;
    try {
      instance = await WebAssembly.instantiate(module, {});
    } catch (cause) {
      throw new PixelCNNPPError('E_WASM', `could not instantiate the ${impl} mixture module: ${String(cause)}`, { cause });
    }
    const exports = instance.exports as unknown as MixtureExports;
    const missing = REQUIRED_EXPORTS.filter((name) => !(name in exports));
    if (missing.length > 0)
      throw new PixelCNNPPError(
        'E_WASM',
        `the ${impl} mixture module lacks the exports ${missing.join(', ')}; was env.wasm.wasmBinary or env.wasm.wasmPaths set to another file?`,
      );
    return new WasmMixtureKernel(exports, impl);
  }

  logProb<PP extends FloatArray = Float64Array, PS extends FloatArray = Float64Array>(
    params: Float32Array,
    pixels: Uint8Array,
    shape: MixtureShape,
    out?: { perPixel?: PP; perSubpixel?: PS },
  ): LogProbOutput<PP, PS> {
    const e = this.checkAlive();
    const s = checkShape(shape);
    checkParams(params, s);
    checkPixels(pixels, s);
    checkOutput('out.perPixel', out?.perPixel, s.n, 'float');
    checkOutput('out.perSubpixel', out?.perSubpixel, s.n * s.channels, 'float');
    const perPixel = (out?.perPixel ?? new Float64Array(s.n)) as PP;
    const perSubpixel = (out?.perSubpixel ?? new Float64Array(s.n * s.channels)) as PS;
    const { C, P } = { C: s.channels, P: s.P };
    const chunk = Math.min(s.n, CHUNK_PIXELS);
    const { offsets, total } = layout({ params: chunk * P * 4, pixels: chunk * C, sub: chunk * C * 8, pix: chunk * 8 });
    const base = this.reserve(total);
    for (let first = 0; first < s.n; first += CHUNK_PIXELS) {
      const n = Math.min(CHUNK_PIXELS, s.n - first);
      const mem = e.memory.buffer;
      new Float32Array(mem, base + offsets.params, n * P).set(params.subarray(first * P, (first + n) * P));
      new Uint8Array(mem, base + offsets.pixels, n * C).set(pixels.subarray(first * C, (first + n) * C));
      const status = e.pcnn_mixture_logprob(
        base + offsets.params,
        base + offsets.pixels,
        n,
        C,
        s.nrMix,
        base + offsets.sub,
        base + offsets.pix,
      );
      this.check(status, s, params, first);
      copyOut(perPixel, first, new Float64Array(e.memory.buffer, base + offsets.pix, n));
      copyOut(perSubpixel, first * C, new Float64Array(e.memory.buffer, base + offsets.sub, n * C));
    }
    return { perPixel, perSubpixel };
  }

  imageLogProb(params: Float32Array, pixels: Uint8Array, shape: ImageMixtureShape): ImageLogProbOutput {
    const s = checkImageShape(shape);
    const { perPixel } = this.logProb(params, pixels, { pixels: s.n, channels: s.channels, nrMix: s.nrMix });
    return sumImages(perPixel, s.images, s.pixelsPerImage, s.channels);
  }

  sampleWithNoise(
    params: Float32Array,
    uMix: ArrayLike<number>,
    uLogistic: ArrayLike<number>,
    shape: MixtureShape,
    options?: MixtureSampleOptions,
  ): SampleOutput {
    const e = this.checkAlive();
    const s = checkShape(shape);
    checkParams(params, s);
    const temperature = checkTemperature(options?.temperature);
    checkUniforms('uMix', uMix, s.n * s.nrMix);
    checkUniforms('uLogistic', uLogistic, s.n * s.channels);
    const { x, u8 } = this.sampleOutputs(s, options);
    const { C, P, nrMix: M } = { C: s.channels, P: s.P, nrMix: s.nrMix };
    const chunk = Math.min(s.n, CHUNK_PIXELS);
    const { offsets, total } = layout({ params: chunk * P * 4, uMix: chunk * M * 4, uLog: chunk * C * 4, x: chunk * C * 4, u8: chunk * C });
    const base = this.reserve(total);
    for (let first = 0; first < s.n; first += CHUNK_PIXELS) {
      const n = Math.min(CHUNK_PIXELS, s.n - first);
      const mem = e.memory.buffer;
      new Float32Array(mem, base + offsets.params, n * P).set(params.subarray(first * P, (first + n) * P));
      const um = new Float32Array(mem, base + offsets.uMix, n * M);
      for (let i = 0; i < n * M; i++) um[i] = uMix[first * M + i];
      const ul = new Float32Array(mem, base + offsets.uLog, n * C);
      for (let i = 0; i < n * C; i++) ul[i] = uLogistic[first * C + i];
      const status = e.pcnn_mixture_sample_noise(
        base + offsets.params,
        base + offsets.uMix,
        base + offsets.uLog,
        n,
        C,
        M,
        temperature,
        base + offsets.x,
        base + offsets.u8,
      );
      if (status === PCNN_E_RANGE) {
        // The values were checked above; float32 rounding can still reach 0 or 1 only by a bug.
        const i = e.pcnn_error_index();
        const name = i < n * M ? `uMix[${first * M + i}]` : `uLogistic[${first * C + i - n * M}]`;
        throw new RangeError(`${name}: expected a uniform in the open interval (0, 1).`);
      }
      this.check(status, s, params, first);
      x.set(new Float32Array(e.memory.buffer, base + offsets.x, n * C), first * C);
      u8.set(new Uint8Array(e.memory.buffer, base + offsets.u8, n * C), first * C);
    }
    return { x, u8 };
  }

  sample(params: Float32Array, keys: SampleKeys, shape: MixtureShape, options?: MixtureSampleOptions): SampleOutput {
    const e = this.checkAlive();
    const s = checkShape(shape);
    checkParams(params, s);
    const temperature = checkTemperature(options?.temperature);
    const { seedLo, seedHi } = checkKeys(keys, s.n);
    const { x, u8 } = this.sampleOutputs(s, options);
    const { C, P } = { C: s.channels, P: s.P };
    const chunk = Math.min(s.n, CHUNK_PIXELS);
    const { offsets, total } = keyedSampleLayout(chunk, C, P);
    const base = this.reserve(total);
    for (let first = 0; first < s.n; first += CHUNK_PIXELS) {
      const n = Math.min(CHUNK_PIXELS, s.n - first);
      const mem = e.memory.buffer;
      new Float32Array(mem, base + offsets.params, n * P).set(params.subarray(first * P, (first + n) * P));
      const image = new Uint32Array(mem, base + offsets.image, n);
      const pixel = new Uint32Array(mem, base + offsets.pixel, n);
      for (let i = 0; i < n; i++) {
        image[i] = keys.imageIndex[first + i];
        pixel[i] = keys.pixelIndex[first + i];
      }
      const status = keyedSample(e, base, offsets, n, C, s.nrMix, seedLo, seedHi, temperature);
      this.check(status, s, params, first);
      x.set(new Float32Array(e.memory.buffer, base + offsets.x, n * C), first * C);
      u8.set(new Uint8Array(e.memory.buffer, base + offsets.u8, n * C), first * C);
    }
    return { x, u8 };
  }

  pixelSampler(shape: MixtureShape, keys: PixelSamplerKeys, options?: { temperature?: number }): PixelSampler {
    const s = checkShape(shape);
    if (s.n > CHUNK_PIXELS) return pixelSamplerOf(this, shape, keys, options);
    const temperature = checkTemperature(options?.temperature);
    const { seedLo, seedHi } = checkKeys({ seed: keys.seed, imageIndex: keys.imageIndex, pixelIndex: new Uint32Array(s.n) }, s.n);
    const imageIndex = Uint32Array.from(keys.imageIndex);
    const { n, channels: C, nrMix, P } = s;
    const { offsets, total } = keyedSampleLayout(n, C, P);
    // Views of the workspace, made again when it moves (another call grew it) or the memory grows.
    let views: { buffer: ArrayBuffer; base: number; params: Float32Array; image: Uint32Array; pixel: Uint32Array; u8: Uint8Array } | undefined;
    return (params, pixel, out) => {
      checkParams(params, s);
      checkOutput('out', out, n * C, 'u8');
      checkPixelIndex(pixel);
      const e = this.checkAlive();
      const base = this.reserve(total);
      const buffer = e.memory.buffer;
      if (views === undefined || views.buffer !== buffer || views.base !== base) {
        views = {
          buffer,
          base,
          params: new Float32Array(buffer, base + offsets.params, n * P),
          image: new Uint32Array(buffer, base + offsets.image, n),
          pixel: new Uint32Array(buffer, base + offsets.pixel, n),
          u8: new Uint8Array(buffer, base + offsets.u8, n * C),
        };
      }
      // Every input is written at every draw: other calls share the workspace.
      views.params.set(params);
      views.image.set(imageIndex);
      views.pixel.fill(pixel);
      const status = keyedSample(e, base, offsets, n, C, nrMix, seedLo, seedHi, temperature);
      this.check(status, s, params, 0);
      out.set(views.u8);
    };
  }

  dispose(): void {
    this.exports = null;
    this.workspace = 0;
    this.capacity = 0;
  }

  /** The module's exports, or `E_DISPOSED` once the kernel was disposed. */
  private checkAlive(): MixtureExports {
    if (!this.exports) throw new PixelCNNPPError('E_DISPOSED', 'the mixture kernel was disposed; load a new one with loadMixtureKernel().');
    return this.exports;
  }

  /** Base address of a workspace of at least `bytes` bytes. */
  private reserve(bytes: number): number {
    const e = this.checkAlive();
    if (bytes <= this.capacity) return this.workspace;
    const capacity = align16(Math.max(bytes, Math.ceil(this.capacity * 1.5), 1 << 16));
    const ptr = e.pcnn_workspace_reserve(capacity);
    if (ptr === 0) throw new PixelCNNPPError('E_WASM', `the mixture module could not grow its workspace to ${capacity} bytes.`);
    this.workspace = ptr;
    this.capacity = capacity;
    return ptr;
  }

  private sampleOutputs(s: CheckedShape, options: MixtureSampleOptions | undefined): SampleOutput {
    checkOutput('options.outX', options?.outX, s.n * s.channels, 'f32');
    checkOutput('options.outU8', options?.outU8, s.n * s.channels, 'u8');
    return { x: options?.outX ?? new Float32Array(s.n * s.channels), u8: options?.outU8 ?? new Uint8Array(s.n * s.channels) };
  }

  private check(status: number, s: CheckedShape, params: Float32Array, first: number): void {
    if (status === PCNN_OK) return;
    const e = this.checkAlive();
    if (status === PCNN_E_NONFINITE) {
      const index = first * s.P + e.pcnn_error_index();
      const pixel = Math.floor(index / s.P);
      throw new PixelCNNPPError(
        'E_INPUT',
        `params[${index}] (pixel ${pixel}, ${describeParam(index % s.P, s.channels, s.nrMix)}) is ${params[index]}; ` +
          'the mixture parameters must be finite.',
      );
    }
    throw new PixelCNNPPError('E_WASM', `the mixture module rejected a call it should not have been given (status ${status}).`);
  }
}

type KeyedSampleOffsets = ReturnType<typeof keyedSampleLayout>['offsets'];

/** The arrays of a keyed sample of `n` pixels in the workspace. */
function keyedSampleLayout(n: number, C: number, P: number) {
  return layout({ params: n * P * 4, image: n * 4, pixel: n * 4, x: n * C * 4, u8: n * C });
}

/** `pcnn_mixture_sample` on the arrays laid out at `base` by `keyedSampleLayout`; returns its status. */
function keyedSample(e: MixtureExports, base: number, offsets: KeyedSampleOffsets, n: number, C: number, nrMix: number, seedLo: number, seedHi: number, temperature: number): number {
  const { params, image, pixel, x, u8 } = offsets;
  return e.pcnn_mixture_sample(base + params, n, C, nrMix, seedLo, seedHi, base + image, base + pixel, temperature, base + x, base + u8);
}

/**
 * Copies float64 results out of wasm memory. A Float32Array receives values saturated to the
 * float32 range, so an extreme but finite log-probability never becomes -Infinity.
 */
function copyOut(target: FloatArray, at: number, values: Float64Array): void {
  if (target instanceof Float64Array) {
    target.set(values, at);
    return;
  }
  const MAX = 3.4028234663852886e38;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    target[at + i] = v < -MAX ? -MAX : v > MAX ? MAX : v;
  }
}
