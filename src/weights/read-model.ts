/**
 * Reading a model: checkpoint bytes from wherever they are, parsed, checked against the config
 * and, for the original TensorFlow release's names, converted; or tensors already in memory.
 */
import type { ModelConfig } from '../config.js';
import { checkpointConfig, resolveConfig } from '../config.js';
import type { ByteSource, ReadProgress } from '../util/read-bytes.js';
import { readBytes } from '../util/read-bytes.js';
import type { Float32TensorData } from './safetensors.js';
import { inferConfig } from './infer-config.js';
import { decodeCheckpoint, tfReleaseConversion } from './decode-checkpoint.js';
import { safetensorsFileSize } from './safetensors.js';
import type { TrainingState } from './training-checkpoint.js';
import { splitCheckpoint } from './training-checkpoint.js';
import type { TensorMap } from './weight-map.js';
import { checkTensors } from './weight-map.js';

/** The longest safetensors header read to learn a compressed download's size before giving up. */
const MAX_SNIFFED_HEADER_BYTES = 16 * 2 ** 20;

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
export async function readModel(source: ModelSource, options: ReadModelOptions = {}): Promise<ModelContents> {
  if (isTensorSource(source)) {
    const tensors = source.tensors instanceof Map ? source.tensors : new Map(Object.entries(source.tensors));
    const config = resolveConfig({ ...inferConfig(tensors), ...source.config });
    checkTensors(tensors, config);
    return { config, tensors, training: undefined, bytesRead: 0 };
  }
  const onProgress = options.onProgress;
  const bytes = await readBytes(source, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(onProgress ? { onProgress: (p: ReadProgress) => onProgress({ status: 'download', ...p }) } : {}),
    sizeFromHead: (head) => safetensorsFileSize(head, MAX_SNIFFED_HEADER_BYTES),
  });
  const file = await decodeCheckpoint(bytes);
  // The file's metadata wins, then the caller's fields, then what the tensor shapes say.
  const config = checkpointConfig(file.metadata, { fill: { ...inferConfig(file.tensors), ...options.config } });
  const bytesRead = bytes.byteLength;
  const conversion = tfReleaseConversion(file, config);
  if (conversion !== undefined) return { config, tensors: conversion.tensors, training: undefined, bytesRead };
  const { model, training } = splitCheckpoint(file.tensors, file.metadata);
  checkTensors(model, config);
  if (training !== undefined) for (const part of [training.params, training.m, training.v]) checkTensors(part, config);
  return { config, tensors: model, training, bytesRead };
}

function isTensorSource(source: ModelSource): source is TensorSource {
  return typeof source === 'object' && source !== null && 'tensors' in source && 'config' in source;
}
