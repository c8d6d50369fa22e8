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
import { PixelCNNPPError } from '../errors.js';
import { LAYER, blockName } from '../network/architecture.js';

type ShapedTensors = ReadonlyMap<string, { readonly shape: readonly number[] }>;

/** The config fields the tensors determine; `{}` when they are not under the canonical names. */
export function inferConfig(tensors: ShapedTensors): Partial<ModelConfig> {
  const uInit = tensors.get(`${LAYER.uInit}.weight_v`)?.shape;
  if (uInit === undefined || uInit.length !== 4) return {};
  const [nrFilters, inputs] = uInit as [number, number];
  const channels = inputs - 1;
  if (channels !== 1 && channels !== 3) {
    throw new PixelCNNPPError(
      'E_WEIGHTS',
      `${LAYER.uInit}.weight_v has ${inputs} input channels (the image's plus one): ${channels}-channel images are not supported (1 or 3 are).`,
    );
  }
  const config: Partial<ModelConfig> = { nrFilters, channels };

  const ninOut = tensors.get(`${LAYER.ninOut}.weight_v`)?.shape;
  if (ninOut !== undefined) {
    const perComponent = channels === 1 ? 3 : 10;
    if (ninOut[0]! % perComponent !== 0) {
      throw new PixelCNNPPError(
        'E_WEIGHTS',
        `${LAYER.ninOut}.weight_v has ${ninOut[0]} outputs, not a multiple of ${perComponent} (the parameters per mixture component of ${channels}-channel images).`,
      );
    }
    config.nrLogisticMix = ninOut[0]! / perComponent;
  }

  // `up_layers.0.u_stream.<i>.`: the blocks of the first up level's vertical stream.
  const firstBlock = blockName('up', 0, 'u', 0).slice(0, -1);
  let nrResnet = 0;
  let numClasses = 0;
  for (const [name, { shape }] of tensors) {
    if (name.startsWith(firstBlock)) {
      const index = Number(name.slice(firstBlock.length).split('.', 1)[0]);
      if (Number.isInteger(index)) nrResnet = Math.max(nrResnet, index + 1);
    }
    if (name.endsWith('.hw.weight') && shape.length === 2) numClasses = shape[1]!;
  }
  if (nrResnet > 0) config.nrResnet = nrResnet;
  config.numClasses = numClasses;
  return config;
}
