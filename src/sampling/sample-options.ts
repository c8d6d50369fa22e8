/**
 * `sample` and `complete` options: their types, defaults and checks, and which pixels a
 * completion keeps.
 */
import type { LabelInput } from '../labels.js';
import { checkLabels, cyclicLabels } from '../labels.js';

export interface SampleOptions {
  /**
   * Integer in [0, 2^53 - 1]. The same seed, model and backend give the same images; image k
   * is the same whatever `count` or `batchSize`. @defaultValue a random seed (returned)
   */
  seed?: number;
  /** Images to draw. @defaultValue 1 */
  count?: number;
  /**
   * Class labels for a class-conditional model: one for all images, or one per image. Without
   * them `sample` draws image k of the seed's stream as class k mod K (so `count: K` gives one
   * of each class), and `complete` draws each image's class from p(class | kept pixels).
   */
  labels?: LabelInput;
  /**
   * Sharpness: logits are divided by `temperature` and logistic scales multiplied by it.
   * 1 samples the model's distribution; smaller values give cleaner, less varied images.
   * @defaultValue 1
   */
  temperature?: number;
  /**
   * Called as rows complete, with pixels done and in total (over all images) and the images as
   * drawn so far (pixels not drawn yet are 0; a view of the buffer being filled: copy it to
   * keep it), so a page can show the images growing row by row.
   */
  onProgress?: (done: number, total: number, partial: PartialImages) => void;
  /** Stops the work; the promise rejects with the signal's reason and every tensor is freed. */
  signal?: AbortSignal;
  /**
   * `'cached'` keeps every layer's past activations and computes only what each new pixel
   * changes (Ramachandran et al. 2017); `'naive'` runs the whole network for every pixel. Both
   * give the same images. @defaultValue 'cached'
   */
  method?: 'cached' | 'naive';
  /** Images generated together. @defaultValue 16 */
  batchSize?: number;
  /**
   * Index of the first image in the seed's stream: image k of a call is image `startIndex + k`
   * of the seed, so a large set can be drawn in parts (or one image of it alone). @defaultValue 0
   */
  startIndex?: number;
}

export interface CompleteOptions extends Omit<SampleOptions, 'count'> {
  /** Keep the first `knownRows` rows and sample the rest. */
  knownRows?: number;
  /** Or: `H * W` flags, non-zero where the pixel is kept (the same for every image). */
  mask?: ArrayLike<number | boolean>;
}

/** Images being generated: uint8 NHWC, the rows not reached yet still 0. */
export interface PartialImages {
  data: Uint8Array;
  shape: [number, number, number, number];
}

/** Generated images, uint8 NHWC, with the seed (and, for a class-conditional model, the classes) that drew them. */
export interface SampleResult {
  data: Uint8Array;
  shape: [number, number, number, number];
  seed: number;
  /** The class of each image, for a class-conditional model: given, or drawn as the labels option says. */
  labels?: Int32Array;
}

/** Sampling options checked, with their defaults filled in. */
export interface SampleSettings {
  seed: number;
  temperature: number;
  method: 'cached' | 'naive';
  batchSize: number;
  startIndex: number;
  /** One per image, for a class-conditional model; `undefined` where none were given. */
  labels: Int32Array | undefined;
}

const DEFAULT_BATCH_SIZE = 16;

/** Checks the options of a call drawing `count` images from a model of `numClasses` classes, and fills in the defaults. */
export function resolveSampleOptions(options: SampleOptions, count: number, numClasses: number): SampleSettings {
  const seed = options.seed ?? randomSeed();
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed: expected an integer in [0, 2^53 - 1], got ${seed}.`);
  const temperature = options.temperature ?? 1;
  if (!(Number.isFinite(temperature) && temperature > 0)) {
    throw new RangeError(`temperature: expected a finite number > 0, got ${temperature}.`);
  }
  const method = options.method ?? 'cached';
  if (method !== 'cached' && method !== 'naive') {
    throw new TypeError(`method: expected 'cached' or 'naive', got ${JSON.stringify(method)}.`);
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize: expected a positive integer, got ${batchSize}.`);
  const startIndex = options.startIndex ?? 0;
  if (!Number.isInteger(startIndex) || startIndex < 0 || startIndex + count > 2 ** 32) {
    throw new RangeError(`startIndex: expected an integer in [0, 2^32 - count], got ${startIndex}.`);
  }
  const labels = checkLabels(options.labels, count, numClasses);
  return { seed, temperature, method, batchSize, startIndex, labels };
}

/** The classes `sample` draws without labels: image k of the seed's stream gets class k mod K. */
export function defaultSampleLabels(settings: SampleSettings, count: number, numClasses: number): Int32Array | undefined {
  if (settings.labels !== undefined || numClasses === 0) return settings.labels;
  return cyclicLabels(count, numClasses, settings.startIndex);
}

/** The pixels a completion keeps: `H * W` flags, 1 where the pixel is given. */
export function keptPixels(options: Pick<CompleteOptions, 'knownRows' | 'mask'> | undefined, height: number, width: number): Uint8Array {
  const mask = new Uint8Array(height * width);
  if (options?.knownRows !== undefined && options.mask !== undefined) {
    throw new TypeError('complete: pass either knownRows or mask, not both.');
  }
  if (options?.knownRows !== undefined) {
    const rows = options.knownRows;
    if (!Number.isInteger(rows) || rows < 0 || rows > height) {
      throw new RangeError(`knownRows: expected an integer in [0, ${height}], got ${rows}.`);
    }
    mask.fill(1, 0, rows * width);
  } else if (options?.mask !== undefined) {
    if (options.mask.length !== height * width) {
      throw new RangeError(`mask: expected ${height * width} flags (H * W), got ${options.mask.length}.`);
    }
    for (let p = 0; p < mask.length; p++) mask[p] = options.mask[p] ? 1 : 0;
  } else {
    throw new TypeError('complete: pass knownRows or mask to say which pixels to keep.');
  }
  return mask;
}

/** A seed from the platform's cryptographic generator, in [0, 2^53). */
function randomSeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return (words[0]! & 0x1fffff) * 2 ** 32 + words[1]!;
}

/** The largest `sample` result, one Uint8Array: 2^31 - 1 bytes, which every engine can allocate. */
const MAX_RESULT_BYTES = 2 ** 31 - 1;

/**
 * `sample`'s two forms, `sample(seed, options)` and `sample(options)`, as one options object,
 * with the image count checked against what one result can hold.
 */
export function sampleRequest(
  seedOrOptions: number | SampleOptions | undefined,
  options: Omit<SampleOptions, 'seed'>,
  imageBytes: number,
): { options: SampleOptions; count: number } {
  const merged = sampleArguments(seedOrOptions, options);
  const count = merged.count ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count: expected a positive integer, got ${count}.`);
  if (count * imageBytes > MAX_RESULT_BYTES) {
    throw new RangeError(
      `count: ${count} images of ${imageBytes} bytes do not fit in one result (at most ${Math.floor(MAX_RESULT_BYTES / imageBytes)}); ` +
        'draw them in parts with startIndex.',
    );
  }
  return { options: merged, count };
}

/** `sample`'s two forms, a seed with options or options alone, as one options object. */
function sampleArguments(seedOrOptions: number | SampleOptions | undefined, options: Omit<SampleOptions, 'seed'>): SampleOptions {
  if (seedOrOptions === undefined || seedOrOptions === null) return options;
  if (typeof seedOrOptions === 'number') {
    if (options === null || typeof options !== 'object') throw new TypeError(`options: expected an object, got ${options === null ? 'null' : typeof options}.`);
    if ('seed' in options) throw new TypeError('sample(seed, options): give the seed once, not also as options.seed.');
    return { ...options, seed: seedOrOptions };
  }
  if (typeof seedOrOptions !== 'object') {
    throw new TypeError(`sample: expected a seed (a non-negative integer) or an options object, got ${typeof seedOrOptions}.`);
  }
  return seedOrOptions;
}
