import { type FloatArray, type ImageLogProbOutput, type ImageMixtureShape, type LogProbOutput, type MixtureKernel, type MixtureShape, type SampleKeys, type SampleOptions, type SampleOutput } from './kernel.js';
/** The module's exports (wasm/include/pcnn.h); pointers are byte offsets into `memory`. */
export interface MixtureExports {
    memory: WebAssembly.Memory;
    pcnn_heap_alloc(bytes: number): number;
    pcnn_heap_free(ptr: number): void;
    pcnn_error_index(): number;
    pcnn_mixture_logprob(params: number, pixels: number, n: number, channels: number, nrMix: number, outSubpixel: number, outPixel: number): number;
    pcnn_mixture_sample_noise(params: number, uMix: number, uLogistic: number, n: number, channels: number, nrMix: number, temperature: number, outX: number, outU8: number): number;
    pcnn_mixture_sample(params: number, n: number, channels: number, nrMix: number, seedLo: number, seedHi: number, imageIndex: number, pixelIndex: number, temperature: number, outX: number, outU8: number): number;
    pcnn_philox_generate(key0: number, key1: number, ctr: number, out: number): void;
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
    sampleWithNoise(params: Float32Array, uMix: ArrayLike<number>, uLogistic: ArrayLike<number>, shape: MixtureShape, options?: SampleOptions): SampleOutput;
    sample(params: Float32Array, keys: SampleKeys, shape: MixtureShape, options?: SampleOptions): SampleOutput;
    /** One Philox4x32-10 block computed by the module (for checking it against the TS port). */
    philoxBlock(counter: ArrayLike<number>, key0: number, key1: number): Uint32Array;
    dispose(): void;
    private live;
    /** Base address of a workspace of at least `bytes` bytes. */
    private reserve;
    private sampleOutputs;
    private check;
}
