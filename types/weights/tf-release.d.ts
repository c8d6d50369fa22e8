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
import type { Float32TensorData } from './safetensors.js';
import type { LayerSpec } from '../network/architecture.js';
import type { TensorMap } from './weight-map.js';
export type TfLayerType = 'conv2d' | 'deconv2d' | 'dense' | 'conditional_weights';
/** One TF-release layer and the canonical layer it becomes. */
export interface TfLayer {
    /** e.g. `conv2d_3` (without the `model/` scope). */
    readonly tfName: string;
    readonly type: TfLayerType;
    readonly spec: LayerSpec;
}
/** The layers of the TF release for this config, in creation order. */
export declare function tfReleaseLayers(config: ModelConfig): TfLayer[];
/** `true` when `names` look like a TF-release checkpoint (some `model/conv2d_<n>/V`). */
export declare function isTfReleaseCheckpoint(names: Iterable<string>): boolean;
export interface TfReleaseOptions {
    /** Use the Polyak averages (`.../ExponentialMovingAverage`) where present. @defaultValue true */
    useAverages?: boolean;
}
/**
 * Converts TF-release variables to the canonical (PyTorch port) tensors for `config`.
 * Throws `PixelCNNPPError('E_WEIGHTS')` naming each missing, unexpected or misshapen variable.
 */
export declare function convertTfRelease(tensors: TensorMap, config: ModelConfig, options?: TfReleaseOptions): Map<string, Float32TensorData>;
