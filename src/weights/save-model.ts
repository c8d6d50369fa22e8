/**
 * A model as safetensors bytes: its parameters under the canonical names and its config in the
 * metadata, float32 or float16, and for a training checkpoint the state `fit` resumes from.
 */
import type { ModelConfig } from '../config.js';
import { configToMetadata } from '../config.js';
import { serializeSafetensors } from './safetensors.js';
import type { TrainingState } from './training-checkpoint.js';
import { checkpointContents } from './training-checkpoint.js';
import type { TensorMap } from './weight-map.js';

/** `training`: the state to write beside the parameters, for a resumable checkpoint. */
export function serializeModel(
  config: Required<ModelConfig>,
  tensors: TensorMap,
  training: TrainingState | undefined,
  options: { dtype?: 'float32' | 'float16' },
): Uint8Array {
  const dtype = options.dtype ?? 'float32';
  if (dtype !== 'float32' && dtype !== 'float16') throw new RangeError(`dtype: expected 'float32' or 'float16', got ${String(dtype)}.`);
  if (training !== undefined) {
    if (dtype !== 'float32') throw new TypeError(`dtype: training checkpoints are float32 only (Adam's moments underflow float16).`);
    const contents = checkpointContents(config, tensors, training);
    return serializeSafetensors(contents.tensors, contents.metadata);
  }
  return serializeSafetensors(tensors, configToMetadata(config), { dtype: dtype === 'float16' ? 'F16' : 'F32' });
}
