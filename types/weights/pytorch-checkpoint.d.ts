import type { SafetensorsFile } from './safetensors.js';
/** `true` when `bytes` start like a PyTorch checkpoint: a zip archive, or the legacy format's magic number. */
export declare function isPyTorchCheckpoint(bytes: Uint8Array): boolean;
/**
 * Reads the state dict of a PyTorch checkpoint as float32 tensors, in the shape
 * `parseSafetensors` gives (`metadata` is empty: a `.pth` file holds no config; infer it from the
 * tensors with `inferConfig`). Throws `PixelCNNPPError('E_WEIGHTS')` naming what is wrong.
 */
export declare function readPyTorchCheckpoint(bytes: Uint8Array): Promise<SafetensorsFile>;
