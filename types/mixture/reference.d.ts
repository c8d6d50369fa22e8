import { type MixtureKernel, type MixtureShape } from './kernel.js';
/**
 * log P(bin of value v) for one logistic component, with the reference's branches: the tails for
 * 0 and 255, the log of the CDF difference when it exceeds 1e-5, else the density at the bin
 * centre times the bin width.
 */
export declare function binLogProb(v: number, mean: number, logScale: number): number;
/**
 * The bin's probability mass under one logistic component, computed without cancellation (the
 * tails for 0 and 255). Unlike `exp(binLogProb)` it never takes the density branch, so the masses
 * of the 256 values sum to 1.
 */
export declare function binMass(v: number, mean: number, logScale: number): number;
export interface ReferenceLogProb {
    perPixel: Float64Array;
    perSubpixel: Float64Array;
}
/** Log-likelihood in float64: per pixel, and per sub-pixel as log p(x_c | x_<c). */
export declare function referenceLogProb(params: ArrayLike<number>, pixels: ArrayLike<number>, shape: MixtureShape): ReferenceLogProb;
export interface ReferenceSample {
    /** Clamped continuous values, `n * channels`. */
    x: Float64Array;
    u8: Uint8Array;
    /** The chosen mixture component per pixel. */
    component: Int32Array;
}
/** Sampling in float64 with explicit uniforms; see `MixtureKernel.sampleWithNoise`. */
export declare function referenceSampleWithNoise(params: ArrayLike<number>, uMix: ArrayLike<number>, uLogistic: ArrayLike<number>, shape: MixtureShape, temperature?: number): ReferenceSample;
/** The reference as a {@link MixtureKernel} (`impl: 'js'`). */
export declare function createReferenceKernel(): MixtureKernel;
