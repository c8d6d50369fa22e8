/**
 * Autoregressive generation, one pixel at a time in raster order, for a batch of images: the
 * sampler asks a stepper for the mixture parameters of pixel `p` (which may depend only on
 * pixels before `p`), draws the pixel, and hands its value back before asking for `p + 1`.
 *
 * Two steppers implement this: `NaiveStepper` runs the whole network for every pixel (H·W
 * forward passes), and `CachedStepper` keeps every layer's past activations and computes only
 * what the new pixel changes (Ramachandran et al. 2017, "Fast Generation for Convolutional
 * Autoregressive Models"). Both give the same parameters for the same pixels.
 *
 * Steppers run inside the model's backend `run()` (tfjs tensors on that backend); they own
 * their tensors and free them all in `dispose()`.
 */
import { PixelCNNPPError } from '../errors.js';
import type { PixelCNNNet } from '../network/pixelcnn-net.js';
import type { StepHelperThread } from './step-helper.js';

export interface PixelStepper {
  /**
   * Mixture parameters for raster pixel `p` of every image, `[n, P]` row-major. Pixels
   * `0..p-1` must have been given with `setPixel` (or as `known` at construction).
   */
  paramsAt(p: number): Promise<Float32Array>;
  /**
   * `paramsAt`, computed synchronously, for steppers that can (no GPU readback to wait for). The
   * array is a view of the stepper's memory, valid until its next call.
   */
  paramsNow?(p: number): Float32Array;
  /** The value of pixel `p` for every image: `[n, C]` in [-1, 1] (the quantised uint8 value mapped). */
  setPixel(p: number, values: Float32Array): void;
  /** Frees every tensor. Idempotent. */
  dispose(): void;
}

/** What every stepper is made for. */
export interface StepperOptions {
  /** Images generated together. */
  n: number;
  /** Class labels `[n]` for class-conditional models. */
  labels?: Int32Array;
  /**
   * A thread that may run part of each step (the wasm step kernels' row-wide calls, see
   * `step-helper.ts`); a stepper given one keeps its kernels on a shared memory.
   */
  helper?: StepHelperThread | undefined;
}

/** Checks a stepper's options against its network: a live network, `n` images, labels as its classes need. */
export function checkStepperOptions(net: PixelCNNNet, { n, labels }: StepperOptions, stepper: string): void {
  if (net.isDisposed) throw new PixelCNNPPError('E_DISPOSED', `${stepper}: the network was disposed.`);
  const { numClasses } = net.config;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`options.n: expected an integer >= 1, got ${n}.`);
  if (numClasses === 0 && labels !== undefined) {
    throw new TypeError('options.labels: this model is unconditional (numClasses 0); pass no labels.');
  }
  if (numClasses > 0) {
    if (!(labels instanceof Int32Array)) {
      throw new TypeError(`options.labels: this model is class-conditional (numClasses ${numClasses}); pass an Int32Array of ${n} labels.`);
    }
    if (labels.length !== n) throw new RangeError(`options.labels: expected ${n} labels (one per image), got ${labels.length}.`);
    const bad = labels.findIndex((v) => v < 0 || v >= numClasses);
    if (bad >= 0) throw new RangeError(`options.labels[${bad}]: expected a class in [0, ${numClasses}), got ${labels[bad]}.`);
  }
}
