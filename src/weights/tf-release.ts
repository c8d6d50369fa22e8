/**
 * Reading checkpoints of the original TensorFlow release (openai/pixel-cnn).
 *
 * There, layers are named by a per-type counter in the order `model_spec` creates them
 * (`nn.get_name`), under the `model/` template scope:
 * `model/conv2d_<n>/{V,g,b}`, `model/deconv2d_<n>/{V,g,b}`, `model/dense_<n>/{V,g,b}` and, for
 * class-conditional models, `model/conditional_weights_<n>/hw`. Polyak averages are stored
 * beside each variable as `<var>/ExponentialMovingAverage`; they are what the release evaluates
 * and samples with, so they are preferred. Optimiser state (`Adam`, `Adam_1`, `_adam_mg`, ...)
 * and anything else is ignored.
 *
 * ## Creation order (model.py `model_spec`, nn.py `gated_resnet`)
 * 1. `u_init` (conv2d 2x3), `ul_init.0` (conv2d 1x3), `ul_init.1` (conv2d 2x1)
 * 2. up pass, levels 0..2: `nrResnet` times a `u` block then a `ul` block; after levels 0 and 1
 *    `downsize_u_stream.<l>` then `downsize_ul_stream.<l>` (conv2d, stride 2)
 * 3. down pass, levels 0..2 with `nrResnet`, `nrResnet+1`, `nrResnet+1` repetitions of a `u`
 *    block then a `ul` block; after levels 0 and 1 `upsize_u_stream.<l>` then
 *    `upsize_ul_stream.<l>` (deconv2d)
 * 4. `nin_out` (dense)
 *
 * Inside a gated ResNet block: `conv_input` (conv2d), `nin_skip` (dense, if the block has an
 * auxiliary input), `conv_out` (conv2d), then the class weights (conditional_weights).
 *
 * ## Layouts and weight normalisation
 * | TF layer | `V` | norm of `V` over | `g` |
 * |---|---|---|---|
 * | conv2d | `[kh, kw, in, out]` | axes 0, 1, 2 (per output channel) | `[out]` |
 * | deconv2d | `[kh, kw, out, in]` | axes 0, 1, 3 (per **output** channel) | `[out]` |
 * | dense | `[in, out]` | axis 0 (per output) | `[out]` |
 * | conditional_weights `hw` | `[numClasses, 2F]` | none | none |
 *
 * PyTorch's `weight_norm(dim=0)` normalises a transposed-conv weight per *input* channel, so
 * `(V, g)` cannot be reshaped into `(weight_v, weight_g)`. Each layer goes through its effective
 * weight instead: `W` is computed from `(V, g)` in TF layout (float64), permuted to the PyTorch
 * layout, and stored as `weight_v = W`, `weight_g = ||W||` (per PyTorch axis 0), which folds back
 * to `W`.
 */
import type { ModelConfig } from '../config.js';
import { PixelCNNPPError } from '../errors.js';
import type { Float32TensorData } from './safetensors.js';
import type { LayerSpec } from '../network/architecture.js';
import { LAYER, blockName, blocksPerLevel, layerSpecs } from '../network/architecture.js';
import type { TensorMap } from './weight-map.js';
import { transpose, unfoldTorchWeight } from './weight-map.js';

export type TfLayerType = 'conv2d' | 'deconv2d' | 'dense' | 'conditional_weights';

/** One TF-release layer and the canonical layer it becomes. */
export interface TfLayer {
  /** e.g. `conv2d_3` (without the `model/` scope). */
  readonly tfName: string;
  readonly type: TfLayerType;
  readonly spec: LayerSpec;
}

const TF_TYPE: Readonly<Record<LayerSpec['kind'], TfLayerType>> = {
  conv: 'conv2d',
  deconv: 'deconv2d',
  dense: 'dense',
  embedding: 'conditional_weights',
};

/** The layers of the TF release for this config, in creation order. */
export function tfReleaseLayers(config: ModelConfig): TfLayer[] {
  const specs = new Map(layerSpecs(config).map((spec) => [spec.name, spec]));
  const conditional = (config.numClasses ?? 0) > 0;
  const order: string[] = [LAYER.uInit, LAYER.ulInitDown, LAYER.ulInitRight];
  const block = (name: string, { skip }: { skip: boolean }) => {
    order.push(LAYER.convInput(name));
    if (skip) order.push(LAYER.ninSkip(name));
    order.push(LAYER.convOut(name));
    if (conditional) order.push(LAYER.classEmbedding(name));
  };
  blocksPerLevel('up', config.nrResnet).forEach((n, level) => {
    for (let i = 0; i < n; i++) {
      block(blockName('up', level, 'u', i), { skip: false });
      block(blockName('up', level, 'ul', i), { skip: true });
    }
    if (level < 2) order.push(LAYER.downsize('u', level), LAYER.downsize('ul', level));
  });
  blocksPerLevel('down', config.nrResnet).forEach((n, level) => {
    for (let i = 0; i < n; i++) {
      block(blockName('down', level, 'u', i), { skip: true });
      block(blockName('down', level, 'ul', i), { skip: true });
    }
    if (level < 2) order.push(LAYER.upsize('u', level), LAYER.upsize('ul', level));
  });
  order.push(LAYER.ninOut);

  const counters: Partial<Record<TfLayerType, number>> = {};
  return order.map((name) => {
    const spec = specs.get(name)!;
    const type = TF_TYPE[spec.kind];
    const index = counters[type] ?? 0;
    counters[type] = index + 1;
    return { tfName: `${type}_${index}`, type, spec };
  });
}

const VARIABLE = /^(?:model\/)?((?:conv2d|deconv2d|dense|conditional_weights)_\d+)\/(V|g|b|hw)(\/ExponentialMovingAverage)?(?::0)?$/;

/** `true` when `names` look like a TF-release checkpoint (some `model/conv2d_<n>/V`). */
export function isTfReleaseCheckpoint(names: Iterable<string>): boolean {
  for (const name of names) if (VARIABLE.test(name) && /\/V(\/|:|$)/.test(name)) return true;
  return false;
}

/** The TF layout of each layer's variables, from its PyTorch weight shape. */
function tfShapes(spec: LayerSpec): Record<string, number[]> {
  const w = spec.weightShape;
  switch (spec.kind) {
    case 'conv': // [out, in, kh, kw]
      return { V: [w[2]!, w[3]!, w[1]!, w[0]!], g: [w[0]!], b: [w[0]!] };
    case 'deconv': // [in, out, kh, kw]
      return { V: [w[2]!, w[3]!, w[1]!, w[0]!], g: [w[1]!], b: [w[1]!] };
    case 'dense': // [out, in]
      return { V: [w[1]!, w[0]!], g: [w[0]!], b: [w[0]!] };
    case 'embedding': // [2F, K]
      return { hw: [w[1]!, w[0]!] };
  }
}

/** `g * V / ||V||` with the norm taken over every axis except `axis` (TF layout). */
function normaliseAlong(v: Float32Array, shape: readonly number[], axis: number, g: Float32Array): Float32Array {
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis]!;
  const sums = new Float64Array(n);
  for (let k = 0; k < v.length; k++) sums[Math.floor(k / inner) % n] += v[k]! * v[k]!;
  const scale = Array.from(sums, (s, c) => (s > 0 ? g[c]! / Math.sqrt(s) : 0));
  return v.map((x, k) => x * scale[Math.floor(k / inner) % n]!);
}

export interface TfReleaseOptions {
  /** Use the Polyak averages (`.../ExponentialMovingAverage`) where present. @defaultValue true */
  useAverages?: boolean;
}

/**
 * Converts TF-release variables to the canonical (PyTorch port) tensors for `config`.
 * Throws `PixelCNNPPError('E_WEIGHTS')` naming each missing, unexpected or misshapen variable.
 */
export function convertTfRelease(
  tensors: TensorMap,
  config: ModelConfig,
  options: TfReleaseOptions = {},
): Map<string, Float32TensorData> {
  const useAverages = options.useAverages ?? true;
  // layer -> variable -> [plain, average]
  const found = new Map<string, Map<string, { plain?: Float32TensorData; average?: Float32TensorData; name: string }>>();
  for (const [name, tensor] of tensors) {
    const match = VARIABLE.exec(name);
    if (match === null) continue;
    const [, layer, variable, average] = match as unknown as [string, string, string, string | undefined];
    const vars = found.get(layer) ?? new Map();
    found.set(layer, vars);
    const slot = vars.get(variable) ?? { name };
    if (average !== undefined) slot.average = tensor;
    else {
      slot.plain = tensor;
      slot.name = name;
    }
    vars.set(variable, slot);
  }

  const problems: string[] = [];
  const out = new Map<string, Float32TensorData>();
  const layers = tfReleaseLayers(config);
  const known = new Set(layers.map((l) => l.tfName));
  for (const layer of found.keys()) if (!known.has(layer)) problems.push(`unexpected layer '${layer}'`);

  for (const { tfName, spec } of layers) {
    const shapes = tfShapes(spec);
    const values: Record<string, Float32Array> = {};
    for (const [variable, shape] of Object.entries(shapes)) {
      const slot = found.get(tfName)?.get(variable);
      const tensor = slot && (useAverages ? slot.average ?? slot.plain : slot.plain ?? slot.average);
      const label = `'${tfName}/${variable}' (for '${spec.name}')`;
      if (tensor === undefined) {
        problems.push(`missing ${label}, expected shape [${shape.join(', ')}]`);
      } else if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
        problems.push(`${label} has shape [${tensor.shape.join(', ')}], expected [${shape.join(', ')}]`);
      } else {
        values[variable] = tensor.data;
      }
    }
    if (Object.keys(values).length !== Object.keys(shapes).length) continue;

    if (spec.kind === 'embedding') {
      out.set(`${spec.name}.weight`, { shape: [...spec.weightShape], data: transpose(values.hw!, shapes.hw!, [1, 0]) });
      continue;
    }
    // Effective weight in TF layout, then in PyTorch layout.
    const vShape = shapes.V!;
    const outAxis = spec.kind === 'dense' ? 1 : spec.kind === 'conv' ? 3 : 2;
    const wTf = normaliseAlong(values.V!, vShape, outAxis, values.g!);
    const wTorch = transpose(wTf, vShape, spec.kind === 'dense' ? [1, 0] : [3, 2, 0, 1]);
    const rows = spec.weightShape[0]!;
    const { v, g } = unfoldTorchWeight(wTorch, rows);
    out.set(`${spec.name}.weight_v`, { shape: [...spec.weightShape], data: v });
    out.set(`${spec.name}.weight_g`, { shape: [rows, ...spec.weightShape.slice(1).map(() => 1)], data: g });
    out.set(`${spec.name}.bias`, { shape: [values.b!.length], data: values.b! });
  }

  if (problems.length > 0) {
    const shown = problems.slice(0, 12);
    if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
    throw new PixelCNNPPError('E_WEIGHTS', `TF-release checkpoint does not match the config: ${shown.join('; ')}.`);
  }
  return out;
}
