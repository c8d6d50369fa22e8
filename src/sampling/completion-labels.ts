/**
 * The classes `complete` uses when a class-conditional model is given none: each image's class is
 * drawn from p(class | the kept pixels before the first pixel to draw), under a uniform prior.
 * With the kept pixels a raster-order prefix (`knownRows`), drawing the class this way and then
 * the rest of the image given it is an exact draw from p(rest | kept) with the classes summed out.
 */
import { drawFromPosterior } from '../class-marginal.js';
import type { Uint8ImageBatch } from '../image.js';
import { classPixelLogProbs } from '../log-prob.js';
import { philox4x32, philoxUniform } from '../mixture/philox.js';
import type { ModelParts } from '../model-parts.js';
import type { SampleSettings } from './sample-options.js';

/** One class per image of `batch` for a class-conditional model; `undefined` for an unconditional one. */
export async function completionLabels(
  parts: ModelParts,
  batch: Uint8ImageBatch,
  mask: Uint8Array,
  settings: Pick<SampleSettings, 'seed' | 'startIndex' | 'batchSize'>,
): Promise<Int32Array | undefined> {
  const { numClasses, height, width } = parts.config;
  if (numClasses === 0) return undefined;
  const n = batch.shape[0];
  const pixels = height * width;
  // Causal: the first `prefix` pixels' conditionals depend only on kept pixels.
  let prefix = mask.indexOf(0);
  if (prefix < 0) prefix = pixels;

  const classLogLikelihoods = new Float64Array(n * numClasses);
  const imageSize = pixels * parts.config.channels;
  const chunk = Math.min(settings.batchSize, n);
  const perClass = Array.from({ length: numClasses }, () => new Float64Array(chunk * pixels));
  for (let start = 0; start < n; start += chunk) {
    const count = Math.min(chunk, n - start);
    const images = batch.data.subarray(start * imageSize, (start + count) * imageSize);
    await classPixelLogProbs(parts, images, count, { batchSize: settings.batchSize }, perClass);
    for (let i = 0; i < count; i++) {
      for (let c = 0; c < numClasses; c++) {
        let sum = 0;
        for (let p = 0; p < prefix; p++) sum += perClass[c]![i * pixels + p]!;
        classLogLikelihoods[(start + i) * numClasses + c] = sum;
      }
    }
  }

  const labels = new Int32Array(n);
  const key0 = settings.seed % 0x100000000;
  const key1 = Math.floor(settings.seed / 0x100000000);
  const words = new Uint32Array(4);
  for (let i = 0; i < n; i++) {
    // The class's uniform: counter word 3 set to 1, a stream the pixel draws (word 3 = 0) never use.
    philox4x32([settings.startIndex + i, 0, 0, 1], key0, key1, words);
    labels[i] = drawFromPosterior(classLogLikelihoods.subarray(i * numClasses, (i + 1) * numClasses), philoxUniform(words[0]!));
  }
  return labels;
}
