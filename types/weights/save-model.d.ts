/**
 * A model as safetensors bytes: its parameters under the canonical names and its config in the
 * metadata, float32 or float16, and for a training checkpoint the state `fit` resumes from.
 */
import type { ModelConfig } from '../config.js';
import type { TrainingState } from './training-checkpoint.js';
import type { TensorMap } from './weight-map.js';
/** `training`: the state to write beside the parameters, for a resumable checkpoint. */
export declare function serializeModel(config: Required<ModelConfig>, tensors: TensorMap, training: TrainingState | undefined, options: {
    dtype?: 'float32' | 'float16';
}): Uint8Array;
