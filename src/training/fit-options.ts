/**
 * `model.fit` options: their defaults (the paper's recipe), validation, and the per-epoch
 * shuffled batch order.
 */
import type { ImageInput } from '../image.js';
import { mulberry32 } from '../util/mulberry32.js';
import type { OptimizerName, OptimizerSettings } from '../weights/training-checkpoint.js';

export interface FitProgress {
  /** 1-based epoch and step within it. */
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Optimizer steps since training began (across resumed runs). */
  totalSteps: number;
  /** This batch's loss in bits per dimension (with dropout, before the update). */
  bitsPerDim: number;
  learningRate: number;
}

export interface EpochResult {
  /** 1-based epoch number (counting epochs of earlier, resumed runs). */
  epoch: number;
  /** Mean training loss over the epoch's batches, bits per dimension. */
  trainBitsPerDim: number;
  /** Held-out bits per dimension with the averaged parameters, when `validation` is given. */
  validationBitsPerDim?: number;
  seconds: number;
}

export interface FitValidation {
  images: ImageInput;
  labels?: ArrayLike<number>;
}

/**
 * On a model loaded from a training checkpoint, the options given change the run from there on;
 * those left out (learning rate, its decay, the optimizer, `ema`) continue the checkpoint's.
 */
export interface FitOptions {
  /** Train until this many epochs have run in all (a resumed run continues the count). @defaultValue 1 */
  epochs?: number;
  /** @defaultValue 16 */
  batchSize?: number;
  /** Class labels of the training images (class-conditional models). */
  labels?: ArrayLike<number>;
  /** @defaultValue 'adam' (beta1 0.95, beta2 0.9995, as the paper), or a resumed run's */
  optimizer?: OptimizerName;
  /** The rate at step 0; step t uses `learningRate * learningRateDecay^t`. @defaultValue 1e-3, or a resumed run's */
  learningRate?: number;
  /** Learning-rate factor per step. @defaultValue 0.999995, or a resumed run's */
  learningRateDecay?: number;
  /**
   * Polyak (EMA) decay per step; the averaged parameters are used for evaluation and sampling.
   * Step t uses `min(ema, (1 + t) / (10 + t))`, as TensorFlow's moving average with
   * `num_updates`, so early averages are not dominated by the initial parameters. @defaultValue 0.9995, or a resumed run's
   */
  ema?: number;
  /** Dropout inside the gated blocks. @defaultValue the config's `dropout` (0.5) */
  dropout?: number;
  /** Evaluated after each epoch with the averaged parameters. */
  validation?: FitValidation;
  /**
   * Seeds the order of the batches (epoch e uses `seed + e`) and the dropout masks (from the
   * seed and the step), so the same run on the same backend repeats exactly. @defaultValue 0
   */
  seed?: number;
  onProgress?: (progress: FitProgress) => void;
  /** Called after each epoch (awaited); a checkpoint written here can resume the run. */
  onEpochEnd?: (result: EpochResult, checkpoint: () => Promise<Uint8Array>) => void | Promise<void>;
  /**
   * Threads computing each batch's gradients together (Node, `cpu` and `wasm` backends): the
   * batch is split among the main thread and `workers - 1` worker threads. tfjs-backend-wasm
   * uses one thread in Node, so this is how training uses more cores. @defaultValue 1
   */
  workers?: number;
  /** Stops after the current step; the model keeps the parameters of the last finished epoch. */
  signal?: AbortSignal;
}

export interface FitResult {
  history: EpochResult[];
  /** Optimizer steps in all (including resumed runs). */
  steps: number;
}

export interface ResolvedFitOptions {
  epochs: number;
  batchSize: number;
  dropout: number;
  ema: number;
  seed: number;
  workers: number;
  optimizer: OptimizerSettings;
}

function check(name: string, value: number, ok: boolean, expected: string): number {
  if (!ok) throw new RangeError(`${name}: expected ${expected}, got ${value}.`);
  return value;
}

/** The paper's Polyak decay per step. */
export const DEFAULT_EMA = 0.9995;

/** What a run starts from when the caller does not say: the paper's, or a resumed run's own. */
export interface FitDefaults {
  dropout: number;
  optimizer: Readonly<OptimizerSettings>;
  ema: number;
  /** True when continuing a checkpoint, whose moments belong to its optimizer. */
  resuming: boolean;
}

export function resolveFitOptions(options: FitOptions, defaults: FitDefaults): ResolvedFitOptions {
  const epochs = options.epochs ?? 1;
  const batchSize = options.batchSize ?? 16;
  const dropout = options.dropout ?? defaults.dropout;
  const ema = options.ema ?? defaults.ema;
  const seed = options.seed ?? 0;
  const workers = options.workers ?? 1;
  const learningRate = options.learningRate ?? defaults.optimizer.learningRate;
  const decay = options.learningRateDecay ?? defaults.optimizer.learningRateDecay;
  const name = options.optimizer ?? defaults.optimizer.name;
  if (name !== 'adam' && name !== 'adamax') throw new TypeError(`optimizer: expected 'adam' or 'adamax', got ${JSON.stringify(name)}.`);
  if (defaults.resuming && name !== defaults.optimizer.name) {
    throw new TypeError(`optimizer: this checkpoint was trained with '${defaults.optimizer.name}', whose moments do not carry over to '${name}'.`);
  }
  check('epochs', epochs, Number.isInteger(epochs) && epochs >= 1, 'a positive integer');
  check('batchSize', batchSize, Number.isInteger(batchSize) && batchSize >= 1, 'a positive integer');
  check('dropout', dropout, dropout >= 0 && dropout < 1, 'a number in [0, 1)');
  check('ema', ema, ema >= 0 && ema < 1, 'a number in [0, 1)');
  check('seed', seed, Number.isSafeInteger(seed) && seed >= 0, 'a non-negative integer');
  check('workers', workers, Number.isInteger(workers) && workers >= 1, 'a positive integer');
  check('learningRate', learningRate, Number.isFinite(learningRate) && learningRate > 0, 'a finite number > 0');
  check('learningRateDecay', decay, decay > 0 && decay <= 1, 'a number in (0, 1]');
  return { epochs, batchSize, dropout, ema, seed, workers, optimizer: { ...defaults.optimizer, name, learningRate, learningRateDecay: decay } };
}

/** The images of each batch of an epoch: a seeded shuffle cut into `batchSize` pieces (the last may be short). */
export function epochBatches(count: number, batchSize: number, seed: number): Uint32Array[] {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const random = mulberry32(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const batches: Uint32Array[] = [];
  for (let start = 0; start < count; start += batchSize) batches.push(order.subarray(start, Math.min(count, start + batchSize)));
  return batches;
}
