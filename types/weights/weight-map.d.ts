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
import type { LayerKind, LayerSpec, NetworkWeights } from '../network/architecture.js';
import type { Float32TensorData } from './safetensors.js';
/** A set of named float32 tensors, e.g. `parseSafetensors(...).tensors`. */
export type TensorMap = ReadonlyMap<string, Float32TensorData>;
/** The checkpoint tensors of one layer and their shapes. */
export declare function layerTensorShapes(spec: LayerSpec): Array<[string, number[]]>;
/** Every checkpoint tensor name for this config, with its shape, in name order. */
export declare function expectedTensorShapes(config: ModelConfig): Map<string, number[]>;
/**
 * Checks that `tensors` holds exactly the parameters of a network with this config. Throws
 * `PixelCNNPPError('E_WEIGHTS')` listing each missing tensor, unexpected tensor and shape
 * mismatch (expected vs got).
 */
export declare function checkTensors(tensors: TensorMap, config: ModelConfig): void;
/**
 * `g * v / ||v||` with the norm over every axis but 0 (PyTorch `weight_norm(dim=0)`), in the
 * layout of `v`. Accumulates in float64.
 */
export declare function weightNormFold(v: Float32Array, g: Float32Array, rows: number): Float32Array;
/**
 * Permutes a row-major tensor: `out` has shape `shape[perm[0]], shape[perm[1]], ...` and
 * `out[i_0, i_1, ...] = x[j]` with `j_{perm[k]} = i_k`.
 */
export declare function transpose(x: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array;
/** The permutation taking a layer's PyTorch weight layout to its tfjs layout. */
export declare function tfjsPermutation(kind: LayerKind): readonly number[];
/** The effective weight of one layer in its PyTorch layout (weight normalisation folded). */
export declare function effectiveTorchWeight(spec: LayerSpec, tensors: TensorMap): Float32Array;
/**
 * Validates `tensors` against `config` (see `checkTensors`) and folds them into effective
 * weights in tfjs layouts. Call once at load; the network keeps only the result.
 */
export declare function foldWeights(tensors: TensorMap, config: ModelConfig): NetworkWeights;
/**
 * The inverse of folding for one layer: given an effective weight `w` in PyTorch layout,
 * `v = w` and `g = ||w||` (over every axis but 0) reproduce `w` exactly up to rounding.
 */
export declare function unfoldTorchWeight(w: Float32Array, rows: number): {
    v: Float32Array;
    g: Float32Array;
};
