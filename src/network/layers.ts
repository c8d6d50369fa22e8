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
export function downShift(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.pad(tf.slice(x, [0, 0, 0, 0], [n, h - 1, w, c]), [[0, 0], [1, 0], [0, 0], [0, 0]]);
}

/** Moves the image right one column: a zero column on the left, the last column dropped. */
export function rightShift(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.pad(tf.slice(x, [0, 0, 0, 0], [n, h, w - 1, c]), [[0, 0], [0, 0], [1, 0], [0, 0]]);
}

/** `elu(concat([x, -x], channels))`: keeps both signs' information through the nonlinearity. */
export function concatElu(x: tf.Tensor4D): tf.Tensor4D {
  return tf.elu(tf.concat([x, tf.neg(x)], 3));
}

function conv(x: tf.Tensor4D, { filter, bias, initialize }: ConvParams, stride: 1 | 2, pad: tf.backend_util.ExplicitPadding): tf.Tensor4D {
  const y = convolve(x, filter, bias, stride, pad);
  return initialize ? initialize(y) : y;
}

/**
 * The fused convolution; while a gradient tape records (training), with the custom gradient
 * below. Inference, and the per-pixel steps of cached sampling above all, skip the wrapper.
 */
function convolve(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, stride: 1 | 2, pad: tf.backend_util.ExplicitPadding): tf.Tensor4D {
  if (tf.engine().state.gradientDepth > 0) return convWithGradient(stride, pad)(x, filter, bias);
  return tf.fused.conv2d({ x, filter, bias, strides: stride, pad });
}

/**
 * The fused convolution, with its input gradient computed as a forward convolution (the
 * filter rotated 180 degrees, in and out exchanged, the complementary padding) where the stride
 * is 1. The same values as tfjs's own gradient, but on the backends' fast forward kernels:
 * tfjs-backend-wasm's `Conv2DBackpropInput` is several times slower.
 */
function convWithGradient(stride: 1 | 2, pad: tf.backend_util.ExplicitPadding) {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x4, f4, bias, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.GradSaveFunc];
    save([x4, f4]);
    const value = tf.fused.conv2d({ x: x4, filter: f4, bias, strides: stride, pad });
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [xs, fs] = saved as [tf.Tensor4D, tf.Tensor4D];
      const dy4 = dy as tf.Tensor4D;
      const [kh, kw] = fs.shape;
      let dx: tf.Tensor4D;
      if (stride === 1) {
        const flipped = tf.transpose(tf.reverse(fs, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
        const [, [top, bottom], [left, right]] = pad;
        dx = tf.conv2d(dy4, flipped, 1, [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]]);
      } else {
        dx = tf.conv2dTranspose(dy4, fs, xs.shape, stride, pad);
      }
      const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x: xs, dy: dy4 }, {
        strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape: fs.shape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor;
      return [dx, dFilter, tf.sum(dy4, [0, 1, 2])];
    };
    return { value, gradFunc };
  }) as (x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D) => tf.Tensor4D;
}

/** Output pixel (i, j) sees input rows <= i (times the stride) and columns j-(kw-1)/2 .. j+(kw-1)/2. */
export function downShiftedConv2d(x: tf.Tensor4D, params: ConvParams, stride: 1 | 2 = 1): tf.Tensor4D {
  const [kh, kw] = params.filter.shape;
  const side = (kw - 1) >> 1;
  return conv(x, params, stride, [[0, 0], [kh - 1, 0], [side, side], [0, 0]]);
}

/** Output pixel (i, j) sees input rows <= i and columns <= j (times the stride). */
export function downRightShiftedConv2d(x: tf.Tensor4D, params: ConvParams, stride: 1 | 2 = 1): tf.Tensor4D {
  const [kh, kw] = params.filter.shape;
  return conv(x, params, stride, [[0, 0], [kh - 1, 0], [kw - 1, 0], [0, 0]]);
}

/**
 * Stride-2 transposed convolutions. The reference computes the full 'valid' transposed conv (size
 * `2H + kh - 1` with PyTorch's `output_padding=1`) and keeps rows `[0, 2H)` and columns
 * `[(kw-1)/2, 2W + (kw-1)/2)` (down-shifted) or `[0, 2W)` (down-right-shifted). With `kh = 2`
 * the kept rows are exactly the rows of the transposed conv without output padding, so the crop
 * is expressed as the transposed conv's own padding: `(kw-1)/2` columns on the left (down-shifted)
 * or none (down-right-shifted), and `kh - 2` (here 0) rows at the bottom.
 */
function deconv(x: tf.Tensor4D, { filter, bias, initialize }: ConvParams, left: number): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const [kh, kw, out] = filter.shape;
  // Rows [0, 2H) of a full output of 2H - 2 + kh rows; columns [left, left + 2W) of 2W - 2 + kw.
  const bottom = kh - 2;
  const right = kw - 2 - left;
  const y = tf.conv2dTranspose(x, filter, [n, 2 * h, 2 * w, out], 2, [[0, 0], [0, bottom], [left, right], [0, 0]]);
  const biased = tf.add(y, bias) as tf.Tensor4D;
  return initialize ? initialize(biased) : biased;
}

export function downShiftedDeconv2d(x: tf.Tensor4D, params: ConvParams): tf.Tensor4D {
  return deconv(x, params, (params.filter.shape[1] - 1) >> 1);
}

export function downRightShiftedDeconv2d(x: tf.Tensor4D, params: ConvParams): tf.Tensor4D {
  return deconv(x, params, 0);
}

/**
 * Network in network: the same dense layer at every pixel, run as a 1x1 convolution (whose
 * gradients, unlike a matrix product's with a transposed operand, stay on fast kernels).
 */
export function nin(x: tf.Tensor4D, { kernel, bias, initialize }: DenseParams): tf.Tensor4D {
  const [inputs, outputs] = kernel.shape;
  const filter = tf.reshape(kernel, [1, 1, inputs, outputs]) as tf.Tensor4D;
  const y = convolve(x, filter, bias, 1, NO_PADDING);
  return initialize ? initialize(y) : y;
}

const NO_PADDING: tf.backend_util.ExplicitPadding = [[0, 0], [0, 0], [0, 0], [0, 0]];

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
export function gatedResnet(
  x: tf.Tensor4D,
  params: GatedResnetParams,
  convOp: ShiftedConv,
  options: GatedResnetOptions = {},
): tf.Tensor4D {
  let c1 = convOp(concatElu(x), params.convInput);
  if (options.a !== undefined) c1 = tf.add(c1, nin(concatElu(options.a), params.ninSkip!));
  let c1Act = concatElu(c1);
  if (options.dropout !== undefined && options.dropout > 0) c1Act = tf.dropout(c1Act, options.dropout, undefined, options.dropoutSeed) as tf.Tensor4D;
  let c2 = convOp(c1Act, params.convOut);
  if (params.classEmbedding !== undefined && options.labels !== undefined) {
    const perImage = tf.gather(params.classEmbedding, options.labels);
    c2 = tf.add(c2, tf.reshape(perImage, [x.shape[0], 1, 1, perImage.shape[1]]));
  }
  const [a, b] = tf.split(c2, 2, 3) as [tf.Tensor4D, tf.Tensor4D];
  return tf.add(x, tf.mul(a, tf.sigmoid(b)));
}
