/**
 * The mixture log-likelihood written with @tensorflow/tfjs-core ops: differentiable, so it can
 * serve as a training loss, and the tfjs line of the mixture benchmark. Same layout, branches and
 * stable forms as wasm/src/mixture.c (float32 throughout, as tfjs computes):
 *   log(sigmoid(a) - sigmoid(b)) = log sigmoid(a) + log sigmoid(-b) + log(1 - e^-(a - b)),
 * three non-positive terms, instead of subtracting two CDFs that may both be close to 1.
 */
import * as tf from '@tensorflow/tfjs-core';
/**
 * Per-pixel log p (nats) of `x` (`[N, H, W, C]`, values `(v - 127.5) / 127.5`) under the mixture
 * `params` (`[N, H, W, P]`, `P = 10 nrMix` for C = 3, `3 nrMix` for C = 1). Returns `[N, H, W]`.
 */
export declare function discretizedMixLogisticLogProb(x: tf.Tensor4D, params: tf.Tensor4D, nrMix: number): tf.Tensor3D;
