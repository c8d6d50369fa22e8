/**
 * Training checkpoints: one safetensors file that is also a loadable model. The canonical
 * tensor names hold the polyak-averaged (EMA) parameters, the ones used for evaluation and
 * sampling; the raw parameters and the optimizer's moments sit under `training.param.`,
 * `training.m.` and `training.v.`, and the step, epoch and settings in the
 * `pixelcnnpp.training` metadata entry. `PixelCNNPP.load` ignores the training part unless
 * `fit` later resumes from it.
 */
import type { ModelConfig } from '../config.js';
import type { Float32TensorData } from './safetensors.js';
import type { TensorMap } from './weight-map.js';
export type OptimizerName = 'adam' | 'adamax';
/** The optimizer a run trains with, as its checkpoints record it. */
export interface OptimizerSettings {
    name: OptimizerName;
    learningRate: number;
    /** Multiplies the learning rate after every step. */
    learningRateDecay: number;
    beta1: number;
    beta2: number;
    epsilon: number;
}
export declare const TRAINING_METADATA_KEY = "pixelcnnpp.training";
/** Everything `fit` needs to continue exactly where a run stopped. */
export interface TrainingState {
    /** Raw (not averaged) parameters, canonical names. */
    params: TensorMap;
    /** Optimizer moments, canonical names. */
    m: TensorMap;
    v: TensorMap;
    /** Optimizer steps and completed epochs so far. */
    step: number;
    epoch: number;
    optimizer: OptimizerSettings;
    /** EMA decay per step. */
    ema: number;
}
/** The tensors and metadata of a checkpoint: `ema` under the canonical names, the state beside. */
export declare function checkpointContents(config: ModelConfig, ema: TensorMap, state: TrainingState): {
    tensors: Map<string, Float32TensorData>;
    metadata: Record<string, string>;
};
/**
 * Splits a parsed checkpoint into the model's tensors and, when present, the training state.
 * Throws `E_WEIGHTS` when the training part is incomplete or its metadata unreadable.
 */
export declare function splitCheckpoint(tensors: TensorMap, metadata: Readonly<Record<string, string>>): {
    model: Map<string, Float32TensorData>;
    training: TrainingState | undefined;
};
