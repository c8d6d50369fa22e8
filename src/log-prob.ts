/**
 * `logProb`'s batch loop: the network's mixture parameters for a batch of images, then the
 * mixture module's per-pixel log-likelihoods, summed per image.
 */
import * as tf from '@tensorflow/tfjs-core';
import { toNetworkInput } from './image.js';
import type { Uint8ImageBatch } from './image.js';
import { sumImages } from './mixture/kernel.js';
import type { ModelParts } from './model-parts.js';

export interface LogProbOptions {
  /** Class labels, one per image, for class-conditional models. */
  labels?: ArrayLike<number>;
  /** Images per network call; bounds memory for large batches. @defaultValue 16 */
  batchSize?: number;
}

export interface LogProbResult {
  /** log p(image) in nats, one per image (float64 sums of per-pixel values). */
  nats: Float64Array;
  /** -log2 p(image) / (H * W * C), one per image. */
  bitsPerDim: Float64Array;
}

export interface LogProbMapResult extends LogProbResult {
  /** log p of each pixel given the pixels before it in raster order, nats, `[N, H, W]` row-major. */
  data: Float64Array;
  shape: [number, number, number];
}


/** The raw network output for `count` uint8 NHWC images: `[count, H, W, P]` float32. */
export function networkOutput(parts: ModelParts, images: Uint8Array, count: number, labels: Int32Array | undefined): Promise<Float32Array> {
  const { height, width, channels } = parts.config;
  const input = toNetworkInput(images);
  return parts.run(async () => {
    const out = tf.tidy(() => parts.net.forward(tf.tensor4d(input, [count, height, width, channels], 'float32'), labels));
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  });
}

const DEFAULT_BATCH_SIZE = 16;

export interface LogProbRequest {
  /** Checked labels, one per image, for a class-conditional model. */
  labels: Int32Array | undefined;
  /** Images per network call. @defaultValue 16 */
  batchSize?: number | undefined;
  /** Also return every pixel's log-likelihood. */
  perPixelMap: boolean;
}

/** The log-likelihood of every image of `batch`, `batchSize` images per network call. */
export async function evaluateLogProb(parts: ModelParts, batch: Uint8ImageBatch, request: LogProbRequest): Promise<LogProbResult | LogProbMapResult> {
  const { labels, batchSize = DEFAULT_BATCH_SIZE } = request;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize: expected a positive integer, got ${batchSize}.`);
  const { height, width, channels, nrLogisticMix: nrMix } = parts.config;
  const n = batch.shape[0];
  const pixels = height * width;
  const imageSize = pixels * channels;
  const nats = new Float64Array(n);
  const bitsPerDim = new Float64Array(n);
  const map = request.perPixelMap ? new Float64Array(n * pixels) : undefined;
  const perPixel = new Float64Array(batchSize * pixels);
  for (let start = 0; start < n; start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const x = batch.data.subarray(start * imageSize, (start + count) * imageSize);
    const params = await networkOutput(parts, x, count, labels?.subarray(start, start + count));
    const logp = perPixel.subarray(0, count * pixels);
    parts.mixture.logProb(params, x, { pixels: count * pixels, channels, nrMix }, { perPixel: logp });
    const sums = sumImages(logp, count, pixels, channels);
    nats.set(sums.nats, start);
    bitsPerDim.set(sums.bitsPerDim, start);
    map?.set(logp, start * pixels);
  }
  return map ? { nats, bitsPerDim, data: map, shape: [n, height, width] } : { nats, bitsPerDim };
}
