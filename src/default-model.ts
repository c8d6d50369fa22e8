/**
 * The model `PixelCNNPP.load()` loads without a source: a class-conditional PixelCNN++ trained
 * on MNIST (`pixelcnnpp train --data mnist`, see README), shipped in the package as
 * `models/mnist.safetensors`. Resolved against this module, so it works from `src/` and from
 * `dist/`, and bundlers that understand `new URL(..., import.meta.url)` copy the file.
 */
import { env } from './env.js';

export function defaultModelSource(): string | URL {
  return env.defaultModel ?? new URL('../models/mnist.safetensors', import.meta.url);
}
