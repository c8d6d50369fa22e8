/**
 * pixelcnnpp: PixelCNN++ (Salimans, Karpathy, Chen, Kingma 2017) for JavaScript.
 *
 * ```ts
 * import { PixelCNNPP } from 'pixelcnnpp';
 * const model = await PixelCNNPP.load('model.safetensors', { backend: 'auto' });
 * const { bitsPerDim } = await model.logProb({ data, shape: [n, 32, 32, 3] });
 *
 * const digits = await PixelCNNPP.load();            // the bundled MNIST model
 * const { data: images } = await digits.sample({ seed: 1, labels: 7 });
 * ```
 */
export { PixelCNNPP } from './pixelcnnpp.js';
export type { CreateOptions, LoadOptions, SaveOptions } from './model-options.js';
export type { LoadProgress, ModelSource, TensorSource } from './weights/read-model.js';
export type { LogProbMapResult, LogProbOptions, LogProbResult } from './log-prob.js';
export type { CompleteOptions, PartialImages, SampleOptions, SampleResult } from './sampling/sample-options.js';
export type { EpochResult, FitOptions, FitProgress, FitResult, FitValidation } from './training/fit-options.js';
export type { OptimizerName } from './weights/training-checkpoint.js';
export { tileImages, toImageData, toPNG } from './png.js';
export type { CanvasImageData, GridOptions } from './png.js';
export type { LabelInput } from './labels.js';
export { env } from './env.js';
export type { Env, LogLevel, WasmEnv, WebGPUEnv } from './env.js';
export { PixelCNNPPError } from './errors.js';
export type { PixelCNNPPErrorCode } from './errors.js';
export { DEFAULT_CONFIG, MAX_IMAGE_SIDE, outputChannels, validateConfig } from './config.js';
export type { ModelConfig } from './config.js';
export type { Backend, BackendAttempt, BackendFailure, BackendName, BuiltInBackendName } from './backends/backend.js';
export type { BackendChoice } from './backends/registry.js';
export { tfjsBackend } from './backends/tfjs-backend.js';
export type { TfjsBackendOptions } from './backends/tfjs-backend.js';
export type { ImageBatch, ImageDataLike, ImageInput } from './image.js';
export { parseSafetensors, serializeSafetensors } from './weights/safetensors.js';
export type { Float32TensorData, SafetensorsFile, SerializeOptions, UndecodedTensor } from './weights/safetensors.js';
export { isPyTorchCheckpoint, readPyTorchCheckpoint } from './weights/pytorch-checkpoint.js';
export { inferConfig } from './weights/infer-config.js';
export { convertTfRelease } from './weights/tf-release.js';
export type { TfReleaseConversion, TfReleaseOptions } from './weights/tf-release.js';
export { randomTensors } from './weights/random.js';
export { loadMixtureKernel } from './mixture/index.js';
export type { MixtureKernel } from './mixture/index.js';
export { version } from './version.js';
