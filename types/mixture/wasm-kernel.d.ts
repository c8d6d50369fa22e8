import { type FloatArray, type ImageLogProbOutput, type ImageMixtureShape, type LogProbOutput, type MixtureKernel, type MixtureShape, type SampleKeys, type MixtureSampleOptions, type PixelSampler, type PixelSamplerKeys, type SampleOutput } from './kernel.js';
/** The module's exports (wasm/include/pcnn.h); pointers are byte offsets into `memory`. */
export interface MixtureExports {
    memory: WebAssembly.Memory;
    pcnn_workspace_reserve(bytes: number): number;
    pcnn_error_index(): number;
    pcnn_mixture_logprob(params: number, pixels: number, n: number, channels: number, nrMix: number, outSubpixel: number, outPixel: number): number;
    pcnn_mixture_sample_noise(params: number, uMix: number, uLogistic: number, n: number, channels: number, nrMix: number, temperature: number, outX: number, outU8: number): number;
    pcnn_mixture_sample(params: number, n: number, channels: number, nrMix: number, seedLo: number, seedHi: number, imageIndex: number, pixelIndex: number, temperature: number, outX: number, outU8: number): number;
}
/** Pixels per call into the module. */
export declare const CHUNK_PIXELS = 16384;
export declare class WasmMixtureKernel implements MixtureKernel {
    readonly impl: 'wasm-simd' | 'wasm';
    private exports;
    private workspace;
    private capacity;
    private constructor();
    /** Instantiates a compiled module (it imports nothing). */
    static create(module: WebAssembly.Module, impl: 'wasm-simd' | 'wasm'): Promise<WasmMixtureKernel>;
    logProb<PP extends FloatArray = Float64Array, PS extends FloatArray = Float64Array>(params: Float32Array, pixels: Uint8Array, shape: MixtureShape, out?: {
        perPixel?: PP;
        perSubpixel?: PS;
    }): LogProbOutput<PP, PS>;
    imageLogProb(params: Float32Array, pixels: Uint8Array, shape: ImageMixtureShape): ImageLogProbOutput;
    sampleWithNoise(params: Float32Array, uMix: ArrayLike<number>, uLogistic: ArrayLike<number>, shape: MixtureShape, options?: MixtureSampleOptions): SampleOutput;
    sample(params: Float32Array, keys: SampleKeys, shape: MixtureShape, options?: MixtureSampleOptions): SampleOutput;
    pixelSampler(shape: MixtureShape, keys: PixelSamplerKeys, options?: {
        temperature?: number;
    }): PixelSampler;
    dispose(): void;
    /** The module's exports, or `E_DISPOSED` once the kernel was disposed. */
    private checkAlive;
    /** Base address of a workspace of at least `bytes` bytes. */
    private reserve;
    private sampleOutputs;
    private check;
}
