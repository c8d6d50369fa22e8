import type { Uint8ImageBatch } from '../image.js';
import type { ModelParts } from '../model-parts.js';
import type { SampleSettings } from './sample-options.js';
/** One class per image of `batch` for a class-conditional model; `undefined` for an unconditional one. */
export declare function completionLabels(parts: ModelParts, batch: Uint8ImageBatch, mask: Uint8Array, settings: Pick<SampleSettings, 'seed' | 'startIndex' | 'batchSize'>): Promise<Int32Array | undefined>;
