/**
 * The network's architecture: every parameterised layer of a PixelCNN++ with a given config, its
 * kind and weight shape, and the effective (weight-normalisation folded) weights the network runs
 * with. Layers are identified by the PyTorch port's module paths (`up_layers.0.u_stream.0.conv_input.conv`),
 * which `weights/` maps checkpoint tensors onto.
 */
import type { ModelConfig } from '../config.js';
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
export declare function blockName(pass: 'up' | 'down', level: number, stream: Stream, index: number): string;
/** Blocks per stream in each level of a pass. */
export declare function blocksPerLevel(pass: 'up' | 'down', nrResnet: number): readonly [number, number, number];
export declare const LAYER: Readonly<{
    uInit: "u_init.conv";
    ulInitDown: "ul_init.0.conv";
    ulInitRight: "ul_init.1.conv";
    downsize: (stream: Stream, k: number) => string;
    upsize: (stream: Stream, k: number) => string;
    convInput: (block: string) => string;
    convOut: (block: string) => string;
    ninSkip: (block: string) => string;
    classEmbedding: (block: string) => string;
    ninOut: "nin_out.lin_a";
}>;
/** The kernel of the convolutions of each stream: down-shifted 2x3 for `u`, down-right-shifted 2x2 for `ul`. */
export declare const STREAM_KERNEL: Readonly<Record<Stream, readonly [number, number]>>;
/** Every layer of a network with this config, in the PyTorch port's module order. */
export declare function layerSpecs(config: ModelConfig): LayerSpec[];
