/**
 * mulberry32: a tiny, fast, seedable generator of uniforms in (0, 1), for reproducible weights,
 * test data and benchmarks. Not the sampling generator (that is Philox, in the mixture module).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}
