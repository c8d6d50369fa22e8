/**
 * Reading a model: checkpoint bytes from wherever they are, parsed, checked against the config
 * and, for the original TensorFlow release's names, converted; or tensors already in memory.
 */
import type { ModelConfig } from '../config.js';
import type { ByteSource } from '../util/read-bytes.js';
import type { Float32TensorData } from './safetensors.js';
import type { TrainingState } from './training-checkpoint.js';
import type { TensorMap } from './weight-map.js';
/** Weights already in memory, under the canonical (PyTorch port) names. */
export interface TensorSource {
    config: Partial<ModelConfig>;
    tensors: ReadonlyMap<string, Float32TensorData> | Readonly<Record<string, Float32TensorData>>;
}
export type ModelSource = ByteSource | TensorSource;
export interface LoadProgress {
    status: 'download' | 'ready';
    loaded: number;
    total: number | undefined;
}
export interface ReadModelOptions {
    /** Config fields for checkpoints whose metadata lacks them (metadata wins where both are given). */
    config?: Partial<ModelConfig>;
    onProgress?: (progress: LoadProgress) => void;
    signal?: AbortSignal;
    /** The `fetch` used for URLs. @defaultValue globalThis.fetch */
    fetch?: typeof fetch;
}
export interface ModelContents {
    config: Required<ModelConfig>;
    /** The model's parameters under the canonical names. */
    tensors: TensorMap;
    /** The state `fit` resumes from, when the file is a training checkpoint. */
    training: TrainingState | undefined;
    /** Bytes read from the source (0 for tensors in memory). */
    bytesRead: number;
}
/**
 * Reads, parses and validates a checkpoint (safetensors or PyTorch `.pth`); converts TF-release
 * names to canonical ones. Config fields come from the metadata, else `options.config`, else the
 * tensor shapes.
 */
export declare function readModel(source: ModelSource, options?: ReadModelOptions): Promise<ModelContents>;
