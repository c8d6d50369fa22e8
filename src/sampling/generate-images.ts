/**
 * `sample`'s and `complete`'s batch loop: cuts the images into batches, gives each a stepper
 * (cached or naive) and the keyed draw of the mixture module, and runs the autoregressive loop.
 */
import type { ModelParts } from '../model-parts.js';
import { createCachedStepper } from './create-cached-stepper.js';
import { NaiveStepper } from './naive-stepper.js';
import type { PartialImages, SampleResult, SampleSettings } from './sample-options.js';
import type { PixelDraw } from './sampler.js';
import type { StepHelperThread } from './step-helper.js';
import { generate } from './sampler.js';
import type { PixelStepper } from './stepper.js';

export interface GenerateImagesRequest {
  count: number;
  settings: SampleSettings;
  /** For a completion: the images (uint8 NHWC) and the `H * W` flags of the pixels they keep. */
  known?: { data: Uint8Array; mask: Uint8Array } | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number, partial: PartialImages) => void) | undefined;
  /** A thread the cached stepper may use (see `StepperOptions.helper`). */
  helper?: StepHelperThread | undefined;
}

/** Draws `count` images, `settings.batchSize` at a time. */
export async function generateImages(parts: ModelParts, request: GenerateImagesRequest): Promise<SampleResult> {
  const { count, settings, known, signal, onProgress, helper } = request;
  const { seed, temperature, method, batchSize, startIndex, labels } = settings;
  const { height, width, channels, nrLogisticMix: nrMix } = parts.config;
  signal?.throwIfAborted();

  const pixels = height * width;
  const imageSize = pixels * channels;
  const data = new Uint8Array(count * imageSize);
  const partial: PartialImages = { data, shape: [count, height, width, channels] };
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const imageIndex = Uint32Array.from({ length: n }, (_, i) => startIndex + start + i);
    const draw: PixelDraw = parts.mixture.pixelSampler({ pixels: n, channels, nrMix }, { seed, imageIndex }, { temperature });
    const batchLabels = labels?.subarray(start, start + n);
    const stepperOptions = { n, ...(batchLabels ? { labels: batchLabels } : {}), ...(helper ? { helper } : {}) };
    const stepper: PixelStepper = await parts.run(() =>
      method === 'cached' ? createCachedStepper(parts.net, stepperOptions, parts.backend) : new NaiveStepper(parts.net, stepperOptions),
    );
    try {
      await generate(stepper, draw, {
        n,
        pixels,
        channels,
        width,
        run: parts.run,
        ...(known ? { known: { data: known.data.subarray(start * imageSize, (start + n) * imageSize), mask: known.mask } } : {}),
        ...(signal ? { signal } : {}),
        output: data.subarray(start * imageSize, (start + n) * imageSize),
        ...(onProgress ? { onRow: (done: number) => onProgress(start * pixels + done * n, count * pixels, partial) } : {}),
      });
    } finally {
      stepper.dispose();
    }
  }
  return { data, shape: [count, height, width, channels], seed, ...(labels ? { labels: labels.slice() } : {}) };
}
