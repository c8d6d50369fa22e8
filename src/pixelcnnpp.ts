/**
 * The public model. It checks what callers pass and hands the work to the modules that own it:
 * reading checkpoints (`weights/read-model`), the likelihood (`log-prob`), generation
 * (`sampling/generate-images`) and training (`training/fit-loop`).
 */
import { resolveBackend } from './backends/registry.js';
import type { BackendAttempt, BackendName, ResolvedBackend } from './backends/backend.js';
import { resolveConfig, type ModelConfig } from './config.js';
import { defaultModelSource } from './default-model.js';
import { PixelCNNPPError } from './errors.js';
import { toImageBatch, type ImageInput, type Uint8ImageBatch } from './image.js';
import { checkLabels, requireLabels } from './labels.js';
import { evaluateLogProb, networkOutput, type LogProbMapResult, type LogProbOptions, type LogProbResult } from './log-prob.js';
import { loadMixtureKernel, type MixtureKernel } from './mixture/index.js';
import { loadArguments, type CreateOptions, type LoadOptions, type ModelState, type SaveOptions } from './model-options.js';
import { buildNetwork, leaseNetwork, withLeasedParts, type ModelParts } from './model-parts.js';
import type { PixelCNNNet } from './network/pixelcnn-net.js';
import type { Leased } from './util/leased.js';
import { generateImages } from './sampling/generate-images.js';
import type { CompleteOptions, SampleOptions, SampleResult, SampleSettings } from './sampling/sample-options.js';
import { defaultSampleLabels, keptPixels, resolveSampleOptions, sampleRequest } from './sampling/sample-options.js';
import { completionLabels } from './sampling/completion-labels.js';
import { DEFAULT_EMA, resolveFitOptions, type FitOptions, type FitResult } from './training/fit-options.js';
import { fitData, runFit, type FitTarget } from './training/fit-loop.js';
import { PAPER_OPTIMIZER } from './training/optimizer.js';
import { randomTensors } from './weights/random.js';
import { readModel, type ModelSource } from './weights/read-model.js';
import { serializeModel } from './weights/save-model.js';
import type { TrainingState } from './weights/training-checkpoint.js';
import type { TensorMap } from './weights/weight-map.js';
import { env } from './env.js';
import { IS_NODE } from './platform.js';
import { ModelThreads, checkWorkerCount, checkWorkers } from './parallel/model-threads.js';
import type { StepHelperThread } from './sampling/step-helper.js';


export class PixelCNNPP {
  readonly config: Readonly<Required<ModelConfig>>;
  private readonly runtime: ResolvedBackend;
  private readonly mixture: MixtureKernel;
  /** Leased by each call for its whole duration, so `fit` can swap it and `dispose` free it mid-call. */
  private readonly network: Leased<PixelCNNNet>;
  private tensors: TensorMap;
  private training: TrainingState | undefined;
  private untrained: boolean;
  private fitting = false;
  private disposed = false;
  /** The threads inference splits its images across; one by default. */
  private readonly threads: ModelThreads;

  private constructor(state: ModelState, runtime: ResolvedBackend, mixture: MixtureKernel, net: PixelCNNNet, workers: number) {
    this.config = Object.freeze({ ...state.config });
    this.runtime = runtime;
    this.mixture = mixture;
    this.threads = new ModelThreads(workers, () => ({
      config: this.config,
      tensors: this.tensors,
      backend: this.runtime.name as 'wasm' | 'cpu',
      wasm: { ...env.wasm },
      logLevel: env.logLevel,
    }));
    this.network = leaseNetwork(net);
    this.tensors = state.tensors;
    this.training = state.training;
    this.untrained = state.untrained;
  }

  /**
   * A new model with random weights, to train with `fit` (whose first batch runs the paper's
   * data-dependent initialisation).
   */
  static async create(config: Partial<ModelConfig>, options: CreateOptions = {}): Promise<PixelCNNPP> {
    const resolved = resolveConfig(config);
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed: expected a non-negative integer, got ${seed}.`);
    checkWorkerCount(options.workers ?? 1);
    const state = { config: resolved, tensors: randomTensors(resolved, seed), training: undefined, untrained: true };
    return PixelCNNPP.build(state, await resolveBackend(options.backend ?? 'auto'), options.workers);
  }

  private static async build(state: ModelState, runtime: ResolvedBackend, workers: unknown = 1): Promise<PixelCNNPP> {
    const mixture = await loadMixtureKernel();
    const threads = checkWorkers(workers, runtime.name, IS_NODE);
    const net = await buildNetwork(runtime, state.tensors, state.config);
    return new PixelCNNPP(state, runtime, mixture, net, threads);
  }

  /**
   * Loads a model from a safetensors checkpoint (a URL, a file path under Node, or its bytes),
   * or from tensors in memory. Checkpoints use the PyTorch port's names; the original TensorFlow
   * release's variable names are recognised and converted. Without a source (`load()`,
   * `load(options)` or `load(undefined, options)`): the bundled class-conditional MNIST model
   * (`env.defaultModel` says where it is).
   */
  static async load(options?: LoadOptions): Promise<PixelCNNPP>;
  static async load(source: ModelSource | undefined, options?: LoadOptions): Promise<PixelCNNPP>;
  static async load(sourceOrOptions?: ModelSource | LoadOptions, maybeOptions?: LoadOptions): Promise<PixelCNNPP> {
    const { source, options } = loadArguments(sourceOrOptions, maybeOptions);
    if (source === null) {
      throw new TypeError('source: expected a URL, file path, ArrayBuffer, Uint8Array or {config, tensors}, or nothing for the bundled MNIST model.');
    }
    checkWorkerCount(options.workers ?? 1);
    // The backend starts first, so one that cannot start fails before the download.
    const runtime = await resolveBackend(options.backend ?? 'auto');
    const contents = await readModel(source ?? defaultModelSource(), options);
    options.signal?.throwIfAborted();
    const { config, tensors, training } = contents;
    const model = await PixelCNNPP.build({ config, tensors, training, untrained: false }, runtime, options.workers);
    if (options.warmup) {
      const { height, width, channels, numClasses } = contents.config;
      const probe = { data: new Uint8Array(height * width * channels), shape: [1, height, width, channels] as [number, number, number, number] };
      const labels = numClasses > 0 ? Int32Array.of(0) : undefined;
      try {
        // On every thread: the worker threads (if any) start now and warm up too.
        await Promise.all([model.logProb(probe, labels ? { labels } : {}), model.threads.warmUp(probe, labels)]);
      } catch (error) {
        model.dispose();
        throw error;
      }
    }
    options.onProgress?.({ status: 'ready', loaded: contents.bytesRead, total: contents.bytesRead });
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

  /**
   * The log-likelihood of each image under the model. A class-conditional model called without
   * labels gives the likelihood with the classes summed out (uniform prior) and each image's
   * most likely class.
   */
  async logProb(images: ImageInput, options: LogProbOptions = {}): Promise<LogProbResult> {
    return this.evaluate(images, options, { perPixelMap: false });
  }

  /** Per-pixel log-likelihoods, for heat maps and anomaly detection, with the per-image totals. */
  async logProbMap(images: ImageInput, options: LogProbOptions = {}): Promise<LogProbMapResult> {
    return (await this.evaluate(images, options, { perPixelMap: true })) as LogProbMapResult;
  }

  private async evaluate(images: ImageInput, options: LogProbOptions, { perPixelMap }: { perPixelMap: boolean }) {
    this.checkAlive('logProb');
    const batch = await toImageBatch(images, this.config);
    const labels = checkLabels(options.labels, batch.shape[0], this.config.numClasses);
    const { batchSize, signal } = options;
    const local = (images: Uint8ImageBatch, shareLabels: Int32Array | undefined, shareSignal: AbortSignal | undefined) =>
      this.withParts('logProb', (parts) => evaluateLogProb(parts, images, { labels: shareLabels, batchSize, perPixelMap, signal: shareSignal }));
    if (!this.threads.splits(batch.shape[0])) return local(batch, labels, signal);
    return this.threads.logProb(batch, { labels, batchSize, perPixelMap, signal }, local);
  }

  /**
   * The raw network output (mixture parameters) for uint8 NHWC images: `[N, H, W, P]` float32.
   * For inspection and for checking ports against each other.
   */
  async forward(images: ImageInput, options: Pick<LogProbOptions, 'labels'> = {}): Promise<Float32Array> {
    this.checkAlive('forward');
    const batch = await toImageBatch(images, this.config);
    const labels = requireLabels(options.labels, batch.shape[0], this.config.numClasses);
    return this.withParts('forward', (parts) => networkOutput(parts, batch.data, batch.shape[0], labels));
  }

  /**
   * Draws new images pixel by pixel: `sample(seed)`, `sample(seed, options)` or `sample(options)`.
   * A class-conditional model given no labels draws image k as class k mod K.
   */
  async sample(seedOrOptions?: number | SampleOptions, options: Omit<SampleOptions, 'seed'> = {}): Promise<SampleResult> {
    this.checkAlive('sample');
    const { height, width, channels } = this.config;
    const { options: merged, count } = sampleRequest(seedOrOptions, options, height * width * channels);
    const settings = resolveSampleOptions(merged, count, this.config.numClasses);
    const withLabels = { ...settings, labels: defaultSampleLabels(settings, count, this.config.numClasses) };
    const { signal, onProgress } = merged;
    const local = (n: number, share: SampleSettings, shareSignal: AbortSignal | undefined, shareProgress: SampleOptions['onProgress'], helper?: StepHelperThread) =>
      this.withParts('sample', (parts) => generateImages(parts, { count: n, settings: share, signal: shareSignal, onProgress: shareProgress, helper }));
    // A call that is not split lends the workers to its stepper instead (see `step-helper.ts`).
    if (!this.threads.splits(count)) return local(count, withLabels, signal, onProgress, this.threads.stepHelper);
    return this.threads.draw({ count, settings: withLabels, signal, onProgress }, [height, width, channels], (n, share, _known, shareSignal, shareProgress) =>
      local(n, share, shareSignal, shareProgress, this.threads.busyStepHelper),
    );
  }

  /**
   * Keeps the given pixels of each image and samples the others in raster order, each drawn
   * given every pixel before it (given or drawn): the classic "complete the bottom half". A
   * class-conditional model given no labels draws each image's class from p(class | the kept
   * pixels before the first one to draw), so a completion is a draw from the model with the
   * classes summed out.
   */
  async complete(images: ImageInput, options: CompleteOptions): Promise<SampleResult> {
    this.checkAlive('complete');
    const batch = await toImageBatch(images, this.config);
    const mask = keptPixels(options, this.config.height, this.config.width);
    const count = batch.shape[0];
    const settings = resolveSampleOptions(options, count, this.config.numClasses);
    const local = (n: number, share: SampleSettings, images: Uint8ImageBatch, signal: AbortSignal | undefined, onProgress: CompleteOptions['onProgress'], helper?: StepHelperThread) =>
      this.withParts('complete', async (parts) => {
        const labels = share.labels ?? (await completionLabels(parts, images, mask, share));
        return generateImages(parts, { count: n, settings: { ...share, labels }, known: { data: images.data, mask }, signal, onProgress, helper });
      });
    if (!this.threads.splits(count)) return local(count, settings, batch, options.signal, options.onProgress, this.threads.stepHelper);
    const { height, width, channels } = this.config;
    const request = { count, settings, known: { batch, mask }, signal: options.signal, onProgress: options.onProgress };
    return this.threads.draw(request, [height, width, channels], (n, share, known, signal, onProgress) =>
      local(n, share, known!.batch, signal, onProgress, this.threads.busyStepHelper),
    );
  }

  /** The checkpoint as safetensors bytes (canonical names, config in the metadata). */
  save(options: SaveOptions = {}): Uint8Array {
    this.checkAlive('save');
    return serializeModel(this.config, this.tensors, options.training ? this.training : undefined, options);
  }

  /**
   * Trains the model on uint8 images (the paper's recipe by default: Adam with beta1 0.95,
   * beta2 0.9995, learning rate 1e-3 decayed by 0.999995 per step, dropout, data-dependent
   * initialisation of a new model, polyak averaging). After each epoch the model takes the
   * averaged parameters, so `logProb`, `sample` and `save` use them. A model loaded from a
   * checkpoint saved with `save({ training: true })` continues that run: `epochs` counts the
   * earlier epochs too.
   */
  async fit(images: ImageInput, options: FitOptions = {}): Promise<FitResult> {
    this.checkAlive('fit');
    if (this.fitting) throw new PixelCNNPPError('E_BUSY', 'fit: this model is already training; wait for the running fit to finish.');
    this.fitting = true;
    try {
      const settings = resolveFitOptions(options, {
        dropout: this.config.dropout,
        optimizer: this.training?.optimizer ?? PAPER_OPTIMIZER,
        ema: this.training?.ema ?? DEFAULT_EMA,
        resuming: this.training !== undefined,
      });
      const data = await fitData(images, options, this.config);
      const target: FitTarget = {
        config: this.config,
        runtime: this.runtime,
        params: this.tensors,
        resume: this.training,
        initialize: this.untrained,
        checkAlive: () => this.checkAlive('fit'),
        adopt: (averaged, state) => this.adopt(averaged, state),
        withParts: (work) => this.withParts('fit', work),
        checkpoint: () => this.save({ training: true }),
      };
      return await runFit(target, data, settings, options);
    } finally {
      this.fitting = false;
    }
  }

  /** Takes an epoch's averaged parameters as the model's, and its state for a later resume. */
  private async adopt(averaged: TensorMap, state: TrainingState): Promise<void> {
    const net = await buildNetwork(this.runtime, averaged, this.config);
    // Calls already running finish on the network they began with; it is freed after them.
    if (!this.network.replace(net)) throw new PixelCNNPPError('E_DISPOSED', 'fit: the model was disposed.');
    this.tensors = averaged;
    this.training = state;
    this.untrained = false;
    // Workers hold the parameters they were started with: the next call starts new ones.
    this.threads.renew();
  }

  /**
   * Frees the network's tensors. Idempotent; later calls throw `E_DISPOSED`, and calls still
   * running stop with `E_DISPOSED` at their next row, chunk or step, after which their tensors
   * are freed too.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.network.close();
    this.threads.close(new PixelCNNPPError('E_DISPOSED', 'the model was disposed.'));
  }

  /** Runs `work` on the model's parts with a lease on the current network (see `withLeasedParts`). */
  private withParts<T>(method: string, work: (parts: ModelParts) => Promise<T>): Promise<T> {
    const { config, mixture, runtime } = this;
    return withLeasedParts(this.network, { method, config, mixture, runtime, checkAlive: () => this.checkAlive(method) }, work);
  }

  private checkAlive(method: string): void {
    if (this.disposed) throw new PixelCNNPPError('E_DISPOSED', `${method}: the model was disposed.`);
  }
}
