/**
 * The network's architecture: every parameterised layer of a PixelCNN++ with a given config, its
 * kind and weight shape, and the effective (weight-normalisation folded) weights the network runs
 * with. Layers are identified by the PyTorch port's module paths (`up_layers.0.u_stream.0.conv_input.conv`),
 * which `weights/` maps checkpoint tensors onto.
 */
import type { ModelConfig } from '../config.js';
import { outputChannels } from '../config.js';

export type LayerKind = 'conv' | 'deconv' | 'dense' | 'embedding';

/** One parameterised layer of the network. */
export interface LayerSpec {
  /** Parameter prefix, e.g. `up_layers.0.ul_stream.0.nin_skip.lin_a`. */
  readonly name: string;
  readonly kind: LayerKind;
  /**
   * PyTorch weight shape: conv `[out, in, kh, kw]`, deconv `[in, out, kh, kw]`, dense `[out, in]`,
   * embedding `[2F, numClasses]`.
   */
  readonly weightShape: readonly number[];
}

/**
 * A layer's effective weight (`g * v / ||v||`) in its tfjs layout: conv `[kh, kw, in, out]`,
 * deconv `[kh, kw, out, in]`, dense `[in, out]`, embedding `[numClasses, 2F]`.
 */
export interface EffectiveLayer {
  readonly kind: LayerKind;
  readonly kernel: Float32Array;
  readonly shape: readonly number[];
  /** Absent for class embeddings. */
  readonly bias?: Float32Array;
}

/** Effective weights by `LayerSpec.name`. */
export type NetworkWeights = ReadonlyMap<string, EffectiveLayer>;

export type Stream = 'u' | 'ul';

/** The prefix of a gated ResNet block: `up_layers.<level>.<stream>_stream.<index>`. */
export function blockName(pass: 'up' | 'down', level: number, stream: Stream, index: number): string {
  return `${pass}_layers.${level}.${stream}_stream.${index}`;
}

/** Blocks per stream in each level of a pass. */
export function blocksPerLevel(pass: 'up' | 'down', nrResnet: number): readonly [number, number, number] {
  return pass === 'up' ? [nrResnet, nrResnet, nrResnet] : [nrResnet, nrResnet + 1, nrResnet + 1];
}

export const LAYER = Object.freeze({
  uInit: 'u_init.conv',
  ulInitDown: 'ul_init.0.conv',
  ulInitRight: 'ul_init.1.conv',
  downsize: (stream: Stream, k: number) => `downsize_${stream}_stream.${k}.conv`,
  upsize: (stream: Stream, k: number) => `upsize_${stream}_stream.${k}.deconv`,
  convInput: (block: string) => `${block}.conv_input.conv`,
  convOut: (block: string) => `${block}.conv_out.conv`,
  ninSkip: (block: string) => `${block}.nin_skip.lin_a`,
  classEmbedding: (block: string) => `${block}.hw`,
  ninOut: 'nin_out.lin_a',
});

/** The kernel of the convolutions of each stream: down-shifted 2x3 for `u`, down-right-shifted 2x2 for `ul`. */
export const STREAM_KERNEL: Readonly<Record<Stream, readonly [number, number]>> = Object.freeze({ u: [2, 3], ul: [2, 2] });

/** Every layer of a network with this config, in the PyTorch port's module order. */
export function layerSpecs(config: ModelConfig): LayerSpec[] {
  const F = config.nrFilters;
  const inputs = config.channels + 1;
  const numClasses = config.numClasses ?? 0;
  const specs: LayerSpec[] = [];
  const conv = (name: string, out: number, inp: number, [kh, kw]: readonly number[]) =>
    specs.push({ name, kind: 'conv', weightShape: [out, inp, kh!, kw!] });
  const block = (name: string, stream: Stream, skipInputs: number) => {
    conv(LAYER.convInput(name), F, 2 * F, STREAM_KERNEL[stream]);
    if (skipInputs > 0) specs.push({ name: LAYER.ninSkip(name), kind: 'dense', weightShape: [F, skipInputs] });
    conv(LAYER.convOut(name), 2 * F, 2 * F, STREAM_KERNEL[stream]);
    if (numClasses > 0) specs.push({ name: LAYER.classEmbedding(name), kind: 'embedding', weightShape: [2 * F, numClasses] });
  };
  blocksPerLevel('down', config.nrResnet).forEach((n, level) => {
    for (let i = 0; i < n; i++) block(blockName('down', level, 'u', i), 'u', 2 * F);
    for (let i = 0; i < n; i++) block(blockName('down', level, 'ul', i), 'ul', 4 * F);
  });
  blocksPerLevel('up', config.nrResnet).forEach((n, level) => {
    for (let i = 0; i < n; i++) block(blockName('up', level, 'u', i), 'u', 0);
    for (let i = 0; i < n; i++) block(blockName('up', level, 'ul', i), 'ul', 2 * F);
  });
  for (const stream of ['u', 'ul'] as const) for (let k = 0; k < 2; k++) conv(LAYER.downsize(stream, k), F, F, STREAM_KERNEL[stream]);
  for (const stream of ['u', 'ul'] as const) {
    for (let k = 0; k < 2; k++) {
      const [kh, kw] = STREAM_KERNEL[stream];
      specs.push({ name: LAYER.upsize(stream, k), kind: 'deconv', weightShape: [F, F, kh, kw] });
    }
  }
  conv(LAYER.uInit, F, inputs, [2, 3]);
  conv(LAYER.ulInitDown, F, inputs, [1, 3]);
  conv(LAYER.ulInitRight, F, inputs, [2, 1]);
  specs.push({ name: LAYER.ninOut, kind: 'dense', weightShape: [outputChannels(config), F] });
  return specs;
}
