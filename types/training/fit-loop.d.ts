/**
 * `fit`'s loop: starts the worker threads and the trainer, trains epoch after epoch, and after
 * each one hands the averaged parameters to the model, evaluates the held-out images and calls
 * `onEpochEnd`.
 */
import type { ResolvedBackend } from '../backends/backend.js';
import type { ModelConfig } from '../config.js';
import type { ImageInput, Uint8ImageBatch } from '../image.js';
import type { ModelParts } from '../model-parts.js';
import type { TrainingState } from '../weights/training-checkpoint.js';
import type { TensorMap } from '../weights/weight-map.js';
import type { FitOptions, FitResult, ResolvedFitOptions } from './fit-options.js';
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
export declare function fitData(images: ImageInput, options: Pick<FitOptions, 'labels' | 'validation'>, config: Required<ModelConfig>): Promise<FitData>;
/** Trains `target` until `settings.epochs` epochs have run in all. */
export declare function runFit(target: FitTarget, data: FitData, settings: ResolvedFitOptions, callbacks: Pick<FitOptions, 'signal' | 'onProgress' | 'onEpochEnd'>): Promise<FitResult>;
