/**
 * A checkpoint's bytes as tensors, whichever format: a PyTorch `.pth` file (either `torch.save`
 * format) or safetensors; and its tensors under the canonical names, converted from the
 * original TensorFlow release's where the file has those. Loading a model and the CLI's
 * `convert` both go through here.
 */
import type { ModelConfig } from '../config.js';
import type { SafetensorsFile } from './safetensors.js';
import type { TfReleaseConversion, TfReleaseOptions } from './tf-release.js';
/** The file's tensors and metadata, and whether it was a PyTorch checkpoint. */
export declare function decodeCheckpoint(bytes: Uint8Array): Promise<SafetensorsFile & {
    fromPyTorch: boolean;
}>;
/**
 * For a file of the TensorFlow release's variables, their conversion to the canonical names;
 * `undefined` for a file already under them. Either way, a model weight the file stores as
 * integers or booleans is refused (`E_WEIGHTS`); other such tensors (a `global_step`) are skipped.
 */
export declare function tfReleaseConversion(file: SafetensorsFile, config: ModelConfig, options?: TfReleaseOptions): TfReleaseConversion | undefined;
