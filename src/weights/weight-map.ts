/**
 * Checkpoint parameter names, their expected shapes, and the folding of weight normalisation into
 * the plain kernels the network runs with.
 *
 * ## Names
 * The canonical names are the `state_dict` keys of the common PyTorch port of PixelCNN++
 * (pclucas14/pixel-cnn-pp), where every layer is wrapped in `torch.nn.utils.weight_norm` and so
 * holds `<layer>.weight_v`, `<layer>.weight_g` and `<layer>.bias`:
 *
 * | layer | kind | `weight_v` |
 * |---|---|---|
 * | `u_init.conv` | conv 2x3 | `[F, C+1, 2, 3]` |
 * | `ul_init.0.conv`, `ul_init.1.conv` | conv 1x3, 2x1 | `[F, C+1, 1, 3]`, `[F, C+1, 2, 1]` |
 * | `{up,down}_layers.<l>.{u,ul}_stream.<i>.conv_input.conv` | conv | `[F, 2F, 2, 3]` (u), `[F, 2F, 2, 2]` (ul) |
 * | `{up,down}_layers.<l>.{u,ul}_stream.<i>.conv_out.conv` | conv | `[2F, 2F, 2, 3]` (u), `[2F, 2F, 2, 2]` (ul) |
 * | `...nin_skip.lin_a` (up ul; down u and ul) | dense | `[F, 2F]`, down ul `[F, 4F]` |
 * | `downsize_u_stream.<k>.conv`, `downsize_ul_stream.<k>.conv` | conv, stride 2 | `[F, F, 2, 3]`, `[F, F, 2, 2]` |
 * | `upsize_u_stream.<k>.deconv`, `upsize_ul_stream.<k>.deconv` | transposed conv, stride 2 | `[F, F, 2, 3]`, `[F, F, 2, 2]` (in, out, kh, kw) |
 * | `nin_out.lin_a` | dense | `[P, F]`, `P = outputChannels(config)` |
 *
 * `weight_g` is `[out, 1, 1, 1]` for convs, `[in, 1, 1, 1]` for transposed convs (PyTorch's
 * `weight_norm(dim=0)` normalises along axis 0, which is the input channel of a `ConvTranspose2d`
 * weight), `[out, 1]` for dense layers; `bias` is `[out]`. Up levels have `nrResnet` blocks per
 * stream, down levels `nrResnet`, `nrResnet + 1`, `nrResnet + 1` (`down_layers.0` runs at the
 * lowest resolution).
 *
 * ## Class conditioning
 * The PyTorch port has no class conditioning; the original TensorFlow code adds `h @ hw` (one-hot
 * label times a `[numClasses, 2F]` matrix, no bias, no weight normalisation) to the output of
 * `conv_out` in every gated ResNet block, before the gate. We name that matrix, in PyTorch
 * `nn.Linear(numClasses, 2F, bias=False)` layout,
 *
 *     <block>.hw.weight    shape [2F, numClasses]
 *
 * e.g. `up_layers.0.u_stream.0.hw.weight`. It exists in every block when `numClasses > 0`
 * and in none otherwise.
 *
 * ## Effective weights (tfjs layouts)
 * `foldWeights` computes `w = g * v / ||v||` once, in float64, and lays the result out for tfjs:
 * conv filters `[kh, kw, in, out]`, transposed-conv filters `[kh, kw, out, in]` (tfjs
 * `conv2dTranspose` takes `[height, width, outDepth, inDepth]`), dense kernels `[in, out]`
 * (for `matMul(x, kernel)`), class embeddings `[numClasses, 2F]` (rows gathered by label).
 * A `v` slice that is all zeros folds to zeros (PyTorch would produce NaN).
 */
import type { ModelConfig } from '../config.js';
import { PixelCNNPPError } from '../errors.js';
import type { EffectiveLayer, LayerKind, LayerSpec, NetworkWeights } from '../network/architecture.js';
import { layerSpecs } from '../network/architecture.js';
import type { Float32TensorData } from './safetensors.js';

/** A set of named float32 tensors, e.g. `parseSafetensors(...).tensors`. */
export type TensorMap = ReadonlyMap<string, Float32TensorData>;

/** The checkpoint tensors of one layer and their shapes. */
export function layerTensorShapes(spec: LayerSpec): Array<[string, number[]]> {
  const w = [...spec.weightShape];
  if (spec.kind === 'embedding') return [[`${spec.name}.weight`, w]];
  const out = spec.kind === 'deconv' ? w[1]! : w[0]!;
  const g = [w[0]!, ...w.slice(1).map(() => 1)];
  return [
    [`${spec.name}.bias`, [out]],
    [`${spec.name}.weight_g`, g],
    [`${spec.name}.weight_v`, w],
  ];
}

/** Every checkpoint tensor name for this config, with its shape, in name order. */
export function expectedTensorShapes(config: ModelConfig): Map<string, number[]> {
  const entries = layerSpecs(config).flatMap(layerTensorShapes);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return new Map(entries);
}

const formatShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Checks that `tensors` holds exactly the parameters of a network with this config. Throws
 * `PixelCNNPPError('E_WEIGHTS')` listing each missing tensor, unexpected tensor and shape
 * mismatch (expected vs got).
 */
export function checkTensors(tensors: TensorMap, config: ModelConfig): void {
  const expected = expectedTensorShapes(config);
  const problems: string[] = [];
  for (const [name, shape] of expected) {
    const tensor = tensors.get(name);
    if (tensor === undefined) problems.push(`missing tensor '${name}' (expected shape ${formatShape(shape)})`);
    else if (!sameShape(tensor.shape, shape)) {
      problems.push(`tensor '${name}' has shape ${formatShape(tensor.shape)}, expected ${formatShape(shape)}`);
    } else if (tensor.data.length !== shape.reduce((a, b) => a * b, 1)) {
      problems.push(`tensor '${name}' has ${tensor.data.length} values for shape ${formatShape(shape)}`);
    }
  }
  for (const name of tensors.keys()) if (!expected.has(name)) problems.push(`unexpected tensor '${name}'`);
  if (problems.length === 0) return;
  const shown = problems.slice(0, 12);
  if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
  const c = config;
  throw new PixelCNNPPError(
    'E_WEIGHTS',
    `weights do not match the config (${c.height}x${c.width}x${c.channels}, nrResnet ${c.nrResnet}, nrFilters ${c.nrFilters}, ` +
      `nrLogisticMix ${c.nrLogisticMix}, numClasses ${c.numClasses ?? 0}): ${shown.join('; ')}.`,
  );
}

/**
 * `g * v / ||v||` with the norm over every axis but 0 (PyTorch `weight_norm(dim=0)`), in the
 * layout of `v`. Accumulates in float64.
 */
export function weightNormFold(v: Float32Array, g: Float32Array, rows: number): Float32Array {
  const cols = v.length / rows;
  const out = new Float32Array(v.length);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let k = r * cols; k < (r + 1) * cols; k++) sum += v[k]! * v[k]!;
    const scale = sum > 0 ? g[r]! / Math.sqrt(sum) : 0;
    for (let k = r * cols; k < (r + 1) * cols; k++) out[k] = v[k]! * scale;
  }
  return out;
}

/**
 * Permutes a row-major tensor: `out` has shape `shape[perm[0]], shape[perm[1]], ...` and
 * `out[i_0, i_1, ...] = x[j]` with `j_{perm[k]} = i_k`.
 */
export function transpose(x: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const rank = shape.length;
  const strides = new Array<number>(rank);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  const outShape = perm.map((p) => shape[p]!);
  const srcStrides = perm.map((p) => strides[p]!);
  const out = new Float32Array(x.length);
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = x[src]!;
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      src += srcStrides[d]!;
      if (index[d]! < outShape[d]!) break;
      src -= srcStrides[d]! * outShape[d]!;
      index[d] = 0;
    }
  }
  return out;
}

/** PyTorch layout of a layer kind -> tfjs layout. */
const TO_TFJS: Readonly<Record<LayerKind, readonly number[]>> = Object.freeze({
  conv: [2, 3, 1, 0], // [out, in, kh, kw] -> [kh, kw, in, out]
  deconv: [2, 3, 1, 0], // [in, out, kh, kw] -> [kh, kw, out, in]
  dense: [1, 0], // [out, in] -> [in, out]
  embedding: [1, 0], // [2F, K] -> [K, 2F]
});

/** The permutation taking a layer's PyTorch weight layout to its tfjs layout. */
export function tfjsPermutation(kind: LayerKind): readonly number[] {
  return TO_TFJS[kind];
}

/** The effective weight of one layer in its PyTorch layout (weight normalisation folded). */
export function effectiveTorchWeight(spec: LayerSpec, tensors: TensorMap): Float32Array {
  if (spec.kind === 'embedding') return tensors.get(`${spec.name}.weight`)!.data;
  const v = tensors.get(`${spec.name}.weight_v`)!.data;
  const g = tensors.get(`${spec.name}.weight_g`)!.data;
  return weightNormFold(v, g, spec.weightShape[0]!);
}

/**
 * Validates `tensors` against `config` (see `checkTensors`) and folds them into effective
 * weights in tfjs layouts. Call once at load; the network keeps only the result.
 */
export function foldWeights(tensors: TensorMap, config: ModelConfig): NetworkWeights {
  checkTensors(tensors, config);
  const out = new Map<string, EffectiveLayer>();
  for (const spec of layerSpecs(config)) {
    const perm = TO_TFJS[spec.kind];
    const kernel = transpose(effectiveTorchWeight(spec, tensors), spec.weightShape, perm);
    const shape = perm.map((p) => spec.weightShape[p]!);
    const bias = spec.kind === 'embedding' ? undefined : tensors.get(`${spec.name}.bias`)!.data;
    out.set(spec.name, bias === undefined ? { kind: spec.kind, kernel, shape } : { kind: spec.kind, kernel, shape, bias });
  }
  return out;
}

/**
 * The inverse of folding for one layer: given an effective weight `w` in PyTorch layout,
 * `v = w` and `g = ||w||` (over every axis but 0) reproduce `w` exactly up to rounding.
 */
export function unfoldTorchWeight(w: Float32Array, rows: number): { v: Float32Array; g: Float32Array } {
  const cols = w.length / rows;
  const g = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let k = r * cols; k < (r + 1) * cols; k++) sum += w[k]! * w[k]!;
    g[r] = Math.sqrt(sum);
  }
  return { v: w, g };
}
