/**
 * The discretized logistic mixture of PixelCNN++ (Salimans et al. 2017): the likelihood of 8-bit
 * pixels under the network's per-pixel mixture parameters, and sampling from it.
 *
 * Parameter layout per pixel (`M = nrMix`, the network output's last axis, NHWC):
 * - 3 channels, `P = 10 M`: `[0, M)` logits; for colour `c` with `base = M + 3 M c`: means
 *   `[base, base + M)`, log-scales `[base + M, base + 2M)`, raw coupling coefficients
 *   `[base + 2M, base + 3M)` (through `tanh`; colour `j`'s block is coupling term `j`:
 *   `mean_G = mu_G + tanh(coef_0) x_R`, `mean_B = mu_B + tanh(coef_1) x_R + tanh(coef_2) x_G`).
 * - 1 channel, `P = 3 M`: logits, means, log-scales.
 *
 * Pixels `v` map to `x = (v - 127.5) / 127.5`; each value owns a bin of width 2/255, with 0 and
 * 255 taking the tails. Log-scales are clamped below at -7.
 *
 * **Temperature** `T > 0` (sampling): logits are divided by `T` and logistic scales multiplied by
 * `T`; `T = 1` samples the model's distribution, smaller values sharpen it.
 */
export type MixtureImpl = 'wasm-simd' | 'wasm' | 'js';
export type FloatArray = Float32Array | Float64Array;
/** A batch of pixels, each with its own mixture parameters. */
export interface MixtureShape {
    /** Number of pixels `n`. */
    pixels: number;
    channels: 1 | 3;
    nrMix: number;
}
/** `n` pixels grouped into images of `pixelsPerImage` (`H * W`) pixels each. */
export interface ImageMixtureShape {
    images: number;
    pixelsPerImage: number;
    channels: 1 | 3;
    nrMix: number;
}
export interface LogProbOutput<PP extends FloatArray = Float64Array, PS extends FloatArray = Float64Array> {
    /** `n` values: log p(pixel) in nats. */
    perPixel: PP;
    /**
     * `n * channels` values: log p(x_c | x_<c) in nats, the conditional of the mixture
     * (`LSE_k(log pi_k + sum_{c' <= c} l_c',k) - LSE_k(log pi_k + sum_{c' < c} l_c',k)`); a
     * pixel's values sum to its `perPixel` value.
     */
    perSubpixel: PS;
}
export interface ImageLogProbOutput {
    /** Per image: the sum of its pixels' log p in nats (float64 accumulation). */
    nats: Float64Array;
    /** Per image: `-nats / (H * W * C * ln 2)`. */
    bitsPerDim: Float64Array;
}
export interface MixtureSampleOptions {
    /** @defaultValue 1 */
    temperature?: number;
    /** Receives the clamped continuous values in [-1, 1], `n * channels`. */
    outX?: Float32Array;
    /** Receives `round((x + 1) * 127.5)`, `n * channels`. */
    outU8?: Uint8Array;
}
export interface SampleOutput {
    x: Float32Array;
    u8: Uint8Array;
}
/**
 * Counter-based randomness: pixel `i` of the batch draws from the Philox4x32-10 stream of
 * `(seed, imageIndex[i], pixelIndex[i])`, so an image's values never depend on the batch it is
 * drawn in or its position there.
 */
export interface SampleKeys {
    /** Integer in [0, 2^53 - 1]. */
    seed: number;
    /** Per pixel: the image it belongs to, integers in [0, 2^32). */
    imageIndex: ArrayLike<number>;
    /** Per pixel: its raster index in the image, integers in [0, 2^32). */
    pixelIndex: ArrayLike<number>;
}
/** The keys of a {@link MixtureKernel.pixelSampler}: `sample`'s, less the pixel, which each draw gives. */
export type PixelSamplerKeys = Omit<SampleKeys, 'pixelIndex'>;
/** Draws pixel `pixel` of every image from its parameters into `out` (see {@link MixtureKernel.pixelSampler}). */
export type PixelSampler = (params: Float32Array, pixel: number, out: Uint8Array) => void;
export interface MixtureKernel {
    readonly impl: MixtureImpl;
    /**
     * Log-likelihood of `n` pixels. `params`: `n * P` values, `pixels`: `n * channels` values.
     * Throws `PixelCNNPPError('E_INPUT')` naming the first non-finite parameter.
     */
    logProb<PP extends FloatArray = Float64Array, PS extends FloatArray = Float64Array>(params: Float32Array, pixels: Uint8Array, shape: MixtureShape, out?: {
        perPixel?: PP;
        perSubpixel?: PS;
    }): LogProbOutput<PP, PS>;
    /** Per-image log-likelihood of `images * pixelsPerImage` pixels (images contiguous). */
    imageLogProb(params: Float32Array, pixels: Uint8Array, shape: ImageMixtureShape): ImageLogProbOutput;
    /**
     * Sampling with explicit uniforms in (0, 1): `uMix` (`n * nrMix`) for the Gumbel-max choice
     * `k = argmax_k(logit_k / T - log(-log u_k))`, `uLogistic` (`n * channels`) for the inverse CDF
     * `z_c = mean + e^max(s, -7) T (log u - log(1 - u))`; G and B are coupled to the drawn
     * continuous R and G, each value is clamped to [-1, 1].
     */
    sampleWithNoise(params: Float32Array, uMix: ArrayLike<number>, uLogistic: ArrayLike<number>, shape: MixtureShape, options?: MixtureSampleOptions): SampleOutput;
    /** Sampling with the counter-based generator; see {@link SampleKeys}. */
    sample(params: Float32Array, keys: SampleKeys, shape: MixtureShape, options?: MixtureSampleOptions): SampleOutput;
    /**
     * `sample` for the autoregressive loop: pixel `p` of `shape.pixels` images at a time, image `i`
     * keyed by `imageIndex[i]`. Checked and laid out once, so that a draw costs little more than
     * the arithmetic: the returned function draws pixel `p` of every image from its parameters
     * (`n * P`) into `out` (uint8, `n * channels`), as `sample` would.
     */
    pixelSampler(shape: MixtureShape, keys: PixelSamplerKeys, options?: {
        temperature?: number;
    }): PixelSampler;
    /** Frees the kernel's memory; later calls throw `E_DISPOSED`. Idempotent. */
    dispose(): void;
}
/** The largest `nrMix` the kernels accept (PCNN_MAX_MIX in wasm/include/pcnn.h). */
export declare const MAX_NR_MIX = 64;
/** Values per pixel of the network output. */
export declare function paramsPerPixel(channels: 1 | 3, nrMix: number): number;
/** What `params[index]` of a pixel is, for error messages: "mean of channel 1, component 2". */
export declare function describeParam(index: number, channels: 1 | 3, nrMix: number): string;
/** Validated sizes of a call. */
export interface CheckedShape {
    n: number;
    channels: 1 | 3;
    nrMix: number;
    /** Parameters per pixel. */
    P: number;
}
export declare function checkShape(shape: MixtureShape): CheckedShape;
export declare function checkParams(params: Float32Array, s: CheckedShape): void;
export declare function checkPixels(pixels: Uint8Array, s: CheckedShape): void;
export declare function checkOutput(name: string, out: unknown, length: number, kinds: 'float' | 'f32' | 'u8'): void;
/** Temperature as the kernels use it (float32); must be finite and > 0 there. */
export declare function checkTemperature(temperature: number | undefined): number;
export declare function checkUniforms(name: string, u: ArrayLike<number>, length: number): void;
/** Splits the seed into the two 32-bit words of the Philox key. */
export declare function checkKeys(keys: SampleKeys, n: number): {
    seedLo: number;
    seedHi: number;
};
export declare function checkImageShape(shape: ImageMixtureShape): CheckedShape & {
    images: number;
    pixelsPerImage: number;
};
/** Sums per-pixel log p into per-image nats and bits/dim. */
export declare function sumImages(perPixel: Float64Array, images: number, pixelsPerImage: number, channels: number): ImageLogProbOutput;
export declare function describeValue(v: unknown): string;
/**
 * A {@link MixtureKernel.pixelSampler} on the kernel's `sample` (for kernels with no layout
 * to keep between draws).
 */
export declare function pixelSamplerOf(kernel: Pick<MixtureKernel, 'sample'>, shape: MixtureShape, keys: PixelSamplerKeys, options?: {
    temperature?: number;
}): PixelSampler;
export declare function checkPixelIndex(pixel: number): number;
