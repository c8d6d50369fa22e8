/**
 * The training loop's state on the backend: raw parameters, their polyak average, the
 * optimizer; one step = forward with dropout, the mixture negative log-likelihood, gradients,
 * an optimizer update and an EMA update. The first step of a fresh model is preceded by the
 * data-dependent initialisation pass. Callers run every method inside the backend's queue.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config.js';
import type { Float32TensorData } from '../weights/safetensors.js';
import type { TensorMap } from '../weights/weight-map.js';
import type { TrainingState } from './checkpoint.js';
import type { OptimizerSettings } from './optimizer.js';
export interface TrainerStart {
    /** Starting parameters (random for a new model, the loaded ones to fine-tune). */
    params: TensorMap;
    /** Run the data-dependent initialisation on the first batch (new models). */
    initialize: boolean;
    /** A checkpoint's state to resume from; overrides `params`. */
    resume?: TrainingState;
    optimizer: OptimizerSettings;
    /** EMA decay per step. */
    ema: number;
}
export declare class Trainer {
    readonly config: Required<ModelConfig>;
    readonly emaDecay: number;
    epoch: number;
    private readonly params;
    private readonly ema;
    private readonly optimizer;
    private needsInit;
    /** Creates the variables on the active backend. */
    constructor(config: Required<ModelConfig>, start: TrainerStart);
    get step(): number;
    get learningRate(): number;
    /**
     * One optimisation step on a batch (`x` in [-1, 1], NHWC). Returns the batch's loss in
     * nats per dimension, before the update, as a scalar tensor the caller disposes.
     */
    trainStep(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, dropout: number): tf.Scalar;
    /** Mean negative log-likelihood in nats per dimension. */
    private loss;
    /** The averaged parameters, for evaluation, sampling and saving. */
    averaged(): Promise<Map<string, Float32TensorData>>;
    /** The full state for a checkpoint. */
    state(): Promise<TrainingState>;
    dispose(): void;
}
