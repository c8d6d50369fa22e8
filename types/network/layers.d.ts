/**
 * The building blocks of PixelCNN++ on tfjs ops, NHWC: shifted convolutions (causality by
 * padding instead of masks), their transposed forms, concat_elu, network-in-network and the
 * gated ResNet block. Weights are plain (weight normalisation already folded), see
 * `weights/weight-map.ts`.
 *
 * Semantics follow openai/pixel-cnn `nn.py` (and its PyTorch port): a down-shifted conv pads
 * `kh - 1` rows on top and `(kw - 1) / 2` columns on each side, a down-right-shifted conv pads
 * `kh - 1` rows on top and `kw - 1` columns on the left, both then run 'valid'. Padding is passed
 * to the conv as explicit padding, which tfjs applies without materialising a padded copy.
 */
import * as tf from '@tensorflow/tfjs-core';
/** A convolution or transposed convolution: filter in tfjs layout, bias `[out]`. */
export interface ConvParams {
    /** conv: `[kh, kw, in, out]`; transposed conv: `[kh, kw, out, in]`. */
    readonly filter: tf.Tensor4D;
    readonly bias: tf.Tensor1D;
    /** Training only: data-dependent initialisation, applied to the layer's output (see `training/init.ts`). */
    readonly initialize?: LayerInitializer;
}
/**
 * Sees a weight-normalised layer's first output (computed with unit scale and zero bias), sets
 * the layer's scale and bias from its statistics, and returns the output those give.
 */
export type LayerInitializer = (y: tf.Tensor4D) => tf.Tensor4D;
/** A 1x1 convolution as a matrix product: kernel `[in, out]`, bias `[out]`. */
export interface DenseParams {
    readonly kernel: tf.Tensor2D;
    readonly bias: tf.Tensor1D;
    readonly initialize?: LayerInitializer;
}
export interface GatedResnetParams {
    readonly convInput: ConvParams;
    readonly convOut: ConvParams;
    /** Projection of the auxiliary input `a`; present exactly when the block takes one. */
    readonly ninSkip?: DenseParams;
    /** Class embedding `[numClasses, 2F]` for class-conditional models. */
    readonly classEmbedding?: tf.Tensor2D;
}
export type ShiftedConv = (x: tf.Tensor4D, params: ConvParams, stride?: 1 | 2) => tf.Tensor4D;
/** Moves the image down one row: a zero row on top, the last row dropped. */
export declare function downShift(x: tf.Tensor4D): tf.Tensor4D;
/** Moves the image right one column: a zero column on the left, the last column dropped. */
export declare function rightShift(x: tf.Tensor4D): tf.Tensor4D;
/** `elu(concat([x, -x], channels))`: keeps both signs' information through the nonlinearity. */
export declare function concatElu(x: tf.Tensor4D): tf.Tensor4D;
/** Output pixel (i, j) sees input rows <= i (times the stride) and columns j-(kw-1)/2 .. j+(kw-1)/2. */
export declare function downShiftedConv2d(x: tf.Tensor4D, params: ConvParams, stride?: 1 | 2): tf.Tensor4D;
/** Output pixel (i, j) sees input rows <= i and columns <= j (times the stride). */
export declare function downRightShiftedConv2d(x: tf.Tensor4D, params: ConvParams, stride?: 1 | 2): tf.Tensor4D;
export declare function downShiftedDeconv2d(x: tf.Tensor4D, params: ConvParams): tf.Tensor4D;
export declare function downRightShiftedDeconv2d(x: tf.Tensor4D, params: ConvParams): tf.Tensor4D;
/**
 * Network in network: the same dense layer at every pixel, run as a 1x1 convolution (whose
 * gradients, unlike a matrix product's with a transposed operand, stay on fast kernels).
 */
export declare function nin(x: tf.Tensor4D, { kernel, bias, initialize }: DenseParams): tf.Tensor4D;
export interface GatedResnetOptions {
    /** Auxiliary input (skip connection from the other stream or the up pass). */
    a?: tf.Tensor4D;
    /** Labels `[N]` (int32) of a class-conditional model. */
    labels?: tf.Tensor1D;
    /** Dropout rate applied after the inner nonlinearity; 0 (inference) skips it. */
    dropout?: number;
    /** Seeds the dropout mask; unseeded (Math.random) without it. */
    dropoutSeed?: string | undefined;
}
/**
 * The gated ResNet block (nn.py `gated_resnet`):
 * `c1 = conv(f(x)) [+ nin(f(a))]; c2 = conv(dropout(f(c1))) [+ hw[label]]; x + c2_a * sigmoid(c2_b)`
 * with `f = concat_elu`.
 */
export declare function gatedResnet(x: tf.Tensor4D, params: GatedResnetParams, convOp: ShiftedConv, options?: GatedResnetOptions): tf.Tensor4D;
