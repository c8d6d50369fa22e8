/**
 * One epoch of `fit`: the seeded batch order, each batch gathered from the training images and
 * run as one optimisation step (on this thread, or shared with the data-parallel workers).
 */
import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPPError } from '../errors.js';
import { toNetworkInput } from '../image.js';
import type { FitProgress, ResolvedFitOptions } from './fit-options.js';
import { epochBatches } from './fit-options.js';
import type { GradientWorkers } from './data-parallel.js';
import { parallelTrainStep } from './data-parallel.js';
import type { Trainer } from './trainer.js';

export interface EpochRun {
  trainer: Trainer;
  /** The worker threads sharing each batch; undefined for one thread. */
  workers: GradientWorkers | undefined;
  /** Runs tensor work on the model's backend (the process-wide queue). */
  run: <T>(fn: () => T | Promise<T>) => Promise<T>;
  /** Training images, uint8 NHWC, and their labels for a class-conditional model. */
  images: { data: Uint8Array; shape: readonly [number, number, number, number] };
  labels: Int32Array | undefined;
  settings: ResolvedFitOptions;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: FitProgress) => void) | undefined;
  /** Throws if the model was disposed meanwhile. */
  checkAlive: () => void;
}

/**
 * Trains epoch `trainer.epoch + 1`, counts it in `trainer.epoch`, and returns its mean training
 * loss in bits per dimension. An abort or error leaves the count where it was.
 */
export async function trainEpoch({ trainer, workers, run, images, labels, settings, signal, onProgress, checkAlive }: EpochRun): Promise<number> {
  const [n, height, width, channels] = images.shape;
  const imageSize = height * width * channels;
  const epoch = trainer.epoch + 1;
  const batches = epochBatches(n, settings.batchSize, settings.seed + epoch);
  let lossSum = 0;
  for (let s = 0; s < batches.length; s++) {
    if (signal?.aborted) throw signal.reason;
    const indices = batches[s]!;
    const m = indices.length;
    const bytes = new Uint8Array(m * imageSize);
    indices.forEach((k, i) => bytes.set(images.data.subarray(k * imageSize, (k + 1) * imageSize), i * imageSize));
    const batchLabels = labels ? Int32Array.from(indices, (k) => labels[k]!) : undefined;
    const learningRate = trainer.learningRate;
    // Dropout masks follow from the seed and the step, so a run is repeatable.
    const dropoutSeed = `${settings.seed}/${trainer.step}`;
    checkAlive();
    const shape: [number, number, number, number] = [m, height, width, channels];
    const nats = workers
      ? await parallelTrainStep({ trainer, workers, run }, bytes, shape, batchLabels, settings.dropout, dropoutSeed)
      : await run(() => singleThreadStep(trainer, bytes, shape, batchLabels, settings.dropout, `${dropoutSeed}/0`));
    if (!Number.isFinite(nats)) {
      throw new PixelCNNPPError('E_TRAINING', `fit: the loss became ${nats} at epoch ${epoch}, step ${s + 1}; try a lower learningRate.`);
    }
    const bitsPerDim = nats / Math.LN2;
    lossSum += bitsPerDim;
    onProgress?.({ epoch, epochs: settings.epochs, step: s + 1, stepsPerEpoch: batches.length, totalSteps: trainer.step, bitsPerDim, learningRate });
  }
  trainer.epoch = epoch;
  return lossSum / batches.length;
}

/** One step on this thread; the batch's loss in nats per dimension, before the update. */
async function singleThreadStep(
  trainer: Trainer,
  bytes: Uint8Array,
  shape: [number, number, number, number],
  labels: Int32Array | undefined,
  dropout: number,
  dropoutSeed: string,
): Promise<number> {
  const loss = tf.tidy(() =>
    trainer.trainStep(
      tf.tensor4d(toNetworkInput(bytes), shape, 'float32'),
      labels ? tf.tensor1d(labels, 'int32') : undefined,
      { dropout, dropoutSeed },
    ),
  );
  try {
    return (await loss.data())[0]!;
  } finally {
    loss.dispose();
  }
}
