/**
 * The model config recovered from the tensors themselves, for checkpoints that carry no metadata
 * (every PyTorch `.pth` file): the shapes and names under the canonical (PyTorch port) names fix
 * everything but the image size, which a fully convolutional network's weights do not record.
 *
 * | field | from |
 * |---|---|
 * | `nrFilters` | `u_init.conv.weight_v` `[F, C + 1, 2, 3]` |
 * | `channels` | the same, `C + 1` input channels (the image and a channel of ones) |
 * | `nrLogisticMix` | `nin_out.lin_a.weight_v` `[P, F]`, `P = 10 * M` (RGB) or `3 * M` (gray) |
 * | `nrResnet` | the blocks `up_layers.0.u_stream.<i>` |
 * | `numClasses` | `<block>.hw.weight` `[2F, numClasses]` where present, else 0 |
 *
 * `height` and `width` are not inferred: they come from the caller's config or the defaults.
 */
import type { ModelConfig } from '../config.js';
type ShapedTensors = ReadonlyMap<string, {
    readonly shape: readonly number[];
}>;
/** The config fields the tensors determine; `{}` when they are not under the canonical names. */
export declare function inferConfig(tensors: ShapedTensors): Partial<ModelConfig>;
export {};
