export type { FloatArray, ImageLogProbOutput, ImageMixtureShape, LogProbOutput, MixtureImpl, MixtureKernel, MixtureShape, PixelSampler, PixelSamplerKeys, SampleKeys, MixtureSampleOptions, SampleOutput, } from './kernel.js';
export { MAX_NR_MIX, paramsPerPixel } from './kernel.js';
export { chooseMixtureBuild, loadMixtureKernel, type LoadMixtureOptions, type MixtureBuild } from './load.js';
export { binLogProb, binMass, createReferenceKernel, referenceLogProb, referenceSampleWithNoise } from './reference.js';
export { philox4x32, philoxUniform, pixelUniforms } from './philox.js';
export { WasmMixtureKernel } from './wasm-kernel.js';
