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
import { assembleNetworkParams } from '../network/pixelcnn-net.js';
import type { Float32TensorData } from '../weights/safetensors.js';
import type { LayerSpec } from '../network/architecture.js';
import { LAYER, layerSpecs } from '../network/architecture.js';
import type { TensorMap } from '../weights/weight-map.js';
import { checkTensors, tfjsPermutation } from '../weights/weight-map.js';

/**
 * Data-dependent initialisation of one layer (Salimans & Kingma 2016): given the layer's output
 * with unit-norm filters and no bias, set `g` and `b` so the output has zero mean and
 * `initScale^2` variance per channel, and return that output.
 */
export type InitializerFactory = (spec: LayerSpec, variables: ParameterSet) => LayerInitializer;

/** Named variables in canonical order. */
export class ParameterSet {
  readonly variables: ReadonlyMap<string, tf.Variable>;

  private constructor(variables: Map<string, tf.Variable>) {
    this.variables = variables;
  }

  /**
   * Variables holding copies of `tensors` (validated against `config`), on the active backend;
   * `trainable: false` for state the optimizer does not differentiate (moments, the average).
   */
  static fromTensors(tensors: TensorMap, config: ModelConfig, { trainable = true }: { trainable?: boolean } = {}): ParameterSet {
    checkTensors(tensors, config);
    const names = [...tensors.keys()].sort();
    const variables = new Map<string, tf.Variable>();
    for (const name of names) {
      const { data, shape } = tensors.get(name)!;
      const initial = tf.tensor(data, shape as number[], 'float32');
      variables.set(name, tf.variable(initial, trainable, undefined, 'float32'));
      initial.dispose();
    }
    return new ParameterSet(variables);
  }

  /** A non-trainable copy (the EMA shadow). */
  clone(): ParameterSet {
    const variables = new Map<string, tf.Variable>();
    for (const [name, v] of this.variables) variables.set(name, tf.variable(v, false));
    return new ParameterSet(variables);
  }

  get(name: string): tf.Variable {
    const v = this.variables.get(name);
    if (v === undefined) throw new Error(`no parameter '${name}'`);
    return v;
  }

  /** Copies `other`'s values into these variables (same names and shapes). */
  assignFrom(other: ParameterSet): void {
    for (const [name, v] of this.variables) v.assign(other.get(name));
  }

  /** Overwrites each variable with the tensor of the same name in `tensors`. */
  write(tensors: TensorMap): void {
    for (const [name, v] of this.variables) {
      const tensor = tensors.get(name);
      if (tensor === undefined) throw new Error(`no tensor for parameter '${name}'`);
      tf.tidy(() => v.assign(tf.tensor(tensor.data, v.shape, 'float32')));
    }
  }

  /** Reads every value back (float32 copies), in canonical name order. */
  async read(): Promise<Map<string, Float32TensorData>> {
    const out = new Map<string, Float32TensorData>();
    for (const [name, v] of this.variables) out.set(name, { shape: [...v.shape], data: (await v.data()) as Float32Array });
    return out;
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
  }
}

/**
 * The network's parameters as tensors computed from `set` (inside the caller's tape/tidy).
 * With `initializer`, weight-normalised layers run with `g = 1`, `b = 0` and hand their output
 * to the initializer, which sets `g` and `b` (the first-batch initialisation pass).
 */
export function networkParams(set: ParameterSet, config: Required<ModelConfig>, initializer?: InitializerFactory): NetworkParams {
  const specs = new Map(layerSpecs(config).map((spec) => [spec.name, spec]));
  const spec = (name: string) => specs.get(name)!;

  /** `g * v / ||v||` (norm over every axis but 0), permuted to the tfjs layout. */
  const weight = (s: LayerSpec): tf.Tensor => {
    const v = set.get(`${s.name}.weight_v`);
    const axes = s.weightShape.slice(1).map((_, i) => i + 1);
    const unit = tf.div(v, tf.sqrt(tf.sum(tf.square(v), axes, true)));
    const w = initializer ? unit : tf.mul(unit, set.get(`${s.name}.weight_g`));
    return tf.transpose(w, [...tfjsPermutation(s.kind)]);
  };
  const bias = (s: LayerSpec): tf.Tensor1D =>
    (initializer ? tf.zerosLike(set.get(`${s.name}.bias`)) : set.get(`${s.name}.bias`)) as tf.Tensor1D;
  const initOf = (s: LayerSpec) => (initializer ? { initialize: initializer(s, set) } : {});

  return assembleNetworkParams(config, {
    conv: (name) => {
      const s = spec(name);
      return { filter: weight(s) as tf.Tensor4D, bias: bias(s), ...initOf(s) };
    },
    dense: (name) => {
      const s = spec(name);
      return { kernel: weight(s) as tf.Tensor2D, bias: bias(s), ...initOf(s) };
    },
    classEmbedding: (block) => tf.transpose(set.get(`${LAYER.classEmbedding(block)}.weight`)) as tf.Tensor2D,
  });
}
