/**
 * Philox4x32-10 (Salmon et al. 2011; Random123's `philox4x32`), the same generator as
 * wasm/src/philox.h, so the sampler's randomness can be reproduced and checked from JavaScript.
 */
/** One block: 4 words from counter `ctr` (4 words) and key `(key0, key1)`. */
export declare function philox4x32(ctr: ArrayLike<number>, key0: number, key1: number, out?: Uint32Array<ArrayBuffer>): Uint32Array;
/** A uniform in (0, 1) from a word's top 23 bits: (j + 0.5) 2^-23, exact in float32, as in C. */
export declare function philoxUniform(word: number): number;
/**
 * The uniforms the sampler uses for one pixel: key = (seed mod 2^32, floor(seed / 2^32)),
 * counter = (imageIndex, pixelIndex, block, 0); block 0 word c is channel c's logistic uniform,
 * block 1 + floor(k / 4) word k % 4 is component k's Gumbel uniform.
 */
export declare function pixelUniforms(seed: number, imageIndex: number, pixelIndex: number, channels: number, nrMix: number): {
    uMix: Float64Array;
    uLogistic: Float64Array;
};
