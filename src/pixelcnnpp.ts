/**
 * The public model: loads weights, runs the network on a tfjs backend and the likelihood in the
 * mixture module. Validates at the boundary; the modules below trust their arguments.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendChoice } from './backends/registry.js';
import { resolveBackend } from './backends/registry.js';
import type { BackendAttempt, BackendName, ResolvedBackend } from './backends/backend.js';
import type { ModelConfig } from './config.js';
import { configFromMetadata, configToMetadata, resolveConfig } from './config.js';
import { defaultModelSource } from './default-model.js';
import { PixelCNNPPError } from './errors.js';
import type { ImageInput } from './image.js';
import { toImageBatch, toNetworkInput } from './image.js';
import type { MixtureKernel } from './mixture/index.js';
import { loadMixtureKernel } from './mixture/index.js';
import { PixelCNNNet } from './network/pixelcnn-net.js';
import { CachedStepper } from './sampling/cached-stepper.js';
import { NaiveStepper } from './sampling/naive-stepper.js';
import type { PixelDraw } from './sampling/sampler.js';
import { generate } from './sampling/sampler.js';
import type { PixelStepper } from './sampling/stepper.js';
import type { Float32TensorData } from './weights/safetensors.js';
import { parseSafetensors, serializeSafetensors } from './weights/safetensors.js';
import type { ReadProgress, WeightSource } from './weights/source.js';
import { readSource } from './weights/source.js';
import { convertTfRelease, isTfReleaseCheckpoint } from './weights/tf-release.js';
import { checkTensors, foldWeights } from './weights/weight-map.js';
import type { TrainingState } from './training/checkpoint.js';
import { checkpointContents, splitCheckpoint } from './training/checkpoint.js';
import type { EpochResult, FitOptions, FitResult } from './training/fit.js';
import { DEFAULT_EMA, resolveFitOptions } from './training/fit.js';
import { trainEpoch } from './training/epoch.js';
import { PAPER_OPTIMIZER } from './training/optimizer.js';
import { GradientWorkers } from './training/data-parallel.js';
import { Trainer } from './training/trainer.js';
import { IS_NODE } from './platform.js';
import { randomTensors } from './weights/random.js';

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

export interface SampleOptions {
  /**
   * Integer in [0, 2^53 - 1]. The same seed, model and backend give the same images; image k
   * is the same whatever `count` or `batchSize`. @defaultValue a random seed (returned)
   */
  seed?: number;
  /** Images to draw. @defaultValue 1 */
  count?: number;
  /** Class labels for class-conditional models: one per image, or one for all. */
  labels?: number | ArrayLike<number>;
  /**
   * Sharpness: logits are divided by `temperature` and logistic scales multiplied by it.
   * 1 samples the model's distribution; smaller values give cleaner, less varied images.
   * @defaultValue 1
   */
  temperature?: number;
  /** Called as rows complete, with pixels done and in total (over all images). */
  onProgress?: (done: number, total: number) => void;
  /** Stops the work; the promise rejects with the signal's reason and every tensor is freed. */
  signal?: AbortSignal;
  /**
   * `'cached'` keeps every layer's past activations and computes only what each new pixel
   * changes (Ramachandran et al. 2017); `'naive'` runs the whole network for every pixel. Both
   * give the same images. @defaultValue 'cached'
   */
  method?: 'cached' | 'naive';
  /** Images generated together. @defaultValue 16 */
  batchSize?: number;
  /**
   * Index of the first image in the seed's stream: image k of a call is image `startIndex + k`
   * of the seed, so a large set can be drawn in parts (or one image of it alone). @defaultValue 0
   */
  startIndex?: number;
}

export interface CompleteOptions extends Omit<SampleOptions, 'count'> {
  /** Keep the first `knownRows` rows and sample the rest. */
  knownRows?: number;
  /** Or: `H * W` flags, non-zero where the pixel is kept (the same for every image). */
  mask?: ArrayLike<number | boolean>;
}

/** Generated images, uint8 NHWC, with the seed that drew them. */
export interface SampleResult {
  data: Uint8Array;
  shape: [number, number, number, number];
  seed: number;
}

export interface CreateOptions {
  /** Which tfjs backend runs the network. @defaultValue 'auto' */
  backend?: BackendChoice;
  /** Seeds the random initial weights. @defaultValue 0 */
  seed?: number;
}

export interface SaveOptions {
  /**
   * Also write the training state (raw parameters, optimizer moments, step, epoch) so that
   * `fit` can resume from the file. The canonical tensors always hold the averaged parameters.
   * @defaultValue false
   */
  training?: boolean;
}

const DEFAULT_BATCH_SIZE = 16;

export class PixelCNNPP {
  readonly config: Readonly<Required<ModelConfig>>;
  private readonly runtime: ResolvedBackend;
  private net: PixelCNNNet;
  private readonly mixture: MixtureKernel;
  private tensors: ReadonlyMap<string, Float32TensorData>;
  /** The state `fit` resumes from: loaded from a training checkpoint, or left by the last `fit`. */
  private training: TrainingState | undefined;
  /** Random weights from `create`, not yet through the data-dependent initialisation. */
  private untrained: boolean;
  private fitting = false;
  private disposed = false;

  private constructor(
    config: Required<ModelConfig>,
    runtime: ResolvedBackend,
    net: PixelCNNNet,
    mixture: MixtureKernel,
    tensors: ReadonlyMap<string, Float32TensorData>,
    training: TrainingState | undefined,
    untrained = false,
  ) {
    this.config = Object.freeze({ ...config });
    this.runtime = runtime;
    this.net = net;
    this.mixture = mixture;
    this.tensors = tensors;
    this.training = training;
    this.untrained = untrained;
  }

  /**
   * A new model with random weights, to train with `fit` (whose first batch runs the paper's
   * data-dependent initialisation).
   */
  static async create(config: Partial<ModelConfig>, options: CreateOptions = {}): Promise<PixelCNNPP> {
    const resolved = resolveConfig(config);
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed: expected a non-negative integer, got ${seed}.`);
    const tensors = randomTensors(resolved, seed);
    return PixelCNNPP.build(resolved, tensors, undefined, await resolveBackend(options.backend ?? 'auto'), true);
  }

  private static async build(
    config: Required<ModelConfig>,
    tensors: ReadonlyMap<string, Float32TensorData>,
    training: TrainingState | undefined,
    runtime: ResolvedBackend,
    untrained = false,
  ): Promise<PixelCNNPP> {
    const mixture = await loadMixtureKernel();
    const weights = foldWeights(tensors, config);
    const net = await runtime.run(() => new PixelCNNNet(weights, config));
    return new PixelCNNPP(config, runtime, net, mixture, tensors, training, untrained);
  }

  /**
   * Loads a model from a safetensors checkpoint (a URL, a file path under Node, or its bytes),
   * or from tensors in memory. Checkpoints use the PyTorch port's names; the original TensorFlow
   * release's variable names are recognised and converted. Without a source: the bundled
   * class-conditional MNIST model (`env.defaultModel` says where it is).
   */
  static async load(source?: ModelSource, options: LoadOptions = {}): Promise<PixelCNNPP> {
    if (source === null) {
      throw new TypeError('source: expected a URL, file path, ArrayBuffer, Uint8Array or {config, tensors}, or nothing for the bundled MNIST model.');
    }
    source ??= defaultModelSource();
    // The backend starts first, so one that cannot start fails before the download.
    const runtime = await resolveBackend(options.backend ?? 'auto');
    const { config, tensors, training } = await readModel(source, options);
    options.signal?.throwIfAborted();
    const model = await PixelCNNPP.build(config, tensors, training, runtime);
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

  /**
   * How the backend was chosen: every candidate tried, in order, with why it was passed over or
   * unavailable, ending with the chosen one.
   */
  get backendReport(): readonly BackendAttempt[] {
    return this.runtime.report;
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

  /** Draws new images pixel by pixel. */
  async sample(options: SampleOptions = {}): Promise<SampleResult> {
    this.checkAlive('sample');
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`count: expected a positive integer, got ${count}.`);
    return this.generateImages(count, options, undefined);
  }

  /**
   * Keeps the given pixels of each image and samples the others in raster order, each drawn
   * given every pixel before it (given or drawn): the classic "complete the bottom half".
   */
  async complete(images: ImageInput, options: CompleteOptions): Promise<SampleResult> {
    this.checkAlive('complete');
    const batch = await toImageBatch(images, this.config);
    const { height, width } = this.config;
    const mask = new Uint8Array(height * width);
    if (options?.knownRows !== undefined && options.mask !== undefined) {
      throw new TypeError('complete: pass either knownRows or mask, not both.');
    }
    if (options?.knownRows !== undefined) {
      const rows = options.knownRows;
      if (!Number.isInteger(rows) || rows < 0 || rows > height) {
        throw new RangeError(`knownRows: expected an integer in [0, ${height}], got ${rows}.`);
      }
      mask.fill(1, 0, rows * width);
    } else if (options?.mask !== undefined) {
      if (options.mask.length !== height * width) {
        throw new RangeError(`mask: expected ${height * width} flags (H * W), got ${options.mask.length}.`);
      }
      for (let p = 0; p < mask.length; p++) mask[p] = options.mask[p] ? 1 : 0;
    } else {
      throw new TypeError('complete: pass knownRows or mask to say which pixels to keep.');
    }
    return this.generateImages(batch.shape[0], options, { data: batch.data, mask });
  }

  /** The checkpoint as safetensors bytes (canonical names, config in the metadata). */
  save(options: SaveOptions = {}): Uint8Array {
    this.checkAlive('save');
    if (options.training && this.training !== undefined) {
      const { tensors, metadata } = checkpointContents(this.config, this.tensors, this.training);
      return serializeSafetensors(tensors, metadata);
    }
    return serializeSafetensors(this.tensors, configToMetadata(this.config));
  }

  /**
   * Trains the model on uint8 images (the paper's recipe by default: Adam with beta1 0.95,
   * beta2 0.9995, learning rate 1e-3 decayed by 0.999995 per step, dropout, data-dependent
   * initialisation of a new model, polyak averaging). After each epoch the model evaluates,
   * samples and saves with the averaged parameters. A model loaded from a checkpoint saved with
   * `save({ training: true })` continues that run: `epochs` counts the earlier epochs too.
   */
  async fit(images: ImageInput, options: FitOptions = {}): Promise<FitResult> {
    this.checkAlive('fit');
    if (this.fitting) throw new Error('fit: this model is already training; wait for the running fit to finish.');
    this.fitting = true;
    try {
      return await this.runFit(images, options);
    } finally {
      this.fitting = false;
    }
  }

  private async runFit(images: ImageInput, options: FitOptions): Promise<FitResult> {
    const settings = resolveFitOptions(options, {
      dropout: this.config.dropout,
      optimizer: this.training?.optimizer ?? PAPER_OPTIMIZER,
      ema: this.training?.ema ?? DEFAULT_EMA,
      resuming: this.training !== undefined,
    });
    const data = await toImageBatch(images, this.config);
    const n = data.shape[0];
    const labels = this.checkLabels(options.labels, n);
    let validation: { data: Uint8Array; shape: [number, number, number, number]; labels?: Int32Array } | undefined;
    if (options.validation !== undefined) {
      const v = await toImageBatch(options.validation.images, this.config, 'validation.images');
      const vLabels = this.checkLabels(options.validation.labels, v.shape[0]);
      validation = { data: v.data, shape: [...v.shape], ...(vLabels ? { labels: vLabels } : {}) };
    }
    options.signal?.throwIfAborted();

    const workers = await this.startWorkers(settings.workers);
    let trainer: Trainer;
    try {
      trainer = await this.runtime.run(
        () =>
          new Trainer(this.config, {
            params: this.tensors,
            initialize: this.untrained,
            ...(this.training ? { resume: this.training } : {}),
            optimizer: settings.optimizer,
            ema: settings.ema,
          }),
      );
    } catch (error) {
      await workers?.terminate();
      throw error;
    }
    const history: EpochResult[] = [];
    try {
      while (trainer.epoch < settings.epochs) {
        const started = performance.now();
        const trainBitsPerDim = await trainEpoch({
          trainer, workers, run: (fn) => this.runtime.run(fn), images: data, labels, settings,
          signal: options.signal, onProgress: options.onProgress, checkAlive: () => this.checkAlive('fit'),
        });
        await this.adoptAveraged(trainer);
        const result: EpochResult = { epoch: trainer.epoch, trainBitsPerDim, seconds: 0 };
        if (validation !== undefined) {
          const { bitsPerDim } = await this.logProb(validation, validation.labels ? { labels: validation.labels } : {});
          result.validationBitsPerDim = bitsPerDim.reduce((a, b) => a + b, 0) / bitsPerDim.length;
        }
        result.seconds = (performance.now() - started) / 1000;
        history.push(result);
        await options.onEpochEnd?.(result, async () => this.save({ training: true }));
      }
    } finally {
      await workers?.terminate();
      await this.runtime.run(() => trainer.dispose());
    }
    return { history, steps: trainer.step };
  }

  /** The worker threads of `fit({ workers })`, or undefined for one thread. */
  private async startWorkers(count: number): Promise<GradientWorkers | undefined> {
    if (count === 1) return undefined;
    const backend = this.runtime.name;
    if (!IS_NODE) throw new PixelCNNPPError('E_TRAINING', `fit: workers > 1 needs Node's worker_threads; in a browser use workers: 1.`);
    if (backend !== 'wasm' && backend !== 'cpu') {
      throw new PixelCNNPPError('E_TRAINING', `fit: workers > 1 runs on the 'wasm' and 'cpu' backends; this model runs on '${backend}'.`);
    }
    return GradientWorkers.start(count - 1, { config: this.config, backend: backend as 'wasm' | 'cpu' });
  }

  /** Takes the trainer's averaged parameters as the model's, and its state for a later resume. */
  private async adoptAveraged(trainer: Trainer): Promise<void> {
    const { averaged, state } = await this.runtime.run(async () => ({ averaged: await trainer.averaged(), state: await trainer.state() }));
    const weights = foldWeights(averaged, this.config);
    const net = await this.runtime.run(() => new PixelCNNNet(weights, this.config));
    this.net.dispose();
    this.net = net;
    this.tensors = averaged;
    this.training = state;
    this.untrained = false;
  }

  /** Frees the network's tensors. Idempotent; later calls throw `E_DISPOSED`. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.net.dispose();
  }

  private async generateImages(
    count: number,
    options: SampleOptions,
    known: { data: Uint8Array; mask: Uint8Array } | undefined,
  ): Promise<SampleResult> {
    const { height, width, channels, nrLogisticMix: nrMix } = this.config;
    const seed = options.seed ?? randomSeed();
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed: expected an integer in [0, 2^53 - 1], got ${seed}.`);
    const temperature = options.temperature ?? 1;
    if (!(Number.isFinite(temperature) && temperature > 0)) {
      throw new RangeError(`temperature: expected a finite number > 0, got ${temperature}.`);
    }
    const method = options.method ?? 'cached';
    if (method !== 'cached' && method !== 'naive') {
      throw new TypeError(`method: expected 'cached' or 'naive', got ${JSON.stringify(method)}.`);
    }
    const chunk = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`batchSize: expected a positive integer, got ${chunk}.`);
    const startIndex = options.startIndex ?? 0;
    if (!Number.isInteger(startIndex) || startIndex < 0 || startIndex + count > 2 ** 32) {
      throw new RangeError(`startIndex: expected an integer in [0, 2^32 - count], got ${startIndex}.`);
    }
    const labels = this.checkLabels(
      typeof options.labels === 'number' ? new Array<number>(count).fill(options.labels) : options.labels,
      count,
    );
    options.signal?.throwIfAborted();

    const pixels = height * width;
    const imageSize = pixels * channels;
    const data = new Uint8Array(count * imageSize);
    for (let start = 0; start < count; start += chunk) {
      const n = Math.min(chunk, count - start);
      const imageIndex = Uint32Array.from({ length: n }, (_, i) => startIndex + start + i);
      const pixelIndex = new Uint32Array(n);
      const keys = { seed, imageIndex, pixelIndex };
      const shape = { pixels: n, channels, nrMix };
      const draw: PixelDraw = (params, p, out) => {
        pixelIndex.fill(p);
        this.mixture.sample(params, keys, shape, { temperature, outU8: out });
      };
      const chunkLabels = labels?.subarray(start, start + n);
      const stepperOptions = { n, ...(chunkLabels ? { labels: chunkLabels } : {}) };
      const stepper: PixelStepper = await this.runtime.run(() =>
        method === 'cached' ? new CachedStepper(this.net, stepperOptions) : new NaiveStepper(this.net, stepperOptions),
      );
      try {
        const images = await generate(stepper, draw, {
          n,
          pixels,
          channels,
          width,
          run: (fn) => this.runtime.run(() => {
            this.checkAlive('sample');
            return fn();
          }),
          ...(known ? { known: { data: known.data.subarray(start * imageSize, (start + n) * imageSize), mask: known.mask } } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onRow: (done: number) => options.onProgress!(start * pixels + done * n, count * pixels) } : {}),
        });
        data.set(images, start * imageSize);
      } finally {
        stepper.dispose();
      }
    }
    return { data, shape: [count, height, width, channels], seed };
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
): Promise<{ config: Required<ModelConfig>; tensors: ReadonlyMap<string, Float32TensorData>; training: TrainingState | undefined }> {
  if (isTensorSource(source)) {
    const config = resolveConfig(source.config);
    const tensors = source.tensors instanceof Map ? source.tensors : new Map(Object.entries(source.tensors));
    checkTensors(tensors, config);
    return { config, tensors, training: undefined };
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
    return { config, tensors: convertTfRelease(file.tensors, config), training: undefined };
  }
  const { model, training } = splitCheckpoint(file.tensors, file.metadata);
  checkTensors(model, config);
  if (training !== undefined) for (const part of [training.params, training.m, training.v]) checkTensors(part, config);
  return { config, tensors: model, training };
}

function randomSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0]! & 0x1fffff) * 2 ** 32 + words[1]!;
}

function isTensorSource(source: ModelSource): source is TensorSource {
  return typeof source === 'object' && source !== null && 'tensors' in source && 'config' in source;
}

