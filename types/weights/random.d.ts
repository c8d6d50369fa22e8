/**
 * Random canonical weights for a config: for benchmarks, tests and as the starting point of
 * training. Weight-normalised layers get `g = 1` (each output filter has unit norm, which keeps
 * activations at a sane scale through the depth of the network) and zero biases.
 */
import type { ModelConfig } from '../config.js';
import type { Float32TensorData } from './safetensors.js';
export declare function randomTensors(config: Partial<ModelConfig>, seed?: number): Map<string, Float32TensorData>;
