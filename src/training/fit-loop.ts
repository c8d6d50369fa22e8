/**
 * `fit`'s loop: starts the worker threads and the trainer, trains epoch after epoch, and after
 * each one hands the averaged parameters to the model, evaluates the held-out images and calls
 * `onEpochEnd`.
 */
import type { ResolvedBackend } from '../backends/backend.js';
import type { ModelConfig } from '../config.js';
import { PixelCNNPPError } from '../errors.js';
import type { ImageInput, Uint8ImageBatch } from '../image.js';
import { toImageBatch } from '../image.js';
import { requireLabels } from '../labels.js';
import { evaluateLogProb } from '../log-prob.js';
import type { ModelParts } from '../model-parts.js';
import { IS_NODE } from '../platform.js';
import type { TrainingState } from '../weights/training-checkpoint.js';
import type { TensorMap } from '../weights/weight-map.js';
import { GradientWorkers } from './data-parallel.js';
import { trainEpoch } from './epoch.js';
import type { EpochResult, FitOptions, FitResult, ResolvedFitOptions } from './fit-options.js';
import { Trainer } from './trainer.js';

/** The model being trained, as the loop sees it. */
export interface FitTarget {
  readonly config: Readonly<Required<ModelConfig>>;
  readonly runtime: ResolvedBackend;
  /** The parameters the run starts from. */
  readonly params: TensorMap;
  /** The state of an earlier run to continue, if any. */
  readonly resume: TrainingState | undefined;
  /** The parameters are still `create`'s random ones: the first batch initialises them from the data. */
  readonly initialize: boolean;
  /** Throws `E_DISPOSED` if the model was disposed meanwhile. */
  checkAlive(): void;
  /** Makes an epoch's averaged parameters the model's own, and `state` the one a later `fit` resumes from. */
  adopt(averaged: TensorMap, state: TrainingState): Promise<void>;
  /** Runs `work` on the model's parts of the moment (for evaluating the held-out images). */
  withParts<T>(work: (parts: ModelParts) => Promise<T>): Promise<T>;
  /** The checkpoint `onEpochEnd` is handed: the model's, with its training state. */
  checkpoint(): Uint8Array;
}

/** Checked images and their labels (class-conditional models). */
export interface LabelledImages {
  images: Uint8ImageBatch;
  labels: Int32Array | undefined;
}

export interface FitData extends LabelledImages {
  /** Evaluated after each epoch with the averaged parameters. */
  validation: LabelledImages | undefined;
}

/** `fit`'s images and labels, and the held-out ones, checked against the model's config. */
export async function fitData(images: ImageInput, options: Pick<FitOptions, 'labels' | 'validation'>, config: Required<ModelConfig>): Promise<FitData> {
  const batch = await toImageBatch(images, config);
  const labels = requireLabels(options.labels, batch.shape[0], config.numClasses);
  if (options.validation === undefined) return { images: batch, labels, validation: undefined };
  const held = await toImageBatch(options.validation.images, config, 'validation.images');
  const heldLabels = requireLabels(options.validation.labels, held.shape[0], config.numClasses, 'validation.labels');
  return { images: batch, labels, validation: { images: held, labels: heldLabels } };
}

/** Trains `target` until `settings.epochs` epochs have run in all. */
export async function runFit(
  target: FitTarget,
  data: FitData,
  settings: ResolvedFitOptions,
  callbacks: Pick<FitOptions, 'signal' | 'onProgress' | 'onEpochEnd'>,
): Promise<FitResult> {
  const { runtime } = target;
  callbacks.signal?.throwIfAborted();
  const workers = await startWorkers(target, settings.workers);
  let trainer: Trainer;
  try {
    trainer = await runtime.run(
      () =>
        new Trainer(target.config, {
          params: target.params,
          initialize: target.initialize,
          ...(target.resume ? { resume: target.resume } : {}),
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
        trainer, workers, run: (fn) => runtime.run(fn), images: data.images, labels: data.labels, settings,
        signal: callbacks.signal, onProgress: callbacks.onProgress, checkAlive: () => target.checkAlive(),
      });
      const { averaged, state } = await runtime.run(async () => ({ averaged: await trainer.averaged(), state: await trainer.state() }));
      await target.adopt(averaged, state);
      const result: EpochResult = { epoch: trainer.epoch, trainBitsPerDim, seconds: 0 };
      const held = data.validation;
      if (held !== undefined) result.validationBitsPerDim = await target.withParts((parts) => meanBitsPerDim(parts, held, callbacks.signal));
      result.seconds = (performance.now() - started) / 1000;
      history.push(result);
      await callbacks.onEpochEnd?.(result, async () => target.checkpoint());
    }
  } finally {
    await workers?.terminate();
    await runtime.run(() => trainer.dispose());
  }
  return { history, steps: trainer.step };
}

/** The backends a worker thread can start on its own. */
const runsInWorkers = (backend: string): backend is 'wasm' | 'cpu' => backend === 'wasm' || backend === 'cpu';

/** The worker threads of `fit({ workers })`, or undefined for one thread. */
async function startWorkers(target: FitTarget, count: number): Promise<GradientWorkers | undefined> {
  if (count === 1) return undefined;
  const backend = target.runtime.name;
  if (!IS_NODE) throw new PixelCNNPPError('E_TRAINING', `fit: workers > 1 needs Node's worker_threads; in a browser use workers: 1.`);
  if (!runsInWorkers(backend)) {
    throw new PixelCNNPPError('E_TRAINING', `fit: workers > 1 runs on the 'wasm' and 'cpu' backends; this model runs on '${backend}'.`);
  }
  return GradientWorkers.start(count - 1, { config: target.config, backend });
}

/** The mean bits per dimension of `held`'s images under the parts' parameters. */
async function meanBitsPerDim(parts: ModelParts, held: LabelledImages, signal: AbortSignal | undefined): Promise<number> {
  const { bitsPerDim } = await evaluateLogProb(parts, held.images, { labels: held.labels, perPixelMap: false, signal });
  return bitsPerDim.reduce((a, b) => a + b, 0) / bitsPerDim.length;
}
