/**
 * Adam and Adamax with the paper's settings (beta1 0.95, beta2 0.9995) and a per-step
 * exponential learning-rate decay, written out so their state (moments, step) can be saved in
 * a checkpoint and restored exactly. Updates run on the backend, one fused tidy per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerSettings } from '../weights/training-checkpoint.js';
import type { ParameterSet } from './parameters.js';
export declare const PAPER_OPTIMIZER: Readonly<OptimizerSettings>;
export declare class Optimizer {
    readonly settings: Readonly<OptimizerSettings>;
    /** Steps taken so far (the bias corrections and the decay use it). */
    step: number;
    /** First moments, and second moments (adam) or the infinity norm (adamax), per parameter. */
    readonly m: ParameterSet;
    readonly v: ParameterSet;
    constructor(settings: OptimizerSettings, m: ParameterSet, v: ParameterSet, step?: number);
    /** The learning rate of the next step. */
    get learningRate(): number;
    /** One update of every parameter in `params` from `grads` (keyed by canonical name). */
    apply(params: ParameterSet, grads: ReadonlyMap<string, tf.Tensor>): void;
    dispose(): void;
}
