/**
 * `sample`'s and `complete`'s batch loop: cuts the images into batches, gives each a stepper
 * (cached or naive) and the keyed draw of the mixture module, and runs the autoregressive loop.
 */
import type { ModelParts } from '../model-parts.js';
import type { PartialImages, SampleResult, SampleSettings } from './sample-options.js';
import type { StepHelperThread } from './step-helper.js';
export interface GenerateImagesRequest {
    count: number;
    settings: SampleSettings;
    /** For a completion: the images (uint8 NHWC) and the `H * W` flags of the pixels they keep. */
    known?: {
        data: Uint8Array;
        mask: Uint8Array;
    } | undefined;
    signal?: AbortSignal | undefined;
    onProgress?: ((done: number, total: number, partial: PartialImages) => void) | undefined;
    /** A thread the cached stepper may use (see `StepperOptions.helper`). */
    helper?: StepHelperThread | undefined;
}
/** Draws `count` images, `settings.batchSize` at a time. */
export declare function generateImages(parts: ModelParts, request: GenerateImagesRequest): Promise<SampleResult>;
