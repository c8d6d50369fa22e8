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
import type { OptimizerSettings, TrainingState } from '../weights/training-checkpoint.js';
import { ParameterSet } from './parameters.js';
/** How a batch's loss is taken: the dropout rate and mask seed, and the factor on the summed NLL. */
export interface LossSettings {
    dropout: number;
    /** Seeds the dropout masks; unseeded without it. */
    dropoutSeed?: string;
    /** Multiplies the summed negative log-likelihood (nats). */
    scale: number;
}
export interface TrainerStart {
    /** Starting parameters (random for a new model, the loaded ones to fine-tune). */
    params: TensorMap;
    /** Run the data-dependent initialisation on the first batch (new models). */
    initialize: boolean;
    /** A checkpoint's state to resume from; overrides `params`. */
    resume?: TrainingState;
    /** The settings to train with (a resumed run's own unless the caller changed them). */
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
    /** True until the first batch has run the data-dependent initialisation. */
    get needsInitialization(): boolean;
    get learningRate(): number;
    /**
     * The first-batch data-dependent initialisation, on a fresh model's first call; a no-op
     * afterwards. `trainStep` and `gradients` call it themselves.
     */
    initialize(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, { dropout, dropoutSeed }: Omit<LossSettings, 'scale'>): void;
    /**
     * One optimisation step on a batch (`x` in [-1, 1], NHWC). Returns the batch's loss in
     * nats per dimension, before the update, as a scalar tensor the caller disposes.
     */
    trainStep(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, settings: Omit<LossSettings, 'scale'>): tf.Scalar;
    /**
     * The batch's negative log-likelihood in nats times `settings.scale`, and its gradient with respect
     * to each raw parameter (canonical names). With `scale = 1 / dims of the whole batch`, the
     * gradients of the parts of a batch, computed apart (by data-parallel workers), add up to
     * the whole batch's. The caller disposes every tensor returned.
     */
    gradients(x: tf.Tensor4D, labels: tf.Tensor1D | undefined, settings: LossSettings): {
        loss: tf.Scalar;
        grads: Map<string, tf.Tensor>;
    };
    /** An optimizer update from gradients keyed by canonical name, then the EMA update. */
    applyGradients(grads: ReadonlyMap<string, tf.Tensor>): void;
    /** The raw parameters, canonical names: what data-parallel workers compute gradients at. */
    rawParameters(): Promise<Map<string, Float32TensorData>>;
    /** The averaged parameters, for evaluation, sampling and saving. */
    averaged(): Promise<Map<string, Float32TensorData>>;
    /** The full state for a checkpoint. */
    state(): Promise<TrainingState>;
    dispose(): void;
}
/**
 * The batch's negative log-likelihood in nats times `scale`, and its gradient with respect to
 * each parameter of `params` (canonical names). The caller disposes every tensor returned.
 */
export declare function lossAndGradients(params: ParameterSet, config: Required<ModelConfig>, x: tf.Tensor4D, labels: tf.Tensor1D | undefined, { dropout, dropoutSeed, scale }: LossSettings): {
    loss: tf.Scalar;
    grads: Map<string, tf.Tensor>;
};
