/**
 * The PixelCNN++ network (openai/pixel-cnn `model.py` `model_spec`, as in the PyTorch port):
 * two causal streams, `u` (pixels above) and `ul` (above and to the left), through a U-net of
 * three resolutions with gated ResNet blocks, returning the mixture parameters for every pixel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config.js';
import type { NetworkWeights, Stream } from './architecture.js';
import type { ConvParams, DenseParams, GatedResnetParams } from './layers.js';
export interface Level {
    readonly u: GatedResnetParams[];
    readonly ul: GatedResnetParams[];
}
/** The network's parameter structure, read-only (for `CachedStepper`, which runs the layers piecewise). */
export interface NetworkParams {
    readonly uInit: ConvParams;
    readonly ulInitDown: ConvParams;
    readonly ulInitRight: ConvParams;
    /** Three levels each: `up` from full resolution down, `down` from quarter resolution up (`nrResnet`, `+1`, `+1` blocks). */
    readonly up: readonly Level[];
    readonly down: readonly Level[];
    readonly downsize: Readonly<Record<Stream, readonly ConvParams[]>>;
    readonly upsize: Readonly<Record<Stream, readonly ConvParams[]>>;
    readonly ninOut: DenseParams;
}
/** Where `assembleNetworkParams` takes each layer's tensors from, by canonical layer name. */
export interface LayerSource {
    conv(name: string): ConvParams;
    dense(name: string): DenseParams;
    /** The class embedding `[numClasses, 2F]` of the gated block named `block`. */
    classEmbedding(block: string): tf.Tensor2D;
}
/**
 * The network's parameter structure for `config`: the initial convolutions, the levels of both
 * passes (`nrResnet`, then `nrResnet + 1` blocks in the down pass's lower levels), the
 * resampling layers and the output layer, each taken from `layers`. Inference builds it from
 * folded weights, training from variables through differentiable weight normalisation.
 */
export declare function assembleNetworkParams(config: Required<ModelConfig>, layers: LayerSource): NetworkParams;
export interface ForwardOptions {
    /** Dropout rate inside the gated ResNet blocks; only for training. @defaultValue 0 */
    dropout?: number;
    /** Seeds the dropout masks (block k draws from `${dropoutSeed}/${k}`); unseeded without it. */
    dropoutSeed?: string;
}
export declare class PixelCNNNet {
    readonly config: Readonly<Required<ModelConfig>>;
    private readonly tensors;
    /** The parameter tensors by role; they belong to the network (do not dispose them). */
    readonly params: NetworkParams;
    private disposed;
    /**
     * Uploads the effective weights (see `foldWeights`) to the tfjs backend active now; the
     * network must then run on that backend.
     */
    constructor(weights: NetworkWeights, config: ModelConfig);
    /** Number of output values per pixel. */
    get outputChannels(): number;
    /**
     * Runs the network. `x`: `[N, H, W, C]` float32 in [-1, 1]. `labels`: `[N]` class indices,
     * required exactly when the model is class-conditional. Returns `[N, H, W, P]` mixture
     * parameters (see `outputChannels`); the caller disposes it.
     */
    forward(x: tf.Tensor4D, labels?: tf.Tensor1D | Int32Array, options?: ForwardOptions): tf.Tensor4D;
    /** Frees the weight tensors; idempotent. */
    dispose(): void;
    get isDisposed(): boolean;
    private checkInput;
    /** Validates the labels and returns them as an int32 tensor (inside the caller's tidy). */
    private labelTensor;
}
/**
 * The forward pass over any parameter tensors: the network's own, or (training) tensors derived
 * from variables inside a gradient tape. Call inside `tf.tidy`; `labelTensor` is validated.
 */
export declare function runNetwork(params: NetworkParams, x: tf.Tensor4D, labelTensor: tf.Tensor1D | undefined, options?: ForwardOptions): tf.Tensor4D;
