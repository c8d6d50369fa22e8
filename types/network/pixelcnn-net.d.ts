/**
 * The PixelCNN++ network (openai/pixel-cnn `model.py` `model_spec`, as in the PyTorch port):
 * two causal streams, `u` (pixels above) and `ul` (above and to the left), through a U-net of
 * three resolutions with gated ResNet blocks, returning the mixture parameters for every pixel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config.js';
import type { NetworkWeights } from '../weights/weight-map.js';
export interface ForwardOptions {
    /** Dropout rate inside the gated ResNet blocks; only for training. @defaultValue 0 */
    dropout?: number;
}
export declare class PixelCNNNet {
    readonly config: Readonly<Required<ModelConfig>>;
    private readonly tensors;
    private readonly uInit;
    private readonly ulInitDown;
    private readonly ulInitRight;
    private readonly up;
    private readonly down;
    private readonly downsize;
    private readonly upsize;
    private readonly ninOut;
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
