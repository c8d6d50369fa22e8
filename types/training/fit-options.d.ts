/**
 * `model.fit` options: their defaults (the paper's recipe), validation, and the per-epoch
 * shuffled batch order.
 */
import type { ImageInput } from '../image.js';
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
/** The paper's Polyak decay per step. */
export declare const DEFAULT_EMA = 0.9995;
/** What a run starts from when the caller does not say: the paper's, or a resumed run's own. */
export interface FitDefaults {
    dropout: number;
    optimizer: Readonly<OptimizerSettings>;
    ema: number;
    /** True when continuing a checkpoint, whose moments belong to its optimizer. */
    resuming: boolean;
}
export declare function resolveFitOptions(options: FitOptions, defaults: FitDefaults): ResolvedFitOptions;
/** The images of each batch of an epoch: a seeded shuffle cut into `batchSize` pieces (the last may be short). */
export declare function epochBatches(count: number, batchSize: number, seed: number): Uint32Array[];
