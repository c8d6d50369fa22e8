/**
 * The trainable parameters: one `tf.Variable` per checkpoint tensor (the canonical PyTorch-port
 * names, `weight_v`, `weight_g`, `bias`, class embeddings), and the network's parameter
 * structure computed from them with differentiable ops, weight normalisation included, so that
 * gradients reach `v`, `g` and `b` as in the paper.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config.js';
import type { LayerInitializer } from '../network/layers.js';
import type { NetworkParams } from '../network/pixelcnn-net.js';
import type { Float32TensorData } from '../weights/safetensors.js';
import type { LayerSpec } from '../network/architecture.js';
import type { TensorMap } from '../weights/weight-map.js';
/**
 * Data-dependent initialisation of one layer (Salimans & Kingma 2016): given the layer's output
 * with unit-norm filters and no bias, set `g` and `b` so the output has zero mean and
 * `initScale^2` variance per channel, and return that output.
 */
export type InitializerFactory = (spec: LayerSpec, variables: ParameterSet) => LayerInitializer;
/** Named variables in canonical order. */
export declare class ParameterSet {
    readonly variables: ReadonlyMap<string, tf.Variable>;
    private constructor();
    /**
     * Variables holding copies of `tensors` (validated against `config`), on the active backend;
     * `trainable: false` for state the optimizer does not differentiate (moments, the average).
     */
    static fromTensors(tensors: TensorMap, config: ModelConfig, { trainable }?: {
        trainable?: boolean;
    }): ParameterSet;
    /** A non-trainable copy (the EMA shadow). */
    clone(): ParameterSet;
    get(name: string): tf.Variable;
    /** Copies `other`'s values into these variables (same names and shapes). */
    assignFrom(other: ParameterSet): void;
    /** Overwrites each variable with the tensor of the same name in `tensors`. */
    write(tensors: TensorMap): void;
    /** Reads every value back (float32 copies), in canonical name order. */
    read(): Promise<Map<string, Float32TensorData>>;
    dispose(): void;
}
/**
 * The network's parameters as tensors computed from `set` (inside the caller's tape/tidy).
 * With `initializer`, weight-normalised layers run with `g = 1`, `b = 0` and hand their output
 * to the initializer, which sets `g` and `b` (the first-batch initialisation pass).
 */
export declare function networkParams(set: ParameterSet, config: Required<ModelConfig>, initializer?: InitializerFactory): NetworkParams;
