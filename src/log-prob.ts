/**
 * `logProb`'s batch loop: the network's mixture parameters for a batch of images, then the
 * mixture module's per-pixel log-likelihoods, summed per image.
 */
import * as tf from '@tensorflow/tfjs-core';
import { marginalizeClasses } from './class-marginal.js';
import { toNetworkInput } from './image.js';
import type { Uint8ImageBatch } from './image.js';
import type { LabelInput } from './labels.js';
import { sumImages } from './mixture/kernel.js';
import { yieldToEventLoop } from './util/yield.js';
import type { ModelParts } from './model-parts.js';

export interface LogProbOptions {
  /**
   * Class labels for a class-conditional model: one for all images, or one per image. Without
   * them the classes are summed out under a uniform prior, p(x) = (1/K) sum_c p(x | c), and the
   * result also names each image's most likely class.
   */
  labels?: LabelInput;
  /**
   * Images per network call, or (image, class) pairs when the classes are summed out; bounds
   * memory for large batches. @defaultValue 16
   */
  batchSize?: number;
  /** Stops the work between network calls; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface LogProbResult {
  /** log p(image) in nats, one per image (float64 sums of per-pixel values). */
  nats: Float64Array;
  /** -log2 p(image) / (H * W * C), one per image. */
  bitsPerDim: Float64Array;
  /**
   * For a class-conditional model called without labels: argmax_c p(c | image) per image under
   * the uniform prior.
   */
  mostLikelyLabels?: Int32Array;
}

export interface LogProbMapResult extends LogProbResult {
  /**
   * log p of each pixel given the pixels before it in raster order, nats, `[N, H, W]` row-major.
   * Without labels (class-conditional model) each term has the classes summed out,
   * p(x_p | x_<p) = sum_c p(c | x_<p) p(x_p | x_<p, c), so the map still adds up to `nats`.
   */
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
  /**
   * Checked labels, one per image, for a class-conditional model; `undefined` there sums the
   * classes out.
   */
  labels: Int32Array | undefined;
  /** Images per network call, or (image, class) pairs when the classes are summed out. @defaultValue 16 */
  batchSize?: number | undefined;
  /** Also return every pixel's log-likelihood. */
  perPixelMap: boolean;
  signal?: AbortSignal | undefined;
}

/** The log-likelihood of every image of `batch`, `batchSize` images per network call. */
export async function evaluateLogProb(parts: ModelParts, batch: Uint8ImageBatch, request: LogProbRequest): Promise<LogProbResult | LogProbMapResult> {
  const { labels, batchSize: requested = DEFAULT_BATCH_SIZE } = request;
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`batchSize: expected a positive integer, got ${requested}.`);
  const { height, width, channels } = parts.config;
  const n = batch.shape[0];
  // Never more per call than there are images: a large batchSize must not allocate for absent ones.
  const batchSize = Math.min(requested, n);
  const pixels = height * width;
  const imageSize = pixels * channels;
  const nats = new Float64Array(n);
  const bitsPerDim = new Float64Array(n);
  const map = request.perPixelMap ? new Float64Array(n * pixels) : undefined;
  const perPixel = new Float64Array(batchSize * pixels);
  const marginal = labels === undefined && parts.config.numClasses > 0;
  const mostLikelyLabels = marginal ? new Int32Array(n) : undefined;
  // Each class's per-pixel terms of a chunk, for summing the classes out; reused chunk after chunk.
  const perClass = marginal ? Array.from({ length: parts.config.numClasses }, () => new Float64Array(batchSize * pixels)) : [];
  for (let start = 0; start < n; start += batchSize) {
    // Timers and events run between chunks, so an abort from any source stops within a chunk.
    await yieldToEventLoop();
    request.signal?.throwIfAborted();
    const count = Math.min(batchSize, n - start);
    const x = batch.data.subarray(start * imageSize, (start + count) * imageSize);
    const logp = perPixel.subarray(0, count * pixels);
    if (marginal) {
      // Up to `requested` (image, class) pairs a call: there are count x K of them.
      await classPixelLogProbs(parts, x, count, { batchSize: requested, signal: request.signal }, perClass);
      const summedOut = marginalizeClasses(perClass, count, pixels);
      logp.set(summedOut.perPixel);
      mostLikelyLabels!.set(summedOut.mostLikelyLabels, start);
    } else {
      await pixelLogProbs(parts, x, count, labels?.subarray(start, start + count), logp);
    }
    const sums = sumImages(logp, count, pixels, channels);
    nats.set(sums.nats, start);
    bitsPerDim.set(sums.bitsPerDim, start);
    map?.set(logp, start * pixels);
  }
  const totals = mostLikelyLabels ? { nats, bitsPerDim, mostLikelyLabels } : { nats, bitsPerDim };
  return map ? { ...totals, data: map, shape: [n, height, width] } : totals;
}

/**
 * Every pixel's conditional log-likelihood of `count` images under each class: `perClass[c]`
 * receives image i's at `[i * pixels, (i + 1) * pixels)`. The (image, class) pairs go through
 * the network together, up to `batchSize` a call in calls of equal size, so that a few images
 * still make full calls (2 images of a 10-class model: 2 calls of 10 rather than 10 of 2).
 * Each pair's values do not depend on which pairs share its call.
 */
export async function classPixelLogProbs(
  parts: ModelParts,
  images: Uint8Array,
  count: number,
  { batchSize, signal }: { batchSize: number; signal?: AbortSignal | undefined },
  perClass: readonly Float64Array[],
): Promise<void> {
  const { height, width, channels } = parts.config;
  const pixels = height * width;
  const imageSize = pixels * channels;
  const numClasses = perClass.length;
  const pairs = count * numClasses;
  const perCall = Math.ceil(pairs / Math.ceil(pairs / batchSize));
  const callImages = new Uint8Array(perCall * imageSize);
  const callLabels = new Int32Array(perCall);
  const callLogp = new Float64Array(perCall * pixels);
  for (let first = 0; first < pairs; first += perCall) {
    if (first > 0) {
      await yieldToEventLoop();
      signal?.throwIfAborted();
    }
    const rows = Math.min(perCall, pairs - first);
    // Pair k is image floor(k / K) under class k mod K.
    for (let r = 0; r < rows; r++) {
      const image = Math.floor((first + r) / numClasses);
      callImages.set(images.subarray(image * imageSize, (image + 1) * imageSize), r * imageSize);
      callLabels[r] = (first + r) % numClasses;
    }
    await pixelLogProbs(parts, callImages.subarray(0, rows * imageSize), rows, callLabels.subarray(0, rows), callLogp.subarray(0, rows * pixels));
    for (let r = 0; r < rows; r++) {
      const image = Math.floor((first + r) / numClasses);
      perClass[callLabels[r]!]!.set(callLogp.subarray(r * pixels, (r + 1) * pixels), image * pixels);
    }
  }
}

/** Every pixel's conditional log-likelihood for `count` images: the network, then the mixture module. */
async function pixelLogProbs(
  parts: ModelParts,
  images: Uint8Array,
  count: number,
  labels: Int32Array | undefined,
  out: Float64Array,
): Promise<Float64Array> {
  const { height, width, channels, nrLogisticMix: nrMix } = parts.config;
  const params = await networkOutput(parts, images, count, labels);
  parts.mixture.logProb(params, images, { pixels: count * height * width, channels, nrMix }, { perPixel: out });
  return out;
}
