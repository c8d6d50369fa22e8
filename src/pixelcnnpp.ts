/**
 * The public model: loads weights, runs the network on a tfjs backend and the likelihood in the
 * mixture module. Validates at the boundary; the modules below trust their arguments.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from './backends/registry.js';
import { resolveBackend } from './backends/registry.js';
import type { BackendName, ResolvedBackend } from './backends/backend.js';
import type { ModelConfig } from './config.js';
import { configFromMetadata, configToMetadata, outputChannels, resolveConfig } from './config.js';
import { PixelCNNPPError } from './errors.js';
import type { ImageInput } from './image.js';
import { toImageBatch, toNetworkInput } from './image.js';
import type { MixtureKernel } from './mixture/index.js';
import { loadMixtureKernel } from './mixture/index.js';
import { PixelCNNNet } from './network/pixelcnn-net.js';
import type { Float32TensorData } from './weights/safetensors.js';
import { parseSafetensors, serializeSafetensors } from './weights/safetensors.js';
import type { ReadProgress, WeightSource } from './weights/source.js';
import { readSource } from './weights/source.js';
import { convertTfRelease, isTfReleaseCheckpoint } from './weights/tf-release.js';
import { checkTensors, foldWeights } from './weights/weight-map.js';

/** Weights already in memory, under the canonical (PyTorch port) names. */
export interface TensorSource {
  config: Partial<ModelConfig>;
  tensors: ReadonlyMap<string, Float32TensorData> | Readonly<Record<string, Float32TensorData>>;
}

export type ModelSource = WeightSource | TensorSource;

export interface LoadProgress {
  status: 'download' | 'ready';
  loaded: number;
  total: number | undefined;
}

export interface LoadOptions {
  /** Which tfjs backend runs the network. @defaultValue 'auto' (webgpu, then wasm, then cpu) */
  backend?: BackendChoice;
  /** Config fields for checkpoints whose metadata lacks them (metadata wins where both are given). */
  config?: Partial<ModelConfig>;
  onProgress?: (progress: LoadProgress) => void;
  signal?: AbortSignal;
  /** The `fetch` used for URLs. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
  /** Run one forward pass at load so the first real call does not pay for shader compilation. @defaultValue false */
  warmup?: boolean;
}

export interface LogProbOptions {
  /** Class labels, one per image, for class-conditional models. */
  labels?: ArrayLike<number>;
  /** Images per network call; bounds memory for large batches. @defaultValue 16 */
  batchSize?: number;
}

export interface LogProbResult {
  /** log p(image) in nats, one per image (float64 sums of per-pixel values). */
  nats: Float64Array;
  /** -log2 p(image) / (H * W * C), one per image. */
  bitsPerDim: Float64Array;
}

export interface LogProbMapResult extends LogProbResult {
  /** log p of each pixel given the pixels before it in raster order, nats, `[N, H, W]` row-major. */
  data: Float64Array;
  shape: [number, number, number];
}

const DEFAULT_BATCH_SIZE = 16;

export class PixelCNNPP {
  readonly config: Readonly<Required<ModelConfig>>;
  private readonly runtime: ResolvedBackend;
  private readonly net: PixelCNNNet;
  private readonly mixture: MixtureKernel;
  private readonly tensors: ReadonlyMap<string, Float32TensorData>;
  private disposed = false;

  private constructor(
    config: Required<ModelConfig>,
    runtime: ResolvedBackend,
    net: PixelCNNNet,
    mixture: MixtureKernel,
    tensors: ReadonlyMap<string, Float32TensorData>,
  ) {
    this.config = Object.freeze({ ...config });
    this.runtime = runtime;
    this.net = net;
    this.mixture = mixture;
    this.tensors = tensors;
  }

  /**
   * Loads a model from a safetensors checkpoint (a URL, a file path under Node, or its bytes),
   * or from tensors in memory. Checkpoints use the PyTorch port's names; the original TensorFlow
   * release's variable names are recognised and converted.
   */
  static async load(source: ModelSource, options: LoadOptions = {}): Promise<PixelCNNPP> {
    if (source === undefined || source === null) {
      throw new TypeError('source: expected a URL, file path, ArrayBuffer, Uint8Array or {config, tensors}.');
    }
    const { config, tensors } = await readModel(source, options);
    options.signal?.throwIfAborted();

    const [runtime, mixture] = await Promise.all([resolveBackend(options.backend ?? 'auto'), loadMixtureKernel()]);
    const weights = foldWeights(tensors, config);
    const net = await runtime.run(() => new PixelCNNNet(weights, config));
    const model = new PixelCNNPP(config, runtime, net, mixture, tensors);
    if (options.warmup) {
      const probe = new Uint8Array(config.height * config.width * config.channels);
      await model.logProb({ data: probe, shape: [1, config.height, config.width, config.channels] }, {
        ...(config.numClasses > 0 ? { labels: [0] } : {}),
      });
    }
    options.onProgress?.({ status: 'ready', loaded: 0, total: undefined });
    return model;
  }

  /** The tfjs backend the network runs on. */
  get backend(): BackendName {
    return this.runtime.name;
  }

  /** The backend's own description (WebGPU adapter, wasm SIMD/threads). */
  get backendInfo(): string {
    return this.runtime.info;
  }

  /** Which build of the mixture module is in use. */
  get mixtureImpl(): MixtureKernel['impl'] {
    return this.mixture.impl;
  }

  /** The log-likelihood of each image under the model. */
  async logProb(images: ImageInput, options: LogProbOptions = {}): Promise<LogProbResult> {
    const { nats, bitsPerDim } = await this.evaluate(images, options, false);
    return { nats, bitsPerDim };
  }

  /** Per-pixel log-likelihoods, for heat maps and anomaly detection, with the per-image totals. */
  async logProbMap(images: ImageInput, options: LogProbOptions = {}): Promise<LogProbMapResult> {
    return (await this.evaluate(images, options, true)) as LogProbMapResult;
  }

  /**
   * The raw network output (mixture parameters) for uint8 NHWC images: `[N, H, W, P]` float32.
   * For inspection and for checking ports against each other.
   */
  async forward(images: ImageInput, options: Pick<LogProbOptions, 'labels'> = {}): Promise<Float32Array> {
    this.checkAlive('forward');
    const batch = await toImageBatch(images, this.config);
    const labels = this.checkLabels(options.labels, batch.shape[0]);
    return this.runNetwork(batch.data, batch.shape[0], labels);
  }

  /** The checkpoint as safetensors bytes (canonical names, config in the metadata). */
  save(): Uint8Array {
    this.checkAlive('save');
    return serializeSafetensors(this.tensors, configToMetadata(this.config));
  }

  /** Frees the network's tensors. Idempotent; later calls throw `E_DISPOSED`. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.dispose();
  }

  private async evaluate(images: ImageInput, options: LogProbOptions, keepMap: boolean) {
    this.checkAlive('logProb');
    const batch = await toImageBatch(images, this.config);
    const n = batch.shape[0];
    const labels = this.checkLabels(options.labels, n);
    const chunk = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`batchSize: expected a positive integer, got ${chunk}.`);

    const { height, width, channels } = this.config;
    const pixels = height * width;
    const imageSize = pixels * channels;
    const nats = new Float64Array(n);
    const map = keepMap ? new Float64Array(n * pixels) : undefined;
    const perPixel = new Float64Array(chunk * pixels);
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      const x = batch.data.subarray(start * imageSize, (start + count) * imageSize);
      const params = await this.runNetwork(x, count, labels?.subarray(start, start + count));
      const logp = perPixel.subarray(0, count * pixels);
      this.mixture.logProb(params, x, { pixels: count * pixels, channels, nrMix: this.config.nrLogisticMix }, { perPixel: logp });
      for (let i = 0; i < count; i++) {
        let sum = 0;
        for (let p = i * pixels; p < (i + 1) * pixels; p++) sum += logp[p]!;
        nats[start + i] = sum;
      }
      map?.set(logp, start * pixels);
    }
    const bitsPerDim = nats.map((v) => -v / (imageSize * Math.LN2));
    return map ? { nats, bitsPerDim, data: map, shape: [n, height, width] } : { nats, bitsPerDim };
  }

  private runNetwork(images: Uint8Array, count: number, labels: Int32Array | undefined): Promise<Float32Array> {
    const { height, width, channels } = this.config;
    const input = toNetworkInput(images);
    return this.runtime.run(async () => {
      this.checkAlive('forward');
      const out = tf.tidy(() => {
        const x = tf.tensor4d(input, [count, height, width, channels], 'float32');
        return this.net.forward(x, labels);
      });
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    });
  }

  private checkLabels(labels: ArrayLike<number> | undefined, n: number): Int32Array | undefined {
    const { numClasses } = this.config;
    if (numClasses === 0) {
      if (labels !== undefined) throw new TypeError('labels: this model is unconditional (numClasses 0); pass no labels.');
      return undefined;
    }
    if (labels === undefined || labels === null) {
      throw new TypeError(`labels: this model is class-conditional (${numClasses} classes); pass one label per image.`);
    }
    if (labels.length !== n) throw new RangeError(`labels: expected ${n} labels (one per image), got ${labels.length}.`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const label = labels[i]!;
      if (!Number.isInteger(label) || label < 0 || label >= numClasses) {
        throw new RangeError(`labels[${i}]: expected an integer in [0, ${numClasses - 1}], got ${label}.`);
      }
      out[i] = label;
    }
    return out;
  }

  private checkAlive(method: string): void {
    if (this.disposed) throw new PixelCNNPPError('E_DISPOSED', `${method}: the model was disposed.`);
  }
}

/** Reads, parses and validates a checkpoint; converts TF-release names to canonical ones. */
async function readModel(
  source: ModelSource,
  options: LoadOptions,
): Promise<{ config: Required<ModelConfig>; tensors: ReadonlyMap<string, Float32TensorData> }> {
  if (isTensorSource(source)) {
    const config = resolveConfig(source.config);
    const tensors = source.tensors instanceof Map ? source.tensors : new Map(Object.entries(source.tensors));
    checkTensors(tensors, config);
    return { config, tensors };
  }
  const onProgress = options.onProgress;
  const bytes = await readSource(source, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(onProgress ? { onProgress: (p: ReadProgress) => onProgress({ status: 'download', ...p }) } : {}),
  });
  const file = parseSafetensors(bytes);
  const config = resolveConfig({ ...options.config, ...configFromMetadata(file.metadata) });
  if (isTfReleaseCheckpoint(file.tensors.keys())) {
    return { config, tensors: convertTfRelease(file.tensors, config) };
  }
  checkTensors(file.tensors, config);
  return { config, tensors: file.tensors };
}

function isTensorSource(source: ModelSource): source is TensorSource {
  return typeof source === 'object' && source !== null && 'tensors' in source && 'config' in source;
}

export { outputChannels };
