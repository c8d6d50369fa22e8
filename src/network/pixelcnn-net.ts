/**
 * The PixelCNN++ network (openai/pixel-cnn `model.py` `model_spec`, as in the PyTorch port):
 * two causal streams, `u` (pixels above) and `ul` (above and to the left), through a U-net of
 * three resolutions with gated ResNet blocks, returning the mixture parameters for every pixel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../config.js';
import { outputChannels, validateConfig } from '../config.js';
import { PixelCNNPPError } from '../errors.js';
import type { EffectiveLayer, NetworkWeights, Stream } from './architecture.js';
import { LAYER, blockName, blocksPerLevel, layerSpecs } from './architecture.js';
import type { ConvParams, DenseParams, GatedResnetParams, ShiftedConv } from './layers.js';
import {
  downRightShiftedConv2d,
  downRightShiftedDeconv2d,
  downShift,
  downShiftedConv2d,
  downShiftedDeconv2d,
  gatedResnet,
  nin,
  rightShift,
} from './layers.js';

export interface Level {
  readonly u: GatedResnetParams[];
  readonly ul: GatedResnetParams[];
}

const STREAM_CONV: Readonly<Record<Stream, ShiftedConv>> = { u: downShiftedConv2d, ul: downRightShiftedConv2d };

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
export function assembleNetworkParams(config: Required<ModelConfig>, layers: LayerSource): NetworkParams {
  const block = (pass: 'up' | 'down', level: number, stream: Stream, index: number): GatedResnetParams => {
    const name = blockName(pass, level, stream, index);
    // Up-pass `u` blocks are the only ones without an auxiliary input.
    const hasSkip = pass === 'down' || stream === 'ul';
    return {
      convInput: layers.conv(LAYER.convInput(name)),
      convOut: layers.conv(LAYER.convOut(name)),
      ...(hasSkip ? { ninSkip: layers.dense(LAYER.ninSkip(name)) } : {}),
      ...(config.numClasses > 0 ? { classEmbedding: layers.classEmbedding(name) } : {}),
    };
  };
  const levels = (pass: 'up' | 'down'): Level[] =>
    blocksPerLevel(pass, config.nrResnet).map((n, level) => ({
      u: Array.from({ length: n }, (_, i) => block(pass, level, 'u', i)),
      ul: Array.from({ length: n }, (_, i) => block(pass, level, 'ul', i)),
    }));
  const streams = (name: (stream: Stream, k: number) => string) => ({
    u: [0, 1].map((k) => layers.conv(name('u', k))),
    ul: [0, 1].map((k) => layers.conv(name('ul', k))),
  });
  return {
    uInit: layers.conv(LAYER.uInit),
    ulInitDown: layers.conv(LAYER.ulInitDown),
    ulInitRight: layers.conv(LAYER.ulInitRight),
    up: levels('up'),
    down: levels('down'),
    downsize: streams(LAYER.downsize),
    upsize: streams(LAYER.upsize),
    ninOut: layers.dense(LAYER.ninOut),
  };
}

export interface ForwardOptions {
  /** Dropout rate inside the gated ResNet blocks; only for training. @defaultValue 0 */
  dropout?: number;
  /** Seeds the dropout masks (block k draws from `${dropoutSeed}/${k}`); unseeded without it. */
  dropoutSeed?: string;
}

export class PixelCNNNet {
  readonly config: Readonly<Required<ModelConfig>>;
  private readonly tensors: tf.Tensor[] = [];
  /** The parameter tensors by role; they belong to the network (do not dispose them). */
  readonly params: NetworkParams;
  private disposed = false;

  /**
   * Uploads the effective weights (see `foldWeights`) to the tfjs backend active now; the
   * network must then run on that backend.
   */
  constructor(weights: NetworkWeights, config: ModelConfig) {
    this.config = Object.freeze(validateConfig(config));
    const missing = layerSpecs(this.config).filter((spec) => !weights.has(spec.name));
    if (missing.length > 0) {
      throw new PixelCNNPPError('E_WEIGHTS', `network weights: missing layer '${missing[0]!.name}' (${missing.length} missing in all).`);
    }
    const layer = (name: string): EffectiveLayer => weights.get(name)!;
    const keep = <T extends tf.Tensor>(t: T): T => {
      this.tensors.push(tf.keep(t));
      return t;
    };
    const convParams = (name: string): ConvParams => {
      const { kernel, shape, bias } = layer(name);
      return {
        filter: keep(tf.tensor4d(kernel, shape as [number, number, number, number], 'float32')),
        bias: keep(tf.tensor1d(bias!, 'float32')),
      };
    };
    const denseParams = (name: string): DenseParams => {
      const { kernel, shape, bias } = layer(name);
      return {
        kernel: keep(tf.tensor2d(kernel, shape as [number, number], 'float32')),
        bias: keep(tf.tensor1d(bias!, 'float32')),
      };
    };
    try {
      this.params = assembleNetworkParams(this.config, {
        conv: convParams,
        dense: denseParams,
        classEmbedding: (block) => {
          const { kernel, shape } = layer(LAYER.classEmbedding(block));
          return keep(tf.tensor2d(kernel, shape as [number, number], 'float32'));
        },
      });
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  /** Number of output values per pixel. */
  get outputChannels(): number {
    return outputChannels(this.config);
  }

  /**
   * Runs the network. `x`: `[N, H, W, C]` float32 in [-1, 1]. `labels`: `[N]` class indices,
   * required exactly when the model is class-conditional. Returns `[N, H, W, P]` mixture
   * parameters (see `outputChannels`); the caller disposes it.
   */
  forward(x: tf.Tensor4D, labels?: tf.Tensor1D | Int32Array, options: ForwardOptions = {}): tf.Tensor4D {
    if (this.disposed) throw new PixelCNNPPError('E_DISPOSED', 'PixelCNNNet.forward: the network was disposed.');
    this.checkInput(x);
    return tf.tidy(() => runNetwork(this.params, x, this.labelTensor(x.shape[0], labels), options));
  }

  /** Frees the weight tensors; idempotent. */
  dispose(): void {
    this.disposed = true;
    for (const t of this.tensors.splice(0)) t.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  private checkInput(x: tf.Tensor4D): void {
    const { height, width, channels } = this.config;
    if (!(x instanceof tf.Tensor)) throw new TypeError('x: expected a tf.Tensor4D.');
    const [n, h, w, c] = x.shape;
    if (x.rank !== 4 || h !== height || w !== width || c !== channels || n === 0) {
      throw new RangeError(
        `x: expected shape [N, ${height}, ${width}, ${channels}] (N >= 1) to match the model, got [${x.shape.join(', ')}].`,
      );
    }
    if (x.dtype !== 'float32') throw new TypeError(`x: expected dtype float32, got ${x.dtype}.`);
  }

  /** Validates the labels and returns them as an int32 tensor (inside the caller's tidy). */
  private labelTensor(n: number, labels: tf.Tensor1D | Int32Array | undefined): tf.Tensor1D | undefined {
    const { numClasses } = this.config;
    if (numClasses === 0) {
      if (labels !== undefined) throw new TypeError('labels: this model is unconditional (numClasses 0); pass no labels.');
      return undefined;
    }
    if (labels === undefined) throw new TypeError(`labels: this model is class-conditional (numClasses ${numClasses}); pass one label per image.`);
    if (labels instanceof Int32Array) {
      if (labels.length !== n) throw new RangeError(`labels: expected ${n} labels (one per image), got ${labels.length}.`);
      const bad = labels.findIndex((v) => v < 0 || v >= numClasses);
      if (bad >= 0) throw new RangeError(`labels[${bad}]: expected a class in [0, ${numClasses}), got ${labels[bad]}.`);
      return tf.tensor1d(labels, 'int32');
    }
    if (!(labels instanceof tf.Tensor) || labels.rank !== 1 || labels.shape[0] !== n) {
      throw new RangeError(`labels: expected a 1-D tensor of ${n} labels, got shape [${labels instanceof tf.Tensor ? labels.shape.join(', ') : typeof labels}].`);
    }
    if (labels.dtype !== 'int32') throw new TypeError(`labels: expected dtype int32, got ${labels.dtype}.`);
    return labels;
  }
}

/**
 * The forward pass over any parameter tensors: the network's own, or (training) tensors derived
 * from variables inside a gradient tape. Call inside `tf.tidy`; `labelTensor` is validated.
 */
export function runNetwork(params: NetworkParams, x: tf.Tensor4D, labelTensor: tf.Tensor1D | undefined, options: ForwardOptions = {}): tf.Tensor4D {
  const dropout = options.dropout ?? 0;
  let block = 0;
  const seedOf = () => (options.dropoutSeed === undefined ? undefined : `${options.dropoutSeed}/${block++}`);
  // Each block in its own tidy: only its output outlives it, so peak memory holds the skip
  // activations and one block's temporaries, not every intermediate of the whole pass.
  const resnet = (h: tf.Tensor4D, block: GatedResnetParams, stream: Stream, a?: () => tf.Tensor4D) =>
    tf.tidy(() =>
      gatedResnet(h, block, STREAM_CONV[stream], {
        ...(a !== undefined ? { a: a() } : {}),
        ...(labelTensor !== undefined ? { labels: labelTensor } : {}),
        dropout,
        dropoutSeed: seedOf(),
      }),
    );

  // Up pass. A channel of ones lets the first convolutions tell the image from the zero padding.
  const [n, h, w] = x.shape;
  const xPad = tf.concat([x, tf.ones([n, h, w, 1]) as tf.Tensor4D], 3);
  const uList: tf.Tensor4D[] = [downShift(downShiftedConv2d(xPad, params.uInit))];
  const ulList: tf.Tensor4D[] = [
    tf.add(downShift(downShiftedConv2d(xPad, params.ulInitDown)), rightShift(downRightShiftedConv2d(xPad, params.ulInitRight))),
  ];
  params.up.forEach((level, l) => {
    for (let i = 0; i < level.u.length; i++) {
      uList.push(resnet(uList.at(-1)!, level.u[i]!, 'u'));
      ulList.push(resnet(ulList.at(-1)!, level.ul[i]!, 'ul', () => uList.at(-1)!));
    }
    if (l < 2) {
      uList.push(downShiftedConv2d(uList.at(-1)!, params.downsize.u[l]!, 2));
      ulList.push(downRightShiftedConv2d(ulList.at(-1)!, params.downsize.ul[l]!, 2));
    }
  });

  // Down pass: every up-pass activation is consumed once, last in first out, and freed as
  // soon as it has been (the tape keeps its own references when training).
  let u = uList.pop()!;
  let ul = ulList.pop()!;
  params.down.forEach((level, l) => {
    for (let i = 0; i < level.u.length; i++) {
      const uSkip = uList.pop()!;
      const ulSkip = ulList.pop()!;
      const uNext = resnet(u, level.u[i]!, 'u', () => uSkip);
      const ulNext = resnet(ul, level.ul[i]!, 'ul', () => tf.concat([uNext, ulSkip], 3));
      tf.dispose([u, ul, uSkip, ulSkip]);
      [u, ul] = [uNext, ulNext];
    }
    if (l < 2) {
      const [uUp, ulUp] = [downShiftedDeconv2d(u, params.upsize.u[l]!), downRightShiftedDeconv2d(ul, params.upsize.ul[l]!)];
      tf.dispose([u, ul]);
      [u, ul] = [uUp, ulUp];
    }
  });
  return nin(tf.elu(ul), params.ninOut);
}
