// Seeded test data. Every test draws from one generator, mulberry32 (the package's own, which
// also orders fit's batches), so the same seed gives the same numbers on every backend.
import { mulberry32 } from '../../src/util/mulberry32.js';

/** `n` float32 values uniform in [lo, hi), from a seed or from a generator already in use. */
export function randomArray(n: number, seed: number | (() => number), lo = -1, hi = 1): Float32Array {
  const random = typeof seed === 'number' ? mulberry32(seed) : seed;
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * random());
}
