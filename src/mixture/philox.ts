/**
 * Philox4x32-10 (Salmon et al. 2011; Random123's `philox4x32`), the same generator as
 * wasm/src/philox.h, so the sampler's randomness can be reproduced and checked from JavaScript.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 (JavaScript numbers are exact only to 2^53). */
function mulhi(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const hiLo = aHi * bLo;
  const cross = ((aLo * bLo) >>> 16) + (hiLo & 0xffff) + aLo * bHi;
  return (aHi * bHi + (hiLo >>> 16) + Math.floor(cross / 0x10000)) >>> 0;
}

/** One block: 4 words from counter `ctr` (4 words) and key `(key0, key1)`. */
export function philox4x32(ctr: ArrayLike<number>, key0: number, key1: number, out = new Uint32Array(4)): Uint32Array {
  let c0 = ctr[0] >>> 0;
  let c1 = ctr[1] >>> 0;
  let c2 = ctr[2] >>> 0;
  let c3 = ctr[3] >>> 0;
  let k0 = key0 >>> 0;
  let k1 = key1 >>> 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}

/** A uniform in (0, 1) from a word's top 23 bits: (j + 0.5) 2^-23, exact in float32, as in C. */
export function philoxUniform(word: number): number {
  return ((word >>> 9) + 0.5) * 2 ** -23;
}

/**
 * The uniforms the sampler uses for one pixel: key = (seed mod 2^32, floor(seed / 2^32)),
 * counter = (imageIndex, pixelIndex, block, 0); block 0 word c is channel c's logistic uniform,
 * block 1 + floor(k / 4) word k % 4 is component k's Gumbel uniform.
 */
export function pixelUniforms(
  seed: number,
  imageIndex: number,
  pixelIndex: number,
  channels: number,
  nrMix: number,
): { uMix: Float64Array; uLogistic: Float64Array } {
  const key0 = seed % 0x100000000;
  const key1 = Math.floor(seed / 0x100000000);
  const words = new Uint32Array(4);
  const ctr = [imageIndex, pixelIndex, 0, 0];
  philox4x32(ctr, key0, key1, words);
  const uLogistic = new Float64Array(channels);
  for (let c = 0; c < channels; c++) uLogistic[c] = philoxUniform(words[c]);
  const uMix = new Float64Array(nrMix);
  for (let k = 0; k < nrMix; k += 4) {
    ctr[2] = 1 + k / 4;
    philox4x32(ctr, key0, key1, words);
    for (let w = 0; w < 4 && k + w < nrMix; w++) uMix[k + w] = philoxUniform(words[w]);
  }
  return { uMix, uLogistic };
}
